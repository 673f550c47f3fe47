//! Reading JSON request bodies field by field, so every shape error names
//! the field it is about (`completed[2]`, `constraints`) in the
//! `invalid_field` response.

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::error::ApiError;
use crate::advisory::record::{CompletedInput, RecordInput};

/// Converts the body to a JSON object, or returns a 400.
pub fn into_object(body: Value) -> Result<Map<String, Value>, ApiError> {
    match body {
        Value::Object(object) => Ok(object),
        _ => Err(ApiError::bad_request("invalid_json", "The request body must be a JSON object.")),
    }
}

/// Rejects a key outside `record_fields` and `fields`, naming it.
pub fn check_fields(object: &Map<String, Value>, record_fields: &[&str], fields: &[&str]) -> Result<(), ApiError> {
    let allowed = || record_fields.iter().chain(fields).copied();
    match object.keys().find(|key| !allowed().any(|field| field == key.as_str())) {
        Some(unknown) => Err(ApiError::invalid_field(
            unknown,
            format!(
                "Unknown field `{}`; this route accepts {}.",
                unknown.chars().take(40).collect::<String>(),
                allowed().collect::<Vec<_>>().join(", ")
            ),
        )),
        None => Ok(()),
    }
}

/// Removes and reads `key`; `None` when absent or `null`.
pub fn optional<T: DeserializeOwned>(object: &mut Map<String, Value>, key: &str) -> Result<Option<T>, ApiError> {
    match object.remove(key) {
        None | Some(Value::Null) => Ok(None),
        Some(value) => serde_json::from_value(value)
            .map(Some)
            .map_err(|error| ApiError::invalid_field(key, format!("{key} is invalid: {error}."))),
    }
}

/// Removes and reads `key` as a list, reading each item on its own so an
/// error names the item (`key[3]`). `expected` describes the list for the
/// error when it is missing.
pub fn list<T: DeserializeOwned>(object: &mut Map<String, Value>, key: &str, expected: &str) -> Result<Option<Vec<T>>, ApiError> {
    let items = match object.remove(key) {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::Array(items)) => items,
        Some(_) => return Err(ApiError::invalid_field(key, format!("{key} must be {expected}."))),
    };
    let mut parsed = Vec::with_capacity(items.len());
    for (index, item) in items.into_iter().enumerate() {
        let value = serde_json::from_value(item)
            .map_err(|error| ApiError::invalid_field(&format!("{key}[{index}]"), format!("{key}[{index}] is invalid: {error}.")))?;
        parsed.push(value);
    }
    Ok(Some(parsed))
}

/// Like [`list`], but a missing list is an error.
pub fn required_list<T: DeserializeOwned>(object: &mut Map<String, Value>, key: &str, expected: &str) -> Result<Vec<T>, ApiError> {
    list(object, key, expected)?.ok_or_else(|| ApiError::invalid_field(key, format!("{key} is required: {expected}.")))
}

/// Removes and reads the student record fields.
pub fn record(object: &mut Map<String, Value>) -> Result<RecordInput, ApiError> {
    let completed: Vec<CompletedInput> =
        list(object, "completed", "a list of {\"code\": \"CS 240\", \"grade\": 75} objects")?.unwrap_or_default();
    let in_progress = list(object, "in_progress", "a list of course codes")?.unwrap_or_default();
    let programs = list(object, "programs", "a list of credential ids, credential names or program groups")?.unwrap_or_default();
    let level = optional::<String>(object, "level")
        .map_err(|_| ApiError::invalid_field("level", "level is an academic level such as \"1A\" or \"3B\"."))?;
    Ok(RecordInput { completed, in_progress, level, programs })
}
