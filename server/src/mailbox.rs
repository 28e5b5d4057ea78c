//! A socket's queue of outgoing items: bounded, one reader.
//!
//! Every open WebSocket has one, so it is kept small: an empty mailbox
//! holds no buffer at all (a channel would keep a block of slots per
//! socket, about 2 KB), and the buffer a burst grew is given back once
//! the socket has caught up.

use std::collections::VecDeque;
use std::sync::{Mutex, MutexGuard};

use tokio::sync::Notify;

/// Capacity kept after a burst has drained; more is given back.
const KEEP: usize = 8;

pub struct Mailbox<T> {
    inner: Mutex<Inner<T>>,
    ready: Notify,
    capacity: usize,
}

struct Inner<T> {
    queue: VecDeque<T>,
    closed: bool,
}

impl<T> Mailbox<T> {
    /// A mailbox that holds at most `capacity` items.
    pub fn new(capacity: usize) -> Mailbox<T> {
        Mailbox {
            inner: Mutex::new(Inner {
                queue: VecDeque::new(),
                closed: false,
            }),
            ready: Notify::new(),
            capacity,
        }
    }

    fn inner(&self) -> MutexGuard<'_, Inner<T>> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Queues an item; false (and the item dropped) when the mailbox is
    /// full or closed.
    pub fn push(&self, item: T) -> bool {
        let mut inner = self.inner();
        if inner.closed || inner.queue.len() >= self.capacity {
            return false;
        }
        inner.queue.push_back(item);
        drop(inner);
        self.ready.notify_one();
        true
    }

    /// No more items will come: the reader gets what is queued, then None.
    pub fn close(&self) {
        self.inner().closed = true;
        self.ready.notify_one();
    }

    /// The next item if one is queued: Some(None) when closed and empty.
    fn take(&self) -> Option<Option<T>> {
        let mut inner = self.inner();
        match inner.queue.pop_front() {
            Some(item) => {
                if inner.queue.is_empty() && inner.queue.capacity() > KEEP {
                    inner.queue.shrink_to(KEEP);
                }
                Some(Some(item))
            }
            None if inner.closed => Some(None),
            None => None,
        }
    }

    /// The next queued item without waiting.
    pub fn try_recv(&self) -> Option<T> {
        self.take().flatten()
    }

    /// Waits for the next item; None once closed and drained. Cancel
    /// safe: an item is only taken when this returns it.
    pub async fn recv(&self) -> Option<T> {
        loop {
            if let Some(next) = self.take() {
                return next;
            }
            // A push after the check above leaves a permit: no lost wake-up.
            self.ready.notified().await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::time::Duration;

    #[test]
    fn bounded_and_in_order() {
        let m = Mailbox::new(2);
        assert!(m.push(1));
        assert!(m.push(2));
        assert!(!m.push(3), "full");
        assert_eq!(m.try_recv(), Some(1));
        assert!(m.push(4));
        assert_eq!(m.try_recv(), Some(2));
        assert_eq!(m.try_recv(), Some(4));
        assert_eq!(m.try_recv(), None);
    }

    #[test]
    fn a_closed_mailbox_drains_then_ends() {
        let m = Mailbox::new(4);
        assert!(m.push("a"));
        m.close();
        assert!(!m.push("b"), "closed");
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        rt.block_on(async {
            assert_eq!(m.recv().await, Some("a"));
            assert_eq!(m.recv().await, None);
        });
    }

    #[test]
    fn gives_back_what_a_burst_grew() {
        let m = Mailbox::new(1000);
        for i in 0..500 {
            assert!(m.push(i));
        }
        while m.try_recv().is_some() {}
        assert!(m.inner().queue.capacity() <= KEEP);
    }

    #[tokio::test]
    async fn wakes_the_waiting_reader() {
        let m = Arc::new(Mailbox::new(4));
        let reader = tokio::spawn({
            let m = m.clone();
            async move { m.recv().await }
        });
        tokio::time::sleep(Duration::from_millis(20)).await;
        assert!(m.push(7));
        let got = tokio::time::timeout(Duration::from_secs(5), reader)
            .await
            .expect("the reader was not woken")
            .unwrap();
        assert_eq!(got, Some(7));
    }
}
