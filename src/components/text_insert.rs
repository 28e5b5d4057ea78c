//! Putting text into the composer at the cursor without sending it (the
//! Remote Assist Session dialog's **Paste into chat**).

use leptos::prelude::*;
use web_sys::HtmlTextAreaElement;

/// Inserts `text` into `value` in place of the selection `start..end`
/// (UTF-16 offsets, as the DOM counts them), adding a space on either side
/// where it would touch a word. Returns the new value and the caret position
/// after the inserted text (UTF-16).
pub fn insert_text(value: &str, start: u32, end: u32, text: &str) -> (String, u32) {
    let units: Vec<u16> = value.encode_utf16().collect();
    let len = units.len() as u32;
    let (start, end) = {
        let s = start.min(len);
        let e = end.min(len);
        (s.min(e) as usize, s.max(e) as usize)
    };
    let before = String::from_utf16_lossy(&units[..start]);
    let after = String::from_utf16_lossy(&units[end..]);
    let needs_space_before = before.chars().last().is_some_and(|c| !c.is_whitespace());
    let needs_space_after = after.chars().next().is_some_and(|c| !c.is_whitespace());
    let mut inserted = String::new();
    if needs_space_before {
        inserted.push(' ');
    }
    inserted.push_str(text);
    if needs_space_after {
        inserted.push(' ');
    }
    let caret = (before.encode_utf16().count() + inserted.encode_utf16().count()) as u32;
    (format!("{before}{inserted}{after}"), caret)
}

/// Inserts `text` at the textarea's cursor (or in place of its selection),
/// updates `draft` to match and leaves the caret after the insertion. Sends
/// nothing and moves no focus. Without a mounted textarea it appends.
pub fn insert_at_cursor(
    textarea: Option<HtmlTextAreaElement>,
    draft: RwSignal<String>,
    text: &str,
) {
    let current = draft.get_untracked();
    let Some(el) = textarea else {
        let len = current.encode_utf16().count() as u32;
        let (value, _) = insert_text(&current, len, len, text);
        draft.set(value);
        return;
    };
    // The DOM holds the truth about what is typed and where the caret is.
    let value = el.value();
    let len = value.encode_utf16().count() as u32;
    let start = el.selection_start().ok().flatten().unwrap_or(len);
    let end = el.selection_end().ok().flatten().unwrap_or(start);
    let (value, caret) = insert_text(&value, start, end, text);
    el.set_value(&value);
    let _ = el.set_selection_range(caret, caret);
    draft.set(value);
}

#[cfg(test)]
mod tests {
    use super::insert_text;

    #[test]
    fn inserts_at_the_cursor_with_spaces_where_needed() {
        assert_eq!(
            insert_text("Hello world", 5, 5, "https://x.y/1"),
            ("Hello https://x.y/1 world".to_string(), 19)
        );
        assert_eq!(insert_text("", 0, 0, "L"), ("L".to_string(), 1));
        assert_eq!(insert_text("Open: ", 6, 6, "L"), ("Open: L".to_string(), 7));
        // A selection is replaced.
        assert_eq!(insert_text("a XX b", 2, 4, "L"), ("a L b".to_string(), 3));
        // Offsets beyond the end clamp; UTF-16 offsets around non-ASCII.
        assert_eq!(insert_text("é", 9, 9, "L"), ("é L".to_string(), 3));
        assert_eq!(insert_text("😀x", 2, 2, "L"), ("😀 L x".to_string(), 5));
    }
}
