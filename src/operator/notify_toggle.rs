use leptos::prelude::*;
use web_sys::NotificationPermission;

use super::alerts;

/// Offers desktop notifications while the browser has not been asked yet,
/// and says so when they are blocked.
#[component]
pub fn NotifyToggle() -> impl IntoView {
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
                    "Enable desktop notifications"
                </button>
            }
            .into_any(),
        ),
        Some(NotificationPermission::Denied) => Some(
            view! {
                <span class="ra-note">"Desktop notifications are blocked in this browser."</span>
            }
            .into_any(),
        ),
        _ => None,
    }
}
