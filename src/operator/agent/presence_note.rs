use leptos::prelude::*;

/// Whether any technician console is online now; when none is, says so and
/// links to the console.
#[component]
pub fn PresenceNote(
    /// Technicians online; None while unknown.
    #[prop(into)]
    technicians: Signal<Option<u32>>,
) -> impl IntoView {
    view! {
        <p
            class="ra-presence"
            class:ra-presence--none=move || technicians.get() == Some(0)
            role="status"
        >
            {move || match technicians.get() {
                None => view! { "Checking whether a technician is online…" }.into_any(),
                Some(0) => view! {
                    <span>"No technician console is online right now. "</span>
                    <a href="/console" target="_blank" rel="noopener">"Open the Technician Console"</a>
                }
                    .into_any(),
                Some(1) => view! { <span class="ra-presence__dot" aria-hidden="true"></span> "1 technician online" }.into_any(),
                Some(n) => view! { <span class="ra-presence__dot" aria-hidden="true"></span> {format!("{n} technicians online")} }.into_any(),
            }}
        </p>
    }
}
