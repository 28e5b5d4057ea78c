//! The desktop page: who is asking, three steps, the support app for this
//! computer's system, the PIN, a QR code for the phone, and the consent.

use leptos::prelude::*;
use protocol::api::{paths, PublicConfig};
use protocol::links::app_link;
use protocol::{DeviceClass, Os, Pin};

use crate::i18n::{use_lang, Key};

use super::claim::{Asker, ClaimArea};
use super::screen_share::ScreenShare;
use super::{SavedSession, Store};

/// A support-app download.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Download {
    Windows,
    MacOs,
}

impl Download {
    /// The link's name: **Windows**, **macOS**.
    pub fn label(self) -> &'static str {
        match self {
            Download::Windows => "Windows",
            Download::MacOs => "macOS",
        }
    }

    pub fn url(self, config: &PublicConfig) -> &str {
        match self {
            Download::Windows => &config.windows_download_url,
            Download::MacOs => &config.mac_download_url,
        }
    }
}

/// The downloads to offer: the one for this system, or both when the
/// support app does not run on it (Linux, ChromeOS, unknown).
pub fn downloads_for(os: Os) -> &'static [Download] {
    match os {
        Os::Windows => &[Download::Windows],
        Os::MacOs => &[Download::MacOs],
        _ => &[Download::Windows, Download::MacOs],
    }
}

/// A link address that comes from the public settings.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Setting {
    Download(Download),
    Store(Store),
    /// The app link carrying this PIN.
    AppLink(Pin),
}

impl Setting {
    fn url(self, config: &PublicConfig) -> String {
        match self {
            Setting::Download(d) => d.url(config).to_string(),
            Setting::Store(s) => s.url(config).to_string(),
            Setting::AppLink(_) if config.app_link_template.is_empty() => String::new(),
            Setting::AppLink(pin) => app_link(&config.app_link_template, pin),
        }
    }
}

/// A link's `href` from the public settings: none (the link is inert, with
/// `aria-disabled`) until they are loaded, or when the setting is empty.
/// One closure type for every such link keeps the wasm small.
pub(crate) fn setting_href(
    config: Signal<Option<PublicConfig>>,
    setting: Setting,
) -> impl Fn() -> Option<String> + Copy + Send + Sync + 'static {
    move || {
        config
            .with(|c| c.as_ref().map(|c| setting.url(c)))
            .filter(|url| !url.is_empty())
    }
}

#[component]
pub fn DesktopPage(
    pin: Pin,
    os: Os,
    #[prop(into)] config: Signal<Option<PublicConfig>>,
    asker: RwSignal<Option<Asker>>,
    resume: Option<SavedSession>,
) -> impl IntoView {
    let i18n = use_lang();
    let who = move || asker.with(|a| Asker::text(a.as_ref(), i18n.get()));
    let supported = matches!(os, Os::Windows | Os::MacOs);
    let downloads = downloads_for(os)
        .iter()
        .map(|&download| {
            let href = setting_href(config, Setting::Download(download));
            view! {
                <a
                    class="ra-button ra-button--primary ra-download"
                    class:ra-button--secondary=!supported
                    href=href
                    aria-disabled=move || href().is_none().then_some("true")
                    data-os=download.label()
                >
                    {download.label()}
                </a>
            }
        })
        .collect_view();
    let qr = format!("{}?pin={}", paths::PIN_QR, pin);
    let share = ScreenShare::new(config);

    view! {
        <section class="ra-card ra-landing ra-landing--desktop" aria-labelledby="ra-landing-title">
            <h2 id="ra-landing-title" class="ra-card__title">{i18n.tr(Key::CustomerDesktopHeading)}</h2>
            <p class="ra-landing__who">
                <strong>{who}</strong>
                {i18n.tr(Key::CustomerLandingWantsToSee)}
            </p>
            <ol class="ra-steps">
                <li class="ra-steps__item">{i18n.tr(Key::CustomerDesktopStepDownload)}</li>
                <li class="ra-steps__item">
                    {i18n.tr(Key::CustomerDesktopStepAllowBefore)} <strong>{i18n.tr(Key::CustomerLandingAllow)}</strong> {i18n.tr(Key::CustomerDesktopStepAllowAfter)}
                    <span class="ra-pin-inline" role="img" aria-label=pin.spoken()>{pin.grouped()}</span> {i18n.tr(Key::CustomerDesktopStepAllowEnd)}
                </li>
                <li class="ra-steps__item">
                    {i18n.tr(Key::CustomerDesktopStepConnect)}
                </li>
            </ol>

            <h3 class="ra-landing__subtitle">{i18n.tr(Key::CustomerDesktopDownloadHeading)}</h3>
            {(!supported)
                .then(|| {
                    view! {
                        <p class="ra-landing__note">
                            {i18n.tr(Key::CustomerDesktopUnsupported)}
                        </p>
                    }
                })}
            <div class="ra-actions">{downloads}</div>

            <div class="ra-pin-box">
                <p class="ra-pin-box__label">{i18n.tr(Key::CustomerLandingYourPin)}</p>
                <p class="ra-pin" role="img" aria-label=pin.spoken()>{pin.grouped()}</p>
            </div>

            <ClaimArea pin class=DeviceClass::Desktop asker resume share/>
        </section>

        <aside class="ra-card ra-qr" aria-label=i18n.tr(Key::CustomerDesktopQrRegion)>
            <figure class="ra-qr__figure">
                <img
                    class="ra-qr__image"
                    src=qr
                    width="128"
                    height="128"
                    alt=i18n.tr(Key::CustomerDesktopQrAlt)
                    decoding="async"
                />
                <figcaption class="ra-qr__caption">{i18n.tr(Key::CustomerDesktopQrCaption)}</figcaption>
            </figure>
        </aside>
    }
}
