//! Start-up and shutdown of the HTTP service.
//!
//! Order matters: the index is loaded and checked before the port is bound
//! (a bad index never serves a single request), then the catalog workers
//! start, then the listener, then warm-up in the background while health
//! answers `warming`.

use std::net::TcpListener;
use std::sync::Arc;
use std::time::Instant;

use actix_web::dev::Server;
use actix_web::{App, HttpServer};
use anyhow::Context;

use crate::catalog::actor::{CatalogWorker, WarmUp, WorkerHealth};
use crate::catalog::load_index;
use crate::config::Config;
use crate::http::{self, rate_limit::RateLimiter, AppState};

/// A bound, not yet running server.
pub struct Application {
    /// The port actually bound (useful when the configured port is 0).
    port: u16,
    /// The actix-web server future.
    server: Server,
}

impl Application {
    /// Loads the index, starts the actors and binds the listener.
    ///
    /// Must run inside an actix system. Fails, before binding, on any index
    /// or configuration problem.
    pub fn build(config: Config) -> anyhow::Result<Application> {
        let started = Instant::now();
        let catalog = load_index(&config.index_dir, config.allow_blocked_index)
            .with_context(|| format!("Failed to load the index from {}", config.index_dir.display()))?;
        let catalog = Arc::new(catalog);
        let counts = catalog.counts();
        log::info!(
            "event=index_loaded index_id={} slug={} catalog_year={} courses={} credentials={} graph_courses={} release_status={:?} load_ms={}",
            catalog.metadata.index_id,
            catalog.metadata.slug,
            catalog.metadata.catalog_year,
            counts.courses,
            counts.credentials,
            counts.graph_courses,
            catalog.decision.release_status,
            started.elapsed().as_millis()
        );

        let health = Arc::new(WorkerHealth::default());
        let workers = CatalogWorker::start(config.catalog_workers, catalog.clone(), health.clone());
        let state = AppState {
            catalog: workers.clone(),
            health,
            index_id: Arc::from(catalog.metadata.index_id.as_str()),
            catalog_limit: Arc::new(RateLimiter::new(config.rate_limit_catalog_per_minute)),
            query_limit: Arc::new(RateLimiter::new(config.rate_limit_query_per_minute)),
            config: Arc::new(config.clone()),
        };

        let listener = TcpListener::bind(config.bind).with_context(|| format!("Failed to bind UWSCRAPE_BIND={}", config.bind))?;
        let port = listener.local_addr().context("Failed to read the bound address")?.port();
        let server = HttpServer::new(move || App::new().configure(|app| http::configure(app, state.clone())))
            .workers(config.http_workers)
            .shutdown_timeout(30)
            .listen(listener)
            .context("Failed to start the HTTP server")?
            .run();
        log::info!("event=listening address={} port={port}", config.bind.ip());

        let index_id = catalog.metadata.index_id.clone();
        actix::spawn(async move {
            match workers.send(WarmUp).await {
                Ok(Ok(milliseconds)) => log::info!("event=warm index_id={index_id} warm_up_ms={milliseconds}"),
                Ok(Err(_)) => log::error!("event=warm_up_failed index_id={index_id}"),
                Err(error) => log::error!("event=warm_up_failed index_id={index_id} error={error}"),
            }
        });

        Ok(Application { port, server })
    }

    /// The bound port.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Serves until SIGINT or SIGTERM, then drains in-flight requests.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await?;
        log::info!("event=http_stopped");
        Ok(())
    }
}
