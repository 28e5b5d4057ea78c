//! The customer pages' static shell in the reader's language.
//!
//! `index.html` is built in English. A browser whose `Accept-Language`
//! prefers Japanese gets the same HTML with `lang="ja"` and the catalogue's
//! Japanese shell title and lead (`locales/*.json`, `shell.*`): the first
//! paint is already in the language the app will show, and the largest
//! element does not change when the app takes over.

use std::sync::LazyLock;

/// A language the shell comes in.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ShellLang {
    En,
    Ja,
}

/// The shell's words in one language.
struct Words {
    title: String,
    lead: String,
}

fn words(catalogue: &str) -> Words {
    let json: serde_json::Value = serde_json::from_str(catalogue).expect("locales json");
    let get = |key: &str| json["shell"][key].as_str().expect("shell key").to_string();
    Words {
        title: get("title"),
        lead: get("lead"),
    }
}

static EN: LazyLock<Words> = LazyLock::new(|| words(include_str!("../../locales/en.json")));
static JA: LazyLock<Words> = LazyLock::new(|| words(include_str!("../../locales/ja.json")));

/// The language an `Accept-Language` header prefers among ours: the highest
/// `q` (ties: the first listed); English when it names neither.
pub fn preferred(accept_language: &str) -> ShellLang {
    let mut best: Option<(f32, ShellLang)> = None;
    for part in accept_language.split(',') {
        let mut fields = part.split(';').map(str::trim);
        let tag = fields.next().unwrap_or("").to_ascii_lowercase();
        let q = fields
            .find_map(|f| f.strip_prefix("q="))
            .and_then(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        let primary = tag.split(['-', '_']).next().unwrap_or("");
        let lang = match primary {
            "ja" => ShellLang::Ja,
            "en" => ShellLang::En,
            _ => continue,
        };
        if q > 0.0 && best.is_none_or(|(b, _)| q > b) {
            best = Some((q, lang));
        }
    }
    best.map_or(ShellLang::En, |(_, lang)| lang)
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The built English `index.html` with its shell in Japanese; `None` when
/// the HTML does not hold the English shell (then it is served as it is).
pub fn japanese(html: &str) -> Option<String> {
    let (en, ja) = (&*EN, &*JA);
    let title = format!(">{}<", escape(&en.title));
    let lead = format!(">{}<", escape(&en.lead));
    if !html.contains("<html lang=\"en\"") || !html.contains(&title) || !html.contains(&lead) {
        return None;
    }
    Some(
        html.replacen("<html lang=\"en\"", "<html lang=\"ja\"", 1)
            .replace(&title, &format!(">{}<", escape(&ja.title)))
            .replace(&lead, &format!(">{}<", escape(&ja.lead))),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_preferred_language_follows_q_then_order() {
        assert_eq!(preferred(""), ShellLang::En);
        assert_eq!(preferred("ja-JP,ja;q=0.9,en;q=0.8"), ShellLang::Ja);
        assert_eq!(preferred("en-US,en;q=0.9,ja;q=0.8"), ShellLang::En);
        assert_eq!(preferred("fr-FR, ja;q=0.5"), ShellLang::Ja);
        assert_eq!(preferred("en;q=0.4, JA;q=0.6"), ShellLang::Ja);
        assert_eq!(preferred("ja;q=0"), ShellLang::En);
        assert_eq!(preferred("de, fr"), ShellLang::En);
    }

    #[test]
    fn the_japanese_shell_replaces_language_title_and_lead() {
        let en = &*EN;
        let html = format!(
            "<!doctype html>\n<html lang=\"en\">\n<head><title>{t}</title></head>\n<body><main id=\"app\"><h1 class=\"ra-shell__title\">{t}</h1><p class=\"ra-shell__lead\">{l}</p></main></body></html>",
            t = en.title,
            l = en.lead
        );
        let ja = japanese(&html).unwrap();
        assert!(ja.contains("<html lang=\"ja\">"));
        assert!(!ja.contains(&en.title) && !ja.contains(&en.lead));
        assert_eq!(ja.matches(&JA.title).count(), 2, "{ja}");
        assert!(ja.contains(&JA.lead));
        assert_eq!(japanese("<html lang=\"en\"><p>other</p></html>"), None);
    }

    #[test]
    fn the_built_pages_hold_the_english_shell() {
        for (name, html) in [
            ("index.html", include_str!("../../index.html")),
            ("chat.html", include_str!("../../chat.html")),
        ] {
            assert!(
                japanese(html).is_some(),
                "{name}'s shell no longer matches locales/en.json shell.*"
            );
        }
    }
}
