#![cfg(target_arch = "wasm32")]
//! Customer components in headless Chromium: mount into a fresh element,
//! act, `tick().await`, assert on the DOM. No server: what needs one (the
//! PIN check, the claim) is left to the Playwright flows.

use leptos::prelude::*;
use protocol::api::PublicConfig;
use protocol::{DeviceClass, DeviceInfo, Mode, Os, Pin, SessionStatus};
use remote_assist::components::LangSwitch;
use remote_assist::customer::{
    consent_text, downloads_for, initial_route, pin_problem, status_text, stores_for, DevicePage,
    Download, PinEntry, Route, SavedSession, SessionStatusView, Store, SHELL_LEAD, SHELL_TITLE,
};
use remote_assist::i18n::{text, I18n, Key, Lang};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

/// A catalogue key's English text.
fn en(key: Key) -> &'static str {
    text(Lang::En, key)
}

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

fn all(root: &HtmlElement, selector: &str) -> Vec<HtmlElement> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<HtmlElement>().ok())
        .collect()
}

fn text_of(el: &HtmlElement) -> String {
    el.text_content().unwrap_or_default().trim().to_string()
}

/// The texts of the links (`<a>`) under `selector`.
fn link_texts(root: &HtmlElement, selector: &str) -> Vec<String> {
    all(root, selector).iter().map(text_of).collect()
}

fn button_named(root: &HtmlElement, starts: &str) -> HtmlElement {
    all(root, "button")
        .into_iter()
        .find(|b| text_of(b).starts_with(starts))
        .unwrap_or_else(|| panic!("no button starting with {starts:?}"))
}

fn config() -> PublicConfig {
    PublicConfig {
        org_name: "Example Co".into(),
        windows_download_url: "https://dl.example/support.exe".into(),
        mac_download_url: "https://dl.example/support.dmg".into(),
        app_store_url: "https://apps.example/ios".into(),
        play_store_url: "https://play.example/android".into(),
        app_link_template: "remoteassist://join?pin={pin}".into(),
        mobile_link_base: "https://m.example".into(),
        ice_servers: vec![],
    }
}

fn pin() -> Pin {
    Pin::parse("123456").unwrap()
}

/// Mounts the page for this device with the settings loaded.
async fn mount_device_page(class: DeviceClass, os: Os) -> HtmlElement {
    let root = fresh_root();
    let device = DeviceInfo { class, os };
    leptos::mount::mount_to(root.clone(), move || {
        view! { <DevicePage pin=pin() device config=Some(config())/> }
    })
    .forget();
    leptos::task::tick().await;
    root
}

async fn mount_pin_entry(malformed: bool) -> HtmlElement {
    let root = fresh_root();
    leptos::mount::mount_to(root.clone(), move || view! { <PinEntry malformed/> }).forget();
    leptos::task::tick().await;
    root
}

/// Types into the PIN field as a person would, then presses **Continue**.
async fn submit_pin(root: &HtmlElement, typed: &str) -> HtmlInputElement {
    submit_pin_with(root, typed, "Continue").await
}

/// The same, with the button's name in the page's language.
async fn submit_pin_with(root: &HtmlElement, typed: &str, button: &str) -> HtmlInputElement {
    let field: HtmlInputElement = find(root, "input#ra-pin");
    field.set_value(typed);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let ev = web_sys::Event::new_with_event_init_dict("input", &init).unwrap();
    field.dispatch_event(&ev).unwrap();
    button_named(root, button).click();
    leptos::task::tick().await;
    field
}

fn error_text(root: &HtmlElement) -> String {
    text_of(&find::<HtmlElement>(root, "#ra-pin-error"))
}

// ---- Routes ---------------------------------------------------------------

#[wasm_bindgen_test]
fn routes_follow_the_path() {
    assert_eq!(Route::from_location("/chat", ""), Route::Chat);
    assert_eq!(Route::from_location("/123456", ""), Route::Link(pin()));
    assert_eq!(
        Route::from_location("/", "?code=123456"),
        Route::Link(pin())
    );
    assert_eq!(
        Route::from_location("/12x", ""),
        Route::Entry { malformed: true }
    );
    assert_eq!(
        Route::from_location("/", "?code=12"),
        Route::Entry { malformed: true }
    );
    assert_eq!(
        Route::from_location("/", ""),
        Route::Entry { malformed: false }
    );
}

#[wasm_bindgen_test]
fn a_reload_at_the_root_goes_back_to_the_followed_session() {
    let saved = SavedSession {
        pin: "654321".into(),
        session_id: "s1".into(),
        token: "t".into(),
        agent_name: "Alex".into(),
        org_name: "Example Co".into(),
    };
    let other = Pin::parse("654321").unwrap();
    assert_eq!(initial_route("/", "", Some(&saved)), Route::Link(other));
    // A new link wins over the session followed before.
    assert_eq!(
        initial_route("/123456", "", Some(&saved)),
        Route::Link(pin())
    );
    assert_eq!(initial_route("/chat", "", Some(&saved)), Route::Chat);
    assert_eq!(
        initial_route("/", "", None),
        Route::Entry { malformed: false }
    );
}

/// Resolves once `promise` has (a JS callback wrapped as a future).
async fn settle(promise: js_sys::Promise) {
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

/// After the browser's next frame and then a task: what `AfterFirstPaint`
/// waits for.
async fn after_frame_and_task() {
    let window = web_sys::window().unwrap();
    settle(js_sys::Promise::new(&mut |resolve, _| {
        window.request_animation_frame(&resolve).unwrap();
    }))
    .await;
    settle(js_sys::Promise::new(&mut |resolve, _| {
        window.set_timeout_with_callback(&resolve).unwrap();
    }))
    .await;
    leptos::task::tick().await;
}

#[wasm_bindgen_test]
async fn app_mounts_with_its_language_switcher_after_the_first_frame() {
    let root = fresh_root();
    let _handle = leptos::mount::mount_to(root.clone(), remote_assist::customer::App);
    leptos::task::tick().await;
    // The page is there, the switcher (costly to lay out) not yet.
    assert!(root.text_content().unwrap_or_default().contains("PIN"));
    assert!(root.query_selector("select#ra-lang").unwrap().is_none());
    after_frame_and_task().await;
    let select: web_sys::HtmlSelectElement = find(&root, "select#ra-lang");
    assert_eq!(select.value(), "en");
}

#[wasm_bindgen_test]
async fn pages_start_with_the_static_shells_heading() {
    let html = include_str!("../index.html");
    assert!(html.contains(&format!("<h1 class=\"ra-shell__title\">{SHELL_TITLE}</h1>")));
    assert!(html.contains(&format!("<p class=\"ra-shell__lead\">{SHELL_LEAD}</p>")));

    let root = mount_pin_entry(false).await;
    let first: HtmlElement = root.first_element_child().unwrap().dyn_into().unwrap();
    assert_eq!(first.tag_name(), "H1");
    assert_eq!(first.class_name(), "ra-shell__title");
    assert_eq!(text_of(&first), SHELL_TITLE);
    let second: HtmlElement = first.next_element_sibling().unwrap().dyn_into().unwrap();
    assert_eq!(second.class_name(), "ra-shell__lead");
    assert_eq!(text_of(&second), SHELL_LEAD);
}

// ---- PIN entry --------------------------------------------------------------

#[wasm_bindgen_test]
async fn pin_field_is_labelled_and_numeric() {
    let root = mount_pin_entry(false).await;
    let field: HtmlInputElement = find(&root, "input#ra-pin");
    let label: HtmlElement = find(&root, "label[for=ra-pin]");
    assert_eq!(text_of(&label), "PIN");
    assert_eq!(field.get_attribute("inputmode").as_deref(), Some("numeric"));
    assert_eq!(
        field.get_attribute("autocomplete").as_deref(),
        Some("one-time-code")
    );
    assert_eq!(
        field.get_attribute("aria-invalid").as_deref(),
        Some("false")
    );
    assert_eq!(text_of(&button_named(&root, "Continue")), "Continue");
}

#[wasm_bindgen_test]
fn pin_rules_accept_separators_and_refuse_the_rest() {
    for ok in ["123456", "123 456", "123-456", " 12 34 56 "] {
        assert_eq!(pin_problem(ok), Ok(pin()), "{ok}");
    }
    let problem = |input: &str| pin_problem(input).unwrap_err().render(Lang::En);
    assert!(problem("12a456").contains("0 to 9"));
    assert!(problem("１２３４５６").contains("0 to 9"));
    assert!(problem("12345").contains("You typed 5"));
    assert!(problem("").contains("6-digit"));
    // The same problems in Japanese.
    let ja = |input: &str| pin_problem(input).unwrap_err().render(Lang::Ja);
    assert!(ja("12345").contains("5桁"), "{}", ja("12345"));
    assert!(ja("12a456").contains("0〜9"));
}

#[wasm_bindgen_test]
async fn pin_field_accepts_spaces_and_dashes() {
    for typed in ["123 456", "123-456"] {
        let root = mount_pin_entry(false).await;
        let field = submit_pin(&root, typed).await;
        // Well formed: no complaint at the field; the check is under way.
        assert_eq!(
            field.get_attribute("aria-invalid").as_deref(),
            Some("false"),
            "{typed}"
        );
        assert_eq!(error_text(&root), "", "{typed}");
        assert!(root
            .text_content()
            .unwrap_or_default()
            .contains("Checking your PIN"));
    }
}

#[wasm_bindgen_test]
async fn pin_field_refuses_letters_and_full_width_digits_at_the_field() {
    for (typed, says) in [
        ("12a456", "0 to 9"),
        ("１２３４５６", "0 to 9"),
        ("12345", "6 digits"),
        ("", "6-digit"),
    ] {
        let root = mount_pin_entry(false).await;
        let field = submit_pin(&root, typed).await;
        assert_eq!(
            field.get_attribute("aria-invalid").as_deref(),
            Some("true"),
            "{typed}"
        );
        let described = field.get_attribute("aria-describedby").unwrap_or_default();
        assert!(
            described.split(' ').any(|id| id == "ra-pin-error"),
            "{typed}"
        );
        assert!(
            error_text(&root).contains(says),
            "{typed}: {}",
            error_text(&root)
        );
        // Fixing it takes the complaint away.
        let field = submit_pin(&root, "123456").await;
        assert_eq!(
            field.get_attribute("aria-invalid").as_deref(),
            Some("false")
        );
    }
}

#[wasm_bindgen_test]
async fn an_ill_formed_link_code_shows_manual_entry_with_a_message() {
    let root = mount_pin_entry(true).await;
    let notice: HtmlElement = find(&root, "#ra-pin-link");
    assert!(text_of(&notice).contains("no valid PIN"));
    let field: HtmlInputElement = find(&root, "input#ra-pin");
    let described = field.get_attribute("aria-describedby").unwrap_or_default();
    assert!(described.contains("ra-pin-link"));
}

// ---- Device pages -----------------------------------------------------------

#[wasm_bindgen_test]
async fn the_device_class_picks_the_page() {
    let desktop = mount_device_page(DeviceClass::Desktop, Os::Windows).await;
    assert_eq!(all(&desktop, ".ra-landing--desktop").len(), 1);
    assert_eq!(all(&desktop, ".ra-landing--mobile").len(), 0);

    for os in [Os::Ios, Os::Android, Os::Other] {
        let mobile = mount_device_page(DeviceClass::Mobile, os).await;
        assert_eq!(all(&mobile, ".ra-landing--mobile").len(), 1, "{os:?}");
        assert_eq!(all(&mobile, ".ra-landing--desktop").len(), 0, "{os:?}");
    }
    // An iPad that says it is a Mac was classed mobile: mobile page.
    let ipad = mount_device_page(DeviceClass::Mobile, Os::MacOs).await;
    assert_eq!(all(&ipad, ".ra-landing--mobile").len(), 1);
}

#[wasm_bindgen_test]
fn offers_per_system() {
    assert_eq!(downloads_for(Os::Windows), [Download::Windows]);
    assert_eq!(downloads_for(Os::MacOs), [Download::MacOs]);
    assert_eq!(
        downloads_for(Os::Linux),
        [Download::Windows, Download::MacOs]
    );
    assert_eq!(stores_for(Os::Ios), [Store::AppStore]);
    assert_eq!(stores_for(Os::Android), [Store::GooglePlay]);
    assert_eq!(stores_for(Os::Other), [Store::AppStore, Store::GooglePlay]);
}

#[wasm_bindgen_test]
async fn desktop_downloads_follow_the_system() {
    let windows = mount_device_page(DeviceClass::Desktop, Os::Windows).await;
    assert_eq!(link_texts(&windows, "a.ra-download"), ["Windows"]);
    let link: HtmlElement = find(&windows, "a.ra-download");
    assert_eq!(
        link.get_attribute("href").as_deref(),
        Some("https://dl.example/support.exe")
    );

    let mac = mount_device_page(DeviceClass::Desktop, Os::MacOs).await;
    assert_eq!(link_texts(&mac, "a.ra-download"), ["macOS"]);

    for os in [Os::Linux, Os::ChromeOs, Os::Other] {
        let other = mount_device_page(DeviceClass::Desktop, os).await;
        assert_eq!(
            link_texts(&other, "a.ra-download"),
            ["Windows", "macOS"],
            "{os:?}"
        );
        assert!(
            text_of(&find::<HtmlElement>(&other, ".ra-landing__note"))
                .contains("for Windows and macOS"),
            "{os:?}"
        );
    }
}

#[wasm_bindgen_test]
async fn mobile_stores_follow_the_system() {
    let ios = mount_device_page(DeviceClass::Mobile, Os::Ios).await;
    assert_eq!(link_texts(&ios, "a.ra-store"), ["App Store"]);
    let link: HtmlElement = find(&ios, "a.ra-store");
    assert_eq!(
        link.get_attribute("href").as_deref(),
        Some("https://apps.example/ios")
    );

    let android = mount_device_page(DeviceClass::Mobile, Os::Android).await;
    assert_eq!(link_texts(&android, "a.ra-store"), ["Google Play"]);

    let other = mount_device_page(DeviceClass::Mobile, Os::Other).await;
    assert_eq!(
        link_texts(&other, "a.ra-store"),
        ["App Store", "Google Play"]
    );
}

#[wasm_bindgen_test]
async fn mobile_page_has_the_pin_copy_and_open_in_app() {
    let root = mount_device_page(DeviceClass::Mobile, Os::Android).await;
    assert_eq!(text_of(&find::<HtmlElement>(&root, ".ra-pin")), "123 456");
    assert_eq!(
        find::<HtmlElement>(&root, ".ra-pin")
            .get_attribute("aria-label")
            .as_deref(),
        Some("1 2 3 4 5 6")
    );
    button_named(&root, "Copy PIN");
    let open: HtmlElement = find(&root, "a.ra-open-app");
    assert_eq!(text_of(&open), "Open in app");
    assert_eq!(
        open.get_attribute("href").as_deref(),
        Some("remoteassist://join?pin=123456")
    );
    assert!(text_of(&root).contains("View only"));
}

#[wasm_bindgen_test]
async fn links_stay_inert_until_the_settings_load() {
    let root = fresh_root();
    let device = DeviceInfo {
        class: DeviceClass::Mobile,
        os: Os::Ios,
    };
    let settings = RwSignal::new(None::<PublicConfig>);
    leptos::mount::mount_to(root.clone(), move || {
        view! { <DevicePage pin=pin() device config=settings/> }
    })
    .forget();
    leptos::task::tick().await;
    let store: HtmlElement = find(&root, "a.ra-store");
    assert_eq!(store.get_attribute("href"), None);
    assert_eq!(
        store.get_attribute("aria-disabled").as_deref(),
        Some("true")
    );
    settings.set(Some(config()));
    leptos::task::tick().await;
    assert_eq!(
        store.get_attribute("href").as_deref(),
        Some("https://apps.example/ios")
    );
    assert_eq!(store.get_attribute("aria-disabled"), None);
}

#[wasm_bindgen_test]
async fn desktop_page_shows_the_pin_and_the_qr_code() {
    let root = mount_device_page(DeviceClass::Desktop, Os::Windows).await;
    assert_eq!(text_of(&find::<HtmlElement>(&root, ".ra-pin")), "123 456");
    // Read digit by digit, not as "one hundred twenty-three…".
    for selector in [".ra-pin", ".ra-pin-inline"] {
        let pin: HtmlElement = find(&root, selector);
        assert_eq!(pin.get_attribute("role").as_deref(), Some("img"));
        assert_eq!(
            pin.get_attribute("aria-label").as_deref(),
            Some("1 2 3 4 5 6")
        );
    }
    let qr: web_sys::Element = find(&root, "img.ra-qr__image");
    assert_eq!(
        qr.get_attribute("src").as_deref(),
        Some("/api/pins/qr.svg?pin=123456")
    );
    assert!(qr
        .get_attribute("alt")
        .unwrap_or_default()
        .contains("QR code"));
    assert!(text_of(&root).contains("Need help on your phone instead? Scan this"));
    // Who is asking: neutral until the service says.
    assert!(text_of(&root).contains("Your support agent"));
    assert_eq!(all(&root, ".ra-steps__item").len(), 3);
}

#[wasm_bindgen_test]
async fn consent_names_what_the_technician_may_do_on_this_device() {
    assert_eq!(
        en(consent_text(DeviceClass::Desktop)),
        "Allow the technician to see and control your screen"
    );
    assert_eq!(
        en(consent_text(DeviceClass::Mobile)),
        "Allow the technician to see your screen"
    );
    let desktop = mount_device_page(DeviceClass::Desktop, Os::MacOs).await;
    let allow = button_named(&desktop, "Allow");
    assert_eq!(text_of(&allow), en(consent_text(DeviceClass::Desktop)));

    let mobile = mount_device_page(DeviceClass::Mobile, Os::Ios).await;
    let allow = button_named(&mobile, "Allow");
    assert_eq!(text_of(&allow), en(consent_text(DeviceClass::Mobile)));
    assert!(!text_of(&allow).contains("control"));
    // Opening the page claims nothing: no status, no End session yet.
    assert!(all(&mobile, "button")
        .iter()
        .all(|b| text_of(b) != "End session"));
    assert_eq!(text_of(&find::<HtmlElement>(&mobile, ".ra-status")), "");
}

// ---- Live status --------------------------------------------------------------

#[wasm_bindgen_test]
fn status_words_follow_the_session() {
    assert_eq!(
        en(status_text(Some(SessionStatus::Waiting), None).0),
        "Waiting for the technician"
    );
    assert_eq!(
        en(status_text(Some(SessionStatus::Active), Some(Mode::View)).0),
        "Session active: view only"
    );
    assert_eq!(
        en(status_text(Some(SessionStatus::Active), Some(Mode::Control)).0),
        "Session active: remote control"
    );
    assert_eq!(
        en(status_text(Some(SessionStatus::Ended), None).0),
        "Session ended"
    );
    assert_eq!(
        en(status_text(Some(SessionStatus::TimedOut), None).0),
        "Timed out"
    );
}

#[wasm_bindgen_test]
async fn status_region_is_live_and_follows_changes() {
    let root = fresh_root();
    let claimed = RwSignal::new(false);
    let status = RwSignal::new(None::<SessionStatus>);
    let mode = RwSignal::new(None::<Mode>);
    leptos::mount::mount_to(root.clone(), move || {
        view! { <SessionStatusView claimed status mode/> }
    })
    .forget();
    leptos::task::tick().await;
    let region: HtmlElement = find(&root, ".ra-status");
    assert_eq!(region.get_attribute("role").as_deref(), Some("status"));
    assert_eq!(region.get_attribute("aria-live").as_deref(), Some("polite"));
    assert_eq!(text_of(&region), "");

    claimed.set(true);
    status.set(Some(SessionStatus::Waiting));
    leptos::task::tick().await;
    assert!(text_of(&region).starts_with("Waiting for the technician"));

    status.set(Some(SessionStatus::Active));
    mode.set(Some(Mode::View));
    leptos::task::tick().await;
    assert!(text_of(&region).starts_with("Session active: view only"));

    status.set(Some(SessionStatus::Ended));
    leptos::task::tick().await;
    assert!(text_of(&region).starts_with("Session ended"));
}

#[wasm_bindgen_test]
async fn desktop_page_offers_the_browser_share_and_the_phone_page_does_not() {
    let desktop = mount_device_page(DeviceClass::Desktop, Os::Windows).await;
    assert!(!button_named(&desktop, "Share my screen in the browser").hidden());
    let detail: HtmlElement = find(&desktop, "#ra-share-detail");
    assert!(text_of(&detail).contains("view only, no control"));
    let mobile = mount_device_page(DeviceClass::Mobile, Os::Android).await;
    assert!(!text_of(&mobile).contains("Share my screen in the browser"));
    assert!(!text_of(&mobile).contains("share the screen"));
}

/// Whether every button with this text is hidden.
fn buttons_hidden(root: &HtmlElement, name: &str) -> bool {
    all(root, "button")
        .into_iter()
        .filter(|b| text_of(b) == name)
        .all(|b| b.hidden())
}

#[wasm_bindgen_test]
async fn without_get_display_media_the_desktop_page_says_why() {
    let proto = js_sys::Reflect::get(&js_sys::global(), &"MediaDevices".into())
        .and_then(|c| js_sys::Reflect::get(&c, &"prototype".into()))
        .unwrap();
    let original = js_sys::Reflect::get(&proto, &"getDisplayMedia".into()).unwrap();
    js_sys::Reflect::delete_property(
        proto.unchecked_ref::<js_sys::Object>(),
        &"getDisplayMedia".into(),
    )
    .unwrap();
    let desktop = mount_device_page(DeviceClass::Desktop, Os::Windows).await;
    js_sys::Reflect::set(&proto, &"getDisplayMedia".into(), &original).unwrap();
    let text = text_of(&desktop);
    assert!(
        buttons_hidden(&desktop, "Share my screen in the browser"),
        "{text}"
    );
    assert!(
        text.contains("This browser cannot share the screen: use the support app."),
        "{text}"
    );
    // The support-app path is unchanged.
    assert!(text.contains("Windows"));
}

// ---- Languages ----------------------------------------------------------------

/// Mounts a view under a language state of its own (not the stored choice).
async fn mount_in(lang: Lang, view_fn: impl FnOnce() -> AnyView + 'static) -> (HtmlElement, I18n) {
    let root = fresh_root();
    let i18n = I18n {
        lang: RwSignal::new(lang),
    };
    leptos::mount::mount_to(root.clone(), move || {
        provide_context(i18n);
        view_fn()
    })
    .forget();
    leptos::task::tick().await;
    (root, i18n)
}

#[wasm_bindgen_test]
async fn pin_entry_reads_in_japanese() {
    let (root, _) = mount_in(Lang::Ja, || view! { <PinEntry/> }.into_any()).await;
    assert_eq!(text_of(&find(&root, "h1")), "リモートサポート");
    assert_eq!(text_of(&find(&root, "label[for=ra-pin]")), "PINコード");
    assert_eq!(text_of(&button_named(&root, "次へ")), "次へ");
    assert_eq!(document().title(), "PINコードの入力 · リモートサポート");
    // What to fix, in Japanese too.
    let field = submit_pin_with(&root, "12345", "次へ").await;
    assert_eq!(field.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert!(error_text(&root).contains("5桁"), "{}", error_text(&root));
}

#[wasm_bindgen_test]
async fn device_pages_read_in_japanese() {
    let (desktop, _) = mount_in(Lang::Ja, || {
        let device = DeviceInfo {
            class: DeviceClass::Desktop,
            os: Os::Windows,
        };
        view! { <DevicePage pin=pin() device config=Signal::derive(|| Some(config()))/> }.into_any()
    })
    .await;
    let allow = button_named(&desktop, "技術者による");
    assert_eq!(
        text_of(&allow),
        text(Lang::Ja, consent_text(DeviceClass::Desktop))
    );
    // The store and download names stay as they are.
    assert_eq!(link_texts(&desktop, ".ra-download"), vec!["Windows"]);
    assert!(text_of(&desktop).contains("サポートアプリのダウンロード"));
    assert!(!text_of(&desktop).contains("Download the support app"));
}

#[wasm_bindgen_test]
async fn the_switcher_changes_the_language_at_once_and_remembers_it() {
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    let (root, i18n) = mount_in(Lang::En, || view! { <PinEntry/> <LangSwitch/> }.into_any()).await;
    let select: web_sys::HtmlSelectElement = find(&root, "select#ra-lang");
    assert_eq!(text_of(&find(&root, "label[for=ra-lang]")), "Language");
    assert_eq!(select.value(), "en");
    let options: Vec<String> = all(&root, "option").iter().map(text_of).collect();
    assert_eq!(options, vec!["English", "日本語"]);

    select.set_value("ja");
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    select
        .dispatch_event(&web_sys::Event::new_with_event_init_dict("change", &init).unwrap())
        .unwrap();
    leptos::task::tick().await;

    assert_eq!(i18n.lang.get_untracked(), Lang::Ja);
    assert_eq!(text_of(&find(&root, "label[for=ra-lang]")), "言語");
    assert_eq!(text_of(&find(&root, "label[for=ra-pin]")), "PINコード");
    assert_eq!(
        document()
            .document_element()
            .unwrap()
            .get_attribute("lang")
            .as_deref(),
        Some("ja")
    );
    assert_eq!(document().title(), "PINコードの入力 · リモートサポート");
    assert_eq!(storage.get_item("ra.lang").unwrap().as_deref(), Some("ja"));

    // Back to English; leave the browser as it was for the other tests.
    i18n.set(Lang::En);
    leptos::task::tick().await;
    assert_eq!(text_of(&find(&root, "label[for=ra-pin]")), "PIN");
    storage.remove_item("ra.lang").unwrap();
}
