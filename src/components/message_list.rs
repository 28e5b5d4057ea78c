use leptos::html::Div;
use leptos::prelude::*;

use crate::i18n::{use_lang, Key};

use super::chat_store::{chat_rows, ChatStore, History};
use super::message_item::MessageItem;

/// How close to the bottom (px) still counts as "reading the latest".
const STICK_PX: i32 = 48;

/// The conversation's messages, oldest first. Stays at the newest message
/// while the reader is there; leaves them where they are when they scrolled
/// back to read.
#[component]
pub fn MessageList(
    store: ChatStore,
    /// Sends a failed message again (its txn).
    on_retry: Callback<String>,
    /// Puts a failed message's text back into the composer (its txn).
    on_edit: Callback<String>,
    /// Fetches the history again after a failure.
    on_reload: Option<Callback<()>>,
) -> impl IntoView {
    let me = store.me();
    let rows = Memo::new(move |_| {
        store
            .log
            .with(|log| store.errors.with(|e| chat_rows(log, e)))
    });
    let scroller = NodeRef::<Div>::new();
    let stick = StoredValue::new(true);

    let on_scroll = move |_| {
        if let Some(el) = scroller.get_untracked() {
            let gap = el.scroll_height() - el.scroll_top() - el.client_height();
            stick.set_value(gap <= STICK_PX);
        }
    };
    crate::effect(move || {
        rows.track();
        if stick.get_value() {
            request_animation_frame(move || {
                // The list may be gone by the next frame.
                if let Some(Some(el)) = scroller.try_get_untracked() {
                    el.set_scroll_top(el.scroll_height());
                }
            });
        }
    });

    let i18n = use_lang();
    let state = move || {
        let history = store.history.get();
        let empty = rows.with(|r| r.is_empty());
        match history {
            History::Loading if empty => Some(view! {
                <p class="ra-chat__note" role="status">{i18n.t(Key::ChatLoading)}</p>
            }.into_any()),
            History::Failed(why) if empty => Some(view! {
                <div class="ra-chat__note ra-error" role="alert">
                    <p>{i18n.t(why)}</p>
                    {on_reload.map(|reload| view! {
                        <button type="button" class="ra-button" on:click=move |_| reload.run(())>{i18n.t(Key::ChatTryAgain)}</button>
                    })}
                </div>
            }.into_any()),
            _ if empty => Some(view! { <p class="ra-chat__note">{i18n.t(Key::ChatNoMessages)}</p> }.into_any()),
            _ => None,
        }
    };

    view! {
        <div
            class="ra-chat__scroller"
            node_ref=scroller
            on:scroll=on_scroll
            tabindex="0"
            role="region"
            aria-label=i18n.tr(Key::ChatHistory)
        >
            {state}
            // The log is the live region (new messages are announced); the
            // list inside keeps its list semantics.
            <div class="ra-chat__log" role="log">
                <ol class="ra-chat__list">
                    <For each=move || rows.get() key=|row| row.key() let:row>
                        <MessageItem row me on_retry on_edit/>
                    </For>
                </ol>
            </div>
        </div>
    }
}
