//! Writing an artefact directory: every file, or none.
//!
//! The files are written into a staging directory beside the target and moved
//! into place only when all of them are complete, so a failed build never
//! leaves a half-written index where a server could load it.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rusqlite::Connection;
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::sqlite::{insert_catalog, insert_metadata};
use super::*;
use crate::model::{Course, Credential, ProgramGroup};

/// Everything an artefact holds, before it is written.
#[derive(Debug, Clone)]
pub struct Artefact {
    /// Build identity and provenance; `index_id` is filled in by [`write_artefact`].
    pub metadata: BuildMetadata,
    /// Courses, sorted by code.
    pub courses: Vec<Course>,
    /// Credentials, sorted by id.
    pub credentials: Vec<Credential>,
    /// Program taxonomy, sorted by name.
    pub groups: Vec<ProgramGroup>,
    /// Validation findings and coverage.
    pub report: ValidationReport,
    /// Release decision; its `index_id` is filled in by [`write_artefact`].
    pub decision: ReleaseDecision,
    /// `validation-report.md`.
    pub validation_report_md: String,
    /// `release-decision.md`.
    pub release_decision_md: String,
    /// `build-report.md`.
    pub build_report_md: String,
    /// `parse-manifest.json`, when the build produced one.
    pub parse_manifest: Option<serde_json::Value>,
    /// Lines of `patch_applications.jsonl`, when patches were given.
    pub patch_applications: Option<Vec<serde_json::Value>>,
}

/// Why an artefact could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// A file or directory operation failed.
    #[error("failed to write {path}: {source}")]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The underlying error.
        source: io::Error,
    },
    /// SQLite failed while writing the catalog.
    #[error("failed to write {path}: {source}")]
    Sqlite {
        /// The database file.
        path: PathBuf,
        /// The underlying error.
        source: rusqlite::Error,
    },
}

/// Computes the content hash that identifies an artefact.
///
/// It covers the format version, slug, catalog year, every course,
/// credential and group, the validation report, the decision and the hashes
/// of the inputs; `built_at` and the Markdown renderings are left out, so the
/// same inputs always give the same id. The id is the first 16 hex digits of
/// the SHA-256 of that canonical JSON.
pub fn compute_index_id(artefact: &Artefact) -> String {
    #[derive(Serialize)]
    struct Content<'a> {
        schema_version: u32,
        slug: &'a str,
        catalog_year: &'a str,
        sources: Vec<(&'a str, &'a str)>,
        courses: &'a [Course],
        credentials: &'a [Credential],
        groups: &'a [ProgramGroup],
        report: &'a ValidationReport,
        release_status: ReleaseStatus,
        reasons: &'a [ReleaseReason],
    }

    let content = Content {
        schema_version: SCHEMA_VERSION,
        slug: &artefact.metadata.slug,
        catalog_year: &artefact.metadata.catalog_year,
        sources: artefact.metadata.source.iter().map(|input| (input.role.as_str(), input.sha256.as_str())).collect(),
        courses: &artefact.courses,
        credentials: &artefact.credentials,
        groups: &artefact.groups,
        report: &artefact.report,
        release_status: artefact.decision.release_status,
        reasons: &artefact.decision.reasons,
    };
    let bytes = serde_json::to_vec(&content).expect("artefact content serialises to JSON");
    hex::encode(&Sha256::digest(&bytes)[..8])
}

/// Writes `artefact` to `out`, replacing whatever was there, and returns the
/// metadata as written (with its `index_id`).
pub fn write_artefact(out: &Path, artefact: &Artefact) -> Result<BuildMetadata, WriteError> {
    let index_id = compute_index_id(artefact);
    let mut metadata = artefact.metadata.clone();
    metadata.index_id = index_id.clone();
    metadata.schema_version = SCHEMA_VERSION;
    let mut decision = artefact.decision.clone();
    decision.index_id = index_id.clone();
    let graph = GraphProjection::from_courses(&index_id, &artefact.courses);
    metadata.counts.graph_edges = graph.edges.len() as u64;
    let summary = summarise(&artefact.report);

    // Stage beside the target so the final rename stays on one file system.
    let staging = sibling(out, ".staging");
    remove_dir_if_present(&staging)?;
    create_dir(&staging)?;

    write_json(&staging.join(BUILD_METADATA), &metadata)?;
    write_json(&staging.join(VALIDATION_SUMMARY), &summary)?;
    write_json(&staging.join(VALIDATION_REPORT), &artefact.report)?;
    write_json(&staging.join(RELEASE_DECISION), &decision)?;
    write_json(&staging.join(GRAPH_PROJECTION), &graph)?;
    write_text(&staging.join(VALIDATION_REPORT_MD), &artefact.validation_report_md)?;
    write_text(&staging.join(RELEASE_DECISION_MD), &artefact.release_decision_md)?;
    write_text(&staging.join(BUILD_REPORT_MD), &artefact.build_report_md)?;
    if let Some(manifest) = &artefact.parse_manifest {
        write_json(&staging.join(PARSE_MANIFEST), manifest)?;
    }
    if let Some(lines) = &artefact.patch_applications {
        let text: String = lines.iter().map(|line| format!("{line}\n")).collect();
        write_text(&staging.join(PATCH_APPLICATIONS), &text)?;
    }
    write_sqlite(&staging.join(COURSE_UNIVERSE), artefact, &metadata)?;

    // Swap the complete staging directory into place.
    let previous = sibling(out, ".previous");
    remove_dir_if_present(&previous)?;
    if out.exists() {
        fs::rename(out, &previous).map_err(|source| WriteError::Io { path: out.to_path_buf(), source })?;
    }
    fs::rename(&staging, out).map_err(|source| WriteError::Io { path: out.to_path_buf(), source })?;
    remove_dir_if_present(&previous)?;
    Ok(metadata)
}

/// Counts findings by severity and code.
fn summarise(report: &ValidationReport) -> ValidationSummary {
    let mut summary = ValidationSummary { coverage: report.coverage.clone(), ..ValidationSummary::default() };
    for finding in &report.findings {
        match finding.severity {
            Severity::Error => summary.errors += 1,
            Severity::Warning => summary.warnings += 1,
            Severity::Info => summary.infos += 1,
        }
        *summary.by_code.entry(finding.code.clone()).or_default() += 1;
    }
    summary
}

fn write_sqlite(path: &Path, artefact: &Artefact, metadata: &BuildMetadata) -> Result<(), WriteError> {
    let wrap = |source| WriteError::Sqlite { path: path.to_path_buf(), source };
    let mut connection = Connection::open(path).map_err(wrap)?;
    let transaction = connection.transaction().map_err(wrap)?;
    transaction.execute_batch(SCHEMA_SQL).map_err(wrap)?;
    insert_catalog(&transaction, &artefact.courses, &artefact.credentials, &artefact.groups).map_err(wrap)?;
    insert_metadata(
        &transaction,
        &[
            ("index_id", metadata.index_id.clone()),
            ("slug", metadata.slug.clone()),
            ("catalog_year", metadata.catalog_year.clone()),
            ("schema_version", metadata.schema_version.to_string()),
            ("built_at", metadata.built_at.clone()),
        ],
    )
    .map_err(wrap)?;
    transaction.commit().map_err(wrap)?;
    connection.close().map_err(|(_, source)| wrap(source))
}

fn write_json<T: Serialize + ?Sized>(path: &Path, value: &T) -> Result<(), WriteError> {
    let mut text = serde_json::to_string_pretty(value).expect("artefact documents serialise to JSON");
    text.push('\n');
    write_text(path, &text)
}

fn write_text(path: &Path, text: &str) -> Result<(), WriteError> {
    fs::write(path, text).map_err(|source| WriteError::Io { path: path.to_path_buf(), source })
}

fn create_dir(path: &Path) -> Result<(), WriteError> {
    fs::create_dir_all(path).map_err(|source| WriteError::Io { path: path.to_path_buf(), source })
}

fn remove_dir_if_present(path: &Path) -> Result<(), WriteError> {
    match fs::remove_dir_all(path) {
        Err(error) if error.kind() != io::ErrorKind::NotFound => Err(WriteError::Io { path: path.to_path_buf(), source: error }),
        _ => Ok(()),
    }
}

/// `out` with `suffix` appended to its last component.
fn sibling(out: &Path, suffix: &str) -> PathBuf {
    let mut name = out.file_name().map(|name| name.to_os_string()).unwrap_or_else(|| "index".into());
    name.push(suffix);
    out.with_file_name(name)
}
