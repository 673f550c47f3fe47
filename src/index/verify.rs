//! `uwscrape index validate`: the server's start-up checks plus the
//! builder's own re-checks of an artefact directory.
//!
//! Beyond what [`load_index`] checks, it recomputes the index id from the
//! loaded content, and checks that the summary, the counts and the decision
//! agree with the report and the tables, so an edited file is caught.

use std::path::Path;

use crate::catalog::load_index;
use crate::format::{self, compute_index_id, Artefact, ReleaseStatus, Severity, ValidationReport, ValidationSummary};

/// Result of validating a directory: the problems found, empty when valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verification {
    /// Index id from `build-metadata.json`, when it could be read.
    pub index_id: Option<String>,
    /// Release status, when it could be read.
    pub release_status: Option<ReleaseStatus>,
    /// Every problem found, each naming its file.
    pub problems: Vec<String>,
}

/// Checks the artefact in `dir`. A `blocked` decision is not a problem here;
/// publishing is where it matters.
pub fn verify_artefact(dir: &Path) -> Verification {
    let catalog = match load_index(dir, true) {
        Ok(catalog) => catalog,
        Err(error) => return Verification { index_id: None, release_status: None, problems: vec![error.to_string()] },
    };
    let mut problems = Vec::new();
    let report: Option<ValidationReport> = read_json(dir, format::VALIDATION_REPORT, &mut problems);
    let summary: Option<ValidationSummary> = read_json(dir, format::VALIDATION_SUMMARY, &mut problems);
    let metadata = &catalog.metadata;

    if let Some(report) = &report {
        let artefact = Artefact {
            metadata: metadata.clone(),
            courses: catalog.courses.clone(),
            credentials: catalog.credentials.clone(),
            groups: catalog.groups.clone(),
            report: report.clone(),
            decision: catalog.decision.clone(),
            validation_report_md: String::new(),
            release_decision_md: String::new(),
            build_report_md: String::new(),
            parse_manifest: None,
            patch_applications: None,
        };
        let recomputed = compute_index_id(&artefact);
        if recomputed != metadata.index_id {
            problems.push(format!(
                "{}: index_id is {}, but the content hashes to {recomputed}; a file was changed after the build",
                format::BUILD_METADATA,
                metadata.index_id
            ));
        }
        let errors = report.findings.iter().filter(|finding| finding.severity == Severity::Error).count() as u64;
        if errors > 0 && catalog.decision.release_status == ReleaseStatus::Publish {
            problems.push(format!("{}: release_status is publish, but {} lists {errors} error findings", format::RELEASE_DECISION, format::VALIDATION_REPORT));
        }
        if let Some(summary) = &summary {
            if summary.errors != errors || summary.coverage != report.coverage {
                problems.push(format!("{}: error count or coverage differs from {}", format::VALIDATION_SUMMARY, format::VALIDATION_REPORT));
            }
        }
    }

    let counts = &metadata.counts;
    let checks = [
        ("courses", counts.courses, catalog.courses.len() as u64),
        ("credentials", counts.credentials, catalog.credentials.len() as u64),
        ("program_groups", counts.program_groups, catalog.groups.len() as u64),
        ("graph_edges", counts.graph_edges, catalog.graph.edges.len() as u64),
    ];
    for (name, stated, found) in checks {
        if stated != found {
            problems.push(format!("{}: counts.{name} is {stated}, but the index holds {found}", format::BUILD_METADATA));
        }
    }
    Verification { index_id: Some(metadata.index_id.clone()), release_status: Some(catalog.decision.release_status), problems }
}

fn read_json<T: serde::de::DeserializeOwned>(dir: &Path, file: &str, problems: &mut Vec<String>) -> Option<T> {
    let text = std::fs::read_to_string(dir.join(file)).map_err(|error| problems.push(format!("{file}: cannot be read: {error}"))).ok()?;
    serde_json::from_str(&text).map_err(|error| problems.push(format!("{file}: is not a valid index document: {error}"))).ok()
}
