//! WebRTC for the browser view session: the customer's page sends its
//! captured screen to the technician's console over an `RTCPeerConnection`,
//! with signalling over our WebSocket (`signal` frames, which the service
//! relays only between the session's customer and the console of the
//! technician who started it).
//!
//! Payloads (JSON objects):
//! - `{"kind":"hello"}`, console → page: I am viewing, send me the screen
//!   (sent on every (re)connection of the console, so a reloaded console
//!   gets the picture back without the customer sharing again);
//! - `{"kind":"offer","id":N,"desc":{…}}`, page → console: a new connection
//!   numbered `N` (the page makes one per hello, keeping its stream);
//! - `{"kind":"answer","id":N,"desc":{…}}`, console → page;
//! - `{"kind":"candidate","id":N,"candidate":{…}}`, both ways.
//!
//! ICE candidates arriving before the remote description are queued.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::{Array, Object, Reflect, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    MediaStream, RtcConfiguration, RtcIceCandidateInit, RtcPeerConnection,
    RtcPeerConnectionIceEvent, RtcSessionDescriptionInit, RtcTrackEvent,
};

use crate::socket::Socket;
use crate::wire::Out;

/// The kinds of signalling payload.
pub const HELLO: &str = "hello";
pub const OFFER: &str = "offer";
pub const ANSWER: &str = "answer";
pub const CANDIDATE: &str = "candidate";

fn get(obj: &JsValue, key: &str) -> JsValue {
    Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn set(obj: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(obj, &JsValue::from_str(key), value);
}

/// A payload's kind, connection number and body (`desc` or `candidate`).
pub struct Payload {
    pub kind: String,
    pub id: u32,
    pub body: JsValue,
}

impl Payload {
    pub fn read(payload: &JsValue) -> Option<Payload> {
        let kind = get(payload, "kind").as_string()?;
        let id = get(payload, "id").as_f64().unwrap_or(0.0) as u32;
        let body = match kind.as_str() {
            CANDIDATE => get(payload, "candidate"),
            _ => get(payload, "desc"),
        };
        Some(Payload { kind, id, body })
    }
}

/// Sends a payload over the socket; false when the socket is not open.
pub fn send(
    socket: &Socket,
    session_id: &str,
    kind: &str,
    id: u32,
    body: Option<&JsValue>,
) -> bool {
    let mut out = Out::new().str("kind", kind).int("id", id.into());
    if let Some(text) = body
        .and_then(|b| JSON::stringify(b).ok())
        .and_then(|s| s.as_string())
    {
        out = out.raw(
            if kind == CANDIDATE {
                "candidate"
            } else {
                "desc"
            },
            &text,
        );
    }
    socket.send_signal(session_id, &out.end())
}

/// A connection number unlikely to repeat across reloads of the page.
pub fn new_id() -> u32 {
    (js_sys::Math::random() * 4_294_967_295.0) as u32
}

/// An `RA_ICE_SERVERS` entry: the URL, and the TURN user name and
/// password when written `turn:USER:PASSWORD@host:port`.
pub fn ice_server(entry: &str) -> (String, Option<(&str, &str)>) {
    let Some((scheme, rest)) = entry.split_once(':') else {
        return (entry.to_string(), None);
    };
    match rest.rsplit_once('@') {
        Some((user, host)) => match user.split_once(':') {
            Some((name, password)) => (format!("{scheme}:{host}"), Some((name, password))),
            None => (entry.to_string(), None),
        },
        None => (entry.to_string(), None),
    }
}

/// One `RTCPeerConnection` and its queued candidates.
pub struct Link {
    pub pc: RtcPeerConnection,
    pub id: u32,
    remote_set: Cell<bool>,
    queued: RefCell<Vec<JsValue>>,
    _closures: Vec<Closure<dyn FnMut(JsValue)>>,
}

impl Link {
    /// A connection with these ICE server URLs (none: host candidates
    /// only). `on_candidate` gets each local candidate as JSON-ready data;
    /// `on_track` the remote stream (the console's side); `on_state` the
    /// connection state ("connected", "failed", …).
    pub fn new(
        ice_servers: &[String],
        id: u32,
        on_candidate: impl Fn(JsValue) + 'static,
        on_track: Option<Box<dyn Fn(MediaStream)>>,
        on_state: impl Fn(String) + 'static,
    ) -> Option<Rc<Link>> {
        let config = RtcConfiguration::new();
        let servers = Array::new();
        for url in ice_servers {
            let server = Object::new();
            let (url, user) = ice_server(url);
            set(&server, "urls", &JsValue::from_str(&url));
            if let Some((username, credential)) = user {
                set(&server, "username", &JsValue::from_str(username));
                set(&server, "credential", &JsValue::from_str(credential));
            }
            servers.push(&server);
        }
        config.set_ice_servers(&servers);
        let pc = RtcPeerConnection::new_with_configuration(&config).ok()?;
        let candidate = Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
            let Some(c) = event
                .unchecked_ref::<RtcPeerConnectionIceEvent>()
                .candidate()
            else {
                return;
            };
            on_candidate(c.to_json().into());
        });
        pc.set_onicecandidate(Some(candidate.as_ref().unchecked_ref()));
        let state = {
            let pc = pc.clone();
            Closure::<dyn FnMut(JsValue)>::new(move |_| {
                let state = get(&pc, "connectionState").as_string().unwrap_or_default();
                on_state(state);
            })
        };
        pc.set_onconnectionstatechange(Some(state.as_ref().unchecked_ref()));
        let mut closures = vec![candidate, state];
        if let Some(on_track) = on_track {
            let track = Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
                let event = event.unchecked_into::<RtcTrackEvent>();
                if let Ok(stream) = event.streams().get(0).dyn_into::<MediaStream>() {
                    on_track(stream);
                }
            });
            pc.set_ontrack(Some(track.as_ref().unchecked_ref()));
            closures.push(track);
        }
        Some(Rc::new(Link {
            pc,
            id,
            remote_set: Cell::new(false),
            queued: RefCell::new(Vec::new()),
            _closures: closures,
        }))
    }

    /// Sends every track of the stream.
    pub fn add_stream(&self, stream: &MediaStream) {
        for track in stream.get_tracks().iter() {
            if let Ok(track) = track.dyn_into::<web_sys::MediaStreamTrack>() {
                self.pc.add_track_0(&track, stream);
            }
        }
    }

    /// Makes the offer (the page) or the answer (the console) and sets it
    /// as the local description; the description, ready to send.
    pub async fn local(&self, offer: bool) -> Result<JsValue, JsValue> {
        let made = if offer {
            JsFuture::from(self.pc.create_offer()).await?
        } else {
            JsFuture::from(self.pc.create_answer()).await?
        };
        let desc: &RtcSessionDescriptionInit = made.unchecked_ref();
        JsFuture::from(self.pc.set_local_description(desc)).await?;
        Ok(made)
    }

    /// Sets the other side's description, then adds the candidates that
    /// came before it.
    pub async fn remote(&self, desc: &JsValue) -> Result<(), JsValue> {
        let desc: &RtcSessionDescriptionInit = desc.unchecked_ref();
        JsFuture::from(self.pc.set_remote_description(desc)).await?;
        self.remote_set.set(true);
        let queued = std::mem::take(&mut *self.queued.borrow_mut());
        for candidate in queued {
            self.add_now(&candidate);
        }
        Ok(())
    }

    /// Adds the other side's candidate, or queues it until the remote
    /// description is set.
    pub fn candidate(&self, candidate: JsValue) {
        if self.remote_set.get() {
            self.add_now(&candidate);
        } else {
            self.queued.borrow_mut().push(candidate);
        }
    }

    fn add_now(&self, candidate: &JsValue) {
        let init: &RtcIceCandidateInit = candidate.unchecked_ref();
        let _ = self
            .pc
            .add_ice_candidate_with_opt_rtc_ice_candidate_init(Some(init));
    }

    pub fn close(&self) {
        self.pc.set_onicecandidate(None);
        self.pc.set_onconnectionstatechange(None);
        self.pc.set_ontrack(None);
        self.pc.close();
    }
}

/// Stops every track of a stream (the browser's sharing indicator goes).
pub fn stop_stream(stream: &MediaStream) {
    for track in stream.get_tracks().iter() {
        if let Ok(track) = track.dyn_into::<web_sys::MediaStreamTrack>() {
            track.stop();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::ice_server;

    #[test]
    fn ice_server_entries() {
        assert_eq!(
            ice_server("stun:stun.example.org:3478"),
            ("stun:stun.example.org:3478".to_string(), None)
        );
        assert_eq!(
            ice_server("turn:ann:s3cret@turn.example.org:3478?transport=udp"),
            (
                "turn:turn.example.org:3478?transport=udp".to_string(),
                Some(("ann", "s3cret"))
            )
        );
        assert_eq!(ice_server("turn:x@host"), ("turn:x@host".to_string(), None));
    }
}
