//! Start-up and shutdown of the HTTP service.
//!
//! Order matters: the index is loaded and checked before the port is bound
//! (a bad index never serves a single request), then the token key and the
//! state database are checked and opened (a corrupt database or a malformed
//! key stops start-up the same way), then the catalog workers start, then
//! the listener, then warm-up in the background while health answers
//! `warming`.
//!
//! Shutdown on SIGINT or SIGTERM: actix-web stops accepting and drains
//! in-flight requests, then the snapshot ticks stop, then the writer drains
//! its queue and closes the database, then the lock file is released. Each
//! phase logs `event=shutdown phase=…`.

use std::net::TcpListener;
use std::sync::Arc;
use std::time::Instant;

use actix::Actor;
use actix_web::dev::{Server, ServerHandle};
use actix_web::middleware::from_fn;
use actix_web::{App, HttpServer};
use anyhow::Context;

use crate::catalog::actor::{CatalogAccess, CatalogWorker, WarmUp, WorkerHealth};
use crate::catalog::load_index;
use crate::config::Config;
use crate::http::{self, rate_limit::RateLimiter, AppState};
use crate::metrics::Metrics;
use crate::state::scheduler::StopSnapshots;
use crate::state::token::TokenKey;
use crate::state::writer::Drain;
use crate::state::StateStore;

/// A bound, not yet running server.
pub struct Application {
    /// The port actually bound (useful when the configured port is 0).
    port: u16,
    /// The actix-web server future.
    server: Server,
    /// The state actors and the database lock, kept until shutdown.
    state: StateStore,
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

        let tokens = TokenKey::from_config(&config).context("Invalid token key")?;
        let metrics = Metrics::default().start();
        let store = StateStore::start(&config, metrics.clone())
            .with_context(|| format!("Failed to open the state database {}", config.state_db.display()))?;

        let health = Arc::new(WorkerHealth::default());
        let access = CatalogAccess::new(catalog.clone(), health.clone());
        let workers = CatalogWorker::start(config.catalog_workers, access.clone());
        let state = AppState {
            catalog: workers.clone(),
            catalog_access: access,
            health,
            index_id: Arc::from(catalog.metadata.index_id.as_str()),
            catalog_limit: Arc::new(RateLimiter::new(config.rate_limit_catalog_per_minute)),
            query_limit: Arc::new(RateLimiter::new(config.rate_limit_query_per_minute)),
            config: Arc::new(config.clone()),
            plan_writer: store.writer.clone(),
            plan_reader: store.reader.clone(),
            state_health: store.health.clone(),
            tokens: Arc::new(tokens),
            plan_limit: Arc::new(RateLimiter::new(config.rate_limit_state_per_ip_per_minute)),
            metrics,
        };

        let listener = TcpListener::bind(config.bind).with_context(|| format!("Failed to bind UWSCRAPE_BIND={}", config.bind))?;
        let port = listener.local_addr().context("Failed to read the bound address")?.port();
        let server = HttpServer::new(move || {
            http::metrics::start_reporting(state.metrics.clone());
            App::new().wrap(from_fn(http::metrics::record_request)).configure(|app| http::configure(app, state.clone()))
        })
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

        Ok(Application { port, server, state: store })
    }

    /// The bound port.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// A handle that stops the server as a signal would.
    pub fn handle(&self) -> ServerHandle {
        self.server.handle()
    }

    /// Serves until SIGINT, SIGTERM or [`ServerHandle::stop`], then shuts
    /// down in order: HTTP drained, snapshots stopped, writer drained, lock
    /// released.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let Application { server, state, .. } = self;
        let served = server.await;
        log::info!("event=shutdown phase=http_drained");

        state.snapshots.do_send(StopSnapshots);
        log::info!("event=shutdown phase=snapshots_stopped");
        match state.writer.send(Drain).await {
            Ok(()) => log::info!("event=shutdown phase=writer_drained"),
            Err(error) => log::error!("event=shutdown phase=writer_drain_failed error={error}"),
        }
        drop(state.lock);
        log::info!("event=shutdown phase=lock_released");
        served
    }
}
