use leptos::prelude::*;

use crate::i18n::{use_lang, Key};

/// The static shell's heading (`index.html`, `<h1 class="ra-shell__title">`),
/// in English (the catalogue's `shell.title`): every customer page starts
/// with the same element, so nothing moves when the app takes over.
pub const SHELL_TITLE: &str = "Remote assistance";

/// The static shell's lead paragraph (`<p class="ra-shell__lead">`, the
/// catalogue's `shell.lead`), the largest text in the HTML (what Lighthouse
/// counts as the LCP element).
pub const SHELL_LEAD: &str = "Help from your support team, right here in your browser. No account needed, and nothing is shared until you allow it.";

/// The heading every customer page starts with: the shell's `h1` and, unless
/// the page has its own `title`, the shell's lead paragraph, in the reader's
/// language.
#[component]
pub fn PageHeading(
    /// A page's own title in place of the shell's (the chat).
    #[prop(optional)]
    title: Option<Key>,
    /// Shows the shell's lead paragraph under the title.
    #[prop(default = true)]
    lead: bool,
) -> impl IntoView {
    let i18n = use_lang();
    let title = title.unwrap_or(Key::ShellTitle);
    view! {
        <h1 class="ra-shell__title">{i18n.tr(title)}</h1>
        {lead.then(|| view! { <p class="ra-shell__lead">{i18n.tr(Key::ShellLead)}</p> })}
    }
}
