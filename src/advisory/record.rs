//! The student record a client sends, and its validation into a
//! [`StudentRecord`] against the catalog.
//!
//! Validation reports the first invalid item with its JSON path
//! (`completed[2].code`), so a client can point at the field to fix.

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;

use crate::catalog::Catalog;
use crate::model::{AcademicLevel, CourseCode};

/// Maximum number of completed courses a record may list.
pub const MAX_COMPLETED: usize = 200;
/// Maximum number of in-progress courses a record may list.
pub const MAX_IN_PROGRESS: usize = 20;
/// Maximum number of programs a record may name.
pub const MAX_PROGRAMS: usize = 10;
/// Maximum number of target courses one request may name.
pub const MAX_TARGETS: usize = 50;
/// Maximum number of suggestions an unknown code or program carries.
const MAX_SUGGESTIONS: usize = 5;
/// Maximum number of further invalid items one error lists.
const MAX_REPORTED_ERRORS: usize = 20;
/// Maximum number of program names listed in the hint of an unknown program.
const MAX_PROGRAM_HINTS: usize = 20;

/// A record as the client sends it.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordInput {
    /// Courses passed or failed, with grades in percent.
    #[serde(default)]
    pub completed: Vec<CompletedInput>,
    /// Courses being taken this term.
    #[serde(default)]
    pub in_progress: Vec<String>,
    /// Current academic level, for example `3A`.
    #[serde(default)]
    pub level: Option<String>,
    /// Credential ids, credential names or program group names.
    #[serde(default)]
    pub programs: Vec<String>,
}

/// One completed course as sent.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompletedInput {
    /// Course code in any spelling `CourseCode::parse` accepts.
    pub code: String,
    /// Final grade in percent; absent when the client does not give it.
    #[serde(default)]
    pub grade: Option<f64>,
}

/// A validated record: canonical codes that exist in the catalog.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StudentRecord {
    /// Completed courses by canonical code, with the best grade when a course
    /// was taken twice (`None` when no grade was given).
    pub completed: BTreeMap<String, Option<f32>>,
    /// In-progress courses by canonical code.
    pub in_progress: BTreeSet<String>,
    /// Current academic level, if given.
    pub level: Option<AcademicLevel>,
    /// Program group names the record's programs belong to.
    pub groups: BTreeSet<String>,
    /// `true` when the record named at least one program, so a program
    /// condition can be decided rather than left unknown.
    pub programs_given: bool,
}

/// An invalid request field, returned as 400 `invalid_field`.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct InputError {
    /// JSON path of the field, for example `completed[2].code`.
    pub field: String,
    /// A sentence saying what is wrong and how to fix it.
    pub message: String,
    /// Values that would be accepted in its place, nearest first.
    pub suggestions: Vec<String>,
    /// Further invalid items of the same request, so a client can fix all
    /// of them at once.
    pub others: Vec<InputError>,
}

impl InputError {
    /// Creates an error on `field` without suggestions.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> InputError {
        InputError { field: field.into(), message: message.into(), suggestions: Vec::new(), others: Vec::new() }
    }

    /// Returns the first of `errors` carrying the rest, or `Ok` when there are none.
    pub fn first_of(mut errors: Vec<InputError>) -> Result<(), InputError> {
        if errors.is_empty() {
            return Ok(());
        }
        let mut first = errors.remove(0);
        errors.truncate(MAX_REPORTED_ERRORS);
        first.others = errors;
        Err(first)
    }
}

impl StudentRecord {
    /// Validates `input` against `catalog`.
    pub fn validate(input: &RecordInput, catalog: &Catalog) -> Result<StudentRecord, InputError> {
        check_size("completed", input.completed.len(), MAX_COMPLETED)?;
        check_size("in_progress", input.in_progress.len(), MAX_IN_PROGRESS)?;
        check_size("programs", input.programs.len(), MAX_PROGRAMS)?;

        let mut record = StudentRecord::default();
        let mut errors = Vec::new();
        for (index, item) in input.completed.iter().enumerate() {
            let code = known_code(catalog, &item.code, &format!("completed[{index}].code"));
            let grade = match item.grade {
                Some(grade) if !(0.0..=100.0).contains(&grade) || grade.is_nan() => Err(InputError::new(
                    format!("completed[{index}].grade"),
                    format!("grade {grade} is outside 0 to 100; give the final grade in percent."),
                )),
                grade => Ok(grade.map(|grade| grade as f32)),
            };
            match (code, grade) {
                (Ok(code), Ok(grade)) => {
                    let best = record.completed.entry(code).or_insert(grade);
                    if grade > *best {
                        *best = grade;
                    }
                }
                (code, grade) => errors.extend(code.err().into_iter().chain(grade.err())),
            }
        }
        for (index, text) in input.in_progress.iter().enumerate() {
            match known_code(catalog, text, &format!("in_progress[{index}]")) {
                Ok(code) => {
                    record.in_progress.insert(code);
                }
                Err(error) => errors.push(error),
            }
        }
        InputError::first_of(errors)?;

        if let Some(text) = &input.level {
            record.level = Some(
                AcademicLevel::parse(text).map_err(|error| InputError::new("level", format!("{error}.")))?,
            );
        }
        for (index, name) in input.programs.iter().enumerate() {
            record.groups.extend(resolve_program(catalog, name, &format!("programs[{index}]"))?);
        }
        record.programs_given = !input.programs.is_empty();
        Ok(record)
    }

    /// `true` when the course is completed or in progress.
    pub fn has_taken(&self, code: &str) -> bool {
        self.completed.contains_key(code) || self.in_progress.contains(code)
    }
}

/// Validates a list of target course codes: present, within bounds, known.
pub fn validate_targets(catalog: &Catalog, targets: &[String], field: &str) -> Result<Vec<String>, InputError> {
    if targets.is_empty() {
        return Err(InputError::new(field, format!("{field} is empty; name at least one course, for example \"CS 341\".")));
    }
    check_size(field, targets.len(), MAX_TARGETS)?;
    let mut codes = Vec::with_capacity(targets.len());
    let mut errors = Vec::new();
    for (index, text) in targets.iter().enumerate() {
        match known_code(catalog, text, &format!("{field}[{index}]")) {
            Ok(code) if !codes.contains(&code) => codes.push(code),
            Ok(_) => {}
            Err(error) => errors.push(error),
        }
    }
    InputError::first_of(errors)?;
    Ok(codes)
}

/// Rejects a list longer than `max`.
pub fn check_size(field: &str, len: usize, max: usize) -> Result<(), InputError> {
    if len > max {
        return Err(InputError::new(field, format!("{field} has {len} items; send at most {max}.")));
    }
    Ok(())
}

/// Parses `text` as a code of a course the catalog has, or names the field.
pub fn known_code(catalog: &Catalog, text: &str, field: &str) -> Result<String, InputError> {
    let code = CourseCode::parse(text).map_err(|error| InputError::new(field, format!("{error}.")))?;
    let canonical = code.to_string();
    if catalog.course(&canonical).is_some() {
        return Ok(canonical);
    }

    let suggestions: Vec<String> =
        catalog.suggest_codes(&canonical, MAX_SUGGESTIONS).into_iter().map(str::to_string).collect();
    let message = match suggestions.first() {
        Some(first) => format!("No course {canonical} in this index; did you mean {first}?"),
        None => format!("No course {canonical} in this index; search with /api/v1/search?q=…"),
    };
    Err(InputError { field: field.to_string(), message, suggestions, others: Vec::new() })
}

/// Program group names a program reference resolves to: a credential id, a
/// credential name (ignoring case) or a program group name or alias.
pub fn resolve_program(catalog: &Catalog, name: &str, field: &str) -> Result<BTreeSet<String>, InputError> {
    let requested = name.trim();
    let credential = catalog
        .credential(requested)
        .or_else(|| catalog.credentials.iter().find(|credential| credential.name.eq_ignore_ascii_case(requested)));
    if let Some(credential) = credential {
        let mut groups: BTreeSet<String> = credential.groups.iter().cloned().collect();
        let containing = catalog.groups.iter().filter(|group| group.members.iter().any(|member| member == &credential.id));
        groups.extend(containing.map(|group| group.name.clone()));
        return Ok(groups);
    }
    if let Some(group) = catalog.group(requested) {
        return Ok(BTreeSet::from([group.name.clone()]));
    }

    let mut available: Vec<String> = catalog.groups.iter().map(|group| group.name.clone()).collect();
    available.extend(catalog.credentials.iter().map(|credential| credential.id.clone()));
    available.truncate(MAX_PROGRAM_HINTS);
    Err(InputError {
        field: field.to_string(),
        message: format!(
            "No program `{}` in this index; name a credential id or name, or a program group such as {}.",
            requested.chars().take(80).collect::<String>(),
            available.first().map(String::as_str).unwrap_or("Honours Mathematics")
        ),
        suggestions: available,
        others: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::advisory::testing::sample_catalog;

    fn record(json: serde_json::Value) -> Result<StudentRecord, InputError> {
        let input: RecordInput = serde_json::from_value(json).unwrap();
        StudentRecord::validate(&input, &sample_catalog())
    }

    #[test]
    fn validate_canonicalises_codes_and_keeps_best_grade() {
        let record = record(serde_json::json!({
            "completed": [{"code": "cs240", "grade": 55}, {"code": "CS 240", "grade": 71}, {"code": "MATH 135"}],
            "in_progress": ["math-239"],
            "level": "2b",
        }))
        .unwrap();
        assert_eq!(record.completed.get("CS 240"), Some(&Some(71.0)));
        assert_eq!(record.completed.get("MATH 135"), Some(&None));
        assert!(record.in_progress.contains("MATH 239"));
        assert_eq!(record.level.unwrap().to_string(), "2B");
    }

    #[test]
    fn unknown_code_names_the_item_with_suggestions() {
        let error = record(serde_json::json!({"completed": [{"code": "CS 240"}, {"code": "CS 241"}, {"code": "CS 2400"}]}))
            .unwrap_err();
        assert_eq!(error.field, "completed[2].code");
        assert!(error.suggestions.contains(&"CS 240".to_string()), "{:?}", error.suggestions);
        assert!(error.others.is_empty());
    }

    #[test]
    fn every_invalid_item_is_reported() {
        let error = record(serde_json::json!({
            "completed": [{"code": "CS 999"}, {"code": "CS 240", "grade": 140}],
            "in_progress": ["NOPE 1"],
        }))
        .unwrap_err();
        assert_eq!(error.field, "completed[0].code");
        let fields: Vec<&str> = error.others.iter().map(|other| other.field.as_str()).collect();
        assert_eq!(fields, vec!["completed[1].grade", "in_progress[0]"]);
    }

    #[test]
    fn grade_outside_range_is_rejected() {
        for grade in [-1.0, 100.5, 250.0] {
            let error = record(serde_json::json!({"completed": [{"code": "CS 240", "grade": grade}]})).unwrap_err();
            assert_eq!(error.field, "completed[0].grade", "{grade}");
        }
    }

    #[test]
    fn level_and_program_errors_name_the_field() {
        assert_eq!(record(serde_json::json!({"level": "6C"})).unwrap_err().field, "level");
        let error = record(serde_json::json!({"programs": ["Computer Science", "Basket Weaving"]})).unwrap_err();
        assert_eq!(error.field, "programs[1]");
        assert!(!error.suggestions.is_empty());
    }

    #[test]
    fn programs_resolve_by_id_name_and_group() {
        let by_group = record(serde_json::json!({"programs": ["honours math"]})).unwrap();
        assert!(by_group.groups.contains("Honours Mathematics"));
        let by_name = record(serde_json::json!({"programs": ["bachelor of computer science (honours)"]})).unwrap();
        assert!(by_name.groups.contains("Computer Science"), "{:?}", by_name.groups);
        let by_id = record(serde_json::json!({"programs": ["statistics-major-2023-24"]})).unwrap();
        assert!(by_id.groups.contains("Honours Mathematics"), "{:?}", by_id.groups);
        assert!(by_id.programs_given);
    }

    #[test]
    fn oversized_lists_are_rejected() {
        let many: Vec<String> = (0..21).map(|_| "CS 240".to_string()).collect();
        assert_eq!(record(serde_json::json!({"in_progress": many})).unwrap_err().field, "in_progress");
        let catalog = sample_catalog();
        let targets: Vec<String> = (0..51).map(|_| "CS 240".to_string()).collect();
        assert_eq!(validate_targets(&catalog, &targets, "targets").unwrap_err().field, "targets");
        assert_eq!(validate_targets(&catalog, &[], "targets").unwrap_err().field, "targets");
    }
}
