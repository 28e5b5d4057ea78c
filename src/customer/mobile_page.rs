//! The mobile page (phones and tablets): the app store for this system, the
//! PIN large with **Copy**, **Open in app** carrying the PIN, a plain word
//! that the session is view only, and the consent.

use leptos::prelude::*;
use leptos::task::spawn_local;
use protocol::api::PublicConfig;
use protocol::{DeviceClass, Os, Pin};

use super::claim::{Asker, ClaimArea};
use super::desktop_page::{setting_href, Setting};
use super::SavedSession;
use crate::browser;

/// An app store.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Store {
    AppStore,
    GooglePlay,
}

impl Store {
    /// The link's name: **App Store**, **Google Play**.
    pub fn label(self) -> &'static str {
        match self {
            Store::AppStore => "App Store",
            Store::GooglePlay => "Google Play",
        }
    }

    pub fn url(self, config: &PublicConfig) -> &str {
        match self {
            Store::AppStore => &config.app_store_url,
            Store::GooglePlay => &config.play_store_url,
        }
    }
}

/// The stores to offer: App Store on iOS, Google Play on Android, both
/// anywhere else.
pub fn stores_for(os: Os) -> &'static [Store] {
    match os {
        Os::Ios => &[Store::AppStore],
        Os::Android => &[Store::GooglePlay],
        _ => &[Store::AppStore, Store::GooglePlay],
    }
}

#[component]
pub fn MobilePage(
    pin: Pin,
    os: Os,
    #[prop(into)] config: Signal<Option<PublicConfig>>,
    asker: RwSignal<Option<Asker>>,
    resume: Option<SavedSession>,
) -> impl IntoView {
    let who = move || asker.with(|a| Asker::text(a.as_ref()));
    let stores = stores_for(os)
        .iter()
        .map(|&store| {
            let href = setting_href(config, Setting::Store(store));
            view! {
                <a
                    class="ra-button ra-button--primary ra-store"
                    href=href
                    aria-disabled=move || href().is_none().then_some("true")
                    data-store=store.label()
                >
                    {store.label()}
                </a>
            }
        })
        .collect_view();
    let open_in_app = setting_href(config, Setting::AppLink(pin));
    let copied = RwSignal::new(None::<bool>);
    let copy = move |_| {
        // `navigator.clipboard` exists only in secure contexts.
        let navigator = web_sys::window().map(|w| w.navigator());
        let available = navigator.is_some_and(|n| {
            js_sys::Reflect::get(&n, &"clipboard".into()).is_ok_and(|c| c.is_object())
        });
        if !available {
            copied.set(Some(false));
            return;
        }
        spawn_local(async move {
            copied.set(Some(browser::copy_text(pin.as_str()).await));
        });
    };

    view! {
        <section class="ra-card ra-landing ra-landing--mobile" aria-labelledby="ra-landing-title">
            <h2 id="ra-landing-title" class="ra-card__title">"Let a technician see this screen"</h2>
            <p class="ra-landing__who">
                <strong>{who}</strong>
                " would like to see your screen to help you."
            </p>
            <p class="ra-notice ra-notice--info">
                "View only: the technician can see your screen but cannot control it."
            </p>

            <div class="ra-pin-box">
                <p class="ra-pin-box__label">"Your PIN"</p>
                <p class="ra-pin ra-pin--large" role="img" aria-label=pin.spoken()>{pin.grouped()}</p>
                <button type="button" class="ra-button ra-pin-box__copy" on:click=copy>
                    "Copy PIN"
                </button>
                <p class="ra-pin-box__copied" role="status">
                    {move || match copied.get() {
                        Some(true) => "PIN copied.",
                        Some(false) => "Copying is not possible here: note the PIN down instead.",
                        None => "",
                    }}
                </p>
            </div>

            <ol class="ra-steps">
                <li class="ra-steps__item">"Install the support app."</li>
                <li class="ra-steps__item">
                    "Tap " <strong>"Open in app"</strong> ": your PIN is filled in."
                </li>
                <li class="ra-steps__item">
                    "Press " <strong>"Allow"</strong> " below. You can end the session at any time."
                </li>
            </ol>

            <h3 class="ra-landing__subtitle">"Install the support app"</h3>
            <div class="ra-actions">{stores}</div>
            <div class="ra-actions">
                <a
                    class="ra-button ra-button--block ra-open-app"
                    href=open_in_app
                    aria-disabled=move || open_in_app().is_none().then_some("true")
                >
                    "Open in app"
                </a>
            </div>

            <ClaimArea pin class=DeviceClass::Mobile asker resume/>
        </section>
    }
}
