use leptos::prelude::*;

use crate::socket::ConnState;

/// Says so while the connection is down. It overlays the top of the message
/// list, so nothing moves when it comes and goes; it stays in the page as a
/// live region so its changes are announced.
#[component]
pub fn OfflineBanner(
    /// The connection's state.
    #[prop(into)]
    state: Signal<ConnState>,
) -> impl IntoView {
    let text = move || {
        match state.get() {
        ConnState::Open => "",
        ConnState::Connecting => "Connecting…",
        ConnState::Offline => {
            "You are offline. Reconnecting… Messages you send now go out when the connection is back."
        }
    }
    };
    view! {
        <div
            class="ra-chat__offline"
            class:ra-chat__offline--shown=move || state.get() != ConnState::Open
            role="status"
        >
            {text}
        </div>
    }
}
