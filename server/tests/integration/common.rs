//! Helpers: an in-process server on a loopback port with a temporary data
//! directory and a manual clock, HTTP and WebSocket clients.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use protocol::api::{self, paths, ErrorBody};
use protocol::ws::{ClientFrame, ServerFrame};
use protocol::DeviceClass;
use remote_assist_server::{operators, start, ManualClock, RunningServer, Settings};
use reqwest::{Response, StatusCode};
use serde::de::DeserializeOwned;
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::Message as WsMessage;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

pub const PASSWORD: &str = "correct horse battery";
pub const DESKTOP_UA: &str =
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36";
pub const ANDROID_UA: &str =
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Mobile Safari/537.36";

/// Settings for a test server: port 0, cheap password hashes, roomy limits.
pub fn test_settings(dir: &std::path::Path) -> Settings {
    Settings {
        listen: "127.0.0.1:0".parse().unwrap(),
        data: dir.join("data"),
        dist: dir.join("dist"),
        password_hash_memory_kib: 64,
        messages_per_minute: 10_000,
        conversations_per_minute: 10_000,
        ..Settings::default()
    }
}

pub struct TestServer {
    pub server: Option<RunningServer>,
    /// Keeps the data directory until the test ends.
    pub _dir: tempfile::TempDir,
    pub clock: Arc<ManualClock>,
    pub settings: Settings,
    pub http: reqwest::Client,
}

impl TestServer {
    pub async fn start() -> TestServer {
        TestServer::start_with(|_| {}).await
    }

    pub async fn start_with(f: impl FnOnce(&mut Settings)) -> TestServer {
        let dir = tempfile::tempdir().unwrap();
        let mut settings = test_settings(dir.path());
        f(&mut settings);
        let clock = Arc::new(ManualClock::starting_now());
        let server = start(settings.clone(), clock.clone()).await.unwrap();
        TestServer {
            server: Some(server),
            _dir: dir,
            clock,
            settings,
            http: reqwest::Client::new(),
        }
    }

    pub fn running(&self) -> &RunningServer {
        self.server.as_ref().expect("server running")
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.running().url())
    }

    pub fn ws_url(&self, query: &str) -> String {
        let base = format!("ws://{}{}", self.running().addr, paths::WS);
        if query.is_empty() {
            base
        } else {
            format!("{base}?{query}")
        }
    }

    pub fn dist(&self) -> PathBuf {
        self.settings.dist.clone()
    }

    /// Adds an operator and signs them in.
    pub async fn operator(&self, email: &str, name: &str) -> Op {
        operators::add(&self.running().state.db, email, name, PASSWORD, 64).unwrap();
        self.sign_in(email).await
    }

    pub async fn sign_in(&self, email: &str) -> Op {
        let res = self
            .http
            .post(self.url(paths::LOGIN))
            .json(&api::LoginRequest {
                email: email.into(),
                password: PASSWORD.into(),
            })
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK, "sign-in of {email}");
        let cookie = res
            .headers()
            .get("set-cookie")
            .unwrap()
            .to_str()
            .unwrap()
            .split(';')
            .next()
            .unwrap()
            .to_string();
        let me: api::Operator = res.json().await.unwrap();
        Op { id: me.id, cookie }
    }

    /// A customer starts a chat (desktop Windows browser).
    pub async fn customer(&self, name: &str) -> Customer {
        let res = self
            .http
            .post(self.url(paths::CUSTOMER_CONVERSATIONS))
            .header("user-agent", DESKTOP_UA)
            .json(&api::StartConversationRequest {
                name: Some(name.into()),
                hints: None,
            })
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::CREATED);
        let r: api::StartConversationResponse = res.json().await.unwrap();
        Customer {
            id: r.conversation_id,
            token: r.token,
        }
    }

    pub async fn get(&self, path: &str, auth: Auth<'_>) -> Response {
        auth.apply(self.http.get(self.url(path)))
            .send()
            .await
            .unwrap()
    }

    pub async fn post<T: serde::Serialize>(&self, path: &str, auth: Auth<'_>, body: T) -> Response {
        auth.apply(self.http.post(self.url(path)))
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    pub async fn issue_pin(&self, op: &Op, conversation: &str) -> api::PinIssued {
        let res = self
            .post(
                &paths::conversation_pins(conversation),
                Auth::Op(op),
                &serde_json::json!({}),
            )
            .await;
        assert_eq!(res.status(), StatusCode::CREATED);
        res.json().await.unwrap()
    }

    pub async fn claim(&self, pin: &str, class: DeviceClass, ua: &str) -> Response {
        self.claim_as(pin, class, ua, false).await
    }

    /// A claim; `browser_view` for a screen shared from the browser.
    pub async fn claim_as(
        &self,
        pin: &str,
        class: DeviceClass,
        ua: &str,
        browser_view: bool,
    ) -> Response {
        self.http
            .post(self.url(paths::PIN_CLAIM))
            .header("user-agent", ua)
            .json(&api::ClaimRequest {
                pin: pin.into(),
                device_class: class,
                user_agent: Some(ua.into()),
                browser_view,
            })
            .send()
            .await
            .unwrap()
    }

    pub async fn claim_ok(&self, pin: &str, class: DeviceClass, ua: &str) -> api::ClaimResponse {
        let res = self.claim(pin, class, ua).await;
        assert_eq!(res.status(), StatusCode::OK);
        res.json().await.unwrap()
    }

    /// Stops the server and starts it again on the same port, data
    /// directory and clock.
    pub async fn restart(&mut self) {
        let addr = self.running().addr;
        self.stop().await;
        let mut settings = self.settings.clone();
        settings.listen = addr;
        for _ in 0..100 {
            match start(settings.clone(), self.clock.clone()).await {
                Ok(server) => {
                    self.server = Some(server);
                    return;
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
            }
        }
        panic!("could not start again on {addr}");
    }

    pub async fn stop(&mut self) {
        if let Some(server) = self.server.take() {
            server.stop().await.unwrap();
        }
    }
}

pub struct Op {
    pub id: i64,
    /// `ra_session=…`
    pub cookie: String,
}

pub struct Customer {
    pub id: String,
    pub token: String,
}

#[derive(Clone, Copy)]
pub enum Auth<'a> {
    None,
    Op(&'a Op),
    Bearer(&'a str),
}

impl Auth<'_> {
    pub fn apply(self, req: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        match self {
            Auth::None => req,
            Auth::Op(op) => req.header("cookie", &op.cookie),
            Auth::Bearer(token) => req.bearer_auth(token),
        }
    }
}

pub async fn json<T: DeserializeOwned>(res: Response) -> T {
    let text = res.text().await.unwrap();
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

/// Asserts an error answer and returns its body.
pub async fn expect_error(res: Response, status: StatusCode, code: &str) -> ErrorBody {
    let got = res.status();
    let json_type = res
        .headers()
        .get("content-type")
        .is_some_and(|v| v.to_str().unwrap().starts_with("application/json"));
    let text = res.text().await.unwrap();
    assert_eq!(got, status, "status for {code}: {text}");
    assert!(json_type, "JSON error body: {text}");
    let body: ErrorBody = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
    assert_eq!(body.code, code, "{body:?}");
    assert!(!body.message.is_empty());
    body
}

pub type Ws = WebSocketStream<MaybeTlsStream<TcpStream>>;

pub async fn ws_connect(
    url: &str,
    cookie: Option<&str>,
    origin: Option<&str>,
) -> Result<Ws, String> {
    let mut req = url.into_client_request().map_err(|e| e.to_string())?;
    if let Some(cookie) = cookie {
        req.headers_mut()
            .insert("cookie", HeaderValue::from_str(cookie).unwrap());
    }
    if let Some(origin) = origin {
        req.headers_mut()
            .insert("origin", HeaderValue::from_str(origin).unwrap());
    }
    match tokio_tungstenite::connect_async(req).await {
        Ok((ws, _)) => Ok(ws),
        Err(tokio_tungstenite::tungstenite::Error::Http(res)) => {
            Err(format!("http {}", res.status().as_u16()))
        }
        Err(e) => Err(e.to_string()),
    }
}

pub async fn send(ws: &mut Ws, frame: &ClientFrame) {
    ws.send(WsMessage::text(serde_json::to_string(frame).unwrap()))
        .await
        .unwrap();
}

/// The next frame within 5 s.
pub async fn next_frame(ws: &mut Ws) -> ServerFrame {
    loop {
        let msg = tokio::time::timeout(Duration::from_secs(5), ws.next())
            .await
            .expect("a frame within 5 s")
            .expect("socket open")
            .expect("socket ok");
        if let WsMessage::Text(t) = msg {
            return serde_json::from_str(t.as_str()).unwrap();
        }
    }
}

/// Skips frames until one matches (within 5 s in all).
pub async fn wait_for(ws: &mut Ws, what: impl Fn(&ServerFrame) -> bool) -> ServerFrame {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    loop {
        let left = deadline.saturating_duration_since(tokio::time::Instant::now());
        let frame = tokio::time::timeout(left, next_frame(ws))
            .await
            .expect("the awaited frame within 5 s");
        if what(&frame) {
            return frame;
        }
    }
}

/// An operator socket, ready.
pub async fn operator_socket(t: &TestServer, op: &Op, query: &str) -> Ws {
    let mut ws = ws_connect(&t.ws_url(query), Some(&op.cookie), None)
        .await
        .unwrap();
    assert!(matches!(next_frame(&mut ws).await, ServerFrame::Ready));
    ws
}

/// A customer socket after `auth`.
pub async fn customer_socket(
    t: &TestServer,
    conversation: Option<&str>,
    session: Option<&str>,
) -> Ws {
    let mut ws = ws_connect(&t.ws_url(""), None, None).await.unwrap();
    send(
        &mut ws,
        &ClientFrame::Auth {
            conversation_token: conversation.map(String::from),
            session_token: session.map(String::from),
        },
    )
    .await;
    assert!(matches!(next_frame(&mut ws).await, ServerFrame::Ready));
    ws
}

/// Polls until `f` holds (at most 5 s).
pub async fn eventually<F, Fut>(what: &str, mut f: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    for _ in 0..100 {
        if f().await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{what}: not within 5 s");
}
