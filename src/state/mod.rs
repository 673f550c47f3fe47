//! The state database: saved plans in one SQLite file (`UWSCRAPE_STATE_DB`)
//! with periodic snapshots in `<data_dir>/snapshots/`.
//!
//! Guarantees:
//! - One writer. Every mutation goes through the [`writer::StateWriter`]
//!   thread, in arrival order, one transaction each. A write is acknowledged
//!   only after `COMMIT` returned with `synchronous=FULL` in WAL mode, so an
//!   acknowledged write survives SIGKILL and (on a disk that honours
//!   fsync) power loss.
//! - A write whose HTTP caller has gone away still commits (the message has
//!   its own reply channel, so actix cannot skip it); nothing is rolled back
//!   because nobody listened.
//! - Handlers never touch SQLite: reads go to [`reader::StateReader`]
//!   threads over read-only connections.
//! - Start-up fails, before the port is bound, when another server holds
//!   `<state_db>.lock` or when `PRAGMA integrity_check` fails. A corrupt
//!   file is never repaired or overwritten; the error names the restore
//!   command.
//! - A panic in the writer or a reader is caught, logged at `error`,
//!   counted, and turns `/api/v1/health` to 503; the mailbox stays alive.

pub mod db;
pub mod plan;
pub mod reader;
pub mod scheduler;
pub mod snapshot;
pub mod token;
pub mod writer;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use actix::{Actor, Addr, SyncArbiter};
use r2d2_sqlite::SqliteConnectionManager;

use crate::config::Config;
use crate::metrics::Metrics;
use plan::Plan;
use reader::StateReader;
use scheduler::{SnapshotScheduler, SnapshotWorker};
use writer::StateWriter;

/// Reader threads and read-only connections.
pub const READER_THREADS: usize = 2;

/// Name of the snapshot directory inside the data directory.
pub const SNAPSHOT_DIR: &str = "snapshots";

/// A plan as stored, with its version.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredPlan {
    /// Random plan id, 32 hex characters.
    pub id: String,
    /// Starts at 1 and grows by one on every replace; the plan's ETag.
    pub version: i64,
    /// The plan.
    pub plan: Plan,
    /// When the plan was created, Unix seconds.
    pub created_unix: i64,
    /// When the plan was last replaced, Unix seconds.
    pub updated_unix: i64,
}

/// Why a state operation failed.
#[derive(Debug, thiserror::Error)]
pub enum StateError {
    /// No plan has this id.
    #[error("plan not found")]
    NotFound,
    /// The plan's version is not the one the client expected.
    #[error("the plan is at version {current}")]
    VersionConflict {
        /// The stored version.
        current: i64,
    },
    /// The writer has drained for shutdown.
    #[error("the state database is closed for shutdown")]
    Closed,
    /// A writer or reader panicked, and health now returns 503.
    #[error("the state worker panicked")]
    Panicked,
    /// A stored plan could not be decoded.
    #[error("a stored plan could not be read")]
    Unreadable,
    /// The state actors cannot be reached.
    #[error("the state database is unavailable")]
    Unavailable,
    /// SQLite failed.
    #[error("SQLite failed: {0}")]
    Sqlite(#[from] rusqlite::Error),
}

/// Failures of the state workers that `/api/v1/health` reports.
#[derive(Debug, Default)]
pub struct StateHealth {
    /// Set once a state worker has panicked.
    failed: AtomicBool,
}

impl StateHealth {
    /// `true` while no state worker has failed.
    pub fn is_healthy(&self) -> bool {
        !self.failed.load(Ordering::Relaxed)
    }

    /// Records a failure.
    pub fn mark_failed(&self) {
        self.failed.store(true, Ordering::Relaxed);
    }
}

/// The running state actors and the lock that keeps other servers out.
pub struct StateStore {
    /// The single writer.
    pub writer: Addr<StateWriter>,
    /// The reader pool.
    pub reader: Addr<StateReader>,
    /// The snapshot ticks.
    pub snapshots: Addr<SnapshotScheduler>,
    /// Worker failures.
    pub health: Arc<StateHealth>,
    /// `<state_db>.lock`, held until this value is dropped.
    pub lock: db::StateLock,
}

impl StateStore {
    /// Checks and opens the database and starts the writer, the readers and
    /// the snapshot ticks. Must run inside an actix system.
    pub fn start(config: &Config, metrics: Addr<Metrics>) -> Result<StateStore, db::OpenError> {
        let snapshot_dir = config.data_dir.join(SNAPSHOT_DIR);
        db::create_directories(&config.data_dir, &config.state_db)?;
        let lock = db::acquire_lock(&config.state_db)?;
        db::check_integrity(&config.state_db, &snapshot_dir)?;
        let connection = db::open_writer(&config.state_db)?;
        snapshot::remove_stale_temporaries(&snapshot_dir);

        let health = Arc::new(StateHealth::default());
        let writer_health = health.clone();
        let writer_metrics = metrics.clone();
        // One thread, so the factory runs once and takes the connection; the
        // mutex only makes the factory `Sync`.
        let connection = std::sync::Mutex::new(Some(connection));
        let writer = SyncArbiter::start(1, move || {
            let connection = connection.lock().ok().and_then(|mut slot| slot.take()).expect("the writer arbiter has exactly one thread");
            StateWriter::new(connection, writer_health.clone(), writer_metrics.clone())
        });

        let manager = SqliteConnectionManager::file(&config.state_db)
            .with_flags(db::read_only_flags())
            .with_init(|connection| connection.busy_timeout(std::time::Duration::from_secs(5)));
        let pool = r2d2::Pool::builder()
            .max_size(READER_THREADS as u32)
            .build(manager)
            .map_err(|error| db::OpenError::Io { path: config.state_db.clone(), source: std::io::Error::other(error.to_string()) })?;
        let reader_health = health.clone();
        let reader = SyncArbiter::start(READER_THREADS, move || StateReader::new(pool.clone(), reader_health.clone()));

        let (db_path, retention) = (config.state_db.clone(), config.snapshot_retention);
        let worker = SyncArbiter::start(1, move || SnapshotWorker::new(db_path.clone(), snapshot_dir.clone(), retention));
        let snapshots = SnapshotScheduler::new(worker, config.snapshot_interval, metrics).start();

        log::info!("event=state_opened db={} snapshot_interval_s={}", config.state_db.display(), config.snapshot_interval.as_secs());
        Ok(StateStore { writer, reader, snapshots, health, lock })
    }
}
