//! The `uwscrape` binary: parses the command line and calls the library.

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
}

fn main() -> std::process::ExitCode {
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("info")).init();
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Serve => uwscrape::cli::serve::run(),
    };
    match outcome {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
