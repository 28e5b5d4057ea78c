//! `/agent`: the Agent Desktop. Conversations arrive live over the
//! WebSocket; the open chat has **Start remote assistance**, which opens the
//! Remote Assist Session dialog.

pub mod assist;
pub mod assist_dialog;
pub mod chat_window;
pub mod conversation_item;
pub mod conversation_list;
pub mod inbox;
pub mod link_block;
pub mod pin_block;
pub mod presence_note;
pub mod session_progress;
pub mod workspace;

use leptos::prelude::*;

use super::auth::RequireOperator;
use workspace::AgentWorkspace;

/// `/agent`, behind sign-in.
#[component]
pub fn AgentDesktop() -> impl IntoView {
    view! {
        <RequireOperator>
            <AgentWorkspace/>
        </RequireOperator>
    }
}
