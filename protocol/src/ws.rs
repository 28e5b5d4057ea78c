//! WebSocket frames (JSON text), both directions.
//!
//! Operators are known by their cookie at the upgrade. A customer socket
//! sends [`ClientFrame::Auth`] first with its conversation token and/or
//! session token.

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
