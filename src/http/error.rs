//! The one error type of the HTTP API and its JSON shape:
//! `{"error": "<snake_case_kind>", "message": "<what to fix>", …details}`.
//!
//! Kinds are stable; clients may branch on them. A 5xx body never carries an
//! internal cause: the cause goes to the log and the client gets a generic
//! sentence.

use std::fmt;

use actix_web::http::{header, StatusCode};
use actix_web::{HttpResponse, ResponseError};
use serde_json::{json, Map, Value};

/// An error returned to an API client.
#[derive(Debug, Clone)]
pub struct ApiError {
    /// HTTP status.
    status: StatusCode,
    /// Stable snake_case kind.
    kind: &'static str,
    /// A sentence that says what is wrong and what to do.
    message: String,
    /// Extra fields merged into the body (suggestions, the invalid field).
    details: Map<String, Value>,
    /// Seconds for `Retry-After`, on 429 and 503.
    retry_after: Option<u64>,
    /// Extra response headers, such as `WWW-Authenticate` on 401.
    headers: Vec<(header::HeaderName, String)>,
}

impl ApiError {
    /// An error with any status and kind.
    pub fn new(status: StatusCode, kind: &'static str, message: impl Into<String>) -> ApiError {
        ApiError { status, kind, message: message.into(), details: Map::new(), retry_after: None, headers: Vec::new() }
    }

    /// 400 for a request the client must fix.
    pub fn bad_request(kind: &'static str, message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, kind, message)
    }

    /// 400 for one invalid field, named in the body as `field`.
    pub fn invalid_field(field: &str, message: impl Into<String>) -> ApiError {
        ApiError::bad_request("invalid_field", message).with_detail("field", json!(field))
    }

    /// 404 for something that does not exist.
    pub fn not_found(kind: &'static str, message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, kind, message)
    }

    /// 429 with `Retry-After`.
    pub fn rate_limited(group: &str, retry_after_seconds: u64) -> ApiError {
        ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limited",
            format!("Too many {group} requests; retry after {retry_after_seconds} seconds."),
        )
        .with_retry_after(retry_after_seconds)
    }

    /// 503 while the service cannot respond; the caller logs the cause.
    pub fn unavailable(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "service_unavailable", message).with_retry_after(5)
    }

    /// 500 for a failure the client cannot fix; the cause is logged by the caller.
    pub fn internal() -> ApiError {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal_error",
            "The server failed to answer this request; try again, and report it if it persists.",
        )
    }

    /// Adds a field to the body.
    pub fn with_detail(mut self, key: &str, value: Value) -> ApiError {
        self.details.insert(key.to_string(), value);
        self
    }

    /// Sets `Retry-After`.
    pub fn with_retry_after(mut self, seconds: u64) -> ApiError {
        self.retry_after = Some(seconds);
        self
    }

    /// Adds a response header.
    pub fn with_header(mut self, name: header::HeaderName, value: impl Into<String>) -> ApiError {
        self.headers.push((name, value.into()));
        self
    }

    /// The stable kind.
    pub fn kind(&self) -> &'static str {
        self.kind
    }

    /// The body as JSON.
    pub fn body(&self) -> Value {
        let mut body = Map::new();
        body.insert("error".to_string(), json!(self.kind));
        body.insert("message".to_string(), json!(self.message));
        for (key, value) in &self.details {
            body.insert(key.clone(), value.clone());
        }
        Value::Object(body)
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({}): {}", self.kind, self.status.as_u16(), self.message)
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.status
    }

    fn error_response(&self) -> HttpResponse {
        let mut response = HttpResponse::build(self.status);
        response.insert_header((header::CACHE_CONTROL, "no-store"));
        if let Some(seconds) = self.retry_after {
            response.insert_header((header::RETRY_AFTER, seconds.to_string()));
        }
        for (name, value) in &self.headers {
            response.insert_header((name.clone(), value.as_str()));
        }
        response.json(self.body())
    }
}

impl From<actix::MailboxError> for ApiError {
    fn from(error: actix::MailboxError) -> ApiError {
        log::error!("event=mailbox_error error={error}");
        ApiError::unavailable("The service is temporarily unable to respond; retry in a few seconds.")
    }
}

impl From<crate::catalog::actor::WorkerFailed> for ApiError {
    fn from(_: crate::catalog::actor::WorkerFailed) -> ApiError {
        ApiError::unavailable("The catalog failed to process this request; retry, and report it if it persists.")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::body::to_bytes;

    #[actix_web::test]
    async fn body_has_stable_shape() {
        let error = ApiError::invalid_field("level", "`9Z` is not an academic level.");
        let response = error.error_response();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST);
        let bytes = to_bytes(response.into_body()).await.unwrap();
        let body: Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(body, json!({"error": "invalid_field", "message": "`9Z` is not an academic level.", "field": "level"}));
    }

    #[actix_web::test]
    async fn rate_limited_sets_retry_after() {
        let response = ApiError::rate_limited("catalog", 12).error_response();
        assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(response.headers().get(header::RETRY_AFTER).unwrap(), "12");
    }

    #[actix_web::test]
    async fn internal_error_hides_the_cause() {
        let body = ApiError::internal().body();
        assert_eq!(body["error"], "internal_error");
        assert_eq!(body.as_object().unwrap().len(), 2);
    }
}
