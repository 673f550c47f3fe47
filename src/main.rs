//! The `uwscrape` binary: parses the command line and calls the library.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// University of Waterloo course catalog: index builder and HTTP service.
#[derive(Parser)]
#[command(name = "uwscrape", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the index in UWSCRAPE_INDEX_DIR over HTTP (settings: UWSCRAPE_* variables).
    Serve,
    /// Snapshot or restore the state database (UWSCRAPE_DATA_DIR, UWSCRAPE_STATE_DB).
    State {
        #[command(subcommand)]
        command: StateCommand,
    },
}

#[derive(Subcommand)]
enum StateCommand {
    /// Take one snapshot now (safe while a server runs) and print its path.
    Snapshot,
    /// Replace the state database with a snapshot; refused while a server runs.
    Restore {
        /// Snapshot file, for example <data_dir>/snapshots/state-20261204T210000Z.db.
        #[arg(long, value_name = "FILE")]
        from: PathBuf,
    },
}

fn main() -> std::process::ExitCode {
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("info")).init();
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Serve => uwscrape::cli::serve::run(),
        Command::State { command: StateCommand::Snapshot } => uwscrape::cli::state::snapshot_now(),
        Command::State { command: StateCommand::Restore { from } } => uwscrape::cli::state::restore(&from),
    };
    match outcome {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            log::error!("{error:#}");
            eprintln!("error: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
