//! The catalogue's own checks, natively: both languages have every key with
//! the same placeholders, and every key the code names is in both.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::catalogue::{catalogue, differences, variant, OPERATOR_ONLY};
use super::*;

fn en() -> BTreeMap<String, String> {
    catalogue(include_str!("../../locales/en.json"))
}

fn ja() -> BTreeMap<String, String> {
    catalogue(include_str!("../../locales/ja.json"))
}

#[test]
fn both_languages_have_every_key_with_the_same_placeholders() {
    let (en, ja) = (en(), ja());
    assert_eq!(differences(&en, &ja), Vec::<String>::new(), "ja.json");
    assert_eq!(differences(&ja, &en), Vec::<String>::new(), "en.json");
    for (key, text) in en.iter().chain(ja.iter()) {
        assert!(
            !text.trim().is_empty() || key.contains("before"),
            "empty: {key}"
        );
    }
}

#[test]
fn the_check_finds_a_missing_key_and_a_lost_placeholder() {
    let en = catalogue(r#"{"a": {"b": "PIN {{ pin }}", "c": "x"}}"#);
    let ja = catalogue(r#"{"a": {"b": "PINコード"}}"#);
    assert_eq!(
        differences(&en, &ja),
        vec!["placeholders differ: a.b", "missing: a.c"]
    );
}

#[test]
fn the_table_is_the_catalogue() {
    let (en, ja) = (en(), ja());
    for (key, name) in Key::ALL {
        assert_eq!(text(Lang::En, *key), en[*name], "{name}");
        assert_eq!(text(Lang::Ja, *key), ja[*name], "{name}");
    }
    // Everything but the operator-only areas is in the table.
    let shared = en
        .keys()
        .filter(|k| !OPERATOR_ONLY.contains(&k.split('.').next().unwrap()))
        .count();
    assert_eq!(Key::ALL.len(), shared);
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn keys_used_by_the_code() -> (Vec<String>, Vec<String>) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    let (mut variants, mut paths) = (Vec::new(), Vec::new());
    // Not this file: its words name keys as examples.
    for file in files.into_iter().filter(|f| !f.ends_with("i18n/tests.rs")) {
        let code = std::fs::read_to_string(&file).unwrap();
        for rest in code.split("Key::").skip(1) {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            if name.starts_with(|c: char| c.is_ascii_uppercase()) && name != "ALL" {
                variants.push(name);
            }
        }
        for mac in ["t!(", "t_string!(", "td_string!("] {
            let calls = code.match_indices(mac).filter(|(at, _)| {
                // `t!(`, not `format!(` or `assert!(`.
                !code[..*at].ends_with(|c: char| c.is_alphanumeric() || c == '_')
            });
            for rest in calls.map(|(at, _)| &code[at + mac.len()..]) {
                let Some((_, args)) = rest.split_once(',') else {
                    continue;
                };
                let path: String = args
                    .trim_start()
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '.')
                    .collect();
                if path.contains('.') {
                    paths.push(path);
                }
            }
        }
    }
    (variants, paths)
}

#[test]
fn every_key_the_code_names_is_in_both_languages() {
    let (en, ja) = (en(), ja());
    let (variants, paths) = keys_used_by_the_code();
    assert!(
        variants.len() > 50 && !paths.is_empty(),
        "the scan finds keys"
    );
    let known: Vec<String> = en.keys().map(|k| variant(k)).collect();
    for v in variants {
        assert!(known.contains(&v), "Key::{v} is not in the catalogue");
    }
    for path in paths {
        assert!(en.contains_key(&path), "{path} is not in en.json");
        assert!(ja.contains_key(&path), "{path} is not in ja.json");
    }
}

#[test]
fn shells_keep_their_english_text() {
    let en = en();
    assert_eq!(en["shell.title"], crate::customer::SHELL_TITLE);
    assert_eq!(en["shell.lead"], crate::customer::SHELL_LEAD);
}

#[test]
fn picks_the_stored_choice_then_the_browser_then_english() {
    let prefs = |tags: &[&str]| tags.iter().map(|t| t.to_string()).collect::<Vec<_>>();
    assert_eq!(Lang::pick(Some("ja"), &prefs(&["en-US"])), Lang::Ja);
    assert_eq!(Lang::pick(Some("en"), &prefs(&["ja-JP"])), Lang::En);
    assert_eq!(
        Lang::pick(None, &prefs(&["fr-FR", "ja-JP", "en"])),
        Lang::Ja
    );
    assert_eq!(Lang::pick(None, &prefs(&["EN-gb", "ja"])), Lang::En);
    assert_eq!(Lang::pick(Some("xx"), &prefs(&["de"])), Lang::En);
    assert_eq!(Lang::pick(None, &[]), Lang::En);
}

#[test]
fn fills_placeholders() {
    assert_eq!(
        fill("PIN {{ pin }} created.", &[("pin", "123 456")]),
        "PIN 123 456 created."
    );
    assert_eq!(fill("{{a}}-{{ b }}", &[("a", "1"), ("b", "2")]), "1-2");
    assert_eq!(fill("{{ missing }} stays", &[]), "{{ missing }} stays");
    assert_eq!(fill("open {{ brace", &[]), "open {{ brace");
    assert_eq!(fill("日本語 {{ n }} 件", &[("n", "3")]), "日本語 3 件");
}

#[test]
fn error_codes_map_to_their_own_words() {
    assert_eq!(
        error_key("invalid_credentials"),
        Key::ErrorsInvalidCredentials
    );
    assert_eq!(
        error_key("control_not_allowed"),
        Key::ErrorsControlNotAllowed
    );
    assert_eq!(error_key("something_new"), Key::ErrorsGeneric);
}
