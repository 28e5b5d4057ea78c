use leptos::prelude::*;
use protocol::api::ConversationSummary;

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
                            <span class="ra-visually-hidden">" unread"</span>
                        </span>
                    })}
                </span>
                <span class="ra-conv__device">{field(|c| c.device.label())}</span>
                // The open chat's messages are on screen already.
                <span class="ra-conv__last">
                    {move || {
                        if selected.get() {
                            "Open in the chat window".to_string()
                        } else {
                            conversation.with(|c| {
                                c.as_ref()
                                    .and_then(|c| c.last_message.clone())
                                    .unwrap_or_else(|| "No messages yet".into())
                            })
                        }
                    }}
                </span>
                {show_agent.then(|| view! {
                    <span class="ra-conv__agent">
                        {field(|c| c.agent_name.clone().map(|a| format!("With {a}")).unwrap_or_default())}
                    </span>
                })}
            </button>
        </li>
    }
}
