use leptos::prelude::*;

/// `/login`. Placeholder until issue 3/4 builds sign-in.
#[component]
pub fn LoginPage() -> impl IntoView {
    view! { <main class="ra-page"><h1>"Sign in"</h1><p>"Sign-in is not built yet."</p></main> }
}
