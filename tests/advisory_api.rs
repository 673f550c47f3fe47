//! The advisory and path routes over HTTP: a real server on port 0 serving
//! an index written from `tests/fixtures/advisory-catalog.json`, plus tests
//! against an index built from the real 2023-24 calendar when CI provides
//! one (`UWSCRAPE_REAL_INDEX_DIR`, with `UWSCRAPE_SHARED_DATA` set).

use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::{json, Value};
use uwscrape::config::Config;
use uwscrape::format::{write_artefact, Artefact, BuildMetadata, ReleaseDecision, ReleaseStatus, ValidationReport};
use uwscrape::model::{Course, CourseCode, Credential, ProgramGroup, Requisite, Term};
use uwscrape::server::Application;

const FIXTURE: &str = include_str!("fixtures/advisory-catalog.json");

#[derive(Deserialize)]
struct FixtureCourse {
    code: String,
    title: String,
    #[serde(default)]
    units: Option<f32>,
    #[serde(default)]
    terms: Option<Vec<Term>>,
    #[serde(default)]
    prereq: Option<Requisite>,
    #[serde(default)]
    coreq: Option<Requisite>,
    #[serde(default)]
    antireqs: Vec<String>,
}

#[derive(Deserialize)]
struct Fixture {
    courses: Vec<FixtureCourse>,
    credentials: Vec<Credential>,
    groups: Vec<ProgramGroup>,
}

fn course(entry: FixtureCourse) -> Course {
    let code = CourseCode::parse(&entry.code).unwrap();
    Course {
        code: code.to_string(),
        subject: code.subject().to_string(),
        number: code.number().to_string(),
        level: code.level(),
        title: entry.title,
        description: String::new(),
        units: entry.units.unwrap_or(0.5),
        terms_offered: entry.terms.unwrap_or_else(|| vec![Term::F, Term::W, Term::S]),
        notes: None,
        prereq_text: entry.prereq.as_ref().map(|_| "see tree".to_string()),
        prereq: entry.prereq,
        parse_status: None,
        coreq_text: entry.coreq.as_ref().map(|_| "see tree".to_string()),
        coreq: entry.coreq,
        antireq_text: None,
        antireqs: entry.antireqs,
        antireq_notes: None,
        crosslistings: Vec::new(),
    }
}

/// Writes the fixture catalog as a published index into `dir`.
fn write_fixture_index(dir: &Path) {
    let fixture: Fixture = serde_json::from_str(FIXTURE).unwrap();
    let mut courses: Vec<Course> = fixture.courses.into_iter().map(course).collect();
    courses.sort_by(|a, b| a.code.cmp(&b.code));
    let artefact = Artefact {
        metadata: BuildMetadata {
            index_id: String::new(),
            slug: "advisory-test".to_string(),
            catalog_year: "2023-24".to_string(),
            built_at: "2024-01-01T00:00:00Z".to_string(),
            schema_version: uwscrape::format::SCHEMA_VERSION,
            source: Vec::new(),
            counts: Default::default(),
            builder_version: "test".to_string(),
        },
        courses,
        credentials: fixture.credentials,
        groups: fixture.groups,
        report: ValidationReport::default(),
        decision: ReleaseDecision { index_id: String::new(), release_status: ReleaseStatus::Publish, reasons: Vec::new() },
        validation_report_md: "# Validation\n".to_string(),
        release_decision_md: "# Release\n".to_string(),
        build_report_md: "# Build\n".to_string(),
        parse_manifest: None,
        patch_applications: None,
    };
    write_artefact(dir, &artefact).unwrap();
}

/// A running server and the temp dirs it needs.
struct TestServer {
    base: String,
    client: reqwest::Client,
    _dirs: Vec<tempfile::TempDir>,
}

impl TestServer {
    async fn post(&self, path: &str, body: Value) -> (u16, Value, reqwest::header::HeaderMap) {
        let response = self.client.post(format!("{}{path}", self.base)).json(&body).send().await.unwrap();
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response.json::<Value>().await.unwrap_or(Value::Null);
        (status, body, headers)
    }
}

async fn start(index_dir: &Path, query_per_minute: &str, dirs: Vec<tempfile::TempDir>) -> TestServer {
    let data_dir = tempfile::tempdir().unwrap();
    let settings = [
        ("UWSCRAPE_BIND", "127.0.0.1:0".to_string()),
        ("UWSCRAPE_INDEX_DIR", index_dir.display().to_string()),
        ("UWSCRAPE_DATA_DIR", data_dir.path().display().to_string()),
        ("UWSCRAPE_CATALOG_WORKERS", "2".to_string()),
        ("UWSCRAPE_HTTP_WORKERS", "1".to_string()),
        ("UWSCRAPE_RATE_LIMIT_QUERY_PER_MINUTE", query_per_minute.to_string()),
    ];
    let config = Config::from_lookup(|name| settings.iter().find(|(key, _)| *key == name).map(|(_, value)| value.clone())).unwrap();
    let application = Application::build(config).unwrap();
    let base = format!("http://127.0.0.1:{}", application.port());
    actix_web::rt::spawn(application.run_until_stopped());
    let mut dirs = dirs;
    dirs.push(data_dir);
    TestServer { base, client: reqwest::Client::new(), _dirs: dirs }
}

async fn fixture_server(query_per_minute: &str) -> TestServer {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    write_fixture_index(&index);
    start(&index, query_per_minute, vec![dir]).await
}

#[actix_web::test]
async fn eligibility_returns_evaluated_tree() {
    let server = fixture_server("240").await;
    let body = json!({
        "completed": [{"code": "CS 240", "grade": 75}, {"code": "MATH 239", "grade": 68}],
        "programs": ["Computer Science"],
        "targets": ["cs341", "STAT 230"]
    });
    let (status, answer, headers) = server.post("/api/v1/advisory/eligibility", body).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(headers.get("cache-control").unwrap(), "no-store");
    let cs341 = &answer["results"][0];
    assert_eq!(cs341["course"], "CS 341");
    assert_eq!(cs341["status"], "eligible");
    assert_eq!(cs341["tree"]["children"][0]["reason"]["code"], "course_completed");
    assert_eq!(answer["results"][1]["status"], "not_eligible");
    assert!(answer["index_id"].is_string());
}

#[actix_web::test]
async fn unknown_code_names_field_with_suggestions() {
    let server = fixture_server("240").await;
    let body = json!({
        "completed": [{"code": "CS 240"}, {"code": "MATH 135"}, {"code": "CS 2401"}],
        "targets": ["CS 341"]
    });
    let (status, answer, _) = server.post("/api/v1/advisory/eligibility", body).await;
    assert_eq!(status, 400);
    assert_eq!(answer["error"], "invalid_field");
    assert_eq!(answer["field"], "completed[2].code");
    assert!(answer["suggestions"].as_array().unwrap().contains(&json!("CS 240")), "{answer}");
}

#[actix_web::test]
async fn bad_input_is_400_naming_the_field() {
    let server = fixture_server("1000").await;
    let many = |count: usize| -> Vec<String> { vec!["CS 240".to_string(); count] };
    let many_completed: Vec<Value> = (0..201).map(|_| json!({"code": "CS 240"})).collect();
    let cases = [
        ("/api/v1/advisory/eligibility", json!({"targets": []}), "targets"),
        ("/api/v1/advisory/eligibility", json!({}), "targets"),
        ("/api/v1/advisory/eligibility", json!({"targets": many(51)}), "targets"),
        ("/api/v1/advisory/eligibility", json!({"targets": ["CS 341"], "completed": many_completed}), "completed"),
        ("/api/v1/advisory/eligibility", json!({"targets": ["CS 341"], "in_progress": many(21)}), "in_progress"),
        ("/api/v1/advisory/eligibility", json!({"targets": ["CS 341"], "programs": vec!["Computer Science"; 11]}), "programs"),
        ("/api/v1/advisory/eligibility", json!({"targets": ["CS 341"], "completed": [{"code": "CS 240", "grade": 101}]}), "completed[0].grade"),
        ("/api/v1/advisory/eligibility", json!({"targets": ["CS 341"], "completed": [{"code": "CS 240", "grade": -1}]}), "completed[0].grade"),
        ("/api/v1/advisory/eligibility", json!({"targets": ["CS 341"], "completed": [{"code": "CS 240", "grade": "A"}]}), "completed[0]"),
        ("/api/v1/advisory/eligibility", json!({"targets": ["CS 341"], "level": "6C"}), "level"),
        ("/api/v1/advisory/eligibility", json!({"targets": ["CS 341"], "level": 3}), "level"),
        ("/api/v1/advisory/eligibility", json!({"targets": ["CS 341"], "programs": ["Underwater Basket Weaving"]}), "programs[0]"),
        ("/api/v1/advisory/eligibility", json!({"targets": ["CS 341"], "completd": []}), "completd"),
        ("/api/v1/advisory/eligibility", json!({"targets": ["CS 341", "XYZ 100"]}), "targets[1]"),
        ("/api/v1/advisory/next", json!({"limit": 501}), "limit"),
        ("/api/v1/advisory/next", json!({"filters": {"term": "X"}}), "filters.term"),
        ("/api/v1/advisory/next", json!({"filters": {"level": 250}}), "filters.level"),
        ("/api/v1/paths", json!({"targets": ["CS 341"], "constraints": {"max_per_term": 9}}), "constraints.max_per_term"),
        ("/api/v1/paths", json!({"targets": ["CS 341"], "constraints": {"deadline_ms": 5000}}), "constraints.deadline_ms"),
        ("/api/v1/paths", json!({"targets": ["CS 341"], "constraints": {"start_term": "next fall"}}), "constraints.start_term"),
        ("/api/v1/paths", json!({"targets": ["CS 341"], "credential": "Statistics"}), "targets"),
        ("/api/v1/paths", json!({}), "targets"),
        ("/api/v1/advisory/audit", json!({}), "credential"),
        ("/api/v1/advisory/audit", json!({"credential": "Astrology"}), "credential"),
    ];
    for (path, body, field) in cases {
        let (status, answer, _) = server.post(path, body.clone()).await;
        assert_eq!(status, 400, "{path} {body}: {answer}");
        assert_eq!(answer["field"], field, "{path} {body}: {answer}");
        assert!(answer["message"].as_str().is_some_and(|message| !message.is_empty()), "{answer}");
    }
}

#[actix_web::test]
async fn non_object_body_and_get_are_rejected() {
    let server = fixture_server("240").await;
    let (status, answer, _) = server.post("/api/v1/advisory/eligibility", json!(["CS 341"])).await;
    assert_eq!(status, 400);
    assert_eq!(answer["error"], "invalid_json");

    let response = server.client.get(format!("{}/api/v1/paths", server.base)).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 405);
    let answer: Value = response.json().await.unwrap();
    assert_eq!(answer["error"], "method_not_allowed");
}

#[actix_web::test]
async fn next_ranks_and_filters() {
    let server = fixture_server("240").await;
    let body = json!({"completed": [{"code": "CS 135", "grade": 80}], "programs": ["Honours Mathematics"], "limit": 3});
    let (status, answer, _) = server.post("/api/v1/advisory/next", body).await;
    assert_eq!(status, 200, "{answer}");
    let eligible = answer["eligible"].as_array().unwrap();
    assert_eq!(eligible.len(), 3);
    let totals: Vec<u64> = eligible.iter().map(|course| course["unlocks_total"].as_u64().unwrap()).collect();
    assert!(totals.windows(2).all(|pair| pair[0] >= pair[1]), "{totals:?}");
    // Consent (MATH 145, 147) and unparsed high-school text (MATH 135, 137) leave these open.
    assert_eq!(answer["maybe_total"], 4, "{answer}");
    assert!(answer["maybe"][0]["unchecked"][0].as_str().is_some_and(|text| !text.is_empty()));
    assert_eq!(answer["next_offset"], 3, "{answer}");

    let body = json!({"completed": [{"code": "CS 135", "grade": 80}], "filters": {"subject": "cs", "level": 100}});
    let (_, filtered, _) = server.post("/api/v1/advisory/next", body).await;
    let codes: Vec<&str> = filtered["eligible"].as_array().unwrap().iter().map(|course| course["code"].as_str().unwrap()).collect();
    assert!(codes.contains(&"CS 136"), "{codes:?}");
    assert!(codes.iter().all(|code| code.starts_with("CS 1")), "{codes:?}");
}

#[actix_web::test]
async fn paths_plan_course_and_credential() {
    let server = fixture_server("240").await;
    let body = json!({
        "programs": ["computer-science-bcs-2023-24"], "level": "1A",
        "targets": ["CS 341"], "constraints": {"start_term": "2025F", "max_per_term": 4, "deadline_ms": 2000}
    });
    let (status, answer, _) = server.post("/api/v1/paths", body).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["feasible"], true, "{}", answer["issues"]);
    assert_eq!(answer["complete"], true);
    assert_eq!(answer["stopped_early"], false);
    let terms = answer["terms"].as_array().unwrap();
    assert_eq!(terms[0]["term"], "2025F");
    assert!(terms.iter().all(|term| term["courses"].as_array().unwrap().len() <= 4));
    let last = terms.last().unwrap()["courses"].as_array().unwrap();
    assert!(last.iter().any(|course| course["code"] == "CS 341"));
    assert!(!answer["alternatives"].as_array().unwrap().is_empty());

    let body = json!({"programs": ["Statistics"], "credential": "statistics-major-2023-24"});
    let (status, answer, _) = server.post("/api/v1/paths", body).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["credential"], "statistics-major-2023-24");
    // Four first-year courses, one of MATH 237/247, four STAT courses and two of group 4.
    assert_eq!(answer["total_courses"], 11, "{answer}");
    assert_eq!(answer["unplanned_rules"].as_array().unwrap().len(), 1);
}

#[actix_web::test]
async fn audit_reports_groups_and_progress() {
    let server = fixture_server("240").await;
    let body = json!({
        "completed": [
            {"code": "MATH 135", "grade": 72}, {"code": "MATH 136", "grade": 65}, {"code": "MATH 137", "grade": 80},
            {"code": "MATH 138", "grade": 70}, {"code": "STAT 230", "grade": 75}, {"code": "STAT 330", "grade": 66}
        ],
        "in_progress": ["STAT 231"],
        "credential": "Statistics"
    });
    let (status, answer, _) = server.post("/api/v1/advisory/audit", body).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["credential"], "statistics-major-2023-24");
    assert_eq!(answer["requirements"]["children"][0]["status"], "complete");
    assert_eq!(answer["requirements"]["children"][2]["status"], "missing");
    let progress = answer["progress"].as_f64().unwrap();
    assert!(progress > 0.3, "{progress}");
    assert!(progress < 0.7, "{progress}");
    let remaining: Vec<&str> = answer["remaining_courses"].as_array().unwrap().iter().map(|code| code.as_str().unwrap()).collect();
    assert!(remaining.contains(&"STAT 333"), "{remaining:?}");
    assert!(!remaining.contains(&"STAT 231"), "in progress is not remaining");
}

#[actix_web::test]
async fn query_limit_returns_429_with_retry_after() {
    let server = fixture_server("3").await;
    let body = json!({"targets": ["CS 341"]});
    for _ in 0..3 {
        let (status, _, _) = server.post("/api/v1/advisory/eligibility", body.clone()).await;
        assert_eq!(status, 200);
    }
    let (status, answer, headers) = server.post("/api/v1/paths", body).await;
    assert_eq!(status, 429);
    assert_eq!(answer["error"], "rate_limited");
    let retry_after: u64 = headers.get("retry-after").unwrap().to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&retry_after));
}

#[actix_web::test]
async fn openapi_lists_advisory_routes() {
    let server = fixture_server("240").await;
    let document: Value = server.client.get(format!("{}/api/v1/openapi.json", server.base)).send().await.unwrap().json().await.unwrap();
    for path in ["/api/v1/advisory/eligibility", "/api/v1/advisory/next", "/api/v1/advisory/audit", "/api/v1/paths"] {
        assert!(document["paths"][path]["post"].is_object(), "{path} missing");
    }
    assert!(document["components"]["schemas"]["PathAnswer"].is_object());
}

#[path = "advisory_api/fixture_index.rs"]
mod fixture_index;
#[path = "advisory_api/real_data.rs"]
mod real_data;

/// Replays a plan through the eligibility route: with the earlier terms
/// completed and the same term in progress, no planned course may be
/// `not_eligible` in its term.
async fn assert_plan_replays(server: &TestServer, answer: &Value) {
    let mut completed: Vec<Value> = Vec::new();
    for term in answer["terms"].as_array().unwrap() {
        let codes: Vec<Value> = term["courses"].as_array().unwrap().iter().map(|course| course["code"].clone()).collect();
        for code in &codes {
            let body = json!({"completed": completed, "in_progress": codes, "level": term["level"], "targets": [code]});
            let (status, result, _) = server.post("/api/v1/advisory/eligibility", body).await;
            assert_eq!(status, 200, "{result}");
            let result = &result["results"][0];
            assert_ne!(result["status"], "not_eligible", "{code} in {}: {}", term["term"], result["tree"]);
        }
        completed.extend(codes.iter().map(|code| json!({"code": code, "grade": 90})));
    }
}

/// Returns the real-data index directory, or `None` (with a printed line) when the
/// environment does not provide one.
fn real_index_dir() -> Option<PathBuf> {
    if std::env::var_os("UWSCRAPE_SHARED_DATA").is_none() {
        println!("skipped: UWSCRAPE_SHARED_DATA is unset, so no real-data index");
        return None;
    }
    match std::env::var_os("UWSCRAPE_REAL_INDEX_DIR") {
        Some(dir) => Some(PathBuf::from(dir)),
        None => {
            println!("skipped: UWSCRAPE_REAL_INDEX_DIR is unset; build the math-engineering-support index and point it there");
            None
        }
    }
}

