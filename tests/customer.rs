#![cfg(target_arch = "wasm32")]
//! Customer components in headless Chromium.

use leptos::prelude::*;
use remote_assist::customer::Route;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn fresh_root() -> web_sys::HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let root: web_sys::HtmlElement = document.create_element("div").unwrap().dyn_into().unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    root
}

#[wasm_bindgen_test]
fn routes_follow_the_path() {
    assert_eq!(Route::from_location("/chat", ""), Route::Chat);
    assert!(matches!(
        Route::from_location("/123456", ""),
        Route::Link(_)
    ));
    assert_eq!(
        Route::from_location("/12x", ""),
        Route::Entry { malformed: true }
    );
}

#[wasm_bindgen_test]
async fn app_mounts_into_a_fresh_element() {
    let root = fresh_root();
    let _handle = leptos::mount::mount_to(root.clone(), remote_assist::customer::App);
    leptos::task::tick().await;
    assert!(root.text_content().unwrap_or_default().contains("PIN"));
}
