use leptos::html::Textarea;
use leptos::prelude::*;
use protocol::api::{ConversationSummary, SessionView};

use super::assist::{device_label, mode_label, status_label};
use crate::components::{ChatPanel, ChatStore};
use crate::operator::i18n::td_string;
use crate::operator::{tr, use_i18n};
use crate::socket::Socket;

/// The open conversation: who it is with, **Start remote assistance** in
/// the toolbar, and the chat itself.
#[component]
pub fn ChatWindow(
    #[prop(into)] conversation: Signal<Option<ConversationSummary>>,
    store: ChatStore,
    socket: Socket,
    /// The message field, for **Paste into chat**.
    textarea: NodeRef<Textarea>,
    /// The conversation's latest remote-assist session.
    #[prop(into)]
    session: Signal<Option<SessionView>>,
    /// The signed-in agent.
    me: i64,
    /// Opens the Remote Assist Session dialog.
    on_assist: Callback<()>,
    /// A PIN is being made before the dialog opens.
    #[prop(into, optional)]
    assist_busy: Signal<bool>,
    /// Makes the signed-in agent this chat's agent.
    on_take: Callback<()>,
    /// Ends the chat (closes the conversation).
    on_close: Callback<()>,
    /// A toolbar request is on its way.
    #[prop(into)]
    busy: Signal<bool>,
    /// The last toolbar error, in words.
    #[prop(into)]
    error: Signal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let name = move || {
        conversation.with(|c| {
            c.as_ref()
                .map(|c| c.customer_name.clone())
                .unwrap_or_default()
        })
    };
    let closed = Memo::new(move |_| conversation.with(|c| c.as_ref().is_some_and(|c| c.closed)));
    let mine =
        Memo::new(move |_| conversation.with(|c| c.as_ref().and_then(|c| c.agent_id)) == Some(me));
    let details = move || {
        let locale = i18n.get_locale();
        conversation.with(|c| {
            c.as_ref()
                .map(|c| {
                    let who = match (&c.agent_id, &c.agent_name) {
                        (Some(id), _) if *id == me => {
                            td_string!(i18n.get_locale(), agent.your_chat).to_string()
                        }
                        (Some(_), Some(name)) => {
                            td_string!(i18n.get_locale(), agent.with_agent, name = name).to_string()
                        }
                        _ => td_string!(i18n.get_locale(), agent.no_agent).to_string(),
                    };
                    format!("{} · {who}", device_label(locale, c.device))
                })
                .unwrap_or_default()
        })
    };
    let session_chip = move || {
        let locale = i18n.get_locale();
        session.get().map(|s| {
            let status = status_label(locale, s.status);
            let text = match s.mode {
                Some(m) if s.status == protocol::SessionStatus::Active => td_string!(
                    locale,
                    agent.session_chip_mode,
                    status = status,
                    mode = mode_label(locale, m)
                )
                .to_string(),
                _ => td_string!(locale, agent.session_chip, status = status).to_string(),
            };
            view! { <span class=format!("ra-chip ra-status--{}", s.status.as_str())>{text}</span> }
        })
    };
    // A live region that is always there, so that screen readers hear the
    // session move on (Waiting, Active, Ended) while the agent chats.
    let session_chip =
        move || view! { <span class="ra-chatbar__session" role="status">{session_chip}</span> };
    let toolbar = move || {
        view! {
            <div class="ra-chatbar">
                <div class="ra-chatbar__who">
                    <h2 class="ra-chatbar__name">{name}</h2>
                    <p class="ra-chatbar__details">{details}</p>
                </div>
                {session_chip}
                <div class="ra-chatbar__actions">
                    {move || (!mine.get() && !closed.get()).then(|| view! {
                        <button type="button" class="ra-button ra-button--small" disabled=move || busy.get() on:click=move |_| on_take.run(())>
                            {tr(|l| td_string!(l, agent.assign_to_me))}
                        </button>
                    })}
                    <button
                        type="button"
                        class="ra-button ra-button--primary ra-chatbar__assist"
                        disabled=move || closed.get()
                        aria-busy=move || assist_busy.get().then_some("true")
                        aria-describedby="ra-assist-busy"
                        on:click=move |_| on_assist.run(())
                    >
                        {tr(|l| td_string!(l, agent.start_assist))}
                    </button>
                    <span class="ra-chatbar__busy" id="ra-assist-busy" role="status">
                        {move || assist_busy.get().then(|| td_string!(i18n.get_locale(), agent.creating_pin))}
                    </span>
                    {move || (!closed.get()).then(|| view! {
                        <button type="button" class="ra-button ra-button--small" disabled=move || busy.get() on:click=move |_| on_close.run(())>
                            {tr(|l| td_string!(l, agent.end_chat))}
                        </button>
                    })}
                </div>
                <p class="ra-chatbar__error" role="alert">{move || error.get()}</p>
            </div>
        }
    };
    let blocked = Signal::derive(move || {
        closed
            .get()
            .then(|| td_string!(i18n.get_locale(), agent.chat_ended).to_string())
    });
    view! {
        <ChatPanel
            class="ra-agent__chat"
            store
            socket
            textarea
            title=Signal::derive(move || td_string!(i18n.get_locale(), agent.chat_with, name = name()).to_string())
            toolbar=toolbar
            blocked
            field_id="ra-agent-message"
        />
    }
}
