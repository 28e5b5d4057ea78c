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
