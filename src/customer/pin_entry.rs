//! `/`: the customer types the PIN the agent read out or pasted.

use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use protocol::{Pin, PinError};

use super::{Nav, PageHeading, Route};
use crate::api::{self, ApiError};
use crate::browser;

/// Reads what the customer typed: the PIN, or a sentence saying what to fix.
/// Spaces and dashes are fine ("123 456", "123-456"); anything else is not.
pub fn pin_problem(input: &str) -> Result<Pin, String> {
    Pin::parse(input).map_err(|e| match e {
        PinError::Empty => "Enter the 6-digit PIN your support agent gave you.".to_string(),
        PinError::NotDigits => {
            "A PIN has the digits 0 to 9 only. Spaces and dashes are fine.".to_string()
        }
        PinError::WrongLength(n) => format!("A PIN has 6 digits. You typed {n}."),
    })
}

/// "45 seconds", "2 minutes": how long to wait before trying again.
pub(crate) fn wait_text(secs: u64) -> String {
    match secs {
        0 | 1 => "a second".to_string(),
        2..=90 => format!("{secs} seconds"),
        _ => format!("{} minutes", secs.div_ceil(60)),
    }
}

/// Whether the service is out of reach (rather than saying no).
pub(crate) fn unreachable(error: &ApiError) -> bool {
    match error {
        ApiError::Network => true,
        ApiError::Status { status, .. } => *status >= 500,
        ApiError::Decode => false,
    }
}

/// What the page says when the service refuses a PIN: one neutral sentence
/// for wrong, expired and used PINs; how long to wait when attempts are
/// limited; a way forward when the service is out of reach.
pub(crate) fn refusal_text(error: &ApiError) -> String {
    if let Some(secs) = error
        .retry_after_secs()
        .filter(|_| error.status() == Some(429))
    {
        return format!("Too many tries. Wait {} and try again.", wait_text(secs));
    }
    if error.status() == Some(429) {
        return "Too many tries. Wait a minute and try again.".to_string();
    }
    if unreachable(error) {
        return "We can't reach the support service right now. Check your internet connection and try again.".to_string();
    }
    "This PIN doesn't work. It may be mistyped, expired or already used. Check it, or ask your support agent for a new one.".to_string()
}

#[derive(Clone, PartialEq, Eq, Debug)]
enum Problem {
    /// Ill-formed or refused: the field is invalid.
    Invalid(String),
    /// Nothing wrong with the field (limited, out of reach).
    Notice(String),
}

/// `/`: one field labelled **PIN** and **Continue**. The PIN is checked with
/// the service without claiming it, then the page for this device opens.
#[component]
pub fn PinEntry(
    /// The link's code was ill-formed: say so above the field.
    #[prop(optional)]
    malformed: bool,
) -> impl IntoView {
    let nav = use_context::<Nav>();
    browser::set_title("Enter your PIN · Remote assistance");
    let text = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<Problem>);
    let checking = RwSignal::new(false);
    let input = NodeRef::<html::Input>::new();

    let invalid = move || matches!(problem.get(), Some(Problem::Invalid(_)));
    let message = move || match problem.get() {
        Some(Problem::Invalid(m) | Problem::Notice(m)) => m,
        None => String::new(),
    };
    let described_by = move || {
        let mut ids = String::from("ra-pin-hint");
        if malformed {
            ids.push_str(" ra-pin-link");
        }
        if problem.with(Option::is_some) {
            ids.push_str(" ra-pin-error");
        }
        ids
    };

    let on_input = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        // Once the field is fixed, the complaint goes.
        if matches!(problem.get_untracked(), Some(Problem::Invalid(_)))
            && Pin::parse(&value).is_ok()
        {
            problem.set(None);
        }
        text.set(value);
    };

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if checking.get_untracked() {
            return;
        }
        // Read the field itself too: autofill and pasting may not fire input.
        let typed = input
            .get_untracked()
            .map(|i| i.value())
            .unwrap_or_else(|| text.get_untracked());
        let pin = match pin_problem(&typed) {
            Ok(pin) => pin,
            Err(why) => {
                problem.set(Some(Problem::Invalid(why)));
                if let Some(i) = input.get_untracked() {
                    let _ = i.focus();
                }
                return;
            }
        };
        problem.set(None);
        checking.set(true);
        spawn_local(async move {
            let answer = api::check_pin(pin.as_str()).await;
            checking.set(false);
            match answer {
                Ok(info) => {
                    if let Some(nav) = nav {
                        nav.checked.set(Some((pin, info)));
                        nav.go("/", Route::Link(pin));
                    }
                }
                Err(error) => {
                    let text = refusal_text(&error);
                    let limited = error.status() == Some(429) || unreachable(&error);
                    problem.set(Some(if limited {
                        Problem::Notice(text)
                    } else {
                        Problem::Invalid(text)
                    }));
                }
            }
        });
    };

    view! {
        <PageHeading/>
        <section class="ra-card ra-entry">
            <h2 id="ra-entry-title" class="ra-card__title">"Enter your PIN"</h2>
            {malformed
                .then(|| {
                    view! {
                        <p id="ra-pin-link" class="ra-notice ra-notice--warn">
                            "The link you opened has no valid PIN in it. Type the 6-digit PIN from your support agent instead."
                        </p>
                    }
                })}
            <form class="ra-entry__form" novalidate=true on:submit=on_submit>
                <label for="ra-pin" class="ra-field__label">"PIN"</label>
                <p id="ra-pin-hint" class="ra-field__hint">
                    "The 6 digits your support agent gave you, for example 123 456."
                </p>
                <input
                    id="ra-pin"
                    node_ref=input
                    class="ra-field__input ra-field__input--pin"
                    type="text"
                    name="pin"
                    inputmode="numeric"
                    autocomplete="one-time-code"
                    autocapitalize="off"
                    spellcheck="false"
                    enterkeyhint="go"
                    aria-invalid=move || if invalid() { "true" } else { "false" }
                    aria-describedby=described_by
                    prop:value=move || text.get()
                    on:input=on_input
                />
                <p id="ra-pin-error" class="ra-field__error" role="alert">
                    {message}
                </p>
                <button
                    type="submit"
                    class="ra-button ra-button--primary ra-button--block"
                    aria-disabled=move || checking.get().then_some("true")
                >
                    "Continue"
                </button>
                <p class="ra-field__hint" role="status">
                    {move || if checking.get() { "Checking your PIN…" } else { "" }}
                </p>
            </form>
        </section>
    }
}
