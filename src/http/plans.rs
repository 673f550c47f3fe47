//! Saved plans: `POST /api/v1/plans` and `GET`/`PUT`/`DELETE
//! /api/v1/plans/{id}`.
//!
//! Access is by token only (see [`crate::state::token`]): creating a plan
//! returns an edit token and a share (read) token. The token is checked
//! before the database is read, so a forged token always gets 401 and
//! learns nothing about which ids exist. A valid token of a deleted plan
//! gets 404. Mutations count against a per-client-IP limit (see
//! [`super::auth::client_ip`]). Every read is checked against the loaded
//! index: unknown courses are flagged, never dropped.

use std::time::Instant;

use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpRequest, HttpResponse};
use rand::RngCore;
use serde_json::{json, Value};
use tokio::sync::oneshot;

use super::auth::{authorize_plan, client_ip, if_match, Precondition};
use super::error::ApiError;
use super::AppState;
use crate::catalog::known::CheckKnown;
use crate::metrics::{RecordRateLimited, RouteGroup};
use crate::state::plan::Plan;
use crate::state::reader::GetPlan;
use crate::state::token::Scope;
use crate::state::writer::{CreatePlan, DeletePlan, ReplacePlan};
use crate::state::{StateError, StoredPlan};

/// Registers the plan routes under `/api/v1`.
pub fn routes(config: &mut web::ServiceConfig) {
    config
        .route("/plans", web::post().to(create))
        .route("/plans/{id}", web::get().to(read))
        .route("/plans/{id}", web::put().to(replace))
        .route("/plans/{id}", web::delete().to(delete));
}

/// `POST /plans`: stores a new plan at version 1 and returns its tokens.
async fn create(request: HttpRequest, state: web::Data<AppState>, body: web::Json<Plan>) -> Result<HttpResponse, ApiError> {
    limit_mutation(&request, &state)?;
    let plan = validate(body.into_inner())?;
    let id = new_plan_id();
    let stored = write(&state, |reply| CreatePlan { id, plan, queued_at: Instant::now(), reply }).await?;
    log::info!("event=plan_created plan_id={}", stored.id);

    let mut body = render(&state, &stored).await?;
    body["edit_token"] = json!(state.tokens.issue(&stored.id, Scope::Edit));
    body["share_token"] = json!(state.tokens.issue(&stored.id, Scope::Read));
    Ok(plan_response(StatusCode::CREATED, &stored)
        .insert_header((header::LOCATION, format!("/api/v1/plans/{}", stored.id)))
        .json(body))
}

/// `GET /plans/{id}` with an edit or share token.
async fn read(request: HttpRequest, state: web::Data<AppState>, id: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let scope = authorize_plan(&request, &state.tokens, &id, false)?;
    let stored = state.plan_reader.send(GetPlan { id: id.into_inner() }).await?.map_err(state_error)?.ok_or_else(plan_not_found)?;
    let mut body = render(&state, &stored).await?;
    body["access"] = json!(scope.as_str());
    Ok(plan_response(StatusCode::OK, &stored).json(body))
}

/// `PUT /plans/{id}` with the edit token and `If-Match: "<version>"`.
async fn replace(
    request: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: web::Json<Plan>,
) -> Result<HttpResponse, ApiError> {
    authorize_plan(&request, &state.tokens, &id, true)?;
    let precondition = if_match(&request)?;
    limit_mutation(&request, &state)?;
    let plan = validate(body.into_inner())?;
    let expected_version = match precondition {
        Precondition::Any => None,
        Precondition::Version(version) => Some(version),
    };
    let id = id.into_inner();
    let stored = write(&state, |reply| ReplacePlan { id, expected_version, plan, queued_at: Instant::now(), reply }).await?;
    log::info!("event=plan_replaced plan_id={} version={}", stored.id, stored.version);
    let body = render(&state, &stored).await?;
    Ok(plan_response(StatusCode::OK, &stored).json(body))
}

/// `DELETE /plans/{id}` with the edit token.
async fn delete(request: HttpRequest, state: web::Data<AppState>, id: web::Path<String>) -> Result<HttpResponse, ApiError> {
    authorize_plan(&request, &state.tokens, &id, true)?;
    limit_mutation(&request, &state)?;
    let id = id.into_inner();
    let plan_id = id.clone();
    write(&state, |reply| DeletePlan { id, queued_at: Instant::now(), reply }).await?;
    log::info!("event=plan_deleted plan_id={plan_id}");
    Ok(HttpResponse::NoContent().insert_header((header::CACHE_CONTROL, "no-store")).finish())
}

/// Generates a random 128-bit plan id as 32 hex characters.
fn new_plan_id() -> String {
    let mut bytes = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// Counts one mutation against the client's per-IP limit.
fn limit_mutation(request: &HttpRequest, state: &AppState) -> Result<(), ApiError> {
    let ip = client_ip(request, state.config.trust_fly_client_ip);
    state.plan_limit.check(&ip).map_err(|retry_after| {
        state.metrics.do_send(RecordRateLimited { group: RouteGroup::Plans });
        ApiError::rate_limited("plan change", retry_after)
    })
}

fn validate(plan: Plan) -> Result<Plan, ApiError> {
    plan.validate().map_err(|error| ApiError::invalid_field(&error.field, error.message))
}

/// Sends a write with its own reply channel and waits for the commit.
///
/// `do_send` rather than `send`: actix skips a `send` message whose caller
/// has gone away, and a write must run once it has been accepted.
async fn write<T, M>(state: &AppState, build: impl FnOnce(oneshot::Sender<Result<T, StateError>>) -> M) -> Result<T, ApiError>
where
    M: actix::Message<Result = ()> + Send + 'static,
    crate::state::writer::StateWriter: actix::Handler<M>,
{
    let (reply, answer) = oneshot::channel();
    state.plan_writer.do_send(build(reply));
    match answer.await {
        Ok(outcome) => outcome.map_err(state_error),
        Err(_) => {
            log::error!("event=state_writer_unreachable");
            Err(ApiError::unavailable("Saved plans are temporarily unavailable; retry in a few seconds."))
        }
    }
}

fn plan_not_found() -> ApiError {
    ApiError::not_found("plan_not_found", "No plan has this id; it may have been deleted.")
}

/// Maps a state failure to its response. Causes of 5xx are logged where they happen.
fn state_error(error: StateError) -> ApiError {
    match error {
        StateError::NotFound => plan_not_found(),
        StateError::VersionConflict { current } => ApiError::new(
            StatusCode::PRECONDITION_FAILED,
            "version_conflict",
            format!("The plan changed since you read it (now version {current}); GET it again, reapply your change and send If-Match: \"{current}\"."),
        )
        .with_detail("current_version", json!(current)),
        StateError::Closed | StateError::Unavailable => {
            ApiError::unavailable("Saved plans are temporarily unavailable; retry in a few seconds.")
        }
        StateError::Panicked | StateError::Unreadable | StateError::Sqlite(_) => ApiError::internal(),
    }
}

/// Headers shared by every plan response: the version as a strong ETag, no caching.
fn plan_response(status: StatusCode, stored: &StoredPlan) -> actix_web::HttpResponseBuilder {
    let mut response = HttpResponse::build(status);
    response.insert_header((header::ETAG, format!("\"{}\"", stored.version))).insert_header((header::CACHE_CONTROL, "no-store"));
    response
}

/// Renders the plan body with its catalog check.
async fn render(state: &AppState, stored: &StoredPlan) -> Result<Value, ApiError> {
    let plan = &stored.plan;
    let mut paths = Vec::new();
    for (term_index, term) in plan.terms.iter().enumerate() {
        for (course_index, code) in term.courses.iter().enumerate() {
            paths.push((format!("terms[{term_index}].courses[{course_index}]"), code.clone()));
        }
    }
    for (index, completed) in plan.completed.iter().enumerate() {
        paths.push((format!("completed[{index}].code"), completed.code.clone()));
    }

    let codes = paths.iter().map(|(_, code)| code.clone()).collect();
    let check = state.catalog.send(CheckKnown { codes, credential: plan.target_credential.clone() }).await??;
    let courses: Vec<Value> = paths
        .iter()
        .zip(&check.known)
        .map(|((path, code), known)| json!({"path": path, "code": code, "in_catalog": known}))
        .collect();
    let mut unknown: Vec<&str> = paths.iter().zip(&check.known).filter(|(_, known)| !**known).map(|((_, code), _)| code.as_str()).collect();
    unknown.sort_unstable();
    unknown.dedup();

    Ok(json!({
        "id": stored.id,
        "version": stored.version,
        "created_at": rfc3339(stored.created_unix),
        "updated_at": rfc3339(stored.updated_unix),
        "plan": plan,
        "unknown_courses": unknown,
        "catalog_check": {
            "index_id": check.index_id,
            "courses": courses,
            "target_credential_in_catalog": check.credential_known,
        },
    }))
}

fn rfc3339(unix: i64) -> String {
    chrono::DateTime::from_timestamp(unix, 0).unwrap_or_default().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}
