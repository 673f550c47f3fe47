//! uwscrape: the University of Waterloo course catalog as an immutable,
//! validated index and an HTTP service over it.
//!
//! - `model`: domain types (courses, requisite trees, credentials).
//! - `format`: the published index artefact, written by the builder and read by the server.
//! - `index`: the index builder (sources, requisite parser, validation, release decision).
//! - `advisory`: eligibility, next courses, paths and audits over the catalog.
//! - `catalog`: the loaded index in memory and the workers that answer reads.
//! - `http`: routes, errors, caching and rate limits.
//! - `state`: saved plans in the single-writer state database, with snapshots.
//! - `metrics`: operator counters behind `/internal/metrics`.
//! - `server`: start-up and shutdown; `cli`: command-line entry points.

pub mod advisory;
pub mod catalog;
pub mod cli;
pub mod config;
pub mod format;
pub mod http;
pub mod index;
pub mod metrics;
pub mod model;
pub mod server;
pub mod state;
