use leptos::prelude::*;
use protocol::api::SessionView;

use super::assist::{session_line, Stage};

/// The PIN's session as it moves: not claimed → claimed and waiting →
/// active (mode) → ended. Changes are announced.
#[component]
pub fn SessionProgress(#[prop(into)] session: Signal<Option<SessionView>>) -> impl IntoView {
    let line = Memo::new(move |_| session.with(|s| session_line(s.as_ref())));
    let stage = move || line.get().0;
    let step = move |label: &'static str, at: Stage| {
        let order = |s: Stage| match s {
            Stage::NotClaimed => 0,
            Stage::Waiting => 1,
            Stage::Active => 2,
            Stage::Over => 3,
        };
        view! {
            <li
                class="ra-steps__step"
                class:ra-steps__step--done={move || order(stage()) > order(at)}
                class:ra-steps__step--current=move || stage() == at
                aria-current=move || (stage() == at).then_some("step")
            >
                {label}
            </li>
        }
    };
    view! {
        <section class="ra-assist__session" aria-labelledby="ra-assist-session-title">
            <h3 class="ra-assist__label" id="ra-assist-session-title">"Session"</h3>
            <ol class="ra-steps">
                {step("Not claimed", Stage::NotClaimed)}
                {step("Waiting", Stage::Waiting)}
                {step("Active", Stage::Active)}
                {step("Ended", Stage::Over)}
            </ol>
            <p class="ra-assist__session-line" role="status">{move || line.get().1}</p>
        </section>
    }
}
