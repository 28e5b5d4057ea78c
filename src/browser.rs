//! Small, typed wrappers over browser APIs used by both apps.

use protocol::device::{classify_browser, ClientHints};
use protocol::DeviceInfo;
use wasm_bindgen::{JsCast, JsValue};

fn window() -> web_sys::Window {
    web_sys::window().expect("a browser window")
}

fn get(target: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(target, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// The visitor's device as the page sees it: user-agent client hints where
/// present, else the user agent, with touch points telling iPads from Macs.
pub fn detect_device() -> DeviceInfo {
    let navigator = window().navigator();
    let ua = navigator.user_agent().unwrap_or_default();
    let data = get(navigator.as_ref(), "userAgentData");
    let hints = if data.is_object() {
        ClientHints {
            mobile: get(&data, "mobile").as_bool(),
            platform: get(&data, "platform").as_string().filter(|p| !p.is_empty()),
        }
    } else {
        ClientHints::default()
    };
    let touch = navigator.max_touch_points().max(0) as u32;
    classify_browser(&ua, &hints, touch)
}

pub fn user_agent() -> String {
    window().navigator().user_agent().unwrap_or_default()
}

/// `location.pathname` and `location.search`.
pub fn location() -> (String, String) {
    let location = window().location();
    (
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default(),
    )
}

/// Loads the address again from the server (a page another bundle serves).
pub fn reload() {
    let _ = window().location().reload();
}

/// `location.origin`, e.g. `http://127.0.0.1:8080`.
pub fn origin() -> String {
    window().location().origin().unwrap_or_default()
}

/// Changes the address bar without a page load (`replaceState`).
pub fn replace_url(path: &str) {
    if let Ok(history) = window().history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(path));
    }
}

/// Adds an entry to the history (`pushState`).
pub fn push_url(path: &str) {
    if let Ok(history) = window().history() {
        let _ = history.push_state_with_url(&JsValue::NULL, "", Some(path));
    }
}

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

pub fn load(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten()
}

pub fn save(key: &str, value: &str) {
    if let Some(s) = storage() {
        let _ = s.set_item(key, value);
    }
}

pub fn forget(key: &str) {
    if let Some(s) = storage() {
        let _ = s.remove_item(key);
    }
}

/// A fresh random transaction id for a chat message (128 bits, hex).
pub fn new_txn() -> String {
    let mut bytes = [0u8; 16];
    let filled = window()
        .crypto()
        .ok()
        .and_then(|c| c.get_random_values_with_u8_array(&mut bytes).ok())
        .is_some();
    if !filled {
        for b in bytes.iter_mut() {
            *b = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Copies text to the clipboard; resolves to whether it worked.
pub async fn copy_text(text: &str) -> bool {
    let clipboard = window().navigator().clipboard();
    wasm_bindgen_futures::JsFuture::from(clipboard.write_text(text))
        .await
        .is_ok()
}

/// Milliseconds since the epoch, from the browser's clock.
pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// Sets the tab title.
pub fn set_title(title: &str) {
    if let Some(doc) = window().document() {
        doc.set_title(title);
    }
}

/// The element with this id, as the given type.
pub fn element_by_id<T: JsCast>(id: &str) -> Option<T> {
    window()
        .document()?
        .get_element_by_id(id)?
        .dyn_into::<T>()
        .ok()
}

/// Marks the document as taken over by an app (`<html data-app="customer">`),
/// so tests and styles can tell the static shell from the running app.
pub fn mark_mounted(app: &str) {
    if let Some(root) = window().document().and_then(|d| d.document_element()) {
        let _ = root.set_attribute("data-app", app);
    }
}

/// `navigator.languages` (else `navigator.language`), most preferred first.
pub fn preferred_languages() -> Vec<String> {
    let navigator = window().navigator();
    let list: Vec<String> = navigator
        .languages()
        .iter()
        .filter_map(|tag| tag.as_string())
        .collect();
    if list.is_empty() {
        navigator.language().into_iter().collect()
    } else {
        list
    }
}

/// `<html lang>`.
pub fn set_document_lang(code: &str) {
    if let Some(root) = window().document().and_then(|d| d.document_element()) {
        let _ = root.set_attribute("lang", code);
    }
}
