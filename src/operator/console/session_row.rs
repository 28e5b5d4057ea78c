use leptos::prelude::*;
use protocol::api::SessionView;
use protocol::SessionStatus;

use super::board::{elapsed_ms, is_warning, row_id, technician_label, YOU};
use crate::i18n::format::spoken_duration;
use crate::i18n::use_lang;
use crate::operator::clock::format_duration;
use crate::operator::console::{device_label, mode_label, status_label, technician_text};
use crate::operator::i18n::td_string;
use crate::operator::{tr, use_i18n};

/// One session in the console's list (an option of the listbox): status,
/// time waiting (or running), customer, device and OS, agent, technician.
/// Every part reads the session's own signal, so a change of this session
/// updates only what changed here, and nothing else in the list.
#[component]
pub fn SessionRow(
    /// This session, live.
    #[prop(into)]
    session: Signal<SessionView>,
    /// Its place in its group (positions the row).
    #[prop(into)]
    place: Signal<usize>,
    /// Its place in the whole list, from 1 (`aria-posinset`).
    #[prop(into)]
    position: Signal<usize>,
    /// How many sessions the list holds (`aria-setsize`).
    #[prop(into)]
    set_size: Signal<usize>,
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
    let id = session.with_untracked(|s| s.id.clone());
    let is_selected = {
        let id = id.clone();
        Memo::new(move |_| selected.with(|s| s.as_deref() == Some(id.as_str())))
    };
    let status = move || session.with(|s| s.status);
    let warn =
        Memo::new(move |_| session.with(|s| is_warning(s, now.get(), warn_after_secs.get())));
    let elapsed = Memo::new(move |_| session.with(|s| elapsed_ms(s, now.get())) / 1000);
    let clock_label = move || match status() {
        SessionStatus::Waiting => td_string!(i18n.get_locale(), console.wait_time),
        SessionStatus::Active => td_string!(i18n.get_locale(), console.running_for),
        _ => td_string!(i18n.get_locale(), console.lasted),
    };
    // The third line, as one text: the long-wait flag, who runs it and
    // how, where it comes from.
    let flag = move || status() == SessionStatus::Waiting && warn.get();
    let more = move || {
        let (tech, mode, browser_view) =
            session.with(|s| (technician_label(s, me), s.mode, s.browser_view));
        let mut parts: Vec<String> = Vec::new();
        if flag() {
            parts.push(td_string!(i18n.get_locale(), console.long_wait).to_string());
        }
        if let Some(name) = tech {
            let mut taken = if name == YOU {
                td_string!(i18n.get_locale(), console.taken_by_you).to_string()
            } else {
                let technician = technician_text(i18n, &name);
                td_string!(i18n.get_locale(), console.taken_by, technician = technician).to_string()
            };
            if let Some(m) = mode {
                taken = format!("{taken} · {}", mode_label(i18n, m));
            }
            parts.push(taken);
        }
        if browser_view {
            parts.push(td_string!(i18n.get_locale(), console.shared_tag).to_string());
        }
        parts.join(" · ")
    };
    let has_technician = move || session.with(|s| s.technician_id.is_some());
    // Each class list as one text: one update in the page for a change, and
    // few updates to make for a row (rows are made as the list scrolls).
    let row_class = move || {
        let mut class = format!("ra-session ra-session--{}", status().as_str());
        for (on, name) in [
            (is_selected.get(), " ra-session--selected"),
            (fresh.get(), " ra-session--new"),
            (warn.get(), " ra-session--warn"),
        ] {
            if on {
                class.push_str(name);
            }
        }
        class
    };
    let more_class = move || {
        if flag() {
            "ra-session__more ra-session__more--warn"
        } else if has_technician() {
            "ra-session__more ra-session__more--tech"
        } else {
            "ra-session__more"
        }
    };
    let select_id = id.clone();
    view! {
        <div
            class=row_class
            // Through the CSSOM: the page's CSP allows no style attributes.
            style:top=move || format!("calc({} * var(--ra-pitch))", place.get())
            id=row_id(&id)
            role="option"
            aria-selected=move || is_selected.get().to_string()
            aria-posinset=move || position.get().to_string()
            aria-setsize=move || set_size.get().to_string()
            on:click=move |_| on_select.run(select_id.clone())
        >
            <span class=move || format!("ra-session__status ra-status ra-status--{}", status().as_str())>
                {move || status_label(i18n, status())}
            </span>
            <span class="ra-session__customer">
                // Said in words too, not only by the highlight.
                {move || fresh.get().then(|| view! { <span class="ra-session__new">{tr(|l| td_string!(l, console.new_badge))}</span> " " })}
                {move || session.with(|s| s.customer_name.clone())}
            </span>
            <span class="ra-session__clock">
                <span class="ra-visually-hidden">{clock_label} " "</span>
                <span aria-hidden="true">{move || format_duration(elapsed.get() * 1000)}</span>
                <span class="ra-visually-hidden">{move || spoken_duration(lang.get(), elapsed.get() * 1000)}</span>
            </span>
            <span class="ra-session__device">{move || session.with(|s| device_label(i18n, &s.device))}</span>
            <span class="ra-session__agent">{tr(|l| td_string!(l, console.agent_prefix))} {move || session.with(|s| s.agent_name.clone())}</span>
            <span class=more_class>{more}</span>
        </div>
    }
}
