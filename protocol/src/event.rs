//! Remote-assist events, stored in the chat as system messages and rendered
//! in each reader's own language.

use serde::{Deserialize, Serialize};

use crate::{DeviceInfo, Mode};

/// Who ended a session.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Party {
    Customer,
    Technician,
}

#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Event {
    /// Agent only.
    PinCreated {
        pin: String,
        expires_at_ms: i64,
    },
    /// Agent only.
    PinRevoked {
        pin: String,
    },
    /// Agent only.
    PinExpired {
        pin: String,
    },
    /// The customer consented on this device.
    Claimed {
        device: DeviceInfo,
    },
    /// The session waits for a technician.
    Waiting,
    /// A technician started it in this mode.
    Active {
        mode: Mode,
        technician: String,
    },
    Ended {
        by: Party,
    },
    TimedOut,
}

/// Who reads an event.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Audience {
    AgentOnly,
    Everyone,
}

impl Event {
    pub fn audience(&self) -> Audience {
        match self {
            Event::PinCreated { .. } | Event::PinRevoked { .. } | Event::PinExpired { .. } => {
                Audience::AgentOnly
            }
            _ => Audience::Everyone,
        }
    }

    /// English text (the Japanese catalogue renders the same event its own way).
    pub fn text_en(&self) -> String {
        match self {
            Event::PinCreated { pin, .. } => format!("PIN {pin} created."),
            Event::PinRevoked { pin } => format!("PIN {pin} revoked."),
            Event::PinExpired { pin } => format!("PIN {pin} expired."),
            Event::Claimed { device } => {
                format!(
                    "The customer accepted remote assistance on {}.",
                    device.label()
                )
            }
            Event::Waiting => "The session is waiting for a technician.".into(),
            Event::Active { mode, technician } => format!(
                "{technician} started the session: {}.",
                match mode {
                    Mode::Control => "remote control",
                    Mode::View => "view only",
                }
            ),
            Event::Ended {
                by: Party::Customer,
            } => "The customer ended the session.".into(),
            Event::Ended {
                by: Party::Technician,
            } => "The technician ended the session.".into(),
            Event::TimedOut => "The session timed out before a technician started it.".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn audiences() {
        assert_eq!(
            Event::PinRevoked { pin: "1".into() }.audience(),
            Audience::AgentOnly
        );
        assert_eq!(Event::Waiting.audience(), Audience::Everyone);
    }

    #[test]
    fn serialised_with_a_kind_tag() {
        let e = Event::Active {
            mode: Mode::Control,
            technician: "Ann".into(),
        };
        let json = serde_json::to_string(&e).unwrap();
        assert_eq!(
            json,
            r#"{"kind":"active","mode":"control","technician":"Ann"}"#
        );
        assert_eq!(serde_json::from_str::<Event>(&json).unwrap(), e);
        assert!(e.text_en().contains("remote control"));
    }
}
