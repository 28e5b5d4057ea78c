//! The mobile page (phones and tablets): the app store for this system, the
//! PIN large with **Copy**, **Open in app** carrying the PIN, a plain word
//! that the session is view only, and the consent.

use leptos::prelude::*;
use leptos::task::spawn_local;
use protocol::api::PublicConfig;
use protocol::{DeviceClass, Os, Pin};

use crate::i18n::{use_lang, Key};

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
    let i18n = use_lang();
    let who = move || asker.with(|a| Asker::text(a.as_ref(), i18n.get()));
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
            <h2 id="ra-landing-title" class="ra-card__title">{i18n.tr(Key::CustomerMobileHeading)}</h2>
            <p class="ra-landing__who">
                <strong>{who}</strong>
                {i18n.tr(Key::CustomerLandingWantsToSee)}
            </p>
            <p class="ra-notice ra-notice--info">
                {i18n.tr(Key::CustomerMobileViewOnly)}
            </p>

            <div class="ra-pin-box">
                <p class="ra-pin-box__label">{i18n.tr(Key::CustomerLandingYourPin)}</p>
                <p class="ra-pin ra-pin--large" role="img" aria-label=pin.spoken()>{pin.grouped()}</p>
                <button type="button" class="ra-button ra-pin-box__copy" on:click=copy>
                    {i18n.tr(Key::CustomerMobileCopyPin)}
                </button>
                <p class="ra-pin-box__copied" role="status">
                    {move || match copied.get() {
                        Some(true) => i18n.t(Key::CustomerMobileCopied),
                        Some(false) => i18n.t(Key::CustomerMobileCopyFailed),
                        None => "",
                    }}
                </p>
            </div>

            <ol class="ra-steps">
                <li class="ra-steps__item">{i18n.tr(Key::CustomerMobileStepInstall)}</li>
                <li class="ra-steps__item">
                    {i18n.tr(Key::CustomerMobileStepOpenBefore)} <strong>{i18n.tr(Key::CustomerMobileOpenInApp)}</strong> {i18n.tr(Key::CustomerMobileStepOpenAfter)}
                </li>
                <li class="ra-steps__item">
                    {i18n.tr(Key::CustomerMobileStepAllowBefore)} <strong>{i18n.tr(Key::CustomerLandingAllow)}</strong> {i18n.tr(Key::CustomerMobileStepAllowAfter)}
                </li>
            </ol>

            <h3 class="ra-landing__subtitle">{i18n.tr(Key::CustomerMobileInstallHeading)}</h3>
            <div class="ra-actions">{stores}</div>
            <div class="ra-actions">
                <a
                    class="ra-button ra-button--block ra-open-app"
                    href=open_in_app
                    aria-disabled=move || open_in_app().is_none().then_some("true")
                >
                    {i18n.tr(Key::CustomerMobileOpenInApp)}
                </a>
            </div>

            <ClaimArea pin class=DeviceClass::Mobile asker resume/>
        </section>
    }
}
