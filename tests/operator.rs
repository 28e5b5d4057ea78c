#![cfg(target_arch = "wasm32")]
//! Operator components in headless Chromium: the Remote Assist Session
//! dialog with the chat input, the console's session list and mode choice,
//! and sign-in. Everything runs from props and signals, without a service.

use std::sync::{Arc, Mutex};

use leptos::html::Textarea;
use leptos::prelude::*;
use protocol::api::{ErrorBody, PinIssued, SessionView};
use protocol::ws::ClientFrame;
use protocol::{DeviceClass, DeviceInfo, Mode, Os, Pin, SessionStatus};
use remote_assist::api::ApiError;
use remote_assist::components::{insert_at_cursor, ChatLink, ChatPanel, ChatStore};
use remote_assist::operator::agent::assist::{PinState, PinTicket};
use remote_assist::operator::agent::assist_dialog::RemoteAssistDialog;
use remote_assist::operator::console::live::LiveBoard;
use remote_assist::operator::console::mode_choice::ModeChoice;
use remote_assist::operator::console::session_detail::SessionDetail;
use remote_assist::operator::console::session_list::SessionList;
use remote_assist::socket::ConnState;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::{HtmlDialogElement, HtmlElement, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

// ---- helpers -----------------------------------------------------------------

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

fn find<T: JsCast>(root: &web_sys::Element, selector: &str) -> T {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector}"))
        .dyn_into()
        .unwrap()
}

fn all(root: &web_sys::Element, selector: &str) -> Vec<HtmlElement> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<HtmlElement>().ok())
        .collect()
}

/// The buttons whose visible text (without visually hidden parts) is `name`.
fn buttons(root: &web_sys::Element, name: &str) -> Vec<HtmlElement> {
    all(root, "button")
        .into_iter()
        .filter(|b| b.inner_text().trim() == name)
        .collect()
}

fn button(root: &web_sys::Element, name: &str) -> HtmlElement {
    buttons(root, name)
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("no button {name}"))
}

fn is_disabled(b: &HtmlElement) -> bool {
    b.has_attribute("disabled")
}

fn text(root: &web_sys::Element) -> String {
    root.text_content().unwrap_or_default()
}

fn key(target: &web_sys::EventTarget, key: &str) -> bool {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let ev = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    target.dispatch_event(&ev).unwrap();
    ev.default_prevented()
}

fn type_into(field: &HtmlTextAreaElement, value: &str) {
    field.set_value(value);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let ev = web_sys::Event::new_with_event_init_dict("input", &init).unwrap();
    field.dispatch_event(&ev).unwrap();
}

fn active_element() -> Option<web_sys::Element> {
    document().active_element()
}

fn issued(pin: &str, recommended: DeviceClass) -> PinIssued {
    PinIssued {
        pin: Pin::parse(pin).unwrap(),
        desktop_link: format!("https://help.example/?code={pin}"),
        mobile_link: format!("https://m.help.example/{pin}"),
        manual_url: "help.example".into(),
        expires_at_ms: 1_600_000,
        server_now_ms: 1_000_000,
        recommended,
    }
}

fn ready(pin: &str, recommended: DeviceClass) -> PinState {
    PinState::Ready(PinTicket::new(issued(pin, recommended), 0))
}

fn session(id: &str, status: SessionStatus, class: DeviceClass, claimed_at_ms: i64) -> SessionView {
    SessionView {
        id: id.into(),
        conversation_id: format!("c-{id}"),
        status,
        mode: (status == SessionStatus::Active).then_some(Mode::View),
        device: DeviceInfo {
            class,
            os: if class == DeviceClass::Mobile {
                Os::Ios
            } else {
                Os::Windows
            },
        },
        browser_view: false,
        customer_name: format!("Customer {id}"),
        agent_name: "Ann".into(),
        technician_id: (status != SessionStatus::Waiting).then_some(2),
        technician_name: (status != SessionStatus::Waiting).then(|| "Tom".into()),
        claimed_at_ms,
        started_at_ms: (status != SessionStatus::Waiting).then_some(claimed_at_ms + 5_000),
        ended_at_ms: status.is_over().then_some(claimed_at_ms + 65_000),
    }
}

// ---- the Remote Assist Session dialog ------------------------------------------

/// The agent's chat and the dialog side by side, as on the Agent Desktop.
struct Desk {
    root: HtmlElement,
    open: RwSignal<bool>,
    pin: RwSignal<PinState>,
    session: RwSignal<Option<SessionView>>,
    technicians: RwSignal<Option<u32>>,
    now: RwSignal<i64>,
    new_pins: Arc<Mutex<u32>>,
    sent: Arc<Mutex<Vec<ClientFrame>>>,
    _mount: Box<dyn std::any::Any>,
}

impl Desk {
    fn dialog(&self) -> HtmlDialogElement {
        find(&self.root, "dialog")
    }
    fn opener(&self) -> HtmlElement {
        button(&self.root, "Start remote assistance")
    }
    fn field(&self) -> HtmlTextAreaElement {
        find(&self.root, "textarea")
    }
    fn link_section(&self, what: &str) -> web_sys::Element {
        find(&self.dialog(), &format!("[data-link='{what}']"))
    }
}

async fn mount_desk() -> Desk {
    let root = fresh_root();
    let open = RwSignal::new(false);
    let pin = RwSignal::new(ready("123456", DeviceClass::Mobile));
    let session = RwSignal::new(None::<SessionView>);
    let technicians = RwSignal::new(Some(1u32));
    let now = RwSignal::new(1_000i64);
    let new_pins = Arc::new(Mutex::new(0u32));
    let sent: Arc<Mutex<Vec<ClientFrame>>> = Arc::default();
    let store = ChatStore::operator("c1");
    let textarea = NodeRef::<Textarea>::new();
    let state = RwSignal::new(ConnState::Open);
    let log = sent.clone();
    let link = ChatLink::custom(state, move |f: &ClientFrame| {
        log.lock().unwrap().push(f.clone());
        true
    });
    let counter = new_pins.clone();
    let on_new_pin = Callback::new(move |_| {
        *counter.lock().unwrap() += 1;
        pin.set(ready("654321", DeviceClass::Mobile));
    });
    let on_paste = Callback::new(move |link: String| {
        insert_at_cursor(textarea.get_untracked(), store.draft, &link);
    });
    let mount = leptos::mount::mount_to(root.clone(), move || {
        view! {
            <button type="button" on:click=move |_| open.set(true)>"Start remote assistance"</button>
            <ChatPanel store socket=link textarea/>
            <RemoteAssistDialog
                open
                pin
                session
                technicians
                customer="Kim Lee"
                device=Some(DeviceInfo { class: DeviceClass::Mobile, os: Os::Ios })
                now=now
                on_new_pin
                on_paste
            />
        }
    });
    leptos::task::tick().await;
    Desk {
        root,
        open,
        pin,
        session,
        technicians,
        now,
        new_pins,
        sent,
        _mount: Box::new(mount),
    }
}

async fn open_dialog(desk: &Desk) {
    let opener = desk.opener();
    opener.focus().unwrap();
    opener.click();
    leptos::task::tick().await;
    assert!(desk.dialog().open(), "the dialog opens as a modal");
}

#[wasm_bindgen_test]
async fn dialog_shows_pin_links_manual_url_and_recommendation() {
    let desk = mount_desk().await;
    open_dialog(&desk).await;
    let dialog = desk.dialog();
    let shown = text(&dialog);
    assert!(shown.contains("Remote Assist Session"));
    assert_eq!(
        dialog.get_attribute("aria-labelledby").as_deref(),
        Some("ra-assist-title")
    );
    let pin = find::<HtmlElement>(&dialog, ".ra-assist__pin-value");
    assert_eq!(pin.text_content().unwrap(), "123 456");
    assert_eq!(
        pin.get_attribute("aria-label").as_deref(),
        Some("PIN 1 2 3 4 5 6")
    );
    assert!(shown.contains("https://help.example/?code=123456"));
    assert!(shown.contains("https://m.help.example/123456"));
    assert!(shown.contains("help.example"));
    assert!(shown.contains("Expires in"));
    assert!(shown.contains("1 technician online"));
    // The customer is on a phone: the mobile link is the recommended one.
    assert!(text(&desk.link_section("mobile link")).contains("Recommended"));
    assert!(!text(&desk.link_section("desktop link")).contains("Recommended"));
    assert_eq!(buttons(&dialog, "Paste into chat").len(), 2);
    let copy = all(&dialog, "button")
        .into_iter()
        .filter(|b| b.inner_text().starts_with("Copy"))
        .count();
    assert_eq!(copy, 3);
    assert!(!buttons(&dialog, "Create another PIN").is_empty());
    assert!(!buttons(&dialog, "Close").is_empty());
}

#[wasm_bindgen_test]
async fn escape_closes_the_dialog_and_focus_returns_to_the_opener() {
    let desk = mount_desk().await;
    open_dialog(&desk).await;
    let inside = button(&desk.dialog(), "Close");
    key(&inside, "Escape");
    leptos::task::tick().await;
    assert!(!desk.dialog().open());
    assert!(!desk.open.get_untracked());
    let opener: web_sys::Element = desk.opener().into();
    assert_eq!(active_element(), Some(opener));
}

#[wasm_bindgen_test]
async fn close_button_closes_and_focus_returns_to_the_opener() {
    let desk = mount_desk().await;
    open_dialog(&desk).await;
    button(&desk.dialog(), "Close").click();
    leptos::task::tick().await;
    assert!(!desk.dialog().open());
    let opener: web_sys::Element = desk.opener().into();
    assert_eq!(
        active_element(),
        Some(opener),
        "{:?}",
        active_element().map(|e| e.outer_html())
    );
    // It opens again.
    open_dialog(&desk).await;
}

#[wasm_bindgen_test]
async fn paste_into_chat_inserts_at_the_cursor_and_does_not_send() {
    let desk = mount_desk().await;
    let field = desk.field();
    type_into(&field, "Hello world");
    field.set_selection_range(5, 5).unwrap();
    open_dialog(&desk).await;

    button(&desk.link_section("mobile link"), "Paste into chat").click();
    leptos::task::tick().await;
    assert_eq!(field.value(), "Hello https://m.help.example/123456 world");
    assert!(desk.sent.lock().unwrap().is_empty(), "nothing is sent");
    assert!(desk.dialog().open(), "the dialog stays open");
    assert!(text(&desk.dialog()).contains("Press Send in the chat"));

    // The agent closes the dialog and sends it with the chat's Send.
    button(&desk.dialog(), "Close").click();
    leptos::task::tick().await;
    button(&desk.root, "Send").click();
    leptos::task::tick().await;
    let sent = desk.sent.lock().unwrap();
    assert!(matches!(
        &sent[0],
        ClientFrame::Send { text, .. } if text == "Hello https://m.help.example/123456 world"
    ));
}

#[wasm_bindgen_test]
async fn create_another_pin_replaces_the_pin_and_links() {
    let desk = mount_desk().await;
    open_dialog(&desk).await;
    button(&desk.dialog(), "Create another PIN").click();
    leptos::task::tick().await;
    assert_eq!(*desk.new_pins.lock().unwrap(), 1);
    let shown = text(&desk.dialog());
    assert!(shown.contains("654 321"));
    assert!(shown.contains("https://help.example/?code=654321"));
    assert!(shown.contains("https://m.help.example/654321"));
    assert!(!shown.contains("123456"));
    assert!(!shown.contains("123 456"));
    assert!(desk.dialog().open());
}

#[wasm_bindgen_test]
async fn an_expired_pin_says_so_and_offers_a_new_one() {
    let desk = mount_desk().await;
    open_dialog(&desk).await;
    desk.now.set(600_000);
    leptos::task::tick().await;
    let dialog = desk.dialog();
    assert!(text(&dialog).contains("This PIN has expired"));
    assert!(buttons(&dialog, "Paste into chat").iter().all(is_disabled));
    let another = button(&dialog, "Create another PIN");
    assert!(!is_disabled(&another));
    assert!(another.class_list().contains("ra-button--primary"));
}

#[wasm_bindgen_test]
async fn loading_and_refused_pins_show_in_place() {
    let desk = mount_desk().await;
    desk.pin.set(PinState::Loading { previous: None });
    open_dialog(&desk).await;
    assert!(text(&desk.dialog()).contains("Creating a PIN"));
    assert!(is_disabled(&button(&desk.dialog(), "Create another PIN")));
    desk.pin.set(PinState::Failed {
        error: ApiError::Status {
            status: 409,
            body: ErrorBody {
                code: "conversation_closed".into(),
                message: "This conversation has been closed.".into(),
                retry_after_secs: None,
            },
        },
        previous: None,
    });
    leptos::task::tick().await;
    let shown = text(&desk.dialog());
    assert!(shown.contains("No PIN could be created. This conversation has been closed."));
    assert!(!is_disabled(&button(&desk.dialog(), "Create another PIN")));
}

#[wasm_bindgen_test]
async fn session_state_and_technician_presence_are_live() {
    let desk = mount_desk().await;
    open_dialog(&desk).await;
    assert!(text(&desk.dialog()).contains("Not claimed yet"));
    desk.session.set(Some(session(
        "s1",
        SessionStatus::Waiting,
        DeviceClass::Mobile,
        1,
    )));
    leptos::task::tick().await;
    assert!(text(&desk.dialog()).contains("Claimed on Mobile · iOS. Waiting for a technician"));
    desk.session.set(Some(session(
        "s1",
        SessionStatus::Active,
        DeviceClass::Mobile,
        1,
    )));
    leptos::task::tick().await;
    assert!(text(&desk.dialog()).contains("Active on Mobile · iOS: View only by Tom."));

    desk.technicians.set(Some(0));
    leptos::task::tick().await;
    assert!(text(&desk.dialog()).contains("No technician console is online right now."));
    let link = find::<HtmlElement>(&desk.dialog(), ".ra-presence a");
    assert_eq!(link.get_attribute("href").as_deref(), Some("/console"));
    desk.technicians.set(Some(2));
    leptos::task::tick().await;
    assert!(text(&desk.dialog()).contains("2 technicians online"));
}

// ---- the Technician Console -------------------------------------------------------

const NOW: i64 = 10_000_000;

struct Board {
    root: HtmlElement,
    live: LiveBoard,
    selected: RwSignal<Option<String>>,
    opened: Arc<Mutex<Vec<String>>>,
    _mount: Box<dyn std::any::Any>,
}

async fn mount_list() -> Board {
    let root = fresh_root();
    // Made inside the mount, so the board lives as long as the list.
    let made = std::rc::Rc::new(std::cell::Cell::new(None::<LiveBoard>));
    let keep = made.clone();
    let sessions = vec![
        session(
            "w2",
            SessionStatus::Waiting,
            DeviceClass::Desktop,
            NOW - 5_000,
        ),
        session(
            "t1",
            SessionStatus::TimedOut,
            DeviceClass::Mobile,
            NOW - 990_000,
        ),
        session(
            "a1",
            SessionStatus::Active,
            DeviceClass::Desktop,
            NOW - 200_000,
        ),
        session(
            "w1",
            SessionStatus::Waiting,
            DeviceClass::Mobile,
            NOW - 75_000,
        ),
        session(
            "e1",
            SessionStatus::Ended,
            DeviceClass::Desktop,
            NOW - 900_000,
        ),
    ];
    let selected = RwSignal::new(None::<String>);
    let opened: Arc<Mutex<Vec<String>>> = Arc::default();
    let log = opened.clone();
    let on_open = Callback::new(move |id: String| log.lock().unwrap().push(id));
    let mount = leptos::mount::mount_to(root.clone(), move || {
        let live = LiveBoard::with_sessions(sessions);
        keep.set(Some(live));
        view! {
            <SessionList board=live selected now=NOW warn_after_secs=60u64 me=2 on_open/>
        }
    });
    let live = made.get().unwrap();
    leptos::task::tick().await;
    Board {
        root,
        live,
        selected,
        opened,
        _mount: Box::new(mount),
    }
}

#[wasm_bindgen_test]
async fn session_list_shows_status_time_device_and_people() {
    let board = mount_list().await;
    let rows = all(&board.root, "[role=option]");
    assert_eq!(rows.len(), 5);
    let row = |i: usize| text(&rows[i]);
    // Longest waiting first, then active; history after.
    assert!(row(0).contains("Waiting") && row(0).contains("Customer w1"));
    assert!(row(0).contains("1:15"), "{}", row(0));
    assert!(row(0).contains("Mobile · iOS"));
    assert!(row(0).contains("Agent: Ann"));
    assert!(row(1).contains("Waiting") && row(1).contains("0:05"));
    assert!(row(1).contains("Desktop · Windows"));
    assert!(row(2).contains("Active") && row(2).contains("Taken by you · View only"));
    assert!(row(3).contains("Ended"));
    assert!(row(4).contains("Timed out"));
    // Waiting over a minute: the warning colour.
    assert!(rows[0].class_list().contains("ra-session--warn"));
    assert!(!rows[1].class_list().contains("ra-session--warn"));
    let listbox = find::<HtmlElement>(&board.root, "[role=listbox]");
    assert_eq!(listbox.get_attribute("tabindex").as_deref(), Some("0"));
}

#[wasm_bindgen_test]
async fn arrow_keys_move_through_the_list_and_enter_opens_the_start_choice() {
    let board = mount_list().await;
    let listbox = find::<HtmlElement>(&board.root, "[role=listbox]");
    key(&listbox, "ArrowDown");
    leptos::task::tick().await;
    assert_eq!(board.selected.get_untracked().as_deref(), Some("w1"));
    key(&listbox, "ArrowDown");
    key(&listbox, "ArrowDown");
    leptos::task::tick().await;
    assert_eq!(board.selected.get_untracked().as_deref(), Some("a1"));
    assert_eq!(
        listbox.get_attribute("aria-activedescendant").as_deref(),
        Some("ra-session-a1")
    );
    let selected = all(&board.root, "[aria-selected=true]");
    assert_eq!(selected.len(), 1);
    assert_eq!(selected[0].id(), "ra-session-a1");
    // Enter on an active session does nothing; on a waiting one it opens.
    key(&listbox, "Enter");
    key(&listbox, "ArrowUp");
    leptos::task::tick().await;
    key(&listbox, "Enter");
    assert_eq!(*board.opened.lock().unwrap(), vec!["w2".to_string()]);
    key(&listbox, "Home");
    leptos::task::tick().await;
    assert_eq!(board.selected.get_untracked().as_deref(), Some("w1"));
    key(&listbox, "End");
    leptos::task::tick().await;
    assert_eq!(board.selected.get_untracked().as_deref(), Some("t1"));
    // A click selects too.
    all(&board.root, "[role=option]")[1].click();
    leptos::task::tick().await;
    assert_eq!(board.selected.get_untracked().as_deref(), Some("w2"));
}

/// The console's own style sheets, for tests that depend on layout.
fn console_styles() {
    if document().get_element_by_id("ra-test-styles").is_some() {
        return;
    }
    let style = document().create_element("style").unwrap();
    style.set_id("ra-test-styles");
    style.set_text_content(Some(concat!(
        include_str!("../style/base.css"),
        include_str!("../style/operator.css")
    )));
    document().head().unwrap().append_child(&style).unwrap();
}

/// A thousand waiting sessions in a list pane 400 px tall, styled as in
/// the app.
async fn mount_long_list() -> Board {
    console_styles();
    let root = fresh_root();
    root.set_attribute(
        "style",
        "display: flex; flex-direction: column; height: 400px; width: 360px",
    )
    .unwrap();
    let made = std::rc::Rc::new(std::cell::Cell::new(None::<LiveBoard>));
    let keep = made.clone();
    let selected = RwSignal::new(None::<String>);
    let opened: Arc<Mutex<Vec<String>>> = Arc::default();
    let log = opened.clone();
    let on_open = Callback::new(move |id: String| log.lock().unwrap().push(id));
    let mount = leptos::mount::mount_to(root.clone(), move || {
        let live = LiveBoard::with_sessions((0..1000).map(|i| {
            session(
                &format!("s{i:04}"),
                SessionStatus::Waiting,
                DeviceClass::Desktop,
                NOW - 1_000_000 + i,
            )
        }));
        keep.set(Some(live));
        view! {
            <SessionList board=live selected now=NOW warn_after_secs=60u64 me=2 on_open/>
        }
    });
    let live = made.get().unwrap();
    leptos::task::tick().await;
    next_frame().await;
    next_frame().await;
    leptos::task::tick().await;
    Board {
        root,
        live,
        selected,
        opened,
        _mount: Box::new(mount),
    }
}

/// The rows in the page: (id, aria-posinset).
fn drawn(root: &web_sys::Element) -> Vec<(String, usize)> {
    all(root, "[role=option]")
        .iter()
        .map(|r| {
            let at = r.get_attribute("aria-posinset").unwrap().parse().unwrap();
            (r.id(), at)
        })
        .collect()
}

async fn settle() {
    leptos::task::tick().await;
    next_frame().await;
    next_frame().await;
    leptos::task::tick().await;
}

#[wasm_bindgen_test]
async fn a_long_list_draws_the_rows_in_view_and_keys_and_scrolling_bring_in_others() {
    let board = mount_long_list().await;
    let listbox = find::<HtmlElement>(&board.root, "[role=listbox]");
    let rows = drawn(&board.root);
    // A 400 px pane shows a handful of rows: a window of them is drawn, not
    // a thousand, each saying where it is in the whole list.
    assert!((3..=30).contains(&rows.len()), "{} rows drawn", rows.len());
    assert_eq!(rows[0], ("ra-session-s0000".to_string(), 1));
    for (i, (_, at)) in rows.iter().enumerate() {
        assert_eq!(*at, i + 1);
    }
    let first = find::<HtmlElement>(&board.root, "[role=option]");
    assert_eq!(first.get_attribute("aria-setsize").as_deref(), Some("1000"));
    // The list scrolls as far as a thousand rows reach.
    assert!(
        listbox.scroll_height() > 1000 * 60,
        "scroll height {}",
        listbox.scroll_height()
    );

    // End: the last session, drawn and in view; the first rows are gone.
    key(&listbox, "End");
    settle().await;
    assert_eq!(board.selected.get_untracked().as_deref(), Some("s0999"));
    assert_eq!(
        listbox.get_attribute("aria-activedescendant").as_deref(),
        Some("ra-session-s0999")
    );
    let last = find::<HtmlElement>(&board.root, "#ra-session-s0999");
    assert_eq!(last.get_attribute("aria-posinset").as_deref(), Some("1000"));
    assert_eq!(last.get_attribute("aria-selected").as_deref(), Some("true"));
    // Its top in the pane: in its group, the group in the list, less the
    // scroll.
    let group: HtmlElement = last.parent_element().unwrap().dyn_into().unwrap();
    let top = last.offset_top() + group.offset_top() - listbox.scroll_top();
    assert!(
        top >= 0 && top + last.offset_height() <= listbox.client_height(),
        "the last row is out of view: {top} (+{}) in {}",
        last.offset_height(),
        listbox.client_height()
    );
    let rows = drawn(&board.root);
    assert!(rows.iter().all(|(_, at)| *at > 950), "{rows:?}");
    // Up and Page Up walk back; Enter on a waiting one opens the choice.
    key(&listbox, "ArrowUp");
    key(&listbox, "PageUp");
    settle().await;
    let id = board.selected.get_untracked().unwrap();
    assert!(id.as_str() < "s0998" && id.as_str() > "s0980", "{id}");
    assert!(board
        .root
        .query_selector(&format!("#ra-session-{id}"))
        .unwrap()
        .is_some());
    key(&listbox, "Enter");
    assert_eq!(*board.opened.lock().unwrap(), vec![id.clone()]);

    // Scrolling by hand to the middle draws the middle; the selected row
    // stays in the page (it is the active descendant) though out of view.
    listbox.set_scroll_top(listbox.scroll_height() / 2);
    listbox
        .dispatch_event(&web_sys::Event::new("scroll").unwrap())
        .unwrap();
    settle().await;
    let rows = drawn(&board.root);
    assert!(
        rows.iter().any(|(_, at)| (480..=520).contains(at)),
        "{rows:?}"
    );
    assert!(rows.len() <= 31, "{} rows drawn", rows.len());
    assert!(board
        .root
        .query_selector(&format!("#ra-session-{id}"))
        .unwrap()
        .is_some());
    assert_eq!(all(&board.root, "[aria-selected=true]").len(), 1);

    // Home: back to the first.
    key(&listbox, "Home");
    settle().await;
    assert_eq!(board.selected.get_untracked().as_deref(), Some("s0000"));
    assert_eq!(listbox.scroll_top(), 0);
    assert_eq!(drawn(&board.root)[0].1, 1);
}

/// Records which rows are taken out of the page or put in (a row moved in
/// the page is both), from now until [`RowMoves::take`].
struct RowMoves(JsValue);

impl RowMoves {
    fn watch(root: &web_sys::Element) -> RowMoves {
        let watch = js_sys::Function::new_with_args(
            "root",
            "const seen = []; \
             const o = new MutationObserver((records) => { \
               for (const r of records) for (const n of [...r.removedNodes, ...r.addedNodes]) \
                 if (n.id && n.id.startsWith('ra-session-')) seen.push(n.id); }); \
             o.observe(root, { childList: true, subtree: true }); \
             return () => { for (const r of o.takeRecords()) for (const n of [...r.removedNodes, ...r.addedNodes]) \
                 if (n.id && n.id.startsWith('ra-session-')) seen.push(n.id); \
               o.disconnect(); return seen.join(' '); };",
        );
        RowMoves(watch.call1(&JsValue::NULL, root).unwrap())
    }

    /// The ids of the rows taken out or put in, in order.
    fn take(self) -> Vec<String> {
        let take: js_sys::Function = self.0.dyn_into().unwrap();
        let seen = take.call0(&JsValue::NULL).unwrap().as_string().unwrap();
        seen.split_whitespace().map(str::to_string).collect()
    }
}

fn started(id: &str, i: i64, at: i64) -> SessionView {
    let mut s = session(id, SessionStatus::Active, DeviceClass::Desktop, NOW - 1_000);
    s.claimed_at_ms = NOW - 1_000_000 + i;
    s.started_at_ms = Some(at);
    s
}

#[wasm_bindgen_test]
async fn a_status_change_redraws_only_its_own_row() {
    let board = mount_long_list().await;
    // The newest waiting session, at the end of the queue.
    let listbox = find::<HtmlElement>(&board.root, "[role=listbox]");
    key(&listbox, "End");
    settle().await;
    let before: Vec<(HtmlElement, String)> = all(&board.root, "[role=option]")
        .into_iter()
        .map(|r| {
            let html = r.outer_html();
            (r, html)
        })
        .collect();
    let row = find::<HtmlElement>(&board.root, "#ra-session-s0999");
    assert!(text(&row).contains("Waiting"));

    // Started: it is the first active one, right after the waiting ones, so
    // it keeps its place; only its own row changes, in place (no row is
    // taken out of the page or put in).
    let moves = RowMoves::watch(&board.root);
    board.live.merge(started("s0999", 999, NOW - 1_000));
    settle().await;
    assert_eq!(moves.take(), Vec::<String>::new());
    let after = all(&board.root, "[role=option]");
    assert_eq!(after.len(), before.len());
    for ((old, html), new) in before.iter().zip(&after) {
        assert!(old.is_same_node(Some(new)), "{} was redrawn", old.id());
        if old.id() != "ra-session-s0999" {
            assert_eq!(&new.outer_html(), html, "{} changed", old.id());
        }
    }
    assert!(text(&row).contains("Active"), "{}", text(&row));
    assert!(
        text(&row).contains("Taken by you · View only"),
        "{}",
        text(&row)
    );
    assert!(row.class_list().contains("ra-session--active"));
    assert!(!row.class_list().contains("ra-session--waiting"));
    // Still selected, still the active descendant.
    assert!(row.class_list().contains("ra-session--selected"));
    assert_eq!(row.get_attribute("aria-selected").as_deref(), Some("true"));
    assert_eq!(
        listbox.get_attribute("aria-activedescendant").as_deref(),
        Some("ra-session-s0999")
    );
    assert_eq!(row.get_attribute("aria-posinset").as_deref(), Some("1000"));

    // Ended: it moves to the history, under its heading.
    let mut ended = session(
        "s0999",
        SessionStatus::Ended,
        DeviceClass::Desktop,
        NOW - 1_000,
    );
    ended.claimed_at_ms = NOW - 1_000_000 + 999;
    board.live.merge(ended);
    settle().await;
    let row = find::<HtmlElement>(&board.root, "#ra-session-s0999");
    assert!(text(&row).contains("Ended"));
    assert!(text(&board.root).contains("Today's history"));
    assert_eq!(row.get_attribute("aria-posinset").as_deref(), Some("1000"));
}

#[wasm_bindgen_test]
async fn a_session_started_past_others_moves_no_row_in_the_page() {
    let board = mount_long_list().await;
    let listbox = find::<HtmlElement>(&board.root, "[role=listbox]");
    key(&listbox, "End");
    settle().await;
    // Two started: the queue ends ... s0996, s0997 | s0998, s0999.
    board.live.merge(started("s0998", 998, NOW - 3_000));
    board.live.merge(started("s0999", 999, NOW - 2_000));
    settle().await;
    let rows: Vec<(HtmlElement, String)> = all(&board.root, "[role=option]")
        .into_iter()
        .map(|r| {
            let html = r.outer_html();
            (r, html)
        })
        .collect();
    let ids: Vec<String> = rows.iter().map(|(r, _)| r.id()).collect();
    for id in ["s0995", "s0996", "s0997", "s0998", "s0999"] {
        assert!(ids.contains(&format!("ra-session-{id}")), "{ids:?}");
    }
    let moving = find::<HtmlElement>(&board.root, "#ra-session-s0996");

    // s0996 started last: it goes after both, three places down. In the
    // page no row is taken out or put in: the same elements stay, in the
    // same order; the rows above it do not change at all; on the screen the
    // rows stand in the list's order.
    let moves = RowMoves::watch(&board.root);
    board.live.merge(started("s0996", 996, NOW - 1_000));
    settle().await;
    assert_eq!(moves.take(), Vec::<String>::new());
    let after = all(&board.root, "[role=option]");
    assert_eq!(after.len(), rows.len());
    for ((old, html), new) in rows.iter().zip(&after) {
        assert!(old.is_same_node(Some(new)), "{} was replaced", old.id());
        assert!(old.is_connected(), "{} was taken out", old.id());
        if old.id().as_str() < "ra-session-s0996" {
            assert_eq!(&new.outer_html(), html, "{} changed", old.id());
        }
    }
    assert!(moving.is_connected());
    assert!(text(&moving).contains("Active"), "{}", text(&moving));
    assert_eq!(
        moving.get_attribute("aria-posinset").as_deref(),
        Some("1000")
    );
    // On the screen, top to bottom: the list's order, s0996 last.
    let mut by_top: Vec<(i32, String, usize)> = after
        .iter()
        .map(|r| {
            let at = r.get_attribute("aria-posinset").unwrap().parse().unwrap();
            (r.offset_top(), r.id(), at)
        })
        .collect();
    by_top.sort();
    assert!(by_top.windows(2).all(|w| w[0].0 < w[1].0), "{by_top:?}");
    assert!(
        by_top.windows(2).all(|w| w[0].2 + 1 == w[1].2),
        "{by_top:?}"
    );
    let tail: Vec<&str> = by_top[by_top.len() - 4..]
        .iter()
        .map(|(_, id, _)| id.as_str())
        .collect();
    assert_eq!(
        tail,
        [
            "ra-session-s0997",
            "ra-session-s0998",
            "ra-session-s0999",
            "ra-session-s0996"
        ]
    );

    // The keyboard follows the list, not the page: up from the last
    // (s0996) is s0999.
    key(&listbox, "End");
    settle().await;
    assert_eq!(board.selected.get_untracked().as_deref(), Some("s0996"));
    key(&listbox, "ArrowUp");
    settle().await;
    assert_eq!(board.selected.get_untracked().as_deref(), Some("s0999"));
}

/// Counts the tab title's changes (a setter on this document in front of
/// the browser's own); returns a function giving the count.
fn count_title_sets() -> js_sys::Function {
    let watch = js_sys::Function::new_no_args(
        "const proto = Object.getOwnPropertyDescriptor(Document.prototype, 'title'); \
         let sets = 0; \
         Object.defineProperty(document, 'title', { configurable: true, \
           get() { return proto.get.call(document); }, \
           set(v) { sets++; proto.set.call(document, v); } }); \
         return () => sets;",
    );
    watch.call0(&JsValue::NULL).unwrap().dyn_into().unwrap()
}

#[wasm_bindgen_test]
async fn the_tab_title_is_set_once_per_change_of_its_text() {
    let sets = count_title_sets();
    let count = RwSignal::new(3usize);
    let base = RwSignal::new("Console");
    let root = fresh_root();
    let mount = leptos::mount::mount_to(root.clone(), move || {
        remote_assist::operator::alerts::use_count_title(move || base.get(), count.into());
    });
    let settle_title = || async {
        leptos::task::tick().await;
        next_frame().await;
        next_frame().await;
    };
    let sets_now = || sets.call0(&JsValue::NULL).unwrap().as_f64().unwrap() as u32;
    settle_title().await;
    assert_eq!(document().title(), "(3) Console");
    assert_eq!(sets_now(), 1);
    // Many changes at once: set once, to the last.
    count.set(4);
    count.set(5);
    count.set(6);
    settle_title().await;
    assert_eq!(document().title(), "(6) Console");
    assert_eq!(sets_now(), 2);
    // A change and back before it is set: the text is as it was, not set.
    count.set(7);
    count.set(6);
    settle_title().await;
    assert_eq!(sets_now(), 2);
    // Changes in tasks of their own before the title is set: set once, to
    // the last.
    count.set(8);
    leptos::task::tick().await;
    count.set(9);
    leptos::task::tick().await;
    settle_title().await;
    assert_eq!(document().title(), "(9) Console");
    assert_eq!(sets_now(), 3);
    // None waiting: the page's name alone.
    count.set(0);
    settle_title().await;
    assert_eq!(document().title(), "Console");
    assert_eq!(sets_now(), 4);
    // Another language's name.
    base.set("Konsole");
    settle_title().await;
    assert_eq!(document().title(), "Konsole");
    assert_eq!(sets_now(), 5);
    drop(mount);
    assert_eq!(document().title(), "Remote Assist");
    js_sys::Reflect::delete_property(&document(), &JsValue::from_str("title")).unwrap();
}

async fn mount_choice(
    class: DeviceClass,
) -> (HtmlElement, Arc<Mutex<Vec<Mode>>>, Box<dyn std::any::Any>) {
    let root = fresh_root();
    let chosen: Arc<Mutex<Vec<Mode>>> = Arc::default();
    let log = chosen.clone();
    let on_choose = Callback::new(move |m: Mode| log.lock().unwrap().push(m));
    let mount = leptos::mount::mount_to(root.clone(), move || {
        view! { <ModeChoice device=class on_choose on_cancel=Callback::new(|_| ())/> }
    });
    leptos::task::tick().await;
    (root, chosen, Box::new(mount))
}

#[wasm_bindgen_test]
async fn phones_get_view_only_with_the_reason_shown() {
    let (root, chosen, _m) = mount_choice(DeviceClass::Mobile).await;
    let control = button(&root, "Remote control");
    assert!(is_disabled(&control));
    assert!(text(&root).contains("Phones and tablets allow view only"));
    let view_only = button(&root, "View only");
    assert!(!is_disabled(&view_only));
    control.click();
    view_only.click();
    assert_eq!(*chosen.lock().unwrap(), vec![Mode::View]);
}

#[wasm_bindgen_test]
async fn desktops_may_be_controlled() {
    let (root, chosen, _m) = mount_choice(DeviceClass::Desktop).await;
    let control = button(&root, "Remote control");
    assert!(!is_disabled(&control));
    assert!(!text(&root).contains("Phones and tablets allow view only"));
    control.click();
    assert_eq!(*chosen.lock().unwrap(), vec![Mode::Control]);
}

#[wasm_bindgen_test]
async fn start_session_then_mode_and_refusals_in_words() {
    let root = fresh_root();
    let current = RwSignal::new(Some(session(
        "w1",
        SessionStatus::Waiting,
        DeviceClass::Mobile,
        NOW - 3_000,
    )));
    let choosing = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let started: Arc<Mutex<Vec<(String, Mode)>>> = Arc::default();
    let log = started.clone();
    let on_start = Callback::new(move |pair: (String, Mode)| log.lock().unwrap().push(pair));
    let _mount = leptos::mount::mount_to(root.clone(), move || {
        view! {
            <SessionDetail
                session=current
                me=2
                choosing
                error
                now=NOW
                on_start
                on_end=Callback::new(|_| ())
            />
        }
    });
    leptos::task::tick().await;
    assert!(text(&root).contains("Customer w1"));
    assert!(text(&root).contains("Waiting"));
    assert!(!buttons(&root, "End session").is_empty());
    button(&root, "Start Session").click();
    leptos::task::tick().await;
    assert!(is_disabled(&button(&root, "Remote control")));
    assert!(text(&root).contains("Phones and tablets allow view only"));
    button(&root, "View only").click();
    assert_eq!(
        *started.lock().unwrap(),
        vec![("w1".to_string(), Mode::View)]
    );

    // Another technician was first: the 409 reads clearly, and the session
    // shows as taken.
    let refused = ApiError::Status {
        status: 409,
        body: ErrorBody {
            code: "session_not_waiting".into(),
            message: "This session is no longer waiting.".into(),
            retry_after_secs: None,
        },
    };
    error.set(Some(remote_assist::operator::console::refusal(&refused)));
    current.set(Some(session(
        "w1",
        SessionStatus::Active,
        DeviceClass::Mobile,
        NOW - 3_000,
    )));
    let mut taken = current.get_untracked().unwrap();
    taken.technician_id = Some(9);
    taken.technician_name = Some("Sam".into());
    current.set(Some(taken));
    leptos::task::tick().await;
    let shown = text(&root);
    assert!(shown.contains("Another technician has already started this session."));
    assert!(shown.contains("Taken by Sam"));
    assert!(buttons(&root, "Start Session").is_empty());
}

// ---- sign-in -------------------------------------------------------------------

#[wasm_bindgen_test]
async fn sign_in_has_labelled_fields_and_says_what_is_missing() {
    use leptos_router::components::Router;
    use remote_assist::operator::login::LoginPage;
    let root = fresh_root();
    let _mount = leptos::mount::mount_to(root.clone(), || {
        view! { <Router><LoginPage/></Router> }
    });
    leptos::task::tick().await;
    let email = find::<HtmlElement>(&root, "#ra-login-email");
    let password = find::<HtmlElement>(&root, "#ra-login-password");
    assert_eq!(text(&find(&root, "label[for=ra-login-email]")), "Email");
    assert_eq!(
        text(&find(&root, "label[for=ra-login-password]")),
        "Password"
    );
    assert_eq!(email.get_attribute("type").as_deref(), Some("email"));
    assert_eq!(password.get_attribute("type").as_deref(), Some("password"));
    button(&root, "Sign in").click();
    leptos::task::tick().await;
    assert!(text(&root).contains("Enter your email."));
    assert_eq!(email.get_attribute("aria-invalid").as_deref(), Some("true"));
}

#[wasm_bindgen_test]
async fn sign_in_reads_in_japanese_and_switches_to_english_at_once() {
    use leptos_router::components::Router;
    use remote_assist::i18n::{I18n, Lang};
    use remote_assist::operator::login::LoginPage;
    let root = fresh_root();
    let i18n = I18n {
        lang: RwSignal::new(Lang::Ja),
    };
    let _mount = leptos::mount::mount_to(root.clone(), move || {
        provide_context(i18n);
        view! { <Router><LoginPage/></Router> }
    });
    leptos::task::tick().await;
    assert_eq!(text(&find(&root, "h1")), "サインイン");
    assert_eq!(
        text(&find(&root, "label[for=ra-login-email]")),
        "メールアドレス"
    );
    assert_eq!(
        text(&find(&root, "label[for=ra-login-password]")),
        "パスワード"
    );
    assert_eq!(text(&find(&root, "label[for=ra-lang]")), "言語");
    button(&root, "サインイン").click();
    leptos::task::tick().await;
    assert!(text(&root).contains("メールアドレスを入力してください。"));

    // leptos_i18n follows the app's language state.
    i18n.lang.set(Lang::En);
    leptos::task::tick().await;
    leptos::task::tick().await;
    assert_eq!(text(&find(&root, "h1")), "Sign in");
    assert!(text(&root).contains("Enter your email."));
}

#[wasm_bindgen_test]
async fn remote_assist_dialog_reads_in_japanese_with_the_countdown_said_through_intl() {
    use remote_assist::i18n::{I18n, Lang};
    let root = fresh_root();
    let i18n = I18n {
        lang: RwSignal::new(Lang::Ja),
    };
    let open = RwSignal::new(false);
    let now = RwSignal::new(1_000i64);
    let pin = RwSignal::new(ready("123456", DeviceClass::Mobile));
    let session = RwSignal::new(None::<SessionView>);
    let technicians = RwSignal::new(Some(2u32));
    let on_new_pin = Callback::new(|_| {});
    let on_paste = Callback::new(|_: String| {});
    let _mount = leptos::mount::mount_to(root.clone(), move || {
        provide_context(i18n);
        view! {
            <RemoteAssistDialog
                open
                pin
                session
                technicians
                customer="Kim Lee"
                device=Some(DeviceInfo { class: DeviceClass::Mobile, os: Os::Ios })
                now=now
                on_new_pin
                on_paste
            />
        }
    });
    leptos::task::tick().await;
    open.set(true);
    leptos::task::tick().await;
    let dialog: web_sys::Element = find(&root, "dialog");
    assert_eq!(
        text(&find(&dialog, "#ra-assist-title")),
        "リモートサポートセッション"
    );
    assert_eq!(
        text(&find(&dialog, "#ra-assist-for")),
        "Kim Lee様へ: リンクを送信するか、PINコードを読み上げてお伝えください。"
    );
    let pin = find::<HtmlElement>(&dialog, ".ra-assist__pin-value");
    assert_eq!(
        pin.get_attribute("aria-label").as_deref(),
        Some("PINコード 1 2 3 4 5 6")
    );
    // The copy button's name puts the object first, as Japanese does.
    let copy = all(&dialog, "button")
        .into_iter()
        .filter(|b| text(b) == "PINコードをコピー")
        .count();
    assert_eq!(copy, 1);
    let mobile = text(&find(&dialog, "[data-link='mobile link']"));
    assert!(mobile.contains("モバイル用リンク"), "{mobile}");
    assert!(mobile.contains("おすすめ"), "{mobile}");
    assert!(
        mobile.contains("お客様の端末はモバイル · iOSです。"),
        "{mobile}"
    );
    assert_eq!(buttons(&dialog, "チャットに貼り付け").len(), 2);
    // 9 minutes 59 seconds left, said the Japanese way by Intl.
    let spoken = text(&find(&dialog, "[role=timer] .ra-visually-hidden"));
    assert!(spoken.contains('9') && spoken.contains('分'), "{spoken}");
    assert!(spoken.contains("59") && spoken.contains('秒'), "{spoken}");
    assert!(!spoken.contains("minute"), "{spoken}");
    let at = find::<HtmlElement>(&dialog, "[role=timer]").title();
    let clock = at
        .strip_prefix("有効期限: ")
        .unwrap_or_else(|| panic!("{at}"));
    assert!(
        clock.contains(':') && clock.chars().any(|c| c.is_ascii_digit()),
        "{at}"
    );
    assert!(!clock.contains("AM") && !clock.contains("PM"), "{at}");
    let shown = text(&dialog);
    assert!(shown.contains("オンラインの技術者: 2人"), "{shown}");
    assert!(shown.contains("未承認: お客様はまだリンクまたは手入力ページで承認していません。"));
    assert!(!buttons(&dialog, "別のPINコードを発行").is_empty());
    assert!(!shown.contains("Remote Assist Session"));

    // Back to English at once, with the same names the flows rely on.
    i18n.lang.set(Lang::En);
    leptos::task::tick().await;
    leptos::task::tick().await;
    assert_eq!(
        text(&find(&dialog, "#ra-assist-title")),
        "Remote Assist Session"
    );
    let spoken = text(&find(&dialog, "[role=timer] .ra-visually-hidden"));
    assert_eq!(spoken, "9 minutes 59 seconds");
    assert_eq!(buttons(&dialog, "Paste into chat").len(), 2);
}

// ---- the agent's conversation list ------------------------------------------------

#[wasm_bindgen_test]
async fn conversation_list_shows_sections_unread_counts_and_selects() {
    use protocol::api::ConversationSummary;
    use remote_assist::operator::agent::conversation_list::ConversationList;
    use std::collections::HashMap;

    let conv = |id: &str, agent: Option<i64>, closed: bool, last_seq: i64| ConversationSummary {
        id: id.into(),
        customer_name: format!("Customer {id}"),
        device: DeviceInfo {
            class: DeviceClass::Mobile,
            os: Os::Android,
        },
        agent_id: agent,
        agent_name: agent.map(|a| format!("Agent {a}")),
        last_message: Some(format!("last words of {id}")),
        last_seq,
        closed,
        created_at_ms: 1,
    };
    let root = fresh_root();
    let conversations = RwSignal::new(
        [
            conv("new1", None, false, 2),
            conv("mine1", Some(7), false, 5),
            conv("other1", Some(8), false, 1),
            conv("done1", Some(7), true, 9),
        ]
        .into_iter()
        .map(|c| (c.id.clone(), c))
        .collect::<HashMap<_, _>>(),
    );
    let read = RwSignal::new(HashMap::from([("mine1".to_string(), 3i64)]));
    let selected = RwSignal::new(None::<String>);
    let _mount = leptos::mount::mount_to(root.clone(), move || {
        view! { <ConversationList conversations read selected me=7/> }
    });
    leptos::task::tick().await;
    let shown = text(&root);
    for heading in ["New chats", "My chats", "Other agents", "Closed today"] {
        assert!(shown.contains(heading), "{heading} in {shown}");
    }
    assert!(shown.contains("Mobile · Android"));
    assert!(shown.contains("last words of mine1"));
    assert!(shown.contains("With Agent 8"));
    let items = all(&root, ".ra-conv__button");
    assert_eq!(items.len(), 4);
    let mine = items
        .iter()
        .find(|b| text(b).contains("Customer mine1"))
        .unwrap();
    assert!(text(mine).contains("2 unread"));

    // A live update: a new message in my chat, then the agent opens it.
    conversations.update(|m| m.get_mut("mine1").unwrap().last_seq = 6);
    leptos::task::tick().await;
    assert!(text(mine).contains("3 unread"));
    mine.click();
    leptos::task::tick().await;
    assert_eq!(selected.get_untracked().as_deref(), Some("mine1"));
    assert_eq!(mine.get_attribute("aria-current").as_deref(), Some("true"));
}

#[wasm_bindgen_test]
async fn a_browser_view_session_is_view_only_and_shows_the_screen_to_its_technician() {
    let root = fresh_root();
    let mut waiting = session(
        "b1",
        SessionStatus::Waiting,
        DeviceClass::Desktop,
        NOW - 3_000,
    );
    waiting.browser_view = true;
    let current = RwSignal::new(Some(waiting.clone()));
    let choosing = RwSignal::new(false);
    let _mount = leptos::mount::mount_to(root.clone(), move || {
        view! {
            <SessionDetail
                session=current
                me=2
                choosing
                now=NOW
                on_start=Callback::new(|_| ())
                on_end=Callback::new(|_| ())
            />
        }
    });
    leptos::task::tick().await;
    button(&root, "Start Session").click();
    leptos::task::tick().await;
    assert!(is_disabled(&button(&root, "Remote control")));
    assert!(text(&root).contains("A screen shared from the browser allows view only"));
    assert!(text(&root).contains("support app"));
    assert!(!is_disabled(&button(&root, "View only")));

    // Started by this technician: the video panel, waiting for the picture.
    let mut active = waiting.clone();
    active.status = SessionStatus::Active;
    active.mode = Some(Mode::View);
    active.technician_id = Some(2);
    active.technician_name = Some("Tom".into());
    current.set(Some(active.clone()));
    leptos::task::tick().await;
    assert_eq!(root.query_selector_all("video").unwrap().length(), 1);
    assert!(text(&root).contains("Customer's screen"));
    assert!(!buttons(&root, "Full screen").is_empty());
    assert!(text(&root).contains("Waiting for the customer's screen"));

    // Started by someone else: no picture here.
    active.technician_id = Some(9);
    current.set(Some(active));
    leptos::task::tick().await;
    assert_eq!(root.query_selector_all("video").unwrap().length(), 0);
}

#[wasm_bindgen_test]
async fn session_detail_and_start_choice_read_in_japanese_then_english() {
    use remote_assist::i18n::{I18n, Lang};
    let root = fresh_root();
    let i18n = I18n {
        lang: RwSignal::new(Lang::Ja),
    };
    let mut taken = session(
        "a1",
        SessionStatus::Active,
        DeviceClass::Desktop,
        NOW - 3_000,
    );
    taken.technician_id = Some(9);
    taken.technician_name = Some("Sam".into());
    let current = RwSignal::new(Some(session(
        "w1",
        SessionStatus::Waiting,
        DeviceClass::Mobile,
        NOW - 3_000,
    )));
    let choosing = RwSignal::new(false);
    let _mount = leptos::mount::mount_to(root.clone(), move || {
        provide_context(i18n);
        view! {
            <SessionDetail
                session=current
                me=2
                choosing
                now=NOW
                on_start=Callback::new(|_| ())
                on_end=Callback::new(|_| ())
            />
        }
    });
    leptos::task::tick().await;
    let shown = text(&root);
    assert!(shown.contains("待機中"), "{shown}");
    assert!(shown.contains("待ち時間"), "{shown}");
    assert!(shown.contains("モバイル · iOS"), "{shown}");
    assert!(buttons(&root, "Start Session").is_empty());
    assert!(!buttons(&root, "セッションを終了").is_empty());
    button(&root, "セッションを開始").click();
    leptos::task::tick().await;
    let shown = text(&root);
    assert!(shown.contains("どの方法で開始しますか？"), "{shown}");
    assert!(
        shown.contains("スマートフォンとタブレットでは表示のみ可能です"),
        "{shown}"
    );
    assert!(is_disabled(&button(&root, "リモート操作")));
    assert!(!is_disabled(&button(&root, "表示のみ")));

    // Another technician's session: who has it, in Japanese.
    choosing.set(false);
    current.set(Some(taken));
    leptos::task::tick().await;
    let shown = text(&root);
    assert!(shown.contains("対応中"), "{shown}");
    assert!(
        shown.contains("Samが対応中です。このセッションは他の技術者が担当しています。"),
        "{shown}"
    );
    assert!(shown.contains("パソコン · Windows"), "{shown}");

    // Switching language rewrites what is on screen at once.
    i18n.lang.set(Lang::En);
    leptos::task::tick().await;
    leptos::task::tick().await;
    let shown = text(&root);
    assert!(
        shown.contains("Taken by Sam: another technician is running this session."),
        "{shown}"
    );
    assert!(shown.contains("Desktop · Windows"), "{shown}");
    assert!(!buttons(&root, "End session").is_empty());
}

#[wasm_bindgen_test]
async fn opened_while_its_pin_is_created_focus_moves_to_the_recommended_link_when_it_arrives() {
    let desk = mount_desk().await;
    desk.pin.set(PinState::Loading { previous: None });
    leptos::task::tick().await;
    open_dialog(&desk).await;
    let close: web_sys::Element = button(&desk.dialog(), "Close").into();
    assert_eq!(
        active_element(),
        Some(close),
        "starts on Close while loading"
    );
    desk.pin.set(ready("654321", DeviceClass::Mobile));
    leptos::task::tick().await;
    next_frame().await;
    let recommended: web_sys::Element =
        find::<HtmlElement>(&desk.dialog(), "button[data-recommended]").into();
    assert_eq!(
        active_element(),
        Some(recommended),
        "{:?}",
        active_element().map(|e| e.outer_html())
    );
}

/// Waits until the browser calls back the function `schedule` hands it.
async fn called_back(schedule: impl FnOnce(&web_sys::Window, &js_sys::Function)) {
    let mut schedule = Some(schedule);
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(schedule) = schedule.take() {
            schedule(&web_sys::window().unwrap(), &resolve);
        }
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

/// Waits for the browser's next animation frame.
async fn next_frame() {
    called_back(|window, f| {
        window.request_animation_frame(f).unwrap();
    })
    .await;
}

// ---- Load --------------------------------------------------------------------

/// Once the promises settled so far have reached their readers (a task
/// later).
async fn settled() {
    called_back(|window, f| {
        window.set_timeout_with_callback(f).unwrap();
    })
    .await;
}

/// A request's answer as a signal: `None` until the first answer, then the
/// latest; asking again keeps the answer there until the new one comes, and
/// an older request answering late does not replace a newer one.
#[wasm_bindgen_test]
async fn a_load_shows_the_latest_answer() {
    use remote_assist::operator::load::Load;
    use std::cell::RefCell;
    use std::rc::Rc;

    let _ = any_spawner::Executor::init_wasm_bindgen();
    let owner = Owner::new();
    owner.set();
    // Each request waits for its own promise, settled by the test.
    let settle: Rc<RefCell<Vec<js_sys::Function>>> = Rc::default();
    let asked = settle.clone();
    let load = Load::new(move || {
        let mut resolve = None;
        let promise = js_sys::Promise::new(&mut |yes, _| resolve = Some(yes));
        asked.borrow_mut().push(resolve.unwrap());
        async move {
            let answer = wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
            match answer.as_f64() {
                Some(n) => Ok(n as i64),
                None => Err(ApiError::Network),
            }
        }
    });
    let answer = |i: usize, value: JsValue| {
        settle.borrow()[i].call1(&JsValue::NULL, &value).unwrap();
    };
    settled().await;
    assert_eq!(settle.borrow().len(), 1, "asked at once");
    assert_eq!(load.get(), None);

    answer(0, JsValue::NULL);
    settled().await;
    assert_eq!(load.get(), Some(Err(ApiError::Network)));

    load.refetch();
    settled().await;
    assert_eq!(
        load.get(),
        Some(Err(ApiError::Network)),
        "kept while asking"
    );
    answer(1, JsValue::from(1));
    settled().await;
    assert_eq!(load.get(), Some(Ok(1)));

    // Two requests at once: the second's answer stays, the first's is late.
    load.refetch();
    load.refetch();
    assert_eq!(settle.borrow().len(), 4);
    answer(3, JsValue::from(3));
    settled().await;
    assert_eq!(load.get(), Some(Ok(3)));
    answer(2, JsValue::from(2));
    settled().await;
    assert_eq!(load.get(), Some(Ok(3)));
}
