//! HTTP request and response bodies. Paths are listed in [`paths`].
//!
//! Customer calls authenticate with `Authorization: Bearer <token>`: the
//! conversation token for chat calls, the session token for session calls.
//! Operator calls use the session cookie set by sign-in.

use serde::{Deserialize, Serialize};

use crate::device::ClientHints;
use crate::event::Event;
use crate::{DeviceClass, DeviceInfo, Mode, Pin, SessionStatus};

/// The API's paths, shared so the app and the server cannot drift.
pub mod paths {
    pub const HEALTH: &str = "/healthz";
    pub const OPENAPI: &str = "/api/openapi.json";
    /// The WebSocket; technician consoles add `?client=console` (see `ws`).
    pub const WS: &str = "/ws";
    pub const LOGIN: &str = "/api/auth/login";
    pub const LOGOUT: &str = "/api/auth/logout";
    pub const ME: &str = "/api/auth/me";
    pub const PUBLIC_CONFIG: &str = "/api/public/config";
    /// POST: a customer starts a chat.
    pub const CUSTOMER_CONVERSATIONS: &str = "/api/customer/conversations";
    /// GET (`?after=SEQ`, at most 1000 messages a call; ask again after the
    /// last) and POST: the customer's own chat.
    pub const CUSTOMER_MESSAGES: &str = "/api/customer/messages";
    pub const PIN_CHECK: &str = "/api/pins/check";
    pub const PIN_CLAIM: &str = "/api/pins/claim";
    /// GET `?pin=NNNNNN`: SVG QR code of the mobile link.
    pub const PIN_QR: &str = "/api/pins/qr.svg";
    /// GET: the customer's session (session token); POST `/end` ends it.
    pub const CUSTOMER_SESSION: &str = "/api/customer/session";
    pub const CUSTOMER_SESSION_END: &str = "/api/customer/session/end";
    /// GET: operator conversation list.
    pub const CONVERSATIONS: &str = "/api/conversations";
    pub const SESSIONS: &str = "/api/sessions";
    pub const PRESENCE: &str = "/api/presence";
    /// GET: settings the agent desktop and console need ([`super::OperatorConfig`]).
    pub const OPERATOR_CONFIG: &str = "/api/operator/config";

    pub fn conversation_messages(id: &str) -> String {
        format!("/api/conversations/{id}/messages")
    }
    pub fn conversation_take(id: &str) -> String {
        format!("/api/conversations/{id}/take")
    }
    pub fn conversation_close(id: &str) -> String {
        format!("/api/conversations/{id}/close")
    }
    pub fn conversation_pins(id: &str) -> String {
        format!("/api/conversations/{id}/pins")
    }
    pub fn session_start(id: &str) -> String {
        format!("/api/sessions/{id}/start")
    }
    pub fn session_end(id: &str) -> String {
        format!("/api/sessions/{id}/end")
    }
}

/// Every error answer: a stable machine code and a sentence for people.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct ErrorBody {
    pub code: String,
    pub message: String,
    /// With 429: seconds to wait before trying again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after_secs: Option<u64>,
}

#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct LoginRequest {
    pub email: String,
    pub password: String,
}

#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct Operator {
    pub id: i64,
    pub email: String,
    pub name: String,
}

/// What customer pages need to know, none of it taken from the request.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize, Default)]
pub struct PublicConfig {
    pub org_name: String,
    pub windows_download_url: String,
    pub mac_download_url: String,
    pub app_store_url: String,
    pub play_store_url: String,
    /// Holds `{pin}`.
    pub app_link_template: String,
    pub mobile_link_base: String,
    pub ice_servers: Vec<String>,
}

#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize, Default)]
pub struct StartConversationRequest {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub hints: Option<ClientHints>,
}

#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct StartConversationResponse {
    pub conversation_id: String,
    /// The only key to this conversation: keep it.
    pub token: String,
}

/// Who wrote a message.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sender {
    Customer,
    Operator,
    System,
}

/// A stored chat message. `seq` numbers the conversation's messages from 1.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct Message {
    pub conversation_id: String,
    pub seq: i64,
    /// The sender's transaction id (system messages get one from the server).
    pub txn: String,
    pub sender: Sender,
    pub author: String,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<Event>,
    pub at_ms: i64,
}

#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct SendMessageRequest {
    /// Client transaction id: sending it again returns the stored message.
    pub txn: String,
    pub text: String,
}

/// Most messages a client may send in one conversation per minute, and the
/// longest message, are server settings; 8 KiB is the fixed ceiling.
pub const MAX_MESSAGE_BYTES: usize = 8 * 1024;

#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct ConversationSummary {
    pub id: String,
    pub customer_name: String,
    pub device: DeviceInfo,
    pub agent_id: Option<i64>,
    pub agent_name: Option<String>,
    pub last_message: Option<String>,
    pub last_seq: i64,
    pub closed: bool,
    pub created_at_ms: i64,
}

#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct PinIssued {
    pub pin: Pin,
    pub desktop_link: String,
    pub mobile_link: String,
    /// As people say it: `example.com`.
    pub manual_url: String,
    pub expires_at_ms: i64,
    pub server_now_ms: i64,
    /// The link matching the customer's recorded device.
    pub recommended: DeviceClass,
}

#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct PinCheckRequest {
    pub pin: String,
}

#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct PinCheckResponse {
    pub agent_name: String,
    pub org_name: String,
}

#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct ClaimRequest {
    pub pin: String,
    /// The class the browser detected (client hints, touch points).
    pub device_class: DeviceClass,
    #[serde(default)]
    pub user_agent: Option<String>,
    /// True when the customer shares the screen from the page (view only).
    #[serde(default)]
    pub browser_view: bool,
}

#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct ClaimResponse {
    pub session_id: String,
    /// Follows this session over the WebSocket and ends it.
    pub session_token: String,
    pub agent_name: String,
    pub org_name: String,
    pub device: DeviceInfo,
    pub status: SessionStatus,
}

#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct SessionView {
    pub id: String,
    pub conversation_id: String,
    pub status: SessionStatus,
    pub mode: Option<Mode>,
    pub device: DeviceInfo,
    pub browser_view: bool,
    pub customer_name: String,
    pub agent_name: String,
    pub technician_id: Option<i64>,
    pub technician_name: Option<String>,
    pub claimed_at_ms: i64,
    pub started_at_ms: Option<i64>,
    pub ended_at_ms: Option<i64>,
}

#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct StartSessionRequest {
    pub mode: Mode,
}

/// What the agent desktop and technician console need to know (operators only).
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize, Default)]
pub struct OperatorConfig {
    pub org_name: String,
    pub pin_ttl_secs: u64,
    pub waiting_timeout_secs: u64,
    /// The console marks a session that has been waiting this long.
    pub waiting_warn_secs: u64,
    pub desktop_link_base: String,
    pub mobile_link_base: String,
    /// The manual-entry URL as people say it (`example.com`).
    pub manual_url: String,
}

#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct Presence {
    pub technicians_online: u32,
}
