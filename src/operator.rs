//! The operator app: sign-in, Agent Desktop and Technician Console, routed
//! with leptos_router. Its assets live under `/op/`.

pub mod agent;
pub mod alerts;
pub mod auth;
pub mod clock;
pub mod console;
pub mod copy_button;
pub mod header;
pub mod load;
pub mod login;
pub mod notify_toggle;
pub mod operator_chats;
pub mod sound_toggle;

use leptos::prelude::*;
use leptos_router::components::{Redirect, Route, Router, Routes};
use leptos_router::path;

use crate::i18n::{I18n, Lang};
use alerts::Chime;

// The `i18n` module leptos_i18n generates from `locales/*.json` (build.rs):
// the `Locale`, `td!` and `td_string!` (texts in a given locale; a key
// missing from a language fails the build).
include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

/// The operator pages' language for leptos_i18n's `td_string!`: the app's
/// one language state (stored choice, else the browser's), read as a
/// leptos_i18n `Locale`. leptos_i18n's own context would be a second state
/// kept in step with it, and its set-up parses locale tags with ICU (about
/// 17 KB of wasm).
#[derive(Clone, Copy)]
pub struct Texts(I18n);

impl Texts {
    /// The locale now (tracked: a view or effect reading it follows a
    /// change of language).
    pub fn get_locale(&self) -> i18n::Locale {
        locale(self.0.get())
    }
}

/// The language state for `td_string!`, set up here when a page is mounted
/// on its own (tests) rather than under [`App`].
pub fn use_i18n() -> Texts {
    Texts(crate::i18n::use_lang())
}

/// leptos_i18n's locale for the app's language.
pub fn locale(lang: Lang) -> i18n::Locale {
    match lang {
        Lang::En => i18n::Locale::en,
        Lang::Ja => i18n::Locale::ja,
    }
}

#[component]
pub fn App() -> impl IntoView {
    // One sound for the whole app, so the browser's permission is asked once.
    provide_context(Chime::new());
    crate::i18n::use_lang();
    view! {
        <Router>
            <Routes fallback=|| view! { <NotFound/> }>
                <Route path=path!("/login") view=login::LoginPage/>
                <Route path=path!("/agent") view=agent::AgentDesktop/>
                <Route path=path!("/console") view=console::Console/>
                <Route path=path!("/") view=|| view! { <Redirect path="/agent"/> }/>
            </Routes>
        </Router>
    }
}

#[component]
fn NotFound() -> impl IntoView {
    use i18n::td_string;
    view! {
        <div class="ra-page">
            <crate::components::LangSwitch/>
            <h1>{tr(|l| td_string!(l, operator.not_found))}</h1>
            <p>
                <a href="/agent">{tr(|l| td_string!(l, operator.agent_desktop))}</a>
                " · "
                <a href="/console">{tr(|l| td_string!(l, operator.technician_console))}</a>
            </p>
        </div>
    }
}

pub fn mount() {
    crate::customer::mount_into_shell(App, "operator");
}

/// An operator-page text that follows the chosen language. Every call gives
/// the same view type, so the page carries one reactive text node's code
/// however many texts it shows (`t!` makes a closure type per call).
pub fn tr(text: fn(i18n::Locale) -> &'static str) -> impl IntoView + Copy {
    let i18n = use_i18n();
    move || text(i18n.get_locale())
}
