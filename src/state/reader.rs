//! Readers: a `SyncArbiter` pool whose threads share an r2d2 pool of
//! read-only connections. WAL mode lets them read while the writer commits;
//! each read sees the last committed version.

use std::panic::{self, AssertUnwindSafe};
use std::sync::Arc;

use actix::{Actor, Handler, Message, SyncContext};
use r2d2::Pool;
use r2d2_sqlite::SqliteConnectionManager;
use rusqlite::OptionalExtension;

use super::plan::Plan;
use super::{StateError, StateHealth, StoredPlan};

/// One reader thread.
pub struct StateReader {
    /// Read-only connections, shared by every reader thread.
    pool: Pool<SqliteConnectionManager>,
    /// Failure flag shared with the health endpoint.
    health: Arc<StateHealth>,
}

impl Actor for StateReader {
    type Context = SyncContext<Self>;
}

impl StateReader {
    /// A reader over `pool`.
    pub fn new(pool: Pool<SqliteConnectionManager>, health: Arc<StateHealth>) -> StateReader {
        StateReader { pool, health }
    }
}

/// Reads one plan; `Ok(None)` when no plan has this id.
#[derive(Message)]
#[rtype(result = "Result<Option<StoredPlan>, StateError>")]
pub struct GetPlan {
    /// Plan id.
    pub id: String,
}

impl Handler<GetPlan> for StateReader {
    type Result = Result<Option<StoredPlan>, StateError>;

    fn handle(&mut self, message: GetPlan, _: &mut Self::Context) -> Self::Result {
        let pool = &self.pool;
        let read = panic::catch_unwind(AssertUnwindSafe(|| -> Result<Option<StoredPlan>, StateError> {
            let connection = pool.get().map_err(|error| {
                log::error!("event=state_read_pool_failed error={error}");
                StateError::Unavailable
            })?;
            let row = connection
                .query_row("SELECT version, body, created_unix, updated_unix FROM plans WHERE id = ?1", [&message.id], |row| {
                    Ok((row.get::<_, i64>(0)?, row.get::<_, String>(1)?, row.get::<_, i64>(2)?, row.get::<_, i64>(3)?))
                })
                .optional()?;
            let Some((version, body, created_unix, updated_unix)) = row else { return Ok(None) };
            let plan: Plan = serde_json::from_str(&body).map_err(|error| {
                log::error!("event=state_plan_unreadable plan_id={} error={error}", message.id);
                StateError::Unreadable
            })?;
            Ok(Some(StoredPlan { id: message.id.clone(), version, plan, created_unix, updated_unix }))
        }));
        read.unwrap_or_else(|_| {
            self.health.mark_failed();
            log::error!("event=state_reader_panic read=get_plan");
            Err(StateError::Panicked)
        })
    }
}
