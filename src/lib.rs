//! Remote Assist in the browser.
//!
//! One library, two bundles: `customer` (bin `customer`, `index.html`) and
//! `operator` (bin `operator`, `operator.html`). Shared parts live here; the
//! customer bundle never calls into `operator`, so its code is left out.

pub mod api;
pub mod browser;
pub mod components;
pub mod customer;
pub mod i18n;
pub mod operator;
pub mod rtc;
pub mod socket;
pub mod wire;

/// `Effect::new` with its closure boxed: Leptos's effect machinery (the
/// task that reruns it) is then compiled once instead of once per effect,
/// about 1 KB of wasm each.
pub fn effect(f: impl FnMut() + 'static) -> leptos::prelude::Effect<leptos::prelude::LocalStorage> {
    let f: Box<dyn FnMut()> = Box::new(f);
    leptos::prelude::Effect::new(f)
}
