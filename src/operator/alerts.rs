//! Getting an operator's attention: a generated chime (Web Audio), desktop
//! notifications and a count in the tab title.
//!
//! Browsers keep a page silent until it has been used. The console shows
//! **Enable sound** until a sound can really play; the choice is remembered
//! and the audio is unlocked again at the first click or key after a reload.

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{AudioContext, AudioContextState, Notification, NotificationPermission};

use crate::browser;

const SOUND_KEY: &str = "ra.sound";

/// The app's one sound. `Copy`: keep it in context.
#[derive(Clone, Copy)]
pub struct Chime {
    ctx: StoredValue<Option<AudioContext>, LocalStorage>,
    /// A sound can play now.
    pub ready: RwSignal<bool>,
    /// The operator turned sound on (remembered in this browser).
    pub wanted: RwSignal<bool>,
}

impl Default for Chime {
    fn default() -> Self {
        Chime::new()
    }
}

impl Chime {
    pub fn new() -> Chime {
        let chime = Chime {
            ctx: StoredValue::new_local(None),
            ready: RwSignal::new(false),
            wanted: RwSignal::new(browser::load(SOUND_KEY).as_deref() == Some("on")),
        };
        if chime.wanted.get_untracked() {
            chime.unlock();
            // After a reload the browser wants a fresh gesture: take the first.
            let pointer = window_event_listener(leptos::ev::pointerdown, move |_| chime.unlock());
            let key = window_event_listener(leptos::ev::keydown, move |_| chime.unlock());
            on_cleanup(move || {
                pointer.remove();
                key.remove();
            });
        }
        chime
    }

    fn context(&self) -> Option<AudioContext> {
        let existing = self.ctx.try_get_value().flatten();
        if existing.is_some() {
            return existing;
        }
        let ctx = AudioContext::new().ok()?;
        let _ = self.ctx.try_set_value(Some(ctx.clone()));
        Some(ctx)
    }

    /// Tries to make sound possible (call from a click or key press).
    fn unlock(&self) {
        if !self.wanted.get_untracked() || self.ready.get_untracked() {
            return;
        }
        let Some(ctx) = self.context() else {
            return;
        };
        let chime = *self;
        if ctx.state() == AudioContextState::Running {
            chime.ready.try_set(true);
            return;
        }
        if let Ok(promise) = ctx.resume() {
            leptos::task::spawn_local(async move {
                let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
                chime
                    .ready
                    .try_set(ctx.state() == AudioContextState::Running);
            });
        }
    }

    /// The operator asked for sound (from the **Enable sound** button).
    pub fn enable(&self) {
        browser::save(SOUND_KEY, "on");
        self.wanted.set(true);
        self.unlock();
        let chime = *self;
        // Confirm with the sound itself once it can play.
        set_timeout(move || chime.play(), std::time::Duration::from_millis(150));
    }

    /// The operator turned sound off.
    pub fn disable(&self) {
        browser::save(SOUND_KEY, "off");
        self.wanted.set(false);
        self.ready.set(false);
    }

    /// Two short rising tones, if sound is on and can play.
    pub fn play(&self) {
        if !self.wanted.get_untracked() {
            return;
        }
        let Some(ctx) = self.ctx.try_get_value().flatten() else {
            return;
        };
        if ctx.state() != AudioContextState::Running {
            self.ready.try_set(false);
            return;
        }
        let start = ctx.current_time();
        for (i, freq) in [660.0f32, 880.0].into_iter().enumerate() {
            let at = start + i as f64 * 0.18;
            let _ = tone(&ctx, freq, at, 0.16);
        }
    }
}

fn tone(ctx: &AudioContext, freq: f32, at: f64, length: f64) -> Result<(), JsValue> {
    let osc = ctx.create_oscillator()?;
    let gain = ctx.create_gain()?;
    osc.frequency().set_value_at_time(freq, at)?;
    gain.gain().set_value_at_time(0.0001, at)?;
    gain.gain()
        .exponential_ramp_to_value_at_time(0.25, at + 0.02)?;
    gain.gain()
        .exponential_ramp_to_value_at_time(0.0001, at + length)?;
    osc.connect_with_audio_node(&gain)?;
    gain.connect_with_audio_node(&ctx.destination())?;
    osc.start_with_when(at)?;
    osc.stop_with_when(at + length + 0.02)?;
    Ok(())
}

/// Whether this browser has desktop notifications at all.
pub fn notifications_supported() -> bool {
    web_sys::window()
        .map(|w| js_sys::Reflect::has(&w, &JsValue::from_str("Notification")).unwrap_or(false))
        .unwrap_or(false)
}

/// The notification permission, or None where there are no notifications.
pub fn notification_permission() -> Option<NotificationPermission> {
    notifications_supported().then(Notification::permission)
}

/// Asks for permission to show desktop notifications (from a click).
pub async fn request_notifications() -> Option<NotificationPermission> {
    if !notifications_supported() {
        return None;
    }
    if let Ok(promise) = Notification::request_permission() {
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    }
    notification_permission()
}

/// Shows a desktop notification when permitted and the page is not in front.
pub fn notify(title: &str, body: &str, tag: &str) {
    if notification_permission() != Some(NotificationPermission::Granted) {
        return;
    }
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let in_front = !document.hidden() && document.has_focus().unwrap_or(false);
    if in_front {
        return;
    }
    let options = web_sys::NotificationOptions::new();
    options.set_body(body);
    options.set_tag(tag);
    if let Ok(n) = Notification::new_with_options(title, &options) {
        // Clicking it brings the console forward.
        let onclick = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || {
            if let Some(w) = web_sys::window() {
                let _ = w.focus();
            }
        });
        n.set_onclick(Some(onclick.as_ref().unchecked_ref()));
        onclick.forget();
    }
}

/// `"(2) Technician Console"`: the count of things waiting, then the page.
pub fn title_with_count(base: &str, count: usize) -> String {
    if count == 0 {
        base.to_string()
    } else {
        format!("({count}) {base}")
    }
}

/// Keeps the tab title at `base` with `count` in front
/// ([`title_with_count`]), and "Remote Assist" again when the page goes.
/// The title is set in a task of its own, after the change that asked for
/// it is shown (setting it can take milliseconds in Chromium, and nothing
/// on the page waits for it), only when its text changes, and once for
/// many changes at the same time.
pub fn use_count_title(
    base: impl Fn() -> &'static str + Send + Sync + 'static,
    count: Signal<usize>,
) {
    let title = Memo::new(move |_| title_with_count(base(), count.get()));
    // The text last set: a task reads the title as it is when it runs, so
    // the tasks after it, for the changes it took in, find nothing to do.
    let shown = StoredValue::new(None::<String>);
    crate::effect(move || {
        title.track();
        set_timeout(
            move || {
                // Gone meanwhile: nothing to set.
                let Some(now) = title.try_get_untracked() else {
                    return;
                };
                if shown.with_value(|s| s.as_deref() != Some(now.as_str())) {
                    browser::set_title(&now);
                    shown.set_value(Some(now));
                }
            },
            std::time::Duration::ZERO,
        );
    });
    on_cleanup(|| browser::set_title("Remote Assist"));
}

#[cfg(test)]
mod tests {
    use super::title_with_count;

    #[test]
    fn titles() {
        assert_eq!(title_with_count("Console", 0), "Console");
        assert_eq!(title_with_count("Console", 3), "(3) Console");
    }
}
