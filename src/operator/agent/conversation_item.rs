use leptos::prelude::*;
use protocol::api::ConversationSummary;

use super::assist::device_label;
use crate::operator::i18n::td_string;
use crate::operator::{tr, use_i18n};

/// One conversation in the agent's list: customer, device, last message,
/// unread count. A button: it opens the chat.
#[component]
pub fn ConversationItem(
    #[prop(into)] conversation: Signal<Option<ConversationSummary>>,
    /// Unread messages.
    #[prop(into)]
    unread: Signal<i64>,
    #[prop(into)] selected: Signal<bool>,
    /// Shows the agent's name (other agents' chats).
    #[prop(optional)]
    show_agent: bool,
    on_select: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let field = move |f: fn(&ConversationSummary) -> String| {
        move || conversation.with(|c| c.as_ref().map(f).unwrap_or_default())
    };
    view! {
        <li class="ra-conv">
            <button
                type="button"
                class="ra-conv__button"
                class:ra-conv__button--selected=move || selected.get()
                class:ra-conv__button--unread={move || unread.get() > 0}
                aria-current=move || selected.get().then_some("true")
                on:click=move |_| on_select.run(())
            >
                <span class="ra-conv__top">
                    <span class="ra-conv__name">{field(|c| c.customer_name.clone())}</span>
                    {move || (unread.get() > 0).then(|| view! {
                        <span class="ra-conv__unread">
                            {unread.get()}
                            <span class="ra-visually-hidden">{tr(|l| td_string!(l, agent.unread))}</span>
                        </span>
                    })}
                </span>
                <span class="ra-conv__device">{move || {
                    let locale = i18n.get_locale();
                    conversation.with(|c| c.as_ref().map(|c| device_label(locale, c.device)).unwrap_or_default())
                }}</span>
                // The open chat's messages are on screen already.
                <span class="ra-conv__last">
                    {move || {
                        if selected.get() {
                            td_string!(i18n.get_locale(), agent.open_in_window).to_string()
                        } else {
                            conversation.with(|c| {
                                c.as_ref()
                                    .and_then(|c| c.last_message.clone())
                                    .unwrap_or_else(|| td_string!(i18n.get_locale(), agent.no_messages).to_string())
                            })
                        }
                    }}
                </span>
                {show_agent.then(|| view! {
                    <span class="ra-conv__agent">
                        {move || conversation.with(|c| {
                            c.as_ref()
                                .and_then(|c| c.agent_name.clone())
                                .map(|a| td_string!(i18n.get_locale(), agent.with_agent, name = a).to_string())
                                .unwrap_or_default()
                        })}
                    </span>
                })}
            </button>
        </li>
    }
}
