use leptos::prelude::*;

use crate::operator::i18n::td_string;
use crate::operator::{tr, use_i18n};

/// Whether any technician console is online now; when none is, says so and
/// links to the console.
#[component]
pub fn PresenceNote(
    /// Technicians online; None while unknown.
    #[prop(into)]
    technicians: Signal<Option<u32>>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p
            class="ra-presence"
            class:ra-presence--none=move || technicians.get() == Some(0)
            role="status"
        >
            {move || match technicians.get() {
                None => view! { {tr(|l| td_string!(l, agent.presence_checking))} }.into_any(),
                Some(0) => view! {
                    <span>{tr(|l| td_string!(l, agent.presence_none))}</span>
                    <a href="/console" target="_blank" rel="noopener">{tr(|l| td_string!(l, agent.open_console))}</a>
                }
                    .into_any(),
                Some(1) => view! { <span class="ra-presence__dot" aria-hidden="true"></span> {tr(|l| td_string!(l, agent.presence_one))} }.into_any(),
                Some(n) => view! {
                    <span class="ra-presence__dot" aria-hidden="true"></span>
                    {move || td_string!(i18n.get_locale(), agent.presence_many, count = n).to_string()}
                }
                    .into_any(),
            }}
        </p>
    }
}
