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

use alerts::Chime;
use leptos_i18n::context::{init_i18n_context_with_options, I18nContextOptions};

use crate::i18n::{I18n, Lang};

// The `i18n` module leptos_i18n generates from `locales/*.json` (build.rs):
// `use_i18n()`, `t!`, `t_string!`, `Locale`.
include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

/// leptos_i18n's context for `t!`; set up here when a page is mounted on
/// its own (tests) rather than under [`App`].
pub fn use_i18n() -> leptos_i18n::I18nContext<i18n::Locale> {
    use_context().unwrap_or_else(|| {
        provide_languages();
        expect_context()
    })
}

/// leptos_i18n's locale for the app's language.
pub fn locale(lang: Lang) -> i18n::Locale {
    match lang {
        Lang::En => i18n::Locale::en,
        Lang::Ja => i18n::Locale::ja,
    }
}

/// The operator pages' languages: the app's language state (stored choice,
/// else the browser's) and leptos_i18n's context, kept in step with it.
pub fn provide_languages() -> I18n {
    let lang = crate::i18n::use_lang();
    let options = I18nContextOptions::default().enable_cookie(false);
    let ctx = init_i18n_context_with_options::<i18n::Locale>(options);
    ctx.set_locale_untracked(locale(lang.lang.get_untracked()));
    provide_context(ctx);
    crate::effect(move || ctx.set_locale(locale(lang.get())));
    lang
}

#[component]
pub fn App() -> impl IntoView {
    // One sound for the whole app, so the browser's permission is asked once.
    provide_context(Chime::new());
    provide_languages();
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
