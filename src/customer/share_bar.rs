//! While a browser view session runs: "You are sharing your screen" with
//! **Stop sharing**, or, when nothing is shared (the picker was closed, or
//! the page was reloaded), a request to share again.

use leptos::prelude::*;

use super::screen_share::{ScreenShare, ShareState};

#[component]
pub fn ShareBar(
    share: ScreenShare,
    /// Stops sharing: ends the session.
    on_stop: Callback<()>,
) -> impl IntoView {
    let state = move || share.state.get();
    let sharing = move || state() == ShareState::Sharing;
    let text = move || match state() {
        ShareState::Sharing if share.viewing.get() => {
            "You are sharing your screen with the technician."
        }
        ShareState::Sharing => "You are sharing your screen.",
        ShareState::Asking => "Choose the screen, window or tab to share in your browser's window.",
        ShareState::Declined(why) => why,
        ShareState::Off => {
            "Your screen is not shared at the moment. Share it so that the technician can see it."
        }
    };
    view! {
        <div
            class="ra-share-bar"
            class:ra-share-bar--idle=move || !sharing()
            role="status"
            hidden=move || !share.browser_view.get()
        >
            <p class="ra-share-bar__text">{text}</p>
            <button
                type="button"
                class="ra-button"
                class:ra-button--danger=sharing
                class:ra-button--primary=move || !sharing()
                hidden=move || state() == ShareState::Asking
                on:click=move |_| if sharing() { on_stop.run(()) } else { share.capture() }
            >
                {move || if sharing() { "Stop sharing" } else { "Share my screen in the browser" }}
            </button>
        </div>
    }
}
