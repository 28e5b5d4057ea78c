//! Who is connected over the WebSocket, and fan-out to them.
//!
//! Every socket task registers here and reads its own small bounded queue
//! (a [`Mailbox`]). A socket that falls behind (queue full) is dropped from
//! the hub, which closes it; its client reconnects and syncs from the last
//! message it holds, so nothing is lost. Messages go only to the sockets
//! that follow their conversation (they have synced it).

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use axum::extract::ws::Utf8Bytes;
use protocol::api::{Message, Presence, SessionView};
use protocol::ws::ServerFrame;
use tokio::sync::Notify;

use crate::mailbox::Mailbox;

/// Frames queued for a customer socket before it counts as fallen behind.
const QUEUE: usize = 512;
/// The same for an operator socket, which gets every conversation's news.
/// (A queue takes memory only for what is in it.)
const OPERATOR_QUEUE: usize = 4096;

/// What a socket task receives.
#[derive(Debug)]
pub enum Outbound {
    /// A serialised frame to pass on as it is.
    Frame(Utf8Bytes),
    /// A stored message; the socket decides whether its client follows
    /// that conversation and what it has seen already.
    Message(Arc<Relayed>),
}

/// A stored message as every socket sends it: serialised once.
#[derive(Debug)]
pub struct Relayed {
    pub conversation_id: String,
    pub seq: i64,
    pub agent_only: bool,
    /// The `message` frame.
    pub text: Utf8Bytes,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PeerKind {
    Operator {
        id: i64,
        console: bool,
    },
    Customer {
        conversation_id: Option<String>,
        session_id: Option<String>,
    },
}

struct Peer {
    kind: PeerKind,
    mailbox: Arc<Mailbox<Outbound>>,
    /// The conversations this socket follows.
    follows: Vec<String>,
}

#[derive(Default)]
struct Peers {
    all: HashMap<u64, Peer>,
    /// Conversation id → the sockets that follow it.
    followers: HashMap<String, Vec<u64>>,
    /// Browser view session id → the technician socket that views it (the
    /// last one of the starting technician to signal: a reloaded console
    /// replaces the old socket).
    viewers: HashMap<String, u64>,
}

#[derive(Default)]
pub struct Hub {
    peers: Mutex<Peers>,
    next_id: AtomicU64,
    /// Operator sockets among the peers (changed with the peers' lock held).
    operators: AtomicUsize,
    /// Conversations whose summary operators are due (see `summary_due`).
    due: Mutex<HashSet<String>>,
    due_added: Notify,
}

fn is_operator(kind: &PeerKind) -> bool {
    matches!(kind, PeerKind::Operator { .. })
}

pub fn frame_text(frame: &ServerFrame) -> Utf8Bytes {
    // Serialising these types cannot fail: no maps with non-string keys.
    Utf8Bytes::from(serde_json::to_string(frame).unwrap_or_default())
}

impl Hub {
    fn peers(&self) -> MutexGuard<'_, Peers> {
        self.peers.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn register(&self, kind: PeerKind) -> (u64, Arc<Mailbox<Outbound>>) {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let queue = if is_operator(&kind) {
            OPERATOR_QUEUE
        } else {
            QUEUE
        };
        let mailbox = Arc::new(Mailbox::new(queue));
        let mut peers = self.peers();
        if is_operator(&kind) {
            self.operators.fetch_add(1, Ordering::Relaxed);
        }
        let follows = Vec::new();
        let peer = Peer {
            kind,
            mailbox: mailbox.clone(),
            follows,
        };
        peers.all.insert(id, peer);
        (id, mailbox)
    }

    /// Whether any operator socket is connected.
    pub fn has_operators(&self) -> bool {
        self.operators.load(Ordering::Relaxed) > 0
    }

    fn remove(&self, peers: &mut Peers, id: u64) {
        let Some(peer) = peers.all.remove(&id) else {
            return;
        };
        // Its socket sends what is queued, then ends.
        peer.mailbox.close();
        if is_operator(&peer.kind) {
            self.operators.fetch_sub(1, Ordering::Relaxed);
            // Only if still the viewer: a late close of a replaced socket
            // changes nothing.
            peers.viewers.retain(|_, viewer| *viewer != id);
        }
        for conversation in peer.follows {
            if let Some(ids) = peers.followers.get_mut(&conversation) {
                ids.retain(|i| *i != id);
                if ids.is_empty() {
                    peers.followers.remove(&conversation);
                }
            }
        }
    }

    /// The socket receives the conversation's new messages from now on.
    pub fn follow(&self, id: u64, conversation_id: &str) {
        let mut guard = self.peers();
        let peers = &mut *guard;
        let Some(peer) = peers.all.get_mut(&id) else {
            return;
        };
        if peer.follows.iter().any(|c| c == conversation_id) {
            return;
        }
        peer.follows.push(conversation_id.to_string());
        peers
            .followers
            .entry(conversation_id.to_string())
            .or_default()
            .push(id);
    }

    /// A customer socket told us which tokens it holds.
    pub fn set_kind(&self, id: u64, kind: PeerKind) {
        let mut peers = self.peers();
        if let Some(peer) = peers.all.get_mut(&id) {
            if is_operator(&peer.kind) != is_operator(&kind) {
                if is_operator(&kind) {
                    self.operators.fetch_add(1, Ordering::Relaxed);
                } else {
                    self.operators.fetch_sub(1, Ordering::Relaxed);
                }
            }
            peer.kind = kind;
        }
    }

    pub fn unregister(&self, id: u64) {
        let mut peers = self.peers();
        self.remove(&mut peers, id);
    }

    /// Sends to every peer `to` selects; drops peers that cannot keep up.
    fn send_where(&self, to: impl Fn(&PeerKind) -> bool, make: impl Fn() -> Outbound) {
        let mut peers = self.peers();
        let mut dropped = Vec::new();
        for (id, peer) in peers.all.iter() {
            if to(&peer.kind) && !peer.mailbox.push(make()) {
                dropped.push(*id);
            }
        }
        self.drop_behind(&mut peers, dropped);
    }

    fn drop_behind(&self, peers: &mut Peers, dropped: Vec<u64>) {
        for id in dropped {
            tracing::info!(peer = id, "socket fell behind; closing it");
            self.remove(peers, id);
        }
    }

    pub fn to_operators(&self, frame: &ServerFrame) {
        if self.has_operators() {
            self.push_to_operators(&[frame_text(frame)]);
        }
    }

    /// Several frames to every operator, in order: each serialised once,
    /// the peers gone through once.
    pub fn to_operators_all(&self, frames: impl IntoIterator<Item = ServerFrame>) {
        if self.has_operators() {
            let texts: Vec<Utf8Bytes> = frames.into_iter().map(|f| frame_text(&f)).collect();
            self.push_to_operators(&texts);
        }
    }

    fn push_to_operators(&self, texts: &[Utf8Bytes]) {
        let mut peers = self.peers();
        let mut dropped = Vec::new();
        for (id, peer) in peers.all.iter() {
            if !is_operator(&peer.kind) {
                continue;
            }
            if !texts
                .iter()
                .all(|t| peer.mailbox.push(Outbound::Frame(t.clone())))
            {
                dropped.push(*id);
            }
        }
        self.drop_behind(&mut peers, dropped);
    }

    pub fn to_operator(&self, operator_id: i64, frame: &ServerFrame) {
        let text = frame_text(frame);
        self.send_where(
            |k| matches!(k, PeerKind::Operator { id, .. } if *id == operator_id),
            || Outbound::Frame(text.clone()),
        );
    }

    /// This socket views the browser view session from now on (replacing
    /// any other socket).
    pub fn set_viewer(&self, session: &str, peer: u64) {
        self.peers().viewers.insert(session.to_string(), peer);
    }

    /// Sends to the socket viewing this session; false when there is none.
    pub fn to_viewer(&self, session: &str, frame: &ServerFrame) -> bool {
        let mut peers = self.peers();
        let Some(&id) = peers.viewers.get(session) else {
            return false;
        };
        let Some(peer) = peers.all.get(&id) else {
            return false;
        };
        if !peer.mailbox.push(Outbound::Frame(frame_text(frame))) {
            self.drop_behind(&mut peers, vec![id]);
            return false;
        }
        true
    }

    /// Whether a customer socket holding this session's token is connected.
    pub fn has_session_customer(&self, session: &str) -> bool {
        self.peers().all.values().any(
            |p| matches!(&p.kind, PeerKind::Customer { session_id: Some(s), .. } if s == session),
        )
    }

    /// Customer sockets that hold this session's token.
    pub fn to_session_customer(&self, session: &str, frame: &ServerFrame) {
        let text = frame_text(frame);
        self.send_where(
            |k| matches!(k, PeerKind::Customer { session_id: Some(s), .. } if s == session),
            || Outbound::Frame(text.clone()),
        );
    }

    /// A session changed: every operator, and the customer sockets of its
    /// conversation or holding its token.
    pub fn session_changed(&self, view: &SessionView) {
        let text = frame_text(&ServerFrame::Session {
            session: view.clone(),
        });
        self.send_where(
            |k| match k {
                PeerKind::Operator { .. } => true,
                PeerKind::Customer {
                    conversation_id,
                    session_id,
                } => {
                    conversation_id.as_deref() == Some(view.conversation_id.as_str())
                        || session_id.as_deref() == Some(view.id.as_str())
                }
            },
            || Outbound::Frame(text.clone()),
        );
    }

    /// A message was stored: the sockets that follow its conversation
    /// (customers' only unless it is agent-only).
    pub fn message(&self, message: &Message, agent_only: bool) {
        let mut guard = self.peers();
        let peers = &mut *guard;
        let Some(followers) = peers.followers.get(&message.conversation_id) else {
            return;
        };
        let relayed = Arc::new(Relayed {
            conversation_id: message.conversation_id.clone(),
            seq: message.seq,
            agent_only,
            text: frame_text(&ServerFrame::Message {
                message: message.clone(),
            }),
        });
        let mut dropped = Vec::new();
        for id in followers {
            let Some(peer) = peers.all.get(id) else {
                continue;
            };
            if agent_only && !is_operator(&peer.kind) {
                continue;
            }
            if !peer.mailbox.push(Outbound::Message(relayed.clone())) {
                dropped.push(*id);
            }
        }
        self.drop_behind(peers, dropped);
    }

    /// A conversation changed: operators get its summary soon, together
    /// with the others that change meanwhile, once each
    /// (`app::spawn_summaries`). A busy chat then costs them one frame per
    /// interval, not one per message.
    pub fn summary_due(&self, conversation_id: &str) {
        if !self.has_operators() {
            return;
        }
        let mut due = self.due.lock().unwrap_or_else(|p| p.into_inner());
        if due.insert(conversation_id.to_string()) && due.len() == 1 {
            self.due_added.notify_one();
        }
    }

    /// Waits until a summary is due, then takes the list.
    pub async fn summaries_due(&self, gather: std::time::Duration) -> HashSet<String> {
        self.due_added.notified().await;
        tokio::time::sleep(gather).await;
        std::mem::take(&mut *self.due.lock().unwrap_or_else(|p| p.into_inner()))
    }

    /// Technicians online: operators with at least one console socket.
    pub fn presence(&self) -> Presence {
        let peers = self.peers();
        let mut ids: Vec<i64> = peers
            .all
            .values()
            .filter_map(|p| match p.kind {
                PeerKind::Operator { id, console: true } => Some(id),
                _ => None,
            })
            .collect();
        ids.sort_unstable();
        ids.dedup();
        Presence {
            technicians_online: ids.len() as u32,
        }
    }

    pub fn broadcast_presence(&self) {
        self.to_operators(&ServerFrame::Presence {
            presence: self.presence(),
        });
    }
}
