//! `opendata-json`: course objects of the UW Open Data API v2 `courses`
//! endpoint (`subject`, `catalog_number`, `title`, `description`, `units`,
//! `prerequisites`, …). The path is a directory of `*.json` files (read in
//! name order) or one file, and each file contains an array or a single object.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::{non_empty, normalise_year, read_bytes, sha256_hex, strip_label, InputSummary, RawCourse, Rejection, SourceBatch, SourceError};
use crate::model::{CourseCode, Term};

/// Reads every course object under `path`.
pub(super) fn read(path: &Path, format: &str) -> Result<SourceBatch<RawCourse>, SourceError> {
    let mut batch = SourceBatch::default();
    for file in json_files(path)? {
        read_file(&file, format, &mut batch)?;
    }
    Ok(batch)
}

fn json_files(path: &Path) -> Result<Vec<PathBuf>, SourceError> {
    if !path.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let io_error = |source| SourceError::Io { path: path.to_path_buf(), source };
    let mut files = Vec::new();
    for entry in std::fs::read_dir(path).map_err(io_error)? {
        let entry_path = entry.map_err(io_error)?.path();
        if entry_path.extension().is_some_and(|extension| extension == "json") {
            files.push(entry_path);
        }
    }
    // Directory order differs between file systems; name order keeps builds reproducible.
    files.sort();
    Ok(files)
}

fn read_file(path: &Path, format: &str, batch: &mut SourceBatch<RawCourse>) -> Result<(), SourceError> {
    let bytes = read_bytes(path)?;
    let file = path.display().to_string();
    let value: Value = serde_json::from_slice(&bytes).map_err(|error| SourceError::Format {
        path: path.to_path_buf(),
        format: format.to_string(),
        reason: error.to_string(),
    })?;
    let objects = match value {
        Value::Array(items) => items,
        object @ Value::Object(_) => vec![object],
        _ => {
            return Err(SourceError::Format {
                path: path.to_path_buf(),
                format: format.to_string(),
                reason: "expected an array of course objects or one course object".into(),
            })
        }
    };

    let rejected_before = batch.rejections.len();
    for (index, object) in objects.iter().enumerate() {
        match course_from_value(object, &format!("{file}[{index}]")) {
            Ok(course) => batch.records.push(course),
            Err(reason) => batch.rejections.push(Rejection { file: file.clone(), location: format!("[{index}]"), reason }),
        }
    }
    batch.inputs.push(InputSummary {
        role: "courses".into(),
        format: format.into(),
        path: file,
        sha256: sha256_hex(&bytes),
        records: objects.len() as u64,
        rejected: (batch.rejections.len() - rejected_before) as u64,
    });
    Ok(())
}

fn course_from_value(value: &Value, origin: &str) -> Result<RawCourse, String> {
    let object = value.as_object().ok_or("the record is not a JSON object")?;
    let text = |key: &str| object.get(key).and_then(Value::as_str);
    let subject = text("subject").ok_or("field `subject` is missing or not a string")?;
    let number = text("catalog_number").ok_or("field `catalog_number` is missing or not a string")?;
    let code = CourseCode::from_parts(subject, number).map_err(|error| error.to_string())?;
    let title = text("title").ok_or("field `title` is missing or not a string")?;

    let units = match object.get("units") {
        None | Some(Value::Null) => None,
        Some(Value::Number(number)) => number.as_f64().map(|units| units as f32),
        Some(other) => return Err(format!("field `units` is {other}, expected a number")),
    };
    let terms_offered = object.get("terms_offered").and_then(Value::as_array).map(|terms| {
        let mut terms: Vec<Term> = terms.iter().filter_map(Value::as_str).filter_map(Term::parse).collect();
        terms.sort();
        terms.dedup();
        terms
    });

    // NOTE: `needs_instructor_consent` and `needs_department_consent` are not
    // read; consent reaches the tree only when the prerequisite text says so.
    Ok(RawCourse {
        code,
        title: title.trim().to_string(),
        description: text("description").unwrap_or("").trim().to_string(),
        notes: non_empty(text("notes")),
        prereq_text: text("prerequisites").and_then(|value| strip_label(value, "Prereq")),
        coreq_text: text("corequisites").and_then(|value| strip_label(value, "Coreq")),
        antireq_text: text("antirequisites").and_then(|value| strip_label(value, "Antireq")),
        crosslist_text: non_empty(text("crosslistings")),
        units,
        terms_offered,
        calendar_year: text("calendar_year").and_then(normalise_year),
        origin: origin.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directory_of_files_is_read_in_name_order() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("b.json"),
            r#"[{"subject":"CS","catalog_number":"246","title":"OOP","units":0.5,"prerequisites":"CS 136","terms_offered":["W","F"],"calendar_year":"1415"}, {}]"#,
        )
        .unwrap();
        std::fs::write(dir.path().join("a.json"), r#"{"subject":"MATH","catalog_number":"135","title":"Algebra"}"#).unwrap();
        std::fs::write(dir.path().join("notes.txt"), "ignored").unwrap();

        let batch = read(dir.path(), "opendata-json").unwrap();
        let codes: Vec<String> = batch.records.iter().map(|course| course.code.to_string()).collect();
        assert_eq!(codes, ["MATH 135", "CS 246"]);
        assert_eq!(batch.records[1].terms_offered, Some(vec![Term::F, Term::W]));
        assert_eq!(batch.records[1].calendar_year.as_deref(), Some("2014-15"));
        assert_eq!(batch.rejections.len(), 1);
        assert_eq!(batch.rejections[0].location, "[1]");
        assert!(batch.rejections[0].reason.contains("subject"));
        assert_eq!(batch.inputs.len(), 2);
    }
}
