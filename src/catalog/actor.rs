//! The catalog actors, both over the shared, immutable [`Catalog`]:
//!
//! - a [`CatalogReader`] on each HTTP worker thread serves the catalog reads
//!   (courses, search, graph, credentials). They take microseconds, and
//!   serving them on the same thread saves two thread switches per request,
//!   about a fifth of a course lookup's time on one core;
//! - a `SyncArbiter` pool of [`CatalogWorker`]s runs the advisory and path
//!   queries, which can run for the length of the search deadline and must not
//!   hold up an HTTP worker, and renders the course pages at warm-up.
//!
//! An actor never lets a panic escape: each query runs under
//! `catch_unwind`, and a caught panic marks the service unhealthy (health
//! answers 503) and is logged, instead of leaving a dead mailbox behind.

use std::cell::RefCell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Instant;

use actix::{Actor, Addr, Context, Handler, Message, SyncArbiter, SyncContext};
use actix_web::web::Bytes;

use super::Catalog;

/// Shared state that health reports: warm-up progress and worker failures.
#[derive(Debug, Default)]
pub struct WorkerHealth {
    /// Set once a query has panicked.
    failed: AtomicBool,
    /// Pre-rendered course detail bodies, parallel to `Catalog::courses`;
    /// set once by [`WarmUp`], after which the catalog counts as warm.
    rendered_courses: OnceLock<Vec<Bytes>>,
}

impl WorkerHealth {
    /// `true` while no worker has failed.
    pub fn is_healthy(&self) -> bool {
        !self.failed.load(Ordering::Relaxed)
    }

    /// Records a worker failure.
    pub fn mark_failed(&self) {
        self.failed.store(true, Ordering::Relaxed);
    }

    /// `true` once warm-up has rendered every course.
    pub fn is_warm(&self) -> bool {
        self.rendered_courses.get().is_some()
    }
}

/// The loaded index and the health flag that every catalog actor shares.
#[derive(Debug, Clone)]
pub struct CatalogAccess {
    catalog: Arc<Catalog>,
    health: Arc<WorkerHealth>,
}

/// A query that panicked; the handler maps it to 503.
#[derive(Debug, Clone, Copy, thiserror::Error)]
#[error("catalog worker failed while answering the query")]
pub struct WorkerFailed;

impl CatalogAccess {
    /// Bundles `catalog` with the health its actors report failures to.
    pub fn new(catalog: Arc<Catalog>, health: Arc<WorkerHealth>) -> CatalogAccess {
        CatalogAccess { catalog, health }
    }

    /// Pre-rendered course bodies, once warm-up has finished.
    pub fn rendered_courses(&self) -> Option<&Vec<Bytes>> {
        self.health.rendered_courses.get()
    }

    /// Runs `query` on the catalog, turning a panic into [`WorkerFailed`].
    pub fn guarded<T>(&self, query_name: &str, query: impl FnOnce(&Catalog) -> T) -> Result<T, WorkerFailed> {
        let catalog = &self.catalog;
        panic::catch_unwind(AssertUnwindSafe(|| query(catalog))).map_err(|_| {
            self.health.mark_failed();
            log::error!("event=catalog_worker_panic query={query_name} index_id={}", catalog.metadata.index_id);
            WorkerFailed
        })
    }
}

/// One thread of the pool that runs advisory and path queries.
pub struct CatalogWorker {
    pub(crate) access: CatalogAccess,
}

impl Actor for CatalogWorker {
    type Context = SyncContext<Self>;
}

impl CatalogWorker {
    /// Starts `threads` workers and returns their address.
    pub fn start(threads: usize, access: CatalogAccess) -> Addr<CatalogWorker> {
        SyncArbiter::start(threads.max(1), move || CatalogWorker { access: access.clone() })
    }
}

/// The catalog reader of one HTTP worker thread.
pub struct CatalogReader {
    pub(crate) access: CatalogAccess,
}

impl Actor for CatalogReader {
    type Context = Context<Self>;
}

thread_local! {
    /// The reader of this thread, if one was started.
    static READER: RefCell<Option<(CatalogAccess, Addr<CatalogReader>)>> = const { RefCell::new(None) };
}

impl CatalogReader {
    /// Returns the reader of the calling thread, starting it on first use.
    ///
    /// Must run inside an actix runtime, as HTTP handlers do. A reader over
    /// another catalog (a second server in the same process, as in tests)
    /// or one whose runtime has stopped is replaced.
    pub fn of_this_thread(access: &CatalogAccess) -> Addr<CatalogReader> {
        READER.with(|slot| {
            let mut slot = slot.borrow_mut();
            match &*slot {
                Some((current, reader)) if Arc::ptr_eq(&current.catalog, &access.catalog) && reader.connected() => reader.clone(),
                _ => {
                    let reader = CatalogReader { access: access.clone() }.start();
                    *slot = Some((access.clone(), reader.clone()));
                    reader
                }
            }
        })
    }
}

/// Renders every course detail body once, so lookups are a copy of bytes.
/// The reply is the warm-up time in milliseconds.
#[derive(Message)]
#[rtype(result = "Result<u128, WorkerFailed>")]
pub struct WarmUp;

impl Handler<WarmUp> for CatalogWorker {
    type Result = Result<u128, WorkerFailed>;

    fn handle(&mut self, _: WarmUp, _: &mut Self::Context) -> Self::Result {
        let started = Instant::now();
        let bodies = self.access.guarded("warm_up", |catalog| {
            catalog
                .courses
                .iter()
                .map(|course| Bytes::from(serde_json::to_vec(&catalog.course_detail(course)).expect("course views serialise")))
                .collect::<Vec<_>>()
        })?;
        // A second warm-up keeps the first result; both are identical.
        let _ = self.access.health.rendered_courses.set(bodies);
        Ok(started.elapsed().as_millis())
    }
}
