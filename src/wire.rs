//! JSON for the customer bundle without serde.
//!
//! serde's derived code (twice for internally tagged enums such as
//! `ServerFrame` and `Event`) and serde_json cost the customer bundle about a
//! fifth of its bytes. The customer pages read the few bodies and frames
//! they need with the browser's own `JSON.parse` ([`Json`], [`FromJson`]) and
//! write theirs with [`Out`]. The wire format is the one `protocol` derives
//! (the server still uses serde). The operator app reads and writes its own
//! bodies and frames the same way.

use std::borrow::Cow;

use js_sys::{Array, JsString, Reflect, Uint8Array, JSON};
use protocol::api::{
    ClaimRequest, ClaimResponse, ConversationSummary, ErrorBody, LoginRequest, Message, Operator,
    OperatorConfig, PinCheckResponse, PinIssued, Presence, PublicConfig, Sender, SessionView,
    StartConversationRequest, StartConversationResponse, StartSessionRequest,
};
use protocol::event::{Event, Party};
use protocol::ws::{ClientFrame, ServerFrame};
use protocol::{DeviceClass, DeviceInfo, Mode, Os, Pin, SessionStatus};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsValue;

// ---- Writing ---------------------------------------------------------------

/// A JSON object written field by field.
pub struct Out(String);

impl Default for Out {
    fn default() -> Out {
        Out::new()
    }
}

impl Out {
    pub fn new() -> Out {
        Out(String::from("{"))
    }

    /// An object whose first field is `"type": tag`.
    pub fn tagged(tag: &str) -> Out {
        Out::new().str("type", tag)
    }

    fn key(mut self, key: &str) -> Out {
        if self.0.len() > 1 {
            self.0.push(',');
        }
        escape_into(&mut self.0, key);
        self.0.push(':');
        self
    }

    pub fn str(self, key: &str, value: &str) -> Out {
        let mut out = self.key(key);
        escape_into(&mut out.0, value);
        out
    }

    /// `null` for `None`.
    pub fn opt_str(self, key: &str, value: Option<&str>) -> Out {
        match value {
            Some(value) => self.str(key, value),
            None => self.raw(key, "null"),
        }
    }

    pub fn int(self, key: &str, value: i64) -> Out {
        self.raw(key, &value.to_string())
    }

    pub fn bool(self, key: &str, value: bool) -> Out {
        self.raw(key, if value { "true" } else { "false" })
    }

    /// A value already written as JSON.
    pub fn raw(self, key: &str, json: &str) -> Out {
        let mut out = self.key(key);
        out.0.push_str(json);
        out
    }

    pub fn end(mut self) -> String {
        self.0.push('}');
        self.0
    }
}

/// Writes `s` as a JSON string.
pub fn escape_into(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.push_str("\\u00");
                out.push(HEX[(c as usize) >> 4] as char);
                out.push(HEX[(c as usize) & 15] as char);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// The request bodies and frames the customer pages send.
pub trait ToJson {
    fn to_json(&self) -> String;
}

impl ToJson for StartConversationRequest {
    fn to_json(&self) -> String {
        let out = Out::new().opt_str("name", self.name.as_deref());
        match &self.hints {
            None => out.raw("hints", "null"),
            Some(hints) => {
                let mobile = match hints.mobile {
                    Some(true) => "true",
                    Some(false) => "false",
                    None => "null",
                };
                let hints = Out::new()
                    .raw("mobile", mobile)
                    .opt_str("platform", hints.platform.as_deref())
                    .end();
                out.raw("hints", &hints)
            }
        }
        .end()
    }
}

impl ToJson for ClaimRequest {
    fn to_json(&self) -> String {
        Out::new()
            .str("pin", &self.pin)
            .str("device_class", self.device_class.as_str())
            .opt_str("user_agent", self.user_agent.as_deref())
            .bool("browser_view", self.browser_view)
            .end()
    }
}

/// A customer's frame; `None` for the operators' `signal` frames.
pub fn encode_frame(frame: &ClientFrame) -> Option<String> {
    Some(match frame {
        ClientFrame::Auth {
            conversation_token,
            session_token,
        } => Out::tagged("auth")
            .opt_str("conversation_token", conversation_token.as_deref())
            .opt_str("session_token", session_token.as_deref())
            .end(),
        ClientFrame::Sync {
            conversation_id,
            after_seq,
        } => Out::tagged("sync")
            .opt_str("conversation_id", conversation_id.as_deref())
            .int("after_seq", *after_seq)
            .end(),
        ClientFrame::Send {
            conversation_id,
            txn,
            text,
        } => Out::tagged("send")
            .opt_str("conversation_id", conversation_id.as_deref())
            .str("txn", txn)
            .str("text", text)
            .end(),
        ClientFrame::Ping => Out::tagged("ping").end(),
        ClientFrame::Signal { .. } => return None,
    })
}

// ---- Reading ---------------------------------------------------------------

/// A value parsed by the browser's `JSON.parse`.
#[derive(Clone, Debug)]
pub struct Json(pub JsValue);

impl Json {
    pub fn parse(text: &str) -> Option<Json> {
        JSON::parse(text).ok().map(Json)
    }

    fn get(&self, key: &str) -> JsValue {
        Reflect::get(&self.0, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
    }

    pub fn str(&self, key: &str) -> Option<String> {
        self.get(key).as_string()
    }

    /// A whole number (JSON numbers are doubles in the browser).
    pub fn int(&self, key: &str) -> Option<i64> {
        let n = self.get(key).as_f64()?;
        (n.fract() == 0.0).then_some(n as i64)
    }

    pub fn bool(&self, key: &str) -> Option<bool> {
        self.get(key).as_bool()
    }

    pub fn obj(&self, key: &str) -> Option<Json> {
        let value = self.get(key);
        (value.is_object() && !Array::is_array(&value)).then_some(Json(value))
    }

    /// `Some(None)` when the field is absent or `null`; `None` when it holds
    /// something `read` does not accept.
    pub fn opt<T>(&self, key: &str, read: impl Fn(&Json, &str) -> Option<T>) -> Option<Option<T>> {
        if self.get(key).is_null_or_undefined() {
            Some(None)
        } else {
            read(self, key).map(Some)
        }
    }

    /// The elements, when this is an array.
    pub fn items(&self) -> Option<Vec<Json>> {
        Array::is_array(&self.0).then(|| Array::from(&self.0).iter().map(Json).collect())
    }

    pub fn strings(&self, key: &str) -> Option<Vec<String>> {
        Json(self.get(key))
            .items()?
            .into_iter()
            .map(|item| item.0.as_string())
            .collect()
    }

    pub fn read<T: FromJson>(&self, key: &str) -> Option<T> {
        T::from_json(&self.obj(key)?)
    }
}

/// Bodies and frames the customer pages read.
pub trait FromJson: Sized {
    fn from_json(json: &Json) -> Option<Self>;
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(json: &Json) -> Option<Vec<T>> {
        json.items()?.iter().map(T::from_json).collect()
    }
}

impl FromJson for ErrorBody {
    fn from_json(j: &Json) -> Option<ErrorBody> {
        Some(ErrorBody {
            code: j.str("code")?,
            message: j.str("message")?,
            retry_after_secs: j
                .opt("retry_after_secs", Json::int)?
                .map(|s| s.max(0) as u64),
        })
    }
}

impl FromJson for PublicConfig {
    fn from_json(j: &Json) -> Option<PublicConfig> {
        Some(PublicConfig {
            org_name: j.str("org_name")?,
            windows_download_url: j.str("windows_download_url")?,
            mac_download_url: j.str("mac_download_url")?,
            app_store_url: j.str("app_store_url")?,
            play_store_url: j.str("play_store_url")?,
            app_link_template: j.str("app_link_template")?,
            mobile_link_base: j.str("mobile_link_base")?,
            ice_servers: j.strings("ice_servers")?,
        })
    }
}

impl FromJson for StartConversationResponse {
    fn from_json(j: &Json) -> Option<StartConversationResponse> {
        Some(StartConversationResponse {
            conversation_id: j.str("conversation_id")?,
            token: j.str("token")?,
        })
    }
}

impl FromJson for PinCheckResponse {
    fn from_json(j: &Json) -> Option<PinCheckResponse> {
        Some(PinCheckResponse {
            agent_name: j.str("agent_name")?,
            org_name: j.str("org_name")?,
        })
    }
}

impl FromJson for DeviceInfo {
    fn from_json(j: &Json) -> Option<DeviceInfo> {
        Some(DeviceInfo {
            class: DeviceClass::from_str_lossy(&j.str("class")?),
            os: Os::from_str_lossy(&j.str("os")?),
        })
    }
}

fn status(j: &Json, key: &str) -> Option<SessionStatus> {
    Some(SessionStatus::from_str_lossy(&j.str(key)?))
}

fn mode(j: &Json, key: &str) -> Option<Mode> {
    Mode::from_str_opt(&j.str(key)?)
}

impl FromJson for ClaimResponse {
    fn from_json(j: &Json) -> Option<ClaimResponse> {
        Some(ClaimResponse {
            session_id: j.str("session_id")?,
            session_token: j.str("session_token")?,
            agent_name: j.str("agent_name")?,
            org_name: j.str("org_name")?,
            device: j.read("device")?,
            status: status(j, "status")?,
        })
    }
}

impl FromJson for SessionView {
    fn from_json(j: &Json) -> Option<SessionView> {
        Some(SessionView {
            id: j.str("id")?,
            conversation_id: j.str("conversation_id")?,
            status: status(j, "status")?,
            mode: j.opt("mode", mode)?,
            device: j.read("device")?,
            browser_view: j.bool("browser_view")?,
            customer_name: j.str("customer_name")?,
            agent_name: j.str("agent_name")?,
            technician_id: j.opt("technician_id", Json::int)?,
            technician_name: j.opt("technician_name", Json::str)?,
            claimed_at_ms: j.int("claimed_at_ms")?,
            started_at_ms: j.opt("started_at_ms", Json::int)?,
            ended_at_ms: j.opt("ended_at_ms", Json::int)?,
        })
    }
}

impl FromJson for Event {
    fn from_json(j: &Json) -> Option<Event> {
        Some(match j.str("kind")?.as_str() {
            "pin_created" => Event::PinCreated {
                pin: j.str("pin")?,
                expires_at_ms: j.int("expires_at_ms")?,
            },
            "pin_revoked" => Event::PinRevoked { pin: j.str("pin")? },
            "pin_expired" => Event::PinExpired { pin: j.str("pin")? },
            "claimed" => Event::Claimed {
                device: j.read("device")?,
            },
            "waiting" => Event::Waiting,
            "active" => Event::Active {
                mode: mode(j, "mode")?,
                technician: j.str("technician")?,
            },
            "ended" => Event::Ended {
                by: match j.str("by")?.as_str() {
                    "customer" => Party::Customer,
                    "technician" => Party::Technician,
                    _ => return None,
                },
            },
            "timed_out" => Event::TimedOut,
            _ => return None,
        })
    }
}

impl FromJson for Message {
    fn from_json(j: &Json) -> Option<Message> {
        Some(Message {
            conversation_id: j.str("conversation_id")?,
            seq: j.int("seq")?,
            txn: j.str("txn")?,
            sender: match j.str("sender")?.as_str() {
                "customer" => Sender::Customer,
                "operator" => Sender::Operator,
                "system" => Sender::System,
                _ => return None,
            },
            author: j.str("author")?,
            text: j.str("text")?,
            event: j.opt("event", Json::read)?,
            at_ms: j.int("at_ms")?,
        })
    }
}

/// The frames a customer socket receives; `None` for any other.
pub fn decode_frame(text: &str) -> Option<ServerFrame> {
    customer_frame(&Json::parse(text)?)
}

fn customer_frame(j: &Json) -> Option<ServerFrame> {
    Some(match j.str("type")?.as_str() {
        "ready" => ServerFrame::Ready,
        "pong" => ServerFrame::Pong,
        "message" => ServerFrame::Message {
            message: j.read("message")?,
        },
        "ack" => ServerFrame::Ack {
            txn: j.str("txn")?,
            message: j.read("message")?,
        },
        "error" => ServerFrame::Error {
            txn: j.opt("txn", Json::str)?,
            code: j.str("code")?,
            message: j.str("message")?,
        },
        "session" => ServerFrame::Session {
            session: j.read("session")?,
        },
        _ => return None,
    })
}

// ---- The console's session list ---------------------------------------------

/// The keys of a session, for `JSON.stringify`'s replacer (which keeps only
/// these, at every depth: `class` and `os` are the device's).
const FIELDS: [&str; 15] = [
    "id",
    "conversation_id",
    "status",
    "mode",
    "device",
    "class",
    "os",
    "browser_view",
    "customer_name",
    "agent_name",
    "technician_id",
    "technician_name",
    "claimed_at_ms",
    "started_at_ms",
    "ended_at_ms",
];

// The browser's `TextEncoder`: a string's UTF-8 in one native call.
// (Handing a long string to Rust as a `String` copies it in a JavaScript
// loop, a character at a time while it is ASCII: milliseconds for a list.)
#[wasm_bindgen]
extern "C" {
    type TextEncoder;
    #[wasm_bindgen(constructor)]
    fn new() -> TextEncoder;
    #[wasm_bindgen(method)]
    fn encode(this: &TextEncoder, text: &JsString) -> Uint8Array;
}

/// `GET /api/sessions` (what `Vec<SessionView>::from_json` reads, faster):
/// `None` unless every element is a session.
///
/// The browser has parsed the body already; reading a thousand sessions
/// field by field would cross from wasm to JavaScript some 15,000 times,
/// each string copied on its own. Instead the list comes across once, as
/// the browser writes it back (`JSON.stringify`, keeping only a session's
/// fields, and `TextEncoder`, both native), and [`read_session_list`] reads
/// that text.
pub fn session_list(value: &JsValue) -> Option<Vec<SessionView>> {
    if !Array::is_array(value) {
        return None;
    }
    let keys: Array = FIELDS.iter().map(|k| JsValue::from_str(k)).collect();
    let text = JSON::stringify_with_replacer(value, &keys).ok()?;
    read_session_list(&TextEncoder::new().encode(&text).to_vec())
}

/// Reads a list of sessions from JSON text (UTF-8): `None` unless it is an array
/// whose every element is a session. Fields may come in any order; absent
/// optional fields are `None`; other keys are skipped.
pub fn read_session_list(text: &[u8]) -> Option<Vec<SessionView>> {
    let mut r = Reader { s: text, at: 0 };
    let mut sessions = Vec::new();
    r.expect(b'[')?;
    if !r.eat(b']') {
        loop {
            sessions.push(r.session()?);
            if r.eat(b']') {
                break;
            }
            r.expect(b',')?;
        }
    }
    r.skip_space();
    (r.at == r.s.len()).then_some(sessions)
}

/// A cursor over JSON text (what a session list holds).
struct Reader<'a> {
    s: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn skip_space(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.s.get(self.at) {
            self.at += 1;
        }
    }

    /// Takes `b` (after any space) if it is next.
    fn eat(&mut self, b: u8) -> bool {
        self.skip_space();
        let next = self.s.get(self.at) == Some(&b);
        if next {
            self.at += 1;
        }
        next
    }

    fn expect(&mut self, b: u8) -> Option<()> {
        self.eat(b).then_some(())
    }

    /// Takes the word `w` (`null`, `true`, `false`) if it is next.
    fn word(&mut self, w: &[u8]) -> bool {
        self.skip_space();
        let next = self.s[self.at..].starts_with(w);
        if next {
            self.at += w.len();
        }
        next
    }

    /// A string, borrowed from the text when it holds no escape.
    fn string(&mut self) -> Option<Cow<'a, str>> {
        self.expect(b'"')?;
        let start = self.at;
        loop {
            match *self.s.get(self.at)? {
                b'"' => {
                    let raw = std::str::from_utf8(&self.s[start..self.at]).ok()?;
                    self.at += 1;
                    return Some(raw.into());
                }
                b'\\' => break,
                _ => self.at += 1,
            }
        }
        let mut out = String::from(std::str::from_utf8(&self.s[start..self.at]).ok()?);
        loop {
            let plain = self.at;
            while !matches!(*self.s.get(self.at)?, b'"' | b'\\') {
                self.at += 1;
            }
            out.push_str(std::str::from_utf8(&self.s[plain..self.at]).ok()?);
            let b = self.s[self.at];
            self.at += 1;
            if b == b'"' {
                return Some(out.into());
            }
            let escaped = *self.s.get(self.at)?;
            self.at += 1;
            out.push(match escaped {
                b'"' => '"',
                b'\\' => '\\',
                b'/' => '/',
                b'b' => '\u{8}',
                b'f' => '\u{c}',
                b'n' => '\n',
                b'r' => '\r',
                b't' => '\t',
                b'u' => self.escaped_char()?,
                _ => return None,
            });
        }
    }

    /// The character of a `\uXXXX` escape (after the `u`), joining a
    /// surrogate pair; a lone surrogate reads as U+FFFD, as the browser
    /// hands such a string to Rust.
    fn escaped_char(&mut self) -> Option<char> {
        let first = self.hex4()?;
        if (0xD800..0xDC00).contains(&first) && self.s[self.at..].starts_with(b"\\u") {
            let at = self.at;
            self.at += 2;
            let second = self.hex4()?;
            if (0xDC00..0xE000).contains(&second) {
                return char::from_u32(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00));
            }
            self.at = at;
        }
        Some(char::from_u32(first).unwrap_or(char::REPLACEMENT_CHARACTER))
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = std::str::from_utf8(self.s.get(self.at..self.at + 4)?).ok()?;
        self.at += 4;
        u32::from_str_radix(digits, 16).ok()
    }

    /// A whole number, as `JSON.stringify` writes one: digits (a fraction
    /// or an exponent is no time or id). Read by hand: `str::parse::<f64>`
    /// would bring a float parser and its tables into the bundle.
    fn int(&mut self) -> Option<i64> {
        self.skip_space();
        let negative = self.s.get(self.at) == Some(&b'-');
        if negative {
            self.at += 1;
        }
        let start = self.at;
        let mut n: i64 = 0;
        while let Some(&d @ b'0'..=b'9') = self.s.get(self.at) {
            n = n.checked_mul(10)?.checked_add(i64::from(d - b'0'))?;
            self.at += 1;
        }
        let more = matches!(self.s.get(self.at), Some(b'.' | b'e' | b'E'));
        (self.at > start && !more).then_some(if negative { -n } else { n })
    }

    fn bool(&mut self) -> Option<bool> {
        if self.word(b"true") {
            Some(true)
        } else if self.word(b"false") {
            Some(false)
        } else {
            None
        }
    }

    /// `null` as `Some(None)`, else what `read` reads.
    fn opt<T>(&mut self, read: impl FnOnce(&mut Self) -> Option<T>) -> Option<Option<T>> {
        if self.word(b"null") {
            Some(None)
        } else {
            read(self).map(Some)
        }
    }

    /// The fields of an object, each handed to `field` with its key.
    fn object(&mut self, mut field: impl FnMut(&mut Self, &str) -> Option<()>) -> Option<()> {
        self.expect(b'{')?;
        if self.eat(b'}') {
            return Some(());
        }
        loop {
            let key = self.string()?;
            self.expect(b':')?;
            field(self, &key)?;
            if self.eat(b'}') {
                return Some(());
            }
            self.expect(b',')?;
        }
    }

    /// Skips any value (under a key a session does not have).
    fn skip_value(&mut self) -> Option<()> {
        self.skip_space();
        match *self.s.get(self.at)? {
            b'"' => self.string().map(drop),
            b'{' => self.object(|r, _| r.skip_value()),
            b'[' => {
                self.at += 1;
                if self.eat(b']') {
                    return Some(());
                }
                loop {
                    self.skip_value()?;
                    if self.eat(b']') {
                        return Some(());
                    }
                    self.expect(b',')?;
                }
            }
            b't' | b'f' => self.bool().map(drop),
            b'n' => self.word(b"null").then_some(()),
            _ => self.int().map(drop),
        }
    }

    fn text(&mut self) -> Option<String> {
        self.string().map(String::from)
    }

    fn session(&mut self) -> Option<SessionView> {
        let (mut id, mut conversation_id, mut status, mut device) = (None, None, None, None);
        let (mut browser_view, mut customer_name, mut agent_name) = (None, None, None);
        let (mut mode, mut technician_id, mut technician_name) = (None, None, None);
        let (mut claimed_at_ms, mut started_at_ms, mut ended_at_ms) = (None, None, None);
        self.object(|r, key| {
            match key {
                "id" => id = Some(r.text()?),
                "conversation_id" => conversation_id = Some(r.text()?),
                "status" => status = Some(SessionStatus::from_str_lossy(&r.string()?)),
                "mode" => mode = r.opt(|r| Mode::from_str_opt(&r.string()?))?,
                "device" => {
                    let (mut class, mut os) = (None, None);
                    r.object(|r, key| {
                        match key {
                            "class" => class = Some(DeviceClass::from_str_lossy(&r.string()?)),
                            "os" => os = Some(Os::from_str_lossy(&r.string()?)),
                            _ => r.skip_value()?,
                        }
                        Some(())
                    })?;
                    device = Some(DeviceInfo {
                        class: class?,
                        os: os?,
                    });
                }
                "browser_view" => browser_view = Some(r.bool()?),
                "customer_name" => customer_name = Some(r.text()?),
                "agent_name" => agent_name = Some(r.text()?),
                "technician_id" => technician_id = r.opt(Self::int)?,
                "technician_name" => technician_name = r.opt(Self::text)?,
                "claimed_at_ms" => claimed_at_ms = Some(r.int()?),
                "started_at_ms" => started_at_ms = r.opt(Self::int)?,
                "ended_at_ms" => ended_at_ms = r.opt(Self::int)?,
                _ => r.skip_value()?,
            }
            Some(())
        })?;
        Some(SessionView {
            id: id?,
            conversation_id: conversation_id?,
            status: status?,
            mode,
            device: device?,
            browser_view: browser_view?,
            customer_name: customer_name?,
            agent_name: agent_name?,
            technician_id,
            technician_name,
            claimed_at_ms: claimed_at_ms?,
            started_at_ms,
            ended_at_ms,
        })
    }
}

// ---- The operator app's bodies and frames ----------------------------------

impl ToJson for LoginRequest {
    fn to_json(&self) -> String {
        Out::new()
            .str("email", &self.email)
            .str("password", &self.password)
            .end()
    }
}

impl ToJson for StartSessionRequest {
    fn to_json(&self) -> String {
        Out::new().str("mode", self.mode.as_str()).end()
    }
}

impl FromJson for Operator {
    fn from_json(j: &Json) -> Option<Operator> {
        Some(Operator {
            id: j.int("id")?,
            email: j.str("email")?,
            name: j.str("name")?,
        })
    }
}

impl FromJson for ConversationSummary {
    fn from_json(j: &Json) -> Option<ConversationSummary> {
        Some(ConversationSummary {
            id: j.str("id")?,
            customer_name: j.str("customer_name")?,
            device: j.read("device")?,
            agent_id: j.opt("agent_id", Json::int)?,
            agent_name: j.opt("agent_name", Json::str)?,
            last_message: j.opt("last_message", Json::str)?,
            last_seq: j.int("last_seq")?,
            closed: j.bool("closed")?,
            created_at_ms: j.int("created_at_ms")?,
        })
    }
}

impl FromJson for PinIssued {
    fn from_json(j: &Json) -> Option<PinIssued> {
        Some(PinIssued {
            pin: Pin::parse(&j.str("pin")?).ok()?,
            desktop_link: j.str("desktop_link")?,
            mobile_link: j.str("mobile_link")?,
            manual_url: j.str("manual_url")?,
            expires_at_ms: j.int("expires_at_ms")?,
            server_now_ms: j.int("server_now_ms")?,
            recommended: DeviceClass::from_str_lossy(&j.str("recommended")?),
        })
    }
}

impl FromJson for Presence {
    fn from_json(j: &Json) -> Option<Presence> {
        Some(Presence {
            technicians_online: u32::try_from(j.int("technicians_online")?).ok()?,
        })
    }
}

fn secs(j: &Json, key: &str) -> Option<u64> {
    u64::try_from(j.int(key)?).ok()
}

impl FromJson for OperatorConfig {
    fn from_json(j: &Json) -> Option<OperatorConfig> {
        Some(OperatorConfig {
            org_name: j.str("org_name")?,
            pin_ttl_secs: secs(j, "pin_ttl_secs")?,
            waiting_timeout_secs: secs(j, "waiting_timeout_secs")?,
            waiting_warn_secs: secs(j, "waiting_warn_secs")?,
            desktop_link_base: j.str("desktop_link_base")?,
            mobile_link_base: j.str("mobile_link_base")?,
            manual_url: j.str("manual_url")?,
        })
    }
}

/// Every frame but `signal` (browser view sessions, not read by the operator app yet).
pub fn decode_operator_frame(text: &str) -> Option<ServerFrame> {
    let j = Json::parse(text)?;
    match j.str("type")?.as_str() {
        "conversation" => Some(ServerFrame::Conversation {
            conversation: j.read("conversation")?,
        }),
        "presence" => Some(ServerFrame::Presence {
            presence: j.read("presence")?,
        }),
        _ => customer_frame(&j),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(id: &str) -> SessionView {
        SessionView {
            id: id.into(),
            conversation_id: format!("c-{id}"),
            status: SessionStatus::Waiting,
            mode: None,
            device: DeviceInfo {
                class: DeviceClass::Desktop,
                os: Os::Windows,
            },
            browser_view: false,
            customer_name: "Kim".into(),
            agent_name: "Ann".into(),
            technician_id: None,
            technician_name: None,
            claimed_at_ms: 1_764_000_000_123,
            started_at_ms: None,
            ended_at_ms: None,
        }
    }

    /// The console's list, read from text: what serde writes (the server),
    /// names with every kind of character included.
    #[test]
    fn the_session_list_text_reads_what_serde_writes() {
        let ended = SessionView {
            status: SessionStatus::TimedOut,
            mode: Some(Mode::Control),
            device: DeviceInfo {
                class: DeviceClass::Mobile,
                os: Os::Android,
            },
            browser_view: true,
            customer_name: "Kim \"K\" Lee \\ é 李 😀\n\t\u{1}/".into(),
            technician_id: Some(-7),
            technician_name: Some("Tess".into()),
            started_at_ms: Some(1_764_000_000_200),
            ended_at_ms: Some(1_764_000_000_900),
            ..session("s2")
        };
        let list = vec![session("s1"), ended];
        let text = serde_json::to_string(&list).unwrap();
        assert_eq!(read_session_list(text.as_bytes()), Some(list));
        assert_eq!(read_session_list(b"[]"), Some(vec![]));
        assert_eq!(read_session_list(b" [ ] "), Some(vec![]));
    }

    #[test]
    fn the_session_list_text_takes_any_order_escapes_and_absent_options() {
        // Spaces, fields in another order, optional ones absent, a key the
        // list does not know (skipped), `\u` escapes with a surrogate pair
        // and a lone surrogate (U+FFFD, as the browser hands it to Rust).
        let text = r#" [ { "agent_name" : "Ann", "customer_name": "\u00e9\ud83d\ude00\ud800x\/",
            "extra": {"a": [1, "b", null, true, {}]}, "device": {"os": "windows", "class": "desktop"},
            "claimed_at_ms": 1764000000123, "browser_view": false, "status": "waiting",
            "conversation_id": "c-s1", "id": "s1", "mode": null, "started_at_ms": null } ] "#;
        let expected = SessionView {
            customer_name: "é😀\u{FFFD}x/".into(),
            ..session("s1")
        };
        assert_eq!(read_session_list(text.as_bytes()), Some(vec![expected]));
        // An unknown status reads as `from_str_lossy` reads it.
        let text = serde_json::to_string(&[session("s3")])
            .unwrap()
            .replace("\"waiting\"", "\"paused\"");
        let read = read_session_list(text.as_bytes()).unwrap();
        assert_eq!(read[0].status, SessionStatus::from_str_lossy("paused"));
    }

    #[test]
    fn the_session_list_text_refuses_what_is_not_a_list_of_sessions() {
        let good = serde_json::to_string(&session("s")).unwrap();
        let edit = |change: &dyn Fn(&mut serde_json::Map<String, serde_json::Value>)| {
            let mut value: serde_json::Value = serde_json::from_str(&good).unwrap();
            change(value.as_object_mut().unwrap());
            format!("[{value}]")
        };
        let with = |key: &str, json: &str| {
            edit(&|o| {
                o.insert(key.into(), serde_json::from_str(json).unwrap());
            })
        };
        let without = |key: &str| {
            edit(&|o| {
                o.remove(key);
            })
        };
        let mut bad = vec![
            "".to_string(),
            "{}".into(),
            "[null]".into(),
            "[1]".into(),
            "[{}]".into(),
            format!("[{good}"),
            format!("[{good},]"),
            format!("[{good}] x"),
            format!("[{}]", &good[..good.len() - 1]),
            with("claimed_at_ms", "1.5"),
            with("claimed_at_ms", "1e3"),
            with("claimed_at_ms", "99999999999999999999"),
            with("claimed_at_ms", "null"),
            with("device", "null"),
            with("device", r#"{"class":"desktop"}"#),
            with("browser_view", "1"),
            with("mode", "\"sideways\""),
            with("technician_id", "\"7\""),
            with("customer_name", "7"),
            format!("[{}]", good.replace("\"Kim\"", r#""K\q""#)),
            format!("[{}]", good.replace("\"Kim\"", r#""K\u12""#)),
            format!("[{}]", good.replace("1764000000123", "-")),
        ];
        for key in [
            "id",
            "conversation_id",
            "status",
            "device",
            "browser_view",
            "customer_name",
            "agent_name",
            "claimed_at_ms",
        ] {
            bad.push(without(key));
        }
        for text in &bad {
            assert_eq!(read_session_list(text.as_bytes()), None, "{text}");
        }
        // Not UTF-8.
        let mut bytes = good.clone().into_bytes();
        let at = good.find("Kim").unwrap();
        bytes[at] = 0xff;
        assert_eq!(read_session_list(&[b"[", &bytes[..], b"]"].concat()), None);
        // The optional ones may be absent.
        for key in ["mode", "technician_id", "technician_name", "started_at_ms"] {
            assert_eq!(
                read_session_list(without(key).as_bytes()),
                Some(vec![session("s")])
            );
        }
    }

    #[test]
    fn writes_what_serde_writes() {
        let frames = [
            ClientFrame::Auth {
                conversation_token: Some("t\"1\\\n\u{1}é".into()),
                session_token: None,
            },
            ClientFrame::Sync {
                conversation_id: None,
                after_seq: 42,
            },
            ClientFrame::Send {
                conversation_id: Some("c".into()),
                txn: "x".into(),
                text: "hi <b>".into(),
            },
            ClientFrame::Ping,
        ];
        for frame in frames {
            let ours = encode_frame(&frame).unwrap();
            assert_eq!(ours, serde_json::to_string(&frame).unwrap());
        }
        let claim = ClaimRequest {
            pin: "123456".into(),
            device_class: DeviceClass::Mobile,
            user_agent: Some("UA".into()),
            browser_view: false,
        };
        assert_eq!(claim.to_json(), serde_json::to_string(&claim).unwrap());
        let login = LoginRequest {
            email: "a@b".into(),
            password: "p\"w".into(),
        };
        assert_eq!(login.to_json(), serde_json::to_string(&login).unwrap());
        let start = StartSessionRequest { mode: Mode::View };
        assert_eq!(start.to_json(), serde_json::to_string(&start).unwrap());
        for request in [
            StartConversationRequest::default(),
            StartConversationRequest {
                name: Some("Ann".into()),
                hints: Some(protocol::device::ClientHints {
                    mobile: Some(false),
                    platform: Some("Windows".into()),
                }),
            },
        ] {
            assert_eq!(request.to_json(), serde_json::to_string(&request).unwrap());
        }
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod browser_tests {
    use super::*;
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    fn message(event: Option<Event>) -> Message {
        Message {
            conversation_id: "c1".into(),
            seq: 7,
            txn: "t".into(),
            sender: Sender::System,
            author: "Ann \"A\"".into(),
            text: "hi\nthere".into(),
            event,
            at_ms: 1_764_000_000_123,
        }
    }

    /// The console's list reads what serde writes, as `Json` does, and
    /// refuses what is not a session.
    #[wasm_bindgen_test]
    fn the_session_list_reads_what_serde_writes() {
        let waiting = SessionView {
            id: "s1".into(),
            conversation_id: "c1".into(),
            status: SessionStatus::Waiting,
            mode: None,
            device: DeviceInfo {
                class: DeviceClass::Desktop,
                os: Os::Windows,
            },
            browser_view: true,
            customer_name: "Kim \"K\" Lee é 😀\t\u{1}".into(),
            agent_name: "Ann".into(),
            technician_id: None,
            technician_name: None,
            claimed_at_ms: 1_764_000_000_123,
            started_at_ms: None,
            ended_at_ms: None,
        };
        let ended = SessionView {
            id: "s2".into(),
            status: SessionStatus::TimedOut,
            mode: Some(Mode::Control),
            device: DeviceInfo {
                class: DeviceClass::Mobile,
                os: Os::Android,
            },
            browser_view: false,
            technician_id: Some(7),
            technician_name: Some("Tess".into()),
            started_at_ms: Some(1_764_000_000_200),
            ended_at_ms: Some(1_764_000_000_900),
            ..waiting.clone()
        };
        let list = vec![waiting, ended];
        let text = serde_json::to_string(&list).unwrap();
        let parsed = Json::parse(&text).unwrap();
        assert_eq!(session_list(&parsed.0), Some(list.clone()));
        assert_eq!(Vec::<SessionView>::from_json(&parsed), Some(list));
        assert_eq!(session_list(&Json::parse("[]").unwrap().0), Some(vec![]));
        for bad in [
            "{}",
            "[null]",
            "[1]",
            r#"[{"id":"s"}]"#,
            r#"[{"id":"s","conversation_id":"c","status":"waiting","mode":null,"device":null,"browser_view":false,"customer_name":"C","agent_name":"A","claimed_at_ms":1}]"#,
            r#"[{"id":"s","conversation_id":"c","status":"waiting","mode":null,"device":{"class":"desktop","os":"windows"},"browser_view":false,"customer_name":"C","agent_name":"A","claimed_at_ms":1.5}]"#,
        ] {
            assert_eq!(session_list(&Json::parse(bad).unwrap().0), None, "{bad}");
        }
    }

    /// What serde writes (the server's side), `decode_frame` reads back.
    #[wasm_bindgen_test]
    fn reads_what_serde_writes() {
        let device = DeviceInfo {
            class: DeviceClass::Mobile,
            os: Os::Ios,
        };
        let session = SessionView {
            id: "s".into(),
            conversation_id: "c".into(),
            status: SessionStatus::Active,
            mode: Some(Mode::View),
            device,
            browser_view: false,
            customer_name: "C".into(),
            agent_name: "A".into(),
            technician_id: Some(3),
            technician_name: None,
            claimed_at_ms: 1,
            started_at_ms: Some(2),
            ended_at_ms: None,
        };
        let events = [
            Event::PinCreated {
                pin: "123456".into(),
                expires_at_ms: 5,
            },
            Event::PinRevoked { pin: "1".into() },
            Event::PinExpired { pin: "1".into() },
            Event::Claimed { device },
            Event::Waiting,
            Event::Active {
                mode: Mode::Control,
                technician: "T".into(),
            },
            Event::Ended {
                by: Party::Customer,
            },
            Event::Ended {
                by: Party::Technician,
            },
            Event::TimedOut,
        ];
        let mut frames = vec![
            ServerFrame::Ready,
            ServerFrame::Pong,
            ServerFrame::Message {
                message: message(None),
            },
            ServerFrame::Ack {
                txn: "t".into(),
                message: message(None),
            },
            ServerFrame::Error {
                txn: None,
                code: "unauthorized".into(),
                message: "No".into(),
            },
            ServerFrame::Error {
                txn: Some("t".into()),
                code: "rate_limited".into(),
                message: "Wait".into(),
            },
            ServerFrame::Session { session },
        ];
        frames.extend(events.into_iter().map(|e| ServerFrame::Message {
            message: message(Some(e)),
        }));
        for frame in frames {
            let text = serde_json::to_string(&frame).unwrap();
            assert_eq!(decode_frame(&text), Some(frame), "{text}");
        }
        let presence = ServerFrame::Presence {
            presence: protocol::api::Presence {
                technicians_online: 1,
            },
        };
        assert_eq!(
            decode_frame(&serde_json::to_string(&presence).unwrap()),
            None
        );
        assert_eq!(decode_frame("not json"), None);
    }

    #[wasm_bindgen_test]
    fn reads_bodies() {
        let config = PublicConfig {
            org_name: "O".into(),
            ice_servers: vec!["stun:x".into()],
            ..PublicConfig::default()
        };
        let json = Json::parse(&serde_json::to_string(&config).unwrap()).unwrap();
        assert_eq!(PublicConfig::from_json(&json), Some(config));
        let claim = ClaimResponse {
            session_id: "s".into(),
            session_token: "k".into(),
            agent_name: "A".into(),
            org_name: "O".into(),
            device: DeviceInfo::default(),
            status: SessionStatus::Waiting,
        };
        let json = Json::parse(&serde_json::to_string(&claim).unwrap()).unwrap();
        assert_eq!(ClaimResponse::from_json(&json), Some(claim));
        let error = ErrorBody {
            code: "rate_limited".into(),
            message: "Wait".into(),
            retry_after_secs: Some(30),
        };
        let json = Json::parse(&serde_json::to_string(&error).unwrap()).unwrap();
        assert_eq!(ErrorBody::from_json(&json), Some(error));
        let issued = PinIssued {
            pin: Pin::parse("123456").unwrap(),
            desktop_link: "d".into(),
            mobile_link: "m".into(),
            manual_url: "u".into(),
            expires_at_ms: 1,
            server_now_ms: 2,
            recommended: DeviceClass::Mobile,
        };
        let json = Json::parse(&serde_json::to_string(&issued).unwrap()).unwrap();
        assert_eq!(PinIssued::from_json(&json), Some(issued));
        let config = OperatorConfig {
            org_name: "O".into(),
            pin_ttl_secs: 600,
            ..OperatorConfig::default()
        };
        let json = Json::parse(&serde_json::to_string(&config).unwrap()).unwrap();
        assert_eq!(OperatorConfig::from_json(&json), Some(config));
        let me = Operator {
            id: 1,
            email: "e".into(),
            name: "n".into(),
        };
        let json = Json::parse(&serde_json::to_string(&me).unwrap()).unwrap();
        assert_eq!(Operator::from_json(&json), Some(me));
        let messages = vec![message(None), message(Some(Event::Waiting))];
        let json = Json::parse(&serde_json::to_string(&messages).unwrap()).unwrap();
        assert_eq!(Vec::<Message>::from_json(&json), Some(messages));
    }
}
