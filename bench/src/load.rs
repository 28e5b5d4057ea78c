//! Load against the real server, with the echo baseline in the same run.

use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::stream::{SplitSink, SplitStream};
use futures_util::{SinkExt, StreamExt};
use protocol::api::{self, paths};
use protocol::ws::{ClientFrame, ServerFrame};
use tokio::net::TcpStream;
use tokio::sync::Mutex;
use tokio_tungstenite::tungstenite::Message as WsMessage;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

use crate::stats::{micros, quantile, row};

type Ws = WebSocketStream<MaybeTlsStream<TcpStream>>;
type Tx = SplitSink<Ws, WsMessage>;
type Rx = SplitStream<Ws>;

#[derive(clap::Args)]
pub struct ServiceArgs {
    /// The server, e.g. http://127.0.0.1:8095
    #[arg(long)]
    server: String,
    #[arg(long)]
    server_pid: u32,
    /// The echo baseline, e.g. ws://127.0.0.1:8096
    #[arg(long)]
    echo: String,
    #[arg(long)]
    echo_pid: u32,
    #[arg(long)]
    email: String,
    #[arg(long)]
    password: String,
    /// Conversations the relay load is spread over.
    #[arg(long, default_value_t = 200)]
    conversations: usize,
    /// Idle connections opened for the memory figure.
    #[arg(long, default_value_t = 1000)]
    idle: usize,
}

pub async fn run(args: ServiceArgs) -> anyhow::Result<()> {
    let http = reqwest::Client::new();
    let ws_base = args.server.replacen("http", "ws", 1);
    let mut tokens = Vec::with_capacity(args.conversations);
    let mut ids = Vec::with_capacity(args.conversations);
    for _ in 0..args.conversations {
        let started: api::StartConversationResponse = http
            .post(format!("{}{}", args.server, paths::CUSTOMER_CONVERSATIONS))
            .json(&api::StartConversationRequest {
                name: Some("Bench".into()),
                hints: None,
            })
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        tokens.push(started.token);
        ids.push(started.conversation_id);
    }

    for (rate, secs, p50_target, p99_target) in [
        (1_000u64, 4u64, Some(150_000u64), 1_000_000u64),
        (10_000, 3, None, 5_000_000),
    ] {
        let ours = relay_ours(&ws_base, &tokens, rate, secs).await?;
        let base = relay_echo(&args.echo, args.conversations, rate, secs).await?;
        let mut ours_lat = ours.latencies;
        let mut base_lat = base.latencies;
        if let Some(target) = p50_target {
            let p50 = quantile(&mut ours_lat, 0.50);
            row(
                &format!("relay p50 @ {rate} msg/s"),
                &micros(p50),
                &format!("≤ {}", micros(target)),
                &micros(quantile(&mut base_lat, 0.50)),
                Some(p50 <= target),
            );
        }
        let p99 = quantile(&mut ours_lat, 0.99);
        row(
            &format!("relay p99 @ {rate} msg/s"),
            &micros(p99),
            &format!("≤ {}", micros(p99_target)),
            &micros(quantile(&mut base_lat, 0.99)),
            Some(p99 <= p99_target),
        );
        row(
            &format!("relay delivered @ {rate} msg/s"),
            &format!("{}/{}", ours.received, ours.sent),
            "all",
            &format!("{}/{}", base.received, base.sent),
            Some(ours.received == ours.sent),
        );
    }

    let ours = relay_ours(&ws_base, &tokens, 50_000, 3).await?;
    let base = relay_echo(&args.echo, args.conversations, 50_000, 3).await?;
    row(
        "sustained relay (offered 50,000 msg/s)",
        &format!(
            "{:.0} msg/s",
            ours.received as f64 / ours.elapsed.as_secs_f64()
        ),
        "printed",
        &format!(
            "{:.0} msg/s",
            base.received as f64 / base.elapsed.as_secs_f64()
        ),
        None,
    );

    let ours_idle = idle_memory(args.server_pid, args.idle, || {
        let ws_base = ws_base.clone();
        let token = tokens[0].clone();
        async move { customer_socket(&ws_base, &token).await }
    })
    .await?;
    let echo_url = args.echo.clone();
    let base_idle = idle_memory(args.echo_pid, args.idle, || {
        let url = echo_url.clone();
        async move { Ok(tokio_tungstenite::connect_async(url).await?.0) }
    })
    .await?;
    row(
        "idle WebSocket, server memory",
        &format!("{:.1} KB", ours_idle / 1024.0),
        "≤ 8 KB",
        &format!("{:.1} KB", base_idle / 1024.0),
        Some(ours_idle <= 8.0 * 1024.0),
    );

    pins(&args, &http, &ids).await?;
    Ok(())
}

/// Connects a customer socket and waits until it is ready.
async fn customer_socket(ws_base: &str, token: &str) -> anyhow::Result<Ws> {
    let (mut ws, _) = tokio_tungstenite::connect_async(format!("{ws_base}{}", paths::WS)).await?;
    let auth = ClientFrame::Auth {
        conversation_token: Some(token.into()),
        session_token: None,
    };
    ws.send(WsMessage::text(serde_json::to_string(&auth)?))
        .await?;
    loop {
        let Some(msg) = ws.next().await else {
            anyhow::bail!("socket closed before Ready")
        };
        if let WsMessage::Text(text) = msg? {
            if let Ok(ServerFrame::Ready) = serde_json::from_str(&text) {
                // Live messages only: nothing from earlier runs is replayed.
                let sync = ClientFrame::Sync {
                    conversation_id: None,
                    after_seq: i64::MAX / 2,
                };
                ws.send(WsMessage::text(serde_json::to_string(&sync)?))
                    .await?;
                return Ok(ws);
            }
        }
    }
}

struct RelayResult {
    latencies: Vec<u64>,
    sent: u64,
    received: u64,
    elapsed: Duration,
}

/// Reads frames until the socket closes or `stop` passes, timing each bench
/// text (`bench <ns since start>`) that `pick` finds in a frame.
async fn time_frames(
    mut rx: Rx,
    start: Instant,
    deadline: Instant,
    pick: fn(&str) -> Option<String>,
) -> Vec<u64> {
    let mut latencies = Vec::new();
    // Stops at the deadline, or once nothing has come for 3 s (sending is over).
    loop {
        let until = deadline.min(Instant::now() + Duration::from_secs(3));
        let Ok(Some(Ok(msg))) = tokio::time::timeout_at(until.into(), rx.next()).await else {
            break;
        };
        let WsMessage::Text(text) = msg else { continue };
        let Some(body) = pick(&text) else { continue };
        if let Some(sent) = body
            .strip_prefix("bench ")
            .and_then(|n| n.parse::<u64>().ok())
        {
            let now = start.elapsed().as_nanos() as u64;
            latencies.push(now.saturating_sub(sent));
        }
    }
    latencies
}

fn pick_relayed(text: &str) -> Option<String> {
    match serde_json::from_str::<ServerFrame>(text).ok()? {
        ServerFrame::Message { message } => Some(message.text),
        _ => None,
    }
}

fn pick_echo(text: &str) -> Option<String> {
    Some(text.to_string())
}

/// Sends `bench <ns>` frames at `rate` per second in all for `secs`,
/// spread over the senders.
async fn send_at_rate(
    senders: Vec<Tx>,
    rate: u64,
    secs: u64,
    start: Instant,
    frame: fn(u64, String) -> String,
) -> u64 {
    let each = Duration::from_secs_f64(senders.len() as f64 / rate as f64);
    let count = Arc::new(Mutex::new(0u64));
    let mut tasks = Vec::new();
    for (i, mut tx) in senders.into_iter().enumerate() {
        let count = count.clone();
        tasks.push(tokio::spawn(async move {
            // Stagger the senders over one interval.
            tokio::time::sleep(each.mul_f64(i as f64 / 200.0_f64.max(1.0)).min(each)).await;
            let mut tick = tokio::time::interval(each);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
            let until = Instant::now() + Duration::from_secs(secs);
            let mut n = 0u64;
            while Instant::now() < until {
                tick.tick().await;
                let body = format!("bench {}", start.elapsed().as_nanos());
                if tx.send(WsMessage::text(frame(n, body))).await.is_err() {
                    break;
                }
                n += 1;
            }
            *count.lock().await += n;
            tx
        }));
    }
    let mut keep = Vec::new();
    for t in tasks {
        if let Ok(tx) = t.await {
            keep.push(tx);
        }
    }
    let sent = *count.lock().await;
    drop(keep);
    sent
}

async fn relay_ours(
    ws_base: &str,
    tokens: &[String],
    rate: u64,
    secs: u64,
) -> anyhow::Result<RelayResult> {
    let mut senders = Vec::new();
    let mut readers = Vec::new();
    let start = Instant::now();
    let deadline = start + Duration::from_secs(secs + 15);
    for token in tokens {
        let (tx, rx) = customer_socket(ws_base, token).await?.split();
        let (btx, brx) = customer_socket(ws_base, token).await?.split();
        senders.push(tx);
        // The sender's own socket is drained so the server never blocks on it.
        readers.push(tokio::spawn(time_frames(rx, start, deadline, |_| None)));
        readers.push(tokio::spawn(time_frames(
            brx,
            start,
            deadline,
            pick_relayed,
        )));
        drop(btx);
    }
    let began = Instant::now();
    let sent = send_at_rate(senders, rate, secs, start, |n, body| {
        let frame = ClientFrame::Send {
            conversation_id: None,
            txn: format!("{n}-{body}"),
            text: body,
        };
        serde_json::to_string(&frame).unwrap_or_default()
    })
    .await;
    let latencies = collect(readers).await;
    Ok(RelayResult {
        received: latencies.len() as u64,
        latencies,
        sent,
        elapsed: began.elapsed(),
    })
}

async fn relay_echo(url: &str, conns: usize, rate: u64, secs: u64) -> anyhow::Result<RelayResult> {
    let mut senders = Vec::new();
    let mut readers = Vec::new();
    let start = Instant::now();
    let deadline = start + Duration::from_secs(secs + 15);
    for _ in 0..conns {
        let (tx, rx) = tokio_tungstenite::connect_async(url).await?.0.split();
        senders.push(tx);
        readers.push(tokio::spawn(time_frames(rx, start, deadline, pick_echo)));
    }
    let began = Instant::now();
    let sent = send_at_rate(senders, rate, secs, start, |_, body| body).await;
    let latencies = collect(readers).await;
    Ok(RelayResult {
        received: latencies.len() as u64,
        latencies,
        sent,
        elapsed: began.elapsed(),
    })
}

/// Gathers every reader's timings (each stops at its deadline).
async fn collect(readers: Vec<tokio::task::JoinHandle<Vec<u64>>>) -> Vec<u64> {
    let mut all = Vec::new();
    for r in readers {
        all.extend(r.await.unwrap_or_default());
    }
    all
}

fn rss_bytes(pid: u32) -> anyhow::Result<f64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    let kb: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .ok_or_else(|| anyhow::anyhow!("no VmRSS for {pid}"))?;
    Ok(kb * 1024.0)
}

/// Server memory per idle connection: RSS before and after opening `n`.
async fn idle_memory<F, Fut>(pid: u32, n: usize, open: F) -> anyhow::Result<f64>
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = anyhow::Result<Ws>>,
{
    tokio::time::sleep(Duration::from_millis(500)).await;
    let before = rss_bytes(pid)?;
    let mut sockets = Vec::with_capacity(n);
    for _ in 0..n {
        sockets.push(open().await?);
    }
    tokio::time::sleep(Duration::from_secs(1)).await;
    let after = rss_bytes(pid)?;
    drop(sockets);
    Ok((after - before).max(0.0) / n as f64)
}

/// PIN issue and claim at a fixed 200 requests/s from 200 clients.
async fn pins(args: &ServiceArgs, http: &reqwest::Client, ids: &[String]) -> anyhow::Result<()> {
    let login = http
        .post(format!("{}{}", args.server, paths::LOGIN))
        .json(&api::LoginRequest {
            email: args.email.clone(),
            password: args.password.clone(),
        })
        .send()
        .await?
        .error_for_status()?;
    let cookie = login
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|v| v.split(';').next())
        .collect::<Vec<_>>()
        .join("; ");
    let clients = ids.len().min(200);
    let per_client = Duration::from_secs_f64(clients as f64 / 200.0);
    let secs = 5;
    let issue = Arc::new(Mutex::new(Vec::new()));
    let claim = Arc::new(Mutex::new(Vec::new()));
    let mut tasks = Vec::new();
    for (i, id) in ids.iter().take(clients).cloned().enumerate() {
        let (http, server, cookie) = (http.clone(), args.server.clone(), cookie.clone());
        let (issue, claim) = (issue.clone(), claim.clone());
        tasks.push(tokio::spawn(async move {
            tokio::time::sleep(per_client.mul_f64(i as f64 / clients as f64)).await;
            let mut tick = tokio::time::interval(per_client * 2);
            let until = Instant::now() + Duration::from_secs(secs);
            while Instant::now() < until {
                tick.tick().await;
                let t0 = Instant::now();
                let issued = http
                    .post(format!("{server}{}", paths::conversation_pins(&id)))
                    .header("cookie", &cookie)
                    .header("content-type", "application/json")
                    .body("{}")
                    .send()
                    .await
                    .ok()
                    .filter(|r| r.status().is_success());
                let Some(issued) = issued else { continue };
                let Ok(pin) = issued.json::<api::PinIssued>().await else {
                    continue;
                };
                issue.lock().await.push(t0.elapsed().as_nanos() as u64);
                let t1 = Instant::now();
                let request = api::ClaimRequest {
                    pin: pin.pin.to_string(),
                    device_class: protocol::DeviceClass::Desktop,
                    user_agent: None,
                    browser_view: false,
                };
                let ok = http
                    .post(format!("{server}{}", paths::PIN_CLAIM))
                    .json(&request)
                    .send()
                    .await
                    .map(|r| r.status().is_success())
                    .unwrap_or(false);
                if ok {
                    claim.lock().await.push(t1.elapsed().as_nanos() as u64);
                }
            }
        }));
    }
    for t in tasks {
        let _ = t.await;
    }
    let mut issue = issue.lock().await.clone();
    let mut claim = claim.lock().await.clone();
    let target = 5_000_000u64;
    let (issued, claimed) = (issue.len(), claim.len());
    let ip99 = quantile(&mut issue, 0.99);
    let cp99 = quantile(&mut claim, 0.99);
    row(
        "PIN issue p99 @ 100/s + claim 100/s, 200 clients",
        &format!("{} ({issued} issued)", micros(ip99)),
        "≤ 5000 µs",
        "-",
        Some(ip99 <= target && issued > 0),
    );
    row(
        "PIN claim p99 @ 200 req/s, 200 clients",
        &format!("{} ({claimed} claimed)", micros(cp99)),
        "≤ 5000 µs",
        "-",
        Some(cp99 <= target && claimed > 0),
    );
    Ok(())
}
