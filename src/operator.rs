//! The operator app: sign-in, Agent Desktop and Technician Console, routed
//! with leptos_router. Its assets live under `/op/`.

pub mod agent;
pub mod alerts;
pub mod auth;
pub mod clock;
pub mod console;
pub mod copy_button;
pub mod header;
pub mod login;
pub mod notify_toggle;
pub mod operator_chats;
pub mod sound_toggle;

use leptos::prelude::*;
use leptos_router::components::{Redirect, Route, Router, Routes};
use leptos_router::path;

use alerts::Chime;

#[component]
pub fn App() -> impl IntoView {
    // One sound for the whole app, so the browser's permission is asked once.
    provide_context(Chime::new());
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
    view! {
        <div class="ra-page">
            <h1>"Page not found"</h1>
            <p><a href="/agent">"Agent Desktop"</a> " · " <a href="/console">"Technician Console"</a></p>
        </div>
    }
}

pub fn mount() {
    crate::customer::mount_into_shell(App);
}
