//! The console's session board as plain data: ordering, merging updates,
//! warnings and what may be started how. No browser needed.

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

/// Takes in a session as the service sent it. A session only moves forward
/// (Waiting → Active → Ended), so an older copy arriving late (the initial
/// list after a live frame) never undoes a newer one. Returns true when the
/// session was not on the board before.
pub fn merge(board: &mut HashMap<String, SessionView>, view: SessionView) -> bool {
    match board.get(&view.id) {
        Some(old) if rank(old.status) > rank(view.status) => false,
        Some(_) => {
            board.insert(view.id.clone(), view);
            false
        }
        None => {
            board.insert(view.id.clone(), view);
            true
        }
    }
}

/// The queue (waiting, longest first; then active, oldest first) and the
/// day's history (ended or timed out, most recent first).
pub fn queue_and_history(
    board: &HashMap<String, SessionView>,
) -> (Vec<SessionView>, Vec<SessionView>) {
    let mut queue: Vec<SessionView> = board
        .values()
        .filter(|s| !s.status.is_over())
        .cloned()
        .collect();
    queue.sort_by_key(|s| {
        (
            rank(s.status),
            s.started_at_ms.unwrap_or(s.claimed_at_ms),
            s.id.clone(),
        )
    });
    let mut history: Vec<SessionView> = board
        .values()
        .filter(|s| s.status.is_over())
        .cloned()
        .collect();
    history.sort_by_key(|s| {
        std::cmp::Reverse((s.ended_at_ms.unwrap_or(s.claimed_at_ms), s.id.clone()))
    });
    (queue, history)
}

/// How many are waiting (for the tab title).
pub fn waiting_count(board: &HashMap<String, SessionView>) -> usize {
    board
        .values()
        .filter(|s| s.status == SessionStatus::Waiting)
        .count()
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

/// The selection after an arrow key: `delta` steps through `ids`, clamped;
/// from nothing, down goes to the first and up to the last.
pub fn step(ids: &[String], current: Option<&str>, delta: i32) -> Option<String> {
    if ids.is_empty() {
        return None;
    }
    let last = ids.len() as i32 - 1;
    let at = match current.and_then(|c| ids.iter().position(|i| i == c)) {
        Some(i) => (i as i32 + delta).clamp(0, last),
        None if delta >= 0 => 0,
        None => last,
    };
    ids.get(at as usize).cloned()
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
        let mut board = HashMap::new();
        assert!(merge(&mut board, session("a", SessionStatus::Active, 1)));
        assert!(!merge(&mut board, session("a", SessionStatus::Waiting, 1)));
        assert_eq!(board["a"].status, SessionStatus::Active);
        merge(&mut board, session("a", SessionStatus::Ended, 1));
        assert_eq!(board["a"].status, SessionStatus::Ended);
    }

    #[test]
    fn queue_waiting_first_longest_first_history_newest_first() {
        let mut board = HashMap::new();
        for s in [
            session("w2", SessionStatus::Waiting, 200),
            session("w1", SessionStatus::Waiting, 100),
            session("a", SessionStatus::Active, 50),
            session("e1", SessionStatus::Ended, 10),
            session("e2", SessionStatus::TimedOut, 20),
        ] {
            merge(&mut board, s);
        }
        let (queue, history) = queue_and_history(&board);
        let ids = |v: &[SessionView]| v.iter().map(|s| s.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&queue), ["w1", "w2", "a"]);
        assert_eq!(ids(&history), ["e2", "e1"]);
        assert_eq!(waiting_count(&board), 2);
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
        let ids: Vec<String> = ["a", "b", "c"].map(String::from).to_vec();
        assert_eq!(step(&ids, None, 1).as_deref(), Some("a"));
        assert_eq!(step(&ids, None, -1).as_deref(), Some("c"));
        assert_eq!(step(&ids, Some("a"), -1).as_deref(), Some("a"));
        assert_eq!(step(&ids, Some("b"), 1).as_deref(), Some("c"));
        assert_eq!(step(&ids, Some("c"), 99).as_deref(), Some("c"));
        assert_eq!(step(&[], None, 1), None);
    }
}
