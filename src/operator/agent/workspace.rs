//! The Agent Desktop's state and layout: conversations, the open chat, PINs
//! and the Remote Assist Session dialog, kept live by one WebSocket.

use std::collections::HashMap;

use leptos::html::Textarea;
use leptos::prelude::*;

use crate::operator::load::Load;
use leptos_router::hooks::use_query_map;
use protocol::api::{ConversationSummary, SessionView};
use protocol::ws::ServerFrame;

use super::assist::{error_words, latest_session, session_for_pin, PinState, PinTicket};
use super::assist_dialog::RemoteAssistDialog;
use super::chat_window::ChatWindow;
use super::conversation_list::ConversationList;
use super::inbox::{attention_count, load_read, save_read};
use crate::api::{self, ApiError};
use crate::browser;
use crate::components::insert_at_cursor;
use crate::i18n::use_lang;
use crate::operator::alerts::{self, Chime};
use crate::operator::auth::{sign_in_again, Me};
use crate::operator::header::{OperatorHeader, OperatorPage};
use crate::operator::i18n::td_string;
use crate::operator::operator_chats::OperatorChats;
use crate::operator::{tr, use_i18n};
use crate::socket::use_socket;

/// Everything on `/agent` once signed in.
#[component]
pub fn AgentWorkspace() -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let me = use_context::<Me>().map(|Me(op)| op.id).unwrap_or_default();
    let chime = use_context::<Chime>().unwrap_or_default();
    let query = use_query_map();
    let conversations = RwSignal::new(HashMap::<String, ConversationSummary>::new());
    let sessions = RwSignal::new(HashMap::<String, SessionView>::new());
    let presence = RwSignal::new(None::<u32>);
    let pins = RwSignal::new(HashMap::<String, PinState>::new());
    let read = RwSignal::new(load_read());
    let selected = RwSignal::new(query.with_untracked(|q| q.get("c")));
    let dialog_open = RwSignal::new(false);
    let textarea = NodeRef::<Textarea>::new();
    let chats = OperatorChats::new();
    let toolbar_error = RwSignal::new(None::<(String, ApiError)>);

    // What is there now; live frames keep it current.
    let list = Load::new(api::conversations);
    crate::effect(move || {
        if let Some(Ok(items)) = list.get() {
            conversations.update(|m| {
                for c in items {
                    m.insert(c.id.clone(), c);
                }
            });
        }
    });
    let session_list = Load::new(api::sessions);
    crate::effect(move || {
        if let Some(Ok(items)) = session_list.get() {
            sessions.update(|m| {
                for s in items {
                    m.entry(s.id.clone()).or_insert(s);
                }
            });
        }
    });
    let presence_now = Load::new(api::presence);
    crate::effect(move || {
        if let Some(Ok(p)) = presence_now.get() {
            presence.set(Some(p.technicians_online));
        }
    });
    let list_state = move || match list.get() {
        None => Some((
            td_string!(i18n.get_locale(), agent.loading).to_string(),
            false,
        )),
        Some(Err(e)) if e.is_unauthorized() => {
            sign_in_again();
            None
        }
        Some(Err(e)) => Some((error_words(lang.get(), &e), true)),
        Some(Ok(_)) => None,
    };

    let on_conversation = move |c: ConversationSummary| {
        let label = c.customer_name.clone();
        let id = c.id.clone();
        let alert = !c.closed && c.agent_id.is_none();
        let is_new = conversations
            .try_update(|m| m.insert(c.id.clone(), c).is_none())
            .unwrap_or(false);
        if is_new && alert {
            chime.play();
            alerts::notify(td_string!(i18n.get_locale(), agent.new_chat), &label, &id);
        }
    };
    let opened_before = StoredValue::new(false);
    let socket = use_socket(
        "",
        move |s| {
            chats.on_open(s);
            if opened_before.get_value() {
                list.refetch();
                session_list.refetch();
            }
            opened_before.set_value(true);
        },
        move |frame| match frame {
            ServerFrame::Conversation { conversation } => on_conversation(conversation),
            ServerFrame::Session { session } => {
                sessions.try_update(|m| {
                    m.insert(session.id.clone(), session);
                });
            }
            ServerFrame::Presence { presence: p } => {
                presence.try_set(Some(p.technicians_online));
            }
            other => {
                chats.handle_frame(&other);
            }
        },
    );

    // Reading the open chat marks it read.
    crate::effect(move || {
        let Some(id) = selected.get() else {
            return;
        };
        let Some(seq) = conversations.with(|m| m.get(&id).map(|c| c.last_seq)) else {
            return;
        };
        if read.with_untracked(|r| r.get(&id).copied()) != Some(seq) {
            read.update(|r| {
                r.insert(id.clone(), seq);
            });
            read.with_untracked(save_read);
        }
    });
    crate::effect(move || {
        let n = conversations.with(|c| read.with(|r| attention_count(c, r, me)));
        let title = td_string!(i18n.get_locale(), operator.agent_desktop);
        browser::set_title(&alerts::title_with_count(title, n));
    });
    on_cleanup(|| browser::set_title("Remote Assist"));
    // The open chat is in the address, so a reload comes back to it.
    crate::effect(move || {
        if let Some(id) = selected.get() {
            browser::replace_url(&format!(
                "/agent?c={}",
                String::from(js_sys::encode_uri_component(&id))
            ));
        }
    });

    // ---- PINs ---------------------------------------------------------------
    let pin_requests = StoredValue::new(HashMap::<String, u32>::new());
    let request_pin = move |conversation_id: String| {
        let generation = pin_requests
            .try_update_value(|g| {
                let n = g.entry(conversation_id.clone()).or_insert(0);
                *n += 1;
                *n
            })
            .unwrap_or(0);
        pins.update(|p| {
            let previous = p.get(&conversation_id).and_then(|s| s.ticket().cloned());
            p.insert(conversation_id.clone(), PinState::Loading { previous });
        });
        leptos::task::spawn_local(async move {
            let result = api::create_pin(&conversation_id).await;
            let current = pin_requests
                .try_with_value(|g| g.get(&conversation_id).copied())
                .flatten();
            if current != Some(generation) {
                return; // A newer request took over.
            }
            pins.try_update(|p| {
                let state = match result {
                    Ok(issued) => PinState::Ready(PinTicket::new(issued, browser::now_ms())),
                    Err(error) => PinState::Failed {
                        previous: p.get(&conversation_id).and_then(|s| s.ticket().cloned()),
                        error,
                    },
                };
                p.insert(conversation_id, state);
            });
        });
    };
    let current_pin = Signal::derive(move || {
        selected
            .get()
            .and_then(|id| pins.with(|p| p.get(&id).cloned()))
            .unwrap_or_default()
    });
    let pin_session = Signal::derive(move || {
        let id = selected.get()?;
        let issued_at = current_pin.with(|p| p.ticket().map(|t| t.issued.server_now_ms))?;
        sessions.with(|s| session_for_pin(s.values(), &id, issued_at))
    });
    let on_assist = Callback::new(move |_| {
        let Some(id) = selected.get_untracked() else {
            return;
        };
        // A fresh PIN unless the one on screen can still be used: not
        // expired, and its session (if any) not over.
        let used_up = pin_session
            .get_untracked()
            .is_some_and(|s| s.status.is_over());
        let needs_new = used_up
            || pins.with_untracked(|p| {
                p.get(&id)
                    .map(|s| s.needs_new(browser::now_ms()))
                    .unwrap_or(true)
            });
        // The dialog opens at once (in the frame after the click), saying
        // "Creating a PIN…" until the PIN it needs arrives.
        if needs_new {
            request_pin(id);
        }
        dialog_open.set(true);
    });
    let assist_busy =
        Signal::derive(move || current_pin.with(|p| matches!(p, PinState::Loading { .. })));
    let on_new_pin = Callback::new(move |_| {
        if let Some(id) = selected.get_untracked() {
            request_pin(id);
        }
    });
    let on_paste = Callback::new(move |link: String| {
        if let Some(id) = selected.get_untracked() {
            let store = chats.store(&id);
            insert_at_cursor(textarea.get_untracked(), store.draft, &link);
        }
    });

    // ---- Toolbar actions ------------------------------------------------------
    let take = Action::new_local(|id: &String| {
        let id = id.clone();
        async move { (id.clone(), api::take_conversation(&id).await) }
    });
    let close = Action::new_local(|id: &String| {
        let id = id.clone();
        async move { (id.clone(), api::close_conversation(&id).await) }
    });
    let after = move |result: Option<(String, Result<ConversationSummary, ApiError>)>| match result
    {
        Some((_, Ok(c))) => {
            toolbar_error.set(None);
            on_conversation(c);
        }
        Some((_, Err(e))) if e.is_unauthorized() => sign_in_again(),
        Some((id, Err(e))) => toolbar_error.set(Some((id, e))),
        None => {}
    };
    crate::effect(move || after(take.value().get()));
    crate::effect(move || after(close.value().get()));
    let busy = Signal::derive(move || take.pending().get() || close.pending().get());

    // ---- The open conversation ------------------------------------------------
    let current = Memo::new(move |_| {
        let id = selected.get()?;
        conversations.with(|m| m.get(&id).cloned())
    });
    let customer = Signal::derive(move || {
        current.with(|c| {
            c.as_ref()
                .map(|c| c.customer_name.clone())
                .unwrap_or_default()
        })
    });
    let device = Signal::derive(move || current.with(|c| c.as_ref().map(|c| c.device)));

    let window = move || {
        let id = selected.get()?;
        let store = chats.store(&id);
        let conv_id = id.clone();
        let conversation = Signal::derive(move || conversations.with(|m| m.get(&conv_id).cloned()));
        let session_id = id.clone();
        let session = Signal::derive(move || sessions.with(|s| latest_session(s, &session_id)));
        let take_id = id.clone();
        let close_id = id.clone();
        let error_id = id.clone();
        let error = Signal::derive(move || {
            toolbar_error
                .get()
                .filter(|(for_id, _)| *for_id == error_id)
                .map(|(_, e)| error_words(lang.get(), &e))
        });
        Some(view! {
            <ChatWindow
                conversation
                store
                socket
                textarea
                session
                me
                on_assist
                assist_busy
                on_take=Callback::new(move |_| { take.dispatch_local(take_id.clone()); })
                on_close=Callback::new(move |_| { close.dispatch_local(close_id.clone()); })
                busy
                error
            />
        })
    };

    view! {
        <div class="ra-op">
            <OperatorHeader page=OperatorPage::Agent/>
            <div class="ra-agent">
                <aside class="ra-agent__side">
                    <h1 class="ra-agent__title">{tr(|l| td_string!(l, agent.conversations))}</h1>
                    {move || list_state().map(|(text, failed)| view! {
                        <div class="ra-op-status" class:ra-op-status--error=failed role=if failed { "alert" } else { "status" }>
                            <p>{text}</p>
                            {failed.then(|| view! {
                                <button type="button" class="ra-button" on:click=move |_| list.refetch()>{tr(|l| td_string!(l, agent.try_again))}</button>
                            })}
                        </div>
                    })}
                    <ConversationList conversations read selected me/>
                </aside>
                <div class="ra-agent__main">
                    {move || match window() {
                        Some(v) => v.into_any(),
                        None => view! {
                            <div class="ra-agent__placeholder">
                                <p>{tr(|l| td_string!(l, agent.select))}</p>
                            </div>
                        }
                            .into_any(),
                    }}
                </div>
            </div>
            <RemoteAssistDialog
                open=dialog_open
                pin=current_pin
                session=pin_session
                technicians=presence
                customer
                device
                on_new_pin
                on_paste
            />
        </div>
    }
}
