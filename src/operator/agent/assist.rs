//! The Remote Assist Session dialog's data as plain values: the PIN and its
//! deadline on this browser's clock, what the session is doing, and which
//! session belongs to the PIN on screen.

use std::collections::HashMap;

use protocol::api::{PinIssued, SessionView};
use protocol::SessionStatus;

use crate::api::ApiError;

/// An issued PIN with its expiry moved onto the browser's clock (the
/// service says how long it has left, not when by our clock).
#[derive(Clone, PartialEq, Debug)]
pub struct PinTicket {
    pub issued: PinIssued,
    /// When it expires, in this browser's milliseconds.
    pub deadline_ms: i64,
}

impl PinTicket {
    pub fn new(issued: PinIssued, local_now_ms: i64) -> PinTicket {
        let left = (issued.expires_at_ms - issued.server_now_ms).max(0);
        PinTicket {
            deadline_ms: local_now_ms + left,
            issued,
        }
    }

    pub fn remaining_ms(&self, now_ms: i64) -> i64 {
        (self.deadline_ms - now_ms).max(0)
    }

    pub fn expired(&self, now_ms: i64) -> bool {
        now_ms >= self.deadline_ms
    }
}

/// The dialog's PIN, one per conversation.
#[derive(Clone, PartialEq, Debug, Default)]
pub enum PinState {
    /// None asked for yet.
    #[default]
    Idle,
    /// Asked for; `previous` is the PIN it replaces, if any.
    Loading {
        previous: Option<PinTicket>,
    },
    Ready(PinTicket),
    /// Refused or unreachable; `previous` still shows, marked replaced.
    Failed {
        error: ApiError,
        previous: Option<PinTicket>,
    },
}

impl PinState {
    /// The PIN on screen, if any.
    pub fn ticket(&self) -> Option<&PinTicket> {
        match self {
            PinState::Ready(t) => Some(t),
            PinState::Loading { previous } | PinState::Failed { previous, .. } => previous.as_ref(),
            PinState::Idle => None,
        }
    }

    /// Whether a fresh PIN is needed to open the dialog with.
    pub fn needs_new(&self, now_ms: i64) -> bool {
        match self {
            PinState::Idle | PinState::Failed { .. } => true,
            PinState::Ready(t) => t.expired(now_ms),
            PinState::Loading { .. } => false,
        }
    }
}

/// "1 2 3 4 5 6": how a screen reader should read a PIN.
pub fn spoken_pin(pin: &str) -> String {
    pin.chars()
        .filter(char::is_ascii_digit)
        .map(String::from)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The newest session of this conversation claimed since the PIN on screen
/// was issued (service clock), i.e. the one this PIN started.
pub fn session_for_pin<'a>(
    sessions: impl IntoIterator<Item = &'a SessionView>,
    conversation_id: &str,
    issued_at_server_ms: i64,
) -> Option<SessionView> {
    sessions
        .into_iter()
        .filter(|s| s.conversation_id == conversation_id && s.claimed_at_ms >= issued_at_server_ms)
        .max_by_key(|s| s.claimed_at_ms)
        .cloned()
}

/// The newest session of a conversation (for the chat toolbar).
pub fn latest_session(
    sessions: &HashMap<String, SessionView>,
    conversation_id: &str,
) -> Option<SessionView> {
    session_for_pin(sessions.values(), conversation_id, i64::MIN)
}

/// Where the session stands, for the stepper.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Stage {
    NotClaimed,
    Waiting,
    Active,
    Over,
}

/// The session's state in one sentence, and its stage.
pub fn session_line(session: Option<&SessionView>) -> (Stage, String) {
    let Some(s) = session else {
        return (
            Stage::NotClaimed,
            "Not claimed yet: the customer has not accepted on a link or at the manual-entry page."
                .into(),
        );
    };
    let device = s.device.label();
    match s.status {
        SessionStatus::Waiting => (
            Stage::Waiting,
            format!("Claimed on {device}. Waiting for a technician to start it."),
        ),
        SessionStatus::Active => {
            let mode = s.mode.map(|m| m.label()).unwrap_or("Started");
            let who = s
                .technician_name
                .as_deref()
                .map(|t| format!(" by {t}"))
                .unwrap_or_default();
            (Stage::Active, format!("Active on {device}: {mode}{who}."))
        }
        SessionStatus::Ended => (Stage::Over, format!("Ended (was on {device}).")),
        SessionStatus::TimedOut => (
            Stage::Over,
            "Timed out: no technician started it in time.".into(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use protocol::{DeviceClass, DeviceInfo, Mode, Os, Pin};

    fn issued(pin: &str, server_now: i64) -> PinIssued {
        PinIssued {
            pin: Pin::parse(pin).unwrap(),
            desktop_link: format!("https://d.example/?code={pin}"),
            mobile_link: format!("https://m.example/{pin}"),
            manual_url: "d.example".into(),
            expires_at_ms: server_now + 600_000,
            server_now_ms: server_now,
            recommended: DeviceClass::Mobile,
        }
    }

    fn session(id: &str, conv: &str, claimed: i64, status: SessionStatus) -> SessionView {
        SessionView {
            id: id.into(),
            conversation_id: conv.into(),
            status,
            mode: Some(Mode::View),
            device: DeviceInfo {
                class: DeviceClass::Mobile,
                os: Os::Ios,
            },
            browser_view: false,
            customer_name: "Kim".into(),
            agent_name: "Ann".into(),
            technician_id: Some(2),
            technician_name: Some("Tom".into()),
            claimed_at_ms: claimed,
            started_at_ms: None,
            ended_at_ms: None,
        }
    }

    #[test]
    fn deadline_follows_the_browser_clock() {
        // The server's clock is far off; only the time left matters.
        let t = PinTicket::new(issued("123456", 9_000_000), 1_000);
        assert_eq!(t.remaining_ms(1_000), 600_000);
        assert_eq!(t.remaining_ms(601_000), 0);
        assert!(!t.expired(600_999));
        assert!(t.expired(601_000));
        assert!(PinState::Ready(t.clone()).needs_new(601_000));
        assert!(!PinState::Ready(t).needs_new(2_000));
        assert!(PinState::Idle.needs_new(0));
    }

    #[test]
    fn pins_are_read_digit_by_digit() {
        assert_eq!(spoken_pin("123456"), "1 2 3 4 5 6");
        assert_eq!(spoken_pin("123 456"), "1 2 3 4 5 6");
    }

    #[test]
    fn the_session_of_the_pin_on_screen() {
        let all = [
            session("old", "c", 10, SessionStatus::Ended),
            session("new", "c", 50, SessionStatus::Waiting),
            session("other", "d", 60, SessionStatus::Waiting),
        ];
        assert_eq!(session_for_pin(&all, "c", 20).unwrap().id, "new");
        assert_eq!(session_for_pin(&all, "c", 51), None);
        let (stage, line) = session_line(Some(&all[1]));
        assert_eq!(stage, Stage::Waiting);
        assert!(line.contains("Mobile · iOS"));
        let mut active = all[1].clone();
        active.status = SessionStatus::Active;
        assert_eq!(
            session_line(Some(&active)).1,
            "Active on Mobile · iOS: View only by Tom."
        );
        assert_eq!(session_line(None).0, Stage::NotClaimed);
    }
}
