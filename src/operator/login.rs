use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;

use super::auth::safe_next;
use crate::api::{self, ApiError};

/// Words for a failed sign-in.
fn sign_in_error(e: &ApiError) -> String {
    match e.status() {
        Some(401) => "That email and password do not match an operator account.".into(),
        Some(429) => match e.retry_after_secs() {
            Some(s) => format!("Too many attempts. Try again in {s} seconds."),
            None => "Too many attempts. Try again in a little while.".into(),
        },
        _ => e.to_string(),
    }
}

/// `/login`: **Email**, **Password**, **Sign in**. Errors show in place;
/// afterwards it goes back to where the operator came from (`?next=`).
#[component]
pub fn LoginPage() -> impl IntoView {
    let query = use_query_map();
    let next = move || safe_next(query.with_untracked(|q| q.get("next")).as_deref());
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let field_error = RwSignal::new(None::<(&'static str, &'static str)>);
    let error = RwSignal::new(None::<String>);

    let sign_in = Action::new_local(|(email, password): &(String, String)| {
        let (email, password) = (email.clone(), password.clone());
        async move { api::login(&email, &password).await }
    });
    let pending = sign_in.pending();
    let navigate = use_navigate();
    Effect::new(move |_| match sign_in.value().get() {
        Some(Ok(_)) => navigate(
            &next(),
            NavigateOptions {
                replace: true,
                ..Default::default()
            },
        ),
        Some(Err(e)) => error.set(Some(sign_in_error(&e))),
        None => {}
    });

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        let (e, p) = (email.get_untracked(), password.get_untracked());
        if e.trim().is_empty() {
            field_error.set(Some(("email", "Enter your email.")));
            focus("ra-login-email");
            return;
        }
        if p.is_empty() {
            field_error.set(Some(("password", "Enter your password.")));
            focus("ra-login-password");
            return;
        }
        field_error.set(None);
        sign_in.dispatch_local((e.trim().to_string(), p));
    };
    let invalid = move |which: &'static str| field_error.get().is_some_and(|(f, _)| f == which);
    let message = move |which: &'static str| {
        field_error
            .get()
            .filter(|(f, _)| *f == which)
            .map(|(_, m)| m)
    };

    view! {
        <div class="ra-login">
            <form class="ra-login__card" on:submit=on_submit novalidate>
                <h1 class="ra-login__title">"Sign in"</h1>
                <p class="ra-login__lead">"Remote Assist for agents and technicians."</p>
                <p class="ra-login__error" role="alert">{move || error.get()}</p>
                <div class="ra-field">
                    <label class="ra-field__label" for="ra-login-email">"Email"</label>
                    <input
                        class="ra-field__input"
                        id="ra-login-email"
                        type="email"
                        name="email"
                        autocomplete="username"
                        autofocus
                        aria-invalid=move || invalid("email").to_string()
                        aria-describedby="ra-login-email-error"
                        prop:value=move || email.get()
                        on:input=move |ev| email.set(event_target_value(&ev))
                    />
                    <p class="ra-field__error" id="ra-login-email-error">{move || message("email")}</p>
                </div>
                <div class="ra-field">
                    <label class="ra-field__label" for="ra-login-password">"Password"</label>
                    <input
                        class="ra-field__input"
                        id="ra-login-password"
                        type="password"
                        name="password"
                        autocomplete="current-password"
                        aria-invalid=move || invalid("password").to_string()
                        aria-describedby="ra-login-password-error"
                        prop:value=move || password.get()
                        on:input=move |ev| password.set(event_target_value(&ev))
                    />
                    <p class="ra-field__error" id="ra-login-password-error">{move || message("password")}</p>
                </div>
                <button type="submit" class="ra-button ra-button--primary ra-login__submit" disabled=move || pending.get()>
                    {move || if pending.get() { "Signing in…" } else { "Sign in" }}
                </button>
            </form>
        </div>
    }
}

fn focus(id: &str) {
    if let Some(el) = crate::browser::element_by_id::<web_sys::HtmlElement>(id) {
        let _ = el.focus();
    }
}
