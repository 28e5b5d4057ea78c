use leptos::either::EitherOf3;
use leptos::prelude::*;
use protocol::api::{Message, Sender};
use protocol::chat::Delivery;

use super::chat_store::ChatRow;
use super::message_text::MessageText;

/// `14:05`, in the reader's time zone.
fn clock(at_ms: i64) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(at_ms as f64));
    format!("{:02}:{:02}", date.get_hours(), date.get_minutes())
}

/// What a system message says: the event in words, else its text.
fn system_text(message: &Message) -> String {
    match &message.event {
        Some(event) => event.text_en(),
        None => message.text.clone(),
    }
}

/// One line of the chat: a message of ours or theirs, with its delivery
/// state, or a remote-assist event drawn apart from the conversation.
#[component]
pub fn MessageItem(
    /// The message, stored or still on its way.
    row: ChatRow,
    /// Who "we" are.
    me: Sender,
    /// Sends a failed message again (its txn).
    on_retry: Callback<String>,
    /// Puts a failed message's text back into the composer (its txn).
    on_edit: Callback<String>,
) -> impl IntoView {
    match row {
        ChatRow::Stored(message) if message.sender == Sender::System || message.event.is_some() => {
            EitherOf3::A(view! {
                <li class="ra-msg ra-msg--system">
                    <p class="ra-msg__system">
                        <span class="ra-msg__system-mark" aria-hidden="true">"●"</span>
                        <span class="ra-visually-hidden">"Update: "</span>
                        {system_text(&message)}
                        " "
                        <time class="ra-msg__time">{clock(message.at_ms)}</time>
                    </p>
                </li>
            })
        }
        ChatRow::Stored(message) => {
            let mine = message.sender == me;
            EitherOf3::B(view! {
                <li class="ra-msg" class:ra-msg--mine=mine class:ra-msg--theirs=!mine>
                    <p class="ra-msg__meta">
                        <span class="ra-msg__author">{message.author.clone()}</span>
                        " "
                        <time class="ra-msg__time">{clock(message.at_ms)}</time>
                    </p>
                    <p class="ra-msg__text"><MessageText text=message.text.clone()/></p>
                    <p class="ra-msg__status">{mine.then_some("Sent")}</p>
                </li>
            })
        }
        ChatRow::Pending { pending, error } => {
            let failed = pending.status == Delivery::Failed;
            let txn = pending.txn.clone();
            let txn2 = pending.txn.clone();
            EitherOf3::C(view! {
                <li class="ra-msg ra-msg--mine ra-msg--pending" class:ra-msg--failed=failed>
                    <p class="ra-msg__meta"><span class="ra-msg__author">"You"</span></p>
                    <p class="ra-msg__text"><MessageText text=pending.text.clone()/></p>
                    {if failed {
                        leptos::either::Either::Left(view! {
                            <p class="ra-msg__status ra-msg__status--failed" role="alert">
                                <span>"Not sent" {error.map(|e| format!(": {e}"))}</span>
                                " "
                                <button type="button" class="ra-msg__action" on:click=move |_| on_retry.run(txn.clone())>
                                    "Retry"
                                </button>
                                <button type="button" class="ra-msg__action" on:click=move |_| on_edit.run(txn2.clone())>
                                    "Edit"
                                </button>
                            </p>
                        })
                    } else {
                        leptos::either::Either::Right(view! {
                            <p class="ra-msg__status">"Sending…"</p>
                        })
                    }}
                </li>
            })
        }
    }
}
