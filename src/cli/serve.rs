//! `uwscrape serve`: run the HTTP service until SIGINT or SIGTERM.

use anyhow::Context;

use crate::config::Config;
use crate::server::Application;

/// Reads the configuration, loads the index and serves it.
pub fn run() -> anyhow::Result<()> {
    let config = Config::from_env().context("Invalid configuration")?;
    let system = actix::System::new();
    system.block_on(async move {
        let application = Application::build(config)?;
        application.run_until_stopped().await.context("The HTTP server failed")?;
        log::info!("event=shutdown phase=system_stop");
        actix::System::current().stop();
        Ok(())
    })
}
