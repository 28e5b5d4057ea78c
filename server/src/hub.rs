//! Who is connected over the WebSocket, and fan-out to them.
//!
//! Every socket task registers here and owns the receiving end of a small
//! bounded queue. A socket that falls behind (queue full) is dropped from
//! the hub, which closes it; its client reconnects and syncs from the last
//! message it holds, so nothing is lost.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use axum::extract::ws::Utf8Bytes;
use protocol::api::{Message, Presence, SessionView};
use protocol::ws::ServerFrame;
use tokio::sync::mpsc;

const QUEUE: usize = 512;

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
    tx: mpsc::Sender<Outbound>,
}

#[derive(Default)]
pub struct Hub {
    peers: Mutex<HashMap<u64, Peer>>,
    next_id: AtomicU64,
    /// Operator sockets among the peers (changed with the peers' lock held).
    operators: AtomicUsize,
}

fn is_operator(kind: &PeerKind) -> bool {
    matches!(kind, PeerKind::Operator { .. })
}

pub fn frame_text(frame: &ServerFrame) -> Utf8Bytes {
    // Serialising these types cannot fail: no maps with non-string keys.
    Utf8Bytes::from(serde_json::to_string(frame).unwrap_or_default())
}

impl Hub {
    fn peers(&self) -> MutexGuard<'_, HashMap<u64, Peer>> {
        self.peers.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn register(&self, kind: PeerKind) -> (u64, mpsc::Receiver<Outbound>) {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let (tx, rx) = mpsc::channel(QUEUE);
        let mut peers = self.peers();
        if is_operator(&kind) {
            self.operators.fetch_add(1, Ordering::Relaxed);
        }
        peers.insert(id, Peer { kind, tx });
        (id, rx)
    }

    /// Whether any operator socket is connected.
    pub fn has_operators(&self) -> bool {
        self.operators.load(Ordering::Relaxed) > 0
    }

    fn remove(&self, peers: &mut HashMap<u64, Peer>, id: u64) {
        if let Some(peer) = peers.remove(&id) {
            if is_operator(&peer.kind) {
                self.operators.fetch_sub(1, Ordering::Relaxed);
            }
        }
    }

    /// A customer socket told us which tokens it holds.
    pub fn set_kind(&self, id: u64, kind: PeerKind) {
        let mut peers = self.peers();
        if let Some(peer) = peers.get_mut(&id) {
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
        for (id, peer) in peers.iter() {
            if to(&peer.kind) && peer.tx.try_send(make()).is_err() {
                dropped.push(*id);
            }
        }
        for id in dropped {
            tracing::info!(peer = id, "socket fell behind; closing it");
            self.remove(&mut peers, id);
        }
    }

    pub fn to_operators(&self, frame: &ServerFrame) {
        let text = frame_text(frame);
        self.send_where(
            |k| matches!(k, PeerKind::Operator { .. }),
            || Outbound::Frame(text.clone()),
        );
    }

    pub fn to_operator(&self, operator_id: i64, frame: &ServerFrame) {
        let text = frame_text(frame);
        self.send_where(
            |k| matches!(k, PeerKind::Operator { id, .. } if *id == operator_id),
            || Outbound::Frame(text.clone()),
        );
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

    /// A message was stored: operators, and (unless agent-only) the
    /// customer sockets of its conversation.
    pub fn message(&self, message: &Message, agent_only: bool) {
        let relayed = Arc::new(Relayed {
            conversation_id: message.conversation_id.clone(),
            seq: message.seq,
            agent_only,
            text: frame_text(&ServerFrame::Message {
                message: message.clone(),
            }),
        });
        self.send_where(
            |k| match k {
                PeerKind::Operator { .. } => true,
                PeerKind::Customer {
                    conversation_id, ..
                } => !agent_only && conversation_id.as_deref() == Some(&relayed.conversation_id),
            },
            || Outbound::Message(relayed.clone()),
        );
    }

    /// Technicians online: operators with at least one console socket.
    pub fn presence(&self) -> Presence {
        let peers = self.peers();
        let mut ids: Vec<i64> = peers
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
