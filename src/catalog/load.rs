//! Fail-closed loading of a published index directory.
//!
//! Every check names the file it is about. The directory is never written:
//! SQLite is opened read-only with `immutable=1`, so not even a journal or
//! WAL file appears beside it.

use std::fs;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, Row};
use serde::de::DeserializeOwned;

use super::Catalog;
use crate::format::{self, BuildMetadata, GraphProjection, ReleaseDecision, ReleaseStatus, ValidationReport, ValidationSummary};
use crate::model::{Course, Credential, ParseStatus, ProgramGroup};

/// Why an index directory cannot be served. Every variant names the file.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// A required file is absent.
    #[error("{file}: required index file is missing from {dir}")]
    Missing {
        /// File name.
        file: &'static str,
        /// The index directory.
        dir: PathBuf,
    },
    /// A file exists but cannot be read or parsed.
    #[error("{file}: {reason}")]
    Invalid {
        /// File name.
        file: &'static str,
        /// What is wrong, in a sentence.
        reason: String,
    },
    /// Two files disagree.
    #[error("{file}: {reason}")]
    Inconsistent {
        /// The file found to disagree with `build-metadata.json`.
        file: &'static str,
        /// Both values.
        reason: String,
    },
    /// The release decision is `blocked` and no override is set.
    #[error(
        "{}: release_status is blocked ({reasons}); publish a new index or set UWSCRAPE_ALLOW_BLOCKED_INDEX=true to serve it anyway",
        format::RELEASE_DECISION
    )]
    Blocked {
        /// The decision's reasons, joined.
        reasons: String,
    },
}

/// Loads and cross-checks the index in `dir`.
///
/// `allow_blocked` lets an operator serve an artefact whose release decision
/// is `blocked`.
pub fn load_index(dir: &Path, allow_blocked: bool) -> Result<Catalog, LoadError> {
    for file in format::REQUIRED_FILES {
        if !dir.join(file).is_file() {
            return Err(LoadError::Missing { file, dir: dir.to_path_buf() });
        }
    }

    let metadata: BuildMetadata = read_json(dir, format::BUILD_METADATA)?;
    if metadata.schema_version != format::SCHEMA_VERSION {
        return Err(invalid(
            format::BUILD_METADATA,
            format!("schema_version is {}, this server reads {}", metadata.schema_version, format::SCHEMA_VERSION),
        ));
    }
    let summary: ValidationSummary = read_json(dir, format::VALIDATION_SUMMARY)?;
    let _report: ValidationReport = read_json(dir, format::VALIDATION_REPORT)?;
    let decision: ReleaseDecision = read_json(dir, format::RELEASE_DECISION)?;
    let graph: GraphProjection = read_json(dir, format::GRAPH_PROJECTION)?;
    for file in [format::VALIDATION_REPORT_MD, format::RELEASE_DECISION_MD, format::BUILD_REPORT_MD] {
        fs::read_to_string(dir.join(file)).map_err(|error| invalid(file, format!("cannot be read as UTF-8 text: {error}")))?;
    }

    expect_same_id(format::RELEASE_DECISION, &decision.index_id, &metadata.index_id)?;
    expect_same_id(format::GRAPH_PROJECTION, &graph.index_id, &metadata.index_id)?;
    if decision.release_status == ReleaseStatus::Blocked && !allow_blocked {
        let reasons = decision.reasons.iter().map(|reason| reason.message.as_str()).collect::<Vec<_>>().join("; ");
        return Err(LoadError::Blocked { reasons });
    }

    let tables = read_sqlite(&dir.join(format::COURSE_UNIVERSE), &metadata.index_id)?;
    if graph.course_count != tables.courses.len() as u64 || graph.nodes.len() != tables.courses.len() {
        return Err(LoadError::Inconsistent {
            file: format::GRAPH_PROJECTION,
            reason: format!(
                "course_count is {} with {} nodes, but {} has {} courses",
                graph.course_count,
                graph.nodes.len(),
                format::COURSE_UNIVERSE,
                tables.courses.len()
            ),
        });
    }

    Ok(Catalog::new(metadata, decision, summary, graph, tables.courses, tables.credentials, tables.groups))
}

/// Rows read from `course-universe.sqlite`.
struct Tables {
    courses: Vec<Course>,
    credentials: Vec<Credential>,
    groups: Vec<ProgramGroup>,
}

fn read_sqlite(path: &Path, expected_id: &str) -> Result<Tables, LoadError> {
    const FILE: &str = format::COURSE_UNIVERSE;
    let sqlite_error = |error: rusqlite::Error| invalid(FILE, format!("is not a readable SQLite index: {error}"));

    // Percent-encode the characters that end a path inside a URI.
    let uri_path = path.to_string_lossy().replace('%', "%25").replace('?', "%3f").replace('#', "%23");
    let connection = Connection::open_with_flags(
        format!("file:{uri_path}?mode=ro&immutable=1"),
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(sqlite_error)?;

    let integrity: String = connection.query_row("PRAGMA integrity_check", [], |row| row.get(0)).map_err(sqlite_error)?;
    if integrity != "ok" {
        return Err(invalid(FILE, format!("failed the SQLite integrity check: {integrity}")));
    }

    let stored_id = format::read_metadata_table(&connection, "index_id")
        .map_err(sqlite_error)?
        .ok_or_else(|| invalid(FILE, "metadata table has no index_id".to_string()))?;
    expect_same_id(FILE, &stored_id, expected_id)?;

    let courses = query_all(&connection, "SELECT * FROM courses ORDER BY code", course_from_row).map_err(sqlite_error)?;
    let credentials =
        query_all(&connection, "SELECT * FROM credentials ORDER BY id", credential_from_row).map_err(sqlite_error)?;
    let groups = query_all(&connection, "SELECT * FROM program_groups ORDER BY name", group_from_row).map_err(sqlite_error)?;
    Ok(Tables { courses, credentials, groups })
}

fn query_all<T>(connection: &Connection, sql: &str, map: fn(&Row) -> rusqlite::Result<T>) -> rusqlite::Result<Vec<T>> {
    let mut statement = connection.prepare(sql)?;
    let rows = statement.query_map([], map)?;
    rows.collect()
}

fn course_from_row(row: &Row) -> rusqlite::Result<Course> {
    let parse_status: Option<String> = row.get("parse_status")?;
    Ok(Course {
        code: row.get("code")?,
        subject: row.get("subject")?,
        number: row.get("number")?,
        level: row.get("level")?,
        title: row.get("title")?,
        description: row.get("description")?,
        units: row.get("units")?,
        terms_offered: json_column(row, "terms_offered")?,
        notes: row.get("notes")?,
        prereq_text: row.get("prereq_text")?,
        prereq: optional_json_column(row, "prereq_tree")?,
        parse_status: match parse_status.as_deref() {
            Some("full") => Some(ParseStatus::Full),
            Some("partial") => Some(ParseStatus::Partial),
            Some("none") => Some(ParseStatus::None),
            _ => None,
        },
        coreq_text: row.get("coreq_text")?,
        coreq: optional_json_column(row, "coreq_tree")?,
        antireq_text: row.get("antireq_text")?,
        antireqs: json_column(row, "antireqs")?,
        antireq_notes: row.get("antireq_notes")?,
        crosslistings: json_column(row, "crosslistings")?,
    })
}

fn credential_from_row(row: &Row) -> rusqlite::Result<Credential> {
    let kind: String = row.get("kind")?;
    Ok(Credential {
        id: row.get("id")?,
        name: row.get("name")?,
        kind: serde_json::from_value(serde_json::Value::String(kind)).map_err(|error| conversion_error("kind", error))?,
        faculty: row.get("faculty")?,
        catalog_year: row.get("catalog_year")?,
        groups: json_column(row, "groups")?,
        requirements: json_column(row, "requirements")?,
    })
}

fn group_from_row(row: &Row) -> rusqlite::Result<ProgramGroup> {
    Ok(ProgramGroup { name: row.get("name")?, aliases: json_column(row, "aliases")?, members: json_column(row, "members")? })
}

fn json_column<T: DeserializeOwned>(row: &Row, column: &str) -> rusqlite::Result<T> {
    let text: String = row.get(column)?;
    serde_json::from_str(&text).map_err(|error| conversion_error(column, error))
}

fn optional_json_column<T: DeserializeOwned>(row: &Row, column: &str) -> rusqlite::Result<Option<T>> {
    let text: Option<String> = row.get(column)?;
    text.map(|text| serde_json::from_str(&text).map_err(|error| conversion_error(column, error))).transpose()
}

fn conversion_error(column: &str, error: serde_json::Error) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, format!("column {column}: {error}").into())
}

fn read_json<T: DeserializeOwned>(dir: &Path, file: &'static str) -> Result<T, LoadError> {
    let text = fs::read_to_string(dir.join(file)).map_err(|error| invalid(file, format!("cannot be read: {error}")))?;
    serde_json::from_str(&text).map_err(|error| invalid(file, format!("is not a valid index document: {error}")))
}

fn expect_same_id(file: &'static str, found: &str, expected: &str) -> Result<(), LoadError> {
    if found == expected {
        return Ok(());
    }
    Err(LoadError::Inconsistent {
        file,
        reason: format!("index_id is {found}, but {} has {expected}", format::BUILD_METADATA),
    })
}

fn invalid(file: &'static str, reason: String) -> LoadError {
    LoadError::Invalid { file, reason }
}
