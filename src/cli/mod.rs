//! Command-line entry points: argument definitions and the code that runs
//! each subcommand. `src/main.rs` only parses arguments and calls [`run`].

pub mod index;
pub mod serve;
pub mod state;

use std::path::PathBuf;

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
    /// Snapshot or restore the state database (UWSCRAPE_DATA_DIR, UWSCRAPE_STATE_DB).
    #[command(subcommand)]
    State(StateCommand),
}

/// `uwscrape state …` subcommands.
#[derive(Debug, Subcommand)]
pub enum StateCommand {
    /// Take one snapshot now (safe while a server runs) and print its path.
    Snapshot,
    /// Replace the state database with a snapshot; refused while a server runs.
    Restore {
        /// Snapshot file, for example <data_dir>/snapshots/state-20261204T210000Z.db.
        #[arg(long, value_name = "FILE")]
        from: PathBuf,
    },
}

/// Runs the parsed command; the process exit code comes from the result.
pub fn run(cli: Cli) -> anyhow::Result<std::process::ExitCode> {
    let success = |()| std::process::ExitCode::SUCCESS;
    match cli.command {
        Command::Serve => serve::run().map(success),
        Command::Index(command) => index::run(command),
        Command::State(StateCommand::Snapshot) => state::snapshot_now().map(success),
        Command::State(StateCommand::Restore { from }) => state::restore(&from).map(success),
    }
}
