use std::collections::HashMap;

use leptos::prelude::*;
use protocol::api::ConversationSummary;

use super::conversation_item::ConversationItem;
use super::inbox::{sections, unread};
use crate::operator::i18n::td_string;
use crate::operator::{tr, use_i18n, Texts};

/// The list's sections.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Part {
    New,
    Mine,
    Others,
    Closed,
}

impl Part {
    /// The section's heading, in the reader's language.
    fn title(self, i18n: Texts) -> &'static str {
        match self {
            Part::New => td_string!(i18n.get_locale(), agent.new_chats),
            Part::Mine => td_string!(i18n.get_locale(), agent.my_chats),
            Part::Others => td_string!(i18n.get_locale(), agent.other_agents),
            Part::Closed => td_string!(i18n.get_locale(), agent.closed_today),
        }
    }
}

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
    let i18n = use_i18n();
    let all = Memo::new(move |_| conversations.with(|c| sections(c, me)));
    let section = move |part: Part,
                        pick: fn(&super::inbox::Sections) -> &Vec<ConversationSummary>,
                        show_agent: bool| {
        let ids = Memo::new(move |_| {
            all.with(|s| pick(s).iter().map(|c| c.id.clone()).collect::<Vec<_>>())
        });
        view! {
            <section class="ra-convs__section" hidden=move || ids.with(|i| i.is_empty())>
                <h2 class="ra-convs__heading">{move || part.title(i18n)} " " <span class="ra-convs__count">{move || ids.with(|i| i.len())}</span></h2>
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
        <nav class="ra-convs" aria-label=move || td_string!(i18n.get_locale(), agent.conversations)>
            <p class="ra-convs__empty" hidden=move || !empty()>
                {tr(|l| td_string!(l, agent.list_empty))}
            </p>
            {section(Part::New, |s| &s.new, false)}
            {section(Part::Mine, |s| &s.mine, false)}
            {section(Part::Others, |s| &s.others, true)}
            {section(Part::Closed, |s| &s.closed, true)}
        </nav>
    }
}
