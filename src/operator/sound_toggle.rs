use leptos::prelude::*;

use super::alerts::Chime;
use super::i18n::{t, t_string};
use super::use_i18n;

/// **Enable sound** until a sound can really play (browsers keep pages
/// silent until used), then a way to turn it off. The choice is remembered.
#[component]
pub fn SoundToggle() -> impl IntoView {
    let i18n = use_i18n();
    let chime = use_context::<Chime>().unwrap_or_default();
    let on = move || chime.wanted.get() && chime.ready.get();
    view! {
        <div class="ra-sound" role="group" aria-label=move || t_string!(i18n, console.sound_group)>
            {move || {
                if on() {
                    view! {
                        <span class="ra-sound__state">{t!(i18n, console.sound_on)}</span>
                        <button type="button" class="ra-button ra-button--small" on:click=move |_| chime.play()>
                            {t!(i18n, console.sound_test)}
                        </button>
                        <button type="button" class="ra-button ra-button--small" on:click=move |_| chime.disable()>
                            {t!(i18n, console.sound_off)}
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
                            {t!(i18n, console.sound_enable)}
                        </button>
                    }
                        .into_any()
                }
            }}
        </div>
    }
}
