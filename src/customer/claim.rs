//! The consent button, which alone claims the PIN, then the live status and
//! **End session**. Shared by the desktop and mobile pages.

use std::rc::Rc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use protocol::api::ClaimRequest;
use protocol::{DeviceClass, Mode, Pin, SessionStatus};

use super::pin_entry::refusal_text;
use super::screen_share::{unsupported_reason, ScreenShare};
use super::share_bar::ShareBar;
use super::status::{Follow, SessionStatusView};
use super::{Nav, Route, SavedSession};
use crate::api;
use crate::browser;
use crate::i18n::{fill, text, use_lang, Key, Lang, Msg};

/// Who is asking for the screen, as the service says once it knows the PIN.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Asker {
    pub agent_name: String,
    pub org_name: String,
}

impl Asker {
    /// "Alex at Example Co", or a neutral "Your support agent" before the
    /// service has answered.
    pub fn text(asker: Option<&Asker>, lang: Lang) -> String {
        match asker {
            Some(a) if !a.agent_name.is_empty() && !a.org_name.is_empty() => fill(
                text(lang, Key::CustomerAskerAgentAtOrg),
                &[("agent", &a.agent_name), ("org", &a.org_name)],
            ),
            Some(a) if !a.agent_name.is_empty() => a.agent_name.clone(),
            Some(a) if !a.org_name.is_empty() => fill(
                text(lang, Key::CustomerAskerAgentOfOrg),
                &[("org", &a.org_name)],
            ),
            _ => text(lang, Key::CustomerAskerAgent).to_string(),
        }
    }
}

/// The consent button's words: what the technician may do on this device.
pub fn consent_text(class: DeviceClass) -> Key {
    match class {
        DeviceClass::Desktop => Key::CustomerConsentDesktop,
        DeviceClass::Mobile => Key::CustomerConsentMobile,
    }
}

fn consent_detail(class: DeviceClass) -> Key {
    match class {
        DeviceClass::Desktop => Key::CustomerConsentDesktopDetail,
        DeviceClass::Mobile => Key::CustomerConsentMobileDetail,
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Phase {
    Consent,
    Following,
    Over,
}

/// Consent, then live status with **End session**. Nothing is claimed until
/// the button is pressed.
#[component]
pub fn ClaimArea(
    pin: Pin,
    /// The class this browser detected; sent with the claim.
    class: DeviceClass,
    /// Set from the claim's answer (who is asking).
    asker: RwSignal<Option<Asker>>,
    /// A session this browser already follows for this PIN (after a reload).
    #[prop(default = None)]
    resume: Option<SavedSession>,
    /// The browser view session's share (desktop page).
    #[prop(optional)]
    share: Option<ScreenShare>,
) -> impl IntoView {
    let nav = use_context::<Nav>();
    let i18n = use_lang();
    let session = RwSignal::new(resume);
    let status = RwSignal::new(None::<SessionStatus>);
    let mode = RwSignal::new(None::<Mode>);
    let claiming = RwSignal::new(false);
    let ending = RwSignal::new(false);
    let problem = RwSignal::new(None::<Msg>);
    let refused = RwSignal::new(false);

    if let Some(s) = session.get_untracked() {
        status.set(Some(SessionStatus::Waiting));
        asker.set(Some(Asker {
            agent_name: s.agent_name.clone(),
            org_name: s.org_name.clone(),
        }));
    }
    let claimed = Signal::derive(move || session.with(Option::is_some) || claiming.get());
    let over = move || status.get().is_some_and(SessionStatus::is_over);
    // What the area shows; a memo, so that the socket lives as long as the
    // session is followed and not one status change.
    let phase = Memo::new(move |_| match (session.with(Option::is_some), over()) {
        (false, _) => Phase::Consent,
        (true, false) => Phase::Following,
        (true, true) => Phase::Over,
    });

    let claim = move |browser_view: bool| {
        if claiming.get_untracked() || session.with_untracked(Option::is_some) {
            return;
        }
        claiming.set(true);
        problem.set(None);
        spawn_local(async move {
            let request = ClaimRequest {
                pin: pin.as_str().to_string(),
                device_class: class,
                user_agent: Some(browser::user_agent()),
                browser_view,
            };
            let answer = api::claim_pin(&request).await;
            claiming.set(false);
            match answer {
                Ok(claim) => {
                    let saved = SavedSession::from_claim(pin, &claim);
                    saved.save();
                    asker.set(Some(Asker {
                        agent_name: claim.agent_name.clone(),
                        org_name: claim.org_name.clone(),
                    }));
                    status.set(Some(claim.status));
                    if let Some(share) = share {
                        share.browser_view.set(browser_view);
                    }
                    session.set(Some(saved));
                }
                Err(error) => {
                    if let Some(share) = share {
                        share.stop();
                    }
                    let limited = error.status() == Some(429);
                    refused.set(!limited && !super::pin_entry::unreachable(&error));
                    problem.set(Some(refusal_text(&error)));
                }
            }
        });
    };

    let end = move || {
        let Some(saved) = session.get_untracked() else {
            return;
        };
        if ending.get_untracked() {
            return;
        }
        ending.set(true);
        problem.set(None);
        spawn_local(async move {
            let answer = api::end_customer_session(&saved.token).await;
            ending.set(false);
            // Ended now, or over already, or unknown to the service.
            let over = answer.is_ok()
                || matches!(
                    answer.as_ref().err().and_then(|e| e.status()),
                    Some(401 | 403 | 404 | 409 | 410)
                );
            if over {
                saved.forget();
                status.set(Some(SessionStatus::Ended));
                // The tracks stop.
                if let Some(share) = share {
                    share.stop();
                }
            } else {
                problem.set(Some(Key::CustomerConsentEndFailed.into()));
            }
        });
    };

    if let Some(share) = share {
        share.set_on_end(Rc::new(end));
    }
    // The browser share, offered beside the consent where the browser can
    // (otherwise the reason).
    let offer = move || {
        share.map(|share| {
            let reason = unsupported_reason();
            view! {
                <button
                    type="button"
                    class="ra-button ra-button--primary ra-button--block ra-share-offer"
                    hidden=reason.is_some()
                    aria-describedby="ra-share-detail"
                    on:click=move |_| {
                        // The picker opens within the click; the claim goes meanwhile.
                        share.capture();
                        claim(true);
                    }
                >
                    {i18n.tr(Key::CustomerShareOffer)}
                </button>
                <p id="ra-share-detail" class="ra-claim__detail">
                    {i18n.tr(reason.unwrap_or(Key::CustomerShareOfferDetail))}
                </p>
            }
        })
    };

    let enter_again = move |_| {
        if let Some(nav) = nav {
            nav.go("/", Route::Entry { malformed: false });
        }
    };

    view! {
        <div class="ra-claim">
            <SessionStatusView claimed status mode/>
            {move || match phase.get() {
                Phase::Consent => {
                    view! {
                        <button
                            type="button"
                            class="ra-button ra-button--primary ra-button--block ra-claim__allow"
                            aria-disabled=move || claiming.get().then_some("true")
                            aria-describedby="ra-claim-detail"
                            on:click=move |_| claim(false)
                        >
                            {i18n.tr(consent_text(class))}
                        </button>
                        <p id="ra-claim-detail" class="ra-claim__detail">
                            {i18n.tr(consent_detail(class))}
                        </p>
                        {offer()}
                    }
                        .into_any()
                }
                Phase::Over => ().into_any(),
                Phase::Following => {
                    session
                        .get_untracked()
                        .map(|saved| {
                            view! {
                                <button
                                    type="button"
                                    class="ra-button ra-button--danger ra-button--block ra-claim__end"
                                    aria-disabled=move || ending.get().then_some("true")
                                    on:click=move |_| end()
                                >
                                    {i18n.tr(Key::CustomerConsentEnd)}
                                </button>
                                {share.map(|share| view! { <ShareBar share/> })}
                                <Follow saved status mode share/>
                            }
                        })
                        .into_any()
                }
            }}
            <p class="ra-claim__problem" role="alert">
                {move || problem.with(|p| p.as_ref().map(|p| i18n.msg(p)))}
            </p>
            {move || {
                (refused.get() && nav.is_some())
                    .then(|| {
                        view! {
                            <button type="button" class="ra-button ra-button--block" on:click=enter_again>
                                {i18n.tr(Key::CustomerConsentOtherPin)}
                            </button>
                        }
                    })
            }}
        </div>
    }
}
