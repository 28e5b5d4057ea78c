//! WebSocket frames (JSON text), both directions.
//!
//! Operators are known by their cookie at the upgrade. A customer socket
//! sends [`ClientFrame::Auth`] first (within 10 s) with its conversation
//! token and/or session token.
//!
//! - A technician console connects to `/ws?client=console`: operators with
//!   at least one such socket count as technicians online
//!   (`GET /api/presence`, [`ServerFrame::Presence`]). Other operator
//!   sockets (the agent desktop) connect to plain `/ws`.
//! - Handshakes whose `Origin` is not an allowed origin get 403 before the
//!   upgrade; handshakes without `Origin` (programs, not browser pages) are
//!   accepted and must authenticate like any other.
//! - Operator sockets get [`ServerFrame::Ready`] and the current
//!   [`ServerFrame::Presence`] at once, then every `session`, `conversation`
//!   and `presence` change; messages only of conversations they `sync`.
//! - Customer sockets get `session` frames for their conversation and for
//!   the session whose token they hold (the current state right after
//!   `auth`), and messages of their own conversation after `sync`
//!   (agent-only events never).
//! - After `sync`, messages arrive in `seq` order, each once per socket; a
//!   reconnecting client syncs after the last `seq` it holds.
//! - Error codes include `unauthorized`, `forbidden`, `bad_frame`,
//!   `message_too_long`, `rate_limited`, `conversation_closed`,
//!   `conversation_not_found`, `invalid_txn`, `empty_message`.

use serde::{Deserialize, Serialize};

use crate::api::{ConversationSummary, Message, Presence, SessionView};

#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ClientFrame {
    /// Customer sockets: the tokens they hold.
    Auth {
        #[serde(default)]
        conversation_token: Option<String>,
        #[serde(default)]
        session_token: Option<String>,
    },
    /// Follow a conversation's messages after `after_seq` (operators give the
    /// id; customers' sockets follow their own conversation).
    Sync {
        #[serde(default)]
        conversation_id: Option<String>,
        after_seq: i64,
    },
    /// Send a chat message; answered with [`ServerFrame::Ack`] or
    /// [`ServerFrame::Error`] carrying the same `txn`.
    Send {
        #[serde(default)]
        conversation_id: Option<String>,
        txn: String,
        text: String,
    },
    /// WebRTC signalling for a browser view session.
    Signal {
        session_id: String,
        payload: serde_json::Value,
    },
    Ping,
}

#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ServerFrame {
    /// The socket is ready (after the upgrade for operators, after Auth for
    /// customers).
    Ready,
    /// A message, new or replayed by Sync, in seq order per conversation.
    Message {
        message: Message,
    },
    /// The stored message for a Send.
    Ack {
        txn: String,
        message: Message,
    },
    Error {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        txn: Option<String>,
        code: String,
        message: String,
    },
    Session {
        session: SessionView,
    },
    Conversation {
        conversation: ConversationSummary,
    },
    Presence {
        presence: Presence,
    },
    Signal {
        session_id: String,
        payload: serde_json::Value,
    },
    Pong,
}
