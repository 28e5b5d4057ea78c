//! While a browser view session runs: "You are sharing your screen" with
//! **Stop sharing**, or, when nothing is shared (the picker was closed, or
//! the page was reloaded), a request to share again.

use leptos::prelude::*;

use super::screen_share::{ScreenShare, ShareState};

#[component]
pub fn ShareBar(share: ScreenShare) -> impl IntoView {
    move || {
        let state = share.state.get();
        let sharing = state == ShareState::Sharing;
        let text = match state {
            ShareState::Sharing => "You are sharing your screen with the technician.",
            ShareState::Asking => {
                "Choose the screen, window or tab to share in your browser's window."
            }
            ShareState::Declined => {
                "No screen is shared. Share it so that the technician can see it."
            }
            ShareState::Off => {
                "Your screen is not shared. Share it so that the technician can see it."
            }
        };
        let (class, button, label) = if sharing {
            (
                "ra-share-bar",
                "ra-button ra-button--danger",
                "Stop sharing",
            )
        } else {
            (
                "ra-share-bar ra-share-bar--idle",
                "ra-button ra-button--primary",
                "Share my screen in the browser",
            )
        };
        share.browser_view.get().then(|| {
            view! {
                <div class=class role="status">
                    <p class="ra-share-bar__text">{text}</p>
                    <button
                        type="button"
                        class=button
                        hidden=state == ShareState::Asking
                        on:click=move |_| if sharing { share.end() } else { share.capture() }
                    >
                        {label}
                    </button>
                </div>
            }
        })
    }
}
