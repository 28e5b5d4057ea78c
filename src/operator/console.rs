//! `/console`: the Technician Console. Sessions arrive live over the
//! WebSocket (`client=console`, so agents see technicians online); a new
//! waiting session chimes, highlights, counts in the tab title and shows a
//! desktop notification when permitted.

pub mod board;
pub mod mode_choice;
pub mod session_detail;
pub mod session_list;
pub mod session_row;
pub mod video_panel;
pub mod workspace;

use leptos::prelude::*;

use super::auth::RequireOperator;
use crate::api::ApiError;
use workspace::ConsoleWorkspace;

/// `/console`, behind sign-in.
#[component]
pub fn Console() -> impl IntoView {
    view! {
        <RequireOperator>
            <ConsoleWorkspace/>
        </RequireOperator>
    }
}

/// Words for a refused start or end.
pub fn refusal(e: &ApiError) -> String {
    match (e.status(), e.code()) {
        (Some(409), "session_not_waiting") => {
            "Another technician has already started this session.".to_string()
        }
        (Some(409), "session_over") => "This session has already ended.".to_string(),
        (Some(409), _) => format!("This session cannot be changed now: {e}"),
        _ => e.to_string(),
    }
}
