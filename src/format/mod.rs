//! The published index artefact, format version 1: the file names, the JSON
//! documents and the SQLite schema that the builder writes and the server
//! reads. `docs/index-format.md` describes the same format for readers
//! outside the code; the two change together.

mod graph;
mod documents;
mod sqlite;
mod write;

pub use documents::{
    BuildMetadata, Counts, Finding, ParseCoverage, ReleaseDecision, ReleaseReason, ReleaseStatus, Severity,
    SourceInput, ValidationReport, ValidationSummary,
};
pub use graph::{EdgeKind, GraphEdge, GraphNode, GraphProjection};
pub use sqlite::{read_metadata_table, SCHEMA_SQL};
pub use write::{compute_index_id, write_artefact, Artefact, WriteError};

/// Version of this format; the loader rejects any other.
pub const SCHEMA_VERSION: u32 = 1;

/// `build-metadata.json`: identity, provenance and counts of the build.
pub const BUILD_METADATA: &str = "build-metadata.json";
/// `validation-summary.json`: finding counts and parse coverage.
pub const VALIDATION_SUMMARY: &str = "validation-summary.json";
/// `validation-report.json`: every finding.
pub const VALIDATION_REPORT: &str = "validation-report.json";
/// `validation-report.md`: the findings grouped for a human reader.
pub const VALIDATION_REPORT_MD: &str = "validation-report.md";
/// `release-decision.json`: `publish` or `blocked`, with reasons.
pub const RELEASE_DECISION: &str = "release-decision.json";
/// `release-decision.md`: the decision for a human reader.
pub const RELEASE_DECISION_MD: &str = "release-decision.md";
/// `build-report.md`: inputs, counts, timings and coverage.
pub const BUILD_REPORT_MD: &str = "build-report.md";
/// `course-universe.sqlite`: the catalog itself.
pub const COURSE_UNIVERSE: &str = "course-universe.sqlite";
/// `graph-projection.json`: course nodes and typed requisite edges.
pub const GRAPH_PROJECTION: &str = "graph-projection.json";
/// `parse-manifest.json` (optional): inputs with hashes and rejected records.
pub const PARSE_MANIFEST: &str = "parse-manifest.json";
/// `patch_applications.jsonl` (optional): the outcome of every manual patch.
pub const PATCH_APPLICATIONS: &str = "patch_applications.jsonl";

/// Every file a server needs, in the order start-up checks them.
pub const REQUIRED_FILES: [&str; 9] = [
    BUILD_METADATA,
    VALIDATION_SUMMARY,
    VALIDATION_REPORT,
    VALIDATION_REPORT_MD,
    RELEASE_DECISION,
    RELEASE_DECISION_MD,
    BUILD_REPORT_MD,
    COURSE_UNIVERSE,
    GRAPH_PROJECTION,
];
