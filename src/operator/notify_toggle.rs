use leptos::prelude::*;
use web_sys::NotificationPermission;

use super::alerts;
use super::i18n::t;
use super::use_i18n;

/// Offers desktop notifications while the browser has not been asked yet,
/// and says so when they are blocked.
#[component]
pub fn NotifyToggle() -> impl IntoView {
    let i18n = use_i18n();
    let permission = RwSignal::new(alerts::notification_permission());
    let ask = move |_| {
        leptos::task::spawn_local(async move {
            let answer = alerts::request_notifications().await;
            permission.try_set(answer);
        });
    };
    move || match permission.get() {
        Some(NotificationPermission::Default) => Some(
            view! {
                <button type="button" class="ra-button ra-button--small" on:click=ask>
                    {t!(i18n, console.notify_enable)}
                </button>
            }
            .into_any(),
        ),
        Some(NotificationPermission::Denied) => Some(
            view! {
                <span class="ra-note">{t!(i18n, console.notify_blocked)}</span>
            }
            .into_any(),
        ),
        _ => None,
    }
}
