//! The JSON documents of an artefact, other than the graph projection.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// `build-metadata.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BuildMetadata {
    /// Content hash of the artefact (see [`super::compute_index_id`]).
    pub index_id: String,
    /// Short name of the index, for example `math-engineering-support`.
    pub slug: String,
    /// Calendar year the courses come from, for example `2023-24`.
    pub catalog_year: String,
    /// When the build ran, RFC 3339 in UTC. The only field that differs
    /// between two builds of the same inputs.
    pub built_at: String,
    /// Format version, [`super::SCHEMA_VERSION`].
    pub schema_version: u32,
    /// Every input file with its format, hash and record count.
    pub source: Vec<SourceInput>,
    /// Sizes of what the artefact contains.
    pub counts: Counts,
    /// Version of the `uwscrape` binary that built the artefact.
    pub builder_version: String,
}

/// One input file of a build.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceInput {
    /// `courses`, `programs` or `patches`.
    pub role: String,
    /// Source format, for example `calendar-csv` or `opendata-json`.
    pub format: String,
    /// Path as given to the builder.
    pub path: String,
    /// SHA-256 of the file, hex.
    pub sha256: String,
    /// Records read from the file, rejected ones included.
    pub records: u64,
}

/// Sizes of an artefact's contents.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    /// Courses in `course-universe.sqlite`.
    pub courses: u64,
    /// Subjects.
    pub subjects: u64,
    /// Credentials (majors, minors, specializations).
    pub credentials: u64,
    /// Program groups of the taxonomy.
    pub program_groups: u64,
    /// Edges of the graph projection.
    pub graph_edges: u64,
    /// Records the builder rejected (see `parse-manifest.json`).
    pub rejected_records: u64,
}

/// Severity of a validation finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Blocks the release.
    Error,
    /// Reported; does not block.
    Warning,
    /// For the record.
    Info,
}

/// One validation finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// How serious it is.
    pub severity: Severity,
    /// Stable snake_case kind, for example `unknown_course_reference`.
    pub code: String,
    /// Course the finding is about, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub course: Option<String>,
    /// Credential the finding is about, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credential: Option<String>,
    /// What is wrong, in a sentence.
    pub message: String,
}

/// `validation-report.json`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ValidationReport {
    /// Every finding, sorted by severity, code, course and credential.
    pub findings: Vec<Finding>,
    /// Parse coverage over all courses with prerequisite text.
    pub coverage: ParseCoverage,
    /// Parse coverage by subject.
    pub coverage_by_subject: BTreeMap<String, ParseCoverage>,
}

/// Parse coverage of prerequisite text.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ParseCoverage {
    /// Courses that have prerequisite text.
    pub with_requisites: u64,
    /// Of those, fully parsed.
    pub full: u64,
    /// Partly parsed.
    pub partial: u64,
    /// Not parsed at all.
    pub none: u64,
    /// `full / with_requisites`, 1.0 when no course has requisites.
    pub full_ratio: f64,
}

/// `validation-summary.json`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ValidationSummary {
    /// Findings of severity `error`.
    pub errors: u64,
    /// Findings of severity `warning`.
    pub warnings: u64,
    /// Findings of severity `info`.
    pub infos: u64,
    /// Finding counts by code.
    pub by_code: BTreeMap<String, u64>,
    /// Parse coverage over all courses with prerequisite text.
    pub coverage: ParseCoverage,
}

/// Whether an artefact may be served.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReleaseStatus {
    /// Fit to serve.
    Publish,
    /// Must not be served; the reasons say why.
    Blocked,
}

/// One reason behind a release decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReleaseReason {
    /// Stable snake_case kind, for example `coverage_below_floor`.
    pub code: String,
    /// The reason in a sentence, with the numbers.
    pub message: String,
}

/// `release-decision.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReleaseDecision {
    /// Id of the artefact the decision is about.
    pub index_id: String,
    /// The decision.
    pub release_status: ReleaseStatus,
    /// Why; for `publish`, the checks that passed.
    pub reasons: Vec<ReleaseReason>,
}
