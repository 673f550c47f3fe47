//! uwscrape: the University of Waterloo course catalog as an immutable,
//! validated index and an HTTP service over it.
//!
//! - `model`: domain types (courses, requisite trees, credentials).
//! - `format`: the published index artefact, written by the builder and read by the server.
//! - `advisory`: eligibility, next courses, paths and audits over the catalog.
//! - `catalog`: the loaded index in memory and the workers that answer reads.
//! - `http`: routes, errors, caching and rate limits.
//! - `server`: start-up and shutdown; `cli`: command-line entry points.

pub mod advisory;
pub mod catalog;
pub mod cli;
pub mod config;
pub mod format;
pub mod http;
pub mod model;
pub mod server;
