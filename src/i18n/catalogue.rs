//! Reading the catalogue (`locales/*.json`) and checking one language
//! against another. Plain std + serde_json: `build.rs` includes this file
//! (it stops the build on a problem) and the native tests use it too.

use std::collections::BTreeMap;

/// The areas only the operator pages use: left out of the customer table.
pub const OPERATOR_ONLY: [&str; 4] = ["agent", "console", "login", "operator"];

/// A catalogue file as `area.key` → text.
pub fn catalogue(json: &str) -> BTreeMap<String, String> {
    let value: serde_json::Value =
        serde_json::from_str(json).unwrap_or_else(|e| panic!("locales: {e}"));
    let mut map = BTreeMap::new();
    flatten("", &value, &mut map);
    map
}

fn flatten(prefix: &str, value: &serde_json::Value, out: &mut BTreeMap<String, String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                let key = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(&key, v, out);
            }
        }
        serde_json::Value::String(s) => {
            out.insert(prefix.to_string(), s.clone());
        }
        other => panic!("locales: `{prefix}` is {other}, expected a string"),
    }
}

/// The sorted names of a string's `{{ name }}` placeholders.
pub fn placeholders(text: &str) -> Vec<String> {
    let mut names: Vec<String> = text
        .split("{{")
        .skip(1)
        .filter_map(|rest| rest.split_once("}}").map(|(n, _)| n.trim().to_string()))
        .collect();
    names.sort();
    names
}

/// Keys missing from `b`, and keys whose placeholders differ.
pub fn differences(a: &BTreeMap<String, String>, b: &BTreeMap<String, String>) -> Vec<String> {
    let mut out = Vec::new();
    for (key, text) in a {
        match b.get(key) {
            None => out.push(format!("missing: {key}")),
            Some(other) if placeholders(text) != placeholders(other) => {
                out.push(format!("placeholders differ: {key}"))
            }
            Some(_) => {}
        }
    }
    out
}

/// `customer.pin.a_second` → `CustomerPinASecond`: the table's `Key` variant.
pub fn variant(key: &str) -> String {
    key.split(['.', '_'])
        .map(|part| {
            let mut chars = part.chars();
            chars
                .next()
                .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect()
}
