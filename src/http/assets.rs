//! The web app: files of `assets/`, embedded in the binary with rust-embed
//! (feature `embed-frontend`, on by default) or read from
//! `UWSCRAPE_ASSETS_DIR` on disk for development.
//!
//! A path that names no file and has no extension is a client route
//! (`/courses/CS246`) and gets `index.html`. Paths with `..`, hidden segments
//! or backslashes are rejected, so no file outside `assets/` is reachable.

use std::borrow::Cow;

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};

use super::error::ApiError;
use super::AppState;

/// The app's entry page, served for every client route.
const INDEX_HTML: &str = "index.html";

#[cfg(feature = "embed-frontend")]
#[derive(rust_embed::RustEmbed)]
#[folder = "$CARGO_MANIFEST_DIR/assets"]
struct EmbeddedAssets;

/// Registers the catch-all route for the web app.
pub fn routes(config: &mut web::ServiceConfig) {
    config.default_service(web::get().to(serve));
}

/// Reads an asset by its relative path, from the binary or from disk.
fn read_asset(state: &AppState, path: &str) -> Option<Cow<'static, [u8]>> {
    #[cfg(feature = "embed-frontend")]
    {
        let _ = state;
        EmbeddedAssets::get(path).map(|file| file.data)
    }
    #[cfg(not(feature = "embed-frontend"))]
    {
        std::fs::read(state.config.assets_dir.join(path)).ok().map(Cow::Owned)
    }
}

/// `true` when every segment of `path` is a plain file or folder name.
fn is_safe(path: &str) -> bool {
    !path.contains('\\') && path.split('/').all(|segment| !segment.starts_with('.') && !segment.contains('\0'))
}

async fn serve(request: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let path = request.path().trim_start_matches('/');
    if path.starts_with("api/") || path.starts_with("internal/") {
        return Err(ApiError::not_found("route_not_found", format!("No route matches {}.", request.path())));
    }
    if !is_safe(path) {
        return Err(ApiError::bad_request("invalid_path", "The path contains a segment that is not allowed."));
    }

    let wanted = if path.is_empty() { INDEX_HTML } else { path };
    if let Some(bytes) = read_asset(&state, wanted) {
        return Ok(file_response(wanted, bytes));
    }

    let last_segment = path.rsplit('/').next().unwrap_or_default();
    if last_segment.contains('.') {
        return Err(ApiError::not_found("asset_not_found", format!("No file /{path} in the web app.")));
    }
    match read_asset(&state, INDEX_HTML) {
        Some(bytes) => Ok(file_response(INDEX_HTML, bytes)),
        None => Err(ApiError::not_found("asset_not_found", "The web app is not bundled with this server.")),
    }
}

fn file_response(path: &str, bytes: Cow<'static, [u8]>) -> HttpResponse {
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    // index.html must be revalidated so a new release is picked up at once.
    let cache = if path == INDEX_HTML { "no-cache" } else { "public, max-age=300" };
    HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, mime.essence_str().to_string() + if mime.type_() == "text" || path.ends_with(".js") { "; charset=utf-8" } else { "" }))
        .insert_header((header::CACHE_CONTROL, cache))
        .insert_header(("X-Content-Type-Options", "nosniff"))
        .body(bytes.into_owned())
}
