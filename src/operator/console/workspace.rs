//! The Technician Console's state and layout: the live session board,
//! alerts, start and end, and the selected session's chat.

use std::collections::HashSet;
use std::time::Duration;

use leptos::prelude::*;
use protocol::api::SessionView;
use protocol::ws::ServerFrame;
use protocol::{Mode, SessionStatus};

use super::board::{Merged, DEFAULT_WARN_SECS};
use super::live::LiveBoard;
use super::session_detail::SessionDetail;
use super::session_list::SessionList;
use super::{device_label, refusal};
use crate::api::{self, ApiError};
use crate::browser;
use crate::components::ChatPanel;
use crate::operator::alerts::{self, Chime};
use crate::operator::auth::{sign_in_again, Me};
use crate::operator::clock::use_now;
use crate::operator::header::{OperatorHeader, OperatorPage};
use crate::operator::i18n::td_string;
use crate::operator::load::Load;
use crate::operator::notify_toggle::NotifyToggle;
use crate::operator::operator_chats::OperatorChats;
use crate::operator::{tr, use_i18n};
use crate::socket::use_socket;

/// Everything on `/console` once signed in.
#[component]
pub fn ConsoleWorkspace() -> impl IntoView {
    let i18n = use_i18n();
    let me = use_context::<Me>().map(|Me(op)| op.id);
    let chime = use_context::<Chime>().unwrap_or_default();
    let board = LiveBoard::new();
    let fresh = RwSignal::new(HashSet::<String>::new());
    // What the console's live region says: a new waiting session, a start.
    let announce = RwSignal::new(String::new());
    let selected = RwSignal::new(None::<String>);
    let choosing = RwSignal::new(false);
    let action_error = RwSignal::new(None::<(String, String)>);
    let now = use_now(Duration::from_secs(1));
    let chats = OperatorChats::new();

    let config = Load::new(api::operator_config);
    let warn_after_secs = Signal::derive(move || {
        config
            .get()
            .and_then(|c| c.ok())
            .map(|c| c.waiting_warn_secs)
            .filter(|s| *s > 0)
            .unwrap_or(DEFAULT_WARN_SECS)
    });

    // The list as it is now; live frames merge into the same board. Taken
    // into the board as it arrives: the resource keeps only how it went,
    // not a thousand sessions to copy each time it is read.
    let list =
        Load::new(
            move || async move { api::sessions().await.map(|sessions| board.extend(sessions)) },
        );
    let list_state = move || match list.get() {
        None => Some((
            td_string!(i18n.get_locale(), console.loading).to_string(),
            false,
        )),
        Some(Err(e)) if e.is_unauthorized() => {
            sign_in_again();
            None
        }
        Some(Err(e)) => Some((super::error_text(i18n.get_locale(), &e), true)),
        Some(Ok(_)) => None,
    };

    // No longer new: every row reads `fresh`, so it changes only when it
    // held this one.
    let unmark = move |id: &str| {
        if fresh.try_with_untracked(|f| f.contains(id)) == Some(true) {
            fresh.try_update(|f| {
                f.remove(id);
            });
        }
    };
    let on_session = move |view: SessionView| {
        let id = view.id.clone();
        let waiting = view.status == SessionStatus::Waiting;
        let label = format!(
            "{} · {}",
            view.customer_name,
            device_label(i18n, &view.device)
        );
        let customer = view.customer_name.clone();
        let was = board.status(&id);
        let active = view.status == SessionStatus::Active;
        let is_new = board.merge(view) == Merged::New;
        if active && was == Some(SessionStatus::Waiting) {
            announce.try_set(
                td_string!(
                    i18n.get_locale(),
                    console.announce_active,
                    customer = customer
                )
                .to_string(),
            );
        }
        if is_new && waiting {
            announce.try_set(
                td_string!(
                    i18n.get_locale(),
                    console.announce_new,
                    label = label.clone()
                )
                .to_string(),
            );
            fresh.try_update(|f| {
                f.insert(id.clone());
            });
            chime.play();
            alerts::notify(
                td_string!(i18n.get_locale(), console.notify_title),
                &label,
                &id,
            );
        }
        if !waiting {
            unmark(&id);
        }
    };
    let opened_before = StoredValue::new(false);
    let socket = use_socket(
        "client=console",
        move |s| {
            chats.on_open(s);
            // After a reconnect, catch up on what changed meanwhile.
            if opened_before.get_value() {
                list.refetch();
            }
            opened_before.set_value(true);
        },
        move |frame| match frame {
            ServerFrame::Session { session } => on_session(session),
            other => {
                chats.handle_frame(&other);
            }
        },
    );

    // The browser view session's video panel signals over this socket.
    provide_context(socket);

    // Tab title: how many are waiting.
    alerts::use_count_title(
        move || OperatorPage::Console.title(i18n),
        board.waiting().into(),
    );

    // The selected session: follows that session's own signal (and the
    // order, in case it is selected before it arrives).
    let order = board.order();
    let current = Memo::new(move |_| {
        let id = selected.get()?;
        order.track();
        board.row(&id).map(|row| row.get())
    });
    // The start choice belongs to the session it was opened for.
    let choosing_for = StoredValue::new(None::<String>);
    // Looking at a new session is enough to stop highlighting it; moving to
    // another session closes the start choice.
    crate::effect(move || {
        let current = selected.get();
        if choosing_for.get_value() != current {
            choosing.set(false);
            choosing_for.set_value(None);
        }
        if let Some(id) = current {
            unmark(&id);
            action_error.update(|e| {
                if e.as_ref().is_some_and(|(for_id, _)| *for_id != id) {
                    *e = None;
                }
            });
        }
    });

    let start = Action::new_local(|(id, mode): &(String, Mode)| {
        let (id, mode) = (id.clone(), *mode);
        async move { (id.clone(), api::start_session(&id, mode).await) }
    });
    let end = Action::new_local(|id: &String| {
        let id = id.clone();
        async move { (id.clone(), api::end_session(&id).await) }
    });
    let busy = Signal::derive(move || start.pending().get() || end.pending().get());
    let after = move |result: Option<(String, Result<SessionView, ApiError>)>| match result {
        Some((_, Ok(view))) => {
            choosing.set(false);
            action_error.set(None);
            on_session(view);
            // Keep the keyboard where the next action is.
            request_animation_frame(|| {
                let target = browser::element_by_id::<web_sys::HtmlElement>("ra-end-session")
                    .or_else(|| browser::element_by_id::<web_sys::HtmlElement>("ra-session-list"));
                if let Some(el) = target {
                    let _ = el.focus();
                }
            });
        }
        Some((_, Err(e))) if e.is_unauthorized() => sign_in_again(),
        Some((id, Err(e))) => {
            choosing.set(false);
            action_error.set(Some((id, refusal(&e))));
        }
        None => {}
    };
    crate::effect(move || after(start.value().get()));
    crate::effect(move || after(end.value().get()));
    let error = Signal::derive(move || {
        let id = selected.get()?;
        action_error
            .get()
            .filter(|(for_id, _)| *for_id == id)
            .map(|(_, m)| m)
    });

    let on_open = Callback::new(move |id: String| {
        choosing_for.set_value(Some(id.clone()));
        selected.set(Some(id));
        choosing.set(true);
    });
    let on_start = Callback::new(move |(id, mode): (String, Mode)| {
        start.dispatch_local((id, mode));
    });
    let on_end = Callback::new(move |id: String| {
        end.dispatch_local(id);
    });

    // Redrawn only when another conversation is selected, not on every
    // change of the session, so typing and scrolling are never disturbed.
    let conversation =
        Memo::new(move |_| current.get().map(|s| (s.conversation_id, s.customer_name)));
    let chat = move || {
        let (conversation_id, customer) = conversation.get()?;
        let store = chats.store(&conversation_id);
        Some(view! {
            <ChatPanel
                class="ra-console__chat"
                store
                socket
                title=Signal::derive(move || td_string!(i18n.get_locale(), console.chat_with, customer = customer.clone()).to_string())
                field_id="ra-console-message"
                on_reload=chats.reload_callback(&conversation_id)
            />
        })
    };

    view! {
        <div class="ra-op">
            <OperatorHeader page=OperatorPage::Console/>
            <div class="ra-console">
                <section class="ra-console__list" aria-labelledby="ra-console-title">
                    <div class="ra-console__bar">
                        <h1 class="ra-console__title" id="ra-console-title">{tr(|l| td_string!(l, console.sessions))}</h1>
                        <NotifyToggle/>
                    </div>
                    {move || list_state().map(|(text, failed)| view! {
                        <div class="ra-op-status" class:ra-op-status--error=failed role=if failed { "alert" } else { "status" }>
                            <p>{text}</p>
                            {failed.then(|| view! {
                                <button type="button" class="ra-button" on:click=move |_| list.refetch()>{tr(|l| td_string!(l, console.try_again))}</button>
                            })}
                        </div>
                    })}
                    <p class="ra-visually-hidden" id="ra-console-announce" role="status" aria-live="polite">
                        {move || announce.get()}
                    </p>
                    <SessionList board selected fresh now warn_after_secs me=me.unwrap_or_default() on_open/>
                </section>
                <div class="ra-console__main">
                    <SessionDetail
                        session=current
                        me=me.unwrap_or_default()
                        choosing
                        busy
                        error
                        now
                        on_start
                        on_end
                    />
                    {chat}
                </div>
            </div>
        </div>
    }
}
