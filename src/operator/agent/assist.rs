//! The Remote Assist Session dialog's data as plain values: the PIN and its
//! deadline on this browser's clock, what the session is doing, and which
//! session belongs to the PIN on screen.

use std::collections::HashMap;

use protocol::api::{PinIssued, SessionView};
use protocol::{DeviceClass, DeviceInfo, Mode, Os, SessionStatus};

use crate::operator::i18n::{td_string, Locale};

use crate::api::ApiError;
use crate::i18n::{text, Lang};

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

/// An error in the reader's language: in English the service's own words,
/// in Japanese the catalogue's for its code.
pub fn error_words(lang: Lang, error: &ApiError) -> String {
    match lang {
        Lang::En => error.to_string(),
        Lang::Ja => text(lang, error.key()).to_string(),
    }
}

/// A device in the reader's language: `Mobile · iOS`, `モバイル · iOS`.
pub fn device_label(locale: Locale, device: DeviceInfo) -> String {
    let class = match device.class {
        DeviceClass::Desktop => td_string!(locale, agent.desktop).to_string(),
        DeviceClass::Mobile => td_string!(locale, agent.mobile).to_string(),
    };
    let os = match device.os {
        Os::Other => td_string!(locale, agent.other_os).to_string(),
        os => os.label().to_string(),
    };
    format!("{class} · {os}")
}

/// A session's status in the reader's language.
pub fn status_label(locale: Locale, status: SessionStatus) -> String {
    match status {
        SessionStatus::Waiting => td_string!(locale, agent.status_waiting).to_string(),
        SessionStatus::Active => td_string!(locale, agent.status_active).to_string(),
        SessionStatus::Ended => td_string!(locale, agent.status_ended).to_string(),
        SessionStatus::TimedOut => td_string!(locale, agent.status_timed_out).to_string(),
    }
}

/// A session's mode in the reader's language.
pub fn mode_label(locale: Locale, mode: Mode) -> String {
    match mode {
        Mode::Control => td_string!(locale, agent.mode_control).to_string(),
        Mode::View => td_string!(locale, agent.mode_view).to_string(),
    }
}

/// The session's state in one sentence, in the reader's language, and its
/// stage.
pub fn session_line(locale: Locale, session: Option<&SessionView>) -> (Stage, String) {
    let Some(s) = session else {
        return (
            Stage::NotClaimed,
            td_string!(locale, agent.line_not_claimed).to_string(),
        );
    };
    let device = device_label(locale, s.device);
    match s.status {
        SessionStatus::Waiting => (
            Stage::Waiting,
            td_string!(locale, agent.line_waiting, device = device).to_string(),
        ),
        SessionStatus::Active => {
            let mode = s
                .mode
                .map(|m| mode_label(locale, m))
                .unwrap_or_else(|| td_string!(locale, agent.mode_started).to_string());
            let line = match s.technician_name.as_deref() {
                Some(technician) => td_string!(
                    locale,
                    agent.line_active_by,
                    device = device,
                    mode = mode,
                    technician = technician
                )
                .to_string(),
                None => {
                    td_string!(locale, agent.line_active, device = device, mode = mode).to_string()
                }
            };
            (Stage::Active, line)
        }
        SessionStatus::Ended => (
            Stage::Over,
            td_string!(locale, agent.line_ended, device = device).to_string(),
        ),
        SessionStatus::TimedOut => (
            Stage::Over,
            td_string!(locale, agent.line_timed_out).to_string(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use protocol::Pin;

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
        let (stage, line) = session_line(Locale::en, Some(&all[1]));
        assert_eq!(stage, Stage::Waiting);
        assert!(line.contains("Mobile · iOS"));
        let mut active = all[1].clone();
        active.status = SessionStatus::Active;
        assert_eq!(
            session_line(Locale::en, Some(&active)).1,
            "Active on Mobile · iOS: View only by Tom."
        );
        assert_eq!(
            session_line(Locale::ja, Some(&active)).1,
            "モバイル · iOSでセッション中: 表示のみ（Tom）。"
        );
        assert_eq!(session_line(Locale::en, None).0, Stage::NotClaimed);
    }
}
