use leptos::prelude::*;

/// `/`: the customer types the PIN the agent read out.
/// Placeholder until issue 5 builds it.
#[component]
pub fn PinEntry(malformed: bool) -> impl IntoView {
    view! {
        <section class="ra-page">
            <h1>"Enter your PIN"</h1>
            {malformed.then(|| view! { <p role="alert">"That link's code is not a valid PIN. Type the 6-digit PIN instead."</p> })}
            <p>"Manual PIN entry is not built yet."</p>
        </section>
    }
}
