use leptos::prelude::*;

/// `/console`: the Technician Console. Placeholder until issue 6 builds it.
#[component]
pub fn Console() -> impl IntoView {
    view! { <main class="ra-page"><h1>"Technician Console"</h1><p>"The Technician Console is not built yet."</p></main> }
}
