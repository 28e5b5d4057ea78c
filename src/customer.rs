//! The customer app: routed by a small match on the path (History API), no
//! router crate, so that the bundle stays small.

mod chat_page;
mod link_page;
mod pin_entry;

use leptos::prelude::*;
use protocol::links::{code_from_location, LinkCode};
use protocol::Pin;

use crate::browser;

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
}

impl Nav {
    /// Goes to a page, adding a history entry.
    pub fn go(&self, path: &str, route: Route) {
        browser::push_url(path);
        self.route.set(route);
    }
}

#[component]
pub fn App() -> impl IntoView {
    let (path, query) = browser::location();
    let route = RwSignal::new(Route::from_location(&path, &query));
    // The code leaves the address bar once read.
    if matches!(route.get_untracked(), Route::Link(_)) || query.contains("code=") {
        browser::replace_url("/");
    }
    provide_context(Nav { route });
    let on_popstate = move |_: web_sys::PopStateEvent| {
        let (path, query) = browser::location();
        route.set(Route::from_location(&path, &query));
    };
    let _ = window_event_listener(leptos::ev::popstate, on_popstate);

    move || match route.get() {
        Route::Entry { malformed } => view! { <pin_entry::PinEntry malformed/> }.into_any(),
        Route::Link(pin) => view! { <link_page::LinkPage pin/> }.into_any(),
        Route::Chat => view! { <chat_page::ChatPage/> }.into_any(),
    }
}

/// Mounts the customer app in place of the page's static shell.
pub fn mount() {
    mount_into_shell(App);
}

/// Replaces the static shell (`<main id="app">`) with the app, or mounts
/// into the body when there is none.
pub(crate) fn mount_into_shell<F, N>(app: F)
where
    F: FnOnce() -> N + 'static,
    N: IntoView + 'static,
{
    match browser::element_by_id::<web_sys::HtmlElement>("app") {
        Some(root) => {
            root.set_inner_html("");
            leptos::mount::mount_to(root, app).forget();
        }
        None => leptos::mount::mount_to_body(app),
    }
}
