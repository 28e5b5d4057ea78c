use leptos::prelude::*;

use super::assist::spoken_pin;
use crate::browser;
use crate::i18n::format::{spoken_duration, time};
use crate::i18n::use_lang;
use crate::operator::clock::format_duration;
use crate::operator::copy_button::CopyButton;
use crate::operator::i18n::td_string;
use crate::operator::{tr, use_i18n};

/// The PIN, large and grouped for reading aloud ("123 456"; screen readers
/// hear the digits one by one), with a copy button and the time left (said
/// in the reader's language through `Intl`).
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
    let i18n = use_i18n();
    let lang = use_lang();
    let grouped = move || {
        let p = pin.get();
        if p.len() == 6 {
            format!("{} {}", &p[..3], &p[3..])
        } else {
            p
        }
    };
    let expired = move || remaining_ms.get() <= 0 && !claimed.get();
    let copy_what = Signal::derive(move || td_string!(i18n.get_locale(), agent.pin).to_string());
    view! {
        <section class="ra-assist__pin" class:ra-assist__pin--expired=expired aria-labelledby="ra-assist-pin-title">
            <h3 class="ra-assist__label" id="ra-assist-pin-title">{tr(|l| td_string!(l, agent.pin))}</h3>
            <div class="ra-assist__pin-row">
                <p
                    class="ra-assist__pin-value"
                    class:ra-assist__pin-value--dim=move || replacing.get()
                    role="img"
                    aria-label=move || td_string!(i18n.get_locale(), agent.pin_spoken, digits = spoken_pin(&pin.get())).to_string()
                >
                    {grouped}
                </p>
                <CopyButton text=pin what=copy_what disabled=Signal::derive(expired)/>
            </div>
            <p class="ra-assist__expiry">
                {move || {
                    if claimed.get() {
                        view! { <span class="ra-assist__claimed">{tr(|l| td_string!(l, agent.claimed))}</span> }.into_any()
                    } else if expired() {
                        view! { <span class="ra-assist__expired" role="alert">{tr(|l| td_string!(l, agent.expired))}</span> }.into_any()
                    } else {
                        let left = remaining_ms.get();
                        // When it expires, as a time of day on hover.
                        let at = browser::now_ms() + left;
                        let expires_at = move || {
                            td_string!(i18n.get_locale(), agent.expires_at, time = time(lang.get(), at)).to_string()
                        };
                        view! {
                            <span role="timer" aria-live="off" title=expires_at>
                                {tr(|l| td_string!(l, agent.expires_in))}
                                <span aria-hidden="true" class="ra-assist__countdown">{format_duration(left)}</span>
                                <span class="ra-visually-hidden">{move || spoken_duration(lang.get(), left)}</span>
                            </span>
                        }.into_any()
                    }
                }}
            </p>
        </section>
    }
}
