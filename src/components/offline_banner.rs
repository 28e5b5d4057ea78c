use leptos::prelude::*;

use crate::i18n::{use_lang, Key};
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
    let i18n = use_lang();
    let text = move || match state.get() {
        ConnState::Open => "",
        ConnState::Connecting => i18n.t(Key::ChatConnecting),
        ConnState::Offline => i18n.t(Key::ChatOffline),
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
