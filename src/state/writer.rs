//! The single writer: one `SyncArbiter` thread that owns the only
//! read-write connection and runs every mutation in arrival order, each in
//! its own transaction.
//!
//! Write messages carry their own reply channel and are sent with
//! `do_send`, so actix never skips one whose caller has gone away. A write
//! whose HTTP client disconnected still commits; the client sees it on its
//! next read. A reply is sent only after `COMMIT` returned, and with
//! `synchronous=FULL` that means the write is on disk.

use std::panic::{self, AssertUnwindSafe};
use std::sync::Arc;
use std::time::Instant;

use actix::{Actor, Addr, Handler, Message, SyncContext};
use rusqlite::{Connection, OptionalExtension};
use tokio::sync::oneshot;

use super::plan::Plan;
use super::{StateError, StateHealth, StoredPlan};
use crate::metrics::{Metrics, RecordWrite};

/// The writer thread's actor.
pub struct StateWriter {
    /// The read-write connection; `None` after [`Drain`].
    connection: Option<Connection>,
    /// Failure flag shared with the health endpoint.
    health: Arc<StateHealth>,
    /// Receiver of write counts and latencies.
    metrics: Addr<Metrics>,
}

impl Actor for StateWriter {
    type Context = SyncContext<Self>;
}

impl StateWriter {
    /// Creates a writer over an open, migrated connection.
    pub fn new(connection: Connection, health: Arc<StateHealth>, metrics: Addr<Metrics>) -> StateWriter {
        StateWriter { connection: Some(connection), health, metrics }
    }

    /// Runs `write` in a transaction, catching a panic, recording metrics
    /// and replying on `reply` once the outcome is final.
    fn run<T>(
        &mut self,
        name: &str,
        queued_at: Instant,
        reply: oneshot::Sender<Result<T, StateError>>,
        write: impl FnOnce(&rusqlite::Transaction<'_>) -> Result<T, StateError>,
    ) {
        let started = Instant::now();
        let queue_delay = started.duration_since(queued_at);
        let outcome = match self.connection.as_mut() {
            None => Err(StateError::Closed),
            Some(connection) => {
                let attempt = panic::catch_unwind(AssertUnwindSafe(|| -> Result<T, StateError> {
                    let transaction = connection.transaction()?;
                    let value = write(&transaction)?;
                    transaction.commit()?;
                    Ok(value)
                }));
                match attempt {
                    Ok(result) => result,
                    Err(_) => {
                        self.health.mark_failed();
                        log::error!("event=state_writer_panic write={name}");
                        Err(StateError::Panicked)
                    }
                }
            }
        };

        let panicked = matches!(outcome, Err(StateError::Panicked));
        if let Err(StateError::Sqlite(error)) = &outcome {
            log::error!("event=state_write_failed write={name} error={error}");
        }
        // A missing plan or a version conflict is the client's outcome, not a
        // failed write, so only commits and real failures are counted.
        let committed = outcome.is_ok();
        let failed = matches!(outcome, Err(StateError::Sqlite(_) | StateError::Panicked));
        if committed || failed {
            self.metrics.do_send(RecordWrite { committed, panicked, latency: started.elapsed(), queue_delay });
        }
        if reply.send(outcome).is_err() {
            log::debug!("event=state_write_caller_gone write={name} committed={committed}");
        }
    }
}

/// A reply channel for one write.
pub type Reply<T> = oneshot::Sender<Result<T, StateError>>;

/// Inserts a new plan at version 1.
#[derive(Message)]
#[rtype(result = "()")]
pub struct CreatePlan {
    /// New random plan id.
    pub id: String,
    /// The validated plan.
    pub plan: Plan,
    /// When the message was sent, for the queue delay metric.
    pub queued_at: Instant,
    /// Receives the stored plan after commit.
    pub reply: Reply<StoredPlan>,
}

/// Replaces a plan when its version still matches and increments the version.
#[derive(Message)]
#[rtype(result = "()")]
pub struct ReplacePlan {
    /// Plan id.
    pub id: String,
    /// Version the client last read (`If-Match`); `None` replaces any version.
    pub expected_version: Option<i64>,
    /// The validated plan.
    pub plan: Plan,
    /// When the message was sent.
    pub queued_at: Instant,
    /// Receives the stored plan after commit.
    pub reply: Reply<StoredPlan>,
}

/// Deletes a plan.
#[derive(Message)]
#[rtype(result = "()")]
pub struct DeletePlan {
    /// Plan id.
    pub id: String,
    /// When the message was sent.
    pub queued_at: Instant,
    /// Receives `Ok` after commit.
    pub reply: Reply<()>,
}

/// Sent at shutdown after the HTTP server stopped. Every write queued
/// before it has committed by the time its reply arrives. The writer then
/// checkpoints the WAL and closes its connection; later writes fail with
/// [`StateError::Closed`].
#[derive(Message)]
#[rtype(result = "()")]
pub struct Drain;

impl Handler<CreatePlan> for StateWriter {
    type Result = ();

    fn handle(&mut self, message: CreatePlan, _: &mut Self::Context) {
        let CreatePlan { id, plan, queued_at, reply } = message;
        self.run("create_plan", queued_at, reply, move |transaction| {
            let body = serde_json::to_string(&plan).expect("plans serialise to JSON");
            let now = chrono::Utc::now().timestamp();
            transaction.execute(
                "INSERT INTO plans (id, version, body, created_unix, updated_unix) VALUES (?1, 1, ?2, ?3, ?3)",
                (&id, &body, now),
            )?;
            Ok(StoredPlan { id, version: 1, plan, created_unix: now, updated_unix: now })
        });
    }
}

impl Handler<ReplacePlan> for StateWriter {
    type Result = ();

    fn handle(&mut self, message: ReplacePlan, _: &mut Self::Context) {
        let ReplacePlan { id, expected_version, plan, queued_at, reply } = message;
        self.run("replace_plan", queued_at, reply, move |transaction| {
            let current: Option<(i64, i64)> = transaction
                .query_row("SELECT version, created_unix FROM plans WHERE id = ?1", [&id], |row| Ok((row.get(0)?, row.get(1)?)))
                .optional()?;
            let (current, created_unix) = current.ok_or(StateError::NotFound)?;
            if expected_version.is_some_and(|expected| expected != current) {
                return Err(StateError::VersionConflict { current });
            }

            let body = serde_json::to_string(&plan).expect("plans serialise to JSON");
            let now = chrono::Utc::now().timestamp();
            let version = current + 1;
            transaction.execute("UPDATE plans SET version = ?2, body = ?3, updated_unix = ?4 WHERE id = ?1", (&id, version, &body, now))?;
            Ok(StoredPlan { id, version, plan, created_unix, updated_unix: now })
        });
    }
}

impl Handler<DeletePlan> for StateWriter {
    type Result = ();

    fn handle(&mut self, message: DeletePlan, _: &mut Self::Context) {
        let DeletePlan { id, queued_at, reply } = message;
        self.run("delete_plan", queued_at, reply, move |transaction| {
            match transaction.execute("DELETE FROM plans WHERE id = ?1", [&id])? {
                0 => Err(StateError::NotFound),
                _ => Ok(()),
            }
        });
    }
}

impl Handler<Drain> for StateWriter {
    type Result = ();

    fn handle(&mut self, _: Drain, _: &mut Self::Context) {
        let Some(connection) = self.connection.take() else { return };
        // A TRUNCATE checkpoint folds the WAL into the main file, so a restore
        // or copy after shutdown sees one self-contained file.
        if let Err(error) = connection.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);") {
            log::warn!("event=state_checkpoint_failed error={error}");
        }
        if let Err((_, error)) = connection.close() {
            log::warn!("event=state_close_failed error={error}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::db;
    use actix::SyncArbiter;

    /// A write that panics inside its transaction, to test the guard.
    #[derive(Message)]
    #[rtype(result = "()")]
    struct PanickingWrite(Reply<()>);

    impl Handler<PanickingWrite> for StateWriter {
        type Result = ();

        fn handle(&mut self, message: PanickingWrite, _: &mut Self::Context) {
            self.run("panicking_write", Instant::now(), message.0, |_| panic!("test panic inside a write"));
        }
    }

    fn plan() -> Plan {
        serde_json::from_value(serde_json::json!({"name": "p"})).unwrap()
    }

    #[actix::test]
    async fn panic_marks_unhealthy_and_writer_keeps_serving() {
        let dir = tempfile::tempdir().unwrap();
        let connection = db::open_writer(&dir.path().join("state.sqlite")).unwrap();
        let health = Arc::new(StateHealth::default());
        let metrics = Metrics::default().start();
        let writer_health = health.clone();
        let connection = std::sync::Mutex::new(Some(connection));
        let writer = SyncArbiter::start(1, move || {
            StateWriter::new(connection.lock().unwrap().take().expect("one writer thread"), writer_health.clone(), metrics.clone())
        });

        let (reply, answer) = oneshot::channel();
        writer.do_send(PanickingWrite(reply));
        assert!(matches!(answer.await.unwrap(), Err(StateError::Panicked)));
        assert!(!health.is_healthy());

        let (reply, answer) = oneshot::channel();
        writer.do_send(CreatePlan { id: "a".into(), plan: plan(), queued_at: Instant::now(), reply });
        assert_eq!(answer.await.unwrap().unwrap().version, 1);
    }

    #[actix::test]
    async fn stale_version_conflicts() {
        let dir = tempfile::tempdir().unwrap();
        let connection = std::sync::Mutex::new(Some(db::open_writer(&dir.path().join("state.sqlite")).unwrap()));
        let metrics = Metrics::default().start();
        let writer = SyncArbiter::start(1, move || {
            StateWriter::new(connection.lock().unwrap().take().expect("one writer thread"), Arc::new(StateHealth::default()), metrics.clone())
        });

        let (reply, answer) = oneshot::channel();
        writer.do_send(CreatePlan { id: "a".into(), plan: plan(), queued_at: Instant::now(), reply });
        answer.await.unwrap().unwrap();
        for (expected, outcome_version) in [(Some(1), Ok(2)), (Some(1), Err(2)), (None, Ok(3))] {
            let (reply, answer) = oneshot::channel();
            writer.do_send(ReplacePlan { id: "a".into(), expected_version: expected, plan: plan(), queued_at: Instant::now(), reply });
            match (answer.await.unwrap(), outcome_version) {
                (Ok(stored), Ok(version)) => assert_eq!(stored.version, version),
                (Err(StateError::VersionConflict { current }), Err(version)) => assert_eq!(current, version),
                (other, _) => panic!("unexpected outcome {other:?}"),
            }
        }
    }
}
