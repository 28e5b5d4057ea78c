use leptos::prelude::*;

use crate::i18n::{use_lang, Key, Lang};

/// The language switcher on every page: a select named **Language**
/// (「言語」) with each language in its own words. The choice applies at
/// once and is remembered.
#[component]
pub fn LangSwitch() -> impl IntoView {
    let i18n = use_lang();
    let options = Lang::ALL
        .iter()
        .map(|&lang| {
            view! {
                <option value=lang.code() lang=lang.code() selected=move || i18n.get() == lang>
                    {lang.name()}
                </option>
            }
        })
        .collect_view();
    let on_change = move |ev: leptos::ev::Event| {
        if let Some(lang) = Lang::from_tag(&event_target_value(&ev)) {
            i18n.set(lang);
        }
    };
    view! {
        <div class="ra-lang">
            <label class="ra-lang__label" for="ra-lang">{i18n.tr(Key::CommonLanguage)}</label>
            <select
                id="ra-lang"
                class="ra-lang__select"
                prop:value=move || i18n.get().code()
                on:change=on_change
            >
                {options}
            </select>
        </div>
    }
}
