use leptos::prelude::*;
use protocol::api::SessionView;
use protocol::SessionStatus;

use super::board::{elapsed_ms, is_warning, row_id, technician_label};
use crate::operator::clock::{format_duration, spoken_duration};

/// One session in the console's list (an option of the listbox): status,
/// time waiting (or running), customer, device and OS, agent, technician.
#[component]
pub fn SessionRow(
    session: SessionView,
    /// The selected session's id.
    #[prop(into)]
    selected: Signal<Option<String>>,
    /// New and not looked at yet: highlighted.
    #[prop(into)]
    fresh: Signal<bool>,
    #[prop(into)] now: Signal<i64>,
    #[prop(into)] warn_after_secs: Signal<u64>,
    /// The signed-in technician, to say "You".
    me: Option<i64>,
    /// Selects this row.
    on_select: Callback<String>,
) -> impl IntoView {
    let id = session.id.clone();
    let is_selected = {
        let id = id.clone();
        move || selected.get().as_deref() == Some(id.as_str())
    };
    let status = session.status;
    let s = session.clone();
    let warn = Memo::new(move |_| is_warning(&s, now.get(), warn_after_secs.get()));
    let s = session.clone();
    let elapsed = Memo::new(move |_| elapsed_ms(&s, now.get()) / 1000);
    let clock_label = match status {
        SessionStatus::Waiting => "Wait time",
        SessionStatus::Active => "Running for",
        _ => "Lasted",
    };
    let technician = technician_label(&session, me);
    let mode = session.mode.map(|m| m.label());
    let select_id = id.clone();
    view! {
        <li
            class=format!("ra-session ra-session--{}", status.as_str())
            class:ra-session--selected=is_selected.clone()
            class:ra-session--new=move || fresh.get()
            class:ra-session--warn=move || warn.get()
            id=row_id(&id)
            role="option"
            aria-selected=move || is_selected().to_string()
            on:click=move |_| on_select.run(select_id.clone())
        >
            <span class=format!("ra-session__status ra-status ra-status--{}", status.as_str())>
                {status.label()}
            </span>
            <span class="ra-session__customer">
                // Said in words too, not only by the highlight.
                {move || fresh.get().then(|| view! { <span class="ra-session__new">"New"</span> " " })}
                {session.customer_name.clone()}
            </span>
            <span class="ra-session__clock">
                <span class="ra-visually-hidden">{clock_label} " "</span>
                <span aria-hidden="true">{move || format_duration(elapsed.get() * 1000)}</span>
                <span class="ra-visually-hidden">{move || spoken_duration(elapsed.get() * 1000)}</span>
            </span>
            <span class="ra-session__device">{session.device.label()}</span>
            <span class="ra-session__agent">"Agent: " {session.agent_name.clone()}</span>
            {(status == SessionStatus::Waiting).then(|| view! {
                <span class="ra-session__flag">
                    {move || if warn.get() { "Long wait" } else { "" }}
                </span>
            })}
            {technician.map(|t| view! {
                <span class="ra-session__tech">
                    {if t == "You" { "Taken by you".to_string() } else { format!("Taken by {t}") }}
                    {mode.map(|m| format!(" · {m}"))}
                </span>
            })}
            {session.browser_view.then(|| view! { <span class="ra-session__tag">"Shared from browser"</span> })}
        </li>
    }
}
