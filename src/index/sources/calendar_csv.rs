//! `calendar-csv`: one course a row, with the columns
//! `Course,Name,Description,Notes,Prerequisites,Corequisites,Antirequisites`
//! and codes written without a space (`ACTSC127`).

use std::path::Path;

use super::{non_empty, read_bytes, sha256_hex, strip_label, InputSummary, RawCourse, Rejection, SourceBatch, SourceError};
use crate::model::CourseCode;

/// Columns the file must have, in any order.
const REQUIRED_COLUMNS: [&str; 7] = ["Course", "Name", "Description", "Notes", "Prerequisites", "Corequisites", "Antirequisites"];

/// Reads every row of a calendar CSV file.
pub(super) fn read(path: &Path, format: &str) -> Result<SourceBatch<RawCourse>, SourceError> {
    let bytes = read_bytes(path)?;
    let file = path.display().to_string();
    let format_error = |reason: String| SourceError::Format { path: path.to_path_buf(), format: format.to_string(), reason };

    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(bytes.as_slice());
    let headers = reader.headers().map_err(|error| format_error(error.to_string()))?.clone();
    let mut columns = [0usize; 7];
    for (slot, name) in columns.iter_mut().zip(REQUIRED_COLUMNS) {
        *slot = headers
            .iter()
            .position(|header| header.trim() == name)
            .ok_or_else(|| format_error(format!("the header has no `{name}` column")))?;
    }

    let mut batch = SourceBatch::default();
    let mut records = 0u64;
    for row in reader.records() {
        records += 1;
        let row = match row {
            Ok(row) => row,
            Err(error) => {
                let line = error.position().map(|position| position.line()).unwrap_or(0);
                batch.rejections.push(Rejection { file: file.clone(), location: format!("line {line}"), reason: error.to_string() });
                continue;
            }
        };
        let line = row.position().map(|position| position.line()).unwrap_or(0);
        match course_from_row(&row, &columns, &format!("{file}:{line}")) {
            Ok(course) => batch.records.push(course),
            Err(reason) => batch.rejections.push(Rejection { file: file.clone(), location: format!("line {line}"), reason }),
        }
    }

    batch.inputs.push(InputSummary {
        role: "courses".into(),
        format: format.into(),
        path: file,
        sha256: sha256_hex(&bytes),
        records,
        rejected: batch.rejections.len() as u64,
    });
    Ok(batch)
}

fn course_from_row(row: &csv::StringRecord, columns: &[usize; 7], origin: &str) -> Result<RawCourse, String> {
    let cell = |index: usize| row.get(columns[index]).unwrap_or("");
    if row.len() < headers_needed(columns) {
        return Err(format!("the row has {} fields, the header needs at least {}", row.len(), headers_needed(columns)));
    }
    let code = CourseCode::parse(cell(0)).map_err(|error| format!("column Course: {error}"))?;

    Ok(RawCourse {
        code,
        title: cell(1).trim().to_string(),
        description: cell(2).trim().to_string(),
        notes: non_empty(Some(cell(3))),
        prereq_text: strip_label(cell(4), "Prereq"),
        coreq_text: strip_label(cell(5), "Coreq"),
        antireq_text: strip_label(cell(6), "Antireq"),
        crosslist_text: None,
        // The calendar CSV states no units; the parse step fills in the default.
        units: None,
        terms_offered: None,
        calendar_year: None,
        origin: origin.to_string(),
    })
}

fn headers_needed(columns: &[usize; 7]) -> usize {
    columns.iter().max().map_or(0, |max| max + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_become_courses_and_bad_codes_are_rejected() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("courses.csv");
        std::fs::write(
            &path,
            "Course,Name,Description,Notes,Prerequisites,Corequisites,Antirequisites\n\
             CS136L,Tools,\"Lab. [Offered: F,W]\",,Prereq: CS 135,Coreq: CS 136,\"Antireq: CS 146\"\n\
             BUS-----,Broken,,,,,\n",
        )
        .unwrap();
        let batch = read(&path, "calendar-csv").unwrap();
        assert_eq!(batch.records.len(), 1);
        let course = &batch.records[0];
        assert_eq!(course.code.to_string(), "CS 136L");
        assert_eq!(course.prereq_text.as_deref(), Some("CS 135"));
        assert_eq!(course.coreq_text.as_deref(), Some("CS 136"));
        assert_eq!(course.antireq_text.as_deref(), Some("CS 146"));
        assert_eq!(batch.rejections.len(), 1);
        assert_eq!(batch.rejections[0].location, "line 3");
        assert_eq!(batch.inputs[0].records, 2);
        assert_eq!(batch.inputs[0].rejected, 1);
    }

    #[test]
    fn missing_column_fails_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("courses.csv");
        std::fs::write(&path, "Course,Name\nCS135,Intro\n").unwrap();
        let error = read(&path, "calendar-csv").unwrap_err();
        assert!(error.to_string().contains("`Description`"), "{error}");
    }
}
