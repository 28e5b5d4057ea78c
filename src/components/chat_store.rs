//! One conversation's chat as the page holds it, on top of the pure
//! [`ChatLog`]: optimistic sending with a transaction id, acknowledgements,
//! failures with retry, and catching up after a reconnect.
//!
//! The same store serves the customer (the socket's `Auth` implies the
//! conversation) and operators (the conversation id goes in every frame, and
//! one socket carries many conversations: each store takes only its own).
//!
//! ```ignore
//! let chat = ChatStore::customer();              // or ChatStore::operator(id)
//! let socket = use_socket(
//!     "",
//!     move |s| {
//!         s.send(&ClientFrame::Auth { conversation_token: Some(token.clone()), session_token: None });
//!         chat.on_open(s);                        // resend the unsent, Sync after last_seq
//!     },
//!     move |frame| { chat.handle_frame(&frame); }, // Message, Ack, Error{txn}
//! );
//! view! { <ChatPanel store=chat socket=socket/> }
//! ```

use std::collections::HashMap;
use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::*;
use protocol::api::{Message, Sender, MAX_MESSAGE_BYTES};
use protocol::chat::{ChatLog, Delivery, Pending};
use protocol::ws::{ClientFrame, ServerFrame};
use wasm_bindgen::JsCast;

use crate::browser;
use crate::i18n::Key;
use crate::socket::{ConnState, Socket};

/// How long a sent message may wait for the server's acknowledgement before
/// it is shown as failed.
pub const ACK_TIMEOUT: Duration = Duration::from_secs(10);

type SendFn = Rc<dyn Fn(&ClientFrame) -> bool>;

/// What the chat needs of a connection: whether it is up, and a way to send a
/// frame. Made from the app's [`Socket`] (`socket.into()`), or from anything
/// else with [`ChatLink::custom`] (tests, demos).
#[derive(Clone, Copy)]
pub enum ChatLink {
    Socket(Socket),
    Custom {
        state: Signal<ConnState>,
        send: StoredValue<SendFn, LocalStorage>,
    },
}

impl ChatLink {
    /// A link that hands frames to `send` (which answers whether it went out).
    pub fn custom(
        state: impl Into<Signal<ConnState>>,
        send: impl Fn(&ClientFrame) -> bool + 'static,
    ) -> ChatLink {
        let send: SendFn = Rc::new(send);
        ChatLink::Custom {
            state: state.into(),
            send: StoredValue::new_local(send),
        }
    }

    /// Sends a frame; false when it could not go out now.
    pub fn send(&self, frame: &ClientFrame) -> bool {
        match self {
            ChatLink::Socket(socket) => socket.send(frame),
            ChatLink::Custom { send, .. } => send
                .try_get_value()
                .map(|send| send(frame))
                .unwrap_or(false),
        }
    }

    /// The connection's state (reactive).
    pub fn state(&self) -> Signal<ConnState> {
        match self {
            ChatLink::Socket(socket) => socket.state.into(),
            ChatLink::Custom { state, .. } => *state,
        }
    }
}

impl From<Socket> for ChatLink {
    fn from(socket: Socket) -> ChatLink {
        ChatLink::Socket(socket)
    }
}

/// Why a message was not queued. The caller keeps the text.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum SendError {
    /// Nothing but spaces.
    Empty,
    /// Longer than the service accepts.
    TooLong,
}

impl SendError {
    /// What the composer says.
    pub fn key(self) -> Key {
        match self {
            SendError::Empty => Key::ChatEmpty,
            SendError::TooLong => Key::ChatTooLong,
        }
    }
}

/// What a failed message says, for the service's error code.
pub fn chat_error_key(code: &str) -> Key {
    match code {
        "rate_limited" => Key::ChatRateLimited,
        "no_answer" => Key::ChatNoAnswer,
        "message_too_long" => Key::ChatTooLong,
        other => crate::i18n::error_key(other),
    }
}

/// Whether the conversation's history is in.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum History {
    Loading,
    Ready,
    /// Why it could not be loaded (shown with a way to try again).
    Failed(Key),
}

/// One line of the message list.
#[derive(Clone, PartialEq, Debug)]
pub enum ChatRow {
    Stored(Message),
    /// Ours, not acknowledged yet; `error` says why it failed, when known.
    Pending {
        pending: Pending,
        error: Option<String>,
    },
}

impl ChatRow {
    /// A key that changes whenever the row must be drawn again.
    pub fn key(&self) -> String {
        match self {
            ChatRow::Stored(m) => format!("m{}", m.seq),
            ChatRow::Pending { pending, error } => format!(
                "p{}:{}:{}",
                pending.txn,
                match pending.status {
                    Delivery::Sending => "s",
                    Delivery::Failed => "f",
                },
                error.as_deref().unwrap_or("")
            ),
        }
    }
}

/// The rows to draw: stored messages in order, then ours still on the way.
pub fn chat_rows(log: &ChatLog, errors: &HashMap<String, String>) -> Vec<ChatRow> {
    log.messages
        .iter()
        .cloned()
        .map(ChatRow::Stored)
        .chain(log.outbox.iter().map(|p| ChatRow::Pending {
            pending: p.clone(),
            error: match p.status {
                Delivery::Failed => errors.get(&p.txn).cloned(),
                Delivery::Sending => None,
            },
        }))
        .collect()
}

/// Checks and tidies a message before it is queued.
pub fn prepare_text(text: &str) -> Result<String, SendError> {
    let text = text.trim();
    if text.is_empty() {
        Err(SendError::Empty)
    } else if text.len() > MAX_MESSAGE_BYTES {
        Err(SendError::TooLong)
    } else {
        Ok(text.to_string())
    }
}

/// One conversation's chat. `Copy`: hand it to any component.
#[derive(Clone, Copy)]
pub struct ChatStore {
    /// Stored messages and our outbox.
    pub log: RwSignal<ChatLog>,
    /// Why failed messages were refused, by txn.
    pub errors: RwSignal<HashMap<String, String>>,
    /// The composer's text for this conversation (never lost on failure).
    pub draft: RwSignal<String>,
    /// Whether the history is in.
    pub history: RwSignal<History>,
    conversation_id: StoredValue<Option<String>>,
    me: Sender,
    /// Bumped on every (re)send of a txn, so an old ack timer does not fail
    /// a newer attempt.
    attempts: StoredValue<HashMap<String, u32>>,
}

impl ChatStore {
    /// The customer's chat: the socket's `Auth` names the conversation.
    pub fn customer() -> ChatStore {
        ChatStore::new(Sender::Customer, None, History::Ready)
    }

    /// An operator's view of one conversation; its history is loading until
    /// [`ChatStore::load`] (or a message) arrives.
    pub fn operator(conversation_id: impl Into<String>) -> ChatStore {
        ChatStore::new(
            Sender::Operator,
            Some(conversation_id.into()),
            History::Loading,
        )
    }

    fn new(me: Sender, conversation_id: Option<String>, history: History) -> ChatStore {
        ChatStore {
            log: RwSignal::new(ChatLog::default()),
            errors: RwSignal::new(HashMap::new()),
            draft: RwSignal::new(String::new()),
            history: RwSignal::new(history),
            conversation_id: StoredValue::new(conversation_id),
            me,
            attempts: StoredValue::new(HashMap::new()),
        }
    }

    /// The conversation, for operators.
    pub fn conversation_id(&self) -> Option<String> {
        self.conversation_id.try_get_value().flatten()
    }

    /// Who "we" are: our messages are drawn on our side.
    pub fn me(&self) -> Sender {
        self.me
    }

    fn is_mine(&self, message: &Message) -> bool {
        match self.conversation_id() {
            Some(id) => message.conversation_id == id,
            None => true,
        }
    }

    /// Stores a message of this conversation (live, replayed or an ack's
    /// copy), once. Returns true when it was new.
    pub fn receive(&self, message: Message) -> bool {
        if !self.is_mine(&message) {
            return false;
        }
        let txn = message.txn.clone();
        let new = self
            .log
            .try_update(|log| log.receive(message))
            .unwrap_or(false);
        self.errors.try_update(|e| {
            e.remove(&txn);
        });
        if self.history.try_get_untracked() == Some(History::Loading) {
            self.history.try_set(History::Ready);
        }
        new
    }

    /// Takes in the history fetched over HTTP.
    pub fn load(&self, messages: Vec<Message>) {
        for m in messages {
            self.receive(m);
        }
        self.history.try_set(History::Ready);
    }

    /// The history could not be fetched.
    pub fn load_failed(&self, why: Key) {
        if self.history.try_get_untracked() != Some(History::Ready) {
            self.history.try_set(History::Failed(why));
        }
    }

    /// Takes the frames that concern this chat (Message, Ack, Error for one
    /// of our txns); returns whether it did.
    pub fn handle_frame(&self, frame: &ServerFrame) -> bool {
        match frame {
            ServerFrame::Message { message } | ServerFrame::Ack { message, .. } => {
                if !self.is_mine(message) {
                    return false;
                }
                self.receive(message.clone());
                true
            }
            ServerFrame::Error {
                txn: Some(txn),
                code,
                ..
            } => {
                let ours = self
                    .log
                    .try_with_untracked(|log| log.outbox.iter().any(|p| &p.txn == txn))
                    .unwrap_or(false);
                if ours {
                    self.fail(txn, Some(code.clone()));
                }
                ours
            }
            _ => false,
        }
    }

    /// Queues a message and sends it now if the socket is up (else on the
    /// next [`ChatStore::on_open`]). Shows at once as sending; returns its txn.
    pub fn send(&self, text: &str, socket: impl Into<ChatLink>) -> Result<String, SendError> {
        let text = prepare_text(text)?;
        let txn = browser::new_txn();
        self.log.update(|log| {
            log.push_pending(txn.clone(), text.clone());
        });
        self.transmit(&txn, text, socket.into());
        Ok(txn)
    }

    /// Sends a failed message again with the same txn (stored once).
    pub fn retry(&self, txn: &str, socket: impl Into<ChatLink>) {
        let Some(text) = self.log.try_update(|log| log.retry(txn)).flatten() else {
            return;
        };
        self.errors.update(|e| {
            e.remove(txn);
        });
        self.transmit(txn, text, socket.into());
    }

    /// Takes a failed message out of the list and gives its text back (to put
    /// in the composer and edit).
    pub fn take_back(&self, txn: &str) -> Option<String> {
        let text = self.log.try_update(|log| {
            let at = log.outbox.iter().position(|p| p.txn == txn)?;
            Some(log.outbox.remove(at).text)
        })??;
        self.errors.update(|e| {
            e.remove(txn);
        });
        Some(text)
    }

    /// Marks a message failed, with the service's reason when there is one
    /// (its error code, shown through the catalogue: `chat_error_key`).
    pub fn fail(&self, txn: &str, why: Option<String>) {
        self.log.try_update(|log| log.fail(txn));
        if let Some(why) = why {
            self.errors.try_update(|e| {
                e.insert(txn.to_string(), why);
            });
        }
    }

    /// The frame that asks for everything after the last message held.
    pub fn sync_frame(&self) -> ClientFrame {
        ClientFrame::Sync {
            conversation_id: self.conversation_id(),
            after_seq: self
                .log
                .try_with_untracked(|l| l.last_seq())
                .unwrap_or_default(),
        }
    }

    /// Call after every (re)connection (after `Auth` for customers): asks for
    /// what was missed and resends the unacknowledged, with the same txns.
    pub fn on_open(&self, socket: impl Into<ChatLink>) {
        let link = socket.into();
        link.send(&self.sync_frame());
        let unsent: Vec<(String, String)> = self
            .log
            .try_with_untracked(|log| {
                log.unsent()
                    .map(|p| (p.txn.clone(), p.text.clone()))
                    .collect()
            })
            .unwrap_or_default();
        for (txn, text) in unsent {
            self.transmit(&txn, text, link);
        }
    }

    /// Keeps our unsent messages in the browser's storage under `key`, and
    /// first takes back those an earlier page left there, so a reload, a
    /// crash or a closed tab loses nothing sent. They go out again with
    /// their own txns on the next [`ChatStore::on_open`] (the service stores
    /// a txn once, so one that did arrive is not stored twice).
    pub fn keep_outbox(self, key: String) -> ChatStore {
        let restored = browser::load(&key)
            .map(|saved| decode_outbox(&saved))
            .unwrap_or_default();
        if !restored.is_empty() {
            self.log.update(|log| {
                for (txn, text) in restored {
                    log.push_pending(txn, text);
                }
            });
        }
        // Storage is written only when the outbox changed, not on every
        // message received.
        let log = self.log;
        Effect::new(move |written: Option<Option<String>>| {
            let outbox = log.with(|l| encode_outbox(&l.outbox));
            if written.as_ref() != Some(&outbox) {
                match &outbox {
                    Some(json) => browser::save(&key, json),
                    None => browser::forget(&key),
                }
            }
            outbox
        });
        self
    }

    fn transmit(&self, txn: &str, text: String, link: ChatLink) {
        let frame = ClientFrame::Send {
            conversation_id: self.conversation_id(),
            txn: txn.to_string(),
            text,
        };
        if !link.send(&frame) {
            // Offline: it stays "sending" and goes out on the next on_open.
            return;
        }
        let attempt = self
            .attempts
            .try_update_value(|a| {
                let n = a.entry(txn.to_string()).or_insert(0);
                *n += 1;
                *n
            })
            .unwrap_or(0);
        let store = *self;
        let txn = txn.to_string();
        set_timeout(
            move || {
                let current = store
                    .attempts
                    .try_with_value(|a| a.get(&txn).copied())
                    .flatten();
                let still_sending = store
                    .log
                    .try_with_untracked(|log| {
                        log.outbox
                            .iter()
                            .any(|p| p.txn == txn && p.status == Delivery::Sending)
                    })
                    .unwrap_or(false);
                if current == Some(attempt) && still_sending {
                    store.fail(&txn, Some("no_answer".into()));
                }
            },
            ACK_TIMEOUT,
        );
    }
}

/// Where the customer's unsent messages of a conversation are kept.
pub fn outbox_key(conversation_id: &str) -> String {
    format!("ra.outbox.{conversation_id}")
}

/// Most messages an outbox keeps across a reload.
const OUTBOX_MAX: usize = 50;

/// The outbox as JSON `[txn, text, txn, text, …]`; `None` when empty.
fn encode_outbox(outbox: &[Pending]) -> Option<String> {
    if outbox.is_empty() {
        return None;
    }
    let list = js_sys::Array::new();
    for p in outbox.iter().take(OUTBOX_MAX) {
        list.push(&p.txn.as_str().into());
        list.push(&p.text.as_str().into());
    }
    js_sys::JSON::stringify(&list).ok().map(String::from)
}

/// What [`encode_outbox`] wrote; anything else (edited by hand, from an
/// older version) yields what can be read of it, never a panic.
fn decode_outbox(json: &str) -> Vec<(String, String)> {
    let Some(list) = js_sys::JSON::parse(json)
        .ok()
        .and_then(|v| v.dyn_into::<js_sys::Array>().ok())
    else {
        return Vec::new();
    };
    let strings: Vec<Option<String>> = list.iter().map(|v| v.as_string()).collect();
    strings
        .chunks_exact(2)
        .filter_map(|pair| match pair {
            [Some(txn), Some(text)] if !txn.is_empty() && prepare_text(text).is_ok() => {
                Some((txn.clone(), text.clone()))
            }
            _ => None,
        })
        .take(OUTBOX_MAX)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use protocol::chat::Pending;

    #[test]
    fn text_is_checked_and_trimmed() {
        assert_eq!(prepare_text("  hi \n"), Ok("hi".to_string()));
        assert_eq!(prepare_text(" \n "), Err(SendError::Empty));
        assert_eq!(
            prepare_text(&"x".repeat(MAX_MESSAGE_BYTES + 1)),
            Err(SendError::TooLong)
        );
    }

    #[test]
    fn rows_put_pending_last_and_keys_follow_status() {
        let mut log = ChatLog::default();
        log.outbox.push(Pending {
            txn: "t".into(),
            text: "a".into(),
            status: Delivery::Sending,
        });
        let mut errors = HashMap::new();
        let sending = chat_rows(&log, &errors);
        log.fail("t");
        errors.insert("t".to_string(), "nope".to_string());
        let failed = chat_rows(&log, &errors);
        assert_ne!(sending[0].key(), failed[0].key());
        assert!(matches!(
            &failed[0],
            ChatRow::Pending { error: Some(e), .. } if e == "nope"
        ));
    }
}
