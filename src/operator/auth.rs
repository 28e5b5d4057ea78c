//! Who is signed in, and the guard in front of `/agent` and `/console`.

use leptos::prelude::*;

use crate::operator::load::Load;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_location;
use protocol::api::Operator;

use super::i18n::td_string;
use crate::api;
use crate::operator::tr;

/// The signed-in operator, provided by [`RequireOperator`] to its children.
#[derive(Clone, PartialEq, Debug)]
pub struct Me(pub Operator);

/// Where sign-in may send someone back to: a path of this app only (never
/// another site, never back to sign-in); `/agent` otherwise.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n)
            if n.starts_with('/')
                && !n.starts_with("//")
                && !n.starts_with("/\\")
                && !n.starts_with("/login")
                && !n.chars().any(char::is_control) =>
        {
            n.to_string()
        }
        _ => "/agent".to_string(),
    }
}

/// `/login?next=…` for coming back to `here` afterwards.
pub fn login_url(here: &str) -> String {
    let next = safe_next(Some(here));
    format!(
        "/login?next={}",
        String::from(js_sys::encode_uri_component(&next))
    )
}

/// The session ended while the page was open: off to sign-in, then back.
pub fn sign_in_again() {
    if let Some(window) = web_sys::window() {
        let location = window.location();
        let here = format!(
            "{}{}",
            location.pathname().unwrap_or_default(),
            location.search().unwrap_or_default()
        );
        let _ = location.assign(&login_url(&here));
    }
}

/// Shows its children to a signed-in operator only: asks the service who is
/// signed in, sends everyone else to `/login` (and back here afterwards),
/// and says so in place when the service cannot be reached.
#[component]
pub fn RequireOperator(children: ChildrenFn) -> impl IntoView {
    let me = Load::new(api::me);
    let location = use_location();
    let here = move || {
        format!(
            "{}{}",
            location.pathname.get_untracked(),
            location.search.get_untracked()
        )
    };
    // No <Suspense> here: the pages' own resources show their own loading
    // states instead of hiding the whole page again.
    move || {
        let children = children.clone();
        match me.get() {
            None => view! {
                <p class="ra-op-status" role="status">{tr(|l| td_string!(l, operator.checking_sign_in))}</p>
            }
            .into_any(),
            Some(Ok(op)) => {
                provide_context(Me(op));
                children().into_any()
            }
            Some(Err(e)) if e.is_unauthorized() => {
                view! { <Redirect path=login_url(&here())/> }.into_any()
            }
            Some(Err(e)) => view! {
                <div class="ra-op-status ra-op-status--error" role="alert">
                    <p>{e.to_string()}</p>
                    <button type="button" class="ra-button" on:click=move |_| me.refetch()>
                        {tr(|l| td_string!(l, operator.try_again))}
                    </button>
                </div>
            }
            .into_any(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn next_stays_in_this_app() {
        assert_eq!(safe_next(Some("/console")), "/console");
        assert_eq!(safe_next(Some("/agent?c=1")), "/agent?c=1");
        assert_eq!(safe_next(Some("//evil.example")), "/agent");
        assert_eq!(safe_next(Some("/\\evil.example")), "/agent");
        assert_eq!(safe_next(Some("https://evil.example")), "/agent");
        assert_eq!(safe_next(Some("/login?next=/x")), "/agent");
        assert_eq!(safe_next(None), "/agent");
    }
}
