//! Command-line entry points: argument definitions and the code that runs
//! each subcommand. `src/main.rs` only parses arguments and calls [`run`].

pub mod index;
pub mod serve;

use clap::{Parser, Subcommand};

/// `uwscrape`: build, check and publish course-catalog indexes, and serve them.
#[derive(Debug, Parser)]
#[command(name = "uwscrape", version, about = "University of Waterloo course catalog: index builder and server")]
pub struct Cli {
    /// The subcommand.
    #[command(subcommand)]
    pub command: Command,
}

/// Top-level subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the index in UWSCRAPE_INDEX_DIR over HTTP (settings: UWSCRAPE_* variables).
    Serve,
    /// Build, validate or publish an index artefact.
    #[command(subcommand)]
    Index(index::IndexCommand),
}

/// Runs the parsed command; the process exit code comes from the result.
pub fn run(cli: Cli) -> anyhow::Result<std::process::ExitCode> {
    match cli.command {
        Command::Serve => serve::run().map(|()| std::process::ExitCode::SUCCESS),
        Command::Index(command) => index::run(command),
    }
}
