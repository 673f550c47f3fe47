use std::collections::HashSet;
use std::time::Duration;

use serde_json::json;

use super::*;
use crate::advisory::evaluate::{Evaluator, Mode, Outcome};
use crate::advisory::record::{CompletedInput, RecordInput};
use crate::advisory::testing::{catalog_with, extra_course, sample_catalog};
use crate::model::Term;

fn record(catalog: &Catalog, json: serde_json::Value) -> StudentRecord {
    let input: RecordInput = serde_json::from_value(json).unwrap();
    StudentRecord::validate(&input, catalog).unwrap()
}

fn constraints(json: serde_json::Value) -> Constraints {
    let input: ConstraintsInput = serde_json::from_value(json).unwrap();
    Constraints::validate(&input, &sample_catalog(), TermLabel::parse("2025F").unwrap()).unwrap()
}

fn plan_for(catalog: &Catalog, record_json: serde_json::Value, targets: &[&str], constraints_json: serde_json::Value) -> PathAnswer {
    let record = record(catalog, record_json);
    let goal = Goal::Courses(targets.iter().map(|code| code.to_string()).collect());
    find_path(catalog, &record, &goal, &constraints(constraints_json))
}

fn planned_codes(answer: &PathAnswer) -> Vec<String> {
    answer.terms.iter().flat_map(|term| term.courses.iter().map(|course| course.code.clone())).collect()
}

fn term_of(answer: &PathAnswer, code: &str) -> usize {
    answer.terms.iter().position(|term| term.courses.iter().any(|course| course.code == code)).unwrap_or_else(|| panic!("{code} not planned"))
}

/// Replays the plan term by term: every planned course must have its
/// prerequisites met by the record plus earlier terms, its corequisites by
/// those plus the same term, and the level of its term.
fn assert_plan_is_valid(catalog: &Catalog, start: &RecordInput, answer: &PathAnswer) {
    let mut input = start.clone();
    input.completed.extend(start.in_progress.iter().map(|code| CompletedInput { code: code.clone(), grade: Some(100.0) }));
    input.in_progress.clear();
    for term in &answer.terms {
        input.level = Some(term.level.to_string());
        input.in_progress = term.courses.iter().map(|course| course.code.clone()).collect();
        let record = StudentRecord::validate(&input, catalog).unwrap();
        let evaluator = Evaluator::new(catalog, &record);
        for planned in &term.courses {
            let course = catalog.course(&planned.code).unwrap();
            for (tree, mode) in [(&course.prereq, Mode::Prerequisite), (&course.coreq, Mode::Corequisite)] {
                if let Some(tree) = tree {
                    let outcome = evaluator.evaluate(tree, mode).outcome();
                    assert_ne!(outcome, Outcome::NotSatisfied, "{} in {} ({mode:?})", planned.code, term.term);
                }
            }
        }
        let completed = term.courses.iter().map(|course| CompletedInput { code: course.code.clone(), grade: Some(100.0) });
        input.completed.extend(completed);
    }
}

#[test]
fn cs341_from_empty_record_is_valid_and_ordered() {
    let catalog = sample_catalog();
    let record_json = json!({"programs": ["computer-science-bcs-2023-24"], "level": "1A"});
    let answer = plan_for(&catalog, record_json.clone(), &["CS 341"], json!({"start_term": "2025F"}));

    assert!(answer.feasible, "{:?}", answer.issues);
    assert!(answer.complete);
    let codes = planned_codes(&answer);
    for required in ["CS 240", "CS 245", "MATH 135", "CS 341"] {
        assert!(codes.contains(&required.to_string()), "{required} missing from {codes:?}");
    }
    assert_eq!(term_of(&answer, "CS 341"), answer.terms.len() - 1);
    assert!(answer.terms.iter().all(|term| term.courses.len() <= DEFAULT_MAX_PER_TERM));
    assert_eq!(answer.terms[0].term, "2025F");
    assert_eq!(answer.total_courses, codes.len());
    let input: RecordInput = serde_json::from_value(record_json).unwrap();
    assert_plan_is_valid(&catalog, &input, &answer);

    let combinatorics = answer.alternatives.iter().find(|decision| decision.course.as_deref() == Some("CS 341")).unwrap();
    assert_eq!(combinatorics.chosen.len(), 1);
    assert_eq!(combinatorics.others.len(), 1);
}

#[test]
fn cheaper_branch_is_chosen_and_alternative_listed() {
    let catalog = catalog_with(vec![
        extra_course("TEST 301", Some(json!({"type": "any", "children": [
            {"type": "course", "code": "STAT 330"}, {"type": "course", "code": "CS 115"}]})), None),
    ]);
    let answer = plan_for(&catalog, json!({}), &["TEST 301"], json!({}));
    assert_eq!(planned_codes(&answer), vec!["CS 115", "TEST 301"]);
    assert_eq!(answer.alternatives[0].chosen, vec!["CS 115"]);
    assert_eq!(answer.alternatives[0].others, vec!["STAT 330"]);
}

#[test]
fn cycle_is_explained() {
    let catalog = catalog_with(vec![
        extra_course("CYC 201", Some(json!({"type": "course", "code": "CYC 202"})), None),
        extra_course("CYC 202", Some(json!({"type": "course", "code": "CYC 201"})), None),
    ]);
    let answer = plan_for(&catalog, json!({}), &["CYC 201"], json!({}));
    assert!(!answer.feasible);
    let cycle = answer.issues.iter().find(|issue| issue.code == "cycle").expect("a cycle issue");
    assert!(cycle.message.contains("CYC 201 → CYC 202 → CYC 201"), "{}", cycle.message);
}

#[test]
fn avoid_list_steers_and_blocks() {
    let catalog = sample_catalog();
    let record_json = json!({"completed": [{"code": "CS 240"}, {"code": "MATH 135", "grade": 90}, {"code": "MATH 136"}], "programs": ["Computer Science", "Honours Mathematics"]});
    let answer = plan_for(&catalog, record_json.clone(), &["CS 341"], json!({"avoid": ["MATH 239"]}));
    assert!(answer.feasible, "{:?}", answer.issues);
    assert_eq!(planned_codes(&answer), vec!["MATH 249", "CS 341"]);

    let blocked = plan_for(&catalog, record_json, &["CS 341"], json!({"avoid": ["MATH 239", "MATH 249"]}));
    assert!(!blocked.feasible);
    assert!(blocked.issues.iter().any(|issue| issue.code == "avoided" && issue.severity == Severity::Blocking));
}

#[test]
fn consent_is_assumed_or_reported() {
    let catalog = sample_catalog();
    let assumed = plan_for(&catalog, json!({}), &["MATH 146"], json!({}));
    assert!(assumed.feasible);
    assert!(assumed.issues.iter().any(|issue| issue.code == "consent_assumed" && issue.course.as_deref() == Some("MATH 145")));

    let strict = plan_for(&catalog, json!({}), &["MATH 146"], json!({"assume_consent": false}));
    assert!(!strict.feasible);
    assert!(strict.issues.iter().any(|issue| issue.code == "consent_required"));
}

#[test]
fn corequisites_share_a_term() {
    let catalog = sample_catalog();
    let answer = plan_for(&catalog, json!({"completed": [{"code": "CS 135", "grade": 75}]}), &["CS 136"], json!({}));
    assert_eq!(answer.terms.len(), 1);
    assert_eq!(planned_codes(&answer), vec!["CS 136", "CS 136L"]);
}

#[test]
fn terms_offered_and_levels_delay_courses() {
    let catalog = sample_catalog();
    let answer = plan_for(&catalog, json!({}), &["CS 146"], json!({"start_term": "2025S"}));
    assert_eq!(answer.terms[term_of(&answer, "CS 145")].term, "2025F");
    assert_eq!(answer.terms[term_of(&answer, "CS 146")].term, "2026W");

    let ignoring = plan_for(&catalog, json!({}), &["CS 146"], json!({"start_term": "2025S", "respect_terms_offered": false}));
    assert_eq!(ignoring.terms[0].term, "2025S");

    let engineering = json!({"programs": ["Computer Engineering"], "level": "1A"});
    let answer = plan_for(&catalog, engineering, &["ECE 250"], json!({"start_term": "2025F"}));
    // Level 2A arrives in 2026S, when ECE 250 is not offered, so 2026F (2B).
    let term = &answer.terms[term_of(&answer, "ECE 250")];
    assert_eq!(term.term, "2026F");
    assert_eq!(term.level.to_string(), "2B");
    assert_eq!(answer.terms.len(), 4, "three empty terms, then ECE 250");
}

#[test]
fn max_per_term_is_respected() {
    let catalog = sample_catalog();
    let answer = plan_for(&catalog, json!({"programs": ["computer-science-bcs-2023-24"]}), &["CS 341", "CS 350"], json!({"max_per_term": 2}));
    assert!(answer.terms.iter().all(|term| term.courses.len() <= 2));
    assert!(answer.unscheduled.is_empty());
}

#[test]
fn program_and_unknown_courses_are_explained() {
    let catalog = sample_catalog();
    let answer = plan_for(&catalog, json!({"programs": ["Statistics"]}), &["CS 341"], json!({}));
    assert!(!answer.feasible);
    assert!(answer.issues.iter().any(|issue| issue.code == "program_not_met" && issue.course.as_deref() == Some("CS 341")));
    assert!(!answer.terms.is_empty(), "the plan is still returned");

    let catalog = catalog_with(vec![extra_course("TEST 302", Some(json!({"type": "course", "code": "ZZZ 999"})), None)]);
    let answer = plan_for(&catalog, json!({}), &["TEST 302"], json!({}));
    assert!(answer.issues.iter().any(|issue| issue.code == "unknown_course"));
}

#[test]
fn credential_goal_plans_required_courses() {
    let catalog = sample_catalog();
    let record = record(&catalog, json!({"programs": ["Statistics"], "level": "1A"}));
    let goal = Goal::Credential("statistics-major-2023-24".to_string());
    let answer = find_path(&catalog, &record, &goal, &constraints(json!({})));
    let codes = planned_codes(&answer);
    for required in ["MATH 135", "MATH 138", "STAT 330", "STAT 333", "MATH 237"] {
        assert!(codes.contains(&required.to_string()), "{required} missing from {codes:?}");
    }
    assert_eq!(answer.unplanned_rules, vec!["5. Two additional 300- or 400-level STAT courses".to_string()]);
    assert_eq!(answer.credential.as_deref(), Some("statistics-major-2023-24"));
}

#[test]
fn deadline_returns_best_plan_found() {
    // Twelve independent choices of four equal options: 4^12 plans.
    let mut extra = Vec::new();
    let mut groups = Vec::new();
    for group in 0..12 {
        let options: Vec<serde_json::Value> = (0..4)
            .map(|option| {
                let code = format!("OPT {}{}", 100 + group, option);
                extra.push(extra_course(&code, Some(json!({"type": "course", "code": "CS 115"})), None));
                json!({"type": "course", "code": code})
            })
            .collect();
        groups.push(json!({"type": "any", "children": options}));
    }
    extra.push(extra_course("WIDE 400", Some(json!({"type": "all", "children": groups})), None));
    let catalog = catalog_with(extra);
    let record = record(&catalog, json!({}));
    let goal = Goal::Courses(vec!["WIDE 400".to_string()]);
    let mut tight = constraints(json!({"max_per_term": 8}));
    tight.deadline = Duration::from_millis(1);
    let answer = find_path(&catalog, &record, &goal, &tight);
    assert!(answer.stopped_early);
    assert!(!answer.complete);
    assert_eq!(answer.total_courses, 14, "CS 115, one option per group and WIDE 400");
    let distinct: HashSet<String> = planned_codes(&answer).into_iter().collect();
    assert_eq!(distinct.len(), 14);
}

#[test]
fn many_choices_stay_within_branch_depth() {
    // 150 independent two-way choices nest deeper than MAX_BRANCH_DEPTH.
    let mut extra = Vec::new();
    let mut groups = Vec::new();
    for group in 0..150 {
        let options: Vec<serde_json::Value> = (0..2)
            .map(|option| {
                let code = format!("DEEP {}{}", 100 + group, option);
                extra.push(extra_course(&code, None, None));
                json!({"type": "course", "code": code})
            })
            .collect();
        groups.push(json!({"type": "any", "children": options}));
    }
    extra.push(extra_course("DEEP 999", Some(json!({"type": "all", "children": groups})), None));
    let catalog = catalog_with(extra);
    let record = record(&catalog, json!({}));
    let goal = Goal::Courses(vec!["DEEP 999".to_string()]);
    let mut tight = constraints(json!({"max_per_term": 8}));
    tight.deadline = Duration::from_millis(50);
    let answer = find_path(&catalog, &record, &goal, &tight);
    assert_eq!(answer.total_courses, 151);
    assert_eq!(answer.alternatives.len(), 150);
    assert!(!answer.complete, "choices past the depth limit were not explored");
}

#[test]
fn constraints_reject_out_of_range_values() {
    let catalog = sample_catalog();
    let upcoming = TermLabel { year: 2025, term: Term::F };
    let cases = [
        (json!({"max_per_term": 0}), "constraints.max_per_term"),
        (json!({"max_per_term": 9}), "constraints.max_per_term"),
        (json!({"deadline_ms": 2001}), "constraints.deadline_ms"),
        (json!({"start_term": "Fall"}), "constraints.start_term"),
        (json!({"avoid": ["CS 240", "XX 1"]}), "constraints.avoid[1]"),
    ];
    for (input, field) in cases {
        let input: ConstraintsInput = serde_json::from_value(input).unwrap();
        assert_eq!(Constraints::validate(&input, &catalog, upcoming).unwrap_err().field, field);
    }
}

#[test]
#[ignore = "prints a plan for reading"]
fn print_cs341_plan() {
    let catalog = sample_catalog();
    let answer = plan_for(&catalog, json!({"programs": ["computer-science-bcs-2023-24"], "level": "1A"}), &["CS 486"], json!({}));
    println!("{}", serde_json::to_string_pretty(&answer).unwrap());
}

#[test]
#[ignore = "prints search figures for reading"]
fn print_search_figures() {
    let catalog = sample_catalog();
    for targets in [vec!["CS 341"], vec!["CS 486"], vec!["CS 341", "CS 350", "STAT 330"]] {
        let answer = plan_for(&catalog, json!({"programs": ["computer-science-bcs-2023-24"], "level": "1A"}), &targets, json!({"deadline_ms": 2000}));
        println!("{targets:?}: {:?} courses={} complete={}", answer.search, answer.total_courses, answer.complete);
    }
}
