//! JSON for the customer bundle without serde.
//!
//! serde's derived code (twice for internally tagged enums such as
//! `ServerFrame` and `Event`) and serde_json cost the customer bundle about a
//! fifth of its bytes. The customer pages read the few bodies and frames
//! they need with the browser's own `JSON.parse` ([`Json`], [`FromJson`]) and
//! write theirs with [`Out`]. The wire format is the one `protocol` derives
//! (the server still uses serde). The operator app reads and writes its own
//! bodies and frames the same way.

use js_sys::{Array, Reflect, JSON};
use protocol::api::{
    ClaimRequest, ClaimResponse, ConversationSummary, ErrorBody, LoginRequest, Message, Operator,
    OperatorConfig, PinCheckResponse, PinIssued, Presence, PublicConfig, Sender, SessionView,
    StartConversationRequest, StartConversationResponse, StartSessionRequest,
};
use protocol::event::{Event, Party};
use protocol::ws::{ClientFrame, ServerFrame};
use protocol::{DeviceClass, DeviceInfo, Mode, Os, Pin, SessionStatus};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};

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

// `Reflect.get` with the value passed as it is wanted: no handle made and
// dropped per read. With the field names made once per list (below), a
// thousand sessions read in a fraction of the time [`Json`] takes, which
// makes a key string per read.
#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = Reflect, js_name = get)]
    fn get_text(target: &JsValue, key: &JsValue) -> Option<String>;
    #[wasm_bindgen(js_namespace = Reflect, js_name = get)]
    fn get_number(target: &JsValue, key: &JsValue) -> Option<f64>;
    #[wasm_bindgen(js_namespace = Reflect, js_name = get)]
    fn get_flag(target: &JsValue, key: &JsValue) -> Option<bool>;
}

/// A session's fields, in the order [`read_session`] reads them.
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

/// A whole number; `Some(None)` for none.
fn whole(n: Option<f64>) -> Option<Option<i64>> {
    match n {
        None => Some(None),
        Some(n) => (n.fract() == 0.0).then_some(Some(n as i64)),
    }
}

fn read_session(s: &JsValue, k: &[JsValue; 15]) -> Option<SessionView> {
    let text = |i: usize| get_text(s, &k[i]);
    let number = |i: usize| whole(get_number(s, &k[i]));
    let device = Reflect::get(s, &k[4]).ok()?;
    if !device.is_object() {
        return None;
    }
    let mode = match text(3) {
        None => None,
        Some(mode) => Some(Mode::from_str_opt(&mode)?),
    };
    Some(SessionView {
        id: text(0)?,
        conversation_id: text(1)?,
        status: SessionStatus::from_str_lossy(&text(2)?),
        mode,
        device: DeviceInfo {
            class: DeviceClass::from_str_lossy(&get_text(&device, &k[5])?),
            os: Os::from_str_lossy(&get_text(&device, &k[6])?),
        },
        browser_view: get_flag(s, &k[7])?,
        customer_name: text(8)?,
        agent_name: text(9)?,
        technician_id: number(10)?,
        technician_name: text(11),
        claimed_at_ms: number(12)??,
        started_at_ms: number(13)?,
        ended_at_ms: number(14)?,
    })
}

/// `GET /api/sessions` (what `Vec<SessionView>::from_json` reads, faster):
/// `None` unless every element is a session.
pub fn session_list(value: &JsValue) -> Option<Vec<SessionView>> {
    let array = value.dyn_ref::<Array>()?;
    let keys = FIELDS.map(JsValue::from_str);
    let mut sessions = Vec::with_capacity(array.length() as usize);
    for item in array.iter() {
        if !item.is_object() {
            return None;
        }
        sessions.push(read_session(&item, &keys)?);
    }
    Some(sessions)
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
            customer_name: "Kim \"K\" Lee é".into(),
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
