//! Which rows of the session list to draw: the ones in view, a few more
//! either side, never all of a thousand. Plain arithmetic on the list's
//! measurements (pixels); no browser needed.

use std::ops::Range;

/// Rows drawn above and below the ones in view, so a short scroll shows
/// rows already there.
pub const OVERSCAN: usize = 3;

/// The list's geometry, as measured in the page.
#[derive(Clone, Copy, PartialEq, Debug)]
pub struct Metrics {
    /// How far the list is scrolled.
    pub scroll_top: f64,
    /// The height of the list's visible part.
    pub view_height: f64,
    /// How far below the scroll position rows are drawn, when more than the
    /// visible part: the window's height, as the list may grow before it is
    /// measured again (the loading note above it goes as the sessions
    /// arrive), and the rows that arrive must fill it in their first frame.
    pub draw_height: f64,
    /// From the top of the list's content to its first queue row.
    pub queue_top: f64,
    /// From the end of the queue's rows to the first history row (the
    /// history heading).
    pub history_gap: f64,
    /// One row and the space after it.
    pub pitch: f64,
    /// Rows drawn either side of the view: none before the list is first
    /// measured (the first frame draws only what shows), then [`OVERSCAN`].
    pub overscan: usize,
}

impl Metrics {
    /// Before anything is measured: the top of a list as tall as the window.
    pub fn initial(window_height: f64) -> Metrics {
        Metrics {
            scroll_top: 0.0,
            view_height: window_height.max(0.0),
            draw_height: window_height.max(0.0),
            queue_top: 0.0,
            history_gap: 0.0,
            pitch: 88.0,
            overscan: 0,
        }
    }

    /// Where the history's rows start.
    pub fn history_top(&self, queue_len: usize) -> f64 {
        self.queue_top + queue_len as f64 * self.pitch + self.history_gap
    }

    /// The rows of a group starting at `top` (`len` of them) that are in
    /// view, with [`Metrics::overscan`] more either side.
    pub fn rows_in_view(&self, top: f64, len: usize) -> Range<usize> {
        if len == 0 || self.pitch <= 0.0 {
            return 0..0;
        }
        // The view, widened by the overscan either side.
        let margin = self.overscan as f64 * self.pitch;
        let first = ((self.scroll_top - margin - top) / self.pitch).floor();
        let height = self.view_height.max(self.draw_height);
        let end = ((self.scroll_top + height + margin - top) / self.pitch).ceil();
        let clamp = |x: f64| x.clamp(0.0, len as f64) as usize;
        let (first, end) = (clamp(first), clamp(end));
        first..end.max(first)
    }

    /// The queue's and the history's rows to draw.
    pub fn windows(&self, queue_len: usize, history_len: usize) -> (Range<usize>, Range<usize>) {
        (
            self.rows_in_view(self.queue_top, queue_len),
            self.rows_in_view(self.history_top(queue_len), history_len),
        )
    }

    /// How many whole rows fit in view (Page Up, Page Down), at least one.
    pub fn rows_per_page(&self) -> usize {
        if self.pitch <= 0.0 {
            return 1;
        }
        ((self.view_height / self.pitch).floor() as usize).max(1)
    }

    /// The scroll position that shows the span `top..bottom` (a row, with
    /// its heading for the first of a group) whole, moving as little as
    /// possible (not at all when it is already in view).
    pub fn reveal(&self, top: f64, bottom: f64) -> f64 {
        if top < self.scroll_top {
            top.max(0.0)
        } else if bottom > self.scroll_top + self.view_height {
            (bottom - self.view_height).max(0.0)
        } else {
            self.scroll_top
        }
    }
}

/// The rows to draw, in the order they stand in the page: those drawn
/// already (`drawn`) keep their order, the others of `wanted` (in the
/// list's order) come after them, and those not wanted any more go. A row's
/// place on the screen comes from its own `top`, so the page never has to
/// move a row when a session changes place: moving one would lay it out and
/// paint it again, and a keyed list moves every row it passes.
pub fn keep_page_order(drawn: &[String], wanted: &[&String]) -> Vec<String> {
    let mut out: Vec<String> = drawn
        .iter()
        .filter(|id| wanted.contains(id))
        .cloned()
        .collect();
    for id in wanted {
        if !drawn.contains(id) {
            out.push((*id).clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(scroll_top: f64) -> Metrics {
        Metrics {
            scroll_top,
            view_height: 500.0,
            draw_height: 0.0,
            queue_top: 40.0,
            history_gap: 30.0,
            pitch: 100.0,
            overscan: OVERSCAN,
        }
    }

    #[test]
    fn only_the_rows_in_view_and_a_few_more() {
        // 40 px of heading, then rows of 100 px: rows 0-4 show at the top.
        assert_eq!(at(0.0).rows_in_view(40.0, 1000), 0..(5 + OVERSCAN));
        // Scrolled to 10,040: rows 100-104.
        assert_eq!(
            at(10_040.0).rows_in_view(40.0, 1000),
            (100 - OVERSCAN)..(105 + OVERSCAN)
        );
        // Near the end, clamped.
        assert_eq!(
            at(99_800.0).rows_in_view(40.0, 1000),
            (997 - OVERSCAN)..1000
        );
        assert_eq!(at(0.0).rows_in_view(40.0, 0), 0..0);
        assert_eq!(at(0.0).rows_in_view(40.0, 3), 0..3);
    }

    #[test]
    fn rows_are_drawn_as_far_as_the_window_reaches() {
        // Measured 500 px tall in a window of 800: rows for 800 px, so a
        // list that grows before it is measured again is still full.
        let m = Metrics {
            draw_height: 800.0,
            ..at(0.0)
        };
        assert_eq!(m.rows_in_view(40.0, 1000), 0..(8 + OVERSCAN));
        // Keys page by what is visible.
        assert_eq!(m.rows_per_page(), 5);
        assert_eq!(m.reveal(540.0, 640.0), 140.0);
    }

    #[test]
    fn the_history_window_follows_the_queue() {
        // 1000 queue rows: the history starts at 40 + 100,000 + 30.
        let m = at(0.0);
        assert_eq!(m.history_top(1000), 100_070.0);
        let (queue, history) = m.windows(1000, 50);
        assert_eq!(queue, 0..(5 + OVERSCAN));
        assert!(history.is_empty());
        // A short queue: both in view.
        let (queue, history) = m.windows(2, 50);
        assert_eq!(queue, 0..2);
        assert_eq!(history, 0..(3 + OVERSCAN));
        // Scrolled into the history.
        let (queue, history) = at(100_070.0).windows(1000, 50);
        assert_eq!(queue, (1000 - OVERSCAN)..1000);
        assert_eq!(history, 0..(5 + OVERSCAN));
    }

    #[test]
    fn drawn_rows_keep_their_order_in_the_page() {
        let ids = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        fn wanted(v: &[String]) -> Vec<&String> {
            v.iter().collect()
        }
        // First drawn: in the list's order.
        let first = keep_page_order(&[], &wanted(&ids(&["a", "b", "c"])));
        assert_eq!(first, ids(&["a", "b", "c"]));
        // "a" moved after "c" in the list: the page keeps its order.
        let moved = keep_page_order(&first, &wanted(&ids(&["b", "c", "a"])));
        assert_eq!(moved, first);
        // Scrolled by one: "a" goes, "d" comes at the end.
        let scrolled = keep_page_order(&first, &wanted(&ids(&["b", "c", "d"])));
        assert_eq!(scrolled, ids(&["b", "c", "d"]));
        // Scrolled back: "a" comes again, after the others.
        let back = keep_page_order(&scrolled, &wanted(&ids(&["a", "b", "c"])));
        assert_eq!(back, ids(&["b", "c", "a"]));
        assert!(keep_page_order(&back, &[]).is_empty());
    }

    #[test]
    fn revealing_a_row_scrolls_as_little_as_possible() {
        let m = at(1_000.0);
        // Already in view: stays.
        assert_eq!(m.reveal(1_200.0, 1_300.0), 1_000.0);
        // Above: its top at the top.
        assert_eq!(m.reveal(640.0, 740.0), 640.0);
        // Below: its bottom at the bottom.
        assert_eq!(m.reveal(1_540.0, 1_640.0), 1_140.0);
        assert_eq!(m.rows_per_page(), 5);
        assert_eq!(Metrics::initial(800.0).scroll_top, 0.0);
    }

    #[test]
    fn before_the_first_measure_only_the_rows_that_show_are_drawn() {
        // A window 800 px tall: 9 rows of 88 px reach its bottom, and no
        // more are drawn until the list is measured.
        let m = Metrics::initial(800.0);
        assert_eq!(m.rows_in_view(0.0, 1000), 0..10);
        assert_eq!(
            m.rows_in_view(0.0, 1000).len(),
            (800.0_f64 / 88.0).ceil() as usize
        );
        let measured = Metrics {
            overscan: OVERSCAN,
            ..m
        };
        assert_eq!(measured.rows_in_view(0.0, 1000), 0..(10 + OVERSCAN));
    }
}
