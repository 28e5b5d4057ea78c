use leptos::prelude::*;
use protocol::Pin;

/// `/?code=` and `/NNNNNN`: the desktop or mobile page for this device.
/// Placeholder until issue 5 builds it.
#[component]
pub fn LinkPage(pin: Pin) -> impl IntoView {
    let device = crate::browser::detect_device();
    view! {
        <section class="ra-page">
            <h1>"Remote assistance"</h1>
            <p>"PIN " {pin.grouped()} " on " {device.label()} ". The landing pages are not built yet."</p>
        </section>
    }
}
