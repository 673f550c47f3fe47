//! Saved plans over HTTP against the real server on port 0: tokens,
//! versions, bounds, rate limits, catalog checks and operator metrics.

mod common;

use common::{plan_json, write_index, TestApp, Workspace};
use reqwest::StatusCode;
use serde_json::{json, Value};

/// Creates a plan and returns the 201 body.
async fn create(app: &TestApp, body: &Value) -> Value {
    let response = app.client.post(app.url("/api/v1/plans")).json(body).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::CREATED, "{}", response.text().await.unwrap());
    assert_eq!(response.headers()["etag"], "\"1\"");
    response.json().await.unwrap()
}

fn bearer(token: &str) -> String {
    format!("Bearer {token}")
}

#[actix_web::test]
async fn plan_round_trip_with_tokens() {
    let workspace = Workspace::new();
    let app = TestApp::start(workspace.config(&[])).await;
    let created = create(&app, &plan_json("First year", &["cs135", "MATH-137"])).await;
    let id = created["id"].as_str().unwrap();
    assert_eq!(id.len(), 32);
    assert_eq!(created["version"], 1);
    assert_eq!(created["plan"]["terms"][0]["courses"], json!(["CS 135", "MATH 137"]));
    assert_eq!(created["unknown_courses"], json!([]));

    for token in [created["edit_token"].as_str().unwrap(), created["share_token"].as_str().unwrap()] {
        let response = app.client.get(app.url(&format!("/api/v1/plans/{id}"))).header("Authorization", bearer(token)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(response.headers()["etag"], "\"1\"");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["plan"], created["plan"]);
    }

    let edit = created["edit_token"].as_str().unwrap();
    let url = app.url(&format!("/api/v1/plans/{id}"));
    let response = app.client.delete(&url).header("Authorization", bearer(edit)).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let response = app.client.get(&url).header("Authorization", bearer(edit)).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"], "plan_not_found");
    app.stop().await;
}

#[actix_web::test]
async fn forged_other_plan_and_read_only_tokens_rejected() {
    let workspace = Workspace::new();
    let app = TestApp::start(workspace.config(&[])).await;
    let first = create(&app, &plan_json("A", &["CS 135"])).await;
    let second = create(&app, &plan_json("B", &["CS 136"])).await;
    let url = app.url(&format!("/api/v1/plans/{}", first["id"].as_str().unwrap()));
    let new_plan = plan_json("changed", &["CS 246"]);

    let cases = [
        (None, StatusCode::UNAUTHORIZED, "missing_token"),
        (Some("edit.00ff".to_string()), StatusCode::UNAUTHORIZED, "invalid_token"),
        (Some(second["edit_token"].as_str().unwrap().to_string()), StatusCode::UNAUTHORIZED, "invalid_token"),
        (Some(first["share_token"].as_str().unwrap().to_string()), StatusCode::FORBIDDEN, "read_only_token"),
    ];
    for (token, status, kind) in cases {
        for method in ["PUT", "DELETE"] {
            let mut request = app.client.request(method.parse().unwrap(), &url).header("If-Match", "\"1\"").json(&new_plan);
            if let Some(token) = &token {
                request = request.header("Authorization", bearer(token));
            }
            let response = request.send().await.unwrap();
            assert_eq!(response.status(), status, "{method} with {token:?}");
            let body: Value = response.json().await.unwrap();
            assert_eq!(body["error"], kind, "{method} with {token:?}");
        }
    }

    // A forged token for an id that does not exist gets the same 401.
    let response = app
        .client
        .get(app.url("/api/v1/plans/00000000000000000000000000000000"))
        .header("Authorization", bearer("edit.00ff"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);

    // The plan is unchanged.
    let response = app.client.get(&url).header("Authorization", bearer(first["edit_token"].as_str().unwrap())).send().await.unwrap();
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["version"], 1);
    assert_eq!(body["plan"]["name"], "A");
    app.stop().await;
}

#[actix_web::test]
async fn replace_needs_current_version() {
    let workspace = Workspace::new();
    let app = TestApp::start(workspace.config(&[])).await;
    let created = create(&app, &plan_json("A", &["CS 135"])).await;
    let url = app.url(&format!("/api/v1/plans/{}", created["id"].as_str().unwrap()));
    let edit = bearer(created["edit_token"].as_str().unwrap());

    let response = app.client.put(&url).header("Authorization", &edit).json(&plan_json("B", &[])).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::PRECONDITION_REQUIRED);
    assert_eq!(response.json::<Value>().await.unwrap()["error"], "precondition_required");

    let response = app.client.put(&url).header("Authorization", &edit).header("If-Match", "\"1\"").json(&plan_json("B", &[])).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["etag"], "\"2\"");

    let response = app.client.put(&url).header("Authorization", &edit).header("If-Match", "\"1\"").json(&plan_json("C", &[])).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::PRECONDITION_FAILED);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"], "version_conflict");
    assert_eq!(body["current_version"], 2);

    let response = app.client.get(&url).header("Authorization", &edit).send().await.unwrap();
    assert_eq!(response.json::<Value>().await.unwrap()["plan"]["name"], "B");
    app.stop().await;
}

#[actix_web::test]
async fn invalid_plans_name_the_field() {
    let workspace = Workspace::new();
    let app = TestApp::start(workspace.config(&[])).await;
    let too_many_terms: Vec<Value> = (0..25).map(|i| json!({"term": format!("T{i}")})).collect();
    let cases = [
        (json!({"name": "x", "terms": [{"term": "1A"}, {"term": "1B"}, {"term": "2A", "courses": ["CS 135", "???"]}]}), "terms[2].courses[1]"),
        (json!({"name": "x", "terms": too_many_terms}), "terms"),
        (json!({"name": ""}), "name"),
        (json!({"name": "x", "completed": [{"code": "CS135", "grade": 140}]}), "completed[0].grade"),
    ];
    for (body, field) in cases {
        let response = app.client.post(app.url("/api/v1/plans")).json(&body).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{field}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["error"], "invalid_field");
        assert_eq!(body["field"], field);
    }

    let response = app.client.post(app.url("/api/v1/plans")).json(&json!({"name": "x", "colour": "red"})).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(response.json::<Value>().await.unwrap()["error"], "invalid_json");

    let huge = json!({"name": "x", "notes": "n".repeat(70 * 1024)});
    let response = app.client.post(app.url("/api/v1/plans")).json(&huge).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    app.stop().await;
}

#[actix_web::test]
async fn mutations_are_limited_per_ip() {
    let workspace = Workspace::new();
    let app = TestApp::start(workspace.config(&[("UWSCRAPE_RATE_LIMIT_STATE_PER_IP_PER_MINUTE", "3")])).await;
    let created = create(&app, &plan_json("A", &[])).await;
    create(&app, &plan_json("B", &[])).await;
    create(&app, &plan_json("C", &[])).await;
    let response = app.client.post(app.url("/api/v1/plans")).json(&plan_json("D", &[])).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry_after: u64 = response.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&retry_after));

    // Reads are not limited.
    let url = app.url(&format!("/api/v1/plans/{}", created["id"].as_str().unwrap()));
    let response = app.client.get(&url).header("Authorization", bearer(created["share_token"].as_str().unwrap())).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);

    // Fly-Client-IP is ignored unless trusted, so it cannot dodge the limit.
    let response = app.client.post(app.url("/api/v1/plans")).header("Fly-Client-IP", "203.0.113.7").json(&plan_json("E", &[])).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    app.stop().await;
}

#[actix_web::test]
async fn course_missing_from_newer_index_is_flagged() {
    let workspace = Workspace::new();
    let app = TestApp::start(workspace.config(&[])).await;
    let created = create(&app, &plan_json("Keep me", &["CS 135", "CS 246"])).await;
    app.stop().await;

    // A newer index without CS 246, over the same state database.
    let newer = workspace.root.path().join("index-newer");
    write_index(&newer, &["CS 135", "CS 136", "MATH 135"]);
    let config = workspace.config(&[("UWSCRAPE_INDEX_DIR", newer.to_str().unwrap())]);
    let app = TestApp::start(config).await;
    let url = app.url(&format!("/api/v1/plans/{}", created["id"].as_str().unwrap()));
    let response = app.client.get(&url).header("Authorization", bearer(created["share_token"].as_str().unwrap())).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["plan"]["terms"][0]["courses"], json!(["CS 135", "CS 246"]));
    assert_eq!(body["unknown_courses"], json!(["CS 246"]));
    let flags = body["catalog_check"]["courses"].as_array().unwrap();
    assert_eq!(flags[1], json!({"path": "terms[0].courses[1]", "code": "CS 246", "in_catalog": false}));
    assert_eq!(flags[0]["in_catalog"], true);
    app.stop().await;
}

#[actix_web::test]
async fn metrics_route_absent_without_token() {
    let workspace = Workspace::new();
    let app = TestApp::start(workspace.config(&[])).await;
    let response = app.client.get(app.url("/internal/metrics")).header("Authorization", "Bearer anything").send().await.unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    app.stop().await;
}

#[actix_web::test]
async fn metrics_need_the_internal_token() {
    let workspace = Workspace::new();
    let app = TestApp::start(workspace.config(&[("UWSCRAPE_INTERNAL_TOKEN", "operator-secret")])).await;
    create(&app, &plan_json("A", &["CS 135"])).await;

    for authorization in [None, Some("Bearer wrong"), Some("Bearer operator-secre")] {
        let mut request = app.client.get(app.url("/internal/metrics"));
        if let Some(value) = authorization {
            request = request.header("Authorization", value);
        }
        assert_eq!(request.send().await.unwrap().status(), StatusCode::UNAUTHORIZED, "{authorization:?}");
    }

    // HTTP workers report request counts every 100 ms; wait for the report.
    let mut body = Value::Null;
    for _ in 0..50 {
        let response =
            app.client.get(app.url("/internal/metrics")).header("Authorization", "Bearer operator-secret").send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        body = response.json().await.unwrap();
        if body["http_requests_total"]["internal"]["4xx"] == 3 && body["http_requests_total"]["plans"]["2xx"] == 1 {
            break;
        }
        actix_web::rt::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(body["timestamp_unix"].as_i64().unwrap() > 1_700_000_000);
    assert_eq!(body["statestore_writes_total"], 1);
    assert_eq!(body["statestore_vacuum_failures_total"], 0);
    assert_eq!(body["http_requests_total"]["plans"]["2xx"], 1);
    assert_eq!(body["http_requests_total"]["internal"]["4xx"], 3);
    assert_eq!(body["statestore_write_latency_seconds"]["count"], 1);

    let response = app
        .client
        .get(app.url("/internal/metrics?format=prometheus"))
        .header("Authorization", "Bearer operator-secret")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/plain"));
    let text = response.text().await.unwrap();
    assert!(text.contains("# TYPE statestore_writes_total counter\nstatestore_writes_total 1\n"), "{text}");
    assert!(text.contains("http_requests_total{group=\"plans\",status_class=\"2xx\"} 1\n"), "{text}");
    app.stop().await;
}

#[actix_web::test]
async fn openapi_lists_plan_routes() {
    let workspace = Workspace::new();
    let app = TestApp::start(workspace.config(&[])).await;
    let document: Value = app.client.get(app.url("/api/v1/openapi.json")).send().await.unwrap().json().await.unwrap();
    assert!(document["paths"]["/api/v1/plans"]["post"].is_object());
    assert!(document["paths"]["/api/v1/plans/{id}"]["put"].is_object());
    app.stop().await;
}
