//! The browser view session on the customer's side: the screen captured
//! with `getDisplayMedia` and sent to the technician's console over WebRTC
//! ([`crate::rtc`]). The page keeps the captured stream for the whole
//! session and makes a new connection whenever the console says hello
//! (a reloaded console gets the picture back without a new share).

use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use protocol::api::PublicConfig;
use protocol::SessionStatus;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{DisplayMediaStreamConstraints, MediaStream};

use crate::i18n::Key;
use crate::rtc::{self, Link, Payload};
use crate::socket::Socket;

/// Where the share stands.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ShareState {
    /// Nothing captured (yet, or any more: after a reload the page asks again).
    Off,
    /// The browser's picker is open.
    Asking,
    /// The screen is captured.
    Sharing,
    /// The picker was closed without a choice, or the browser refused.
    Declined,
}

#[derive(Default)]
struct Inner {
    stream: Option<MediaStream>,
    link: Option<Rc<Link>>,
    socket: Option<Socket>,
    session_id: Option<String>,
    active: bool,
    /// The stream's `ended` listener (the browser's own stop button).
    on_ended: Option<Closure<dyn FnMut(JsValue)>>,
    /// Ends the session (set by the claim area).
    on_end: Option<Rc<dyn Fn()>>,
}

/// Why this browser cannot share its screen, if it cannot (a catalogue key).
pub fn unsupported_reason() -> Option<Key> {
    let window = web_sys::window()?;
    if !window.is_secure_context() {
        return Some(Key::CustomerShareNeedsHttps);
    }
    let devices = window.navigator().media_devices().ok();
    let has = devices.is_some_and(|d| {
        js_sys::Reflect::has(&d, &JsValue::from_str("getDisplayMedia")).unwrap_or(false)
    });
    (!has).then_some(Key::CustomerShareUnsupported)
}

/// The share, shared by the desktop page's offer, the claim area and the
/// session's socket. `Copy`.
#[derive(Clone, Copy)]
pub struct ScreenShare {
    inner: StoredValue<Rc<RefCell<Inner>>, LocalStorage>,
    config: Signal<Option<PublicConfig>>,
    pub state: RwSignal<ShareState>,
    /// The session is a browser view session (known from the claim or the
    /// session's state after a reload).
    pub browser_view: RwSignal<bool>,
}

impl ScreenShare {
    pub fn new(config: Signal<Option<PublicConfig>>) -> ScreenShare {
        ScreenShare {
            inner: StoredValue::new_local(Rc::new(RefCell::new(Inner::default()))),
            config,
            state: RwSignal::new(ShareState::Off),
            browser_view: RwSignal::new(false),
        }
    }

    fn inner(&self) -> Option<Rc<RefCell<Inner>>> {
        self.inner.try_get_value()
    }

    pub fn set_on_end(&self, end: Rc<dyn Fn()>) {
        if let Some(inner) = self.inner() {
            inner.borrow_mut().on_end = Some(end);
        }
    }

    /// Stopping the share ends the session.
    pub fn end(&self) {
        let end = self.inner().and_then(|i| i.borrow().on_end.clone());
        if let Some(end) = end {
            end();
        }
    }

    /// Asks the browser for the screen. Call it straight from a click
    /// handler, before any await.
    pub fn capture(&self) {
        if matches!(
            self.state.get_untracked(),
            ShareState::Asking | ShareState::Sharing
        ) {
            return;
        }
        let constraints = DisplayMediaStreamConstraints::new();
        constraints.set_video(&JsValue::TRUE);
        constraints.set_audio(&JsValue::FALSE);
        let promise = web_sys::window()
            .and_then(|w| w.navigator().media_devices().ok())
            .and_then(|d| d.get_display_media_with_constraints(&constraints).ok());
        let Some(promise) = promise else {
            self.state.set(ShareState::Declined);
            return;
        };
        self.state.set(ShareState::Asking);
        let share = *self;
        spawn_local(async move {
            match JsFuture::from(promise).await {
                Ok(stream) => share.captured(stream.unchecked_into()),
                Err(_) => {
                    share.state.try_set(ShareState::Declined);
                }
            }
        });
    }

    fn captured(&self, stream: MediaStream) {
        let Some(inner) = self.inner() else {
            return rtc::stop_stream(&stream);
        };
        // The session may have ended while the picker was open.
        if self.state.try_get_untracked() != Some(ShareState::Asking) {
            return rtc::stop_stream(&stream);
        }
        let share = *self;
        // The browser's own "Stop sharing" ends the session.
        let on_ended = Closure::<dyn FnMut(JsValue)>::new(move |_: JsValue| share.end());
        if let Some(track) = stream
            .get_video_tracks()
            .get(0)
            .dyn_ref::<web_sys::MediaStreamTrack>()
        {
            track.set_onended(Some(on_ended.as_ref().unchecked_ref()));
        }
        let active = {
            let mut inner = inner.borrow_mut();
            inner.stream = Some(stream);
            inner.on_ended = Some(on_ended);
            inner.active
        };
        self.state.set(ShareState::Sharing);
        if active {
            self.offer();
        }
    }

    /// The session's socket is (re)connected: signalling goes through it.
    pub fn attach(&self, socket: Socket, session_id: &str) {
        let Some(inner) = self.inner() else {
            return;
        };
        {
            let mut inner = inner.borrow_mut();
            inner.socket = Some(socket);
            inner.session_id = Some(session_id.to_string());
        }
        let share = *self;
        socket.set_on_signal(Some(Rc::new(move |id, payload| {
            share.signal(&id, &payload)
        })));
    }

    /// The session's state changed. The console says hello when it starts
    /// viewing; the page answers that (or, sharing only later, offers then).
    pub fn set_status(&self, status: SessionStatus) {
        if status.is_over() {
            return self.stop();
        }
        if let Some(inner) = self.inner() {
            inner.borrow_mut().active = status == SessionStatus::Active;
        }
    }

    fn signal(&self, session_id: &str, payload: &JsValue) {
        let Some(inner) = self.inner() else {
            return;
        };
        if inner.borrow().session_id.as_deref() != Some(session_id) {
            return;
        }
        let Some(p) = Payload::read(payload) else {
            return;
        };
        if p.kind == rtc::HELLO {
            return self.offer();
        }
        let Some(link) = inner.borrow().link.clone().filter(|l| l.id == p.id) else {
            return;
        };
        match p.kind.as_str() {
            rtc::ANSWER => spawn_local(async move {
                let _ = link.remote(&p.body).await;
            }),
            rtc::CANDIDATE => link.candidate(p.body),
            _ => {}
        }
    }

    /// A new connection to the console with the captured stream.
    fn offer(&self) {
        let Some(inner) = self.inner() else {
            return;
        };
        let (Some(stream), Some(socket), Some(session_id)) = ({
            let inner = inner.borrow();
            (inner.stream.clone(), inner.socket, inner.session_id.clone())
        }) else {
            return;
        };
        if let Some(old) = inner.borrow_mut().link.take() {
            old.close();
        }
        let id = rtc::new_id();
        let ice = self
            .config
            .with_untracked(|c| c.as_ref().map(|c| c.ice_servers.clone()))
            .unwrap_or_default();
        let candidate_session = session_id.clone();
        let Some(link) = Link::new(
            &ice,
            id,
            move |c| {
                rtc::send(&socket, &candidate_session, rtc::CANDIDATE, id, Some(&c));
            },
            None,
            |_| {},
        ) else {
            return;
        };
        link.add_stream(&stream);
        inner.borrow_mut().link = Some(link.clone());
        spawn_local(async move {
            if let Ok(desc) = link.local(true).await {
                rtc::send(&socket, &session_id, rtc::OFFER, id, Some(&desc));
            }
        });
    }

    /// Stops the tracks and closes the connection (the session is over).
    pub fn stop(&self) {
        if let Some(inner) = self.inner() {
            let mut inner = inner.borrow_mut();
            if let Some(link) = inner.link.take() {
                link.close();
            }
            if let Some(stream) = inner.stream.take() {
                rtc::stop_stream(&stream);
            }
            inner.on_ended = None;
            inner.active = false;
        }
        self.state.try_set(ShareState::Off);
    }
}
