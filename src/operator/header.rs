use leptos::prelude::*;

use super::auth::Me;
use super::i18n::td_string;
use super::sound_toggle::SoundToggle;
use super::use_i18n;
use crate::api;
use crate::components::LangSwitch;
use crate::operator::{tr, Texts};

/// Which page the header is on.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum OperatorPage {
    Agent,
    Console,
}

impl OperatorPage {
    /// The page's name, in the current language.
    pub fn title(self, i18n: Texts) -> &'static str {
        match self {
            OperatorPage::Agent => td_string!(i18n.get_locale(), operator.agent_desktop),
            OperatorPage::Console => td_string!(i18n.get_locale(), operator.technician_console),
        }
    }
}

/// The operator pages' top bar: the two pages, sound, who is signed in, and
/// **Sign out**.
#[component]
pub fn OperatorHeader(page: OperatorPage) -> impl IntoView {
    let i18n = use_i18n();
    let me = use_context::<Me>();
    let signing_out = RwSignal::new(false);
    let sign_out = move |_| {
        signing_out.set(true);
        leptos::task::spawn_local(async move {
            let _ = api::logout().await;
            if let Some(w) = web_sys::window() {
                let _ = w.location().assign("/login");
            }
        });
    };
    let link = move |target: OperatorPage, href: &'static str| {
        view! {
            <a
                class="ra-topbar__link"
                class:ra-topbar__link--current=page == target
                href=href
                aria-current=(page == target).then_some("page")
            >
                {move || target.title(i18n)}
            </a>
        }
    };
    view! {
        <header class="ra-topbar">
            <p class="ra-topbar__brand">"Remote Assist"</p>
            <nav class="ra-topbar__nav" aria-label=move || td_string!(i18n.get_locale(), operator.pages)>
                {link(OperatorPage::Agent, "/agent")}
                {link(OperatorPage::Console, "/console")}
            </nav>
            <div class="ra-topbar__end">
                <LangSwitch/>
                <SoundToggle/>
                <span class="ra-topbar__who">{me.map(|Me(op)| op.name)}</span>
                <button type="button" class="ra-button ra-button--small" on:click=sign_out disabled=move || signing_out.get()>
                    {tr(|l| td_string!(l, operator.sign_out))}
                </button>
            </div>
        </header>
    }
}
