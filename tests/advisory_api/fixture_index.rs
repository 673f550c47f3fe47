//! Advisory routes on the project's fixture index
//! (`index-fixtures/math-engineering-support`), built by the index builder
//! and its requisite parser from calendar-shaped source files.

use std::path::PathBuf;

use serde_json::{json, Value};

use super::{assert_plan_replays, start, TestServer};

async fn fixture_index_server() -> TestServer {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("index-fixtures/math-engineering-support");
    start(&dir, "1000", Vec::new()).await
}

async fn eligibility(server: &TestServer, record: Value, target: &str) -> Value {
    let mut body = record;
    body["targets"] = json!([target]);
    let (status, answer, _) = server.post("/api/v1/advisory/eligibility", body).await;
    assert_eq!(status, 200, "{answer}");
    answer["results"][0].clone()
}

#[actix_web::test]
async fn fixture_cs341_depends_on_program() {
    let server = fixture_index_server().await;
    let completed = json!([{"code": "CS 240", "grade": 71}, {"code": "MATH 239", "grade": 64}]);
    let computer_science = eligibility(&server, json!({"completed": completed, "programs": ["Computer Science"]}), "CS 341").await;
    assert_eq!(computer_science["status"], "eligible", "{}", computer_science["tree"]);

    let statistics = eligibility(&server, json!({"completed": completed, "programs": ["Statistics"]}), "CS 341").await;
    assert_eq!(statistics["status"], "not_eligible");
    assert_eq!(statistics["tree"]["children"][2]["reason"]["code"], "not_in_program");
}

#[actix_web::test]
async fn fixture_stat230_grade_threshold() {
    let server = fixture_index_server().await;
    let record = |grade: u32| json!({"completed": [{"code": "MATH 137", "grade": grade}], "programs": ["Honours Mathematics"]});
    let under = eligibility(&server, record(64), "STAT 230").await;
    assert_eq!(under["status"], "not_eligible", "{}", under["tree"]);
    let at = eligibility(&server, record(65), "STAT 230").await;
    assert_eq!(at["status"], "eligible", "{}", at["tree"]);
}

#[actix_web::test]
async fn fixture_antirequisite_blocks_cs240() {
    let server = fixture_index_server().await;
    let record = json!({"completed": [{"code": "ECE 250", "grade": 80}], "programs": ["Computer Science"]});
    let result = eligibility(&server, record, "CS 240").await;
    assert_eq!(result["status"], "not_eligible");
    assert_eq!(result["antirequisite_conflicts"][0]["course"], "ECE 250");
}

#[actix_web::test]
async fn fixture_path_to_cs341_replays() {
    let server = fixture_index_server().await;
    let body = json!({
        "programs": ["computer-science-2023-24"], "level": "1A",
        "targets": ["CS 341"], "constraints": {"start_term": "2025F", "deadline_ms": 2000}
    });
    let (status, answer, _) = server.post("/api/v1/paths", body).await;
    assert_eq!(status, 200, "{answer}");
    let blocking: Vec<&Value> = answer["issues"].as_array().unwrap().iter().filter(|issue| issue["severity"] == "blocking").collect();
    assert!(blocking.is_empty(), "{blocking:?}");
    let terms = answer["terms"].as_array().unwrap();
    let last = terms.last().unwrap()["courses"].as_array().unwrap();
    assert!(last.iter().any(|course| course["code"] == "CS 341"), "{answer}");
    assert_plan_replays(&server, &answer).await;
}

#[actix_web::test]
async fn fixture_audit_computer_science() {
    let server = fixture_index_server().await;
    let body = json!({
        "completed": [
            {"code": "CS 135", "grade": 82}, {"code": "CS 136", "grade": 77}, {"code": "CS 136L", "grade": 90},
            {"code": "MATH 135", "grade": 70}, {"code": "MATH 136", "grade": 68}, {"code": "MATH 137", "grade": 75},
            {"code": "MATH 138", "grade": 66}, {"code": "CS 245", "grade": 71}, {"code": "CS 246", "grade": 80}
        ],
        "in_progress": ["CS 240", "STAT 230"],
        "level": "2B",
        "credential": "computer-science-2023-24"
    });
    let (status, answer, _) = server.post("/api/v1/advisory/audit", body).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["status"], "missing");
    let remaining: Vec<&str> = answer["remaining_courses"].as_array().unwrap().iter().map(|code| code.as_str().unwrap()).collect();
    assert!(remaining.contains(&"CS 341"), "{remaining:?}");
    assert!(!remaining.contains(&"CS 246"), "{remaining:?}");
    assert!(!remaining.contains(&"CS 240"), "in progress: {remaining:?}");
    let progress = answer["progress"].as_f64().unwrap();
    assert!(progress > 0.0, "{progress}");
    assert!(progress < 1.0, "{progress}");
}

#[actix_web::test]
async fn fixture_next_suggests_cs136_with_lab() {
    let server = fixture_index_server().await;
    let body = json!({"completed": [{"code": "CS 135", "grade": 80}], "programs": ["computer-science-2023-24"], "filters": {"subject": "CS"}});
    let (status, answer, _) = server.post("/api/v1/advisory/next", body).await;
    assert_eq!(status, 200, "{answer}");
    let cs136 = answer["eligible"].as_array().unwrap().iter().find(|course| course["code"] == "CS 136").expect("CS 136 is eligible");
    assert_eq!(cs136["take_with"], json!(["CS 136L"]));
}
