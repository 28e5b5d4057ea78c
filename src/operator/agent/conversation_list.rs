use std::collections::HashMap;

use leptos::prelude::*;
use protocol::api::ConversationSummary;

use super::conversation_item::ConversationItem;
use super::inbox::{sections, unread};

/// The agent's conversations, live: new chats (no agent yet), mine, other
/// agents', and closed ones of the day.
#[component]
pub fn ConversationList(
    /// Every conversation known, by id.
    conversations: RwSignal<HashMap<String, ConversationSummary>>,
    /// Last read sequence number, by id.
    #[prop(into)]
    read: Signal<HashMap<String, i64>>,
    selected: RwSignal<Option<String>>,
    /// The signed-in agent.
    me: i64,
) -> impl IntoView {
    let all = Memo::new(move |_| conversations.with(|c| sections(c, me)));
    let section = move |title: &'static str,
                        pick: fn(&super::inbox::Sections) -> &Vec<ConversationSummary>,
                        show_agent: bool| {
        let ids = Memo::new(move |_| {
            all.with(|s| pick(s).iter().map(|c| c.id.clone()).collect::<Vec<_>>())
        });
        view! {
            <section class="ra-convs__section" hidden=move || ids.with(|i| i.is_empty())>
                <h2 class="ra-convs__heading">{title} " " <span class="ra-convs__count">{move || ids.with(|i| i.len())}</span></h2>
                <ul class="ra-convs__list">
                    <For each=move || ids.get() key=|id| id.clone() let:id>
                        {
                            let id_a = id.clone();
                            let conversation = Signal::derive(move || conversations.with(|c| c.get(&id_a).cloned()));
                            let id_b = id.clone();
                            let count = Signal::derive(move || {
                                conversations.with(|c| c.get(&id_b).map(|c| read.with(|r| unread(c, r))).unwrap_or(0))
                            });
                            let id_c = id.clone();
                            let is_selected = Signal::derive(move || selected.get().as_deref() == Some(id_c.as_str()));
                            let on_select = Callback::new(move |_| selected.set(Some(id.clone())));
                            view! {
                                <ConversationItem conversation unread=count selected=is_selected show_agent on_select/>
                            }
                        }
                    </For>
                </ul>
            </section>
        }
    };
    let empty = move || conversations.with(|c| c.is_empty());
    view! {
        <nav class="ra-convs" aria-label="Conversations">
            <p class="ra-convs__empty" hidden=move || !empty()>
                "No conversations yet. New chats appear here with a sound."
            </p>
            {section("New chats", |s| &s.new, false)}
            {section("My chats", |s| &s.mine, false)}
            {section("Other agents", |s| &s.others, true)}
            {section("Closed today", |s| &s.closed, true)}
        </nav>
    }
}
