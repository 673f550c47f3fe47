//! Markdown renderings of a build: `validation-report.md`,
//! `release-decision.md` and `build-report.md`.
//!
//! Everything but the timings section of the build report depends only on
//! the build's inputs, so two builds of the same inputs render the same text
//! apart from `built_at` and the timings.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::time::Duration;

use crate::format::{BuildMetadata, Finding, ParseCoverage, ReleaseDecision, ReleaseStatus, ValidationReport};

/// Examples shown per finding code in `validation-report.md`.
const EXAMPLES_PER_CODE: usize = 5;

/// Heading of the timings section, the one part of `build-report.md` that
/// differs between two builds of the same inputs.
pub const TIMINGS_HEADING: &str = "## Timings";

/// Renders `validation-report.md`: findings grouped by code, counted, with examples.
pub fn validation_report_md(slug: &str, report: &ValidationReport) -> String {
    let mut text = format!("# Validation report: {slug}\n\n");
    let mut groups: BTreeMap<(crate::format::Severity, &str), Vec<&Finding>> = BTreeMap::new();
    for finding in &report.findings {
        groups.entry((finding.severity, finding.code.as_str())).or_default().push(finding);
    }
    let _ = writeln!(text, "{} findings in {} kinds.\n", report.findings.len(), groups.len());
    if !groups.is_empty() {
        text.push_str("| severity | code | count |\n| --- | --- | ---: |\n");
        for ((severity, code), findings) in &groups {
            let _ = writeln!(text, "| {} | `{code}` | {} |", severity_name(*severity), findings.len());
        }
        text.push('\n');
    }
    for ((severity, code), findings) in &groups {
        let _ = writeln!(text, "## `{code}` ({}, {})\n", severity_name(*severity), findings.len());
        for finding in findings.iter().take(EXAMPLES_PER_CODE) {
            let _ = writeln!(text, "- {}", escape(&finding.message));
        }
        if findings.len() > EXAMPLES_PER_CODE {
            let _ = writeln!(text, "- … and {} more in `validation-report.json`", findings.len() - EXAMPLES_PER_CODE);
        }
        text.push('\n');
    }
    text.push_str("## Parse coverage\n\n");
    text.push_str(&coverage_line(&report.coverage));
    text
}

/// Renders `release-decision.md`.
pub fn release_decision_md(slug: &str, index_id: &str, decision: &ReleaseDecision) -> String {
    let status = match decision.release_status {
        ReleaseStatus::Publish => "publish",
        ReleaseStatus::Blocked => "blocked",
    };
    let mut text = format!("# Release decision: {slug}\n\nIndex `{index_id}`: **{status}**.\n\n");
    text.push_str(match decision.release_status {
        ReleaseStatus::Publish => "Checks that passed:\n\n",
        ReleaseStatus::Blocked => "Reasons the index must not be served:\n\n",
    });
    for reason in &decision.reasons {
        let _ = writeln!(text, "- `{}`: {}", reason.code, escape(&reason.message));
    }
    text
}

/// Inputs of the build report beyond the metadata and the validation report.
pub struct BuildReportInput<'a> {
    /// Build metadata, with its index id.
    pub metadata: &'a BuildMetadata,
    /// Validation report.
    pub report: &'a ValidationReport,
    /// The release decision.
    pub decision: &'a ReleaseDecision,
    /// The most frequent unparsed fragments with their counts.
    pub unparsed: &'a [(String, u64)],
    /// Wall-clock time of each step, in order; `None` for a reproducible
    /// build, whose report must not change between runs.
    pub timings: Option<&'a [(String, Duration)]>,
}

/// Renders `build-report.md`.
pub fn build_report_md(input: &BuildReportInput) -> String {
    let metadata = input.metadata;
    let mut text = format!("# Build report: {}\n\n", metadata.slug);
    let status = match input.decision.release_status {
        ReleaseStatus::Publish => "publish",
        ReleaseStatus::Blocked => "blocked",
    };
    let _ = writeln!(
        text,
        "Index `{}`, catalog year {}, format version {}, built by uwscrape {} at {}. Release decision: **{status}**.\n",
        metadata.index_id, metadata.catalog_year, metadata.schema_version, metadata.builder_version, metadata.built_at
    );

    text.push_str("## Inputs\n\n| role | format | path | records | sha256 |\n| --- | --- | --- | ---: | --- |\n");
    for input in &metadata.source {
        let _ = writeln!(text, "| {} | {} | `{}` | {} | `{}` |", input.role, input.format, input.path, input.records, input.sha256);
    }

    let counts = &metadata.counts;
    text.push_str("\n## Counts\n\n| what | count |\n| --- | ---: |\n");
    for (name, value) in [
        ("courses", counts.courses),
        ("subjects", counts.subjects),
        ("credentials", counts.credentials),
        ("program groups", counts.program_groups),
        ("graph edges", counts.graph_edges),
        ("rejected records", counts.rejected_records),
        ("findings", input.report.findings.len() as u64),
    ] {
        let _ = writeln!(text, "| {name} | {value} |");
    }

    text.push_str("\n## Parse coverage\n\n");
    text.push_str(&coverage_line(&input.report.coverage));
    text.push_str("\n| subject | with prerequisites | full | partial | none | full share |\n| --- | ---: | ---: | ---: | ---: | ---: |\n");
    for (subject, coverage) in &input.report.coverage_by_subject {
        let _ = writeln!(
            text,
            "| {subject} | {} | {} | {} | {} | {:.1}% |",
            coverage.with_requisites,
            coverage.full,
            coverage.partial,
            coverage.none,
            coverage.full_ratio * 100.0
        );
    }

    let _ = writeln!(text, "\n## Most frequent unparsed fragments\n");
    if input.unparsed.is_empty() {
        text.push_str("Every requisite fragment was parsed.\n");
    } else {
        text.push_str("| count | fragment |\n| ---: | --- |\n");
        for (fragment, count) in input.unparsed {
            let _ = writeln!(text, "| {count} | {} |", escape(fragment).replace('|', "\\|"));
        }
    }

    let _ = writeln!(text, "\n{TIMINGS_HEADING}\n");
    let Some(timings) = input.timings else {
        text.push_str("Left out because SOURCE_DATE_EPOCH is set: this is a reproducible build.\n");
        return text;
    };
    text.push_str("| step | milliseconds |\n| --- | ---: |\n");
    for (step, duration) in timings {
        let _ = writeln!(text, "| {step} | {} |", duration.as_millis());
    }
    text
}

fn coverage_line(coverage: &ParseCoverage) -> String {
    format!(
        "{} courses have prerequisite text: {} parsed fully, {} partly, {} not at all ({:.2}% full).\n",
        coverage.with_requisites,
        coverage.full,
        coverage.partial,
        coverage.none,
        coverage.full_ratio * 100.0
    )
}

fn severity_name(severity: crate::format::Severity) -> &'static str {
    match severity {
        crate::format::Severity::Error => "error",
        crate::format::Severity::Warning => "warning",
        crate::format::Severity::Info => "info",
    }
}

/// Keeps calendar text from turning into Markdown markup or breaking a line.
fn escape(text: &str) -> String {
    text.replace('\n', " ").replace('*', "\\*").replace('_', "\\_").replace('`', "'")
}
