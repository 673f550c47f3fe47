//! `course-universe.sqlite`: schema, rows and the metadata table.
//!
//! The columns hold plain values where SQL users (Datasette, sqlite3) want
//! them and JSON text where the value is a list or a tree.

use rusqlite::{params, Connection, OptionalExtension};

use crate::model::{Course, Credential, ProgramGroup};

/// The whole schema, applied to an empty database by the builder.
pub const SCHEMA_SQL: &str = "
CREATE TABLE metadata (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE subjects (
    code         TEXT PRIMARY KEY,
    course_count INTEGER NOT NULL
);
CREATE TABLE courses (
    code          TEXT PRIMARY KEY,
    subject       TEXT NOT NULL,
    number        TEXT NOT NULL,
    level         INTEGER NOT NULL,
    title         TEXT NOT NULL,
    description   TEXT NOT NULL,
    units         REAL NOT NULL,
    terms_offered TEXT NOT NULL,
    notes         TEXT,
    prereq_text   TEXT,
    prereq_tree   TEXT,
    parse_status  TEXT,
    coreq_text    TEXT,
    coreq_tree    TEXT,
    antireq_text  TEXT,
    antireqs      TEXT NOT NULL,
    antireq_notes TEXT,
    crosslistings TEXT NOT NULL
);
CREATE INDEX courses_by_subject ON courses (subject, number);
CREATE TABLE credentials (
    id           TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    kind         TEXT NOT NULL,
    faculty      TEXT,
    catalog_year TEXT,
    groups       TEXT NOT NULL,
    requirements TEXT NOT NULL
);
CREATE TABLE program_groups (
    name    TEXT PRIMARY KEY,
    aliases TEXT NOT NULL,
    members TEXT NOT NULL
);
CREATE VIRTUAL TABLE course_search USING fts5 (
    code, title, description,
    tokenize = 'unicode61', prefix = '2 3 4'
);
";

/// Writes every course, credential and group into a database that has [`SCHEMA_SQL`].
pub(super) fn insert_catalog(
    connection: &Connection,
    courses: &[Course],
    credentials: &[Credential],
    groups: &[ProgramGroup],
) -> rusqlite::Result<()> {
    let mut insert_course = connection.prepare(
        "INSERT INTO courses VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
    )?;
    let mut insert_search = connection.prepare("INSERT INTO course_search (code, title, description) VALUES (?1, ?2, ?3)")?;
    for course in courses {
        insert_course.execute(params![
            course.code,
            course.subject,
            course.number,
            course.level,
            course.title,
            course.description,
            course.units,
            to_json(&course.terms_offered),
            course.notes,
            course.prereq_text,
            course.prereq.as_ref().map(to_json),
            course.parse_status.map(|status| status.as_str()),
            course.coreq_text,
            course.coreq.as_ref().map(to_json),
            course.antireq_text,
            to_json(&course.antireqs),
            course.antireq_notes,
            to_json(&course.crosslistings),
        ])?;
        insert_search.execute(params![course.code, course.title, course.description])?;
    }

    connection.execute(
        "INSERT INTO subjects SELECT subject, count(*) FROM courses GROUP BY subject ORDER BY subject",
        [],
    )?;

    let mut insert_credential = connection.prepare("INSERT INTO credentials VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")?;
    for credential in credentials {
        insert_credential.execute(params![
            credential.id,
            credential.name,
            to_json(&credential.kind).trim_matches('"'),
            credential.faculty,
            credential.catalog_year,
            to_json(&credential.groups),
            to_json(&credential.requirements),
        ])?;
    }

    let mut insert_group = connection.prepare("INSERT INTO program_groups VALUES (?1, ?2, ?3)")?;
    for group in groups {
        insert_group.execute(params![group.name, to_json(&group.aliases), to_json(&group.members)])?;
    }
    Ok(())
}

/// Writes the metadata table, which repeats the identity of `build-metadata.json`.
pub(super) fn insert_metadata(connection: &Connection, entries: &[(&str, String)]) -> rusqlite::Result<()> {
    let mut insert = connection.prepare("INSERT INTO metadata (key, value) VALUES (?1, ?2)")?;
    for (key, value) in entries {
        insert.execute(params![key, value])?;
    }
    Ok(())
}

/// Reads one value of the metadata table, `None` when the key is absent.
pub fn read_metadata_table(connection: &Connection, key: &str) -> rusqlite::Result<Option<String>> {
    connection
        .query_row("SELECT value FROM metadata WHERE key = ?1", [key], |row| row.get(0))
        .optional()
}

/// Serialises a value that is always representable as JSON.
fn to_json<T: serde::Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).expect("catalog types serialise to JSON")
}
