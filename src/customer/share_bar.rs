//! While a browser view session runs: "You are sharing your screen" with
//! **Stop sharing**, or, when nothing is shared (the picker was closed, or
//! the page was reloaded), a request to share again.

use leptos::prelude::*;

use super::screen_share::{ScreenShare, ShareState};
use crate::i18n::{use_lang, Key};

#[component]
pub fn ShareBar(share: ScreenShare) -> impl IntoView {
    let i18n = use_lang();
    move || {
        let state = share.state.get();
        let sharing = state == ShareState::Sharing;
        let text = i18n.t(match state {
            ShareState::Sharing => Key::CustomerShareSharing,
            ShareState::Asking => Key::CustomerShareAsking,
            ShareState::Declined => Key::CustomerShareDeclined,
            ShareState::Off => Key::CustomerShareOff,
        });
        let (class, button, label) = if sharing {
            (
                "ra-share-bar",
                "ra-button ra-button--danger",
                i18n.t(Key::CustomerShareStop),
            )
        } else {
            (
                "ra-share-bar ra-share-bar--idle",
                "ra-button ra-button--primary",
                i18n.t(Key::CustomerShareOffer),
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
