//! Periodic snapshots: the async [`SnapshotScheduler`] ticks every
//! `UWSCRAPE_STATE_SNAPSHOT_INTERVAL` and hands the work to the
//! [`SnapshotWorker`] thread, so neither the writer nor an HTTP worker
//! blocks on `VACUUM INTO`.
//!
//! At most one snapshot runs at a time: a tick that comes while the
//! previous snapshot still runs is skipped and logged. A failed snapshot is
//! logged at `warn` and counted; the next tick tries again.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use actix::{Actor, ActorFutureExt, Addr, AsyncContext, Context, Handler, Message, SyncContext, WrapFuture};

use super::snapshot::{take_snapshot, Snapshot, SnapshotError};
use crate::metrics::{Metrics, RecordSnapshot};

/// The thread that runs `VACUUM INTO`.
pub struct SnapshotWorker {
    /// The state database.
    db: PathBuf,
    /// The snapshot directory.
    dir: PathBuf,
    /// Snapshots kept.
    retention: usize,
}

impl SnapshotWorker {
    /// A worker that snapshots `db` into `dir`, keeping `retention` snapshots.
    pub fn new(db: PathBuf, dir: PathBuf, retention: usize) -> SnapshotWorker {
        SnapshotWorker { db, dir, retention }
    }
}

impl Actor for SnapshotWorker {
    type Context = SyncContext<Self>;
}

/// Takes one snapshot now.
#[derive(Message)]
#[rtype(result = "Result<Snapshot, SnapshotError>")]
pub struct TakeSnapshot;

impl Handler<TakeSnapshot> for SnapshotWorker {
    type Result = Result<Snapshot, SnapshotError>;

    fn handle(&mut self, _: TakeSnapshot, _: &mut Self::Context) -> Self::Result {
        take_snapshot(&self.db, &self.dir, self.retention)
    }
}

/// The async actor that drives the snapshot ticks.
pub struct SnapshotScheduler {
    /// The worker thread.
    worker: Addr<SnapshotWorker>,
    /// Time between ticks.
    interval: Duration,
    /// Counters.
    metrics: Addr<Metrics>,
    /// `true` while a snapshot runs.
    running: bool,
}

impl SnapshotScheduler {
    /// A scheduler that ticks every `interval`.
    pub fn new(worker: Addr<SnapshotWorker>, interval: Duration, metrics: Addr<Metrics>) -> SnapshotScheduler {
        SnapshotScheduler { worker, interval, metrics, running: false }
    }

    fn tick(&mut self, context: &mut Context<Self>) {
        if self.running {
            log::info!("event=snapshot_skipped reason=previous_snapshot_running");
            self.metrics.do_send(RecordSnapshot::Skipped);
            return;
        }
        self.running = true;
        let started = Instant::now();
        let request = self.worker.send(TakeSnapshot).into_actor(self).map(move |outcome, scheduler, _| {
            scheduler.running = false;
            scheduler.record(outcome, started);
        });
        context.spawn(request);
    }

    fn record(&self, outcome: Result<Result<Snapshot, SnapshotError>, actix::MailboxError>, started: Instant) {
        match outcome {
            Ok(Ok(snapshot)) => {
                log::info!(
                    "event=snapshot_written path={} bytes={} pruned={} duration_ms={}",
                    snapshot.path.display(),
                    snapshot.bytes,
                    snapshot.pruned,
                    started.elapsed().as_millis()
                );
                self.metrics.do_send(RecordSnapshot::Written { finished_unix: chrono::Utc::now().timestamp() });
            }
            Ok(Err(error)) => {
                log::warn!("event=snapshot_failed error=\"{error}\" retry=next_tick");
                self.metrics.do_send(RecordSnapshot::Failed);
            }
            Err(error) => {
                log::warn!("event=snapshot_failed error=\"snapshot worker unreachable: {error}\" retry=next_tick");
                self.metrics.do_send(RecordSnapshot::Failed);
            }
        }
    }
}

impl Actor for SnapshotScheduler {
    type Context = Context<Self>;

    fn started(&mut self, context: &mut Context<Self>) {
        log::info!("event=snapshot_schedule interval_s={}", self.interval.as_secs());
        context.run_interval(self.interval, |scheduler, context| scheduler.tick(context));
    }
}

/// Stops the ticks at shutdown; a snapshot already running finishes on its thread.
#[derive(Message)]
#[rtype(result = "()")]
pub struct StopSnapshots;

impl Handler<StopSnapshots> for SnapshotScheduler {
    type Result = ();

    fn handle(&mut self, _: StopSnapshots, context: &mut Context<Self>) {
        use actix::ActorContext;
        context.stop();
    }
}
