use leptos::prelude::*;

use super::alerts::Chime;

/// **Enable sound** until a sound can really play (browsers keep pages
/// silent until used), then a way to turn it off. The choice is remembered.
#[component]
pub fn SoundToggle() -> impl IntoView {
    let chime = use_context::<Chime>().unwrap_or_default();
    let on = move || chime.wanted.get() && chime.ready.get();
    view! {
        <div class="ra-sound" role="group" aria-label="Alert sound">
            {move || {
                if on() {
                    view! {
                        <span class="ra-sound__state">"Sound on"</span>
                        <button type="button" class="ra-button ra-button--small" on:click=move |_| chime.play()>
                            "Test"
                        </button>
                        <button type="button" class="ra-button ra-button--small" on:click=move |_| chime.disable()>
                            "Turn off"
                        </button>
                    }
                        .into_any()
                } else {
                    view! {
                        <button
                            type="button"
                            class="ra-button ra-button--small ra-sound__enable"
                            on:click=move |_| chime.enable()
                        >
                            "Enable sound"
                        </button>
                    }
                        .into_any()
                }
            }}
        </div>
    }
}
