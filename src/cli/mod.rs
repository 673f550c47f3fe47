//! Command-line entry points; `src/main.rs` only parses arguments and calls these.

pub mod serve;
pub mod state;
