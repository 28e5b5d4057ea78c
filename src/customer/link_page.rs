//! `/?code=NNNNNN` and `/NNNNNN`: the page for the visitor's device,
//! whichever link they were given. Opening it claims nothing.

use leptos::prelude::*;
use leptos::task::spawn_local;
use protocol::api::PublicConfig;
use protocol::{DeviceClass, DeviceInfo, Pin};

use super::claim::Asker;
use super::{DesktopPage, MobilePage, Nav, PageHeading, SavedSession};
use crate::api;
use crate::browser;
use crate::i18n::{use_lang, Key};

/// Detects the device, loads the public settings (download and store URLs,
/// the app link) and shows the [`DevicePage`]. When the service cannot be
/// reached it says so, with **Retry**.
#[component]
pub fn LinkPage(pin: Pin) -> impl IntoView {
    let device = browser::detect_device();
    let i18n = use_lang();
    i18n.title(Key::CustomerTitlesLink);
    // Plain signals rather than a resource: the async-derived machinery
    // costs ~13 KB of wasm for one fetch.
    let config = RwSignal::new(None::<PublicConfig>);
    let out_of_reach = RwSignal::new(false);
    let load = move || {
        out_of_reach.set(false);
        spawn_local(async move {
            match api::public_config().await {
                Ok(c) => config.set(Some(c)),
                // Unreachable, or answering what this page cannot use.
                Err(_) => out_of_reach.set(true),
            }
        });
    };
    load();
    let asker = use_context::<Nav>()
        .and_then(|nav| nav.checked.get_untracked())
        .filter(|(checked, _)| *checked == pin)
        .map(|(_, info)| Asker {
            agent_name: info.agent_name,
            org_name: info.org_name,
        });
    let resume = SavedSession::load().filter(|s| s.pin() == Some(pin));

    view! {
        <PageHeading/>
        {move || {
            out_of_reach
                .get()
                .then(|| {
                    view! {
                        <div class="ra-notice ra-notice--error" role="alert">
                            <p class="ra-notice__text">
                                {i18n.tr(Key::CommonUnreachable)}
                            </p>
                            <button type="button" class="ra-button" on:click=move |_| load()>
                                {i18n.tr(Key::CommonRetry)}
                            </button>
                        </div>
                    }
                })
        }}
        <DevicePage pin device config asker resume/>
    }
}

/// The body of the desktop or the mobile page (under the page heading), chosen by the device class alone (phones
/// and tablets are mobile). The device comes in as a prop so tests can pick.
#[component]
pub fn DevicePage(
    pin: Pin,
    device: DeviceInfo,
    /// Public settings once loaded (URLs stay inert until then).
    #[prop(into)]
    config: Signal<Option<PublicConfig>>,
    /// Who is asking, when already known (a PIN checked at `/`).
    #[prop(default = None)]
    asker: Option<Asker>,
    /// A session this browser already follows for this PIN.
    #[prop(default = None)]
    resume: Option<SavedSession>,
) -> impl IntoView {
    let asker = RwSignal::new(asker);
    match device.class {
        DeviceClass::Desktop => {
            view! { <DesktopPage pin os=device.os config asker resume/> }.into_any()
        }
        DeviceClass::Mobile => {
            view! { <MobilePage pin os=device.os config asker resume/> }.into_any()
        }
    }
}
