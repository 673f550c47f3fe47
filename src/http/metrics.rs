//! Request counting and `GET /internal/metrics`.
//!
//! The route exists only when `UWSCRAPE_INTERNAL_TOKEN` is set; without it
//! `/internal/metrics` is a 404 like any unknown path. With it, the bearer
//! token must match (compared in constant time) or the response is 401.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{header, StatusCode};
use actix_web::middleware::Next;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;

use super::auth::internal_token_matches;
use super::error::ApiError;
use super::AppState;
use crate::metrics::{prometheus, GetMetrics, RecordRequest, RouteGroup};

/// Registers `/internal/metrics` when an internal token is configured.
pub fn routes(config: &mut web::ServiceConfig, internal_token_set: bool) {
    if internal_token_set {
        config.route("/internal/metrics", web::get().to(serve));
    }
}

/// Middleware: counts every completed request by route group and status class.
pub async fn record_request(
    request: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let group = RouteGroup::of_path(request.path());
    let metrics = request.app_data::<web::Data<AppState>>().map(|state| state.metrics.clone());
    let outcome = next.call(request).await;
    let status = match &outcome {
        Ok(response) => response.status(),
        Err(error) => error.as_response_error().status_code(),
    };
    if let Some(metrics) = metrics {
        metrics.do_send(RecordRequest { group, status: status.as_u16() });
    }
    outcome
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
