use serde_json::json;

use super::*;
use crate::advisory::record::RecordInput;
use crate::advisory::testing::sample_catalog;

fn record(catalog: &Catalog, json: serde_json::Value) -> StudentRecord {
    let input: RecordInput = serde_json::from_value(json).unwrap();
    StudentRecord::validate(&input, catalog).unwrap()
}

/// Builds a third-year Statistics transcript: every first-year course, most of the
/// core, one combinatorics course in progress.
fn statistics_transcript() -> serde_json::Value {
    json!({
        "completed": [
            {"code": "MATH 135", "grade": 72}, {"code": "MATH 136", "grade": 65},
            {"code": "MATH 137", "grade": 80}, {"code": "MATH 138", "grade": 70},
            {"code": "MATH 237", "grade": 68}, {"code": "STAT 230", "grade": 75},
            {"code": "STAT 231", "grade": 70}, {"code": "STAT 330", "grade": 66},
            {"code": "CO 250", "grade": 70}, {"code": "STAT 340", "grade": 77},
            {"code": "CS 135", "grade": 81}
        ],
        "in_progress": ["MATH 239"],
        "level": "3A",
        "programs": ["Statistics"]
    })
}

fn group(answer: &AuditAnswer, index: usize) -> &AuditNode {
    &answer.requirements.children[index]
}

#[test]
fn statistics_major_statuses_per_group() {
    let catalog = sample_catalog();
    let record = record(&catalog, statistics_transcript());
    let answer = audit(&catalog, &record, catalog.credential("statistics-major-2023-24").unwrap());

    assert_eq!(group(&answer, 0).status, AuditStatus::Complete);
    assert_eq!(group(&answer, 0).satisfied_by, vec!["MATH 135", "MATH 136", "MATH 137", "MATH 138"]);
    assert_eq!(group(&answer, 1).status, AuditStatus::Complete);
    assert_eq!(group(&answer, 2).status, AuditStatus::Missing);
    assert_eq!(group(&answer, 2).missing, vec!["STAT 333"]);
    assert_eq!(group(&answer, 3).status, AuditStatus::InProgress);
    assert_eq!(group(&answer, 3).satisfied_by, vec!["CO 250", "MATH 239"]);
    assert_eq!(group(&answer, 3).children[1].counted, Some(false), "MATH 235 is not counted");

    // STAT 330 is counted by group 3, so the rule only gets STAT 340.
    let rule = group(&answer, 4);
    assert_eq!(rule.satisfied_by, vec!["STAT 340"]);
    assert_eq!(rule.status, AuditStatus::Missing);

    assert_eq!(answer.status, AuditStatus::Missing);
    assert_eq!(answer.remaining_courses, vec!["STAT 333"]);
    assert_eq!(answer.remaining_rules, vec!["1 more course(s) for: 5. Two additional 300- or 400-level STAT courses"]);
    assert_eq!(answer.unused_courses, vec!["CS 135"]);
}

#[test]
fn progress_is_completed_over_required_units() {
    let catalog = sample_catalog();
    let record = record(&catalog, statistics_transcript());
    let answer = audit(&catalog, &record, catalog.credential("statistics-major-2023-24").unwrap());
    // Required: 4 + 1 + 4 + 2 courses and a rule for 2, at 0.5 units each.
    assert_eq!(answer.units_required, 6.5);
    assert_eq!(answer.units_completed, 5.0);
    assert_eq!(answer.units_in_progress, 0.5);
    assert!((answer.progress - 5.0 / 6.5).abs() < 1e-6, "{}", answer.progress);
    assert!((answer.progress_with_in_progress - 5.5 / 6.5).abs() < 1e-6);
}

#[test]
fn no_course_counts_twice() {
    let catalog = sample_catalog();
    let record = record(&catalog, statistics_transcript());
    let answer = audit(&catalog, &record, catalog.credential("statistics-major-2023-24").unwrap());
    let mut counted: Vec<String> = answer.requirements.satisfied_by.clone();
    let total = counted.len();
    counted.sort();
    counted.dedup();
    assert_eq!(counted.len(), total, "{:?}", answer.requirements.satisfied_by);
}

#[test]
fn failed_course_does_not_count() {
    let catalog = sample_catalog();
    let record = record(&catalog, json!({"completed": [{"code": "MATH 135", "grade": 45}, {"code": "MATH 137", "grade": 90}]}));
    let answer = audit(&catalog, &record, catalog.credential("statistics-major-2023-24").unwrap());
    assert_eq!(answer.failed_courses, vec!["MATH 135"]);
    assert!(answer.remaining_courses.contains(&"MATH 135".to_string()));
    assert_eq!(group(&answer, 0).satisfied_by, vec!["MATH 137"]);
}

#[test]
fn switching_credential_audits_the_same_record() {
    let catalog = sample_catalog();
    let record = record(&catalog, statistics_transcript());
    let answer = audit(&catalog, &record, catalog.credential("computer-science-bcs-2023-24").unwrap());
    assert_eq!(answer.status, AuditStatus::Missing);
    assert!(answer.remaining_courses.contains(&"CS 240".to_string()));
    assert!(!answer.remaining_courses.contains(&"STAT 230".to_string()));
    // Group 2 is "one of CS 135, CS 145", met by CS 135.
    assert_eq!(group(&answer, 1).status, AuditStatus::Complete);
    assert!(answer.progress > 0.0);
    assert!(answer.progress < 1.0);
}

#[test]
fn requirement_grade_and_unknown_rule() {
    let catalog = sample_catalog();
    let credential: Credential = serde_json::from_value(json!({
        "id": "test-minor", "name": "Test Minor", "kind": "minor", "faculty": null, "catalog_year": null, "groups": [],
        "requirements": {"type": "all", "children": [
            {"type": "course", "code": "STAT 230", "min_grade": 70},
            {"type": "additional", "text": "Approval of the minor advisor"}]}
    }))
    .unwrap();
    let low = record(&catalog, json!({"completed": [{"code": "STAT 230", "grade": 65}]}));
    let answer = audit(&catalog, &low, &credential);
    assert_eq!(group(&answer, 0).status, AuditStatus::Missing);
    assert_eq!(group(&answer, 1).status, AuditStatus::Unknown);
    assert_eq!(answer.status, AuditStatus::Missing);

    let high = record(&catalog, json!({"completed": [{"code": "STAT 230", "grade": 70}]}));
    let answer = audit(&catalog, &high, &credential);
    assert_eq!(group(&answer, 0).status, AuditStatus::Complete);
    assert_eq!(answer.status, AuditStatus::Unknown);
}
