//! Time on operator screens: a ticking "now" and durations as people read them.

use std::time::Duration;

use leptos::prelude::*;

use crate::browser;

/// The browser's clock in milliseconds, updated every `every`. Stops with
/// the component that made it.
pub fn use_now(every: Duration) -> Signal<i64> {
    let now = RwSignal::new(browser::now_ms());
    if let Ok(handle) = set_interval_with_handle(
        move || {
            now.try_set(browser::now_ms());
        },
        every,
    ) {
        on_cleanup(move || handle.clear());
    }
    now.into()
}

/// `0:07`, `12:30`, `1:02:03` for a duration in milliseconds (negative is 0).
pub fn format_duration(ms: i64) -> String {
    let secs = ms.max(0) / 1000;
    let (h, m, s) = (secs / 3600, (secs / 60) % 60, secs % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(format_duration(-5), "0:00");
        assert_eq!(format_duration(7_900), "0:07");
        assert_eq!(format_duration(750_000), "12:30");
        assert_eq!(format_duration(3_723_000), "1:02:03");
    }
}
