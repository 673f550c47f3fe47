//! Catalog workers: a `SyncArbiter` pool that answers read queries over the
//! shared, immutable [`Catalog`].
//!
//! A worker never lets a panic escape: each query runs under
//! `catch_unwind`, and a caught panic marks the service unhealthy (health
//! answers 503) and is logged, instead of leaving a dead mailbox behind.

use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Instant;

use actix::{Actor, Addr, Handler, Message, SyncArbiter, SyncContext};
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

/// One catalog worker thread.
pub struct CatalogWorker {
    /// The loaded index, shared by every worker.
    catalog: Arc<Catalog>,
    /// Failure flag shared with the health endpoint.
    health: Arc<WorkerHealth>,
}

impl Actor for CatalogWorker {
    type Context = SyncContext<Self>;
}

/// A query that panicked; the handler maps it to 503.
#[derive(Debug, Clone, Copy, thiserror::Error)]
#[error("catalog worker failed while answering the query")]
pub struct WorkerFailed;

impl CatalogWorker {
    /// Starts `threads` workers over `catalog` and returns their address.
    pub fn start(threads: usize, catalog: Arc<Catalog>, health: Arc<WorkerHealth>) -> Addr<CatalogWorker> {
        SyncArbiter::start(threads.max(1), move || CatalogWorker { catalog: catalog.clone(), health: health.clone() })
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

/// Renders every course detail body once, so lookups are a copy of bytes.
/// The reply is the warm-up time in milliseconds.
#[derive(Message)]
#[rtype(result = "Result<u128, WorkerFailed>")]
pub struct WarmUp;

impl Handler<WarmUp> for CatalogWorker {
    type Result = Result<u128, WorkerFailed>;

    fn handle(&mut self, _: WarmUp, _: &mut Self::Context) -> Self::Result {
        let started = Instant::now();
        let bodies = self.guarded("warm_up", |catalog| {
            catalog
                .courses
                .iter()
                .map(|course| Bytes::from(serde_json::to_vec(&catalog.course_detail(course)).expect("course views serialise")))
                .collect::<Vec<_>>()
        })?;
        // A second warm-up keeps the first result; both are identical.
        let _ = self.health.rendered_courses.set(bodies);
        Ok(started.elapsed().as_millis())
    }
}
