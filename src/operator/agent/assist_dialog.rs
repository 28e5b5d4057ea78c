use std::time::Duration;

use leptos::html::Dialog;
use leptos::prelude::*;
use protocol::api::SessionView;
use protocol::{DeviceClass, DeviceInfo};
use wasm_bindgen::JsCast;

use super::assist::{device_label, error_words, PinState};
use super::link_block::LinkBlock;
use super::pin_block::PinBlock;
use super::presence_note::PresenceNote;
use super::session_progress::SessionProgress;
use crate::i18n::use_lang;
use crate::operator::clock::use_now;
use crate::operator::i18n::td_string;
use crate::operator::{tr, use_i18n};

/// What Tab can reach inside the dialog.
const FOCUSABLE: &str = "button:not([disabled]), a[href], input:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex='-1'])";

/// Keeps Tab and Shift+Tab inside the modal dialog (WAI-ARIA modal dialog
/// pattern): from the last control Tab wraps to the first, and Shift+Tab
/// from the first to the last, instead of leaving for the browser's own UI.
/// Returns whether it moved focus (the key's default must then be stopped).
fn trap_tab(dialog: &web_sys::HtmlDialogElement, backwards: bool) -> bool {
    let Ok(list) = dialog.query_selector_all(FOCUSABLE) else {
        return false;
    };
    let controls: Vec<web_sys::HtmlElement> = (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
        .filter(|e| e.offset_parent().is_some())
        .collect();
    let (Some(first), Some(last)) = (controls.first(), controls.last()) else {
        return false;
    };
    let active = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element());
    let inside = active
        .as_ref()
        .is_some_and(|a| dialog.contains(Some(a.unchecked_ref())));
    let at = |e: &web_sys::HtmlElement| {
        active
            .as_ref()
            .is_some_and(|a| a == e.unchecked_ref::<web_sys::Element>())
    };
    let target = match (inside, backwards) {
        (false, false) => first,
        (false, true) => last,
        (true, false) if at(last) => first,
        (true, true) if at(first) => last,
        _ => return false,
    };
    let _ = target.focus();
    true
}

/// The **Remote Assist Session** dialog: a real modal (native `<dialog>`
/// with `showModal()`: focus moves in and stays, the page behind is inert,
/// Escape and **Close** close it, focus goes back to the button that opened
/// it). It shows the PIN with a countdown, the desktop and mobile links with
/// **Paste into chat** and copy buttons (the one matching the customer's
/// device marked recommended), **Create another PIN**, the manual-entry URL,
/// the session's live state and whether a technician is online.
///
/// Everything comes in through props, so it runs without a service.
#[component]
pub fn RemoteAssistDialog(
    /// Whether it is open; the dialog sets it false when it closes.
    open: RwSignal<bool>,
    /// The conversation's PIN.
    #[prop(into)]
    pin: Signal<PinState>,
    /// The session this PIN started, if any.
    #[prop(into)]
    session: Signal<Option<SessionView>>,
    /// Technician consoles online; None while unknown.
    #[prop(into)]
    technicians: Signal<Option<u32>>,
    /// The customer's name.
    #[prop(into, optional)]
    customer: Signal<String>,
    /// The customer's device as recorded for the conversation.
    #[prop(into, optional)]
    device: Signal<Option<DeviceInfo>>,
    /// The clock (ms); a ticking one by default.
    #[prop(into, optional)]
    now: Option<Signal<i64>>,
    /// Asks for a new PIN (revoking the one on screen).
    on_new_pin: Callback<()>,
    /// Puts a link into the chat input at the cursor.
    on_paste: Callback<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let now = now.unwrap_or_else(|| use_now(Duration::from_millis(500)));
    let dialog = NodeRef::<Dialog>::new();
    let opener = StoredValue::new_local(None::<web_sys::HtmlElement>);
    let pasted = RwSignal::new(None::<&'static str>);

    // Returns focus to the opener once, however the dialog closed.
    let finish_close = move || {
        if let Some(el) = dialog.get_untracked() {
            if el.open() {
                el.close();
            }
        }
        if open.get_untracked() {
            open.set(false);
        }
        if let Some(el) = opener.try_update_value(|o| o.take()).flatten() {
            let _ = el.focus();
        }
    };
    crate::effect(move || {
        let Some(el) = dialog.get() else {
            return;
        };
        if open.get() {
            if !el.open() {
                let active = web_sys::window()
                    .and_then(|w| w.document())
                    .and_then(|d| d.active_element())
                    .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
                opener.set_value(active);
                pasted.set(None);
                if el.show_modal().is_err() {
                    open.set(false);
                    return;
                }
                // Start on the recommended Paste into chat, else on Close.
                let target = el
                    .query_selector("button[data-recommended]:not([disabled])")
                    .ok()
                    .flatten()
                    .or_else(|| el.query_selector(".ra-assist__close").ok().flatten())
                    .and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok());
                if let Some(target) = target {
                    let _ = target.focus();
                }
            }
        } else if el.open() {
            finish_close();
        }
    });

    let ticket = Memo::new(move |_| pin.with(|p| p.ticket().cloned()));
    let loading = Memo::new(move |_| matches!(pin.get(), PinState::Loading { .. }));
    // Opened while its PIN is being created, the dialog starts on Close;
    // when the PIN arrives, focus moves on to the recommended Paste into
    // chat, unless the agent has moved it meanwhile.
    Effect::new(move |was_loading: Option<bool>| {
        let is_loading = loading.get();
        if was_loading == Some(true) && !is_loading {
            // After the frame that draws the links.
            request_animation_frame(move || {
                let Some(el) = dialog.get_untracked().filter(|d| d.open()) else {
                    return;
                };
                let on_close = web_sys::window()
                    .and_then(|w| w.document())
                    .and_then(|d| d.active_element())
                    .is_none_or(|a| {
                        a.class_name()
                            .split_whitespace()
                            .any(|c| c == "ra-assist__close")
                    });
                let recommended = el
                    .query_selector("button[data-recommended]:not([disabled])")
                    .ok()
                    .flatten()
                    .and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok());
                if let (true, Some(button)) = (on_close, recommended) {
                    let _ = button.focus();
                }
            });
        }
        is_loading
    });
    let error = Memo::new(move |_| match pin.get() {
        PinState::Failed { error, .. } => Some(error),
        _ => None,
    });
    let remaining =
        Signal::derive(move || ticket.get().map(|t| t.remaining_ms(now.get())).unwrap_or(0));
    let claimed = Signal::derive(move || session.with(|s| s.is_some()));
    let expired =
        Memo::new(move |_| ticket.get().is_some() && remaining.get() <= 0 && !claimed.get());
    let unusable = Signal::derive(move || expired.get() || loading.get() || error.get().is_some());
    let recommended = move |class: DeviceClass| {
        Signal::derive(move || {
            ticket.with(|t| t.as_ref().map(|t| t.issued.recommended)) == Some(class)
        })
    };
    let reason = Signal::derive(move || {
        let locale = i18n.get_locale();
        device.get().map(|d| {
            td_string!(
                i18n.get_locale(),
                agent.customer_on,
                device = device_label(locale, d)
            )
            .to_string()
        })
    });
    let pin_text = Signal::derive(move || {
        ticket.with(|t| {
            t.as_ref()
                .map(|t| t.issued.pin.to_string())
                .unwrap_or_default()
        })
    });
    let desktop_link = Signal::derive(move || {
        ticket.with(|t| {
            t.as_ref()
                .map(|t| t.issued.desktop_link.clone())
                .unwrap_or_default()
        })
    });
    let mobile_link = Signal::derive(move || {
        ticket.with(|t| {
            t.as_ref()
                .map(|t| t.issued.mobile_link.clone())
                .unwrap_or_default()
        })
    });
    let manual_url = move || {
        ticket.with(|t| {
            t.as_ref()
                .map(|t| t.issued.manual_url.clone())
                .unwrap_or_default()
        })
    };

    let paste = move |which: &'static str| {
        Callback::new(move |link: String| {
            on_paste.run(link);
            pasted.set(Some(which));
        })
    };

    view! {
        <dialog
            class="ra-dialog ra-assist"
            node_ref=dialog
            aria-labelledby="ra-assist-title"
            aria-describedby="ra-assist-for"
            on:close=move |_| finish_close()
            on:keydown=move |ev| {
                if ev.key() == "Escape" {
                    ev.prevent_default();
                    finish_close();
                } else if ev.key() == "Tab" {
                    if let Some(el) = dialog.get_untracked() {
                        if trap_tab(&el, ev.shift_key()) {
                            ev.prevent_default();
                        }
                    }
                }
            }
        >
            <header class="ra-dialog__header">
                <h2 class="ra-dialog__title" id="ra-assist-title">{tr(|l| td_string!(l, agent.dialog_title))}</h2>
                <p class="ra-dialog__sub" id="ra-assist-for">
                    {move || {
                        let who = customer.get();
                        if who.is_empty() { td_string!(i18n.get_locale(), agent.dialog_sub).to_string() }
                        else { td_string!(i18n.get_locale(), agent.dialog_sub_for, who = who).to_string() }
                    }}
                </p>
            </header>
            <div class="ra-dialog__body">
                <p class="ra-assist__state" role="status">
                    {move || loading.get().then(|| td_string!(i18n.get_locale(), agent.creating_pin))}
                </p>
                {move || error.get().map(|e| view! {
                    <div class="ra-assist__error" role="alert">
                        <p>{let e = e.clone(); move || td_string!(i18n.get_locale(), agent.pin_failed, error = error_words(lang.get(), &e)).to_string()}</p>
                        {e.is_unauthorized().then(|| view! {
                            <p><a href="/login?next=%2Fagent">{tr(|l| td_string!(l, agent.sign_in_again))}</a></p>
                        })}
                    </div>
                })}
                {move || ticket.get().is_some().then(|| view! {
                    <PinBlock pin=pin_text remaining_ms=remaining replacing=loading claimed/>
                    <div class="ra-assist__links">
                        <LinkBlock
                            title=Signal::derive(move || td_string!(i18n.get_locale(), agent.desktop_link).to_string())
                            what="desktop link"
                            name=Signal::derive(move || td_string!(i18n.get_locale(), agent.desktop_link_name).to_string())
                            hint=Signal::derive(move || td_string!(i18n.get_locale(), agent.desktop_hint).to_string())
                            link=desktop_link
                            recommended=recommended(DeviceClass::Desktop)
                            reason
                            disabled=unusable
                            on_paste=paste("desktop")
                        />
                        <LinkBlock
                            title=Signal::derive(move || td_string!(i18n.get_locale(), agent.mobile_link).to_string())
                            what="mobile link"
                            name=Signal::derive(move || td_string!(i18n.get_locale(), agent.mobile_link_name).to_string())
                            hint=Signal::derive(move || td_string!(i18n.get_locale(), agent.mobile_hint).to_string())
                            link=mobile_link
                            recommended=recommended(DeviceClass::Mobile)
                            reason
                            disabled=unusable
                            on_paste=paste("mobile")
                        />
                    </div>
                    <p class="ra-assist__manual">
                        {tr(|l| td_string!(l, agent.manual_before))}
                        <strong class="ra-assist__manual-url">{manual_url}</strong>
                        {tr(|l| td_string!(l, agent.manual_after))}
                    </p>
                })}
                <p class="ra-assist__pasted" role="status">
                    {move || pasted.get().map(|which| match which {
                        "desktop" => td_string!(i18n.get_locale(), agent.pasted_desktop),
                        _ => td_string!(i18n.get_locale(), agent.pasted_mobile),
                    })}
                </p>
                <SessionProgress session/>
                <PresenceNote technicians/>
            </div>
            <footer class="ra-dialog__footer">
                <button
                    type="button"
                    class="ra-button"
                    class:ra-button--primary=move || expired.get() || error.get().is_some()
                    disabled=move || loading.get()
                    on:click=move |_| {
                        pasted.set(None);
                        on_new_pin.run(());
                    }
                >
                    {tr(|l| td_string!(l, agent.new_pin))}
                </button>
                <button type="button" class="ra-button ra-assist__close" on:click=move |_| finish_close()>
                    {tr(|l| td_string!(l, agent.close))}
                </button>
            </footer>
        </dialog>
    }
}
