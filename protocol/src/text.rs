//! Substring search and splitting that never panic.
//!
//! The customer pages' wasm is weighed byte by byte: `str::find(&str)`,
//! `str::contains(&str)`, `str::replace(&str, …)` and slicing with `&s[a..b]`
//! bring in core's two-way string searcher and the message of its slicing
//! panic, which formats `char` and ranges with `Debug` (and so Unicode's
//! printable-character tables): 4.3-4.4 KB brotli per customer bundle. These
//! plain byte scans are enough for the short texts searched here (user
//! agents, templates, chat messages, URLs).

/// The byte offset of the first `needle` in `hay` (`Some(0)` for an empty
/// needle). A match of valid UTF-8 in valid UTF-8 starts on a character
/// boundary, so the offset can split `hay`.
pub fn find(hay: &str, needle: &str) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    hay.as_bytes()
        .windows(needle.len())
        .position(|window| window == needle.as_bytes())
}

/// Whether `hay` holds `needle`.
pub fn contains(hay: &str, needle: &str) -> bool {
    find(hay, needle).is_some()
}

/// What comes before and after the first `needle` in `hay`.
pub fn split_once<'a>(hay: &'a str, needle: &str) -> Option<(&'a str, &'a str)> {
    let (before, rest) = hay.split_at_checked(find(hay, needle)?)?;
    Some((before, rest.get(needle.len()..)?))
}

/// `hay` with every `from` replaced by `to` (an empty `from` replaces
/// nothing).
pub fn replace(hay: &str, from: &str, to: &str) -> String {
    if from.is_empty() {
        return hay.to_string();
    }
    let mut out = String::with_capacity(hay.len());
    let mut rest = hay;
    while let Some((before, after)) = split_once(rest, from) {
        out.push_str(before);
        out.push_str(to);
        rest = after;
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_like_the_standard_library() {
        for (hay, needle) in [
            ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0)", "iPhone"),
            ("abc", "abcd"),
            ("", "x"),
            ("x", ""),
            ("aaab", "aab"),
            ("日本語のテキスト {{ name }}", "{{"),
            ("ends with }}", "}}"),
        ] {
            assert_eq!(find(hay, needle), hay.find(needle), "{hay:?} / {needle:?}");
            assert_eq!(contains(hay, needle), hay.contains(needle));
            assert_eq!(split_once(hay, needle), hay.split_once(needle));
            if !needle.is_empty() {
                assert_eq!(replace(hay, needle, "<->"), hay.replace(needle, "<->"));
            }
        }
        assert_eq!(replace("a%20b%20", "%20", " "), "a b ");
    }
}
