use leptos::prelude::*;
use protocol::api::SessionView;

use super::assist::{session_line, Stage};
use crate::operator::i18n::td_string;
use crate::operator::{tr, use_i18n};

/// The PIN's session as it moves: not claimed → claimed and waiting →
/// active (mode) → ended. Changes are announced.
#[component]
pub fn SessionProgress(#[prop(into)] session: Signal<Option<SessionView>>) -> impl IntoView {
    let i18n = use_i18n();
    let line = Memo::new(move |_| {
        let locale = i18n.get_locale();
        session.with(|s| session_line(locale, s.as_ref()))
    });
    let stage = move || line.get().0;
    let step = move |at: Stage| {
        let order = |s: Stage| match s {
            Stage::NotClaimed => 0,
            Stage::Waiting => 1,
            Stage::Active => 2,
            Stage::Over => 3,
        };
        let label = move || match at {
            Stage::NotClaimed => td_string!(i18n.get_locale(), agent.step_not_claimed),
            Stage::Waiting => td_string!(i18n.get_locale(), agent.status_waiting),
            Stage::Active => td_string!(i18n.get_locale(), agent.status_active),
            Stage::Over => td_string!(i18n.get_locale(), agent.status_ended),
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
            <h3 class="ra-assist__label" id="ra-assist-session-title">{tr(|l| td_string!(l, agent.session))}</h3>
            <ol class="ra-steps">
                {step(Stage::NotClaimed)}
                {step(Stage::Waiting)}
                {step(Stage::Active)}
                {step(Stage::Over)}
            </ol>
            <p class="ra-assist__session-line" role="status">{move || line.get().1}</p>
        </section>
    }
}
