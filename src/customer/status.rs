//! After the consent: the session's live status, announced to screen
//! readers, followed over the WebSocket with the session token.

use leptos::prelude::*;
use protocol::ws::{ClientFrame, ServerFrame};
use protocol::{Mode, SessionStatus};

use super::screen_share::ScreenShare;
use super::SavedSession;
use crate::i18n::{use_lang, Key};
use crate::socket::{use_socket_with, ConnState, CUSTOMER};

/// The status line and a sentence under it, for a session in this state.
/// `None` is the moment between the consent and the service's answer.
pub fn status_text(status: Option<SessionStatus>, mode: Option<Mode>) -> (Key, Option<Key>) {
    match (status, mode) {
        (None, _) => (Key::CustomerStatusPending, None),
        (Some(SessionStatus::Waiting), _) => (
            Key::CustomerStatusWaiting,
            Some(Key::CustomerStatusWaitingDetail),
        ),
        (Some(SessionStatus::Active), Some(Mode::Control)) => (
            Key::CustomerStatusControl,
            Some(Key::CustomerStatusControlDetail),
        ),
        (Some(SessionStatus::Active), Some(Mode::View)) => {
            (Key::CustomerStatusView, Some(Key::CustomerStatusViewDetail))
        }
        (Some(SessionStatus::Active), None) => (
            Key::CustomerStatusActive,
            Some(Key::CustomerStatusActiveDetail),
        ),
        (Some(SessionStatus::Ended), _) => (
            Key::CustomerStatusEnded,
            Some(Key::CustomerStatusEndedDetail),
        ),
        (Some(SessionStatus::TimedOut), _) => (
            Key::CustomerStatusTimedOut,
            Some(Key::CustomerStatusTimedOutDetail),
        ),
    }
}

/// The live status region. It is in the page from the start (empty before
/// the consent) so that screen readers announce every change.
#[component]
pub fn SessionStatusView(
    /// Whether the customer has consented (the region stays empty before).
    #[prop(into)]
    claimed: Signal<bool>,
    #[prop(into)] status: Signal<Option<SessionStatus>>,
    #[prop(into)] mode: Signal<Option<Mode>>,
) -> impl IntoView {
    let i18n = use_lang();
    let state = move || match status.get() {
        None => "pending",
        Some(SessionStatus::Waiting) => "waiting",
        Some(SessionStatus::Active) => "active",
        Some(SessionStatus::Ended) => "ended",
        Some(SessionStatus::TimedOut) => "timed-out",
    };
    view! {
        <div
            class="ra-status"
            class:ra-status--shown=move || claimed.get()
            data-state=state
            role="status"
            aria-live="polite"
            aria-atomic="true"
        >
            {move || {
                claimed
                    .get()
                    .then(|| {
                        let (headline, detail) = status_text(status.get(), mode.get());
                        view! {
                            <p class="ra-status__headline">{i18n.t(headline)}</p>
                            <p class="ra-status__detail">{detail.map(|d| i18n.t(d))}</p>
                        }
                    })
            }}
        </div>
    }
}

/// Follows the session over the WebSocket while it is mounted: sends the
/// session token first; the service answers with the session's current
/// state after every (re)connection, so nothing missed while offline is
/// lost. Forgets the stored session once it is over.
#[component]
pub fn Follow(
    saved: SavedSession,
    status: RwSignal<Option<SessionStatus>>,
    mode: RwSignal<Option<Mode>>,
    /// A browser view session's share: signalling goes over this socket.
    #[prop(default = None)]
    share: Option<ScreenShare>,
) -> impl IntoView {
    let i18n = use_lang();
    let token = saved.token.clone();
    let session_id = saved.session_id.clone();
    let set = move |s: SessionStatus, m: Option<Mode>| {
        if s.is_over() {
            saved.forget();
        }
        status.set(Some(s));
        mode.set(m);
        if let Some(share) = share {
            share.set_status(s);
        }
    };
    let attach_id = session_id.clone();
    let socket = use_socket_with(
        CUSTOMER,
        "",
        move |socket| {
            if let Some(share) = share {
                share.attach(socket, &attach_id);
            }
            socket.send(&ClientFrame::Auth {
                conversation_token: None,
                session_token: Some(token.clone()),
            });
        },
        move |frame| match frame {
            ServerFrame::Session { session } if session.id == session_id => {
                if let Some(share) = share {
                    share.browser_view.set(session.browser_view);
                }
                set(session.status, session.mode)
            }
            // The token is no longer valid: the session is over.
            ServerFrame::Error {
                txn: None, code, ..
            } if code == "unauthorized" => set(SessionStatus::Ended, None),
            _ => {}
        },
    );
    move || {
        (socket.state.get() == ConnState::Offline).then(|| {
            view! {
                <p class="ra-status__connection">{i18n.tr(Key::CustomerStatusReconnecting)}</p>
            }
        })
    }
}
