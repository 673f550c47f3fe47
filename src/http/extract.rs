//! actix's own extractor failures (bad JSON, bad query strings, bodies that
//! are too large), rewritten into the [`ApiError`] shape.

use actix_web::error::{JsonPayloadError, PathError, QueryPayloadError};
use actix_web::{web, HttpRequest};

use super::error::ApiError;

/// Largest JSON body the API reads, in bytes.
pub const MAX_JSON_BODY_BYTES: usize = 64 * 1024;

/// JSON body settings: size limit and error shape.
pub fn json_config() -> web::JsonConfig {
    web::JsonConfig::default().limit(MAX_JSON_BODY_BYTES).error_handler(|error, _request: &HttpRequest| {
        let api_error = match &error {
            JsonPayloadError::OverflowKnownLength { .. } | JsonPayloadError::Overflow { .. } => ApiError::new(
                actix_web::http::StatusCode::PAYLOAD_TOO_LARGE,
                "payload_too_large",
                format!("The request body is larger than {MAX_JSON_BODY_BYTES} bytes; send a smaller body."),
            ),
            JsonPayloadError::ContentType => ApiError::new(
                actix_web::http::StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "Send the body as JSON with `Content-Type: application/json`.",
            ),
            JsonPayloadError::Deserialize(inner) => {
                ApiError::bad_request("invalid_json", format!("The request body does not match the expected shape: {inner}."))
            }
            other => ApiError::bad_request("invalid_json", format!("The request body could not be read as JSON: {other}.")),
        };
        api_error.into()
    })
}

/// Query string settings: error shape.
pub fn query_config() -> web::QueryConfig {
    web::QueryConfig::default().error_handler(|error: QueryPayloadError, _request: &HttpRequest| {
        ApiError::bad_request("invalid_query", format!("The query string is invalid: {error}.")).into()
    })
}

/// Path parameter settings: error shape.
pub fn path_config() -> web::PathConfig {
    web::PathConfig::default().error_handler(|error: PathError, _request: &HttpRequest| {
        ApiError::bad_request("invalid_path", format!("The URL path is invalid: {error}.")).into()
    })
}
