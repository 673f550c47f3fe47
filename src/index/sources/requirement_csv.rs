//! `requirement-csv`: `Major,Year,Link,Requirements` (or `Minor,…`), one
//! credential and year a row. The requirements cell is a Python dict literal
//! of numbered headings ("1. One of", "3. All of", "5. Two additional
//! 400-level ACTSC courses") to lists of course entries.

use std::path::Path;

use super::pydict::{parse_dict, PyValue};
use super::{
    kind_from_name, normalise_year, parse_additional, parse_requirement_item, read_bytes, sha256_hex, InputSummary,
    RawCredential, Rejection, SourceBatch, SourceError,
};
use crate::model::{CredentialKind, Requirement};

/// Reads the rows of `year` (the latest year in the file when `None`).
pub(super) fn read(path: &Path, format: &str, year: Option<&str>) -> Result<SourceBatch<RawCredential>, SourceError> {
    let bytes = read_bytes(path)?;
    let file = path.display().to_string();
    let format_error = |reason: String| SourceError::Format { path: path.to_path_buf(), format: format.to_string(), reason };

    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(bytes.as_slice());
    let headers = reader.headers().map_err(|error| format_error(error.to_string()))?.clone();
    let name_column = headers.iter().position(|header| matches!(header.trim(), "Major" | "Minor" | "Program" | "Name"));
    let name_column = name_column.ok_or_else(|| format_error("the header has no `Major` or `Minor` column".into()))?;
    let default_kind = if headers[name_column].trim() == "Minor" { CredentialKind::Minor } else { CredentialKind::Major };
    let column = |name: &str| headers.iter().position(|header| header.trim() == name);
    let year_column = column("Year").ok_or_else(|| format_error("the header has no `Year` column".into()))?;
    let requirements_column = column("Requirements").ok_or_else(|| format_error("the header has no `Requirements` column".into()))?;
    let link_column = column("Link");

    let mut rows = Vec::new();
    let mut batch = SourceBatch::default();
    for row in reader.records() {
        match row {
            Ok(row) => rows.push(row),
            Err(error) => {
                let line = error.position().map_or(0, |position| position.line());
                batch.rejections.push(Rejection { file: file.clone(), location: format!("line {line}"), reason: error.to_string() });
            }
        }
    }
    let records = (rows.len() + batch.rejections.len()) as u64;

    // Keep one year: the one asked for, or the latest the file has.
    let row_year = |row: &csv::StringRecord| row.get(year_column).and_then(normalise_year);
    let wanted = match year {
        Some(year) => normalise_year(year),
        None => rows.iter().filter_map(row_year).max(),
    };

    for row in &rows {
        let line = row.position().map_or(0, |position| position.line());
        if row_year(row) != wanted {
            continue;
        }
        let name = row.get(name_column).unwrap_or("").trim();
        let cell = row.get(requirements_column).unwrap_or("");
        let location = format!("line {line}");
        if name.is_empty() {
            batch.rejections.push(Rejection { file: file.clone(), location, reason: "the credential name is empty".into() });
            continue;
        }
        match requirements_from_cell(cell) {
            Ok(requirements) => batch.records.push(RawCredential {
                name: name.to_string(),
                kind: kind_from_name(name, default_kind),
                faculty: link_column.and_then(|index| row.get(index)).and_then(faculty_from_link),
                catalog_year: wanted.clone(),
                requirements,
                origin: format!("{file}:{line}"),
            }),
            Err(reason) => batch.rejections.push(Rejection { file: file.clone(), location, reason: format!("{name}: requirements cell: {reason}") }),
        }
    }

    batch.inputs.push(InputSummary {
        role: "programs".into(),
        format: format.into(),
        path: file,
        sha256: sha256_hex(&bytes),
        records,
        rejected: batch.rejections.len() as u64,
    });
    Ok(batch)
}

/// Faculty from a calendar page link such as `…/page/MATH-Actuarial-Science1.html`.
fn faculty_from_link(link: &str) -> Option<String> {
    let page = link.rsplit_once("/page/")?.1;
    let prefix = page.split('-').next()?;
    let faculty = match prefix {
        "MATH" => "Faculty of Mathematics",
        "ENG" => "Faculty of Engineering",
        "ARTS" => "Faculty of Arts",
        "SCI" | "Sci" => "Faculty of Science",
        "ENV" => "Faculty of Environment",
        "HEA" => "Faculty of Health",
        _ => return None,
    };
    Some(faculty.to_string())
}

/// Maps the dict literal to an `all` over its numbered groups.
pub(super) fn requirements_from_cell(cell: &str) -> Result<Requirement, String> {
    let entries = parse_dict(cell)?;
    let children = entries.into_iter().map(|(heading, value)| group_from_entry(&heading, value)).collect::<Result<_, _>>()?;
    Ok(Requirement::All { label: None, children })
}

fn group_from_entry(heading: &str, value: PyValue) -> Result<Requirement, String> {
    let items: Vec<String> = match value {
        PyValue::Str(text) => vec![text],
        PyValue::List(values) => values
            .into_iter()
            .map(|value| match value {
                PyValue::Str(text) => Ok(text),
                PyValue::List(_) => Err(format!("group `{heading}` has a nested list")),
            })
            .collect::<Result<_, _>>()?,
    };
    let label = Some(heading.trim().to_string());
    let rule = strip_numbering(heading);
    let mut children: Vec<Requirement> = items.iter().flat_map(|item| parse_requirement_item(item)).collect();
    let lower = rule.to_lowercase();

    if lower.starts_with("one of") {
        return Ok(Requirement::Any { label, children });
    }
    if lower.starts_with("all of") || lower.is_empty() {
        return Ok(Requirement::All { label, children });
    }
    if let Some(n) = n_of(&lower) {
        return Ok(Requirement::NOf { label, n, children });
    }
    // A heading that is itself a course entry opens the group's list.
    let heading_courses = parse_requirement_item(rule);
    if !matches!(heading_courses.as_slice(), [Requirement::Additional { .. }]) {
        children.splice(0..0, heading_courses);
        return Ok(Requirement::All { label, children });
    }
    let listed = items.iter().flat_map(|item| parse_requirement_item(item)).flat_map(|requirement| {
        requirement.course_codes().into_iter().map(str::to_string).collect::<Vec<_>>()
    });
    Ok(parse_additional(rule, None, listed.collect()))
}

/// "5. Two additional …" without "5." (and "1." alone becomes "").
fn strip_numbering(heading: &str) -> &str {
    let trimmed = heading.trim();
    let digits = trimmed.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && trimmed[digits..].starts_with('.') {
        trimmed[digits + 1..].trim()
    } else {
        trimmed
    }
}

/// `n` in "Two of", "2 of" (but not "one of", which is `any`).
fn n_of(lower: &str) -> Option<u32> {
    let first = lower.split_whitespace().next()?;
    let second = lower.split_whitespace().nth(1)?;
    if second != "of" {
        return None;
    }
    let words = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];
    words.iter().position(|word| *word == first).map(|n| n as u32).or_else(|| first.parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_maps_headings_to_groups() {
        let cell = "{'1. One of': ['MATH 237 Calculus 3', 'MATH 247 Calculus 3 (Advanced Level)'], '3. All of': ['STAT 330 Mathematical Statistics'], '4. Two of': ['CS 480 ML', 'CS 485 SL', 'CS 486 AI'], '5. Two additional 400-level ACTSC courses': []}";
        let Requirement::All { children, .. } = requirements_from_cell(cell).unwrap() else { panic!("root is not all") };
        assert!(matches!(&children[0], Requirement::Any { children, .. } if children.len() == 2));
        assert!(matches!(&children[1], Requirement::All { children, .. } if children.len() == 1));
        assert!(matches!(&children[2], Requirement::NOf { n: 2, children, .. } if children.len() == 3));
        assert!(matches!(&children[3], Requirement::Additional { n: Some(2), min_course_level: Some(400), .. }));
    }

    #[test]
    fn course_heading_opens_its_group() {
        let cell = "{'2. ACTSC 231 Introductory Financial Mathematics': ['ACTSC 232 Life Contingencies 1']}";
        let Requirement::All { children, .. } = requirements_from_cell(cell).unwrap() else { panic!("root is not all") };
        assert_eq!(children[0].course_codes(), ["ACTSC 231", "ACTSC 232"]);
    }

    #[test]
    fn rows_of_latest_year_are_kept_and_bad_cells_rejected() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("Minor_requirements.csv");
        std::fs::write(
            &path,
            "Minor,Year,Link,Requirements\n\
             Statistics Minor,2022-2023,https://x/page/MATH-Statistics-Minor.html,\"{'1. All of': ['STAT 230 Probability']}\"\n\
             Statistics Minor,2023-2024,https://x/page/MATH-Statistics-Minor.html,\"{'1. All of': ['STAT 231 Statistics']}\"\n\
             Broken Minor,2023-2024,https://x/page/ARTS-Broken.html,\"{'1. All of': [HEALTH 105]}\"\n",
        )
        .unwrap();
        let batch = read(&path, "requirement-csv", None).unwrap();
        assert_eq!(batch.records.len(), 1);
        let credential = &batch.records[0];
        assert_eq!(credential.kind, CredentialKind::Minor);
        assert_eq!(credential.catalog_year.as_deref(), Some("2023-24"));
        assert_eq!(credential.faculty.as_deref(), Some("Faculty of Mathematics"));
        assert_eq!(credential.requirements.course_codes(), ["STAT 231"]);
        assert_eq!(batch.rejections.len(), 1);
        assert!(batch.rejections[0].reason.starts_with("Broken Minor"));

        let older = read(&path, "requirement-csv", Some("2022-2023")).unwrap();
        assert_eq!(older.records[0].requirements.course_codes(), ["STAT 230"]);
    }
}
