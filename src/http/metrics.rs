//! Request counting and `GET /internal/metrics`.
//!
//! The route exists only when `UWSCRAPE_INTERNAL_TOKEN` is set; without it
//! `/internal/metrics` is a 404 like any unknown path. With it, the bearer
//! token must match (compared in constant time) or the response is 401.

use std::cell::{Cell, RefCell};
use std::time::Duration;

use actix::Addr;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{header, StatusCode};
use actix_web::middleware::Next;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;

use super::auth::internal_token_matches;
use super::error::ApiError;
use super::AppState;
use crate::metrics::{prometheus, GetMetrics, Metrics, RecordRequests, RequestCounts, RouteGroup};

/// Registers `/internal/metrics` when an internal token is configured.
pub fn routes(config: &mut web::ServiceConfig, internal_token_set: bool) {
    if internal_token_set {
        config.route("/internal/metrics", web::get().to(serve));
    }
}

/// How often each HTTP worker reports its request counts to the metrics actor.
pub const FLUSH_INTERVAL: Duration = Duration::from_millis(100);

thread_local! {
    /// Requests completed on this HTTP worker thread since its last report.
    static PENDING: RefCell<RequestCounts> = RefCell::new(RequestCounts::default());
    /// Set once this thread runs its reporting task.
    static REPORTING: Cell<bool> = const { Cell::new(false) };
}

/// Middleware: counts every completed request by route group and status class.
///
/// The count goes to a table local to the worker thread, not straight to the
/// metrics actor: a message per request woke the actor's thread for every
/// request and cost about a fifth of a course lookup on one core.
/// [`start_reporting`] sends the table to the actor every [`FLUSH_INTERVAL`].
pub async fn record_request(
    request: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let group = RouteGroup::of_path(request.path());
    let outcome = next.call(request).await;
    let status = match &outcome {
        Ok(response) => response.status(),
        Err(error) => error.as_response_error().status_code(),
    };
    PENDING.with(|pending| pending.borrow_mut().add(group, status.as_u16()));
    outcome
}

/// Starts the task that reports this worker thread's request counts to
/// `metrics`. Call it from the `HttpServer` factory, which runs on each
/// worker thread. A second call on the same thread does nothing.
pub fn start_reporting(metrics: Addr<Metrics>) {
    if REPORTING.with(|reporting| reporting.replace(true)) {
        return;
    }
    actix_web::rt::spawn(async move {
        let mut ticks = actix_web::rt::time::interval(FLUSH_INTERVAL);
        loop {
            ticks.tick().await;
            let counts = PENDING.with(|pending| std::mem::take(&mut *pending.borrow_mut()));
            if !counts.is_empty() {
                metrics.do_send(RecordRequests(counts));
            }
        }
    });
}

/// Query of `GET /internal/metrics`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MetricsQuery {
    /// `json` (default) or `prometheus`.
    format: Option<String>,
}

async fn serve(request: HttpRequest, state: web::Data<AppState>, query: web::Query<MetricsQuery>) -> Result<HttpResponse, ApiError> {
    let expected = state.config.internal_token.as_deref().unwrap_or_default();
    if expected.is_empty() || !internal_token_matches(&request, expected) {
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "invalid_token",
            "Send the operator token as `Authorization: Bearer $UWSCRAPE_INTERNAL_TOKEN`.",
        )
        .with_header(header::WWW_AUTHENTICATE, "Bearer"));
    }

    let report = state.metrics.send(GetMetrics).await?;
    match query.format.as_deref().unwrap_or("json") {
        "json" => Ok(HttpResponse::Ok().insert_header((header::CACHE_CONTROL, "no-store")).json(report)),
        "prometheus" => Ok(HttpResponse::Ok()
            .insert_header((header::CACHE_CONTROL, "no-store"))
            .content_type(prometheus::CONTENT_TYPE)
            .body(prometheus::render(&report))),
        _ => Err(ApiError::invalid_field("format", "format is json or prometheus.")),
    }
}
