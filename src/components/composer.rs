use leptos::html::Textarea;
use leptos::prelude::*;
use web_sys::KeyboardEvent;

use protocol::api::MAX_MESSAGE_BYTES;

use super::chat_store::SendError;
use crate::i18n::{use_lang, Key};

/// True for the Enter that sends: not with Shift (a new line), and not while
/// an input method is composing (Japanese, Chinese, …).
pub fn is_send_key(key: &str, shift: bool, composing: bool, key_code: u32) -> bool {
    key == "Enter" && !shift && !composing && key_code != 229
}

/// The message field and its **Send** button. Enter sends, Shift+Enter
/// breaks the line. The text lives in `draft`, owned by the caller, and is
/// cleared only when the message was taken; a refusal keeps it and says why.
#[component]
pub fn Composer(
    /// The text being written.
    draft: RwSignal<String>,
    /// The textarea, for inserting text at the cursor from outside.
    textarea: NodeRef<Textarea>,
    /// Takes the text; an error keeps it in the field.
    on_send: Callback<String, Result<(), SendError>>,
    /// Why nothing can be sent here, if so (the field is then read-only).
    #[prop(into, optional)]
    blocked: MaybeProp<String>,
    /// The field's id (unique in the page).
    #[prop(into, optional)]
    id: MaybeProp<String>,
) -> impl IntoView {
    let i18n = use_lang();
    let error = RwSignal::new(None::<SendError>);
    let field_id = move || id.get().unwrap_or_else(|| "ra-composer".to_string());
    let hint_id = move || format!("{}-hint", field_id());
    let is_blocked = move || blocked.get().is_some();

    let submit = move || {
        if is_blocked() {
            return;
        }
        // The DOM is the truth: read what is typed right now.
        let text = textarea
            .get_untracked()
            .map(|el| el.value())
            .unwrap_or_else(|| draft.get_untracked());
        match on_send.run(text) {
            Ok(()) => {
                error.set(None);
                draft.set(String::new());
                if let Some(el) = textarea.get_untracked() {
                    el.set_value("");
                }
            }
            Err(SendError::Empty) => error.set(None),
            Err(e) => error.set(Some(e)),
        }
    };
    let on_keydown = move |ev: KeyboardEvent| {
        if is_send_key(&ev.key(), ev.shift_key(), ev.is_composing(), ev.key_code()) {
            ev.prevent_default();
            submit();
        }
    };

    view! {
        <form
            class="ra-composer"
            on:submit=move |ev| {
                ev.prevent_default();
                submit();
            }
        >
            <label class="ra-visually-hidden" for=field_id>{i18n.tr(Key::ChatMessage)}</label>
            <textarea
                class="ra-composer__field"
                id=field_id
                node_ref=textarea
                rows="2"
                placeholder=i18n.tr(Key::ChatPlaceholder)
                aria-describedby=move || format!("{} {}-keys", hint_id(), field_id())
                readonly=is_blocked
                prop:value=move || draft.get()
                on:input=move |ev| {
                    draft.set(event_target_value(&ev));
                    error.set(None);
                }
                on:keydown=on_keydown
            ></textarea>
            <button type="submit" class="ra-button ra-button--primary ra-composer__send" disabled=is_blocked>
                {i18n.tr(Key::ChatSend)}
            </button>
            <span class="ra-visually-hidden" id=move || format!("{}-keys", field_id())>
                {i18n.tr(Key::ChatKeysHint)}
            </span>
            <p class="ra-composer__hint" id=hint_id aria-live="polite">
                {move || {
                    blocked.get().or_else(|| {
                        let kb = (MAX_MESSAGE_BYTES / 1024).to_string();
                        error.get().map(|e| i18n.tf(e.key(), &[("kb", &kb)]))
                    })
                }}
            </p>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::is_send_key;

    #[test]
    fn enter_sends_shift_enter_and_composition_do_not() {
        assert!(is_send_key("Enter", false, false, 13));
        assert!(!is_send_key("Enter", true, false, 13));
        assert!(!is_send_key("Enter", false, true, 13));
        assert!(!is_send_key("Enter", false, false, 229));
        assert!(!is_send_key("a", false, false, 65));
    }
}
