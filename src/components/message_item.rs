use leptos::either::EitherOf3;
use leptos::prelude::*;
use protocol::api::Sender;
use protocol::chat::Delivery;

use protocol::event::{Event, Party};
use protocol::{DeviceClass, Mode, Os};

use super::chat_store::{chat_error_key, ChatRow};
use super::message_text::MessageText;
use crate::i18n::format::time;
use crate::i18n::{fill, text, use_lang, Key, Lang};

/// A remote-assist event in the reader's language.
pub fn event_text(lang: Lang, event: &Event) -> String {
    let t = |key| text(lang, key);
    match event {
        Event::PinCreated { pin, .. } => fill(t(Key::EventsPinCreated), &[("pin", pin)]),
        Event::PinRevoked { pin } => fill(t(Key::EventsPinRevoked), &[("pin", pin)]),
        Event::PinExpired { pin } => fill(t(Key::EventsPinExpired), &[("pin", pin)]),
        Event::Claimed { device } => {
            let class = match device.class {
                DeviceClass::Desktop => t(Key::EventsDesktop),
                DeviceClass::Mobile => t(Key::EventsMobile),
            };
            let os = match device.os {
                Os::Other => t(Key::EventsOtherOs),
                os => os.label(),
            };
            let device = format!("{class} · {os}");
            fill(t(Key::EventsClaimed), &[("device", &device)])
        }
        Event::Waiting => t(Key::EventsWaiting).to_string(),
        Event::Active { mode, technician } => {
            let key = match mode {
                Mode::Control => Key::EventsActiveControl,
                Mode::View => Key::EventsActiveView,
            };
            fill(t(key), &[("technician", technician)])
        }
        Event::Ended {
            by: Party::Customer,
        } => t(Key::EventsEndedByCustomer).to_string(),
        Event::Ended {
            by: Party::Technician,
        } => t(Key::EventsEndedByTechnician).to_string(),
        Event::TimedOut => t(Key::EventsTimedOut).to_string(),
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
    let i18n = use_lang();
    let at = move |at_ms: i64| move || time(i18n.get(), at_ms);
    match row {
        ChatRow::Stored(message) if message.sender == Sender::System || message.event.is_some() => {
            let at_ms = message.at_ms;
            EitherOf3::A(view! {
                <li class="ra-msg ra-msg--system">
                    <p class="ra-msg__system">
                        <span class="ra-msg__system-mark" aria-hidden="true">"●"</span>
                        <span class="ra-visually-hidden">{i18n.tr(Key::ChatUpdate)}</span>
                        {move || match &message.event {
                            Some(event) => event_text(i18n.get(), event),
                            None => message.text.clone(),
                        }}
                        " "
                        <time class="ra-msg__time">{at(at_ms)}</time>
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
                        <time class="ra-msg__time">{at(message.at_ms)}</time>
                    </p>
                    <p class="ra-msg__text"><MessageText text=message.text.clone()/></p>
                    <p class="ra-msg__status">{move || mine.then(|| i18n.t(Key::ChatSent))}</p>
                </li>
            })
        }
        ChatRow::Pending { pending, error } => {
            let failed = pending.status == Delivery::Failed;
            let txn = pending.txn.clone();
            let txn2 = pending.txn.clone();
            EitherOf3::C(view! {
                <li class="ra-msg ra-msg--mine ra-msg--pending" class:ra-msg--failed=failed>
                    <p class="ra-msg__meta"><span class="ra-msg__author">{i18n.tr(Key::ChatYou)}</span></p>
                    <p class="ra-msg__text"><MessageText text=pending.text.clone()/></p>
                    {if failed {
                        leptos::either::Either::Left(view! {
                            <p class="ra-msg__status ra-msg__status--failed" role="alert">
                                <span>
                                    {i18n.tr(Key::ChatNotSent)}
                                    {error.map(|code| move || format!(": {}", i18n.t(chat_error_key(&code))))}
                                </span>
                                " "
                                <button type="button" class="ra-msg__action" on:click=move |_| on_retry.run(txn.clone())>
                                    {i18n.tr(Key::ChatRetry)}
                                </button>
                                <button type="button" class="ra-msg__action" on:click=move |_| on_edit.run(txn2.clone())>
                                    {i18n.tr(Key::ChatEdit)}
                                </button>
                            </p>
                        })
                    } else {
                        leptos::either::Either::Right(view! {
                            <p class="ra-msg__status">{i18n.tr(Key::ChatSending)}</p>
                        })
                    }}
                </li>
            })
        }
    }
}
