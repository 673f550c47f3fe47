//! Validation of a built catalog: findings about courses and credentials,
//! and parse coverage overall and by subject.
//!
//! Guarantee: the output is sorted (severity, code, course, credential,
//! message), so two builds of the same inputs report identically.

use std::collections::{BTreeMap, BTreeSet};

use super::cycles::find_cycles;
use crate::format::{Finding, ParseCoverage, Severity, ValidationReport};
use crate::model::{Course, Credential, ParseStatus, Requisite};

/// Largest unit value a single course can carry; the calendar's largest are
/// 2.5-unit co-op and thesis blocks, so anything above this is a typo.
const MAX_UNITS: f32 = 5.0;

/// Checks the catalog, adds the findings to `findings` and returns the report.
pub fn validate(courses: &[Course], credentials: &[Credential], mut findings: Vec<Finding>) -> ValidationReport {
    let known: BTreeSet<&str> = courses.iter().map(|course| course.code.as_str()).collect();
    for course in courses {
        check_course(course, &known, &mut findings);
    }
    for credential in credentials {
        check_credential(credential, &known, &mut findings);
    }
    for cycle in find_cycles(courses) {
        findings.push(finding(
            Severity::Error,
            "prerequisite_cycle",
            Some(&cycle[0]),
            format!("prerequisites form a cycle: {}; no student can take these courses in order", cycle.join(" → ")),
        ));
    }

    findings.sort_by(|a, b| {
        (a.severity, &a.code, &a.course, &a.credential, &a.message).cmp(&(b.severity, &b.code, &b.course, &b.credential, &b.message))
    });
    findings.dedup();
    let (coverage, coverage_by_subject) = coverage(courses);
    ValidationReport { findings, coverage, coverage_by_subject }
}

/// Builds a finding about a course.
pub fn finding(severity: Severity, code: &str, course: Option<&str>, message: String) -> Finding {
    Finding { severity, code: code.to_string(), course: course.map(str::to_string), credential: None, message }
}

fn check_course(course: &Course, known: &BTreeSet<&str>, findings: &mut Vec<Finding>) {
    let code = course.code.as_str();
    if course.title.trim().is_empty() {
        findings.push(finding(Severity::Error, "empty_title", Some(code), format!("{code} has an empty title")));
    }
    // Zero is real: seminars and work-term reports carry no credit.
    if !(course.units >= 0.0 && course.units <= MAX_UNITS) {
        findings.push(finding(
            Severity::Error,
            "impossible_units",
            Some(code),
            format!("{code} has {} units; a course carries from 0 to {MAX_UNITS} units", course.units),
        ));
    }

    for (kind, tree) in [("prerequisite", &course.prereq), ("corequisite", &course.coreq)] {
        let Some(tree) = tree else { continue };
        let mut named: BTreeSet<&str> = BTreeSet::new();
        tree.walk(&mut |node| match node {
            Requisite::Course { code: target, .. } => {
                named.insert(target.as_str());
            }
            Requisite::Program { name, groups, .. } if groups.is_empty() => findings.push(finding(
                Severity::Warning,
                "unresolved_program_phrase",
                Some(code),
                format!("{code}: the {kind} program phrase \"{name}\" matches no program group of the taxonomy"),
            )),
            _ => {}
        });
        for target in named {
            if target == code {
                findings.push(finding(Severity::Warning, "self_reference", Some(code), format!("{code} names itself as a {kind}")));
            } else if !known.contains(target) {
                findings.push(finding(
                    Severity::Warning,
                    "unknown_requisite_course",
                    Some(code),
                    format!("{code}: {kind} {target} is not a course of this index"),
                ));
            }
        }
    }

    for antireq in &course.antireqs {
        if !known.contains(antireq.as_str()) && antireq != code {
            findings.push(finding(
                Severity::Info,
                "unknown_antirequisite_course",
                Some(code),
                format!("{code}: antirequisite {antireq} is not a course of this index"),
            ));
        }
    }
}

fn check_credential(credential: &Credential, known: &BTreeSet<&str>, findings: &mut Vec<Finding>) {
    let unknown: BTreeSet<&str> = credential.requirements.course_codes().into_iter().filter(|code| !known.contains(code)).collect();
    for code in unknown {
        findings.push(Finding {
            severity: Severity::Warning,
            code: "unknown_credential_course".into(),
            course: Some(code.to_string()),
            credential: Some(credential.id.clone()),
            message: format!("credential {} requires {code}, which is not a course of this index", credential.id),
        });
    }
}

/// Coverage of prerequisite parsing, overall and by subject.
pub fn coverage(courses: &[Course]) -> (ParseCoverage, BTreeMap<String, ParseCoverage>) {
    let mut overall = ParseCoverage::default();
    let mut by_subject: BTreeMap<String, ParseCoverage> = BTreeMap::new();
    for course in courses {
        let Some(status) = course.parse_status else { continue };
        for coverage in [&mut overall, by_subject.entry(course.subject.clone()).or_default()] {
            coverage.with_requisites += 1;
            match status {
                ParseStatus::Full => coverage.full += 1,
                ParseStatus::Partial => coverage.partial += 1,
                ParseStatus::None => coverage.none += 1,
            }
        }
    }
    for coverage in std::iter::once(&mut overall).chain(by_subject.values_mut()) {
        coverage.full_ratio = if coverage.with_requisites == 0 { 1.0 } else { coverage.full as f64 / coverage.with_requisites as f64 };
    }
    (overall, by_subject)
}

/// Counts the unparsed fragments of prerequisite and corequisite trees and
/// returns at most `limit`, most frequent first (ties by text).
pub fn frequent_unparsed(courses: &[Course], limit: usize) -> Vec<(String, u64)> {
    let mut counts: BTreeMap<&str, u64> = BTreeMap::new();
    for tree in courses.iter().flat_map(|course| [&course.prereq, &course.coreq]).flatten() {
        tree.walk(&mut |node| {
            if let Requisite::Unparsed { text } = node {
                *counts.entry(text.as_str()).or_default() += 1;
            }
        });
    }
    let mut ranked: Vec<(String, u64)> = counts.into_iter().map(|(text, count)| (text.to_string(), count)).collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    ranked.truncate(limit);
    ranked
}
