use leptos::html::Div;
use leptos::prelude::*;
use protocol::{DeviceClass, Mode};
use wasm_bindgen::JsCast;

use super::board::{control_blocked, MOBILE_VIEW_ONLY};
use crate::operator::i18n::td_string;
use crate::operator::{tr, use_i18n};

/// The start choice: **Remote control** or **View only**. Remote control is
/// disabled, with the reason shown, where the device allows view only.
#[component]
pub fn ModeChoice(
    #[prop(into)] device: Signal<DeviceClass>,
    #[prop(into, optional)] browser_view: Signal<bool>,
    /// A start request is on its way.
    #[prop(into, optional)]
    busy: Signal<bool>,
    /// The chosen mode.
    on_choose: Callback<Mode>,
    /// Closes the choice without starting.
    on_cancel: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let blocked = move || control_blocked(device.get(), browser_view.get());
    // The reason, in the current language.
    let reason = move || {
        blocked().map(|why| {
            if why == MOBILE_VIEW_ONLY {
                td_string!(i18n.get_locale(), console.mobile_view_only)
            } else {
                td_string!(i18n.get_locale(), console.browser_view_only)
            }
        })
    };
    let group = NodeRef::<Div>::new();
    // Focus moves to the first choice that can be taken.
    crate::effect(move || {
        if let Some(el) = group.get() {
            if let Ok(Some(button)) = el.query_selector("button:not([disabled])") {
                if let Ok(button) = button.dyn_into::<web_sys::HtmlElement>() {
                    let _ = button.focus();
                }
            }
        }
    });
    view! {
        <div
            class="ra-mode"
            node_ref=group
            role="group"
            aria-labelledby="ra-mode-title"
            on:keydown=move |ev| {
                if ev.key() == "Escape" {
                    ev.prevent_default();
                    on_cancel.run(());
                }
            }
        >
            <p class="ra-mode__title" id="ra-mode-title">{tr(|l| td_string!(l, console.choice_title))}</p>
            <div class="ra-mode__options">
                <div class="ra-mode__option">
                    <button
                        type="button"
                        class="ra-button ra-button--primary ra-mode__button"
                        disabled=move || blocked().is_some() || busy.get()
                        aria-describedby="ra-mode-control-note"
                        on:click=move |_| on_choose.run(Mode::Control)
                    >
                        {tr(|l| td_string!(l, console.mode_control))}
                    </button>
                    <p class="ra-mode__note" id="ra-mode-control-note">
                        {move || reason().unwrap_or_else(|| td_string!(i18n.get_locale(), console.control_note))}
                    </p>
                </div>
                <div class="ra-mode__option">
                    <button
                        type="button"
                        class="ra-button ra-mode__button"
                        class:ra-button--primary=move || blocked().is_some()
                        disabled=move || busy.get()
                        on:click=move |_| on_choose.run(Mode::View)
                    >
                        {tr(|l| td_string!(l, console.mode_view))}
                    </button>
                    <p class="ra-mode__note">{tr(|l| td_string!(l, console.view_note))}</p>
                </div>
            </div>
            <button type="button" class="ra-button ra-button--quiet" on:click=move |_| on_cancel.run(())>
                {tr(|l| td_string!(l, console.cancel))}
            </button>
        </div>
    }
}
