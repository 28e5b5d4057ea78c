//! The session this browser follows after the customer's consent, kept in
//! `localStorage` so that a reload (or the link opened again) keeps
//! following it. Forgotten once the session is over. Stored as lines
//! rather than JSON: it keeps serde's derive code out of the bundle.

use protocol::api::ClaimResponse;
use protocol::Pin;

use crate::browser;

const KEY: &str = "ra.customer.session";

#[derive(Clone, PartialEq, Eq, Debug)]
pub struct SavedSession {
    /// The PIN that was claimed (six digits).
    pub pin: String,
    pub session_id: String,
    /// The bearer for `/api/customer/session` and the WebSocket.
    pub token: String,
    pub agent_name: String,
    pub org_name: String,
}

impl SavedSession {
    pub fn from_claim(pin: Pin, claim: &ClaimResponse) -> SavedSession {
        SavedSession {
            pin: pin.as_str().to_string(),
            session_id: claim.session_id.clone(),
            token: claim.session_token.clone(),
            agent_name: claim.agent_name.clone(),
            org_name: claim.org_name.clone(),
        }
    }

    pub fn pin(&self) -> Option<Pin> {
        Pin::parse(&self.pin).ok()
    }

    pub fn load() -> Option<SavedSession> {
        let [pin, session_id, token, agent_name, org_name] = split_lines(&browser::load(KEY)?)?;
        Some(SavedSession {
            pin,
            session_id,
            token,
            agent_name,
            org_name,
        })
    }

    pub fn save(&self) {
        let fields = [
            &self.pin,
            &self.session_id,
            &self.token,
            &self.agent_name,
            &self.org_name,
        ];
        browser::save(KEY, &join_lines(&fields));
    }

    /// Forgets the stored session (only if it is this one).
    pub fn forget(&self) {
        if SavedSession::load().is_some_and(|s| s.session_id == self.session_id) {
            browser::forget(KEY);
        }
    }
}

/// Fields one a line (no serde: every byte of the customer bundle counts).
/// Line breaks inside a field become spaces.
pub(crate) fn join_lines(fields: &[&String]) -> String {
    fields
        .iter()
        .map(|f| f.replace(['\n', '\r'], " "))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The `N` fields written by [`join_lines`], or `None` if it is not that.
pub(crate) fn split_lines<const N: usize>(text: &str) -> Option<[String; N]> {
    let fields: Vec<String> = text.split('\n').map(str::to_string).collect();
    fields.try_into().ok()
}
