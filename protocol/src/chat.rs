//! The chat as a client holds it: stored messages in sequence order plus the
//! outbox of messages sent but not yet acknowledged.
//!
//! A sent message shows at once with its transaction id and status
//! `Sending`; the server's copy (matched by txn) replaces it, or it is marked
//! `Failed` and can be retried. Messages arriving twice (replay after a
//! reconnect) are kept once, by sequence number.

use crate::api::{Message, Sender};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Delivery {
    Sending,
    Failed,
}

/// A message of ours the server has not acknowledged yet.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Pending {
    pub txn: String,
    pub text: String,
    pub status: Delivery,
}

#[derive(Clone, Default, PartialEq, Debug)]
pub struct ChatLog {
    /// Stored messages, ascending by `seq`, no duplicates.
    pub messages: Vec<Message>,
    /// Ours, not yet stored, in the order they were sent.
    pub outbox: Vec<Pending>,
}

impl ChatLog {
    /// The last sequence number held: ask the server for what is after it.
    pub fn last_seq(&self) -> i64 {
        self.messages.last().map(|m| m.seq).unwrap_or(0)
    }

    /// Queues a message of ours; returns false for blank text.
    pub fn push_pending(&mut self, txn: String, text: String) -> bool {
        if text.trim().is_empty() {
            return false;
        }
        self.outbox.push(Pending {
            txn,
            text,
            status: Delivery::Sending,
        });
        true
    }

    /// Stores a message from the server (live, replayed or an ack), once.
    /// Returns true when it was new.
    pub fn receive(&mut self, message: Message) -> bool {
        self.outbox
            .retain(|p| p.txn != message.txn || message.sender == Sender::System);
        match self.messages.binary_search_by_key(&message.seq, |m| m.seq) {
            Ok(_) => false,
            Err(at) => {
                self.messages.insert(at, message);
                true
            }
        }
    }

    /// Marks a pending message failed (refused, or not acknowledged in time).
    pub fn fail(&mut self, txn: &str) {
        if let Some(p) = self.outbox.iter_mut().find(|p| p.txn == txn) {
            p.status = Delivery::Failed;
        }
    }

    /// Marks a failed message as sending again; returns its text to resend.
    pub fn retry(&mut self, txn: &str) -> Option<String> {
        let p = self.outbox.iter_mut().find(|p| p.txn == txn)?;
        p.status = Delivery::Sending;
        Some(p.text.clone())
    }

    /// Everything still to be sent after a reconnect (same txn ids, so the
    /// server stores each once).
    pub fn unsent(&self) -> impl Iterator<Item = &Pending> {
        self.outbox.iter().filter(|p| p.status == Delivery::Sending)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn msg(seq: i64, txn: &str, sender: Sender) -> Message {
        Message {
            conversation_id: "c".into(),
            seq,
            txn: txn.into(),
            sender,
            author: "a".into(),
            text: format!("m{seq}"),
            event: None,
            at_ms: seq,
        }
    }

    #[test]
    fn pending_is_replaced_by_the_servers_copy() {
        let mut log = ChatLog::default();
        assert!(log.push_pending("t1".into(), "hello".into()));
        assert!(!log.push_pending("t2".into(), "   ".into()));
        assert_eq!(log.outbox.len(), 1);
        assert!(log.receive(msg(1, "t1", Sender::Customer)));
        assert!(log.outbox.is_empty());
        assert_eq!(log.last_seq(), 1);
    }

    #[test]
    fn duplicates_and_out_of_order_are_kept_once_in_order() {
        let mut log = ChatLog::default();
        assert!(log.receive(msg(2, "b", Sender::Operator)));
        assert!(log.receive(msg(1, "a", Sender::Operator)));
        assert!(!log.receive(msg(2, "b", Sender::Operator)));
        assert!(log.receive(msg(3, "c", Sender::System)));
        let seqs: Vec<i64> = log.messages.iter().map(|m| m.seq).collect();
        assert_eq!(seqs, [1, 2, 3]);
    }

    #[test]
    fn failed_messages_keep_their_text_and_retry() {
        let mut log = ChatLog::default();
        log.push_pending("t1".into(), "keep me".into());
        log.fail("t1");
        assert_eq!(log.outbox[0].status, Delivery::Failed);
        assert_eq!(log.unsent().count(), 0);
        assert_eq!(log.retry("t1").as_deref(), Some("keep me"));
        assert_eq!(log.unsent().count(), 1);
        assert_eq!(log.retry("nope"), None);
    }
}
