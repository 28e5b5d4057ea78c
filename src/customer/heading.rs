use leptos::prelude::*;

/// The static shell's heading (`index.html`, `<h1 class="ra-shell__title">`):
/// every customer page starts with the same element, so nothing moves when
/// the app takes over.
pub const SHELL_TITLE: &str = "Remote assistance";

/// The static shell's lead paragraph (`<p class="ra-shell__lead">`), the
/// largest text in the HTML (what Lighthouse counts as the LCP element).
pub const SHELL_LEAD: &str = "Help from your support team, right here in your browser. No account needed, and nothing is shared until you allow it.";

/// The heading every customer page starts with: the shell's `h1` and, unless
/// the page has its own `title`, the shell's lead paragraph.
#[component]
pub fn PageHeading(
    /// A page's own title in place of the shell's (the chat).
    #[prop(optional)]
    title: Option<&'static str>,
    /// Shows the shell's lead paragraph under the title.
    #[prop(default = true)]
    lead: bool,
) -> impl IntoView {
    view! {
        <h1 class="ra-shell__title">{title.unwrap_or(SHELL_TITLE)}</h1>
        {lead.then(|| view! { <p class="ra-shell__lead">{SHELL_LEAD}</p> })}
    }
}
