//! The WebSocket at `/ws` (frames: `protocol::ws`).
//!
//! - The handshake's `Origin` is checked before the upgrade: a browser page
//!   from an origin not in the allowed list gets 403. A handshake without
//!   `Origin` is not from a browser page (browsers always send it on
//!   WebSocket handshakes); it is accepted, since such a client holds no
//!   ambient credentials a page could abuse: it must present a cookie or
//!   token itself.
//! - Operators are known by their sign-in cookie at the upgrade; a console
//!   connects with `?client=console` and then counts as a technician online.
//! - Customer sockets send `auth` first (within 10 s) with their
//!   conversation token and/or session token.
//! - `sync` replays the stored messages after `after_seq`, then the socket
//!   receives new ones live, in order, each once. `send` is answered with
//!   `ack` (the stored message, also for a resend) or `error`.
//! - `signal` relays WebRTC signalling between the customer holding a
//!   session's token and the technician who started it, nobody else.

use std::time::{Duration, Instant};

use axum::extract::ws::rejection::WebSocketUpgradeRejection;
use axum::extract::ws::{Message as WsMessage, Utf8Bytes, WebSocket, WebSocketUpgrade};
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use futures_util::{SinkExt, StreamExt};
use protocol::api::Operator;
use protocol::ws::{ClientFrame, ServerFrame};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::app::AppState;
use crate::auth::{chat_for_token, operator_from_headers, session_for_token, CustomerChat};
use crate::chat::{self, Author};
use crate::error::{ApiError, ApiQuery};
use crate::hub::{frame_text, Outbound, PeerKind};
use crate::openapi::schemas;
use crate::sessions;

const AUTH_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a browser view session outlives its customer's last socket:
/// a reload reconnects well within it; a closed tab ends the session.
const SHARE_GRACE: Duration = Duration::from_secs(8);
const PING_EVERY: Duration = Duration::from_secs(25);
const IDLE_LIMIT: Duration = Duration::from_secs(70);
const REPLAY_PAGE: u32 = 500;
/// Most queued frames written together (one flush).
const BATCH: usize = 64;

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct WsQuery {
    /// `console` for a technician console (counted by `/api/presence`).
    pub client: Option<String>,
}

/// The WebSocket handshake.
#[utoipa::path(get, path = "/ws", tag = "realtime",
    params(WsQuery),
    responses(
        (status = 101, description = "Switching to the WebSocket protocol"),
        (status = 403, description = "Origin not allowed", body = schemas::ErrorBody),
    ))]
pub async fn upgrade(
    State(app): State<AppState>,
    headers: HeaderMap,
    ApiQuery(query): ApiQuery<WsQuery>,
    ws: Result<WebSocketUpgrade, WebSocketUpgradeRejection>,
) -> Response {
    if let Some(origin) = headers.get(header::ORIGIN) {
        let allowed = origin.to_str().is_ok_and(|o| app.config.origin_allowed(o));
        if !allowed {
            tracing::warn!(?origin, "WebSocket origin refused");
            return ApiError::forbidden("This page's origin may not open the WebSocket.")
                .into_response();
        }
    }
    let ws = match ws {
        Ok(ws) => ws,
        Err(rejection) => {
            return ApiError::new(
                StatusCode::UPGRADE_REQUIRED,
                "websocket_required",
                format!(
                    "This address takes WebSocket connections: {}",
                    rejection.body_text()
                ),
            )
            .into_response()
        }
    };
    let operator = operator_from_headers(&app, &headers);
    let console = operator.is_some() && query.client.as_deref() == Some("console");
    ws.read_buffer_size(4 * 1024)
        .write_buffer_size(4 * 1024)
        .max_write_buffer_size(1024 * 1024)
        .max_message_size(64 * 1024)
        .max_frame_size(64 * 1024)
        .on_upgrade(move |socket| run(socket, app, operator, console))
}

struct Conn {
    app: AppState,
    peer: u64,
    operator: Option<Operator>,
    /// A customer socket after `auth`.
    chat: Option<CustomerChat>,
    session_id: Option<String>,
    authed: bool,
    /// Conversation id → last sequence number this socket has delivered
    /// (a customer socket has one; a list is smaller than a map).
    synced: Vec<(String, i64)>,
}

fn error(txn: Option<String>, code: &str, message: impl Into<String>) -> ServerFrame {
    ServerFrame::Error {
        txn,
        code: code.into(),
        message: message.into(),
    }
}

async fn run(socket: WebSocket, app: AppState, operator: Option<Operator>, console: bool) {
    let kind = match &operator {
        Some(op) => PeerKind::Operator { id: op.id, console },
        None => PeerKind::Customer {
            conversation_id: None,
            session_id: None,
        },
    };
    let (peer, mailbox) = app.hub.register(kind);
    let mut conn = Conn {
        app: app.clone(),
        peer,
        authed: operator.is_some(),
        operator,
        chat: None,
        session_id: None,
        synced: Vec::new(),
    };
    let (mut sink, mut stream) = socket.split();
    let mut shutdown = app.shutdown.clone();
    let mut first = Vec::new();
    if conn.operator.is_some() {
        first.push(frame_text(&ServerFrame::Ready));
        first.push(frame_text(&ServerFrame::Presence {
            presence: app.hub.presence(),
        }));
        if console {
            app.hub.broadcast_presence();
        }
    }
    // On the heap, and dropped once authenticated: every idle socket would
    // keep a timer otherwise.
    let mut auth_deadline = Some(Box::pin(tokio::time::sleep(AUTH_TIMEOUT)));
    let mut keepalive = tokio::time::interval(PING_EVERY);
    keepalive.tick().await;
    let mut last_heard = Instant::now();
    let mut out = first;
    let mut close = false;
    loop {
        if conn.authed {
            auth_deadline = None;
        }
        let mut sent_ok = true;
        for text in out.drain(..) {
            if sink.feed(WsMessage::Text(text)).await.is_err() {
                sent_ok = false;
                break;
            }
        }
        if !sent_ok || sink.flush().await.is_err() || close || *shutdown.borrow() {
            break;
        }
        tokio::select! {
            _ = shutdown.changed() => break,
            incoming = stream.next() => match incoming {
                Some(Ok(WsMessage::Text(text))) => {
                    last_heard = Instant::now();
                    let (frames, stop) = Box::pin(conn.handle(text.as_str())).await;
                    out.extend(frames.iter().map(frame_text));
                    close = stop;
                }
                Some(Ok(WsMessage::Binary(_))) => {
                    out.push(frame_text(&error(None, "bad_frame", "Frames are JSON text.")));
                }
                Some(Ok(WsMessage::Ping(_) | WsMessage::Pong(_))) => last_heard = Instant::now(),
                Some(Ok(WsMessage::Close(_))) | Some(Err(_)) | None => break,
            },
            queued = mailbox.recv() => match queued {
                Some(item) => {
                    conn.outbound(item, &mut out);
                    // What else is queued goes out in the same write.
                    while out.len() < BATCH {
                        let Some(item) = mailbox.try_recv() else { break };
                        conn.outbound(item, &mut out);
                    }
                }
                // The hub dropped this socket: it fell behind.
                None => break,
            },
            _ = keepalive.tick() => {
                if last_heard.elapsed() > IDLE_LIMIT {
                    break;
                }
                if sink.send(WsMessage::Ping(Default::default())).await.is_err() {
                    break;
                }
            }
            _ = async { auth_deadline.as_mut().expect("until authed").await },
                if auth_deadline.is_some() => {
                out.push(frame_text(&error(None, "auth_timeout", "Send an auth frame first.")));
                close = true;
            }
        }
    }
    app.hub.unregister(peer);
    if console {
        app.hub.broadcast_presence();
    }
    if let (None, Some(session)) = (&conn.operator, conn.session_id.take()) {
        let app = app.clone();
        tokio::spawn(async move {
            tokio::time::sleep(SHARE_GRACE).await;
            if !app.hub.has_session_customer(&session) {
                app.blocking(move |app| sessions::end_abandoned_share(app, &session))
                    .await;
            }
        });
    }
    let _ = tokio::time::timeout(Duration::from_secs(1), sink.close()).await;
}

impl Conn {
    fn is_operator(&self) -> bool {
        self.operator.is_some()
    }

    /// The last sequence number delivered of a conversation this socket
    /// follows.
    fn synced_mut(&mut self, id: &str) -> Option<&mut i64> {
        self.synced
            .iter_mut()
            .find(|(c, _)| c == id)
            .map(|(_, last)| last)
    }

    fn set_synced(&mut self, id: &str, seq: i64) {
        match self.synced_mut(id) {
            Some(last) => *last = seq,
            None => self.synced.push((id.to_string(), seq)),
        }
    }

    /// Handles one client frame: the frames to answer, and whether to close.
    async fn handle(&mut self, text: &str) -> (Vec<ServerFrame>, bool) {
        let frame: ClientFrame = match serde_json::from_str(text) {
            Ok(f) => f,
            Err(e) => {
                let msg = format!("This frame is not understood: {e}");
                return (vec![error(None, "bad_frame", msg)], false);
            }
        };
        match frame {
            ClientFrame::Ping => (vec![ServerFrame::Pong], false),
            ClientFrame::Auth {
                conversation_token,
                session_token,
            } => self.auth(conversation_token, session_token),
            _ if !self.authed => (
                vec![error(None, "unauthorized", "Send an auth frame first.")],
                false,
            ),
            ClientFrame::Sync {
                conversation_id,
                after_seq,
            } => (self.sync(conversation_id, after_seq), false),
            ClientFrame::Send {
                conversation_id,
                txn,
                text,
            } => {
                let answer = self.send(conversation_id, txn, text).await;
                // The sockets the message woke go first: they get it
                // before this one gets its answer written.
                tokio::task::yield_now().await;
                (vec![answer], false)
            }
            ClientFrame::Signal {
                session_id,
                payload,
            } => (self.signal(session_id, payload), false),
        }
    }

    fn auth(
        &mut self,
        conversation: Option<String>,
        session: Option<String>,
    ) -> (Vec<ServerFrame>, bool) {
        if self.is_operator() {
            return (vec![ServerFrame::Ready], false);
        }
        let chat = conversation
            .as_deref()
            .map(|t| chat_for_token(&self.app, t));
        let session = session.as_deref().map(|t| session_for_token(&self.app, t));
        let invalid = matches!(chat, Some(None)) || matches!(session, Some(None));
        if invalid || (chat.is_none() && session.is_none()) {
            let e = error(
                None,
                "unauthorized",
                "This chat or session is not available: its token is not valid.",
            );
            return (vec![e], true);
        }
        self.chat = chat.flatten();
        self.session_id = session.flatten().map(|s| s.session_id);
        self.authed = true;
        self.app.hub.set_kind(
            self.peer,
            PeerKind::Customer {
                conversation_id: self.chat.as_ref().map(|c| c.conversation_id.clone()),
                session_id: self.session_id.clone(),
            },
        );
        let mut frames = vec![ServerFrame::Ready];
        if let Some(id) = &self.session_id {
            if let Ok(Some(session)) = self.app.db.read(|c| sessions::view(c, id)) {
                frames.push(ServerFrame::Session { session });
            }
        }
        (frames, false)
    }

    /// The conversation a customer frame is about: their own. The error
    /// is a code and a message.
    fn own_conversation(
        &self,
        asked: Option<&str>,
    ) -> Result<String, (&'static str, &'static str)> {
        let Some(chat) = &self.chat else {
            return Err(("forbidden", "This socket has no conversation."));
        };
        match asked {
            Some(id) if id != chat.conversation_id => {
                Err(("forbidden", "This is not your conversation."))
            }
            _ => Ok(chat.conversation_id.clone()),
        }
    }

    fn sync(&mut self, conversation_id: Option<String>, after_seq: i64) -> Vec<ServerFrame> {
        let id = if self.is_operator() {
            let Some(id) = conversation_id else {
                return vec![error(None, "bad_frame", "Say which conversation to sync.")];
            };
            match self.app.db.read(|c| chat::conversation_exists(c, &id)) {
                Ok(true) => id,
                Ok(false) => {
                    return vec![error(
                        None,
                        "conversation_not_found",
                        "There is no such conversation.",
                    )]
                }
                Err(e) => return vec![error(None, "internal", ApiError::internal(e).message)],
            }
        } else {
            match self.own_conversation(conversation_id.as_deref()) {
                Ok(id) => id,
                Err((code, message)) => return vec![error(None, code, message)],
            }
        };
        // Following first: what is stored meanwhile comes queued (a
        // duplicate of the catch-up is skipped by its seq).
        self.app.hub.follow(self.peer, &id);
        self.set_synced(&id, after_seq.max(0));
        self.catch_up(&id)
    }

    /// Everything stored after what this socket has delivered.
    fn catch_up(&mut self, id: &str) -> Vec<ServerFrame> {
        let include_agent_only = self.is_operator();
        let mut frames = Vec::new();
        loop {
            let last = self.synced_mut(id).map_or(0, |last| *last);
            let page = self
                .app
                .db
                .read(|c| chat::messages_after(c, id, last, include_agent_only, REPLAY_PAGE));
            let page = match page {
                Ok(p) => p,
                Err(e) => {
                    frames.push(error(None, "internal", ApiError::internal(e).message));
                    return frames;
                }
            };
            let full = page.len() as u32 == REPLAY_PAGE;
            if let Some(m) = page.last() {
                self.set_synced(id, m.seq);
            }
            frames.extend(
                page.into_iter()
                    .map(|message| ServerFrame::Message { message }),
            );
            if !full {
                return frames;
            }
        }
    }

    async fn send(
        &mut self,
        conversation_id: Option<String>,
        txn: String,
        text: String,
    ) -> ServerFrame {
        let (id, author) = match &self.operator {
            Some(op) => match conversation_id {
                Some(id) => (
                    id,
                    Author::Operator {
                        id: op.id,
                        name: op.name.clone(),
                    },
                ),
                None => return error(Some(txn), "bad_frame", "Say which conversation to send to."),
            },
            None => match self.own_conversation(conversation_id.as_deref()) {
                Ok(id) => (
                    id,
                    Author::Customer {
                        name: self
                            .chat
                            .as_ref()
                            .map(|c| c.customer_name.clone())
                            .unwrap_or_default(),
                    },
                ),
                Err((code, message)) => return error(Some(txn), code, message),
            },
        };
        match chat::send(&self.app, &id, &author, &txn, &text).await {
            Ok(message) => ServerFrame::Ack { txn, message },
            Err(e) => error(Some(txn), e.code, e.message),
        }
    }

    /// Relays WebRTC signalling of an active browser view session between
    /// the customer holding its token and the technician who started it.
    /// The technician socket that signals last becomes the viewer (a
    /// reloaded console replaces the old one); the customer's frames go to
    /// that socket only.
    fn signal(&mut self, session_id: String, payload: serde_json::Value) -> Vec<ServerFrame> {
        let forbidden = || {
            vec![error(
                None,
                "forbidden",
                "You cannot signal for this session.",
            )]
        };
        let Ok(Some(view)) = self.app.db.read(|c| sessions::view(c, &session_id)) else {
            return forbidden();
        };
        if !view.browser_view || view.status != protocol::SessionStatus::Active {
            return forbidden();
        }
        let frame = ServerFrame::Signal {
            session_id: session_id.clone(),
            payload,
        };
        match &self.operator {
            Some(op) if view.technician_id == Some(op.id) => {
                self.app.hub.set_viewer(&session_id, self.peer);
                self.app.hub.to_session_customer(&session_id, &frame);
                Vec::new()
            }
            None if self.session_id.as_deref() == Some(session_id.as_str()) => {
                // Nobody is viewing yet: the viewer's hello asks again.
                self.app.hub.to_viewer(&session_id, &frame);
                Vec::new()
            }
            _ => forbidden(),
        }
    }

    /// A queued item from the hub, as frames for this socket.
    fn outbound(&mut self, item: Outbound, out: &mut Vec<Utf8Bytes>) {
        let relayed = match item {
            Outbound::Frame(text) => return out.push(text),
            Outbound::Message(relayed) => relayed,
        };
        if relayed.agent_only && !self.is_operator() {
            return;
        }
        let id = relayed.conversation_id.as_str();
        let Some(last) = self.synced_mut(id) else {
            return;
        };
        if relayed.seq <= *last {
            return;
        }
        if relayed.seq == *last + 1 {
            *last = relayed.seq;
            return out.push(relayed.text.clone());
        }
        // A gap: messages this socket has not seen are in the database.
        out.extend(self.catch_up(id).iter().map(frame_text));
    }
}
