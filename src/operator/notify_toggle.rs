use leptos::prelude::*;
use web_sys::NotificationPermission;

use super::alerts;
use super::i18n::td_string;
use crate::operator::tr;

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
                    {tr(|l| td_string!(l, console.notify_enable))}
                </button>
            }
            .into_any(),
        ),
        Some(NotificationPermission::Denied) => Some(
            view! {
                <span class="ra-note">{tr(|l| td_string!(l, console.notify_blocked))}</span>
            }
            .into_any(),
        ),
        _ => None,
    }
}
