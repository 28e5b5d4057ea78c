//! The links an agent pastes into the chat.

use crate::{text, Pin};

/// Removes one trailing slash so that bases join cleanly.
fn trim(base: &str) -> &str {
    base.strip_suffix('/').unwrap_or(base)
}

/// The desktop link: `https://example.com/?code=123456`.
pub fn desktop_link(base: &str, pin: Pin) -> String {
    format!("{}/?code={}", trim(base), pin)
}

/// The mobile link: `https://example.com/123456`.
pub fn mobile_link(base: &str, pin: Pin) -> String {
    format!("{}/{}", trim(base), pin)
}

/// The manual-entry URL as people say it: the base without its scheme,
/// e.g. `example.com`.
pub fn manual_url_display(base: &str) -> &str {
    let base = trim(base);
    text::split_once(base, "://")
        .map(|(_, rest)| rest)
        .unwrap_or(base)
}

/// The app link that carries the PIN into the mobile support app. The
/// template holds `{pin}` where the PIN goes.
pub fn app_link(template: &str, pin: Pin) -> String {
    text::replace(template, "{pin}", pin.as_str())
}

/// What a customer page's path and query say about a code.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum LinkCode {
    /// No code: plain manual entry.
    None,
    /// A well-formed code.
    Pin(Pin),
    /// Something that was meant to be a code but is not one.
    Malformed,
}

/// Reads the code from a customer URL: `/?code=NNNNNN` or `/NNNNNN`.
/// `query` is `location.search` with or without its leading `?`.
pub fn code_from_location(path: &str, query: &str) -> LinkCode {
    let query = query.strip_prefix('?').unwrap_or(query);
    for pair in query.split('&') {
        if let Some(value) = pair.strip_prefix("code=") {
            return match Pin::parse(&percent_decode_digits(value)) {
                Ok(pin) => LinkCode::Pin(pin),
                Err(_) => LinkCode::Malformed,
            };
        }
    }
    let segment = path.trim_matches('/');
    if segment.is_empty() {
        return LinkCode::None;
    }
    match Pin::parse(segment) {
        Ok(pin) => LinkCode::Pin(pin),
        Err(_) => LinkCode::Malformed,
    }
}

/// Decodes `%20` and `+` (spaces people paste); anything else stays as is,
/// and then fails PIN parsing if it is not a digit.
fn percent_decode_digits(value: &str) -> String {
    text::replace(&text::replace(value, "%20", " "), "%2D", "-").replace('+', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pin() -> Pin {
        Pin::parse("123456").unwrap()
    }

    #[test]
    fn builds_both_links() {
        assert_eq!(
            desktop_link("https://oty.example/", pin()),
            "https://oty.example/?code=123456"
        );
        assert_eq!(
            mobile_link("https://m.example", pin()),
            "https://m.example/123456"
        );
        assert_eq!(manual_url_display("https://oty.example/"), "oty.example");
        assert_eq!(
            app_link("remoteassist://join?pin={pin}", pin()),
            "remoteassist://join?pin=123456"
        );
    }

    #[test]
    fn reads_codes_from_locations() {
        assert_eq!(
            code_from_location("/", "?code=123456"),
            LinkCode::Pin(pin())
        );
        assert_eq!(
            code_from_location("/", "code=123%20456"),
            LinkCode::Pin(pin())
        );
        assert_eq!(code_from_location("/123456", ""), LinkCode::Pin(pin()));
        assert_eq!(code_from_location("/", ""), LinkCode::None);
        assert_eq!(code_from_location("/", "?code=12345"), LinkCode::Malformed);
        assert_eq!(code_from_location("/12ab56", ""), LinkCode::Malformed);
        assert_eq!(code_from_location("/", "?lang=ja"), LinkCode::None);
    }
}
