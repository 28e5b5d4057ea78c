use std::time::Duration;

use leptos::prelude::*;

/// Shows its children in a task of their own after the page's first frame
/// with the app.
///
/// For what is not read first and is costly to lay out: the language
/// switcher's 「日本語」 makes the browser look for a Japanese font, a
/// search through every installed font that took 30-70 ms (4x CPU
/// slowdown) in the first layout. Kept apart, no single task blocks the
/// page for long (Total Blocking Time). Only for content placed out of the
/// flow (the switcher is in the top corner), so nothing moves when it comes.
#[component]
pub fn AfterFirstPaint(children: ChildrenFn) -> impl IntoView {
    let shown = RwSignal::new(false);
    request_animation_frame(move || set_timeout(move || shown.set(true), Duration::ZERO));
    move || shown.get().then(|| children())
}
