//! Reading the CLI's `--json` output in assertions.

use serde_json::Value;

/// Parses `text` as JSON, failing the test with the text when it is not.
#[track_caller]
pub fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

/// The `id` of each object of a JSON array.
#[track_caller]
pub fn ids_of(items: &Value) -> Vec<String> {
    items
        .as_array()
        .unwrap_or_else(|| panic!("expected an array: {items}"))
        .iter()
        .map(|r| r["id"].as_str().expect("id").to_string())
        .collect()
}
