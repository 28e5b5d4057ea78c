//! Load against the real server, with the echo baseline in the same run.
//!
//! Phases, in this order:
//! 1. Idle memory: `--idle` customer sockets (auth, sync) opened on the
//!    fresh server; its VmRSS from /proc before and after, per socket. The
//!    same on the echo server. First, so that memory freed by the later
//!    phases cannot hide what the sockets take.
//! 2. Relay at a fixed 1,000 and 10,000 msg/s in all: in each of
//!    `--conversations` new conversations one customer socket sends and a
//!    second one (same token, synced) receives. An agent desktop socket is
//!    signed in throughout, as in production, and gets every conversation
//!    update. Latency runs from just before the send to the frame's arrival
//!    at the receiving socket (one clock, this process); the first second is
//!    warm-up and not counted. Baseline: the same frames at the same rate
//!    over as many sockets to the echo server, which sends them back.
//! 3. Sustained relay: every sender keeps `WINDOW` messages unacknowledged
//!    (echo: unanswered); messages delivered per second.
//! 4. PIN issue and claim, after 2 s without load (the relay just before
//!    leaves the server WAL to copy): 200 clients, each with its own
//!    connection, each issuing a PIN for its conversation and claiming it
//!    every 2 s: 100 issues and 100 claims a second.
//!
//! Every phase is bounded in count and time, and the whole run stops after
//! `--time-limit-secs`.

use std::future::Future;
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use futures_util::stream::{SplitSink, SplitStream};
use futures_util::{SinkExt, StreamExt};
use protocol::api::{self, paths};
use protocol::ws::{ClientFrame, ServerFrame};
use tokio::net::TcpStream;
use tokio::task::JoinHandle;
use tokio::time::{sleep, sleep_until, timeout, timeout_at, MissedTickBehavior};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::tungstenite::Message as WsMessage;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

use crate::stats::{micros, quantile, row, within};

type Ws = WebSocketStream<MaybeTlsStream<TcpStream>>;
type Tx = SplitSink<Ws, WsMessage>;
type Rx = SplitStream<Ws>;

/// Not counted at the start of a paced relay.
const WARM_UP: Duration = Duration::from_secs(1);
/// How long receivers keep reading after the senders stop.
const DRAIN: Duration = Duration::from_secs(3);
/// Longest wait for a connection, a handshake, or an answer while setting up.
const SETUP: Duration = Duration::from_secs(10);
/// Messages each sender keeps in flight in the sustained relay.
const WINDOW: usize = 16;
/// Quiet time before the PIN phase (stated in its rows).
const SETTLE: Duration = Duration::from_secs(2);

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
    /// Conversations the relay load is spread over (and PIN clients).
    #[arg(long, default_value_t = 200)]
    conversations: usize,
    /// Idle connections opened for the memory figure.
    #[arg(long, default_value_t = 1000)]
    idle: usize,
    /// Seconds each paced relay rate is measured (after 1 s of warm-up).
    #[arg(long, default_value_t = 5)]
    relay_secs: u64,
    /// Seconds of the sustained relay.
    #[arg(long, default_value_t = 4)]
    sustained_secs: u64,
    /// Seconds of PIN issue and claim (one round per client every 2 s).
    #[arg(long, default_value_t = 10)]
    pin_secs: u64,
    /// The whole run stops after this long.
    #[arg(long, default_value_t = 300)]
    time_limit_secs: u64,
    /// Phases to run (for profiling one of them).
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "idle,relay,sustained,pins"
    )]
    phases: Vec<String>,
}

impl ServiceArgs {
    fn runs(&self, phase: &str) -> bool {
        self.phases.iter().any(|p| p == phase)
    }
}

pub async fn run(args: ServiceArgs) -> anyhow::Result<()> {
    let limit = Duration::from_secs(args.time_limit_secs);
    match timeout(limit, measure(&args)).await {
        Ok(result) => result,
        Err(_) => bail!(
            "the service bench did not finish within {} s",
            args.time_limit_secs
        ),
    }
}

async fn measure(args: &ServiceArgs) -> anyhow::Result<()> {
    let http = reqwest::Client::builder().timeout(SETUP).build()?;
    let ws_base = args.server.replacen("http", "ws", 1);
    let cookie = sign_in(&http, args).await?;
    if args.runs("idle") {
        idle_phase(args, &http, &ws_base).await?;
    }
    // The relay, with an agent desktop signed in.
    let agent = agent_socket(&ws_base, &cookie).await?;
    let agent = tokio::spawn(count_frames(agent.split().1));
    if args.runs("relay") {
        for (rate, p50_target, p99_target) in [
            (1_000u64, Some(150_000u64), 1_000_000u64),
            (10_000, None, 5_000_000),
        ] {
            relay_phase(args, &http, &ws_base, rate, p50_target, p99_target).await?;
        }
    }
    let n = args.conversations;
    let convs = new_conversations(&http, &args.server, n).await?;
    if args.runs("sustained") {
        let ours = sustained_ours(&ws_base, &convs, args.sustained_secs).await?;
        let base = sustained_echo(&args.echo, n, args.sustained_secs).await?;
        row(
            &format!("sustained relay ({n} chats, {WINDOW} in flight each)"),
            &format!("{ours:.0} msg/s"),
            "printed",
            &format!("{base:.0} msg/s"),
            None,
        );
    }
    let agent_kept_up = !agent.is_finished();
    agent.abort();
    let updates = agent.await.unwrap_or_default();
    row(
        "agent desktop socket during the relay",
        &if agent_kept_up {
            "kept up".to_string()
        } else {
            format!("dropped after {updates} updates: fell behind")
        },
        "kept up",
        "-",
        Some(agent_kept_up),
    );
    if args.runs("pins") {
        // The PIN figures are of a settled server, as a real day's PINs
        // are: the sustained relay just before leaves a backlog of WAL for
        // the server to copy into its database file.
        sleep(SETTLE).await;
        pins(args, &cookie, convs.into_iter().map(|(id, _)| id).collect()).await?;
    }
    Ok(())
}

/// Idle memory, on the fresh processes.
async fn idle_phase(
    args: &ServiceArgs,
    http: &reqwest::Client,
    ws_base: &str,
) -> anyhow::Result<()> {
    let (_, token) = new_conversations(http, &args.server, 1).await?.remove(0);
    let ours = idle_memory(args.server_pid, args.idle, || {
        customer_socket(ws_base, &token, true)
    })
    .await?;
    let base = idle_memory(args.echo_pid, args.idle, || echo_socket(&args.echo)).await?;
    row(
        &format!("idle WebSocket, server memory ({} sockets)", args.idle),
        &format!("{:.1} KB", ours / 1024.0),
        "≤ 8 KB",
        &format!("{:.1} KB", base / 1024.0),
        Some(ours <= 8.0 * 1024.0),
    );
    Ok(())
}

/// The relay at one fixed rate, ours and the baseline.
async fn relay_phase(
    args: &ServiceArgs,
    http: &reqwest::Client,
    ws_base: &str,
    rate: u64,
    p50_target: Option<u64>,
    p99_target: u64,
) -> anyhow::Result<()> {
    let convs = new_conversations(http, &args.server, args.conversations).await?;
    let ours = paced_ours(ws_base, &convs, rate, args.relay_secs).await?;
    let base = paced_echo(&args.echo, args.conversations, rate, args.relay_secs).await?;
    let (mut ours_lat, mut base_lat) = (ours.latencies, base.latencies);
    if let Some(target) = p50_target {
        let p50 = quantile(&mut ours_lat, 0.50);
        row(
            &format!("relay p50 @ {rate} msg/s"),
            &micros(p50),
            &format!("≤ {}", micros(Some(target))),
            &micros(quantile(&mut base_lat, 0.50)),
            Some(within(p50, target)),
        );
    }
    let p99 = quantile(&mut ours_lat, 0.99);
    row(
        &format!("relay p99 @ {rate} msg/s"),
        &micros(p99),
        &format!("≤ {}", micros(Some(p99_target))),
        &micros(quantile(&mut base_lat, 0.99)),
        Some(within(p99, p99_target)),
    );
    let secs = args.relay_secs as f64;
    row(
        &format!("relay delivered @ {rate} msg/s"),
        &format!(
            "{}/{}, {} refused ({:.0} msg/s sent)",
            ours.received,
            ours.sent,
            ours.refused,
            ours.counted as f64 / secs
        ),
        "all",
        &format!(
            "{}/{} ({:.0} msg/s sent)",
            base.received,
            base.sent,
            base.counted as f64 / secs
        ),
        Some(ours.sent > 0 && ours.received == ours.sent && ours.refused == 0),
    );
    Ok(())
}

async fn sign_in(http: &reqwest::Client, args: &ServiceArgs) -> anyhow::Result<String> {
    let login = http
        .post(format!("{}{}", args.server, paths::LOGIN))
        .json(&api::LoginRequest {
            email: args.email.clone(),
            password: args.password.clone(),
        })
        .send()
        .await?
        .error_for_status()
        .context("sign-in refused")?;
    Ok(login
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|v| v.split(';').next())
        .collect::<Vec<_>>()
        .join("; "))
}

/// Starts `n` conversations: (id, token).
async fn new_conversations(
    http: &reqwest::Client,
    server: &str,
    n: usize,
) -> anyhow::Result<Vec<(String, String)>> {
    let mut convs = Vec::with_capacity(n);
    for _ in 0..n {
        let started: api::StartConversationResponse = http
            .post(format!("{server}{}", paths::CUSTOMER_CONVERSATIONS))
            .json(&api::StartConversationRequest {
                name: Some("Bench".into()),
                hints: None,
            })
            .send()
            .await?
            .error_for_status()
            .context("starting a conversation was refused (RA_CONVERSATIONS_PER_MINUTE?)")?
            .json()
            .await?;
        convs.push((started.conversation_id, started.token));
    }
    Ok(convs)
}

/// The bench's own sockets: small buffers (thousands are open), no Nagle.
fn client_config() -> WebSocketConfig {
    WebSocketConfig::default()
        .read_buffer_size(16 * 1024)
        .write_buffer_size(16 * 1024)
        .max_write_buffer_size(1024 * 1024)
}

async fn connect(url: &str, cookie: Option<&str>) -> anyhow::Result<Ws> {
    let mut request = url.into_client_request()?;
    if let Some(cookie) = cookie {
        request.headers_mut().insert("cookie", cookie.parse()?);
    }
    let connecting =
        tokio_tungstenite::connect_async_with_config(request, Some(client_config()), true);
    let (ws, _) = timeout(SETUP, connecting)
        .await
        .context("WebSocket handshake timed out")??;
    Ok(ws)
}

async fn send_frame(ws: &mut Ws, frame: &ClientFrame) -> anyhow::Result<()> {
    ws.send(WsMessage::text(serde_json::to_string(frame)?))
        .await?;
    Ok(())
}

/// Reads until a frame `done` accepts; an error frame fails.
async fn wait_for(ws: &mut Ws, done: fn(&ServerFrame) -> bool) -> anyhow::Result<()> {
    let until = Instant::now() + SETUP;
    loop {
        let Ok(next) = timeout_at(until.into(), ws.next()).await else {
            bail!("no answer from the server within {SETUP:?}")
        };
        let Some(msg) = next else {
            bail!("the server closed the socket")
        };
        let WsMessage::Text(text) = msg? else {
            continue;
        };
        match serde_json::from_str::<ServerFrame>(&text) {
            Ok(ServerFrame::Error { code, message, .. }) => bail!("server error {code}: {message}"),
            Ok(frame) if done(&frame) => return Ok(()),
            _ => {}
        }
    }
}

/// A customer socket after `auth`; with `follow`, also synced to its
/// conversation (from the start: the conversations are new), so that it
/// receives new messages live.
async fn customer_socket(ws_base: &str, token: &str, follow: bool) -> anyhow::Result<Ws> {
    let mut ws = connect(&format!("{ws_base}{}", paths::WS), None).await?;
    let auth = ClientFrame::Auth {
        conversation_token: Some(token.into()),
        session_token: None,
    };
    send_frame(&mut ws, &auth).await?;
    wait_for(&mut ws, |f| matches!(f, ServerFrame::Ready)).await?;
    if follow {
        let sync = ClientFrame::Sync {
            conversation_id: None,
            after_seq: 0,
        };
        send_frame(&mut ws, &sync).await?;
        // Frames are answered in order: the pong comes after the replay.
        send_frame(&mut ws, &ClientFrame::Ping).await?;
        wait_for(&mut ws, |f| matches!(f, ServerFrame::Pong)).await?;
    }
    Ok(ws)
}

/// An agent desktop: signed in by its cookie, ready.
async fn agent_socket(ws_base: &str, cookie: &str) -> anyhow::Result<Ws> {
    let mut ws = connect(&format!("{ws_base}{}", paths::WS), Some(cookie)).await?;
    wait_for(&mut ws, |f| matches!(f, ServerFrame::Ready)).await?;
    Ok(ws)
}

/// An echo socket after one round trip (as a customer socket has had one).
async fn echo_socket(url: &str) -> anyhow::Result<Ws> {
    let mut ws = connect(url, None).await?;
    ws.send(WsMessage::text("hello")).await?;
    match timeout(SETUP, ws.next()).await {
        Ok(Some(Ok(_))) => Ok(ws),
        _ => bail!("the echo server did not answer"),
    }
}

/// Reads everything until the socket ends; the number of frames.
async fn count_frames(mut rx: Rx) -> u64 {
    let mut n = 0;
    while let Some(Ok(_)) = rx.next().await {
        n += 1;
    }
    n
}

fn rss_bytes(pid: u32) -> anyhow::Result<f64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))
        .with_context(|| format!("no process {pid}"))?;
    let kb: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .ok_or_else(|| anyhow::anyhow!("no VmRSS for {pid}"))?;
    Ok(kb * 1024.0)
}

/// Server memory per idle connection: its RSS before and after opening `n`.
async fn idle_memory<F, Fut>(pid: u32, n: usize, open: F) -> anyhow::Result<f64>
where
    F: Fn() -> Fut,
    Fut: Future<Output = anyhow::Result<Ws>>,
{
    sleep(Duration::from_secs(1)).await;
    let before = rss_bytes(pid)?;
    let mut sockets = Vec::with_capacity(n);
    for _ in 0..n {
        sockets.push(open().await?);
    }
    sleep(Duration::from_secs(2)).await;
    let after = rss_bytes(pid)?;
    drop(sockets);
    Ok((after - before).max(0.0) / n.max(1) as f64)
}

/// The frame a sender sends: a chat message whose text is its send time.
fn send_frame_text(seq: u64, sent_ns: u64) -> String {
    let frame = ClientFrame::Send {
        conversation_id: None,
        txn: format!("{seq}-{sent_ns}"),
        text: format!("bench {sent_ns}"),
    };
    serde_json::to_string(&frame).unwrap_or_default()
}

fn sent_ns_of(text: &str) -> Option<u64> {
    text.strip_prefix("bench ")?.parse().ok()
}

/// The send time carried by a message our server delivered.
fn pick_relayed(text: &str) -> Option<u64> {
    match serde_json::from_str::<ServerFrame>(text).ok()? {
        ServerFrame::Message { message } => sent_ns_of(&message.text),
        _ => None,
    }
}

/// The send time carried by a frame the echo server sent back.
fn pick_echoed(text: &str) -> Option<u64> {
    match serde_json::from_str::<ClientFrame>(text).ok()? {
        ClientFrame::Send { text, .. } => sent_ns_of(&text),
        _ => None,
    }
}

/// Reads until `until`: (send time, arrival time) of every bench frame,
/// both in ns since `start`. The arrival is taken before parsing.
async fn receive(
    mut rx: Rx,
    start: Instant,
    until: Instant,
    pick: fn(&str) -> Option<u64>,
) -> Vec<(u64, u64)> {
    let mut seen = Vec::new();
    while let Ok(Some(Ok(msg))) = timeout_at(until.into(), rx.next()).await {
        let arrived = start.elapsed().as_nanos() as u64;
        if let WsMessage::Text(text) = msg {
            if let Some(sent) = pick(&text) {
                seen.push((sent, arrived));
            }
        }
    }
    seen
}

/// Counts the server's answers to sends until `until`: (acks, errors).
async fn count_answers(mut rx: Rx, until: Instant) -> (u64, u64) {
    let (mut acks, mut errors) = (0, 0);
    while let Ok(Some(Ok(msg))) = timeout_at(until.into(), rx.next()).await {
        let WsMessage::Text(text) = msg else { continue };
        match serde_json::from_str::<ServerFrame>(&text) {
            Ok(ServerFrame::Ack { .. }) => acks += 1,
            Ok(ServerFrame::Error { code, message, .. }) => {
                if errors == 0 {
                    eprintln!("ra-bench: a send was refused: {code}: {message}");
                }
                errors += 1;
            }
            _ => {}
        }
    }
    (acks, errors)
}

/// Sends `rate` frames a second in all, spread evenly over the senders,
/// from `start` to `end`: (frames sent, frames sent after the warm-up).
async fn send_paced(senders: Vec<Tx>, rate: u64, start: Instant, end: Instant) -> (u64, u64) {
    let n = senders.len().max(1);
    let every = Duration::from_secs_f64(n as f64 / rate as f64);
    let warm_ns = WARM_UP.as_nanos() as u64;
    let mut tasks = Vec::new();
    for (i, mut tx) in senders.into_iter().enumerate() {
        let first = start + every.mul_f64(i as f64 / n as f64);
        tasks.push(tokio::spawn(async move {
            let mut tick = tokio::time::interval_at(first.into(), every);
            tick.set_missed_tick_behavior(MissedTickBehavior::Skip);
            let (mut sent, mut counted) = (0u64, 0u64);
            loop {
                tick.tick().await;
                if Instant::now() >= end {
                    break;
                }
                let sent_ns = start.elapsed().as_nanos() as u64;
                if tx
                    .send(WsMessage::text(send_frame_text(sent, sent_ns)))
                    .await
                    .is_err()
                {
                    break;
                }
                sent += 1;
                if sent_ns >= warm_ns {
                    counted += 1;
                }
            }
            (sent, counted)
        }));
    }
    let (mut sent, mut counted) = (0, 0);
    for task in tasks {
        let (s, c) = task.await.unwrap_or_default();
        sent += s;
        counted += c;
    }
    (sent, counted)
}

struct Paced {
    /// Of the frames sent after the warm-up.
    latencies: Vec<u64>,
    /// Frames sent and received, warm-up included.
    sent: u64,
    received: u64,
    /// Frames sent after the warm-up.
    counted: u64,
    /// Sends the server refused (error frames).
    refused: u64,
}

async fn gather(readers: Vec<JoinHandle<Vec<(u64, u64)>>>) -> Vec<(u64, u64)> {
    let mut all = Vec::new();
    for r in readers {
        all.extend(r.await.unwrap_or_default());
    }
    all
}

fn paced_result(seen: Vec<(u64, u64)>, sent: u64, counted: u64, refused: u64) -> Paced {
    let warm_ns = WARM_UP.as_nanos() as u64;
    Paced {
        latencies: seen
            .iter()
            .filter(|(sent, _)| *sent >= warm_ns)
            .map(|(sent, arrived)| arrived.saturating_sub(*sent))
            .collect(),
        received: seen.len() as u64,
        sent,
        counted,
        refused,
    }
}

/// Our relay at a fixed rate: one sending and one receiving customer
/// socket per conversation.
async fn paced_ours(
    ws_base: &str,
    convs: &[(String, String)],
    rate: u64,
    secs: u64,
) -> anyhow::Result<Paced> {
    let mut senders = Vec::new();
    let mut answers = Vec::new();
    let mut receivers = Vec::new();
    for (_, token) in convs {
        let (tx, rx) = customer_socket(ws_base, token, false).await?.split();
        senders.push(tx);
        answers.push(rx);
        receivers.push(customer_socket(ws_base, token, true).await?.split().1);
    }
    let start = Instant::now() + Duration::from_millis(200);
    let end = start + WARM_UP + Duration::from_secs(secs);
    let answers: Vec<_> = answers
        .into_iter()
        .map(|rx| tokio::spawn(count_answers(rx, end + DRAIN)))
        .collect();
    let readers = receivers
        .into_iter()
        .map(|rx| tokio::spawn(receive(rx, start, end + DRAIN, pick_relayed)))
        .collect();
    let (sent, counted) = send_paced(senders, rate, start, end).await;
    let seen = gather(readers).await;
    let mut refused = 0;
    for a in answers {
        refused += a.await.unwrap_or_default().1;
    }
    Ok(paced_result(seen, sent, counted, refused))
}

/// The baseline at a fixed rate: `n` echo sockets.
async fn paced_echo(url: &str, n: usize, rate: u64, secs: u64) -> anyhow::Result<Paced> {
    let mut senders = Vec::new();
    let mut receivers = Vec::new();
    for _ in 0..n {
        let (tx, rx) = echo_socket(url).await?.split();
        senders.push(tx);
        receivers.push(rx);
    }
    let start = Instant::now() + Duration::from_millis(200);
    let end = start + WARM_UP + Duration::from_secs(secs);
    let readers = receivers
        .into_iter()
        .map(|rx| tokio::spawn(receive(rx, start, end + DRAIN, pick_echoed)))
        .collect();
    let (sent, counted) = send_paced(senders, rate, start, end).await;
    Ok(paced_result(gather(readers).await, sent, counted, 0))
}

/// Keeps `WINDOW` frames in flight on `ws` until `end`: a frame `is_answer`
/// accepts frees a place. Returns the arrival times (ns since `start`) of
/// the answers.
async fn pump(
    mut ws: Ws,
    start: Instant,
    end: Instant,
    is_answer: fn(&str) -> bool,
) -> anyhow::Result<Vec<u64>> {
    let (mut in_flight, mut seq) = (0usize, 0u64);
    let mut arrivals = Vec::new();
    loop {
        if Instant::now() < end {
            while in_flight < WINDOW {
                let sent_ns = start.elapsed().as_nanos() as u64;
                ws.feed(WsMessage::text(send_frame_text(seq, sent_ns)))
                    .await?;
                seq += 1;
                in_flight += 1;
            }
            ws.flush().await?;
        } else if in_flight == 0 {
            break;
        }
        let Ok(Some(msg)) = timeout_at((end + DRAIN).into(), ws.next()).await else {
            break;
        };
        let arrived = start.elapsed().as_nanos() as u64;
        if let WsMessage::Text(text) = msg? {
            if is_answer(&text) {
                in_flight -= 1;
                arrivals.push(arrived);
            }
        }
    }
    Ok(arrivals)
}

fn is_ack_or_error(text: &str) -> bool {
    matches!(
        serde_json::from_str::<ServerFrame>(text),
        Ok(ServerFrame::Ack { .. } | ServerFrame::Error { .. })
    )
}

/// Per second: arrivals in the measured part (after 0.5 s) of the run.
fn per_second(arrivals: impl Iterator<Item = u64>, secs: u64) -> f64 {
    let from = 500_000_000u64;
    let to = secs * 1_000_000_000;
    let n = arrivals.filter(|t| (from..to).contains(t)).count();
    n as f64 / ((to - from) as f64 / 1e9)
}

/// Our sustained relay: messages arriving at the receiving sockets a second.
async fn sustained_ours(
    ws_base: &str,
    convs: &[(String, String)],
    secs: u64,
) -> anyhow::Result<f64> {
    let mut senders = Vec::new();
    let mut receivers = Vec::new();
    for (_, token) in convs {
        senders.push(customer_socket(ws_base, token, false).await?);
        receivers.push(customer_socket(ws_base, token, true).await?.split().1);
    }
    let start = Instant::now();
    let end = start + Duration::from_secs(secs);
    let readers = receivers
        .into_iter()
        .map(|rx| tokio::spawn(receive(rx, start, end + DRAIN, pick_relayed)))
        .collect();
    let pumps: Vec<_> = senders
        .into_iter()
        .map(|ws| tokio::spawn(pump(ws, start, end, is_ack_or_error)))
        .collect();
    for p in pumps {
        p.await??;
    }
    let seen = gather(readers).await;
    Ok(per_second(
        seen.into_iter().map(|(_, arrived)| arrived),
        secs,
    ))
}

/// The baseline's sustained rate: echoes arriving a second.
async fn sustained_echo(url: &str, n: usize, secs: u64) -> anyhow::Result<f64> {
    let mut sockets = Vec::new();
    for _ in 0..n {
        sockets.push(echo_socket(url).await?);
    }
    let start = Instant::now();
    let end = start + Duration::from_secs(secs);
    let pumps: Vec<_> = sockets
        .into_iter()
        .map(|ws| tokio::spawn(pump(ws, start, end, |_| true)))
        .collect();
    let mut arrivals = Vec::new();
    for p in pumps {
        arrivals.extend(p.await??);
    }
    Ok(per_second(arrivals.into_iter(), secs))
}

/// PIN issue and claim at a fixed 200 requests/s from 200 clients: every
/// client issues a PIN for its conversation and claims it, every 2 s.
async fn pins(args: &ServiceArgs, cookie: &str, ids: Vec<String>) -> anyhow::Result<()> {
    let clients = ids.len();
    let every = Duration::from_secs(2);
    let rounds = (args.pin_secs / 2).max(1) as u32;
    let start = Instant::now() + Duration::from_secs(1);
    let mut tasks = Vec::new();
    for (i, id) in ids.into_iter().enumerate() {
        let (server, cookie) = (args.server.clone(), cookie.to_string());
        // Each client has its own connection, opened before it is timed.
        let http = reqwest::Client::builder().timeout(SETUP).build()?;
        http.get(format!("{server}{}", paths::HEALTH))
            .send()
            .await?
            .error_for_status()?;
        let first = start + every.mul_f64(i as f64 / clients as f64);
        tasks.push(tokio::spawn(async move {
            let (mut issue, mut claim, mut failed) = (Vec::new(), Vec::new(), 0u32);
            for round in 0..rounds {
                sleep_until((first + every * round).into()).await;
                let t0 = Instant::now();
                let Ok(pin) = issue_pin(&http, &server, &cookie, &id).await else {
                    failed += 1;
                    continue;
                };
                issue.push(t0.elapsed().as_nanos() as u64);
                let t1 = Instant::now();
                match claim_pin(&http, &server, &pin).await {
                    Ok(()) => claim.push(t1.elapsed().as_nanos() as u64),
                    Err(_) => failed += 1,
                }
            }
            (issue, claim, failed)
        }));
    }
    let (mut issue, mut claim, mut failed) = (Vec::new(), Vec::new(), 0);
    for task in tasks {
        let (i, c, f) = task.await?;
        issue.extend(i);
        claim.extend(c);
        failed += f;
    }
    if failed > 0 {
        eprintln!("ra-bench: {failed} PIN requests failed");
    }
    let target = 5_000_000u64;
    let expected = clients * rounds as usize;
    let (issued, claimed) = (issue.len(), claim.len());
    let ip99 = quantile(&mut issue, 0.99);
    let cp99 = quantile(&mut claim, 0.99);
    row(
        &format!(
            "PIN issue p99 @ 100/s (+ claims 100/s), {clients} clients, after {} s quiet",
            SETTLE.as_secs()
        ),
        &format!("{} ({issued}/{expected} issued)", micros(ip99)),
        "≤ 5000 µs",
        "-",
        Some(within(ip99, target) && issued == expected),
    );
    row(
        &format!(
            "PIN claim p99 @ 100/s (+ issues 100/s), {clients} clients, after {} s quiet",
            SETTLE.as_secs()
        ),
        &format!("{} ({claimed}/{expected} claimed)", micros(cp99)),
        "≤ 5000 µs",
        "-",
        Some(within(cp99, target) && claimed == expected),
    );
    Ok(())
}

async fn issue_pin(
    http: &reqwest::Client,
    server: &str,
    cookie: &str,
    id: &str,
) -> anyhow::Result<String> {
    let issued: api::PinIssued = http
        .post(format!("{server}{}", paths::conversation_pins(id)))
        .header("cookie", cookie)
        .header("content-type", "application/json")
        .body("{}")
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    Ok(issued.pin.to_string())
}

async fn claim_pin(http: &reqwest::Client, server: &str, pin: &str) -> anyhow::Result<()> {
    let request = api::ClaimRequest {
        pin: pin.to_string(),
        device_class: protocol::DeviceClass::Desktop,
        user_agent: None,
        browser_view: false,
    };
    http.post(format!("{server}{}", paths::PIN_CLAIM))
        .json(&request)
        .send()
        .await?
        .error_for_status()?
        .bytes()
        .await?;
    Ok(())
}
