//! Generates the app's translations from `locales/en.json` and
//! `locales/ja.json` (one catalogue for both bundles):
//!
//! - the `leptos_i18n` module (`$OUT_DIR/i18n/mod.rs`) for the operator
//!   bundle's `t!` lookups;
//! - a plain table (`$OUT_DIR/catalogue.rs`) for the customer bundle and the
//!   shared components: a `Key` enum and one `&'static str` array per
//!   language, with no i18n runtime in the customer's wasm. The operator-only
//!   areas (`agent`, `console`, `login`, `operator`) are left out of it.
//!
//! The build fails when a key is missing in either language or a string's
//! `{{ placeholders }}` differ between them.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;

use leptos_i18n_build::{Config, ParseOptions, TranslationsInfos};

const LANGS: [&str; 2] = ["en", "ja"];
const OPERATOR_ONLY: [&str; 4] = ["agent", "console", "login", "operator"];

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap());

    let mut flat: Vec<BTreeMap<String, String>> = Vec::new();
    for lang in LANGS {
        let path = root.join("locales").join(format!("{lang}.json"));
        println!("cargo::rerun-if-changed={}", path.display());
        let text = std::fs::read_to_string(&path).unwrap();
        let value: serde_json::Value =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let mut map = BTreeMap::new();
        flatten("", &value, &mut map);
        flat.push(map);
    }
    let (en, ja) = (&flat[0], &flat[1]);
    let mut problems = Vec::new();
    for key in en.keys().filter(|k| !ja.contains_key(*k)) {
        problems.push(format!("`{key}` is missing in ja.json"));
    }
    for key in ja.keys().filter(|k| !en.contains_key(*k)) {
        problems.push(format!("`{key}` is missing in en.json"));
    }
    for (key, text) in en {
        if let Some(other) = ja.get(key) {
            if placeholders(text) != placeholders(other) {
                problems.push(format!("`{key}`: placeholders differ between en and ja"));
            }
        }
    }
    if !problems.is_empty() {
        panic!("locales: {}", problems.join("; "));
    }

    write_table(en, ja, &out.join("catalogue.rs"));

    let cfg = Config::new("en")
        .and_then(|c| c.add_locale("ja"))
        .expect("i18n config")
        // `t_string!` with `{{ values }}` (titles, attributes).
        .parse_options(ParseOptions::new().interpolate_display(true));
    let infos = TranslationsInfos::parse(cfg).expect("locales parse");
    infos.rerun_if_locales_changed();
    infos.emit_diagnostics();
    infos
        .generate_i18n_module(out.join("i18n"))
        .expect("i18n module");
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
fn placeholders(text: &str) -> Vec<String> {
    let mut names: Vec<String> = text
        .split("{{")
        .skip(1)
        .filter_map(|rest| {
            rest.split_once("}}")
                .map(|(name, _)| name.trim().to_string())
        })
        .collect();
    names.sort();
    names
}

/// `customer.pin.label` → `CustomerPinLabel`.
fn variant(key: &str) -> String {
    key.split(['.', '_'])
        .map(|part| {
            let mut chars = part.chars();
            match chars.next() {
                Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
                None => String::new(),
            }
        })
        .collect()
}

fn write_table(en: &BTreeMap<String, String>, ja: &BTreeMap<String, String>, path: &PathBuf) {
    let keys: Vec<&String> = en
        .keys()
        .filter(|k| !OPERATOR_ONLY.contains(&k.split('.').next().unwrap()))
        .collect();
    let mut code = String::new();
    code.push_str("/// A string of the shared catalogue (`locales/*.json`).\n");
    code.push_str("#[derive(Clone, Copy, PartialEq, Eq, Debug)]\n#[repr(u16)]\npub enum Key {\n");
    for key in &keys {
        writeln!(code, "    /// `{key}`\n    {},", variant(key)).unwrap();
    }
    code.push_str("}\n\nimpl Key {\n    /// The key's dotted name in the catalogue.\n");
    code.push_str("    pub const ALL: &'static [(Key, &'static str)] = &[\n");
    for key in &keys {
        writeln!(code, "        (Key::{}, {:?}),", variant(key), key).unwrap();
    }
    code.push_str("    ];\n}\n\n");
    for (name, map) in [("EN", en), ("JA", ja)] {
        writeln!(code, "static {name}: [&str; {}] = [", keys.len()).unwrap();
        for key in &keys {
            writeln!(code, "    {:?},", map[*key]).unwrap();
        }
        code.push_str("];\n\n");
    }
    std::fs::write(path, code).unwrap();
}
