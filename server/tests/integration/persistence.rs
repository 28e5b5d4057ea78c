//! Kill -9 mid-traffic, start again on the same data directory: every
//! acknowledged message, the conversation, the PINs, the sessions and the
//! sign-in are as they were. Uses the real binary and its command line.

use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use protocol::api::{self, paths, Message, SessionView};
use protocol::ws::{ClientFrame, ServerFrame};
use protocol::{DeviceClass, Mode, SessionStatus};
use reqwest::StatusCode;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::process::{Child, Command};
use tokio_tungstenite::tungstenite::Message as WsMessage;

use crate::common::*;

const BIN: &str = env!("CARGO_BIN_EXE_remote-assist-server");

pub fn command(data: &std::path::Path) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.env("RA_DATA", data)
        .env("RA_PASSWORD_HASH_MEMORY_KIB", "64")
        .env("RA_MESSAGES_PER_MINUTE", "1000000")
        .env("RA_CONVERSATIONS_PER_MINUTE", "1000")
        .env("RUST_LOG", "info")
        .kill_on_drop(true);
    cmd
}

/// Starts `serve` on a free port; returns the process and its base URL.
pub async fn spawn_server(data: &std::path::Path) -> (Child, String) {
    let mut child = command(data)
        .args(["serve", "--listen", "127.0.0.1:0", "--dist"])
        .arg(data.join("no-dist"))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let url = tokio::time::timeout(Duration::from_secs(20), async {
        while let Some(line) = lines.next_line().await.unwrap() {
            if let Some((_, rest)) = line.split_once("listening on ") {
                return rest.split_whitespace().next().unwrap().to_string();
            }
        }
        panic!("the server exited before listening");
    })
    .await
    .expect("the server listens within 20 s");
    // Keep draining its logs.
    tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
    (child, url)
}

struct Client {
    http: reqwest::Client,
    url: String,
}

impl Client {
    async fn get<T: serde::de::DeserializeOwned>(&self, path: &str, auth: Auth<'_>) -> T {
        json(
            auth.apply(self.http.get(format!("{}{path}", self.url)))
                .send()
                .await
                .unwrap(),
        )
        .await
    }

    async fn post(&self, path: &str, auth: Auth<'_>, body: serde_json::Value) -> reqwest::Response {
        auth.apply(self.http.post(format!("{}{path}", self.url)))
            .header("user-agent", DESKTOP_UA)
            .json(&body)
            .send()
            .await
            .unwrap()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn everything_acknowledged_survives_a_kill() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");

    // The CLI adds the operator, reading the password from stdin.
    let mut add = command(&data)
        .args(["operator", "add", "ann@example.com", "--name", "Ann"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    add.stdin
        .take()
        .unwrap()
        .write_all(format!("{PASSWORD}\n").as_bytes())
        .await
        .unwrap();
    assert!(add.wait().await.unwrap().success());

    let (mut server, url) = spawn_server(&data).await;
    let c = Client {
        http: reqwest::Client::new(),
        url: url.clone(),
    };
    let login = c
        .post(
            paths::LOGIN,
            Auth::None,
            serde_json::json!({"email": "ann@example.com", "password": PASSWORD}),
        )
        .await;
    assert_eq!(login.status(), StatusCode::OK);
    let cookie = login.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let op = Op { id: 0, cookie };

    let started: api::StartConversationResponse = json(
        c.post(
            paths::CUSTOMER_CONVERSATIONS,
            Auth::None,
            serde_json::json!({"name": "Carla"}),
        )
        .await,
    )
    .await;
    let chat = Auth::Bearer(&started.token);
    let mut acknowledged: Vec<Message> = Vec::new();
    for i in 0..10 {
        let body = serde_json::json!({"txn": format!("h{i}"), "text": format!("http {i}")});
        acknowledged.push(json(c.post(paths::CUSTOMER_MESSAGES, chat, body).await).await);
        let body = serde_json::json!({"txn": format!("a{i}"), "text": format!("reply {i}")});
        let path = paths::conversation_messages(&started.conversation_id);
        acknowledged.push(json(c.post(&path, Auth::Op(&op), body).await).await);
    }
    // An active session, a waiting one, and a live PIN.
    let pin_path = paths::conversation_pins(&started.conversation_id);
    let first: api::PinIssued = json(
        c.post(&pin_path, Auth::Op(&op), serde_json::json!({}))
            .await,
    )
    .await;
    let claim = |pin: String| {
        c.post(
            paths::PIN_CLAIM,
            Auth::None,
            serde_json::json!({"pin": pin, "device_class": "desktop"}),
        )
    };
    let active: api::ClaimResponse = json(claim(first.pin.to_string()).await).await;
    let res = c
        .post(
            &paths::session_start(&active.session_id),
            Auth::Op(&op),
            serde_json::json!({"mode": "control"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let second: api::PinIssued = json(
        c.post(&pin_path, Auth::Op(&op), serde_json::json!({}))
            .await,
    )
    .await;
    let waiting: api::ClaimResponse = json(claim(second.pin.to_string()).await).await;
    let live: api::PinIssued = json(
        c.post(&pin_path, Auth::Op(&op), serde_json::json!({}))
            .await,
    )
    .await;

    // Traffic over the WebSocket; kill the server while it flows.
    let acked_ws = Arc::new(Mutex::new(Vec::<Message>::new()));
    let sender = {
        let acked_ws = acked_ws.clone();
        let ws_url = format!("{}{}", url.replacen("http", "ws", 1), paths::WS);
        let token = started.token.clone();
        tokio::spawn(async move {
            let mut ws = ws_connect(&ws_url, None, None).await.unwrap();
            let auth = ClientFrame::Auth {
                conversation_token: Some(token),
                session_token: None,
            };
            ws.send(WsMessage::text(serde_json::to_string(&auth).unwrap()))
                .await
                .unwrap();
            for i in 0.. {
                let send = ClientFrame::Send {
                    conversation_id: None,
                    txn: format!("w{i}"),
                    text: format!("ws {i}"),
                };
                if ws
                    .send(WsMessage::text(serde_json::to_string(&send).unwrap()))
                    .await
                    .is_err()
                {
                    return;
                }
                loop {
                    match ws.next().await {
                        Some(Ok(WsMessage::Text(t))) => {
                            if let Ok(ServerFrame::Ack { message, .. }) =
                                serde_json::from_str(t.as_str())
                            {
                                acked_ws.lock().unwrap().push(message);
                                break;
                            }
                        }
                        Some(Ok(_)) => {}
                        _ => return,
                    }
                }
            }
        })
    };
    while acked_ws.lock().unwrap().len() < 50 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    server.kill().await.unwrap(); // SIGKILL: no shutdown, no flush
    let _ = sender.await;
    let acked_ws = acked_ws.lock().unwrap().clone();
    let killed_after = acknowledged.len() + acked_ws.len();
    acknowledged.extend(acked_ws);

    let (mut server, url) = spawn_server(&data).await;
    let c = Client {
        http: reqwest::Client::new(),
        url,
    };
    let me: api::Operator = c.get(paths::ME, Auth::Op(&op)).await;
    assert_eq!(me.email, "ann@example.com", "the sign-in survived");
    let history: Vec<Message> = c
        .get(
            &paths::conversation_messages(&started.conversation_id),
            Auth::Op(&op),
        )
        .await;
    let mut missing = 0;
    for m in &acknowledged {
        if !history.contains(m) {
            missing += 1;
            eprintln!("missing after restart: {m:?}");
        }
    }
    let customer_view: Vec<Message> = c
        .get(paths::CUSTOMER_MESSAGES, Auth::Bearer(&started.token))
        .await;
    assert!(
        !customer_view.is_empty(),
        "the customer's token still works"
    );
    let list: Vec<api::ConversationSummary> = c.get(paths::CONVERSATIONS, Auth::Op(&op)).await;
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].customer_name, "Carla");

    let s1: SessionView = c
        .get(paths::CUSTOMER_SESSION, Auth::Bearer(&active.session_token))
        .await;
    assert_eq!(
        (s1.status, s1.mode),
        (SessionStatus::Active, Some(Mode::Control))
    );
    let s2: SessionView = c
        .get(
            paths::CUSTOMER_SESSION,
            Auth::Bearer(&waiting.session_token),
        )
        .await;
    assert_eq!(s2.status, SessionStatus::Waiting);
    assert_eq!(s2.device.class, DeviceClass::Desktop);
    let check = c
        .post(
            paths::PIN_CHECK,
            Auth::None,
            serde_json::json!({"pin": live.pin.to_string()}),
        )
        .await;
    assert_eq!(check.status(), StatusCode::OK, "the live PIN is still live");
    let used = c
        .post(
            paths::PIN_CHECK,
            Auth::None,
            serde_json::json!({"pin": first.pin.to_string()}),
        )
        .await;
    assert_eq!(
        used.status(),
        StatusCode::NOT_FOUND,
        "the claimed PIN stays claimed"
    );

    println!(
        "persistence: SIGKILL mid-traffic after {killed_after} acknowledged messages; after the \
         restart {} of them are stored as acknowledged ({missing} missing); conversation, live PIN, \
         active and waiting sessions and the sign-in intact",
        killed_after - missing
    );
    assert_eq!(missing, 0);

    // SIGTERM: a graceful stop, exit status 0.
    let pid = server.id().unwrap().to_string();
    let term = Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .await
        .unwrap();
    assert!(term.success());
    let status = tokio::time::timeout(Duration::from_secs(10), server.wait())
        .await
        .expect("stops within 10 s of SIGTERM")
        .unwrap();
    assert!(status.success(), "{status:?}");
}
