use std::time::Duration;

use leptos::prelude::*;

use crate::browser;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Copied {
    Not,
    Yes,
    Failed,
}

/// Copies `text` to the clipboard and says "Copied" for a moment. Its
/// accessible name says what it copies ("Copy PIN").
#[component]
pub fn CopyButton(
    /// What to copy.
    #[prop(into)]
    text: Signal<String>,
    /// What it is, for the accessible name: "PIN", "desktop link".
    what: &'static str,
    #[prop(into, optional)] disabled: Signal<bool>,
) -> impl IntoView {
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
    view! {
        <button
            type="button"
            class="ra-button ra-button--small ra-copy"
            class:ra-copy--done=move || state.get() == Copied::Yes
            disabled=move || disabled.get()
            on:click=on_click
        >
            {move || match state.get() {
                Copied::Not => "Copy",
                Copied::Yes => "Copied",
                Copied::Failed => "Copy failed",
            }}
            <span class="ra-visually-hidden">" " {what}</span>
        </button>
    }
}
