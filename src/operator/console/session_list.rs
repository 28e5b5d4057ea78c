use std::collections::HashSet;

use leptos::html::Ul;
use leptos::prelude::*;
use protocol::api::SessionView;
use protocol::SessionStatus;
use web_sys::KeyboardEvent;

use super::board::{row_id, step};
use super::session_row::SessionRow;
use crate::operator::i18n::{t, t_string};
use crate::operator::use_i18n;

fn row_key(s: &SessionView) -> String {
    format!(
        "{}:{}:{:?}:{:?}",
        s.id,
        s.status.as_str(),
        s.technician_id,
        s.mode
    )
}

/// The console's sessions as one listbox: the queue (waiting, then active)
/// and the day's history. Arrow keys, Home and End move the selection; Enter
/// on a waiting session opens the start choice.
#[component]
pub fn SessionList(
    /// Waiting and active sessions, in order.
    #[prop(into)]
    queue: Signal<Vec<SessionView>>,
    /// Ended and timed-out sessions of the day, newest first.
    #[prop(into)]
    history: Signal<Vec<SessionView>>,
    /// The selected session's id.
    selected: RwSignal<Option<String>>,
    /// New sessions not looked at yet.
    #[prop(into, optional)]
    fresh: Signal<HashSet<String>>,
    #[prop(into)] now: Signal<i64>,
    #[prop(into)] warn_after_secs: Signal<u64>,
    /// The signed-in technician.
    #[prop(optional)]
    me: Option<i64>,
    /// Enter on a waiting session: open the start choice (its id).
    on_open: Callback<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let list = NodeRef::<Ul>::new();
    let ids = move || {
        queue
            .get()
            .iter()
            .chain(history.get().iter())
            .map(|s| s.id.clone())
            .collect::<Vec<_>>()
    };
    let reveal = move |id: &str| {
        if let Some(el) = crate::browser::element_by_id::<web_sys::Element>(&row_id(id)) {
            el.scroll_into_view_with_bool(false);
        }
    };
    let select = move |id: Option<String>| {
        if let Some(id) = id {
            reveal(&id);
            selected.set(Some(id));
        }
    };
    let on_keydown = move |ev: KeyboardEvent| {
        let all = ids();
        let current = selected.get_untracked();
        match ev.key().as_str() {
            "ArrowDown" => select(step(&all, current.as_deref(), 1)),
            "ArrowUp" => select(step(&all, current.as_deref(), -1)),
            "Home" => select(all.first().cloned()),
            "End" => select(all.last().cloned()),
            "Enter" | " " => {
                let Some(id) = current else {
                    select(step(&all, None, 1));
                    ev.prevent_default();
                    return;
                };
                let waiting = queue
                    .get_untracked()
                    .iter()
                    .any(|s| s.id == id && s.status == SessionStatus::Waiting);
                if waiting && ev.key() == "Enter" {
                    on_open.run(id);
                }
            }
            _ => return,
        }
        ev.prevent_default();
    };
    let on_select = Callback::new(move |id: String| {
        selected.set(Some(id));
        if let Some(el) = list.get_untracked() {
            let _ = el.focus();
        }
    });
    let active = move || selected.get().map(|id| row_id(&id));
    let rows = move |items: Signal<Vec<SessionView>>| {
        view! {
            <For each=move || items.get() key=row_key let:session>
                {
                    let id = session.id.clone();
                    let is_fresh = Signal::derive(move || fresh.with(|f| f.contains(&id)));
                    view! {
                        <SessionRow session selected fresh=is_fresh now warn_after_secs me on_select/>
                    }
                }
            </For>
        }
    };
    let empty_queue = move || queue.with(|q| q.is_empty());
    let empty_history = move || history.with(|h| h.is_empty());

    view! {
        <ul
            class="ra-sessions"
            id="ra-session-list"
            node_ref=list
            role="listbox"
            tabindex="0"
            aria-label=move || t_string!(i18n, console.sessions)
            aria-activedescendant=active
            on:keydown=on_keydown
        >
            <li role="presentation" class="ra-sessions__heading">{t!(i18n, console.queue)}</li>
            <li role="presentation" class="ra-sessions__empty" hidden=move || !empty_queue()>
                {t!(i18n, console.queue_empty)}
            </li>
            {rows(queue)}
            <li role="presentation" class="ra-sessions__heading" hidden=empty_history>{t!(i18n, console.history)}</li>
            {rows(history)}
        </ul>
    }
}
