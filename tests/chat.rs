#![cfg(target_arch = "wasm32")]
//! The shared chat (store, panel, composer) in headless Chromium, with a
//! recording connection instead of a server.

use std::cell::RefCell;
use std::rc::Rc;

use leptos::html::Textarea;
use leptos::prelude::*;
use protocol::api::{Message, Sender};
use protocol::event::Event;
use protocol::ws::{ClientFrame, ServerFrame};
use remote_assist::components::{insert_at_cursor, outbox_key, ChatLink, ChatPanel, ChatStore};
use remote_assist::socket::ConnState;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

fn fresh_root() -> HtmlElement {
    let root: HtmlElement = document()
        .create_element("div")
        .unwrap()
        .dyn_into()
        .unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    root
}

fn find<T: JsCast>(root: &HtmlElement, selector: &str) -> T {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector}"))
        .dyn_into()
        .unwrap()
}

fn count(root: &HtmlElement, selector: &str) -> u32 {
    root.query_selector_all(selector).unwrap().length()
}

fn button(root: &HtmlElement, name: &str) -> HtmlElement {
    let all = root.query_selector_all("button").unwrap();
    (0..all.length())
        .filter_map(|i| all.item(i))
        .filter_map(|n| n.dyn_into::<HtmlElement>().ok())
        .find(|b| b.text_content().unwrap_or_default().trim() == name)
        .unwrap_or_else(|| panic!("no button {name}"))
}

fn text(root: &HtmlElement) -> String {
    root.text_content().unwrap_or_default()
}

fn type_into(field: &HtmlTextAreaElement, value: &str) {
    field.set_value(value);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let ev = web_sys::Event::new_with_event_init_dict("input", &init).unwrap();
    field.dispatch_event(&ev).unwrap();
}

fn press_enter(field: &HtmlTextAreaElement, shift: bool) -> bool {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key("Enter");
    init.set_shift_key(shift);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let ev = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    field.dispatch_event(&ev).unwrap();
    ev.default_prevented()
}

type Sent = Rc<RefCell<Vec<ClientFrame>>>;

/// A connection that records what would go out.
fn recording_link(state: RwSignal<ConnState>) -> (ChatLink, Sent) {
    let sent: Sent = Rc::default();
    let log = sent.clone();
    let link = ChatLink::custom(state, move |frame: &ClientFrame| {
        if state.get_untracked() != ConnState::Open {
            return false;
        }
        log.borrow_mut().push(frame.clone());
        true
    });
    (link, sent)
}

fn sends(sent: &Sent) -> Vec<(String, String)> {
    sent.borrow()
        .iter()
        .filter_map(|f| match f {
            ClientFrame::Send { txn, text, .. } => Some((txn.clone(), text.clone())),
            _ => None,
        })
        .collect()
}

fn message(seq: i64, txn: &str, sender: Sender, text: &str) -> Message {
    Message {
        conversation_id: "c1".into(),
        seq,
        txn: txn.into(),
        sender,
        author: match sender {
            Sender::Customer => "Kim".into(),
            Sender::Operator => "Ann".into(),
            Sender::System => "".into(),
        },
        text: text.into(),
        event: None,
        at_ms: 1_700_000_000_000 + seq * 1000,
    }
}

struct Harness {
    root: HtmlElement,
    store: ChatStore,
    state: RwSignal<ConnState>,
    sent: Sent,
    link: ChatLink,
    field: HtmlTextAreaElement,
    _mount: Box<dyn std::any::Any>,
}

async fn mount_chat(store: ChatStore) -> Harness {
    let root = fresh_root();
    let state = RwSignal::new(ConnState::Open);
    let (link, sent) = recording_link(state);
    let mount = leptos::mount::mount_to(root.clone(), move || {
        view! { <ChatPanel store socket=link title="Chat with Kim"/> }
    });
    leptos::task::tick().await;
    let field = find::<HtmlTextAreaElement>(&root, "textarea");
    Harness {
        root,
        store,
        state,
        sent,
        link,
        field,
        _mount: Box::new(mount),
    }
}

#[wasm_bindgen_test]
async fn composer_is_labelled_message_with_a_send_button() {
    let h = mount_chat(ChatStore::operator("c1")).await;
    let id = h.field.id();
    let label = find::<HtmlElement>(&h.root, &format!("label[for='{id}']"));
    assert_eq!(label.text_content().unwrap(), "Message");
    assert_eq!(
        button(&h.root, "Send").get_attribute("type").as_deref(),
        Some("submit")
    );
}

#[wasm_bindgen_test]
async fn enter_sends_and_shift_enter_does_not() {
    let h = mount_chat(ChatStore::operator("c1")).await;
    type_into(&h.field, "first line");
    assert!(
        !press_enter(&h.field, true),
        "Shift+Enter keeps its new line"
    );
    leptos::task::tick().await;
    assert!(sends(&h.sent).is_empty());
    assert_eq!(h.field.value(), "first line");

    type_into(&h.field, "first line\nsecond line");
    assert!(press_enter(&h.field, false));
    leptos::task::tick().await;
    let sent = sends(&h.sent);
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].1, "first line\nsecond line");
    assert!(matches!(
        &h.sent.borrow()[0],
        ClientFrame::Send { conversation_id: Some(c), .. } if c == "c1"
    ));
    assert_eq!(
        h.field.value(),
        "",
        "the field empties once the message is taken"
    );
    assert!(text(&h.root).contains("Sending…"));

    // The service's copy replaces it: sent, and shown once.
    let (txn, body) = sent[0].clone();
    let stored = message(1, &txn, Sender::Operator, &body);
    assert!(h.store.handle_frame(&ServerFrame::Ack {
        txn,
        message: stored.clone()
    }));
    assert!(h
        .store
        .handle_frame(&ServerFrame::Message { message: stored }));
    leptos::task::tick().await;
    assert!(!text(&h.root).contains("Sending…"));
    assert!(text(&h.root).contains("Sent"));
    assert_eq!(count(&h.root, ".ra-msg"), 1);
}

#[wasm_bindgen_test]
async fn the_send_button_sends_and_blank_text_does_nothing() {
    let h = mount_chat(ChatStore::customer()).await;
    type_into(&h.field, "   ");
    button(&h.root, "Send").click();
    leptos::task::tick().await;
    assert!(sends(&h.sent).is_empty());
    type_into(&h.field, "hello");
    button(&h.root, "Send").click();
    leptos::task::tick().await;
    assert_eq!(sends(&h.sent)[0].1, "hello");
    assert!(matches!(
        &h.sent.borrow()[0],
        ClientFrame::Send {
            conversation_id: None,
            ..
        }
    ));
}

#[wasm_bindgen_test]
async fn a_failed_send_keeps_the_text_and_retries_with_the_same_txn() {
    let h = mount_chat(ChatStore::operator("c1")).await;
    type_into(&h.field, "please keep me");
    press_enter(&h.field, false);
    leptos::task::tick().await;
    let (txn, _) = sends(&h.sent)[0].clone();

    assert!(h.store.handle_frame(&ServerFrame::Error {
        txn: Some(txn.clone()),
        code: "rate_limited".into(),
        message: "Too many messages; wait a moment.".into(),
    }));
    leptos::task::tick().await;
    let shown = text(&h.root);
    assert!(shown.contains("please keep me"), "{shown}");
    assert!(shown.contains("Not sent"), "{shown}");
    assert!(shown.contains("Too many messages"), "{shown}");

    button(&h.root, "Retry").click();
    leptos::task::tick().await;
    let sent = sends(&h.sent);
    assert_eq!(sent.len(), 2);
    assert_eq!(sent[1], (txn.clone(), "please keep me".to_string()));
    assert!(text(&h.root).contains("Sending…"));

    // Refused again: Edit puts the text back into the field.
    h.store.handle_frame(&ServerFrame::Error {
        txn: Some(txn),
        code: "x".into(),
        message: "No.".into(),
    });
    leptos::task::tick().await;
    button(&h.root, "Edit").click();
    // The row goes and the field fills in two turns of the scheduler now
    // that the row's words follow the language.
    leptos::task::tick().await;
    leptos::task::tick().await;
    assert_eq!(h.field.value(), "please keep me");
    assert!(!text(&h.root).contains("Not sent"));
}

#[wasm_bindgen_test]
async fn too_long_text_stays_in_the_field_with_the_reason() {
    let h = mount_chat(ChatStore::customer()).await;
    let long = "x".repeat(protocol::api::MAX_MESSAGE_BYTES + 1);
    type_into(&h.field, &long);
    press_enter(&h.field, false);
    leptos::task::tick().await;
    assert!(sends(&h.sent).is_empty());
    assert_eq!(h.field.value(), long);
    assert!(text(&h.root).contains("too long"));
}

#[wasm_bindgen_test]
async fn offline_messages_wait_and_go_out_on_reconnect_with_a_sync() {
    let h = mount_chat(ChatStore::operator("c1")).await;
    h.store.receive(message(1, "a", Sender::Customer, "hi"));
    h.state.set(ConnState::Offline);
    leptos::task::tick().await;
    assert!(text(&h.root).contains("You are offline"));

    type_into(&h.field, "while offline");
    press_enter(&h.field, false);
    leptos::task::tick().await;
    assert!(sends(&h.sent).is_empty());
    assert!(text(&h.root).contains("while offline"));
    assert!(text(&h.root).contains("Sending…"));

    h.state.set(ConnState::Open);
    h.store.on_open(h.link);
    leptos::task::tick().await;
    assert!(!text(&h.root).contains("You are offline"));
    let frames = h.sent.borrow().clone();
    assert_eq!(
        frames[0],
        ClientFrame::Sync {
            conversation_id: Some("c1".into()),
            after_seq: 1
        }
    );
    assert!(matches!(&frames[1], ClientFrame::Send { text, .. } if text == "while offline"));
}

#[wasm_bindgen_test]
async fn links_are_safe_and_text_stays_text() {
    let h = mount_chat(ChatStore::customer()).await;
    h.store.receive(message(
        1,
        "a",
        Sender::Operator,
        "Open https://ra.example/?code=123456 now. <b>bold</b> javascript:alert(1)",
    ));
    leptos::task::tick().await;
    assert_eq!(count(&h.root, "a"), 1);
    let a = find::<HtmlElement>(&h.root, "a");
    assert_eq!(
        a.get_attribute("href").as_deref(),
        Some("https://ra.example/?code=123456")
    );
    assert_eq!(a.get_attribute("target").as_deref(), Some("_blank"));
    assert_eq!(
        a.get_attribute("rel").as_deref(),
        Some("noopener noreferrer")
    );
    assert_eq!(count(&h.root, "b"), 0);
    assert!(text(&h.root).contains("<b>bold</b> javascript:alert(1)"));
    assert!(text(&h.root).contains("Ann"));
}

#[wasm_bindgen_test]
async fn system_messages_look_different_and_other_conversations_are_ignored() {
    let h = mount_chat(ChatStore::operator("c1")).await;
    let mut waiting = message(1, "s1", Sender::System, "");
    waiting.event = Some(Event::Waiting);
    h.store.receive(waiting);
    let mut elsewhere = message(2, "x", Sender::Customer, "not here");
    elsewhere.conversation_id = "c2".into();
    assert!(!h
        .store
        .handle_frame(&ServerFrame::Message { message: elsewhere }));
    leptos::task::tick().await;
    assert_eq!(count(&h.root, ".ra-msg--system"), 1);
    assert!(text(&h.root).contains("The session is waiting for a technician."));
    assert!(!text(&h.root).contains("not here"));
}

#[wasm_bindgen_test]
async fn insert_at_cursor_puts_text_at_the_caret_without_sending() {
    let root = fresh_root();
    let state = RwSignal::new(ConnState::Open);
    let (link, sent) = recording_link(state);
    let store = ChatStore::operator("c1");
    let textarea = NodeRef::<Textarea>::new();
    let _mount = leptos::mount::mount_to(root.clone(), move || {
        view! { <ChatPanel store socket=link textarea/> }
    });
    leptos::task::tick().await;
    let field = find::<HtmlTextAreaElement>(&root, "textarea");
    type_into(&field, "Hello world");
    field.set_selection_range(5, 5).unwrap();
    insert_at_cursor(
        textarea.get_untracked(),
        store.draft,
        "https://ra.example/123456",
    );
    leptos::task::tick().await;
    assert_eq!(field.value(), "Hello https://ra.example/123456 world");
    assert_eq!(store.draft.get_untracked(), field.value());
    assert_eq!(field.selection_start().unwrap(), Some(31));
    assert!(sent.borrow().is_empty());
    assert_eq!(count(&root, ".ra-msg"), 0);
}

fn storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

#[wasm_bindgen_test]
async fn unsent_messages_survive_a_reload_and_go_out_once_on_reconnect() {
    // The store is made before anything is mounted (mounting starts it).
    let _ = any_spawner::Executor::init_wasm_bindgen();
    let key = outbox_key("c-reload");
    storage().remove_item(&key).unwrap();

    // The first page: offline, the customer sends; the message is kept.
    let first = mount_chat(ChatStore::customer().keep_outbox(key.clone())).await;
    first.state.set(ConnState::Offline);
    type_into(&first.field, "typed before the reload");
    press_enter(&first.field, false);
    leptos::task::tick().await;
    leptos::task::tick().await;
    let kept = storage()
        .get_item(&key)
        .unwrap()
        .expect("the outbox is kept");
    assert!(kept.contains("typed before the reload"), "{kept}");
    let txn = sends(&first.sent).first().map(|s| s.0.clone());
    assert_eq!(txn, None, "nothing went out while offline");
    drop(first);

    // The page after the reload: the message is back, shown as sending,
    // and goes out on connection with the txn it had.
    let second = mount_chat(ChatStore::customer().keep_outbox(key.clone())).await;
    assert!(text(&second.root).contains("typed before the reload"));
    assert!(text(&second.root).contains("Sending…"));
    second.store.on_open(second.link);
    leptos::task::tick().await;
    let sent = sends(&second.sent);
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].1, "typed before the reload");
    assert!(kept.contains(&sent[0].0), "same txn as before the reload");

    // The service's copy arrives: the outbox is empty and no longer kept.
    second.store.receive(message(
        7,
        &sent[0].0,
        Sender::Customer,
        "typed before the reload",
    ));
    leptos::task::tick().await;
    leptos::task::tick().await;
    assert_eq!(storage().get_item(&key).unwrap(), None);
    assert_eq!(count(&second.root, ".ra-msg"), 1);
}

#[wasm_bindgen_test]
async fn a_damaged_outbox_is_ignored() {
    let _ = any_spawner::Executor::init_wasm_bindgen();
    let key = outbox_key("c-damaged");
    for junk in [
        "not json",
        "{\"a\":1}",
        "[1, 2]",
        "[\"t1\"]",
        "[\"t1\", \"   \"]",
    ] {
        storage().set_item(&key, junk).unwrap();
        let h = mount_chat(ChatStore::customer().keep_outbox(key.clone())).await;
        assert_eq!(
            h.store.log.with_untracked(|l| l.outbox.len()),
            0,
            "{junk} restores nothing"
        );
    }
    storage()
        .set_item(&key, "[\"t1\", \"kept\", 3, \"x\"]")
        .unwrap();
    let h = mount_chat(ChatStore::customer().keep_outbox(key.clone())).await;
    assert_eq!(
        h.store.log.with_untracked(|l| l
            .outbox
            .iter()
            .map(|p| (p.txn.clone(), p.text.clone()))
            .collect::<Vec<_>>()),
        vec![("t1".to_string(), "kept".to_string())]
    );
    storage().remove_item(&key).unwrap();
}
