use leptos::either::Either;
use leptos::prelude::*;
use protocol::linkify::{linkify, Piece};

/// A message's text: always text, with `http:` and `https:` URLs as links
/// that open in a new tab without handing this page to the other site.
#[component]
pub fn MessageText(
    /// The message as the sender wrote it.
    #[prop(into)]
    text: String,
) -> impl IntoView {
    linkify(&text)
        .into_iter()
        .map(|piece| match piece {
            Piece::Text(t) => Either::Left(t.to_string()),
            Piece::Link(url) => Either::Right(view! {
                <a class="ra-msg__link" href=url.to_string() target="_blank" rel="noopener noreferrer">
                    {url.to_string()}
                </a>
            }),
        })
        .collect_view()
}
