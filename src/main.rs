//! The `uwscrape` binary: parses arguments and hands them to the library.

use std::io::Write;

use clap::Parser;

fn main() -> std::process::ExitCode {
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("info"))
        .format(|out, record| {
            let now = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ");
            writeln!(out, "[{now} {:<5} {}] {}", record.level(), record.target(), record.args())
        })
        .init();
    let cli = uwscrape::cli::Cli::parse();
    match uwscrape::cli::run(cli) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
