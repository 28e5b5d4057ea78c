//! The remote-assist session's state machine.

use serde::{Deserialize, Serialize};

use crate::DeviceClass;

/// How the technician works on the customer's device.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// Remote control: see and control the screen.
    Control,
    /// View only: see the screen.
    View,
}

impl Mode {
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Control => "control",
            Mode::View => "view",
        }
    }

    pub fn from_str_opt(s: &str) -> Option<Mode> {
        match s {
            "control" => Some(Mode::Control),
            "view" => Some(Mode::View),
            _ => None,
        }
    }

    /// "Remote control" / "View only", the names the console's buttons keep.
    pub fn label(self) -> &'static str {
        match self {
            Mode::Control => "Remote control",
            Mode::View => "View only",
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SessionStatus {
    Waiting,
    Active,
    Ended,
    TimedOut,
}

impl SessionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            SessionStatus::Waiting => "waiting",
            SessionStatus::Active => "active",
            SessionStatus::Ended => "ended",
            SessionStatus::TimedOut => "timed_out",
        }
    }

    pub fn from_str_lossy(s: &str) -> SessionStatus {
        match s {
            "waiting" => SessionStatus::Waiting,
            "active" => SessionStatus::Active,
            "timed_out" => SessionStatus::TimedOut,
            _ => SessionStatus::Ended,
        }
    }

    /// The status text the console shows: **Waiting**, **Active**, **Ended**,
    /// **Timed out**.
    pub fn label(self) -> &'static str {
        match self {
            SessionStatus::Waiting => "Waiting",
            SessionStatus::Active => "Active",
            SessionStatus::Ended => "Ended",
            SessionStatus::TimedOut => "Timed out",
        }
    }

    pub fn is_over(self) -> bool {
        matches!(self, SessionStatus::Ended | SessionStatus::TimedOut)
    }
}

/// Why a transition is refused.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TransitionError {
    /// Someone else started it first, or it is no longer waiting.
    NotWaiting,
    /// Phones and tablets allow view only.
    ControlNotAllowed,
    /// It has ended already.
    AlreadyOver,
}

impl std::fmt::Display for TransitionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            TransitionError::NotWaiting => {
                "This session is no longer waiting: another technician may have started it."
            }
            TransitionError::ControlNotAllowed => "Phones and tablets allow view only.",
            TransitionError::AlreadyOver => "This session has already ended.",
        })
    }
}

/// Whether a technician may start a waiting session on this device in this
/// mode. `browser_view` sessions (screen shared from the page) are view only.
pub fn can_start(
    status: SessionStatus,
    device: DeviceClass,
    browser_view: bool,
    mode: Mode,
) -> Result<(), TransitionError> {
    if status != SessionStatus::Waiting {
        return Err(if status.is_over() {
            TransitionError::AlreadyOver
        } else {
            TransitionError::NotWaiting
        });
    }
    if mode == Mode::Control && (device == DeviceClass::Mobile || browser_view) {
        return Err(TransitionError::ControlNotAllowed);
    }
    Ok(())
}

/// Either side may end a waiting or active session.
pub fn can_end(status: SessionStatus) -> Result<(), TransitionError> {
    if status.is_over() {
        Err(TransitionError::AlreadyOver)
    } else {
        Ok(())
    }
}

/// Only a waiting session times out.
pub fn can_time_out(status: SessionStatus) -> bool {
    status == SessionStatus::Waiting
}

#[cfg(test)]
mod tests {
    use super::*;
    use DeviceClass::*;
    use SessionStatus::*;

    #[test]
    fn start_rules() {
        assert_eq!(can_start(Waiting, Desktop, false, Mode::Control), Ok(()));
        assert_eq!(can_start(Waiting, Mobile, false, Mode::View), Ok(()));
        assert_eq!(
            can_start(Waiting, Mobile, false, Mode::Control),
            Err(TransitionError::ControlNotAllowed)
        );
        assert_eq!(
            can_start(Waiting, Desktop, true, Mode::Control),
            Err(TransitionError::ControlNotAllowed)
        );
        assert_eq!(
            can_start(Active, Desktop, false, Mode::View),
            Err(TransitionError::NotWaiting)
        );
        assert_eq!(
            can_start(Ended, Desktop, false, Mode::View),
            Err(TransitionError::AlreadyOver)
        );
    }

    #[test]
    fn end_and_timeout_rules() {
        assert!(can_end(Waiting).is_ok());
        assert!(can_end(Active).is_ok());
        assert!(can_end(Ended).is_err());
        assert!(can_end(TimedOut).is_err());
        assert!(can_time_out(Waiting));
        assert!(!can_time_out(Active));
    }

    #[test]
    fn strings_round_trip() {
        for s in [Waiting, Active, Ended, TimedOut] {
            assert_eq!(SessionStatus::from_str_lossy(s.as_str()), s);
        }
        for m in [Mode::Control, Mode::View] {
            assert_eq!(Mode::from_str_opt(m.as_str()), Some(m));
        }
        assert_eq!(TimedOut.label(), "Timed out");
    }
}
