use leptos::prelude::*;

/// `/agent`: the Agent Desktop. Placeholder until issue 4 builds it.
#[component]
pub fn AgentDesktop() -> impl IntoView {
    view! { <main class="ra-page"><h1>"Agent Desktop"</h1><p>"The Agent Desktop is not built yet."</p></main> }
}
