//! Times and durations in the reader's language, through the browser's
//! `Intl` (no date crate in the bundles).

use std::cell::RefCell;

use js_sys::{Array, Date, Function, Intl, Object, Reflect};
use wasm_bindgen::JsValue;

use super::Lang;

fn locales(lang: Lang) -> Array {
    Array::of1(&JsValue::from_str(lang.code()))
}

fn options(pairs: &[(&str, &str)]) -> Object {
    let object = Object::new();
    for (key, value) in pairs {
        let _ = Reflect::set(&object, &JsValue::from_str(key), &JsValue::from_str(value));
    }
    object
}

fn call(format: Function, value: &JsValue) -> String {
    format
        .call1(&JsValue::NULL, value)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_default()
}

/// A time of day, in the reader's time zone: `2:05 PM`, `14:05`.
pub fn time(lang: Lang, at_ms: i64) -> String {
    let format = Intl::DateTimeFormat::new(&locales(lang), &options(&[("timeStyle", "short")]));
    call(
        format.format(),
        &Date::new(&JsValue::from_f64(at_ms as f64)).into(),
    )
}

fn unit_format(lang: Lang, unit: &str) -> Function {
    Intl::NumberFormat::new(
        &locales(lang),
        &options(&[("style", "unit"), ("unit", unit), ("unitDisplay", "long")]),
    )
    .format()
}

/// A count of a unit, spelled out: `1 minute`, `5 seconds`, `5秒`.
pub fn units(lang: Lang, n: i64, unit: &str) -> String {
    call(unit_format(lang, unit), &JsValue::from_f64(n as f64))
}

thread_local! {
    /// The formatters of [`spoken_duration`], made once per language and
    /// unit: it runs for every visible row of the console every second, and
    /// making an `Intl.NumberFormat` costs far more than using one.
    static SPOKEN: RefCell<Vec<(Lang, &'static str, Function)>> = const { RefCell::new(Vec::new()) };
}

/// [`units`] with a formatter kept for the next call.
fn spoken_units(lang: Lang, n: i64, unit: &'static str) -> String {
    let format = SPOKEN.with_borrow_mut(|made| {
        if let Some((_, _, format)) = made.iter().find(|(l, u, _)| *l == lang && *u == unit) {
            return format.clone();
        }
        let format = unit_format(lang, unit);
        made.push((lang, unit, format.clone()));
        format
    });
    call(format, &JsValue::from_f64(n as f64))
}

/// A duration for a screen reader: `1 minute 5 seconds`, `1分5秒`.
pub fn spoken_duration(lang: Lang, ms: i64) -> String {
    let secs = ms.max(0) / 1000;
    let (m, s) = (secs / 60, secs % 60);
    let join = match lang {
        Lang::En => " ",
        Lang::Ja => "",
    };
    match (m, s) {
        (0, s) => spoken_units(lang, s, "second"),
        (m, 0) => spoken_units(lang, m, "minute"),
        (m, s) => format!(
            "{}{join}{}",
            spoken_units(lang, m, "minute"),
            spoken_units(lang, s, "second")
        ),
    }
}

/// How long to wait before trying again, rounded up: `a second`,
/// `45 seconds`, `2 minutes`; `1秒`, `45秒`, `2分`.
pub fn wait(lang: Lang, secs: u64) -> String {
    match secs {
        0 | 1 => super::text(lang, super::Key::CustomerPinASecond).to_string(),
        2..=90 => units(lang, secs as i64, "second"),
        _ => units(lang, secs.div_ceil(60) as i64, "minute"),
    }
}
