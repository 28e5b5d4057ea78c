//! The operator app: sign-in, Agent Desktop and Technician Console, routed
//! with leptos_router. Its assets live under `/op/`.

mod agent;
mod console;
mod login;

use leptos::prelude::*;
use leptos_router::components::{Redirect, Route, Router, Routes};
use leptos_router::path;

#[component]
pub fn App() -> impl IntoView {
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
        <main class="ra-page">
            <h1>"Page not found"</h1>
            <p><a href="/agent">"Agent Desktop"</a> " · " <a href="/console">"Technician Console"</a></p>
        </main>
    }
}

pub fn mount() {
    crate::customer::mount_into_shell(App);
}
