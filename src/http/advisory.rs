//! Advisory and path routes: `POST /advisory/eligibility`, `/advisory/next`,
//! `/advisory/audit` and `/paths` under `/api/v1`.
//!
//! Every route counts against the shared query limit
//! (`UWSCRAPE_RATE_LIMIT_QUERY_PER_MINUTE`). Handlers check the shape of the
//! body, naming the field of any problem, and send a message to the catalog
//! workers, which validate the record against the catalog and run the engine.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::middleware::{from_fn, Next};
use actix_web::{web, HttpResponse};
use chrono::Datelike;
use serde_json::{json, Map, Value};

use super::body::{check_fields, into_object, optional, record, required_list};
use super::error::ApiError;
use super::AppState;
use crate::advisory::messages::{AdvisoryReply, Audit, Eligibility, FindPath, NextCourses};
use crate::advisory::next::{NextQuery, DEFAULT_LIMIT, MAX_LIMIT};
use crate::advisory::path::term::TermLabel;
use crate::advisory::path::ConstraintsInput;
use crate::advisory::record::InputError;
use crate::catalog::actor::CatalogWorker;
use crate::metrics::{RecordRateLimited, RouteGroup};
use crate::model::Term;

/// Fields of a student record, accepted at the top level of every body.
const RECORD_FIELDS: [&str; 4] = ["completed", "in_progress", "level", "programs"];
/// Largest `offset` of `/advisory/next`.
const MAX_OFFSET: usize = 100_000;

/// Registers the advisory routes under `/api/v1`.
pub fn routes(config: &mut web::ServiceConfig) {
    for (path, route) in [
        ("/advisory/eligibility", web::post().to(eligibility)),
        ("/advisory/next", web::post().to(next)),
        ("/advisory/audit", web::post().to(audit)),
        ("/paths", web::post().to(paths)),
    ] {
        config.service(
            web::resource(path).wrap(from_fn(limit_queries)).route(route).default_service(web::to(post_only)),
        );
    }
}

/// Middleware: counts a request against the query limit.
async fn limit_queries(
    request: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let state = request.app_data::<web::Data<AppState>>().expect("AppState is registered").clone();
    if let Err(retry_after) = state.query_limit.check("all") {
        state.metrics.do_send(RecordRateLimited { group: RouteGroup::Query });
        return Err(ApiError::rate_limited("advisory", retry_after).into());
    }
    next.call(request).await
}

async fn post_only(request: actix_web::HttpRequest) -> Result<HttpResponse, ApiError> {
    Err(ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        format!("{} takes POST with a JSON body, not {}.", request.path(), request.method()),
    ))
}

/// Sends `message` to the catalog workers and returns its JSON body.
async fn answer<M>(state: &AppState, message: M) -> Result<HttpResponse, ApiError>
where
    M: actix::Message<Result = AdvisoryReply> + Send + 'static,
    CatalogWorker: actix::Handler<M>,
{
    let body = state.catalog.send(message).await??.map_err(input_error)?;
    Ok(HttpResponse::Ok().insert_header(("Cache-Control", "no-store")).content_type("application/json").body(body))
}

/// Maps an engine input error to its 400 response.
pub fn input_error(error: InputError) -> ApiError {
    let mut api_error = ApiError::invalid_field(&error.field, error.message);
    if !error.suggestions.is_empty() {
        api_error = api_error.with_detail("suggestions", json!(error.suggestions));
    }
    if !error.others.is_empty() {
        let others: Vec<Value> = error
            .others
            .into_iter()
            .map(|other| json!({"field": other.field, "message": other.message, "suggestions": other.suggestions}))
            .collect();
        api_error = api_error.with_detail("errors", json!(others));
    }
    api_error
}

async fn eligibility(state: web::Data<AppState>, body: web::Json<Value>) -> Result<HttpResponse, ApiError> {
    let mut object = into_object(body.into_inner())?;
    check_fields(&object, &RECORD_FIELDS, &["targets"])?;
    let targets = required_list(&mut object, "targets", "a list of course codes such as [\"CS 341\"]")?;
    let record = record(&mut object)?;
    answer(&state, Eligibility { record, targets }).await
}

async fn next(state: web::Data<AppState>, body: web::Json<Value>) -> Result<HttpResponse, ApiError> {
    let mut object = into_object(body.into_inner())?;
    check_fields(&object, &RECORD_FIELDS, &["filters", "limit", "offset", "in_progress_as_completed"])?;
    let limit: usize = optional(&mut object, "limit")?.unwrap_or(DEFAULT_LIMIT);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(ApiError::invalid_field("limit", format!("limit must be from 1 to {MAX_LIMIT}.")));
    }
    let offset: usize = optional(&mut object, "offset")?.unwrap_or(0);
    if offset > MAX_OFFSET {
        return Err(ApiError::invalid_field("offset", format!("offset must be from 0 to {MAX_OFFSET}.")));
    }
    let in_progress_as_completed = optional(&mut object, "in_progress_as_completed")?.unwrap_or(false);
    let filters: Map<String, Value> = optional(&mut object, "filters")?.unwrap_or_default();
    let mut query = next_filters(filters)?;
    query.limit = limit;
    query.offset = offset;
    query.in_progress_as_completed = in_progress_as_completed;
    let record = record(&mut object)?;
    answer(&state, NextCourses { record, query }).await
}

/// Reads `filters` of `/advisory/next`: `subject`, `level`, `term`.
fn next_filters(mut filters: Map<String, Value>) -> Result<NextQuery, ApiError> {
    check_fields(&filters, &[], &["subject", "level", "term"]).map_err(|_| {
        ApiError::invalid_field("filters", "filters takes subject (such as \"CS\"), level (such as 300) and term (F, W or S).")
    })?;
    let subject: Option<String> = optional(&mut filters, "subject").map_err(|_| subject_error())?;
    if let Some(subject) = &subject {
        if subject.is_empty() || subject.len() > 8 || !subject.chars().all(|c| c.is_ascii_alphabetic()) {
            return Err(subject_error());
        }
    }
    let level_error = || ApiError::invalid_field("filters.level", "level is a course level in hundreds, such as 100 or 300.");
    let level: Option<u16> = optional(&mut filters, "level").map_err(|_| level_error())?;
    if level.is_some_and(|level| level % 100 != 0 || level > 900) {
        return Err(level_error());
    }
    let term_error = || ApiError::invalid_field("filters.term", "term is one of F, W or S.");
    let term = match optional::<String>(&mut filters, "term").map_err(|_| term_error())? {
        Some(text) => Some(Term::parse(&text).ok_or_else(term_error)?),
        None => None,
    };
    Ok(NextQuery { subject: subject.map(|subject| subject.to_ascii_uppercase()), level, term, ..NextQuery::default() })
}

fn subject_error() -> ApiError {
    ApiError::invalid_field("filters.subject", "subject is a subject code of letters, such as CS or STAT.")
}

async fn paths(state: web::Data<AppState>, body: web::Json<Value>) -> Result<HttpResponse, ApiError> {
    let mut object = into_object(body.into_inner())?;
    check_fields(&object, &RECORD_FIELDS, &["targets", "credential", "constraints"])?;
    let credential: Option<String> = optional(&mut object, "credential")?;
    let targets: Vec<String> = if credential.is_some() && !object.contains_key("targets") {
        Vec::new()
    } else {
        required_list(&mut object, "targets", "a list of course codes such as [\"CS 341\"], or send credential instead")?
    };
    let constraints: ConstraintsInput = optional(&mut object, "constraints")?.unwrap_or_default();
    let record = record(&mut object)?;
    let today = chrono::Utc::now();
    let upcoming = TermLabel::upcoming(today.year().clamp(2000, 2098) as u16, today.month());
    answer(&state, FindPath { record, targets, credential, constraints, upcoming }).await
}

async fn audit(state: web::Data<AppState>, body: web::Json<Value>) -> Result<HttpResponse, ApiError> {
    let mut object = into_object(body.into_inner())?;
    check_fields(&object, &RECORD_FIELDS, &["credential"])?;
    let credential: String = optional(&mut object, "credential")?.ok_or_else(|| {
        ApiError::invalid_field("credential", "credential is required: a credential id or name from /api/v1/credentials.")
    })?;
    let record = record(&mut object)?;
    answer(&state, Audit { record, credential }).await
}
