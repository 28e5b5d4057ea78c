//! `/`: the customer types the PIN the agent read out or pasted.

use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use protocol::{Pin, PinError};

use super::{Nav, PageHeading, Route};
use crate::api::{self, ApiError};
use crate::i18n::{use_lang, Key, Msg};

/// Reads what the customer typed: the PIN, or a sentence saying what to fix.
/// Spaces and dashes are fine ("123 456", "123-456"); anything else is not.
pub fn pin_problem(input: &str) -> Result<Pin, Msg> {
    Pin::parse(input).map_err(|e| match e {
        PinError::Empty => Msg::Text(Key::CustomerPinEmpty),
        PinError::NotDigits => Msg::Text(Key::CustomerPinNotDigits),
        PinError::WrongLength(n) => Msg::With(Key::CustomerPinWrongLength, "count", n.to_string()),
    })
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
pub(crate) fn refusal_text(error: &ApiError) -> Msg {
    if let Some(secs) = error
        .retry_after_secs()
        .filter(|_| error.status() == Some(429))
    {
        return Msg::Wait(Key::CustomerPinTooManyWait, secs);
    }
    if error.status() == Some(429) {
        return Msg::Text(Key::CustomerPinTooMany);
    }
    if unreachable(error) {
        return Msg::Text(Key::CommonUnreachable);
    }
    Msg::Text(Key::CustomerPinRefused)
}

#[derive(Clone, PartialEq, Eq, Debug)]
enum Problem {
    /// Ill-formed or refused: the field is invalid.
    Invalid(Msg),
    /// Nothing wrong with the field (limited, out of reach).
    Notice(Msg),
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
    let i18n = use_lang();
    i18n.title(Key::CustomerTitlesPin);
    let text = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<Problem>);
    let checking = RwSignal::new(false);
    let input = NodeRef::<html::Input>::new();

    let invalid = move || matches!(problem.get(), Some(Problem::Invalid(_)));
    let message = move || match problem.get() {
        Some(Problem::Invalid(m) | Problem::Notice(m)) => i18n.msg(&m),
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
            <h2 id="ra-entry-title" class="ra-card__title">{i18n.tr(Key::CustomerPinHeading)}</h2>
            {malformed
                .then(|| {
                    view! {
                        <p id="ra-pin-link" class="ra-notice ra-notice--warn">
                            {i18n.tr(Key::CustomerPinLinkMalformed)}
                        </p>
                    }
                })}
            <form class="ra-entry__form" novalidate=true on:submit=on_submit>
                <label for="ra-pin" class="ra-field__label">{i18n.tr(Key::CustomerPinLabel)}</label>
                <p id="ra-pin-hint" class="ra-field__hint">
                    {i18n.tr(Key::CustomerPinHint)}
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
                    {i18n.tr(Key::CustomerPinSubmit)}
                </button>
                <p class="ra-field__hint" role="status">
                    {move || if checking.get() { i18n.t(Key::CustomerPinChecking) } else { "" }}
                </p>
            </form>
        </section>
    }
}
