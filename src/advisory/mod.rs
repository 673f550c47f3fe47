//! The advisory engine: eligibility, what to take next, paths to a course or
//! credential, and credential audits, all computed from a student record over
//! the immutable [`Catalog`](crate::catalog::Catalog).
//!
//! Everything here is pure: functions take the catalog and a validated
//! [`StudentRecord`] and return plain data, so the catalog workers can run
//! them (see [`messages`]) and tests can call them on hand-built catalogs.
//! Bad input is reported as an [`InputError`] naming the field; no input
//! makes the engine panic.

pub mod audit;
pub mod eligibility;
pub mod evaluate;
pub mod messages;
pub mod next;
pub mod path;
pub mod reason;
pub mod record;
pub mod rules;

#[cfg(test)]
pub(crate) mod testing;

pub use evaluate::{Evaluated, Mode, Outcome};
pub use record::{InputError, RecordInput, StudentRecord};
