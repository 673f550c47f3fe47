//! Catalog read routes: health, index info, subjects, courses, credentials,
//! the graph and search.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;
use serde_json::json;

use super::caching::{catalog_etag, cached_json};
use super::error::ApiError;
use super::{catalog_rate_limit, AppState};
use crate::catalog::actor::CatalogReader;
use crate::catalog::graph::{Direction, MAX_DEPTH};
use crate::catalog::messages::{self, CatalogError, CatalogReply};
use crate::model::Term;

/// Default page size of `/courses`.
const DEFAULT_PAGE_SIZE: usize = 50;
/// Largest page size of `/courses`.
const MAX_PAGE_SIZE: usize = 200;
/// Default number of search results.
const DEFAULT_SEARCH_LIMIT: usize = 20;
/// Most search results.
const MAX_SEARCH_LIMIT: usize = 100;
/// Maximum search query length, in characters.
const MAX_QUERY_CHARS: usize = 200;

/// Registers the catalog routes under `/api/v1`. Each resource carries the
/// catalog rate limit itself: an empty-prefix scope would swallow every
/// route registered after it.
pub fn routes(config: &mut web::ServiceConfig) {
    config.route("/health", web::get().to(health));
    config.service(web::resource("/index").wrap(catalog_rate_limit()).route(web::get().to(index_info)));
    config.service(web::resource("/subjects").wrap(catalog_rate_limit()).route(web::get().to(subjects)));
    config.service(web::resource("/courses").wrap(catalog_rate_limit()).route(web::get().to(courses)));
    config.service(web::resource("/courses/{code}").wrap(catalog_rate_limit()).route(web::get().to(course)));
    config.service(web::resource("/credentials").wrap(catalog_rate_limit()).route(web::get().to(credentials)));
    config.service(web::resource("/credentials/{id}").wrap(catalog_rate_limit()).route(web::get().to(credential)));
    config.service(web::resource("/graph").wrap(catalog_rate_limit()).route(web::get().to(graph)));
    config.service(web::resource("/search").wrap(catalog_rate_limit()).route(web::get().to(search)));
}

/// `GET /health`: 503 while warming or after a catalog or state worker
/// failure, else 200.
async fn health(state: web::Data<AppState>) -> HttpResponse {
    let status = if !state.health.is_healthy() || !state.state_health.is_healthy() {
        "failed"
    } else if !state.health.is_warm() {
        "warming"
    } else {
        return HttpResponse::Ok()
            .insert_header(("Cache-Control", "no-store"))
            .json(json!({"status": "ok", "index_id": &*state.index_id}));
    };
    HttpResponse::build(StatusCode::SERVICE_UNAVAILABLE)
        .insert_header(("Cache-Control", "no-store"))
        .json(json!({"status": status, "index_id": &*state.index_id}))
}

/// Sends a catalog message to this thread's reader and returns its JSON body
/// with caching headers.
async fn answer<M>(request: &HttpRequest, state: &AppState, message: M) -> Result<HttpResponse, ApiError>
where
    M: actix::Message<Result = CatalogReply> + Send + 'static,
    CatalogReader: actix::Handler<M>,
{
    let etag = catalog_etag(&state.index_id);
    if super::caching::not_modified(request, &etag) {
        return Ok(cached_json(request, &etag, Default::default()));
    }
    let reader = CatalogReader::of_this_thread(&state.catalog_access);
    let body = reader.send(message).await??.map_err(catalog_error)?;
    Ok(cached_json(request, &etag, body))
}

/// Maps a catalog miss to its 404 error.
fn catalog_error(error: CatalogError) -> ApiError {
    match error {
        CatalogError::CourseNotFound { input, suggestions } => ApiError::not_found(
            "course_not_found",
            match suggestions.first() {
                Some(first) => format!("No course `{input}` in this index; did you mean {first}?"),
                None => format!("No course `{input}` in this index; search with /api/v1/search?q=…"),
            },
        )
        .with_detail("suggestions", json!(suggestions)),
        CatalogError::CredentialNotFound { input } => ApiError::not_found(
            "credential_not_found",
            format!("No credential `{input}` in this index; list them with /api/v1/credentials."),
        ),
    }
}

async fn index_info(request: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    answer(&request, &state, messages::GetIndexInfo).await
}

async fn subjects(request: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    answer(&request, &state, messages::ListSubjects).await
}

/// Query of `GET /courses`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CoursesQuery {
    subject: Option<String>,
    level: Option<u16>,
    term: Option<String>,
    cursor: Option<String>,
    limit: Option<usize>,
}

async fn courses(
    request: HttpRequest,
    state: web::Data<AppState>,
    query: web::Query<CoursesQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    let limit = query.limit.unwrap_or(DEFAULT_PAGE_SIZE);
    if !(1..=MAX_PAGE_SIZE).contains(&limit) {
        return Err(ApiError::invalid_field("limit", format!("limit must be from 1 to {MAX_PAGE_SIZE}.")));
    }
    if let Some(level) = query.level {
        if level % 100 != 0 || level > 900 {
            return Err(ApiError::invalid_field("level", "level is a course level in hundreds, such as 100 or 300."));
        }
    }
    let term = match query.term.as_deref() {
        Some(text) => Some(Term::parse(text).ok_or_else(|| ApiError::invalid_field("term", "term is one of F, W or S."))?),
        None => None,
    };
    let message = messages::ListCourses { subject: query.subject, level: query.level, term, after: query.cursor, limit };
    answer(&request, &state, message).await
}

async fn course(request: HttpRequest, state: web::Data<AppState>, code: web::Path<String>) -> Result<HttpResponse, ApiError> {
    answer(&request, &state, messages::GetCourse { code: code.into_inner() }).await
}

async fn credentials(request: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    answer(&request, &state, messages::ListCredentials).await
}

async fn credential(request: HttpRequest, state: web::Data<AppState>, id: web::Path<String>) -> Result<HttpResponse, ApiError> {
    answer(&request, &state, messages::GetCredential { id: id.into_inner() }).await
}

/// Query of `GET /graph`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GraphQuery {
    course: Option<String>,
    direction: Option<String>,
    depth: Option<u32>,
}

async fn graph(request: HttpRequest, state: web::Data<AppState>, query: web::Query<GraphQuery>) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    let course = query.course.ok_or_else(|| ApiError::invalid_field("course", "course is required, for example course=CS246."))?;
    let direction = match query.direction.as_deref().unwrap_or("both") {
        "prereqs" => Direction::Prereqs,
        "postreqs" => Direction::Postreqs,
        "both" => Direction::Both,
        _ => return Err(ApiError::invalid_field("direction", "direction is one of prereqs, postreqs or both.")),
    };
    let depth = query.depth.unwrap_or(2);
    if !(1..=MAX_DEPTH).contains(&depth) {
        return Err(ApiError::invalid_field("depth", format!("depth must be from 1 to {MAX_DEPTH}.")));
    }
    answer(&request, &state, messages::GetGraph { course, direction, depth }).await
}

/// Query of `GET /search`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SearchQuery {
    q: Option<String>,
    limit: Option<usize>,
}

async fn search(request: HttpRequest, state: web::Data<AppState>, query: web::Query<SearchQuery>) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    let text = query.q.unwrap_or_default();
    if text.trim().is_empty() {
        return Err(ApiError::invalid_field("q", "q is required, for example q=calc or q=cs24."));
    }
    if text.chars().count() > MAX_QUERY_CHARS {
        return Err(ApiError::invalid_field("q", format!("q must be at most {MAX_QUERY_CHARS} characters.")));
    }
    let limit = query.limit.unwrap_or(DEFAULT_SEARCH_LIMIT);
    if !(1..=MAX_SEARCH_LIMIT).contains(&limit) {
        return Err(ApiError::invalid_field("limit", format!("limit must be from 1 to {MAX_SEARCH_LIMIT}.")));
    }
    answer(&request, &state, messages::Search { query: text, limit }).await
}
