use std::time::Duration;

use leptos::prelude::*;

use crate::browser;
use crate::operator::i18n::{td_string, Locale};
use crate::operator::use_i18n;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Copied {
    Not,
    Yes,
    Failed,
}

/// Copies `text` to the clipboard and says "Copied" for a moment. Its
/// accessible name says what it copies ("Copy PIN", 「PINコードをコピー」).
#[component]
pub fn CopyButton(
    /// What to copy.
    #[prop(into)]
    text: Signal<String>,
    /// What it is, for the accessible name, in the reader's language:
    /// "PIN", "desktop link".
    #[prop(into)]
    what: Signal<String>,
    #[prop(into, optional)] disabled: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let state = RwSignal::new(Copied::Not);
    let on_click = move |_| {
        let value = text.get_untracked();
        leptos::task::spawn_local(async move {
            let ok = browser::copy_text(&value).await;
            state.try_set(if ok { Copied::Yes } else { Copied::Failed });
            set_timeout(
                move || {
                    state.try_set(Copied::Not);
                },
                Duration::from_millis(2000),
            );
        });
    };
    // English names the thing after the verb ("Copy PIN"); Japanese before
    // it (「PINコードをコピー」).
    let before = move || i18n.get_locale() == Locale::ja;
    let target =
        move || td_string!(i18n.get_locale(), agent.copy_target, what = what.get()).to_string();
    view! {
        <button
            type="button"
            class="ra-button ra-button--small ra-copy"
            class:ra-copy--done=move || state.get() == Copied::Yes
            disabled=move || disabled.get()
            on:click=on_click
        >
            {move || before().then(|| view! { <span class="ra-visually-hidden">{target()}</span> })}
            {move || match state.get() {
                Copied::Not => td_string!(i18n.get_locale(), agent.copy),
                Copied::Yes => td_string!(i18n.get_locale(), agent.copied),
                Copied::Failed => td_string!(i18n.get_locale(), agent.copy_failed),
            }}
            {move || (!before()).then(|| view! { <span class="ra-visually-hidden">" " {target()}</span> })}
        </button>
    }
}
