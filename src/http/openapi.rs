//! `GET /api/v1/openapi.json`: the OpenAPI 3 document of the whole API,
//! assembled from one fragment per route group in `src/http/openapi/`.
//! A test checks that every registered route appears in it.

use std::sync::OnceLock;

use actix_web::HttpResponse;
use serde_json::{json, Map, Value};

/// Path fragments, one per route group; each is `{"paths": {…}, "components": {"schemas": {…}}}`.
const FRAGMENTS: &[&str] = &[
    include_str!("openapi/catalog.json"),
    include_str!("openapi/plans.json"),
    include_str!("openapi/advisory.json"),
];

/// The assembled document.
pub fn document() -> &'static Value {
    static DOCUMENT: OnceLock<Value> = OnceLock::new();
    DOCUMENT.get_or_init(|| {
        let mut paths = Map::new();
        let mut schemas = Map::new();
        for fragment in FRAGMENTS {
            let fragment: Value = serde_json::from_str(fragment).expect("OpenAPI fragments are valid JSON");
            if let Some(fragment_paths) = fragment["paths"].as_object() {
                paths.extend(fragment_paths.clone());
            }
            if let Some(fragment_schemas) = fragment["components"]["schemas"].as_object() {
                schemas.extend(fragment_schemas.clone());
            }
        }
        json!({
            "openapi": "3.0.3",
            "info": {
                "title": "uwscrape",
                "version": env!("CARGO_PKG_VERSION"),
                "description": "The University of Waterloo undergraduate course catalog: courses, requisites, credentials, advisory and saved plans."
            },
            "servers": [{"url": "/"}],
            "paths": paths,
            "components": {"schemas": schemas}
        })
    })
}

/// Serves the document.
pub async fn serve() -> HttpResponse {
    HttpResponse::Ok().insert_header(("Cache-Control", "public, max-age=300")).json(document())
}
