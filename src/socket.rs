//! A WebSocket to the service that reconnects by itself.
//!
//! `use_socket` opens `/ws` (with an optional query), calls `on_open` after
//! every (re)connection so the caller can authenticate and ask for what it
//! missed, and hands every frame to `on_frame`. Keep it at the root of the
//! app: its callbacks outlive any one page.

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::*;
use protocol::ws::{ClientFrame, ServerFrame};
use wasm_bindgen::prelude::*;
use web_sys::{MessageEvent, WebSocket};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ConnState {
    Connecting,
    Open,
    Offline,
}

type OnOpen = Rc<dyn Fn(Socket)>;

/// How the service starts a `signal` frame (serde writes the tag first).
const SIGNAL_PREFIX: &str = "{\"type\":\"signal\"";

/// How frames are written and read: [`OPERATOR`], [`CUSTOMER`] (the
/// customer's frames only), both without serde (see [`crate::wire`]), or
/// [`SERDE`] (every frame). Only the codec a bundle names is linked into it.
#[derive(Clone, Copy)]
pub struct Codec {
    pub encode: fn(&ClientFrame) -> Option<String>,
    pub decode: fn(&str) -> Option<ServerFrame>,
}

/// Every frame, with serde.
pub const SERDE: Codec = Codec {
    encode: |frame| serde_json::to_string(frame).ok(),
    decode: |text| serde_json::from_str(text).ok(),
};

/// The operator app's frames, without serde.
pub const OPERATOR: Codec = Codec {
    encode: crate::wire::encode_frame,
    decode: crate::wire::decode_operator_frame,
};

/// The customer's frames, without serde.
pub const CUSTOMER: Codec = Codec {
    encode: crate::wire::encode_frame,
    decode: crate::wire::decode_frame,
};
type OnFrame = Rc<dyn Fn(ServerFrame)>;
/// A `signal` frame: the session id and the payload as the browser parsed it.
type OnSignal = Rc<dyn Fn(String, JsValue)>;

struct Inner {
    url: String,
    ws: Option<WebSocket>,
    failures: u32,
    stopped: bool,
    codec: Codec,
    on_open: OnOpen,
    on_frame: OnFrame,
    /// WebRTC signalling (see [`crate::rtc`]), read without the codec.
    on_signal: Option<OnSignal>,
    // Keeps the current connection's callbacks alive.
    closures: Vec<Closure<dyn FnMut(JsValue)>>,
}

/// A handle to the socket. `Copy`: pass it to any component.
#[derive(Clone, Copy)]
pub struct Socket {
    inner: StoredValue<Rc<RefCell<Inner>>, LocalStorage>,
    /// Whether the socket is up, for the offline banner.
    pub state: ReadSignal<ConnState>,
    set_state: WriteSignal<ConnState>,
}

/// `ws://host/ws?query` from the page's own origin.
fn socket_url(query: &str) -> String {
    let origin = crate::browser::origin();
    // http → ws, https → wss.
    let ws_origin = match origin.strip_prefix("http") {
        Some(rest) => format!("ws{rest}"),
        None => origin,
    };
    if query.is_empty() {
        format!("{ws_origin}/ws")
    } else {
        format!("{ws_origin}/ws?{query}")
    }
}

/// A socket for the operator app ([`OPERATOR`]).
pub fn use_socket(
    query: &str,
    on_open: impl Fn(Socket) + 'static,
    on_frame: impl Fn(ServerFrame) + 'static,
) -> Socket {
    use_socket_with(OPERATOR, query, on_open, on_frame)
}

pub fn use_socket_with(
    codec: Codec,
    query: &str,
    on_open: impl Fn(Socket) + 'static,
    on_frame: impl Fn(ServerFrame) + 'static,
) -> Socket {
    let (state, set_state) = signal(ConnState::Connecting);
    let inner = Rc::new(RefCell::new(Inner {
        url: socket_url(query),
        ws: None,
        failures: 0,
        stopped: false,
        codec,
        on_open: Rc::new(on_open),
        on_frame: Rc::new(on_frame),
        on_signal: None,
        closures: Vec::new(),
    }));
    let socket = Socket {
        inner: StoredValue::new_local(inner),
        state,
        set_state,
    };
    socket.connect();
    on_cleanup(move || socket.stop());
    socket
}

impl Socket {
    /// Sends a frame; false when the socket is not open (the caller retries
    /// after the next `on_open`).
    pub fn send(&self, frame: &ClientFrame) -> bool {
        let Some(inner) = self.inner.try_get_value() else {
            return false;
        };
        let inner = inner.borrow();
        let Some(ws) = inner.ws.as_ref() else {
            return false;
        };
        if ws.ready_state() != WebSocket::OPEN {
            return false;
        }
        let Some(text) = (inner.codec.encode)(frame) else {
            return false;
        };
        ws.send_with_str(&text).is_ok()
    }

    /// Sends a `signal` frame whose payload is JSON text already.
    pub fn send_signal(&self, session_id: &str, payload_json: &str) -> bool {
        let Some(inner) = self.inner.try_get_value() else {
            return false;
        };
        let inner = inner.borrow();
        let Some(ws) = inner
            .ws
            .as_ref()
            .filter(|ws| ws.ready_state() == WebSocket::OPEN)
        else {
            return false;
        };
        let text = crate::wire::Out::tagged("signal")
            .str("session_id", session_id)
            .raw("payload", payload_json)
            .end();
        ws.send_with_str(&text).is_ok()
    }

    /// Who receives `signal` frames from now on (`None`: nobody).
    pub fn set_on_signal(&self, on_signal: Option<OnSignal>) {
        if let Some(inner) = self.inner.try_get_value() {
            inner.borrow_mut().on_signal = on_signal;
        }
    }

    pub fn is_open(&self) -> bool {
        self.state.get_untracked() == ConnState::Open
    }

    /// Closes for good (on unmount or sign-out).
    pub fn stop(&self) {
        if let Some(inner) = self.inner.try_get_value() {
            let mut inner = inner.borrow_mut();
            inner.stopped = true;
            if let Some(ws) = inner.ws.take() {
                let _ = ws.close();
            }
        }
    }

    /// Drops the connection and reconnects now (after a sign-in, say).
    pub fn reconnect(&self) {
        if let Some(inner) = self.inner.try_get_value() {
            if let Some(ws) = inner.borrow_mut().ws.take() {
                ws.set_onclose(None);
                let _ = ws.close();
            }
        }
        self.connect();
    }

    fn connect(self) {
        let Some(rc) = self.inner.try_get_value() else {
            return;
        };
        if rc.borrow().stopped {
            return;
        }
        self.set_state.set(ConnState::Connecting);
        let url = rc.borrow().url.clone();
        let Ok(ws) = WebSocket::new(&url) else {
            self.schedule_reconnect();
            return;
        };

        let on_open = {
            let rc = rc.clone();
            Closure::<dyn FnMut(JsValue)>::new(move |_| {
                rc.borrow_mut().failures = 0;
                self.set_state.set(ConnState::Open);
                let callback = rc.borrow().on_open.clone();
                callback(self);
            })
        };
        let on_message = {
            let rc = rc.clone();
            Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
                let Some(text) = event
                    .dyn_ref::<MessageEvent>()
                    .and_then(|m| m.data().as_string())
                else {
                    return;
                };
                if text.starts_with(SIGNAL_PREFIX) {
                    let on_signal = rc.borrow().on_signal.clone();
                    if let (Some(on_signal), Some(json)) =
                        (on_signal, crate::wire::Json::parse(&text))
                    {
                        if let Some(id) = json.str("session_id") {
                            on_signal(id, json.obj("payload").map(|p| p.0).unwrap_or_default());
                        }
                    }
                    return;
                }
                let decode = rc.borrow().codec.decode;
                if let Some(frame) = decode(&text) {
                    let callback = rc.borrow().on_frame.clone();
                    callback(frame);
                }
            })
        };
        let on_close = Closure::<dyn FnMut(JsValue)>::new(move |_| {
            self.set_state.set(ConnState::Offline);
            self.schedule_reconnect();
        });
        ws.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        ws.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        ws.set_onclose(Some(on_close.as_ref().unchecked_ref()));
        let mut inner = rc.borrow_mut();
        inner.ws = Some(ws);
        inner.closures = vec![on_open, on_message, on_close];
    }

    fn schedule_reconnect(self) {
        let Some(rc) = self.inner.try_get_value() else {
            return;
        };
        let failures = {
            let mut inner = rc.borrow_mut();
            if inner.stopped {
                return;
            }
            inner.ws = None;
            inner.failures += 1;
            inner.failures
        };
        // 0.5 s, 1 s, 2 s, 4 s, then every 8 s.
        let delay = 250u64 << failures.min(5);
        set_timeout(move || self.connect(), Duration::from_millis(delay));
    }
}
