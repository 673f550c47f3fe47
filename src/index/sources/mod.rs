//! Source readers: calendar dumps in their native formats, read into raw
//! records before any requisite text is parsed.
//!
//! Guarantee: one bad record never fails a build. A record a reader cannot
//! use becomes a [`Rejection`] naming the file, the line or key, and the
//! reason. Only a file that cannot be read, or is not in its format at all
//! (no header, not JSON), is an error.

mod additional;
mod calendar_csv;
mod opendata_json;
mod pydict;
mod requirement_csv;
mod requirement_item;
mod requirement_tree;
mod spec;

use std::path::{Path, PathBuf};

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::model::{CourseCode, CredentialKind, Requirement, Term};

pub use additional::parse_additional;
pub use requirement_item::parse_requirement_item;
pub use spec::{CourseFormat, ProgramFormat, SourceSpec, SpecError};

/// A course as a source gives it: text fields not yet parsed.
#[derive(Debug, Clone, PartialEq)]
pub struct RawCourse {
    /// Canonical code.
    pub code: CourseCode,
    /// Calendar title.
    pub title: String,
    /// Description, still with any "[Offered: …]" marker.
    pub description: String,
    /// Notes, verbatim.
    pub notes: Option<String>,
    /// Prerequisite text without its "Prereq:" label.
    pub prereq_text: Option<String>,
    /// Corequisite text without its "Coreq:" label.
    pub coreq_text: Option<String>,
    /// Antirequisite text without its "Antireq:" label.
    pub antireq_text: Option<String>,
    /// Cross-listing text, when the source has the field.
    pub crosslist_text: Option<String>,
    /// Units when the source states them.
    pub units: Option<f32>,
    /// Terms offered when the source has a field for them.
    pub terms_offered: Option<Vec<Term>>,
    /// Calendar year of the record in the `2014-15` form, when stated.
    pub calendar_year: Option<String>,
    /// Origin of the record (`path:line` or `path[index]`).
    pub origin: String,
}

/// A credential as a source gives it, requirements already mapped.
#[derive(Debug, Clone, PartialEq)]
pub struct RawCredential {
    /// Name as the source gives it.
    pub name: String,
    /// Kind from the source's flags or the name.
    pub kind: CredentialKind,
    /// Faculty, when known.
    pub faculty: Option<String>,
    /// Calendar year in the `2023-24` form, when known.
    pub catalog_year: Option<String>,
    /// Requirement tree.
    pub requirements: Requirement,
    /// Origin of the record (`path:line` or `path key`).
    pub origin: String,
}

/// A record a reader could not use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rejection {
    /// File the record is in.
    pub file: String,
    /// Line number, array index or object key of the record.
    pub location: String,
    /// The problem with the record.
    pub reason: String,
}

/// Contribution of one input file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InputSummary {
    /// `courses`, `programs` or `patches`.
    pub role: String,
    /// Format name as given.
    pub format: String,
    /// File path (one entry per file of a directory source).
    pub path: String,
    /// SHA-256 of the file, hex.
    pub sha256: String,
    /// Records read, rejected ones included.
    pub records: u64,
    /// Records rejected.
    pub rejected: u64,
}

/// Everything a reader returns for one source.
#[derive(Debug)]
pub struct SourceBatch<T> {
    /// Usable records in source order.
    pub records: Vec<T>,
    /// Unusable records in source order.
    pub rejections: Vec<Rejection>,
    /// One summary per file read.
    pub inputs: Vec<InputSummary>,
}

impl<T> Default for SourceBatch<T> {
    fn default() -> Self {
        SourceBatch { records: Vec::new(), rejections: Vec::new(), inputs: Vec::new() }
    }
}

/// Errors that stop a whole source from being read.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    /// The file or directory cannot be read.
    #[error("failed to read {path}: {source}")]
    Io {
        /// The path.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The file is not in the declared format at all.
    #[error("{path} is not a valid {format} file: {reason}")]
    Format {
        /// The path.
        path: PathBuf,
        /// Declared format.
        format: String,
        /// The problem.
        reason: String,
    },
}

/// Reads a course source.
pub fn read_courses(spec: &SourceSpec<CourseFormat>) -> Result<SourceBatch<RawCourse>, SourceError> {
    match spec.format {
        CourseFormat::CalendarCsv => calendar_csv::read(&spec.path, &spec.format_name),
        CourseFormat::OpendataJson => opendata_json::read(&spec.path, &spec.format_name),
    }
}

/// Reads a program source, keeping only `year` where the source has several
/// (the latest present when `year` is `None`).
pub fn read_programs(spec: &SourceSpec<ProgramFormat>, year: Option<&str>) -> Result<SourceBatch<RawCredential>, SourceError> {
    match spec.format {
        ProgramFormat::RequirementCsv => requirement_csv::read(&spec.path, &spec.format_name, year),
        ProgramFormat::RequirementTreeJson => requirement_tree::read(&spec.path, &spec.format_name),
    }
}

/// Reads a whole file, mapping the error to [`SourceError::Io`].
pub(crate) fn read_bytes(path: &Path) -> Result<Vec<u8>, SourceError> {
    std::fs::read(path).map_err(|source| SourceError::Io { path: path.to_path_buf(), source })
}

/// SHA-256 of `bytes`, hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Normalises a year like `2023-2024`, `2023-24` or `1415` to `2023-24`.
pub fn normalise_year(text: &str) -> Option<String> {
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    match digits.len() {
        8 => Some(format!("{}-{}", &digits[..4], &digits[6..])),
        6 => Some(format!("{}-{}", &digits[..4], &digits[4..])),
        4 => {
            let century = if digits[..2].parse::<u32>().ok()? > 50 { "19" } else { "20" };
            Some(format!("{century}{}-{}", &digits[..2], &digits[2..]))
        }
        _ => None,
    }
}

/// Finds a year like `2025-26` in a path, for sources that state none.
pub fn year_in_path(path: &Path) -> Option<String> {
    let chars: Vec<char> = path.to_string_lossy().chars().collect();
    chars.windows(7).find_map(|window| {
        let is_year = window[..4].iter().all(char::is_ascii_digit)
            && window[4] == '-'
            && window[5..].iter().all(char::is_ascii_digit);
        is_year.then(|| window.iter().collect())
    })
}

/// Removes a leading label such as "Prereq:" (and stray punctuation before
/// it) from a requisite cell; `None` when nothing is left.
pub fn strip_label(text: &str, label: &str) -> Option<String> {
    let trimmed = text.trim().trim_start_matches(['.', ';', ',', ' ']);
    // The label is one word up to the colon that starts with `label`, so
    // "Prerequisite:" and "Prereqs:" go as a whole, not as "Prereq" + "uisite:".
    let rest = match trimmed.split_once(':') {
        Some((head, tail)) if !head.trim().contains(' ') && head.trim().to_lowercase().starts_with(&label.to_lowercase()) => tail,
        _ => trimmed,
    };
    let rest = rest.trim();
    (!rest.is_empty()).then(|| rest.to_string())
}

/// Kind of a credential from its name, with `default` when the name says nothing.
pub fn kind_from_name(name: &str, default: CredentialKind) -> CredentialKind {
    let lower = name.trim().to_lowercase();
    if lower.ends_with("minor") {
        CredentialKind::Minor
    } else if lower.ends_with("specialization") {
        CredentialKind::Specialization
    } else if lower.ends_with("option") || lower.starts_with("diploma") || lower.starts_with("certificate") {
        CredentialKind::Option
    } else {
        default
    }
}

/// Empty or whitespace-only text becomes `None`.
pub(crate) fn non_empty(text: Option<&str>) -> Option<String> {
    text.map(str::trim).filter(|text| !text.is_empty()).map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_normalise() {
        assert_eq!(normalise_year("2023-2024").as_deref(), Some("2023-24"));
        assert_eq!(normalise_year("1415").as_deref(), Some("2014-15"));
        assert_eq!(year_in_path(Path::new("/d/uw-program-trees-2025-26/x.json")).as_deref(), Some("2025-26"));
        assert_eq!(year_in_path(Path::new("/d/x.json")), None);
    }

    #[test]
    fn labels_strip() {
        assert_eq!(strip_label("Prereq: CS 136", "Prereq").as_deref(), Some("CS 136"));
        assert_eq!(strip_label(".Antireq: CS 241", "Antireq").as_deref(), Some("CS 241"));
        assert_eq!(strip_label("Prereq:", "Prereq"), None);
        assert_eq!(strip_label("Prerequisite: ACC 621", "Prereq").as_deref(), Some("ACC 621"));
        assert_eq!(strip_label("Prerequisites: STAT 330", "Prereq").as_deref(), Some("STAT 330"));
        assert_eq!(strip_label("Level at least 2A", "Prereq").as_deref(), Some("Level at least 2A"));
    }

    #[test]
    fn kinds_come_from_names() {
        assert_eq!(kind_from_name("Actuarial Science Minor", CredentialKind::Major), CredentialKind::Minor);
        assert_eq!(kind_from_name("Artificial Intelligence Specialization", CredentialKind::Major), CredentialKind::Specialization);
        assert_eq!(kind_from_name("Computer Science", CredentialKind::Major), CredentialKind::Major);
    }
}
