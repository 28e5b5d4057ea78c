//! Languages: English and Japanese, from one catalogue (`locales/en.json`,
//! `locales/ja.json`).
//!
//! - [`Lang`] and the [`I18n`] state, created once at each app's root and
//!   shared by context: the first of the stored choice (`ra.lang`) and the
//!   browser's preferred languages; changing it stores the choice and
//!   updates `<html lang>` at once.
//! - [`text`]: the customer bundle's lookup, constants `build.rs` generates
//!   from the catalogue (no i18n runtime in that bundle), with [`fill`] for
//!   `{{ placeholders }}`. The operator pages use `leptos_i18n`'s `t!`
//!   (`crate::operator::i18n`), kept in step with this state.
//! - [`format`]: times, countdowns and durations through the browser's
//!   `Intl`, for the current language.

pub mod format;

use leptos::prelude::*;
use protocol::text;

use crate::browser;

include!(concat!(env!("OUT_DIR"), "/catalogue.rs"));

/// Where the chosen language is remembered.
pub const STORAGE_KEY: &str = "ra.lang";

/// The app's languages.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum Lang {
    #[default]
    En,
    Ja,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Ja];

    /// The BCP 47 tag: `<html lang>`, `Intl`, the stored choice.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ja => "ja",
        }
    }

    /// The language's own name, for the switcher.
    pub fn name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Ja => "日本語",
        }
    }

    /// `ja`, `ja-JP`, `en-GB`… (any case); `None` for other languages.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Lang::En),
            "ja" => Some(Lang::Ja),
            _ => None,
        }
    }

    /// The stored choice if any, else the first preferred language we have,
    /// else English.
    pub fn pick(stored: Option<&str>, preferred: &[String]) -> Lang {
        stored
            .and_then(Lang::from_tag)
            .or_else(|| preferred.iter().find_map(|tag| Lang::from_tag(tag)))
            .unwrap_or_default()
    }
}

/// The catalogue's text for this key in this language.
pub fn text(lang: Lang, key: Key) -> &'static str {
    match lang {
        Lang::En => key.0[0],
        Lang::Ja => key.0[1],
    }
}

/// What to say for an error code from the service (never the service's own
/// words, which are English).
pub fn error_key(code: &str) -> Key {
    match code {
        "network" => Key::ErrorsNetwork,
        "decode" => Key::ErrorsDecode,
        "unauthorized" => Key::ErrorsUnauthorized,
        "forbidden" => Key::ErrorsForbidden,
        "invalid_credentials" => Key::ErrorsInvalidCredentials,
        "missing_credentials" | "credentials_too_long" => Key::ErrorsMissingCredentials,
        "rate_limited" => Key::ErrorsRateLimited,
        "control_not_allowed" => Key::ErrorsControlNotAllowed,
        "session_not_found" => Key::ErrorsSessionNotFound,
        "session_not_waiting" => Key::ErrorsSessionNotWaiting,
        "session_over" => Key::ErrorsSessionOver,
        "conversation_not_found" => Key::ErrorsConversationNotFound,
        "conversation_closed" => Key::ErrorsConversationClosed,
        "pin_not_valid" | "pin_malformed" => Key::ErrorsPinNotValid,
        "message_too_long" => Key::ErrorsMessageTooLong,
        "empty_message" => Key::ErrorsEmptyMessage,
        "name_invalid" | "name_too_long" => Key::ErrorsNameInvalid,
        "internal" | "unavailable" => Key::ErrorsInternal,
        _ => Key::ErrorsGeneric,
    }
}

/// Replaces each `{{ name }}` in `template` with its value; unknown names
/// are left as they are.
pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some((before, after)) = text::split_once(rest, "{{") {
        out.push_str(before);
        let Some((name, tail)) = text::split_once(after, "}}") else {
            out.push_str("{{");
            rest = after;
            break;
        };
        match args.iter().find(|(n, _)| *n == name.trim()) {
            Some((_, value)) => out.push_str(value),
            None => {
                out.push_str("{{");
                out.push_str(name);
                out.push_str("}}");
            }
        }
        rest = tail;
    }
    out.push_str(rest);
    out
}

/// A message kept until shown, then rendered in the current language (so
/// that switching language changes what is already on screen).
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Msg {
    Text(Key),
    /// With one `{{ name }}` filled with a value.
    With(Key, &'static str, String),
    /// With `{{ wait }}` filled with "N seconds" / "N minutes" (`Intl`).
    Wait(Key, u64),
}

impl From<Key> for Msg {
    fn from(key: Key) -> Msg {
        Msg::Text(key)
    }
}

impl Msg {
    pub fn render(&self, lang: Lang) -> String {
        match self {
            Msg::Text(key) => text(lang, *key).to_string(),
            Msg::With(key, name, value) => fill(text(lang, *key), &[(name, value)]),
            Msg::Wait(key, secs) => fill(text(lang, *key), &[("wait", &format::wait(lang, *secs))]),
        }
    }
}

/// The language state, created at the root and shared by context.
#[derive(Clone, Copy)]
pub struct I18n {
    pub lang: RwSignal<Lang>,
}

impl I18n {
    /// The language this browser asks for (stored choice, then
    /// `navigator.languages`), applied to `<html lang>`.
    pub fn detect() -> I18n {
        let lang = Lang::pick(
            browser::load(STORAGE_KEY).as_deref(),
            &browser::preferred_languages(),
        );
        browser::set_document_lang(lang.code());
        I18n {
            lang: RwSignal::new(lang),
        }
    }

    /// Detects the language and shares it with the app below.
    pub fn provide() -> I18n {
        let i18n = I18n::detect();
        provide_context(i18n);
        i18n
    }

    /// The current language (tracked).
    pub fn get(self) -> Lang {
        self.lang.get()
    }

    /// Switches language: remembered, and `<html lang>` follows at once.
    pub fn set(self, lang: Lang) {
        browser::save(STORAGE_KEY, lang.code());
        browser::set_document_lang(lang.code());
        self.lang.set(lang);
    }

    /// This key's text in the current language (tracked).
    pub fn t(self, key: Key) -> &'static str {
        text(self.lang.get(), key)
    }

    /// A reactive text for a view.
    pub fn tr(self, key: Key) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
        move || self.t(key)
    }

    /// This key's text with its placeholders filled (tracked).
    pub fn tf(self, key: Key, args: &[(&str, &str)]) -> String {
        fill(self.t(key), args)
    }

    /// A kept message in the current language (tracked).
    pub fn msg(self, msg: &Msg) -> String {
        msg.render(self.lang.get())
    }

    /// Keeps `document.title` on this key's text, in the current language,
    /// while the calling component lives.
    pub fn title(self, key: Key) {
        Effect::new(move || browser::set_title(self.t(key)));
    }
}

/// The language state shared by the root, or (a component mounted on its
/// own, as in tests) the browser's.
pub fn use_lang() -> I18n {
    use_context::<I18n>().unwrap_or_else(|| {
        let i18n = I18n::detect();
        provide_context(i18n);
        i18n
    })
}

#[cfg(test)]
mod catalogue;
#[cfg(test)]
mod tests;
