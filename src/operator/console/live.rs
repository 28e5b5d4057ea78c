//! The board made reactive, one signal per session: a change of one session
//! reaches only what shows that session (its row, the detail), and the
//! list's order is a signal of its own that changes only when a session
//! arrives or changes place.

use std::collections::HashMap;

use leptos::prelude::*;
use protocol::api::SessionView;
use protocol::SessionStatus;

use super::board::{Board, Group, Merged};

/// The list's order: ids of the queue and of the history.
#[derive(Clone, Default, PartialEq, Debug)]
pub struct Order {
    pub queue: Vec<String>,
    pub history: Vec<String>,
}

impl Order {
    /// How many of the board's queue are waiting: all its waiting sessions,
    /// as they come first.
    fn waiting_in(board: &Board) -> usize {
        board.queue().partition_point(|id| {
            board
                .get(id)
                .is_some_and(|s| s.status == SessionStatus::Waiting)
        })
    }

    /// The same as the board's, without making a copy to compare.
    fn matches(&self, board: &Board) -> bool {
        self.queue == board.queue() && self.history == board.history()
    }

    pub fn len(&self) -> usize {
        self.queue.len() + self.history.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The whole list's ids, in order.
    pub fn ids(&self) -> impl Iterator<Item = &String> {
        self.queue.iter().chain(self.history.iter())
    }
}

/// Makes `into` a copy of `from`, reusing the strings already in it.
fn copy_ids(into: &mut Vec<String>, from: &[String]) {
    into.truncate(from.len());
    let kept = into.len();
    for (id, new) in into.iter_mut().zip(from) {
        id.clone_from(new);
    }
    into.extend_from_slice(&from[kept..]);
}

/// The console's sessions. `Copy`: hand it down as it is.
#[derive(Clone, Copy)]
pub struct LiveBoard {
    board: StoredValue<Board>,
    /// Where the sessions' signals live: the board's owner, not whichever
    /// callback brought the session in.
    owner: StoredValue<Option<Owner>>,
    rows: StoredValue<HashMap<String, RwSignal<SessionView>>>,
    order: RwSignal<Order>,
    waiting: RwSignal<usize>,
}

impl Default for LiveBoard {
    fn default() -> Self {
        LiveBoard::new()
    }
}

impl LiveBoard {
    pub fn new() -> LiveBoard {
        LiveBoard {
            board: StoredValue::new(Board::default()),
            owner: StoredValue::new(Owner::current()),
            rows: StoredValue::new(HashMap::new()),
            order: RwSignal::new(Order::default()),
            waiting: RwSignal::new(0),
        }
    }

    /// A board holding these sessions.
    pub fn with_sessions(sessions: impl IntoIterator<Item = SessionView>) -> LiveBoard {
        let board = LiveBoard::new();
        board.extend(sessions);
        board
    }

    /// The order of the list (tracked).
    pub fn order(&self) -> ReadSignal<Order> {
        self.order.read_only()
    }

    /// How many are waiting (tracked).
    pub fn waiting(&self) -> ReadSignal<usize> {
        self.waiting.read_only()
    }

    /// One session's signal, made when first asked for (only rows drawn
    /// and the detail ask). The lookup itself is not tracked.
    pub fn row(&self, id: &str) -> Option<RwSignal<SessionView>> {
        if let Some(row) = self.rows.try_with_value(|r| r.get(id).copied()).flatten() {
            return Some(row);
        }
        let view = self
            .board
            .try_with_value(|b| b.get(id).cloned())
            .flatten()?;
        let owner = self.owner.try_get_value().flatten();
        let row = match owner {
            Some(owner) => owner.with(|| RwSignal::new(view)),
            None => RwSignal::new(view),
        };
        self.rows.try_update_value(|r| {
            r.insert(id.to_string(), row);
        });
        Some(row)
    }

    /// A session's status now, not tracked.
    pub fn status(&self, id: &str) -> Option<SessionStatus> {
        self.board
            .try_with_value(|b| b.get(id).map(|s| s.status))
            .flatten()
    }

    /// A session's group and place in it, not tracked (read
    /// [`LiveBoard::order`] to follow it).
    pub fn place(&self, id: &str) -> Option<(Group, usize)> {
        self.board.try_with_value(|b| b.position(id)).flatten()
    }

    /// Its place in the whole list (queue, then history), from 0, not
    /// tracked.
    pub fn index(&self, id: &str) -> Option<usize> {
        self.board
            .try_with_value(|b| {
                b.position(id).map(|(group, i)| match group {
                    Group::Queue => i,
                    Group::History => b.queue().len() + i,
                })
            })
            .flatten()
    }

    /// Brings the signal of the session `id`, if anything shows it, up to
    /// date with the board.
    fn publish(&self, id: &str) {
        let Some(row) = self.rows.try_with_value(|r| r.get(id).copied()).flatten() else {
            return;
        };
        if let Some(view) = self.board.try_with_value(|b| b.get(id).cloned()).flatten() {
            row.try_set(view);
        }
    }

    /// Brings the order and the waiting count up to date with the board.
    fn publish_order(&self) {
        let Some(waiting) = self.board.try_with_value(|b| {
            if !self.order.with_untracked(|o| o.matches(b)) {
                // Copied into the ids already there (`clone_from` keeps
                // their buffers): no allocation per session for a move.
                self.order.try_update(|o| {
                    copy_ids(&mut o.queue, b.queue());
                    copy_ids(&mut o.history, b.history());
                });
            }
            Order::waiting_in(b)
        }) else {
            return;
        };
        if self.waiting.get_untracked() != waiting {
            self.waiting.try_set(waiting);
        }
    }

    /// Takes in one session (a live frame, an answer to start or end).
    pub fn merge(&self, view: SessionView) -> Merged {
        let id = view.id.clone();
        let merged = self
            .board
            .try_update_value(|b| b.merge(view))
            .unwrap_or(Merged::Unchanged);
        match merged {
            Merged::Unchanged => {}
            // The waiting count may change without a move.
            Merged::New | Merged::Changed { .. } => {
                self.publish(&id);
                self.publish_order();
            }
        }
        merged
    }

    /// Takes in the list as it is now (first load, after a reconnect).
    pub fn extend(&self, views: impl IntoIterator<Item = SessionView>) {
        let changed = self
            .board
            .try_update_value(|b| b.extend(views))
            .unwrap_or_default();
        for id in &changed {
            self.publish(id);
        }
        if !changed.is_empty() {
            self.publish_order();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::copy_ids;

    #[test]
    fn ids_are_copied_over_the_old_ones() {
        let ids = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let mut order = ids(&["a", "b", "c"]);
        copy_ids(&mut order, &ids(&["b", "c", "a"]));
        assert_eq!(order, ids(&["b", "c", "a"]));
        copy_ids(&mut order, &ids(&["b"]));
        assert_eq!(order, ids(&["b"]));
        copy_ids(&mut order, &ids(&["x", "y", "z", "w"]));
        assert_eq!(order, ids(&["x", "y", "z", "w"]));
        copy_ids(&mut order, &[]);
        assert!(order.is_empty());
    }
}
