//! On the desktop page, beside the support-app download: **Share my screen
//! in the browser** (view only). That one click is the consent: it claims
//! the PIN as a browser view session and opens the browser's picker.
//! Where the browser cannot share its screen, the reason instead.

use leptos::prelude::*;

use super::screen_share::{unsupported_reason, ScreenShare};

#[component]
pub fn ShareOffer(share: ScreenShare) -> impl IntoView {
    let reason = unsupported_reason();
    view! {
        <div class="ra-share-offer" hidden=move || share.claimed.get()>
            <p class="ra-share-offer__lead">
                {reason.unwrap_or("Or, without installing anything:")}
            </p>
            {reason.is_none().then(|| view! {
                <button
                    type="button"
                    class="ra-button ra-button--primary"
                    aria-describedby="ra-share-offer-detail"
                    on:click=move |_| share.share_and_claim()
                >
                    "Share my screen in the browser"
                </button>
            })}
            <p id="ra-share-offer-detail" class="ra-share-offer__detail">
                {if reason.is_none() {
                    "View only: pick a screen, window or tab and the technician sees it. They cannot control it, and you can stop at any time."
                } else {
                    "Use the support app above instead."
                }}
            </p>
        </div>
    }
}
