use leptos::prelude::*;

use crate::operator::copy_button::CopyButton;
use crate::operator::i18n::td_string;
use crate::operator::tr;

/// One of the dialog's links with **Paste into chat** (puts it in the chat
/// input at the cursor; sends nothing, closes nothing) and a copy button.
#[component]
pub fn LinkBlock(
    /// "Desktop link" / "Mobile link", in the reader's language.
    #[prop(into)]
    title: Signal<String>,
    /// What kind of link it is, for ids and tests: "desktop link".
    what: &'static str,
    /// What kind of link it is, for the copy button's name, in the reader's
    /// language.
    #[prop(into)]
    name: Signal<String>,
    /// Who it is for: "For Windows and macOS computers.", in the reader's
    /// language.
    #[prop(into)]
    hint: Signal<String>,
    /// The link.
    #[prop(into)]
    link: Signal<String>,
    /// The customer's recorded device matches this link.
    #[prop(into)]
    recommended: Signal<bool>,
    /// Why it is recommended: "The customer is on Mobile · iOS."
    #[prop(into, optional)]
    reason: Signal<Option<String>>,
    /// The PIN has expired (or is being replaced): nothing to paste.
    #[prop(into)]
    disabled: Signal<bool>,
    /// Pastes the link into the chat input.
    on_paste: Callback<String>,
) -> impl IntoView {
    let id = format!("ra-assist-{}", what.replace(' ', "-"));
    let title_id = format!("{id}-title");
    let title_id = &title_id;
    view! {
        <div
            class="ra-assist__link"
            role="group"
            class:ra-assist__link--recommended=move || recommended.get()
            aria-labelledby=title_id.clone()
            data-link=what
        >
            <h3 class="ra-assist__label" id=title_id.clone()>
                {move || title.get()}
                {move || recommended.get().then(|| view! { <span class="ra-badge">{tr(|l| td_string!(l, agent.recommended))}</span> })}
            </h3>
            <p class="ra-assist__hint">
                {move || hint.get()}
                {move || recommended.get().then(|| reason.get()).flatten().map(|r| format!(" {r}"))}
            </p>
            <p class="ra-assist__url" class:ra-assist__url--dim=move || disabled.get()>{move || link.get()}</p>
            <div class="ra-assist__actions">
                <button
                    type="button"
                    class="ra-button ra-button--small"
                    class:ra-button--primary=move || recommended.get()
                    data-recommended=move || recommended.get().then_some("true")
                    disabled=move || disabled.get()
                    on:click=move |_| on_paste.run(link.get_untracked())
                >
                    {tr(|l| td_string!(l, agent.paste))}
                </button>
                <CopyButton text=link what=name disabled/>
            </div>
        </div>
    }
}
