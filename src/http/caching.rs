//! HTTP caching of catalog reads: a strong ETag derived from `index_id`
//! (the catalog only changes with a new index) and `Cache-Control`.

use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse};
use actix_web::web::Bytes;

/// Seconds a client or proxy may reuse a catalog response without revalidating.
pub const CATALOG_MAX_AGE_SECONDS: u32 = 300;

/// The strong ETag of every catalog read under one index.
pub fn catalog_etag(index_id: &str) -> String {
    format!("\"{index_id}\"")
}

/// `true` when the request's `If-None-Match` names `etag` (or `*`).
pub fn not_modified(request: &HttpRequest, etag: &str) -> bool {
    request
        .headers()
        .get_all(header::IF_NONE_MATCH)
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .any(|candidate| candidate == etag || candidate == "*")
}

/// A 200 JSON answer with the catalog's ETag and caching headers, or 304
/// when the client already has it.
pub fn cached_json(request: &HttpRequest, etag: &str, body: Bytes) -> HttpResponse {
    let cache_control = format!("public, max-age={CATALOG_MAX_AGE_SECONDS}");
    if not_modified(request, etag) {
        return HttpResponse::NotModified()
            .insert_header((header::ETAG, etag))
            .insert_header((header::CACHE_CONTROL, cache_control))
            .finish();
    }
    HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, HeaderValue::from_static("application/json")))
        .insert_header((header::ETAG, etag))
        .insert_header((header::CACHE_CONTROL, cache_control))
        .body(body)
}
