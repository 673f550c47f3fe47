//! Catalog workers: a `SyncArbiter` pool that answers read queries over the
//! shared, immutable [`Catalog`].
//!
//! A worker never lets a panic escape: each query runs under
//! `catch_unwind`, and a caught panic marks the service unhealthy (health
//! answers 503) and is logged, instead of leaving a dead mailbox behind.

use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use actix::{Actor, Addr, SyncArbiter, SyncContext};

use super::Catalog;

/// Shared flag that turns health to 503 after a worker failure.
#[derive(Debug, Default)]
pub struct WorkerHealth {
    /// Set once a query has panicked.
    failed: AtomicBool,
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
