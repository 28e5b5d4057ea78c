//! Splits message text into plain text and links. Only `http:` and `https:`
//! URLs become links; everything is rendered as text by the caller.

#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Piece<'a> {
    Text(&'a str),
    Link(&'a str),
}

/// Characters that end a URL when they close it (trailing punctuation).
fn trim_trailing(url: &str) -> &str {
    url.trim_end_matches(['.', ',', ';', ':', '!', '?', ')', ']', '\'', '"'])
}

pub fn linkify(text: &str) -> Vec<Piece<'_>> {
    let mut pieces = Vec::new();
    // Where the text not yet in `pieces` starts, and where to look next.
    let mut start_of_text = 0usize;
    let mut offset = 0usize;
    while let Some(at) = find_scheme(text, offset) {
        let tail = text.get(at..).unwrap_or_default();
        let end = tail.find(char::is_whitespace).unwrap_or(tail.len());
        let url = trim_trailing(tail.get(..end).unwrap_or_default());
        let scheme_len = if url.starts_with("https://") { 8 } else { 7 };
        if url.len() > scheme_len {
            if let Some(before) = text.get(start_of_text..at).filter(|t| !t.is_empty()) {
                pieces.push(Piece::Text(before));
            }
            pieces.push(Piece::Link(url));
            start_of_text = at + url.len();
            offset = start_of_text;
        } else {
            offset = at + scheme_len;
        }
    }
    if let Some(rest) = text.get(start_of_text..).filter(|t| !t.is_empty()) {
        pieces.push(Piece::Text(rest));
    }
    pieces
}

/// Finds the next `http://` or `https://` that starts a word, from byte
/// `from` on (no panicking slices: see [`crate::text`]).
fn find_scheme(s: &str, mut from: usize) -> Option<usize> {
    loop {
        let hit = crate::text::find(s.get(from..)?, "http")? + from;
        let (before, after) = s.split_at_checked(hit)?;
        let starts_word = !before.ends_with(|c: char| c.is_alphanumeric());
        if starts_word && (after.starts_with("http://") || after.starts_with("https://")) {
            return Some(hit);
        }
        from = hit + 4;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Piece::*;

    #[test]
    fn only_http_and_https_become_links() {
        assert_eq!(
            linkify("open https://a.example/?code=123456 now."),
            [
                Text("open "),
                Link("https://a.example/?code=123456"),
                Text(" now.")
            ]
        );
        assert_eq!(linkify("http://x.y/1."), [Link("http://x.y/1"), Text(".")]);
        assert_eq!(
            linkify("javascript:alert(1)"),
            [Text("javascript:alert(1)")]
        );
        assert_eq!(
            linkify("data:text/html,hi ftp://x"),
            [Text("data:text/html,hi ftp://x")]
        );
        assert_eq!(linkify("xhttps://evil"), [Text("xhttps://evil")]);
        assert_eq!(linkify("https://"), [Text("https://")]);
        assert_eq!(linkify(""), []);
        assert_eq!(
            linkify("(see https://a.b) and https://c.d"),
            [
                Text("(see "),
                Link("https://a.b"),
                Text(") and "),
                Link("https://c.d")
            ]
        );
    }
}
