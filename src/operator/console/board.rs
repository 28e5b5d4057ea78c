//! The console's session board as plain data: ordering, merging updates,
//! warnings and what may be started how. No browser needed.

use std::cmp::Ordering;
use std::collections::HashMap;

use protocol::api::SessionView;
use protocol::{DeviceClass, SessionStatus};

/// The reason shown on a disabled **Remote control** for mobile devices.
pub const MOBILE_VIEW_ONLY: &str = "Phones and tablets allow view only";
/// The reason for a screen shared from the customer's browser.
pub const BROWSER_VIEW_ONLY: &str = "A screen shared from the browser allows view only. For remote control, ask the customer to use the support app from their link instead";

/// [`technician_label`] for the signed-in technician.
pub const YOU: &str = "You";
/// [`technician_label`] when the service gives no name.
pub const ANOTHER_TECHNICIAN: &str = "another technician";

/// The warning time when the service does not say (seconds).
pub const DEFAULT_WARN_SECS: u64 = 60;

fn rank(status: SessionStatus) -> u8 {
    match status {
        SessionStatus::Waiting => 0,
        SessionStatus::Active => 1,
        SessionStatus::Ended | SessionStatus::TimedOut => 2,
    }
}

/// The two parts of the list.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Group {
    /// Waiting (longest first), then active (oldest start first).
    Queue,
    /// Ended or timed out, most recent first.
    History,
}

fn group_of(s: &SessionView) -> Group {
    if s.status.is_over() {
        Group::History
    } else {
        Group::Queue
    }
}

/// The order within a group (both sessions in the same group).
fn order(a: &SessionView, b: &SessionView) -> Ordering {
    match group_of(a) {
        Group::Queue => {
            let key =
                |s: &SessionView| (rank(s.status), s.started_at_ms.unwrap_or(s.claimed_at_ms));
            key(a).cmp(&key(b)).then_with(|| a.id.cmp(&b.id))
        }
        Group::History => {
            let key = |s: &SessionView| s.ended_at_ms.unwrap_or(s.claimed_at_ms);
            key(b).cmp(&key(a)).then_with(|| b.id.cmp(&a.id))
        }
    }
}

/// What a merge did to the board.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Merged {
    /// An older copy, or the same one again: nothing changed.
    Unchanged,
    /// A session not on the board before.
    New,
    /// The session changed; `moved` when its place in the list changed.
    Changed { moved: bool },
}

/// The sessions a console knows and their order: the queue and the day's
/// history as ids, kept sorted as sessions arrive and change, so a change
/// costs a binary search and a move, not a sort of the whole list.
#[derive(Default, Debug)]
pub struct Board {
    sessions: HashMap<String, SessionView>,
    queue: Vec<String>,
    history: Vec<String>,
}

impl Board {
    pub fn get(&self, id: &str) -> Option<&SessionView> {
        self.sessions.get(id)
    }

    /// Where a session is: its group and its place in it.
    pub fn position(&self, id: &str) -> Option<(Group, usize)> {
        let s = self.sessions.get(id)?;
        self.place(s).ok().map(|at| (group_of(s), at))
    }

    /// Waiting and active sessions, in order.
    pub fn queue(&self) -> &[String] {
        &self.queue
    }

    /// Ended and timed-out sessions, newest first.
    pub fn history(&self) -> &[String] {
        &self.history
    }

    /// How many are waiting (for the tab title).
    pub fn waiting_count(&self) -> usize {
        self.sessions
            .values()
            .filter(|s| s.status == SessionStatus::Waiting)
            .count()
    }

    fn ids_mut(&mut self, group: Group) -> &mut Vec<String> {
        match group {
            Group::Queue => &mut self.queue,
            Group::History => &mut self.history,
        }
    }

    /// Where `s` is (or would go) in its group.
    fn place(&self, s: &SessionView) -> Result<usize, usize> {
        let ids = match group_of(s) {
            Group::Queue => &self.queue,
            Group::History => &self.history,
        };
        ids.binary_search_by(|id| order(&self.sessions[id], s))
    }

    /// Takes in a session as the service sent it. A session only moves
    /// forward (Waiting → Active → Ended), so an older copy arriving late
    /// (the initial list after a live frame) never undoes a newer one.
    pub fn merge(&mut self, view: SessionView) -> Merged {
        let old_place = match self.sessions.get(&view.id) {
            Some(old) if rank(old.status) > rank(view.status) || *old == view => {
                return Merged::Unchanged
            }
            Some(old) => {
                let group = group_of(old);
                let at = self
                    .place(old)
                    .expect("a session on the board is in its group");
                Some((group, at))
            }
            None => None,
        };
        if let Some((group, at)) = old_place {
            self.ids_mut(group).remove(at);
        }
        let id = view.id.clone();
        let group = group_of(&view);
        self.sessions.insert(id.clone(), view);
        let at = match self.place(&self.sessions[&id]) {
            Ok(at) | Err(at) => at,
        };
        self.ids_mut(group).insert(at, id);
        match old_place {
            None => Merged::New,
            Some(place) => Merged::Changed {
                moved: place != (group, at),
            },
        }
    }

    /// Takes in many sessions at once (the list as it is now): merged one by
    /// one, sorted once. Returns the ids of those that changed or are new.
    pub fn extend(&mut self, views: impl IntoIterator<Item = SessionView>) -> Vec<String> {
        let mut changed = Vec::new();
        for view in views {
            match self.sessions.get(&view.id) {
                Some(old) if rank(old.status) > rank(view.status) || *old == view => {}
                _ => {
                    changed.push(view.id.clone());
                    self.sessions.insert(view.id.clone(), view);
                }
            }
        }
        if !changed.is_empty() {
            // Sorted as sessions, not ids: no lookup per comparison.
            let (mut queue, mut history): (Vec<&SessionView>, Vec<&SessionView>) = self
                .sessions
                .values()
                .partition(|s| group_of(s) == Group::Queue);
            queue.sort_unstable_by(|a, b| order(a, b));
            history.sort_unstable_by(|a, b| order(a, b));
            let ids =
                |sorted: Vec<&SessionView>| sorted.into_iter().map(|s| s.id.clone()).collect();
            self.queue = ids(queue);
            self.history = ids(history);
        }
        changed
    }
}

/// How long the row's clock reads: waiting time for a waiting session,
/// time since start for an active one, the session's length when over.
pub fn elapsed_ms(s: &SessionView, now_ms: i64) -> i64 {
    let ms = match s.status {
        SessionStatus::Waiting => now_ms - s.claimed_at_ms,
        SessionStatus::Active => now_ms - s.started_at_ms.unwrap_or(s.claimed_at_ms),
        SessionStatus::Ended | SessionStatus::TimedOut => {
            s.ended_at_ms.unwrap_or(now_ms) - s.started_at_ms.unwrap_or(s.claimed_at_ms)
        }
    };
    ms.max(0)
}

/// A waiting session turns to the warning colour after `warn_secs`.
pub fn is_warning(s: &SessionView, now_ms: i64, warn_secs: u64) -> bool {
    s.status == SessionStatus::Waiting && now_ms - s.claimed_at_ms >= warn_secs as i64 * 1000
}

/// Why remote control is not offered for this session, if it is not.
pub fn control_blocked(device: DeviceClass, browser_view: bool) -> Option<&'static str> {
    if device == DeviceClass::Mobile {
        Some(MOBILE_VIEW_ONLY)
    } else if browser_view {
        Some(BROWSER_VIEW_ONLY)
    } else {
        None
    }
}

/// Who runs an active session, as the console says it: "You" or a name.
pub fn technician_label(s: &SessionView, me: Option<i64>) -> Option<String> {
    let id = s.technician_id?;
    if Some(id) == me {
        Some(YOU.into())
    } else {
        Some(
            s.technician_name
                .clone()
                .unwrap_or_else(|| ANOTHER_TECHNICIAN.into()),
        )
    }
}

/// The element id of a session's row.
pub fn row_id(session_id: &str) -> String {
    format!("ra-session-{session_id}")
}

/// The selection after an arrow key (or a page): from the `current` place
/// in a list of `len`, `delta` steps, clamped; from nothing, down goes to
/// the first and up to the last.
pub fn step_index(len: usize, current: Option<usize>, delta: i32) -> Option<usize> {
    if len == 0 {
        return None;
    }
    let last = len as i64 - 1;
    let at = match current {
        Some(i) => (i as i64 + i64::from(delta)).clamp(0, last),
        None if delta >= 0 => 0,
        None => last,
    };
    Some(at as usize)
}

#[cfg(test)]
mod tests {
    use super::*;
    use protocol::{DeviceInfo, Mode, Os};

    pub fn session(id: &str, status: SessionStatus, claimed: i64) -> SessionView {
        SessionView {
            id: id.into(),
            conversation_id: format!("c-{id}"),
            status,
            mode: (status == SessionStatus::Active).then_some(Mode::View),
            device: DeviceInfo {
                class: DeviceClass::Mobile,
                os: Os::Ios,
            },
            browser_view: false,
            customer_name: "Kim".into(),
            agent_name: "Ann".into(),
            technician_id: None,
            technician_name: None,
            claimed_at_ms: claimed,
            started_at_ms: (status != SessionStatus::Waiting).then_some(claimed + 10),
            ended_at_ms: status.is_over().then_some(claimed + 100),
        }
    }

    #[test]
    fn merging_only_moves_forward() {
        let mut board = Board::default();
        assert_eq!(
            board.merge(session("a", SessionStatus::Active, 1)),
            Merged::New
        );
        assert_eq!(
            board.merge(session("a", SessionStatus::Waiting, 1)),
            Merged::Unchanged
        );
        assert_eq!(board.get("a").unwrap().status, SessionStatus::Active);
        assert_eq!(
            board.merge(session("a", SessionStatus::Active, 1)),
            Merged::Unchanged
        );
        assert_eq!(
            board.merge(session("a", SessionStatus::Ended, 1)),
            Merged::Changed { moved: true }
        );
        assert_eq!(board.get("a").unwrap().status, SessionStatus::Ended);
        assert!(board.queue().is_empty());
        assert_eq!(board.history(), ["a"]);
    }

    fn ids(v: &[String]) -> Vec<&str> {
        v.iter().map(String::as_str).collect()
    }

    #[test]
    fn queue_waiting_first_longest_first_history_newest_first() {
        let all = [
            session("w2", SessionStatus::Waiting, 200),
            session("w1", SessionStatus::Waiting, 100),
            session("a", SessionStatus::Active, 50),
            session("e1", SessionStatus::Ended, 10),
            session("e2", SessionStatus::TimedOut, 20),
        ];
        // One by one (live frames) or all at once (the list): same order.
        let mut one = Board::default();
        for s in all.clone() {
            one.merge(s);
        }
        let mut many = Board::default();
        assert_eq!(many.extend(all.clone()).len(), 5);
        assert_eq!(many.position("a"), Some((Group::Queue, 2)));
        assert_eq!(many.position("e1"), Some((Group::History, 1)));
        assert_eq!(many.position("x"), None);
        for board in [&one, &many] {
            assert_eq!(ids(board.queue()), ["w1", "w2", "a"]);
            assert_eq!(ids(board.history()), ["e2", "e1"]);
            assert_eq!(board.waiting_count(), 2);
        }
        // The same list again changes nothing.
        assert!(many.extend(all).is_empty());
    }

    #[test]
    fn a_change_moves_a_session_only_when_its_place_changes() {
        let mut board = Board::default();
        board.extend((0..5).map(|i| session(&format!("w{i}"), SessionStatus::Waiting, i * 10)));
        // The newest waiting session started: the first active one, right
        // after the waiting ones, so it keeps its place.
        let mut started = session("w4", SessionStatus::Active, 40);
        started.started_at_ms = Some(1_000);
        assert_eq!(board.merge(started), Merged::Changed { moved: false });
        assert_eq!(ids(board.queue()), ["w0", "w1", "w2", "w3", "w4"]);
        // The longest waiting started after it: it goes behind it.
        let mut started = session("w0", SessionStatus::Active, 0);
        started.started_at_ms = Some(2_000);
        assert_eq!(board.merge(started), Merged::Changed { moved: true });
        assert_eq!(ids(board.queue()), ["w1", "w2", "w3", "w4", "w0"]);
        // A new name for the same place: changed, not moved.
        let mut renamed = board.get("w2").unwrap().clone();
        renamed.customer_name = "Lee".into();
        assert_eq!(board.merge(renamed), Merged::Changed { moved: false });
        // Ended: into the history.
        assert_eq!(
            board.merge(session("w1", SessionStatus::Ended, 10)),
            Merged::Changed { moved: true }
        );
        assert_eq!(ids(board.queue()), ["w2", "w3", "w4", "w0"]);
        assert_eq!(ids(board.history()), ["w1"]);
        assert_eq!(board.waiting_count(), 2);
    }

    #[test]
    fn warnings_times_and_modes() {
        let s = session("w", SessionStatus::Waiting, 1_000);
        assert!(!is_warning(&s, 60_999, 60));
        assert!(is_warning(&s, 61_000, 60));
        assert_eq!(elapsed_ms(&s, 4_000), 3_000);
        assert_eq!(
            control_blocked(DeviceClass::Mobile, false),
            Some(MOBILE_VIEW_ONLY)
        );
        assert_eq!(
            control_blocked(DeviceClass::Desktop, true),
            Some(BROWSER_VIEW_ONLY)
        );
        assert_eq!(control_blocked(DeviceClass::Desktop, false), None);
    }

    #[test]
    fn arrow_keys_step_and_clamp() {
        assert_eq!(step_index(3, None, 1), Some(0));
        assert_eq!(step_index(3, None, -1), Some(2));
        assert_eq!(step_index(3, Some(0), -1), Some(0));
        assert_eq!(step_index(3, Some(1), 1), Some(2));
        assert_eq!(step_index(3, Some(2), 99), Some(2));
        assert_eq!(step_index(0, None, 1), None);
        // Page Down from the second of three: the last.
        assert_eq!(step_index(3, Some(1), 10), Some(2));
        assert_eq!(step_index(1000, Some(500), -7), Some(493));
    }
}
