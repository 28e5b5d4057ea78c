use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;

use super::auth::safe_next;
use super::i18n::td_string;
use super::use_i18n;
use crate::api::{self, ApiError};
use crate::components::LangSwitch;
use crate::i18n::{use_lang, Key};
use crate::operator::tr;

/// Why a sign-in failed.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum SignInError {
    Mismatch,
    TooMany(Option<u64>),
    Other(Key),
}

fn sign_in_error(e: &ApiError) -> SignInError {
    match e.status() {
        Some(401) => SignInError::Mismatch,
        Some(429) => SignInError::TooMany(e.retry_after_secs()),
        _ => SignInError::Other(e.key()),
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
    let i18n = use_i18n();
    let lang = use_lang();
    crate::effect(move || crate::browser::set_title(td_string!(i18n.get_locale(), login.title)));
    let field_error = RwSignal::new(None::<&'static str>);
    let error = RwSignal::new(None::<SignInError>);
    let error_text = move || {
        error.get().map(|e| match e {
            SignInError::Mismatch => td_string!(i18n.get_locale(), login.mismatch).to_string(),
            SignInError::TooMany(Some(secs)) => {
                td_string!(i18n.get_locale(), login.too_many_wait, secs = secs).to_string()
            }
            SignInError::TooMany(None) => td_string!(i18n.get_locale(), login.too_many).to_string(),
            SignInError::Other(key) => lang.t(key).to_string(),
        })
    };

    let sign_in = Action::new_local(|(email, password): &(String, String)| {
        let (email, password) = (email.clone(), password.clone());
        async move { api::login(&email, &password).await }
    });
    let pending = sign_in.pending();
    let navigate = use_navigate();
    crate::effect(move || match sign_in.value().get() {
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
            field_error.set(Some("email"));
            focus("ra-login-email");
            return;
        }
        if p.is_empty() {
            field_error.set(Some("password"));
            focus("ra-login-password");
            return;
        }
        field_error.set(None);
        sign_in.dispatch_local((e.trim().to_string(), p));
    };
    let invalid = move |which: &'static str| field_error.get() == Some(which);
    let message = move |which: &'static str| {
        field_error.get().filter(|f| *f == which).map(|f| match f {
            "email" => td_string!(i18n.get_locale(), login.enter_email),
            _ => td_string!(i18n.get_locale(), login.enter_password),
        })
    };

    view! {
        <div class="ra-login">
            <form class="ra-login__card" on:submit=on_submit novalidate>
                <LangSwitch/>
                <h1 class="ra-login__title">{tr(|l| td_string!(l, login.heading))}</h1>
                <p class="ra-login__lead">{tr(|l| td_string!(l, login.lead))}</p>
                <p class="ra-login__error" role="alert">{error_text}</p>
                <div class="ra-field">
                    <label class="ra-field__label" for="ra-login-email">{tr(|l| td_string!(l, login.email))}</label>
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
                    <label class="ra-field__label" for="ra-login-password">{tr(|l| td_string!(l, login.password))}</label>
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
                    {move || {
                        if pending.get() {
                            td_string!(i18n.get_locale(), login.signing_in)
                        } else {
                            td_string!(i18n.get_locale(), login.sign_in)
                        }
                    }}
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
