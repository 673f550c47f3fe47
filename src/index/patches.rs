//! Manual patches: JSONL lines that replace one field of one course, applied
//! before requisite text is parsed.
//!
//! Guarantee: a patch changes a value only when the SHA-256 of the current
//! value matches its `expect_sha256`, so a patch written against one calendar
//! never silently overwrites text that has since changed. Every line gets one
//! recorded outcome, in file order.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::sources::{sha256_hex, RawCourse};
use crate::model::{CourseCode, Term};

/// Fields a patch may replace. Units and terms hash their text form
/// (`0.5`, `F,W`); an absent value hashes as the empty string.
pub const PATCHABLE_FIELDS: [&str; 9] =
    ["title", "description", "notes", "prereq_text", "coreq_text", "antireq_text", "crosslist_text", "units", "terms_offered"];

/// One line of a patch file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Patch {
    course: String,
    field: String,
    expect_sha256: String,
    value: Option<String>,
    reason: String,
}

/// Outcome of one patch line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PatchOutcome {
    /// The value was replaced.
    Applied,
    /// The current value's hash differs from `expect_sha256`; nothing changed.
    SkippedHashMismatch,
    /// No course has that code.
    UnknownCourse,
    /// The field is not one of [`PATCHABLE_FIELDS`], or its value is invalid.
    UnknownField,
    /// The line is not a valid patch object.
    Malformed,
}

/// One line of `patch_applications.jsonl`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PatchApplication {
    /// Line number in the patch file, from 1.
    pub line: u64,
    /// Course code as written in the patch, when readable.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub course: Option<String>,
    /// Field name, when readable.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// The outcome.
    pub outcome: PatchOutcome,
    /// The patch's reason, or what was wrong with the line.
    pub detail: String,
    /// SHA-256 of the value found before patching, when the course and field exist.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub found_sha256: Option<String>,
}

/// Applies every line of a patch file's `text` to `courses` (keyed by canonical code).
pub fn apply_patch_file(text: &str, courses: &mut BTreeMap<String, RawCourse>) -> Vec<PatchApplication> {
    let mut applications = Vec::new();
    for (index, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        applications.push(apply_line(index as u64 + 1, line, courses));
    }
    applications
}

/// Reads a patch file; an unreadable file is an error for the caller.
pub fn read_patch_file(path: &Path) -> std::io::Result<(String, String)> {
    let bytes = std::fs::read(path)?;
    let hash = sha256_hex(&bytes);
    Ok((String::from_utf8_lossy(&bytes).into_owned(), hash))
}

fn apply_line(line: u64, text: &str, courses: &mut BTreeMap<String, RawCourse>) -> PatchApplication {
    let patch: Patch = match serde_json::from_str(text) {
        Ok(patch) => patch,
        Err(error) => {
            return PatchApplication { line, course: None, field: None, outcome: PatchOutcome::Malformed, detail: error.to_string(), found_sha256: None }
        }
    };
    let mut application = PatchApplication {
        line,
        course: Some(patch.course.clone()),
        field: Some(patch.field.clone()),
        outcome: PatchOutcome::Applied,
        detail: patch.reason.clone(),
        found_sha256: None,
    };

    let course = CourseCode::parse(&patch.course).ok().and_then(|code| courses.get_mut(&code.to_string()));
    let Some(course) = course else {
        application.outcome = PatchOutcome::UnknownCourse;
        application.detail = format!("no course {} in the sources; {}", patch.course, patch.reason);
        return application;
    };
    let Some(current) = field_text(course, &patch.field) else {
        application.outcome = PatchOutcome::UnknownField;
        application.detail = format!("field `{}` cannot be patched; use one of {}", patch.field, PATCHABLE_FIELDS.join(", "));
        return application;
    };

    let found = sha256_hex(current.as_bytes());
    application.found_sha256 = Some(found.clone());
    if !found.eq_ignore_ascii_case(patch.expect_sha256.trim()) {
        application.outcome = PatchOutcome::SkippedHashMismatch;
        application.detail = format!("the current value's SHA-256 is {found}, the patch expects {}; {}", patch.expect_sha256, patch.reason);
        return application;
    }
    if let Err(reason) = set_field(course, &patch.field, patch.value) {
        application.outcome = PatchOutcome::UnknownField;
        application.detail = reason;
    }
    application
}

/// Renders a patchable field as text, or `None` for a field that cannot be patched.
pub fn field_text(course: &RawCourse, field: &str) -> Option<String> {
    let optional = |value: &Option<String>| value.clone().unwrap_or_default();
    Some(match field {
        "title" => course.title.clone(),
        "description" => course.description.clone(),
        "notes" => optional(&course.notes),
        "prereq_text" => optional(&course.prereq_text),
        "coreq_text" => optional(&course.coreq_text),
        "antireq_text" => optional(&course.antireq_text),
        "crosslist_text" => optional(&course.crosslist_text),
        "units" => course.units.map(|units| units.to_string()).unwrap_or_default(),
        "terms_offered" => {
            let terms = course.terms_offered.as_deref().unwrap_or(&[]);
            terms.iter().map(|term| format!("{term:?}")).collect::<Vec<_>>().join(",")
        }
        _ => return None,
    })
}

fn set_field(course: &mut RawCourse, field: &str, value: Option<String>) -> Result<(), String> {
    let value = value.map(|value| value.trim().to_string()).filter(|value| !value.is_empty());
    match field {
        "title" => course.title = value.unwrap_or_default(),
        "description" => course.description = value.unwrap_or_default(),
        "notes" => course.notes = value,
        "prereq_text" => course.prereq_text = value,
        "coreq_text" => course.coreq_text = value,
        "antireq_text" => course.antireq_text = value,
        "crosslist_text" => course.crosslist_text = value,
        "units" => {
            let parsed = value.as_deref().map(str::parse::<f32>).transpose();
            course.units = parsed.map_err(|_| format!("units value {value:?} is not a number such as 0.5"))?;
        }
        "terms_offered" => {
            let text = value.unwrap_or_default();
            let terms: Option<Vec<Term>> = text.split(',').filter(|term| !term.trim().is_empty()).map(Term::parse).collect();
            let mut terms = terms.ok_or_else(|| format!("terms_offered value `{text}` is not a list such as F,W,S"))?;
            terms.sort();
            terms.dedup();
            course.terms_offered = Some(terms);
        }
        _ => return Err(format!("field `{field}` cannot be patched")),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn course(code: &str, prereq: &str) -> RawCourse {
        RawCourse {
            code: CourseCode::parse(code).unwrap(),
            title: "Title".into(),
            description: String::new(),
            notes: None,
            prereq_text: Some(prereq.into()),
            coreq_text: None,
            antireq_text: None,
            crosslist_text: None,
            units: None,
            terms_offered: None,
            calendar_year: None,
            origin: "test".into(),
        }
    }

    #[test]
    fn every_outcome_is_recorded() {
        let mut courses = BTreeMap::new();
        courses.insert("CS 246".to_string(), course("CS 246", "CS 136"));
        let good = sha256_hex(b"CS 136");
        let text = format!(
            "{{\"course\":\"CS246\",\"field\":\"prereq_text\",\"expect_sha256\":\"{good}\",\"value\":\"CS 136 or CS 146\",\"reason\":\"typo\"}}\n\
             {{\"course\":\"CS 246\",\"field\":\"prereq_text\",\"expect_sha256\":\"{good}\",\"value\":\"x\",\"reason\":\"stale\"}}\n\
             {{\"course\":\"CS 999\",\"field\":\"prereq_text\",\"expect_sha256\":\"{good}\",\"value\":\"x\",\"reason\":\"r\"}}\n\
             {{\"course\":\"CS 246\",\"field\":\"colour\",\"expect_sha256\":\"{good}\",\"value\":\"x\",\"reason\":\"r\"}}\n\
             not json\n"
        );
        let outcomes: Vec<PatchOutcome> = apply_patch_file(&text, &mut courses).iter().map(|application| application.outcome).collect();
        assert_eq!(
            outcomes,
            [PatchOutcome::Applied, PatchOutcome::SkippedHashMismatch, PatchOutcome::UnknownCourse, PatchOutcome::UnknownField, PatchOutcome::Malformed]
        );
        assert_eq!(courses["CS 246"].prereq_text.as_deref(), Some("CS 136 or CS 146"));
    }

    #[test]
    fn units_patch_parses_number() {
        let mut courses = BTreeMap::new();
        courses.insert("CS 136L".to_string(), course("CS 136L", ""));
        let empty = sha256_hex(b"");
        let text = format!("{{\"course\":\"CS 136L\",\"field\":\"units\",\"expect_sha256\":\"{empty}\",\"value\":\"0.25\",\"reason\":\"lab\"}}");
        let applications = apply_patch_file(&text, &mut courses);
        assert_eq!(applications[0].outcome, PatchOutcome::Applied);
        assert_eq!(courses["CS 136L"].units, Some(0.25));
    }
}
