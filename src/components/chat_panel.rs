//! The chat window shared by the customer's `/chat`, the Agent Desktop and
//! the Technician Console: message list, offline banner and composer.
//!
//! How a page uses it (the store and the socket live at the page's root, so
//! late socket callbacks never touch a disposed component):
//!
//! ```ignore
//! use remote_assist::components::chat_panel::ChatPanel;
//! use remote_assist::components::chat_store::ChatStore;
//!
//! let chat = ChatStore::customer();                 // operators: ChatStore::operator(id)
//! let socket = use_socket(
//!     "",
//!     move |s| {
//!         s.send(&ClientFrame::Auth { conversation_token: Some(token.clone()), session_token: None });
//!         chat.on_open(s);                         // Sync after last_seq + resend the unsent
//!     },
//!     move |frame| { chat.handle_frame(&frame); },  // Message / Ack / Error{txn}
//! );
//! view! {
//!     <ChatPanel class="ra-customer-chat" store=chat socket=socket title="Chat with support"/>
//! }
//! ```
//!
//! To put text into the field from outside without sending it (the agent's
//! **Paste into chat**), hand the panel a `NodeRef` and use the store's
//! `draft`: `insert_at_cursor(textarea.get_untracked(), chat.draft, &link)`
//! from [`crate::components::text_insert`].
//!
//! In tests, `socket` can be a [`ChatLink::custom`] that records frames.

use leptos::html::Textarea;
use leptos::prelude::*;

use crate::i18n::{use_lang, Key};

use super::chat_store::{ChatLink, ChatStore};
use super::composer::Composer;
use super::message_list::MessageList;
use super::offline_banner::OfflineBanner;

/// A conversation's chat: history and live messages, what is on its way
/// (sending → sent, or failed with **Retry**), an offline banner, and the
/// **Message** field with its **Send** button.
#[component]
pub fn ChatPanel(
    /// Extra classes on the panel.
    #[prop(into, optional)]
    class: MaybeProp<String>,
    /// The conversation's state.
    store: ChatStore,
    /// The connection: the app's `Socket`, or a [`ChatLink::custom`].
    #[prop(into)]
    socket: ChatLink,
    /// The message field, for inserting text at its cursor from outside.
    #[prop(optional)]
    textarea: NodeRef<Textarea>,
    /// The panel's accessible name, e.g. the customer's name.
    #[prop(into, optional)]
    title: MaybeProp<String>,
    /// Controls above the messages (the Agent Desktop's toolbar).
    #[prop(into, optional)]
    toolbar: Option<ViewFn>,
    /// Why nothing can be sent, when so (e.g. the conversation is closed).
    #[prop(into, optional)]
    blocked: MaybeProp<String>,
    /// Fetches the history again after it failed to load.
    #[prop(optional)]
    on_reload: Option<Callback<()>>,
    /// The message field's id (unique in the page).
    #[prop(into, optional)]
    field_id: MaybeProp<String>,
) -> impl IntoView {
    let on_send = Callback::new(move |text: String| store.send(&text, socket).map(|_| ()));
    let on_retry = Callback::new(move |txn: String| store.retry(&txn, socket));
    let on_edit = Callback::new(move |txn: String| {
        if let Some(text) = store.take_back(&txn) {
            store.draft.update(|d| {
                if d.trim().is_empty() {
                    *d = text;
                } else {
                    d.push('\n');
                    d.push_str(&text);
                }
            });
            if let Some(el) = textarea.get_untracked() {
                let _ = el.focus();
            }
        }
    });
    let classes = move || match class.get() {
        Some(c) if !c.is_empty() => format!("ra-chat {c}"),
        _ => "ra-chat".to_string(),
    };
    let i18n = use_lang();
    let label = move || {
        title
            .get()
            .unwrap_or_else(|| i18n.t(Key::ChatTitle).to_string())
    };

    view! {
        <section class=classes aria-label=label>
            {toolbar.map(|t| view! { <div class="ra-chat__toolbar">{t.run()}</div> })}
            <div class="ra-chat__body">
                <OfflineBanner state=socket.state()/>
                <MessageList store on_retry on_edit on_reload/>
            </div>
            <Composer draft=store.draft textarea on_send blocked id=field_id/>
        </section>
    }
}
