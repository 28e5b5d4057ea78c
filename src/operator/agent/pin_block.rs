use leptos::prelude::*;

use super::assist::spoken_pin;
use crate::operator::clock::{format_duration, spoken_duration};
use crate::operator::copy_button::CopyButton;

/// The PIN, large and grouped for reading aloud ("123 456"; screen readers
/// hear the digits one by one), with a copy button and the time left.
#[component]
pub fn PinBlock(
    /// Six digits.
    #[prop(into)]
    pin: Signal<String>,
    /// Milliseconds until it expires.
    #[prop(into)]
    remaining_ms: Signal<i64>,
    /// A newer PIN is on its way: this one is about to go.
    #[prop(into, optional)]
    replacing: Signal<bool>,
    /// The customer has used it: its expiry no longer matters.
    #[prop(into, optional)]
    claimed: Signal<bool>,
) -> impl IntoView {
    let grouped = move || {
        let p = pin.get();
        if p.len() == 6 {
            format!("{} {}", &p[..3], &p[3..])
        } else {
            p
        }
    };
    let expired = move || remaining_ms.get() <= 0 && !claimed.get();
    view! {
        <section class="ra-assist__pin" class:ra-assist__pin--expired=expired aria-labelledby="ra-assist-pin-title">
            <h3 class="ra-assist__label" id="ra-assist-pin-title">"PIN"</h3>
            <div class="ra-assist__pin-row">
                <p
                    class="ra-assist__pin-value"
                    class:ra-assist__pin-value--dim=move || replacing.get()
                    role="img"
                    aria-label=move || format!("PIN {}", spoken_pin(&pin.get()))
                >
                    {grouped}
                </p>
                <CopyButton text=pin what="PIN" disabled=Signal::derive(expired)/>
            </div>
            <p class="ra-assist__expiry">
                {move || {
                    if claimed.get() {
                        view! { <span class="ra-assist__claimed">"The customer accepted with this PIN."</span> }.into_any()
                    } else if expired() {
                        view! { <span class="ra-assist__expired" role="alert">"This PIN has expired. Create another PIN for the customer."</span> }.into_any()
                    } else {
                        let left = remaining_ms.get();
                        view! {
                            <span role="timer" aria-live="off">
                                "Expires in "
                                <span aria-hidden="true" class="ra-assist__countdown">{format_duration(left)}</span>
                                <span class="ra-visually-hidden">{spoken_duration(left)}</span>
                            </span>
                        }.into_any()
                    }
                }}
            </p>
        </section>
    }
}
