use leptos::prelude::*;

use super::alerts::Chime;
use super::i18n::td_string;
use super::use_i18n;
use crate::operator::tr;

/// **Enable sound** until a sound can really play (browsers keep pages
/// silent until used), then a way to turn it off. The choice is remembered.
#[component]
pub fn SoundToggle() -> impl IntoView {
    let i18n = use_i18n();
    let chime = use_context::<Chime>().unwrap_or_default();
    let on = move || chime.wanted.get() && chime.ready.get();
    view! {
        <div class="ra-sound" role="group" aria-label=move || td_string!(i18n.get_locale(), console.sound_group)>
            {move || {
                if on() {
                    view! {
                        <span class="ra-sound__state">{tr(|l| td_string!(l, console.sound_on))}</span>
                        <button type="button" class="ra-button ra-button--small" on:click=move |_| chime.play()>
                            {tr(|l| td_string!(l, console.sound_test))}
                        </button>
                        <button type="button" class="ra-button ra-button--small" on:click=move |_| chime.disable()>
                            {tr(|l| td_string!(l, console.sound_off))}
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
                            {tr(|l| td_string!(l, console.sound_enable))}
                        </button>
                    }
                        .into_any()
                }
            }}
        </div>
    }
}
