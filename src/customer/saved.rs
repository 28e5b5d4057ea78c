//! The session this browser follows after the customer's consent, kept in
//! `localStorage` so that a reload (or the link opened again) keeps
//! following it. Forgotten once the session is over.

use protocol::api::ClaimResponse;
use protocol::Pin;
use serde::{Deserialize, Serialize};

use crate::browser;

const KEY: &str = "ra.customer.session";

#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
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
        let text = browser::load(KEY)?;
        serde_json::from_str(&text).ok()
    }

    pub fn save(&self) {
        if let Ok(text) = serde_json::to_string(self) {
            browser::save(KEY, &text);
        }
    }

    /// Forgets the stored session (only if it is this one).
    pub fn forget(&self) {
        if SavedSession::load().is_some_and(|s| s.session_id == self.session_id) {
            browser::forget(KEY);
        }
    }
}
