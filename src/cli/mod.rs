//! Command-line entry points: argument definitions and the code that runs
//! each subcommand. `src/main.rs` only parses arguments and calls [`run`].

pub mod index;

use clap::{Parser, Subcommand};

/// `uwscrape`: build, check and publish course-catalog indexes.
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
    /// Build, validate or publish an index artefact.
    #[command(subcommand)]
    Index(index::IndexCommand),
}

/// Runs the parsed command; the process exit code comes from the result.
pub fn run(cli: Cli) -> anyhow::Result<std::process::ExitCode> {
    match cli.command {
        Command::Index(command) => index::run(command),
    }
}
