//! A saved plan as clients send it and the state database stores it, and
//! the checks every plan passes before it is written.
//!
//! Validation rewrites course codes into their canonical form (`cs246`
//! becomes `CS 246`) and term codes into upper case, and rejects the first
//! invalid field with its path, such as `terms[2].courses[1]`.

use serde::{Deserialize, Serialize};

use crate::model::CourseCode;

/// Most terms in a plan.
pub const MAX_TERMS: usize = 24;
/// Most courses in one term.
pub const MAX_COURSES_PER_TERM: usize = 12;
/// Most completed courses.
pub const MAX_COMPLETED: usize = 100;
/// Longest plan name, in characters.
pub const MAX_NAME_CHARS: usize = 120;
/// Longest notes, in characters.
pub const MAX_NOTES_CHARS: usize = 4000;
/// Longest term label, in characters.
pub const MAX_TERM_CHARS: usize = 40;
/// Longest credential id, in characters.
pub const MAX_CREDENTIAL_CHARS: usize = 120;
/// Longest grade status such as `CR` or `INC`, in characters.
pub const MAX_GRADE_CHARS: usize = 8;

/// A student's saved plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    /// Name the student gave the plan.
    pub name: String,
    /// Planned terms in order.
    #[serde(default)]
    pub terms: Vec<PlannedTerm>,
    /// Courses already taken.
    #[serde(default)]
    pub completed: Vec<CompletedCourse>,
    /// Id of the credential the plan aims at, such as a major.
    #[serde(default)]
    pub target_credential: Option<String>,
    /// Free text.
    #[serde(default)]
    pub notes: String,
}

/// One planned term.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlannedTerm {
    /// A term code such as `2025F`, or a label such as `1A`.
    pub term: String,
    /// Course codes, canonical after validation.
    #[serde(default)]
    pub courses: Vec<String>,
}

/// A course already taken.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompletedCourse {
    /// Course code, canonical after validation.
    pub code: String,
    /// The grade, when the student gave one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grade: Option<Grade>,
}

/// A grade: a percentage or a status such as `CR`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Grade {
    /// A percentage from 0 to 100.
    Percent(u32),
    /// A non-numeric grade such as `CR`, `NCR` or `INC`.
    Status(String),
}

/// The first invalid field of a plan.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct PlanError {
    /// Path of the field, such as `terms[2].courses[1]`.
    pub field: String,
    /// What is wrong and what is allowed.
    pub message: String,
}

fn invalid(field: impl Into<String>, message: impl Into<String>) -> PlanError {
    PlanError { field: field.into(), message: message.into() }
}

impl Plan {
    /// Checks every bound and rewrites codes into canonical form.
    pub fn validate(mut self) -> Result<Plan, PlanError> {
        self.name = self.name.trim().to_string();
        if self.name.is_empty() || self.name.chars().count() > MAX_NAME_CHARS {
            return Err(invalid("name", format!("name must be 1 to {MAX_NAME_CHARS} characters.")));
        }
        if self.notes.chars().count() > MAX_NOTES_CHARS {
            return Err(invalid("notes", format!("notes must be at most {MAX_NOTES_CHARS} characters.")));
        }
        if self.terms.len() > MAX_TERMS {
            return Err(invalid("terms", format!("a plan has at most {MAX_TERMS} terms.")));
        }
        if self.completed.len() > MAX_COMPLETED {
            return Err(invalid("completed", format!("a plan lists at most {MAX_COMPLETED} completed courses.")));
        }
        self.target_credential = match self.target_credential.map(|id| id.trim().to_string()) {
            Some(id) if id.is_empty() => None,
            Some(id) if id.chars().count() > MAX_CREDENTIAL_CHARS => {
                return Err(invalid("target_credential", format!("target_credential must be at most {MAX_CREDENTIAL_CHARS} characters.")))
            }
            other => other,
        };

        for (index, term) in self.terms.iter_mut().enumerate() {
            term.validate(index)?;
        }
        for (index, completed) in self.completed.iter_mut().enumerate() {
            completed.validate(index)?;
        }
        Ok(self)
    }

    /// Every course code the plan names, planned first, in order.
    pub fn course_codes(&self) -> Vec<String> {
        let planned = self.terms.iter().flat_map(|term| term.courses.iter().cloned());
        planned.chain(self.completed.iter().map(|completed| completed.code.clone())).collect()
    }
}

impl PlannedTerm {
    fn validate(&mut self, index: usize) -> Result<(), PlanError> {
        let term = self.term.trim();
        if term.is_empty() || term.chars().count() > MAX_TERM_CHARS {
            return Err(invalid(
                format!("terms[{index}].term"),
                format!("term must be a term code such as 2025F or a label of at most {MAX_TERM_CHARS} characters."),
            ));
        }
        self.term = canonical_term(term);
        if self.courses.len() > MAX_COURSES_PER_TERM {
            return Err(invalid(format!("terms[{index}].courses"), format!("a term has at most {MAX_COURSES_PER_TERM} courses.")));
        }
        for (position, code) in self.courses.iter_mut().enumerate() {
            *code = canonical_code(code, &format!("terms[{index}].courses[{position}]"))?;
        }
        Ok(())
    }
}

impl CompletedCourse {
    fn validate(&mut self, index: usize) -> Result<(), PlanError> {
        self.code = canonical_code(&self.code, &format!("completed[{index}].code"))?;
        let field = || format!("completed[{index}].grade");
        match &mut self.grade {
            Some(Grade::Percent(percent)) if *percent > 100 => {
                Err(invalid(field(), "grade must be a percentage from 0 to 100 or a status such as CR."))
            }
            Some(Grade::Status(status)) => {
                *status = status.trim().to_ascii_uppercase();
                let valid = !status.is_empty()
                    && status.chars().count() <= MAX_GRADE_CHARS
                    && status.chars().all(|c| c.is_ascii_alphanumeric());
                if valid {
                    Ok(())
                } else {
                    Err(invalid(field(), format!("grade status must be 1 to {MAX_GRADE_CHARS} letters or digits, such as CR or INC.")))
                }
            }
            _ => Ok(()),
        }
    }
}

/// Upper-cases a term code like `2025f`; leaves labels as written.
fn canonical_term(term: &str) -> String {
    let bytes = term.as_bytes();
    let is_code = bytes.len() == 5 && bytes[..4].iter().all(u8::is_ascii_digit) && matches!(bytes[4].to_ascii_uppercase(), b'F' | b'W' | b'S');
    if is_code {
        term.to_ascii_uppercase()
    } else {
        term.to_string()
    }
}

fn canonical_code(code: &str, field: &str) -> Result<String, PlanError> {
    CourseCode::parse(code).map(|code| code.to_string()).map_err(|error| invalid(field, format!("{error}.")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn plan(value: serde_json::Value) -> Result<Plan, PlanError> {
        serde_json::from_value::<Plan>(value).unwrap().validate()
    }

    #[test]
    fn validate_canonicalises_codes_and_terms() {
        let plan = plan(json!({
            "name": " First year ",
            "terms": [{"term": "2025f", "courses": ["cs135", "MATH-135"]}],
            "completed": [{"code": "cs 115", "grade": 85}, {"code": "PHYS121", "grade": "cr"}]
        }))
        .unwrap();
        assert_eq!(plan.name, "First year");
        assert_eq!(plan.terms[0].term, "2025F");
        assert_eq!(plan.terms[0].courses, vec!["CS 135", "MATH 135"]);
        assert_eq!(plan.completed[1].grade, Some(Grade::Status("CR".to_string())));
        assert_eq!(plan.course_codes(), vec!["CS 135", "MATH 135", "CS 115", "PHYS 121"]);
    }

    #[test]
    fn invalid_code_names_its_path() {
        let error = plan(json!({
            "name": "x",
            "terms": [{"term": "1A", "courses": []}, {"term": "1B", "courses": []},
                      {"term": "2A", "courses": ["CS 246", "not a code"]}]
        }))
        .unwrap_err();
        assert_eq!(error.field, "terms[2].courses[1]");
    }

    #[test]
    fn bounds_are_enforced() {
        let terms: Vec<_> = (0..=MAX_TERMS).map(|i| json!({"term": format!("T{i}")})).collect();
        assert_eq!(plan(json!({"name": "x", "terms": terms})).unwrap_err().field, "terms");
        let courses: Vec<_> = (0..=MAX_COURSES_PER_TERM).map(|i| format!("CS {}", 100 + i)).collect();
        let error = plan(json!({"name": "x", "terms": [{"term": "1A", "courses": courses}]})).unwrap_err();
        assert_eq!(error.field, "terms[0].courses");
        assert_eq!(plan(json!({"name": "n".repeat(MAX_NAME_CHARS + 1)})).unwrap_err().field, "name");
        assert_eq!(plan(json!({"name": "x", "notes": "n".repeat(MAX_NOTES_CHARS + 1)})).unwrap_err().field, "notes");
        let error = plan(json!({"name": "x", "completed": [{"code": "CS 135", "grade": 101}]})).unwrap_err();
        assert_eq!(error.field, "completed[0].grade");
    }
}
