//! `requirement-tree-json`: an object of programs (or an array of them). Each
//! has `name`, optional `faculty`, `isMinor`, `isSpecialization` and a
//! `requirements` array of nodes. The nodes are `AND`, `OR`, `N_OF` (with
//! `n`), `COURSE` (with `code` like `CS136L`) and `ADDITIONAL` (with `text`,
//! maybe `n` and a `pool` of course codes).

use std::path::Path;

use serde_json::{Map, Value};

use super::{kind_from_name, parse_additional, read_bytes, sha256_hex, year_in_path, InputSummary, RawCredential, Rejection, SourceBatch, SourceError};
use crate::model::{CourseCode, CredentialKind, Requirement};

/// Reads every program of the file. The calendar year is taken from the path
/// (`…-2025-26/…`) because the format has no field for it.
pub(super) fn read(path: &Path, format: &str) -> Result<SourceBatch<RawCredential>, SourceError> {
    let bytes = read_bytes(path)?;
    let file = path.display().to_string();
    let format_error = |reason: String| SourceError::Format { path: path.to_path_buf(), format: format.to_string(), reason };
    let value: Value = serde_json::from_slice(&bytes).map_err(|error| format_error(error.to_string()))?;
    let programs: Vec<(String, Value)> = match value {
        Value::Object(map) => map.into_iter().map(|(key, value)| (format!("key {key:?}"), value)).collect(),
        Value::Array(items) => items.into_iter().enumerate().map(|(index, value)| (format!("[{index}]"), value)).collect(),
        _ => return Err(format_error("expected an object or an array of programs".into())),
    };
    let catalog_year = year_in_path(path);

    let mut batch = SourceBatch::default();
    for (location, program) in &programs {
        match credential_from_value(program, catalog_year.clone(), &format!("{file} {location}")) {
            Ok(credential) => batch.records.push(credential),
            Err(reason) => batch.rejections.push(Rejection { file: file.clone(), location: location.clone(), reason }),
        }
    }
    batch.inputs.push(InputSummary {
        role: "programs".into(),
        format: format.into(),
        path: file,
        sha256: sha256_hex(&bytes),
        records: programs.len() as u64,
        rejected: batch.rejections.len() as u64,
    });
    Ok(batch)
}

fn credential_from_value(value: &Value, catalog_year: Option<String>, origin: &str) -> Result<RawCredential, String> {
    let object = value.as_object().ok_or("the program is not a JSON object")?;
    let name = object.get("name").and_then(Value::as_str).map(str::trim).filter(|name| !name.is_empty());
    let name = name.ok_or("field `name` is missing or empty")?;
    let flag = |key: &str| object.get(key).and_then(Value::as_bool).unwrap_or(false);
    let kind = if flag("isMinor") {
        CredentialKind::Minor
    } else if flag("isSpecialization") {
        CredentialKind::Specialization
    } else {
        kind_from_name(name, CredentialKind::Major)
    };
    let nodes = object.get("requirements").and_then(Value::as_array).ok_or("field `requirements` is missing or not an array")?;
    let children = nodes.iter().map(requirement_from_node).collect::<Result<_, _>>()?;

    Ok(RawCredential {
        name: name.to_string(),
        kind,
        faculty: object.get("faculty").and_then(Value::as_str).map(str::trim).filter(|f| !f.is_empty()).map(str::to_string),
        catalog_year,
        requirements: Requirement::All { label: None, children },
        origin: origin.to_string(),
    })
}

/// Maps one node; an unknown node type or a malformed code rejects the program.
pub(super) fn requirement_from_node(node: &Value) -> Result<Requirement, String> {
    let object = node.as_object().ok_or("a requirement node is not a JSON object")?;
    let node_type = object.get("type").and_then(Value::as_str).ok_or("a requirement node has no `type`")?;
    let label = object.get("label").and_then(Value::as_str).map(str::to_string);
    let n = object.get("n").and_then(Value::as_u64).map(|n| n as u32);

    match node_type {
        "AND" => Ok(Requirement::All { label, children: children_of(object)? }),
        "OR" => Ok(Requirement::Any { label, children: children_of(object)? }),
        "N_OF" => {
            let n = n.ok_or("an N_OF node has no `n`")?;
            Ok(Requirement::NOf { label, n, children: children_of(object)? })
        }
        "COURSE" => {
            let code = object.get("code").and_then(Value::as_str).unwrap_or("");
            let text = object.get("text").and_then(Value::as_str).unwrap_or("");
            if code.is_empty() && !text.is_empty() {
                // A COURSE node without a code is a rule written as text, such
                // as "The following cannot be used towards this academic plan:
                // …". Its codes are exclusions, so none is listed as counting.
                return Ok(Requirement::Additional { text: text.to_string(), n: None, subjects: vec![], min_course_level: None, courses: vec![] });
            }
            let code = CourseCode::parse(code).map_err(|error| format!("a COURSE node: {error}"))?;
            Ok(Requirement::Course { code: code.to_string(), min_grade: None })
        }
        "ADDITIONAL" => {
            let text = object.get("text").and_then(Value::as_str).unwrap_or("");
            let pool = object.get("pool").and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[]);
            let listed = pool.iter().filter_map(Value::as_str).filter_map(|code| CourseCode::parse(code).ok()).map(|code| code.to_string());
            Ok(parse_additional(text, n, listed.collect()))
        }
        other => Err(format!("unknown requirement node type `{other}`")),
    }
}

fn children_of(object: &Map<String, Value>) -> Result<Vec<Requirement>, String> {
    let children = object.get("children").and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[]);
    children.iter().map(requirement_from_node).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn programs_map_to_credentials() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("trees-2025-26.json");
        std::fs::write(
            &path,
            r#"{
              "a": {"name": "Computer Science", "faculty": "Faculty of Mathematics", "isMinor": false, "isSpecialization": false,
                    "requirements": [{"type": "OR", "children": [{"type": "COURSE", "code": "CS135"}, {"type": "COURSE", "code": "CS145"}]},
                                     {"type": "N_OF", "n": 2, "children": [{"type": "COURSE", "code": "CS136L"}]},
                                     {"type": "ADDITIONAL", "text": "Complete 2 additional CS courses at the 400-level", "pool": ["CS480"]}]},
              "b": {"name": "Statistics Minor", "isMinor": true, "requirements": []},
              "c": {"name": "Broken", "requirements": [{"type": "SOMETIMES"}]}
            }"#,
        )
        .unwrap();
        let batch = read(&path, "requirement-tree-json").unwrap();
        assert_eq!(batch.records.len(), 2);
        let cs = &batch.records[0];
        assert_eq!(cs.catalog_year.as_deref(), Some("2025-26"));
        assert_eq!(cs.requirements.course_codes(), ["CS 135", "CS 145", "CS 136L", "CS 480"]);
        assert_eq!(batch.records[1].kind, CredentialKind::Minor);
        assert_eq!(batch.rejections.len(), 1);
        assert_eq!(batch.rejections[0].location, "key \"c\"");
        assert!(batch.rejections[0].reason.contains("SOMETIMES"));
    }
}
