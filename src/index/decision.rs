//! The release decision: `publish` only when no finding is an error, the
//! full-parse coverage reaches the floor, and the course count did not fall
//! by more than the allowed share against the previous published index.
//! Every reason carries its numbers, for `publish` as well as `blocked`.

use std::path::Path;

use crate::format::{BuildMetadata, ReleaseDecision, ReleaseReason, ReleaseStatus, Severity, ValidationReport, BUILD_METADATA};

/// Thresholds of the decision.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DecisionPolicy {
    /// Lowest share of courses with prerequisite text that must parse fully (0.95).
    pub coverage_floor: f64,
    /// Largest share of the previous course count that may disappear (0.10).
    pub max_course_drop: f64,
}

impl Default for DecisionPolicy {
    fn default() -> Self {
        DecisionPolicy { coverage_floor: 0.95, max_course_drop: 0.10 }
    }
}

/// The previous artefact's identity and course count, from its `build-metadata.json`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreviousBuild {
    /// Its index id.
    pub index_id: String,
    /// Its course count.
    pub courses: u64,
}

/// Reads `build-metadata.json` of a previous artefact directory.
pub fn read_previous(dir: &Path) -> anyhow::Result<PreviousBuild> {
    use anyhow::Context;
    let path = dir.join(BUILD_METADATA);
    let text = std::fs::read_to_string(&path).with_context(|| format!("failed to read the previous index's {}", path.display()))?;
    let metadata: BuildMetadata =
        serde_json::from_str(&text).with_context(|| format!("{} is not a valid build-metadata.json", path.display()))?;
    Ok(PreviousBuild { index_id: metadata.index_id, courses: metadata.counts.courses })
}

/// Decides whether the artefact may be published. `index_id` is filled in when written.
pub fn decide(report: &ValidationReport, courses: u64, previous: Option<&PreviousBuild>, policy: DecisionPolicy) -> ReleaseDecision {
    let mut blocking = Vec::new();
    let mut passed = Vec::new();

    let errors = report.findings.iter().filter(|finding| finding.severity == Severity::Error).count();
    if errors > 0 {
        let mut codes: Vec<&str> = report.findings.iter().filter(|f| f.severity == Severity::Error).map(|f| f.code.as_str()).collect();
        codes.dedup();
        blocking.push(reason("error_findings", format!("{errors} validation findings are errors ({}); fix them or patch the source", codes.join(", "))));
    } else {
        passed.push(reason("no_error_findings", "no validation finding is an error".to_string()));
    }

    let coverage = &report.coverage;
    let ratio_text = format!(
        "{} of {} courses with prerequisite text parsed fully ({:.2}%), floor {:.2}%",
        coverage.full,
        coverage.with_requisites,
        coverage.full_ratio * 100.0,
        policy.coverage_floor * 100.0
    );
    if coverage.full_ratio < policy.coverage_floor {
        blocking.push(reason("coverage_below_floor", format!("{ratio_text}: coverage is below the floor")));
    } else {
        passed.push(reason("coverage_meets_floor", ratio_text));
    }

    match previous {
        Some(previous) if previous.courses > 0 => {
            let drop = previous.courses.saturating_sub(courses) as f64 / previous.courses as f64;
            let text = format!(
                "{courses} courses against {} in the previous index {} ({:.2}% fewer, at most {:.2}% allowed)",
                previous.courses,
                previous.index_id,
                drop * 100.0,
                policy.max_course_drop * 100.0
            );
            if drop > policy.max_course_drop {
                blocking.push(reason("course_count_drop", text));
            } else {
                passed.push(reason("course_count_stable", text));
            }
        }
        _ => passed.push(reason("no_previous_index", format!("{courses} courses; no previous index to compare with"))),
    }

    let release_status = if blocking.is_empty() { ReleaseStatus::Publish } else { ReleaseStatus::Blocked };
    let reasons = if blocking.is_empty() { passed } else { blocking };
    ReleaseDecision { index_id: String::new(), release_status, reasons }
}

fn reason(code: &str, message: String) -> ReleaseReason {
    ReleaseReason { code: code.to_string(), message }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::{Finding, ParseCoverage};

    fn report(full: u64, with: u64, errors: usize) -> ValidationReport {
        let finding = Finding { severity: Severity::Error, code: "empty_title".into(), course: None, credential: None, message: "m".into() };
        ValidationReport {
            findings: vec![finding; errors],
            coverage: ParseCoverage { with_requisites: with, full, partial: with - full, none: 0, full_ratio: full as f64 / with as f64 },
            ..ValidationReport::default()
        }
    }

    #[test]
    fn clean_build_publishes_with_passed_checks() {
        let decision = decide(&report(96, 100, 0), 100, None, DecisionPolicy::default());
        assert_eq!(decision.release_status, ReleaseStatus::Publish);
        let codes: Vec<&str> = decision.reasons.iter().map(|reason| reason.code.as_str()).collect();
        assert_eq!(codes, ["no_error_findings", "coverage_meets_floor", "no_previous_index"]);
    }

    #[test]
    fn each_blocking_reason_has_numbers() {
        let previous = PreviousBuild { index_id: "abc".into(), courses: 200 };
        let decision = decide(&report(90, 100, 2), 150, Some(&previous), DecisionPolicy::default());
        assert_eq!(decision.release_status, ReleaseStatus::Blocked);
        let codes: Vec<&str> = decision.reasons.iter().map(|reason| reason.code.as_str()).collect();
        assert_eq!(codes, ["error_findings", "coverage_below_floor", "course_count_drop"]);
        assert!(decision.reasons[1].message.contains("90.00%"), "{}", decision.reasons[1].message);
        assert!(decision.reasons[2].message.contains("25.00% fewer"), "{}", decision.reasons[2].message);
    }
}
