//! The HTTP layer: routes, extractors, errors, caching and rate limits.
//! Handlers validate input, send a message to an actor and shape the reply;
//! they never touch SQLite.

pub mod advisory;
pub mod assets;
pub mod auth;
pub mod body;
pub mod caching;
pub mod catalog;
pub mod error;
pub mod extract;
pub mod metrics;
pub mod openapi;
pub mod plans;
pub mod rate_limit;

use std::sync::Arc;

use actix::Addr;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::{from_fn, Next};
use actix_web::web;

use crate::catalog::actor::{CatalogAccess, CatalogWorker, WorkerHealth};
use crate::config::Config;
use crate::metrics::{Metrics, RecordRateLimited, RouteGroup};
use crate::state::reader::StateReader;
use crate::state::token::TokenKey;
use crate::state::writer::StateWriter;
use crate::state::StateHealth;
use error::ApiError;
use rate_limit::RateLimiter;

/// Shared state of every handler.
#[derive(Clone)]
pub struct AppState {
    /// Catalog worker pool, for advisory and path queries.
    pub catalog: Addr<CatalogWorker>,
    /// The catalog, for the reader on each HTTP worker thread.
    pub catalog_access: CatalogAccess,
    /// Warm-up and failure state of the catalog workers.
    pub health: Arc<WorkerHealth>,
    /// Id of the loaded index, the base of every catalog ETag.
    pub index_id: Arc<str>,
    /// Validated settings.
    pub config: Arc<Config>,
    /// Limit on catalog reads, all clients together.
    pub catalog_limit: Arc<RateLimiter>,
    /// Limit on advisory and path queries, all clients together.
    pub query_limit: Arc<RateLimiter>,
    /// The single writer of the state database.
    pub plan_writer: Addr<StateWriter>,
    /// State database readers.
    pub plan_reader: Addr<StateReader>,
    /// Failure state of the state workers.
    pub state_health: Arc<StateHealth>,
    /// Key that issues and checks plan tokens.
    pub tokens: Arc<TokenKey>,
    /// Limit on plan mutations, per client IP.
    pub plan_limit: Arc<RateLimiter>,
    /// Operator counters.
    pub metrics: Addr<Metrics>,
}

/// Every API route pattern the server registers, as OpenAPI writes it.
///
/// Route modules add their patterns here when they register a route; a test
/// checks this list against `/api/v1/openapi.json` both ways and probes each
/// pattern on a live server.
pub fn api_routes() -> &'static [&'static str] {
    &[
        "/api/v1/health",
        "/api/v1/index",
        "/api/v1/subjects",
        "/api/v1/courses",
        "/api/v1/courses/{code}",
        "/api/v1/credentials",
        "/api/v1/credentials/{id}",
        "/api/v1/graph",
        "/api/v1/search",
        "/api/v1/openapi.json",
        "/api/v1/plans",
        "/api/v1/plans/{id}",
        "/api/v1/advisory/eligibility",
        "/api/v1/advisory/next",
        "/api/v1/advisory/audit",
        "/api/v1/paths",
    ]
}

/// Registers every route on an actix-web app.
pub fn configure(config: &mut web::ServiceConfig, state: AppState) {
    let internal_token_set = state.config.internal_token.as_deref().is_some_and(|token| !token.is_empty());
    config
        .app_data(web::Data::new(state))
        .app_data(extract::json_config())
        .app_data(extract::query_config())
        .app_data(extract::path_config())
        .service(
            web::scope("/api/v1")
                .wrap(actix_cors::Cors::default().allow_any_origin().allowed_methods(["GET"]).max_age(3600))
                // Catalog reads first: the router tries patterns in order,
                // and each `{…}` pattern it passes costs a regex match.
                .configure(catalog::routes)
                .route("/openapi.json", web::get().to(openapi::serve))
                .configure(advisory::routes)
                .configure(plans::routes)
                .default_service(web::to(api_not_found)),
        )
        .configure(|config| metrics::routes(config, internal_token_set))
        .configure(assets::routes);
}

/// Middleware: counts a request against the catalog limit.
pub async fn limit_catalog(
    request: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let state = request.app_data::<web::Data<AppState>>().expect("AppState is registered").clone();
    if let Err(retry_after) = state.catalog_limit.check("all") {
        state.metrics.do_send(RecordRateLimited { group: RouteGroup::Catalog });
        return Err(ApiError::rate_limited("catalog", retry_after).into());
    }
    next.call(request).await
}

/// Middleware wrapper for scopes: `scope.wrap(http::catalog_rate_limit())`.
pub fn catalog_rate_limit<S, B>() -> impl actix_web::dev::Transform<
    S,
    ServiceRequest,
    Response = ServiceResponse<impl MessageBody>,
    Error = actix_web::Error,
    InitError = (),
>
where
    S: actix_web::dev::Service<ServiceRequest, Response = ServiceResponse<B>, Error = actix_web::Error> + 'static,
    B: MessageBody + 'static,
{
    from_fn(limit_catalog)
}

/// Any unknown path under `/api`: a JSON 404 rather than the web app.
async fn api_not_found(request: actix_web::HttpRequest) -> Result<actix_web::HttpResponse, ApiError> {
    Err(ApiError::not_found(
        "route_not_found",
        format!("No API route matches {} {}; see /api/v1/openapi.json for the routes.", request.method(), request.path()),
    ))
}
