use std::collections::HashSet;

use leptos::html::Div;
use leptos::prelude::*;
use protocol::SessionStatus;
use web_sys::KeyboardEvent;

use super::board::{step_index, Group};
use super::live::LiveBoard;
use super::session_row::SessionRow;
use super::window::{keep_page_order, Metrics};
use crate::operator::i18n::td_string;
use crate::operator::{tr, use_i18n};

/// The console's sessions as one listbox: the queue (waiting, then active)
/// and the day's history. Arrow keys, Page Up/Down, Home and End move the
/// selection; Enter on a waiting session opens the start choice.
///
/// Only the rows in view (and a few either side) are in the page, plus the
/// selected one wherever it is: each group is as tall as all its rows and
/// places the drawn ones at their own height, so the scroll bar, the
/// keyboard and `aria-posinset`/`aria-setsize` all speak of the whole list.
#[component]
pub fn SessionList(
    /// The sessions and their order.
    board: LiveBoard,
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
    let order = board.order();
    let list = NodeRef::<Div>::new();
    let queue_box = NodeRef::<Div>::new();
    let history_box = NodeRef::<Div>::new();
    let window_height = web_sys::window()
        .and_then(|w| w.inner_height().ok())
        .and_then(|h| h.as_f64())
        .unwrap_or(800.0);
    let metrics = RwSignal::new(Metrics::initial(window_height));
    // Every row says its time in words through `Intl.NumberFormat`, whose
    // first use in a page takes 10-20 ms: made now, while the sessions are
    // on their way, not in the frame that shows them.
    let lang = crate::i18n::use_lang();
    set_timeout(
        move || {
            // The language lives at the root, past this list.
            crate::i18n::format::spoken_duration(untrack(move || lang.get()), 61_000);
        },
        std::time::Duration::ZERO,
    );

    // The list's geometry, read from the page after it changes.
    let measure = move || {
        // Late calls (a frame after the list is gone) find nothing to do.
        let (Some(Some(el)), Some(Some(queue))) =
            (list.try_get_untracked(), queue_box.try_get_untracked())
        else {
            return;
        };
        let Some((queue_len, history_len)) =
            order.try_with_untracked(|o| (o.queue.len(), o.history.len()))
        else {
            return;
        };
        let Some(before) = metrics.try_get_untracked() else {
            return;
        };
        let mut m = before;
        m.scroll_top = f64::from(el.scroll_top());
        m.overscan = super::window::OVERSCAN;
        m.view_height = f64::from(el.client_height());
        if let Some(h) = web_sys::window().and_then(|w| w.inner_height().ok()?.as_f64()) {
            m.draw_height = h;
        }
        m.queue_top = f64::from(queue.offset_top());
        let queue_end = m.queue_top + f64::from(queue.offset_height());
        if queue_len > 0 && queue.offset_height() > 0 {
            m.pitch = f64::from(queue.offset_height()) / queue_len as f64;
        }
        if let Some(Some(history)) = history_box.try_get_untracked() {
            if queue_len == 0 && history_len > 0 && history.offset_height() > 0 {
                m.pitch = f64::from(history.offset_height()) / history_len as f64;
            }
            m.history_gap = f64::from(history.offset_top()) - queue_end;
        }
        if m != before {
            metrics.try_set(m);
        }
    };
    // After the first paint, and when a group's heading or the empty
    // queue's note comes or goes (row heights never change with the order).
    Effect::new(move |shape: Option<(bool, bool)>| {
        let now = order.with(|o| (o.queue.is_empty(), o.history.is_empty()));
        if shape != Some(now) {
            // Once the frame showing the change is painted, when reading
            // the layout costs nothing (read before, it would lay out the
            // new rows out of turn); the rows drawn meanwhile fill the
            // window (`Metrics::draw_height`).
            request_animation_frame(move || set_timeout(measure, std::time::Duration::ZERO));
        }
        now
    });
    let resize = window_event_listener(leptos::ev::resize, move |_| measure());
    on_cleanup(move || resize.remove());

    // The ids a group draws: its window and the selected row, in the
    // page's order (rows already drawn keep their place in the page; each
    // row's `top` shows it at its place in the list), so a session that
    // changes place moves no row in the page.
    let shown = move |group: Group| {
        Memo::new(move |drawn: Option<&Vec<String>>| {
            let m = metrics.get();
            let selected = selected.get();
            order.with(|o| {
                let (queue, history) = m.windows(o.queue.len(), o.history.len());
                let (ids, range) = match group {
                    Group::Queue => (&o.queue, queue),
                    Group::History => (&o.history, history),
                };
                let range = range.start.min(ids.len())..range.end.min(ids.len());
                let mut wanted: Vec<&String> = ids[range.clone()].iter().collect();
                if let Some((g, i)) = selected.as_deref().and_then(|id| board.place(id)) {
                    if g == group && !range.contains(&i) {
                        wanted.push(&ids[i]);
                    }
                }
                keep_page_order(drawn.map_or(&[][..], Vec::as_slice), &wanted)
            })
        })
    };
    let shown_queue = shown(Group::Queue);
    let shown_history = shown(Group::History);

    // Moves the selection to the `index`th session and scrolls it into view.
    let select_index = move |index: Option<usize>| {
        let Some(index) = index else {
            return;
        };
        let Some((id, top, bottom)) = order
            .try_with_untracked(|o| {
                let id = o.ids().nth(index)?.clone();
                let m = metrics.get_untracked();
                let queue_len = o.queue.len();
                // The span to show: the row, and the heading above the first
                // row of a group.
                let (y, first) = if index < queue_len {
                    (m.queue_top + index as f64 * m.pitch, index == 0)
                } else {
                    let i = index - queue_len;
                    (m.history_top(queue_len) + i as f64 * m.pitch, i == 0)
                };
                let top = if index == 0 {
                    0.0
                } else if first {
                    y - m.history_gap
                } else {
                    y
                };
                Some((id, top, y + m.pitch))
            })
            .flatten()
        else {
            return;
        };
        selected.set(Some(id));
        if let Some(el) = list.get_untracked() {
            let m = metrics.get_untracked();
            let scroll = m.reveal(top, bottom);
            if scroll != m.scroll_top {
                el.set_scroll_top(scroll.round() as i32);
                measure();
            }
        }
    };
    let on_keydown = move |ev: KeyboardEvent| {
        let (len, current) = order.with_untracked(|o| {
            let current = selected.with_untracked(|s| s.as_deref().and_then(|id| board.index(id)));
            (o.len(), current)
        });
        let page = metrics.get_untracked().rows_per_page() as i32;
        match ev.key().as_str() {
            "ArrowDown" => select_index(step_index(len, current, 1)),
            "ArrowUp" => select_index(step_index(len, current, -1)),
            "PageDown" => select_index(step_index(len, current, page)),
            "PageUp" => select_index(step_index(len, current, -page)),
            "Home" => select_index((len > 0).then_some(0)),
            "End" => select_index(len.checked_sub(1)),
            "Enter" | " " => {
                let Some(id) = selected.get_untracked() else {
                    select_index(step_index(len, None, 1));
                    ev.prevent_default();
                    return;
                };
                if board.status(&id) == Some(SessionStatus::Waiting) && ev.key() == "Enter" {
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
    let active = move || selected.get().map(|id| super::board::row_id(&id));
    // Memos: a change of the order reaches a row's page only where its own
    // place changed.
    let set_size = Memo::new(move |_| order.with(|o| o.len()));
    let row = move |id: String| {
        let session = board.row(&id)?;
        let (place_id, index_id) = (id.clone(), id.clone());
        let is_fresh = {
            let id = id.clone();
            Signal::derive(move || fresh.with(|f| f.contains(&id)))
        };
        Some(view! {
            <SessionRow
                session
                place=Memo::new(move |_| {
                    order.track();
                    board.place(&place_id).map_or(0, |p| p.1)
                })
                position=Memo::new(move |_| {
                    order.track();
                    board.index(&index_id).map_or(0, |i| i + 1)
                })
                set_size
                selected
                fresh=is_fresh
                now
                warn_after_secs
                me
                on_select
            />
        })
    };
    // One list of rows for both groups (one copy of the code in the bundle).
    let rows = move |shown: Memo<Vec<String>>| {
        view! {
            <For each=move || shown.get() key=|id| id.clone() let:id>
                {row(id)}
            </For>
        }
    };
    let queue_len = Memo::new(move |_| order.with(|o| o.queue.len()));
    let history_len = Memo::new(move |_| order.with(|o| o.history.len()));

    view! {
        <div
            class="ra-sessions"
            id="ra-session-list"
            node_ref=list
            role="listbox"
            tabindex="0"
            aria-label=move || td_string!(i18n.get_locale(), console.sessions)
            aria-activedescendant=active
            on:keydown=on_keydown
            on:scroll=move |_| measure()
        >
            <div class="ra-sessions__heading">{tr(|l| td_string!(l, console.queue))}</div>
            <div class="ra-sessions__empty" hidden=move || queue_len.get() != 0>
                {tr(|l| td_string!(l, console.queue_empty))}
            </div>
            <div class="ra-sessions__group" node_ref=queue_box style:height=move || format!("calc({} * var(--ra-pitch))", queue_len.get())>
                {rows(shown_queue)}
            </div>
            <div class="ra-sessions__heading" hidden=move || history_len.get() == 0>{tr(|l| td_string!(l, console.history))}</div>
            <div class="ra-sessions__group" node_ref=history_box style:height=move || format!("calc({} * var(--ra-pitch))", history_len.get())>
                {rows(shown_history)}
            </div>
        </div>
    }
}
