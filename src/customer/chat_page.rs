//! `/chat`: the customer's chat (what a website's chat widget opens). The
//! conversation's token is kept in `localStorage`, so a reload resumes it.

use leptos::prelude::*;
use leptos::task::spawn_local;
use protocol::api::StartConversationRequest;
use protocol::device::ClientHints;
use protocol::ws::{ClientFrame, ServerFrame};
use protocol::DeviceClass;

use super::pin_entry::refusal_text;
use super::saved::{join_lines, split_lines};
use super::PageHeading;
use crate::api;
use crate::browser;
use crate::components::{outbox_key, ChatPanel, ChatStore};
use crate::i18n::{use_lang, Key, Msg};
use crate::socket::{use_socket_with, CUSTOMER};

const KEY: &str = "ra.customer.chat";

/// The conversation this browser holds.
#[derive(Clone, PartialEq, Eq, Debug)]
struct SavedChat {
    conversation_id: String,
    token: String,
}

impl SavedChat {
    fn load() -> Option<SavedChat> {
        let [conversation_id, token] = split_lines(&browser::load(KEY)?)?;
        Some(SavedChat {
            conversation_id,
            token,
        })
    }

    fn save(&self) {
        browser::save(KEY, &join_lines(&[&self.conversation_id, &self.token]));
    }
}

/// What the page detected, as client hints (so the service records the
/// device as the page sees it: an iPad that claims to be a Mac is mobile).
fn page_hints() -> ClientHints {
    let device = browser::detect_device();
    ClientHints {
        mobile: Some(device.class == DeviceClass::Mobile),
        platform: Some(device.os.label().to_string()),
    }
}

#[component]
pub fn ChatPage() -> impl IntoView {
    let i18n = use_lang();
    i18n.title(Key::CustomerTitlesChat);
    let chat = RwSignal::new(SavedChat::load());
    // Why the start form is back (an earlier chat the service no longer has).
    let notice = RwSignal::new(None::<Key>);
    let has_chat = Memo::new(move |_| chat.with(Option::is_some));

    view! {
        <div class="ra-chat-page">
            <PageHeading title=Key::CustomerChatHeading lead=false/>
            {move || {
                if has_chat.get() {
                    chat.get_untracked()
                        .map(|saved| view! { <LiveChat saved chat notice/> })
                        .into_any()
                } else {
                    view! { <StartChat chat notice/> }.into_any()
                }
            }}
        </div>
    }
}

/// Starts a conversation; the name is optional.
#[component]
fn StartChat(chat: RwSignal<Option<SavedChat>>, notice: RwSignal<Option<Key>>) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let i18n = use_lang();
    let problem = RwSignal::new(None::<Msg>);

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        problem.set(None);
        let typed = name.get_untracked().trim().to_string();
        spawn_local(async move {
            let request = StartConversationRequest {
                name: (!typed.is_empty()).then_some(typed),
                hints: Some(page_hints()),
            };
            let answer = api::start_conversation(&request).await;
            busy.set(false);
            match answer {
                Ok(started) => {
                    let saved = SavedChat {
                        conversation_id: started.conversation_id,
                        token: started.token,
                    };
                    saved.save();
                    notice.set(None);
                    chat.set(Some(saved));
                }
                Err(error)
                    if error.status() == Some(429) || super::pin_entry::unreachable(&error) =>
                {
                    problem.set(Some(refusal_text(&error)));
                }
                Err(error) => problem.set(Some(error.key().into())),
            }
        });
    };

    view! {
        <section class="ra-card ra-chat-start" aria-labelledby="ra-chat-start-title">
            <h2 id="ra-chat-start-title" class="ra-card__title">{i18n.tr(Key::CustomerChatStartHeading)}</h2>
            {move || notice.get().map(|n| view! { <p class="ra-notice ra-notice--info">{i18n.t(n)}</p> })}
            <p class="ra-chat-start__lead">
                {i18n.tr(Key::CustomerChatStartLead)}
            </p>
            <form class="ra-chat-start__form" on:submit=on_submit>
                <label for="ra-chat-name" class="ra-field__label">
                    {i18n.tr(Key::CustomerChatName)} <span class="ra-field__optional">{i18n.tr(Key::CustomerChatOptional)}</span>
                </label>
                <input
                    id="ra-chat-name"
                    class="ra-field__input"
                    type="text"
                    name="name"
                    autocomplete="name"
                    maxlength="80"
                    prop:value=move || name.get()
                    on:input=move |ev| name.set(event_target_value(&ev))
                />
                <button
                    type="submit"
                    class="ra-button ra-button--primary ra-button--block"
                    aria-disabled=move || busy.get().then_some("true")
                >
                    {i18n.tr(Key::CustomerChatStart)}
                </button>
                <p class="ra-field__error" role="alert">
                    {move || problem.with(|p| p.as_ref().map(|p| i18n.msg(p)))}
                </p>
            </form>
        </section>
    }
}

/// The live chat: the shared panel over the WebSocket (`Auth` with the
/// conversation token, then `Sync` after the last message held).
#[component]
fn LiveChat(
    saved: SavedChat,
    chat: RwSignal<Option<SavedChat>>,
    notice: RwSignal<Option<Key>>,
) -> impl IntoView {
    let i18n = use_lang();
    // Unsent messages survive a reload (they go out on the next connection).
    let outbox = outbox_key(&saved.conversation_id);
    let store = ChatStore::customer().keep_outbox(outbox.clone());
    // The service no longer knows this chat: start again.
    let forget = move || {
        browser::forget(KEY);
        browser::forget(&outbox);
        notice.set(Some(Key::CustomerChatGone));
        chat.set(None);
    };
    let token = saved.token.clone();
    let socket = use_socket_with(
        CUSTOMER,
        "",
        move |socket| {
            socket.send(&ClientFrame::Auth {
                conversation_token: Some(token.clone()),
                session_token: None,
            });
            store.on_open(socket);
        },
        move |frame| {
            if let ServerFrame::Error {
                txn: None, code, ..
            } = &frame
            {
                if code == "unauthorized" {
                    forget();
                    return;
                }
            }
            store.handle_frame(&frame);
        },
    );
    view! {
        <ChatPanel
            class="ra-customer-chat"
            store
            socket
            title=Signal::derive(move || i18n.t(Key::CustomerChatHeading).to_string())
            field_id="ra-chat-message"
        />
    }
}
