use leptos::either::EitherOf4;
use leptos::prelude::*;
use protocol::api::SessionView;
use protocol::{Mode, SessionStatus};

use super::board::{elapsed_ms, technician_label, YOU};
use super::mode_choice::ModeChoice;
use super::video_panel::VideoPanel;
use crate::operator::clock::format_duration;
use crate::operator::console::{device_label, mode_label, status_label, technician_text};
use crate::operator::i18n::td_string;
use crate::operator::{tr, use_i18n};

const START_ID: &str = "ra-start-session";

fn focus_start() {
    request_animation_frame(|| {
        if let Some(el) = crate::browser::element_by_id::<web_sys::HtmlElement>(START_ID) {
            let _ = el.focus();
        }
    });
}

/// The selected session: what it is, and **Start Session** (then the mode
/// choice) or **End session**. Refusals (taken by another technician, view
/// only) show here in words.
#[component]
pub fn SessionDetail(
    #[prop(into)] session: Signal<Option<SessionView>>,
    /// The signed-in technician.
    #[prop(optional)]
    me: Option<i64>,
    /// Whether the mode choice is open.
    choosing: RwSignal<bool>,
    /// A start or end request is on its way.
    #[prop(into, optional)]
    busy: Signal<bool>,
    /// The last refusal, in words.
    #[prop(into, optional)]
    error: Signal<Option<String>>,
    #[prop(into)] now: Signal<i64>,
    /// Starts the session in a mode.
    on_start: Callback<(String, Mode)>,
    /// Ends the session.
    on_end: Callback<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let body = move || {
        let Some(s) = session.get() else {
            return EitherOf4::A(view! {
                <p class="ra-detail__empty">{tr(|l| td_string!(l, console.detail_empty))}</p>
            });
        };
        let id = s.id.clone();
        let status = s.status;
        let technician = technician_label(&s, me);
        let clock = {
            let s = s.clone();
            move || format_duration(elapsed_ms(&s, now.get()))
        };
        let device = s.device;
        let browser_view = s.browser_view;
        let facts = view! {
            <h2 class="ra-detail__title" id="ra-detail-title">{s.customer_name.clone()}</h2>
            <dl class="ra-detail__facts">
                <div><dt>{tr(|l| td_string!(l, console.fact_status))}</dt><dd><span class=format!("ra-status ra-status--{}", status.as_str())>{move || status_label(i18n, status)}</span></dd></div>
                <div><dt>{move || match status { SessionStatus::Waiting => td_string!(i18n.get_locale(), console.wait_time), SessionStatus::Active => td_string!(i18n.get_locale(), console.running_for), _ => td_string!(i18n.get_locale(), console.lasted) }}</dt><dd class="ra-detail__clock">{clock}</dd></div>
                <div><dt>{tr(|l| td_string!(l, console.fact_device))}</dt><dd>{move || device_label(i18n, &device)}{move || browser_view.then(|| td_string!(i18n.get_locale(), console.from_browser))}</dd></div>
                <div><dt>{tr(|l| td_string!(l, console.fact_agent))}</dt><dd>{s.agent_name.clone()}</dd></div>
                {technician.clone().map(|name| view! { <div><dt>{tr(|l| td_string!(l, console.fact_technician))}</dt><dd>{move || technician_text(i18n, &name)}</dd></div> })}
                {s.mode.map(|m| view! { <div><dt>{tr(|l| td_string!(l, console.fact_mode))}</dt><dd>{move || mode_label(i18n, m)}</dd></div> })}
            </dl>
        };
        let end_id = id.clone();
        let end_button = move || {
            let end_id = end_id.clone();
            view! {
                <button
                    type="button"
                    id="ra-end-session"
                    class="ra-button ra-button--danger"
                    disabled=move || busy.get()
                    on:click=move |_| on_end.run(end_id.clone())
                >
                    {tr(|l| td_string!(l, console.end))}
                </button>
            }
        };
        match status {
            SessionStatus::Waiting => {
                let device = s.device.class;
                let browser_view = s.browser_view;
                let start_id = id.clone();
                EitherOf4::B(view! {
                    {facts}
                    <div class="ra-detail__actions">
                        {move || {
                            let start_id = start_id.clone();
                            if choosing.get() {
                                view! {
                                    <ModeChoice
                                        device=device
                                        browser_view=browser_view
                                        busy
                                        on_choose=Callback::new(move |mode| on_start.run((start_id.clone(), mode)))
                                        on_cancel=Callback::new(move |_| {
                                            choosing.set(false);
                                            focus_start();
                                        })
                                    />
                                }
                                    .into_any()
                            } else {
                                view! {
                                    <button
                                        type="button"
                                        id=START_ID
                                        class="ra-button ra-button--primary"
                                        disabled=move || busy.get()
                                        on:click=move |_| choosing.set(true)
                                    >
                                        {tr(|l| td_string!(l, console.start))}
                                    </button>
                                }
                                    .into_any()
                            }
                        }}
                        {end_button.clone()}
                    </div>
                })
            }
            SessionStatus::Active => {
                let mine = technician.as_deref() == Some(YOU);
                let video =
                    (mine && s.browser_view).then(|| view! { <VideoPanel session_id=id.clone()/> });
                EitherOf4::C(view! {
                    {facts}
                    {video}
                    <div class="ra-detail__actions">
                        {(!mine).then(|| view! {
                            <p class="ra-detail__note">
                                {
                                    let name = technician.clone().unwrap_or_default();
                                    move || {
                                        let technician = technician_text(i18n, &name);
                                        td_string!(i18n.get_locale(), console.taken_note, technician = technician).to_string()
                                    }
                                }
                            </p>
                        })}
                        {end_button.clone()}
                    </div>
                })
            }
            SessionStatus::Ended | SessionStatus::TimedOut => EitherOf4::D(view! {
                {facts}
                <p class="ra-detail__note">
                    {move || if status == SessionStatus::TimedOut {
                        td_string!(i18n.get_locale(), console.timed_out_note)
                    } else {
                        td_string!(i18n.get_locale(), console.over_note)
                    }}
                </p>
            }),
        }
    };
    view! {
        <section class="ra-detail" aria-label=move || td_string!(i18n.get_locale(), console.detail_label)>
            {body}
            <p class="ra-detail__error" role="alert">{move || error.get()}</p>
        </section>
    }
}
