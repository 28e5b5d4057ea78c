//! Generates the app's translations from `locales/en.json` and
//! `locales/ja.json` (one catalogue for both bundles):
//!
//! - the `leptos_i18n` module (`$OUT_DIR/i18n/mod.rs`) for the operator
//!   bundle's `td_string!` lookups;
//! - plain constants (`$OUT_DIR/catalogue.rs`) for the customer bundles and
//!   the shared components: a `Key` per string holding its English and
//!   Japanese text, with no i18n runtime in the customer's wasm. The operator-only
//!   areas (`agent`, `console`, `login`, `operator`) are left out of it.
//!
//! The build fails when a key is missing in either language or a string's
//! `{{ placeholders }}` differ between them.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;

use leptos_i18n_build::{Config, ParseOptions, TranslationsInfos};

#[path = "src/i18n/catalogue.rs"]
mod catalogue;
use catalogue::{catalogue, differences, variant, OPERATOR_ONLY};

const LANGS: [&str; 2] = ["en", "ja"];

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap());

    let mut flat: Vec<BTreeMap<String, String>> = Vec::new();
    for lang in LANGS {
        let path = root.join("locales").join(format!("{lang}.json"));
        println!("cargo::rerun-if-changed={}", path.display());
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let map = catalogue(&text);
        flat.push(map);
    }
    let (en, ja) = (&flat[0], &flat[1]);
    let mut problems = differences(en, ja);
    problems.extend(differences(ja, en));
    if !problems.is_empty() {
        panic!("locales: {}", problems.join("; "));
    }

    write_table(en, ja, &out.join("catalogue.rs"));

    let cfg = Config::new("en")
        .and_then(|c| c.add_locale("ja"))
        .expect("i18n config")
        // `td_string!` with `{{ values }}` (titles, attributes).
        .parse_options(ParseOptions::new().interpolate_display(true));
    let infos = TranslationsInfos::parse(cfg).expect("locales parse");
    infos.rerun_if_locales_changed();
    infos.emit_diagnostics();
    infos
        .generate_i18n_module(out.join("i18n"))
        .expect("i18n module");
}

fn write_table(en: &BTreeMap<String, String>, ja: &BTreeMap<String, String>, path: &PathBuf) {
    let keys: Vec<&String> = en
        .keys()
        .filter(|k| !OPERATOR_ONLY.contains(&k.split('.').next().unwrap()))
        .collect();
    // Each key is a constant holding its two texts, so a bundle carries only
    // the texts its code names (a table indexed at run time would carry all).
    let mut code = String::new();
    code.push_str("/// A string of the shared catalogue (`locales/*.json`): its English and\n");
    code.push_str("/// Japanese text.\n");
    code.push_str("#[derive(Clone, Copy, PartialEq, Eq, Debug)]\npub struct Key(&'static [&'static str; 2]);\n\n");
    code.push_str("#[allow(non_upper_case_globals)]\nimpl Key {\n");
    for key in &keys {
        writeln!(
            code,
            "    /// `{key}`\n    pub const {}: Key = Key(&[{:?}, {:?}]);",
            variant(key),
            en[*key],
            ja[*key]
        )
        .unwrap();
    }
    code.push_str("\n    /// Every key with its dotted name in the catalogue.\n");
    code.push_str("    pub const ALL: &'static [(Key, &'static str)] = &[\n");
    for key in &keys {
        writeln!(code, "        (Key::{}, {:?}),", variant(key), key).unwrap();
    }
    code.push_str("    ];\n}\n");
    std::fs::write(path, code).unwrap();
}
