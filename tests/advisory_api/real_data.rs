//! Advisory results on the math-engineering-support index built from the
//! real 2023-24 calendar. Program names of the real taxonomy are not known
//! here, so these records name no program and program conditions stay
//! `unknown`; the checks are about courses, grades, levels and consent.

use serde_json::{json, Value};

use super::{real_index_dir, start, TestServer};

async fn real_server() -> Option<TestServer> {
    let dir = real_index_dir()?;
    Some(start(&dir, "10000", Vec::new()).await)
}

/// Collects every leaf of an evaluated tree.
fn leaves(tree: &Value, found: &mut Vec<Value>) {
    match tree["children"].as_array() {
        Some(children) => children.iter().for_each(|child| leaves(child, found)),
        None if tree.is_object() => found.push(tree.clone()),
        None => {}
    }
}

async fn eligibility(server: &TestServer, record: Value, target: &str) -> Value {
    let mut body = record;
    body["targets"] = json!([target]);
    let (status, answer, _) = server.post("/api/v1/advisory/eligibility", body).await;
    assert_eq!(status, 200, "{answer}");
    answer["results"][0].clone()
}

#[actix_web::test]
async fn real_path_to_cs341_from_empty_record() {
    let Some(server) = real_server().await else { return };
    let body = json!({"level": "1A", "targets": ["CS 341"], "constraints": {"start_term": "2024F", "deadline_ms": 2000}});
    let (status, answer, _) = server.post("/api/v1/paths", body).await;
    assert_eq!(status, 200, "{answer}");
    let terms = answer["terms"].as_array().unwrap();
    let last = terms.last().unwrap()["courses"].as_array().unwrap();
    assert!(last.iter().any(|course| course["code"] == "CS 341"), "{answer}");

    super::assert_plan_replays(&server, &answer).await;
}

#[actix_web::test]
async fn real_stat230_group_grade_threshold() {
    let Some(server) = real_server().await else { return };
    let grade_leaf = |result: &Value| {
        let mut found = Vec::new();
        leaves(&result["tree"], &mut found);
        found.into_iter().find(|leaf| leaf["code"] == "MATH 137").unwrap_or_else(|| panic!("no MATH 137 leaf: {}", result["tree"]))
    };

    let under = eligibility(&server, json!({"completed": [{"code": "MATH 137", "grade": 79}]}), "STAT 230").await;
    assert_eq!(grade_leaf(&under)["min_grade"], 80);
    assert_eq!(grade_leaf(&under)["reason"]["code"], "grade_too_low");
    assert_eq!(under["status"], "not_eligible");

    let at = eligibility(&server, json!({"completed": [{"code": "MATH 137", "grade": 80}]}), "STAT 230").await;
    assert_eq!(grade_leaf(&at)["reason"]["code"], "course_completed");
    assert_ne!(at["status"], "not_eligible");
}

#[actix_web::test]
async fn real_math239_level_branch() {
    let Some(server) = real_server().await else { return };
    let level_reason = |result: &Value| {
        let mut found = Vec::new();
        leaves(&result["tree"], &mut found);
        let leaf = found.into_iter().find(|leaf| leaf["type"] == "level").unwrap_or_else(|| panic!("no level leaf: {}", result["tree"]));
        leaf["reason"]["code"].clone()
    };
    let second_year = eligibility(&server, json!({"level": "2A"}), "MATH 239").await;
    assert_eq!(level_reason(&second_year), "level_met");
    let first_year = eligibility(&server, json!({"level": "1B"}), "MATH 239").await;
    assert_eq!(level_reason(&first_year), "level_too_low");

    let honours = json!({"completed": [{"code": "MATH 135", "grade": 75}, {"code": "MATH 136", "grade": 70}], "level": "1B"});
    let result = eligibility(&server, honours, "MATH 239").await;
    assert_ne!(result["status"], "not_eligible", "{}", result["tree"]);
}

#[actix_web::test]
async fn real_consent_course_is_unknown() {
    let Some(server) = real_server().await else { return };
    // The 2023-24 calendar states consent in the notes ("Instructor Consent Required").
    let result = eligibility(&server, json!({}), "CO 439").await;
    assert_eq!(result["status"], "unknown", "{result}");
    assert_eq!(result["consent_required"], "instructor");

    // MATH 147 needs department consent on top of an otherwise checkable prerequisite.
    let result = eligibility(&server, json!({"programs": []}), "MATH 147").await;
    assert_ne!(result["status"], "not_eligible", "{result}");
    assert_eq!(result["consent_required"], "department");
}

#[actix_web::test]
async fn real_antirequisite_conflict() {
    let Some(server) = real_server().await else { return };
    let result = eligibility(&server, json!({"completed": [{"code": "ECE 250", "grade": 80}]}), "CS 240").await;
    assert_eq!(result["status"], "not_eligible");
    let conflicts = result["antirequisite_conflicts"].as_array().unwrap();
    assert!(conflicts.iter().any(|conflict| conflict["course"] == "ECE 250"), "{conflicts:?}");
}

#[actix_web::test]
async fn real_statistics_major_audit() {
    let Some(server) = real_server().await else { return };
    let credentials: Value = server.client.get(format!("{}/api/v1/credentials", server.base)).send().await.unwrap().json().await.unwrap();
    let list = credentials.as_array().cloned().or_else(|| credentials["credentials"].as_array().cloned()).unwrap_or_default();
    let statistics = list
        .iter()
        .find(|credential| credential["name"] == "Statistics" && credential["catalog_year"].as_str().is_some_and(|year| year.starts_with("2023")))
        .unwrap_or_else(|| panic!("no 2023-24 Statistics major in {credentials}"));

    let transcript = json!({
        "completed": [
            {"code": "MATH 135", "grade": 78}, {"code": "MATH 136", "grade": 74}, {"code": "MATH 137", "grade": 81},
            {"code": "MATH 138", "grade": 76}, {"code": "CS 115", "grade": 85}, {"code": "CS 116", "grade": 80},
            {"code": "MATH 235", "grade": 70}, {"code": "MATH 237", "grade": 68}, {"code": "STAT 230", "grade": 77},
            {"code": "STAT 231", "grade": 72}, {"code": "STAT 330", "grade": 70}, {"code": "STAT 331", "grade": 74}
        ],
        "in_progress": ["STAT 333", "STAT 340"],
        "level": "3B",
        "credential": statistics["id"]
    });
    let (status, answer, _) = server.post("/api/v1/advisory/audit", transcript).await;
    assert_eq!(status, 200, "{answer}");
    let progress = answer["progress"].as_f64().unwrap();
    assert!(progress > 0.0, "{progress}");
    assert!(progress < 1.0, "{progress}");
    assert!(answer["progress_with_in_progress"].as_f64().unwrap() > progress);

    let counted: Vec<&str> = answer["requirements"]["satisfied_by"].as_array().unwrap().iter().map(|code| code.as_str().unwrap()).collect();
    let mut distinct = counted.clone();
    distinct.sort_unstable();
    distinct.dedup();
    assert_eq!(distinct.len(), counted.len(), "a course counted twice: {counted:?}");
    assert!(counted.contains(&"STAT 330"), "{counted:?}");
    assert!(!answer["remaining_courses"].as_array().unwrap().is_empty() || !answer["remaining_rules"].as_array().unwrap().is_empty());
}
