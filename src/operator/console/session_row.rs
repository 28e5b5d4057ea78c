use leptos::prelude::*;
use protocol::api::SessionView;
use protocol::SessionStatus;

use super::board::{elapsed_ms, is_warning, row_id, technician_label, YOU};
use crate::i18n::format::spoken_duration;
use crate::i18n::use_lang;
use crate::operator::clock::format_duration;
use crate::operator::console::{device_label, mode_label, status_label, technician_text};
use crate::operator::i18n::{t, t_string};
use crate::operator::use_i18n;

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
    let i18n = use_i18n();
    let lang = use_lang();
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
    let clock_label = move || match status {
        SessionStatus::Waiting => t_string!(i18n, console.wait_time),
        SessionStatus::Active => t_string!(i18n, console.running_for),
        _ => t_string!(i18n, console.lasted),
    };
    let technician = technician_label(&session, me);
    let mode = session.mode;
    let device = session.device;
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
                {move || status_label(i18n, status)}
            </span>
            <span class="ra-session__customer">
                // Said in words too, not only by the highlight.
                {move || fresh.get().then(|| view! { <span class="ra-session__new">{t!(i18n, console.new_badge)}</span> " " })}
                {session.customer_name.clone()}
            </span>
            <span class="ra-session__clock">
                <span class="ra-visually-hidden">{clock_label} " "</span>
                <span aria-hidden="true">{move || format_duration(elapsed.get() * 1000)}</span>
                <span class="ra-visually-hidden">{move || spoken_duration(lang.get(), elapsed.get() * 1000)}</span>
            </span>
            <span class="ra-session__device">{move || device_label(i18n, &device)}</span>
            <span class="ra-session__agent">{t!(i18n, console.agent_prefix)} {session.agent_name.clone()}</span>
            {(status == SessionStatus::Waiting).then(|| view! {
                <span class="ra-session__flag">
                    {move || if warn.get() { t_string!(i18n, console.long_wait) } else { "" }}
                </span>
            })}
            {technician.map(|t| view! {
                <span class="ra-session__tech">
                    {move || if t == YOU {
                        t_string!(i18n, console.taken_by_you).to_string()
                    } else {
                        let technician = technician_text(i18n, &t);
                        t_string!(i18n, console.taken_by, technician = technician).to_string()
                    }}
                    {move || mode.map(|m| format!(" · {}", mode_label(i18n, m)))}
                </span>
            })}
            {session.browser_view.then(|| view! { <span class="ra-session__tag">{t!(i18n, console.shared_tag)}</span> })}
        </li>
    }
}
