//! The catalog read API against the real server on port 0 and the committed
//! fixture index.

mod support;

use reqwest::header;
use serde_json::Value;
use support::TestServer;

/// `build-metadata.json` of the fixture.
fn fixture_metadata() -> Value {
    let text = std::fs::read_to_string(support::fixture_index_dir().join("build-metadata.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

#[actix_web::test]
async fn health_reports_index_id_once_warm() {
    let server = TestServer::start().await;
    let health = server.get_json("/api/v1/health", 200).await;
    assert_eq!(health["status"], "ok");
    assert_eq!(health["index_id"], fixture_metadata()["index_id"]);
}

#[actix_web::test]
async fn index_reports_identity_and_counts() {
    let server = TestServer::start().await;
    let info = server.get_json("/api/v1/index", 200).await;
    let metadata = fixture_metadata();

    assert_eq!(info["index_id"], metadata["index_id"]);
    assert_eq!(info["slug"], "math-engineering-support");
    assert_eq!(info["release_status"], "publish");
    assert_eq!(info["course_count"], metadata["counts"]["courses"]);
    assert_eq!(info["graph_projection_course_count"], info["course_count"]);
    assert_eq!(info["credential_count"], metadata["counts"]["credentials"]);
    assert_eq!(info["schema_version"], 1);
    assert!(info["validation"]["errors"].is_u64());
}

#[actix_web::test]
async fn subjects_lists_fixture_subjects() {
    let server = TestServer::start().await;
    let body = server.get_json("/api/v1/subjects", 200).await;
    let codes: Vec<&str> = body["subjects"].as_array().unwrap().iter().map(|s| s["code"].as_str().unwrap()).collect();
    for subject in ["CO", "CS", "ECE", "ENGL", "MATH", "PHYS", "SE", "STAT"] {
        assert!(codes.contains(&subject), "{subject} missing from {codes:?}");
    }
}

#[actix_web::test]
async fn course_lookup_accepts_every_spelling() {
    let server = TestServer::start().await;
    for spelling in ["CS246", "cs%20246", "CS-246", "cs246"] {
        let course = server.get_json(&format!("/api/v1/courses/{spelling}"), 200).await;
        assert_eq!(course["code"], "CS 246", "{spelling}");
    }
}

#[actix_web::test]
async fn course_detail_has_requisites_leads_to_and_credentials() {
    let server = TestServer::start().await;
    let course = server.get_json("/api/v1/courses/CS240", 200).await;
    assert!(course["prereq_text"].as_str().unwrap().contains("CS"));
    assert!(course["prereq"]["type"].is_string());
    assert!(course["antireqs"].is_array());

    let leads_to: Vec<&str> = course["leads_to"].as_array().unwrap().iter().map(|c| c["code"].as_str().unwrap()).collect();
    assert!(leads_to.contains(&"CS 341"), "CS 240 should lead to CS 341: {leads_to:?}");
    assert!(!course["credentials"].as_array().unwrap().is_empty(), "a fixture credential names CS 240");
}

#[actix_web::test]
async fn unknown_course_is_json_404_with_suggestions() {
    let server = TestServer::start().await;
    let response = server.get("/api/v1/courses/CS2466").await;
    assert_eq!(response.status(), 404);
    assert_eq!(response.headers()[header::CONTENT_TYPE], "application/json");
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"], "course_not_found");
    let suggestions: Vec<&str> = body["suggestions"].as_array().unwrap().iter().map(|s| s.as_str().unwrap()).collect();
    assert!(suggestions.contains(&"CS 246"), "{suggestions:?}");
    assert!(body["message"].as_str().unwrap().contains("CS2466"));
}

#[actix_web::test]
async fn course_list_filters_and_pages_in_code_order() {
    let server = TestServer::start().await;
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(after) => format!("/api/v1/courses?subject=CS&limit=3&cursor={}", after.replace(' ', "%20")),
            None => "/api/v1/courses?subject=CS&limit=3".to_string(),
        };
        let page = server.get_json(&path, 200).await;
        let courses = page["courses"].as_array().unwrap();
        assert!(courses.len() <= 3);
        seen.extend(courses.iter().map(|c| c["code"].as_str().unwrap().to_string()));
        match page["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_string()),
            None => break,
        }
    }
    assert!(seen.len() >= 8, "{seen:?}");
    assert!(seen.iter().all(|code| code.starts_with("CS ")));
    let mut sorted = seen.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(seen, sorted, "pages overlap or are out of order");

    let level = server.get_json("/api/v1/courses?level=300&limit=200", 200).await;
    assert!(level["courses"].as_array().unwrap().iter().all(|c| c["level"] == 300));
    let fall = server.get_json("/api/v1/courses?term=F&limit=200", 200).await;
    assert!(fall["courses"].as_array().unwrap().iter().all(|c| c["terms_offered"].as_array().unwrap().contains(&"F".into())));
}

#[actix_web::test]
async fn course_list_rejects_bad_parameters() {
    let server = TestServer::start().await;
    for (path, field) in [
        ("/api/v1/courses?limit=0", "limit"),
        ("/api/v1/courses?limit=201", "limit"),
        ("/api/v1/courses?term=X", "term"),
        ("/api/v1/courses?level=250", "level"),
    ] {
        let body = server.get_json(path, 400).await;
        assert_eq!(body["error"], "invalid_field", "{path}");
        assert_eq!(body["field"], field, "{path}");
    }
    let body = server.get_json("/api/v1/courses?limit=abc", 400).await;
    assert_eq!(body["error"], "invalid_query");
    let body = server.get_json("/api/v1/courses?colour=red", 400).await;
    assert_eq!(body["error"], "invalid_query");
}

#[actix_web::test]
async fn credentials_list_and_detail() {
    let server = TestServer::start().await;
    let list = server.get_json("/api/v1/credentials", 200).await;
    let credentials = list["credentials"].as_array().unwrap();
    assert!(credentials.len() >= 3, "{list}");
    let id = credentials[0]["id"].as_str().unwrap();

    let detail = server.get_json(&format!("/api/v1/credentials/{id}"), 200).await;
    assert_eq!(detail["id"], id);
    assert!(detail["requirements"]["type"].is_string());

    let missing = server.get_json("/api/v1/credentials/no-such-credential", 404).await;
    assert_eq!(missing["error"], "credential_not_found");
}

#[actix_web::test]
async fn graph_walks_both_directions_within_depth() {
    let server = TestServer::start().await;
    let graph = server.get_json("/api/v1/graph?course=CS240&direction=both&depth=2", 200).await;
    assert_eq!(graph["course"], "CS 240");
    let nodes = graph["nodes"].as_array().unwrap();
    assert_eq!(nodes[0]["code"], "CS 240");
    assert!(nodes.iter().all(|node| node["distance"].as_i64().unwrap().abs() <= 2));
    assert!(nodes.iter().any(|node| node["distance"].as_i64().unwrap() < 0), "no prerequisites");
    assert!(nodes.iter().any(|node| node["distance"].as_i64().unwrap() > 0), "no postrequisites");
    for edge in graph["edges"].as_array().unwrap() {
        assert!(["prerequisite", "corequisite"].contains(&edge["kind"].as_str().unwrap()));
        assert!(edge["group_kind"].is_string());
    }

    let prereqs = server.get_json("/api/v1/graph?course=CS240&direction=prereqs&depth=1", 200).await;
    assert!(prereqs["nodes"].as_array().unwrap().iter().all(|node| node["distance"].as_i64().unwrap() <= 0));

    let bad = server.get_json("/api/v1/graph?course=CS240&depth=9", 400).await;
    assert_eq!(bad["field"], "depth");
    let bad = server.get_json("/api/v1/graph?course=CS240&direction=sideways", 400).await;
    assert_eq!(bad["field"], "direction");
    server.get_json("/api/v1/graph?course=XYZ999", 404).await;
}

#[actix_web::test]
async fn search_ranks_codes_first_and_matches_word_prefixes() {
    let server = TestServer::start().await;
    let exact = server.get_json("/api/v1/search?q=cs246", 200).await;
    assert_eq!(exact["exact_match"], "CS 246");
    assert_eq!(exact["results"][0]["code"], "CS 246");

    let prefix = server.get_json("/api/v1/search?q=cs24", 200).await;
    let codes: Vec<&str> = prefix["results"].as_array().unwrap().iter().map(|r| r["code"].as_str().unwrap()).collect();
    assert!(codes.iter().all(|code| code.starts_with("CS 24")), "{codes:?}");
    assert!(codes.contains(&"CS 240"), "{codes:?}");
    assert!(codes.contains(&"CS 246"), "{codes:?}");

    let words = server.get_json("/api/v1/search?q=calc", 200).await;
    let titles: Vec<&str> = words["results"].as_array().unwrap().iter().map(|r| r["title"].as_str().unwrap()).collect();
    assert!(!titles.is_empty());
    assert!(titles[0].to_lowercase().contains("calculus"), "{titles:?}");

    let empty = server.get_json("/api/v1/search?q=", 400).await;
    assert_eq!(empty["field"], "q");
}

#[actix_web::test]
async fn etag_answers_304_and_sets_cache_control() {
    let server = TestServer::start().await;
    let response = server.get("/api/v1/courses/CS246").await;
    let etag = response.headers()[header::ETAG].to_str().unwrap().to_string();
    assert_eq!(etag, format!("\"{}\"", fixture_metadata()["index_id"].as_str().unwrap()));
    assert!(response.headers()[header::CACHE_CONTROL].to_str().unwrap().contains("max-age"));

    let revalidated = server.client.get(server.url("/api/v1/courses/CS246")).header(header::IF_NONE_MATCH, &etag).send().await.unwrap();
    assert_eq!(revalidated.status(), 304);
    assert!(revalidated.bytes().await.unwrap().is_empty());

    let stale = server.client.get(server.url("/api/v1/courses/CS246")).header(header::IF_NONE_MATCH, "\"other\"").send().await.unwrap();
    assert_eq!(stale.status(), 200);
}

#[actix_web::test]
async fn cors_allows_get_from_any_origin() {
    let server = TestServer::start().await;
    let response = server.client.get(server.url("/api/v1/index")).header(header::ORIGIN, "https://example.org").send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()[header::ACCESS_CONTROL_ALLOW_ORIGIN], "https://example.org");
}

#[actix_web::test]
async fn catalog_rate_limit_answers_429_with_retry_after() {
    let server = TestServer::start_with(&support::fixture_index_dir(), |config| config.rate_limit_catalog_per_minute = 5).await;
    for _ in 0..5 {
        assert_eq!(server.get("/api/v1/subjects").await.status(), 200);
    }
    let limited = server.get("/api/v1/subjects").await;
    assert_eq!(limited.status(), 429);
    let retry_after: u64 = limited.headers()[header::RETRY_AFTER].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&retry_after));
    let body: Value = limited.json().await.unwrap();
    assert_eq!(body["error"], "rate_limited");

    // Health stays outside the limit so the platform's checks keep working.
    assert_eq!(server.get("/api/v1/health").await.status(), 200);
}

#[actix_web::test]
async fn oversized_json_body_is_rejected_as_json() {
    let server = TestServer::start().await;
    let body = format!("{{\"q\": \"{}\"}}", "x".repeat(100_000));
    let response = server
        .client
        .post(server.url("/api/v1/advisory/eligibility"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let body: Value = response.json().await.unwrap();
    assert!(status == 413 || status == 404, "status {status}");
    assert!(body["error"].is_string());
}

#[actix_web::test]
async fn unknown_api_route_is_json_404() {
    let server = TestServer::start().await;
    let body = server.get_json("/api/v1/no-such-route", 404).await;
    assert_eq!(body["error"], "route_not_found");
}

#[actix_web::test]
async fn client_routes_fall_back_to_the_web_app() {
    let server = TestServer::start().await;
    for path in ["/", "/courses/CS246", "/plans/abc123"] {
        let response = server.get(path).await;
        assert_eq!(response.status(), 200, "{path}");
        assert!(response.headers()[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/html"), "{path}");
        assert!(response.text().await.unwrap().contains("<html"), "{path}");
    }
    assert_eq!(server.get("/missing-file.js").await.status(), 404);
}

#[actix_web::test]
async fn path_traversal_is_rejected() {
    let server = TestServer::start().await;
    for path in ["/.git/config", "/%2e%2e/Cargo.toml", "/assets/..%2f..%2fCargo.toml"] {
        let response = server.get(path).await;
        let status = response.status().as_u16();
        let text = response.text().await.unwrap();
        assert!(!text.contains("[package]"), "{path} leaked Cargo.toml");
        assert!(status == 400 || status == 404 || text.contains("<html"), "{path}: {status}");
    }
}

#[actix_web::test]
async fn openapi_lists_every_registered_route() {
    let server = TestServer::start().await;
    let document = server.get_json("/api/v1/openapi.json", 200).await;
    assert_eq!(document["openapi"], "3.0.3");
    let paths = document["paths"].as_object().unwrap();
    for route in uwscrape::http::api_routes() {
        assert!(paths.contains_key(*route), "{route} is registered but missing from openapi.json");
    }
    for (path, item) in paths {
        assert!(uwscrape::http::api_routes().contains(&path.as_str()), "{path} is documented but not listed");
        // Probe the live server: a registered route never returns route_not_found.
        let concrete = path.replace("{code}", "CS246").replace("{id}", "x");
        for method in item.as_object().unwrap().keys() {
            let method = reqwest::Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            let response = server.client.request(method.clone(), server.url(&concrete)).send().await.unwrap();
            let body: Value = response.json().await.unwrap_or(Value::Null);
            assert_ne!(body["error"], "route_not_found", "{method} {path} is documented but not registered");
        }
    }
}
