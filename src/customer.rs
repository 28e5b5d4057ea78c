//! The customer pages, in two bundles so that each page downloads only
//! what it shows (README "What the bundles weigh"):
//!
//! - the customer bundle ([`App`], bin `customer`), routed by a small match
//!   on the path (History API), no router crate:
//!   - `/`: [`PinEntry`] (manual PIN entry);
//!   - `/?code=NNNNNN`, `/NNNNNN`: [`LinkPage`], which picks [`DesktopPage`]
//!     or [`MobilePage`] by the detected device ([`DevicePage`] takes the
//!     device as a prop, for tests);
//! - the chat bundle ([`ChatApp`], bin `chat`): `/chat`, [`ChatPage`].
//!
//! Every page starts with [`PageHeading`], the same heading element the
//! static shell in `index.html` holds, so the heading stays where it is when
//! the app takes over.

mod after_paint;
mod chat_page;
mod claim;
mod desktop_page;
mod heading;
mod link_page;
mod mobile_page;
mod pin_entry;
mod saved;
mod screen_share;
mod share_bar;
mod status;

use leptos::prelude::*;
use protocol::api::PinCheckResponse;
use protocol::links::{code_from_location, LinkCode};
use protocol::Pin;

use crate::browser;
use crate::components::LangSwitch;
use crate::i18n::I18n;

pub use after_paint::AfterFirstPaint;
pub use chat_page::ChatPage;
pub use claim::{consent_text, ClaimArea};
pub use desktop_page::{downloads_for, DesktopPage, Download};
pub use heading::{PageHeading, SHELL_LEAD, SHELL_TITLE};
pub use link_page::{DevicePage, LinkPage};
pub use mobile_page::{stores_for, MobilePage, Store};
pub use pin_entry::{pin_problem, PinEntry};
pub use saved::SavedSession;
pub use screen_share::{ScreenShare, ShareState};
pub use status::{status_text, SessionStatusView};

/// The customer pages.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Route {
    /// `/`: manual PIN entry, with a message when a link's code was ill-formed.
    Entry { malformed: bool },
    /// `/?code=NNNNNN` or `/NNNNNN`: the page for this device.
    Link(Pin),
    /// `/chat`
    Chat,
}

impl Route {
    pub fn from_location(path: &str, query: &str) -> Route {
        if path == "/chat" || path == "/chat/" {
            return Route::Chat;
        }
        match code_from_location(path, query) {
            LinkCode::None => Route::Entry { malformed: false },
            LinkCode::Pin(pin) => Route::Link(pin),
            LinkCode::Malformed => Route::Entry { malformed: true },
        }
    }
}

/// Navigation within the customer app, shared by context.
#[derive(Clone, Copy)]
pub struct Nav {
    pub route: RwSignal<Route>,
    /// What the service said about a PIN typed at `/` (who is asking), so
    /// the page for the device can say it at once.
    pub checked: RwSignal<Option<(Pin, PinCheckResponse)>>,
}

impl Nav {
    pub fn new(route: Route) -> Nav {
        Nav {
            route: RwSignal::new(route),
            checked: RwSignal::new(None),
        }
    }

    /// Goes to a page, adding a history entry.
    pub fn go(&self, path: &str, route: Route) {
        browser::push_url(path);
        self.route.set(route);
    }
}

/// The route to show for this address, given a session this browser is
/// following: a reload at `/` (the code has left the address bar) goes back
/// to that session's page.
pub fn initial_route(path: &str, query: &str, saved: Option<&SavedSession>) -> Route {
    let route = Route::from_location(path, query);
    match (&route, saved.and_then(SavedSession::pin)) {
        (Route::Entry { malformed: false }, Some(pin)) => Route::Link(pin),
        _ => route,
    }
}

#[component]
pub fn App() -> impl IntoView {
    let (path, query) = browser::location();
    let saved = SavedSession::load();
    let nav = Nav::new(match initial_route(&path, &query, saved.as_ref()) {
        // Only a server that predates the chat bundle sends `/chat` here:
        // the PIN entry, rather than reloading the same page again.
        Route::Chat => Route::Entry { malformed: false },
        route => route,
    });
    // The code leaves the address bar once read.
    let code_in_path = !matches!(
        Route::from_location(&path, ""),
        Route::Entry { malformed: false } | Route::Chat
    );
    if code_in_path || protocol::text::contains(&query, "code=") {
        // In a task of its own: the browser's same-document navigation
        // costs about 5 ms, kept out of the page's first build.
        set_timeout(|| browser::replace_url("/"), std::time::Duration::ZERO);
    }
    provide_context(nav);
    I18n::provide();
    let route = nav.route;
    let on_popstate = move |_: web_sys::PopStateEvent| {
        let (path, query) = browser::location();
        match Route::from_location(&path, &query) {
            // The chat is the chat bundle's: the server answers `/chat` with it.
            Route::Chat => browser::reload(),
            back => route.set(back),
        }
    };
    let _ = window_event_listener(leptos::ev::popstate, on_popstate);

    let page = move || match route.get() {
        Route::Entry { malformed } => view! { <PinEntry malformed/> }.into_any(),
        Route::Link(pin) => view! { <LinkPage pin/> }.into_any(),
        // Never set in this bundle (see above).
        Route::Chat => ().into_any(),
    };
    // After the page, so its heading stays the first element (the static
    // shell's); CSS puts the switcher in the top corner.
    view! {
        {page}
        <AfterFirstPaint>
            <LangSwitch/>
        </AfterFirstPaint>
    }
}

/// Mounts the customer app in place of the page's static shell.
pub fn mount() {
    mount_into_shell(App, "customer");
}

/// The chat bundle's root: the customer's chat and the language switcher.
#[component]
pub fn ChatApp() -> impl IntoView {
    I18n::provide();
    view! {
        <ChatPage/>
        <AfterFirstPaint>
            <LangSwitch/>
        </AfterFirstPaint>
    }
}

/// Mounts the customer chat in place of the page's static shell.
pub fn mount_chat() {
    mount_into_shell(ChatApp, "chat");
}

/// Replaces the static shell (`<main id="app">`) with the app, or mounts
/// into the body when there is none, then marks the document with the app's
/// `name` ([`browser::mark_mounted`]).
///
/// In a task of its own after the one that made the wasm ready, so that
/// neither blocks the page for long (Total Blocking Time).
pub(crate) fn mount_into_shell<F, N>(app: F, name: &'static str)
where
    F: FnOnce() -> N + 'static,
    N: IntoView + 'static,
{
    set_timeout(
        move || {
            match browser::element_by_id::<web_sys::HtmlElement>("app") {
                Some(root) => {
                    root.set_inner_html("");
                    leptos::mount::mount_to(root, app).forget();
                }
                None => leptos::mount::mount_to_body(app),
            }
            browser::mark_mounted(name);
        },
        std::time::Duration::ZERO,
    );
}
