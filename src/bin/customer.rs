//! The customer bundle: `/`, `/NNNNNN`, `/?code=NNNNNN`, `/chat`.
use std::time::Duration;

fn main() {
    console_error_panic_hook::set_once();
    // The page is built in a task of its own, after the one that compiled
    // and started the wasm: two shorter tasks instead of one long one, so
    // the phone can paint and answer a tap in between.
    leptos::prelude::set_timeout(
        || {
            remote_assist::customer::mount();
            remote_assist::browser::mark_mounted("customer");
        },
        Duration::ZERO,
    );
}
