use leptos::prelude::*;

/// `/chat`: the customer's chat. Placeholder until issue 5 builds it.
#[component]
pub fn ChatPage() -> impl IntoView {
    view! {
        <section class="ra-page">
            <h1>"Chat with support"</h1>
            <p>"The customer chat is not built yet."</p>
        </section>
    }
}
