//! Zero loss, zero duplicates: 1,000 messages each way between a customer
//! and an operator over real sockets, while the clients' connections are
//! cut 100 times and the server is restarted on the same data directory.
//! Each client works as the apps do: a transaction id per message, resend
//! until acknowledged, `sync` after the last sequence number it holds.

use std::collections::{HashSet, VecDeque};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use protocol::api::{paths, Message, Sender};
use protocol::ws::{ClientFrame, ServerFrame};
use tokio_tungstenite::tungstenite::Message as WsMessage;

use crate::common::*;

const N: usize = 1000;
const CUTS_PER_CLIENT: usize = 50;
// 50 cuts x 15 acks leave each client ~250 acknowledgements of slack for
// the restart's hold (no cuts), however fast the server acknowledges: at 19
// a fast server could finish before the last planned cut.
const CUT_EVERY_ACKS: usize = 15;
const WINDOW: usize = 16;

#[derive(Clone)]
struct Side {
    prefix: &'static str,
    peer: Sender,
    cookie: Option<String>,
    conversation_token: Option<String>,
    conversation_id: String,
}

#[derive(Default, Debug)]
struct Report {
    acked: usize,
    /// Indices of the peer's messages in the order they arrived.
    received: Vec<usize>,
    duplicates: usize,
    cuts: usize,
    /// Connections that ended without the client cutting them (restart).
    dropped: usize,
    connections: usize,
    resends: usize,
}

fn txn(prefix: &str, i: usize) -> String {
    format!("{prefix}-{i:04}")
}

fn index_of(txn: &str) -> usize {
    txn.rsplit('-').next().unwrap().parse().unwrap()
}

async fn send_frame(ws: &mut Ws, frame: &ClientFrame) -> bool {
    ws.send(WsMessage::text(serde_json::to_string(frame).unwrap()))
        .await
        .is_ok()
}

/// What the test and its two clients share.
#[derive(Default)]
struct Control {
    /// Messages acknowledged, both clients.
    acked: AtomicUsize,
    /// Clients with an open connection.
    connected: AtomicUsize,
    /// No cuts while the test restarts the server and until both clients
    /// have seen the restart close their connection.
    hold_cuts: AtomicBool,
    /// Held (write) by the test around the restart; a client cuts only while
    /// it can take it (read), so no cut decided before the hold lands late.
    cut_gate: tokio::sync::RwLock<()>,
    /// Connections closed by the server, both clients.
    drops: AtomicUsize,
}

/// One client: runs until all its messages are acknowledged and all the
/// peer's messages have arrived.
async fn client(side: Side, url: String, control: Arc<Control>) -> Report {
    let mut r = Report::default();
    let mut acked = vec![false; N];
    let mut in_flight: VecDeque<usize> = VecDeque::new();
    let mut next_new = 0usize;
    let mut last_seq = 0i64;
    let mut seen: HashSet<String> = HashSet::new();
    let started = Instant::now();

    'connections: while r.acked < N || r.received.len() < N {
        assert!(started.elapsed() < Duration::from_secs(60), "stuck: {r:?}");
        let Ok(mut ws) = ws_connect(&url, side.cookie.as_deref(), None).await else {
            tokio::time::sleep(Duration::from_millis(20)).await;
            continue;
        };
        r.connections += 1;
        let _connected = Connected::new(&control);
        if side.conversation_token.is_some() {
            let auth = ClientFrame::Auth {
                conversation_token: side.conversation_token.clone(),
                session_token: None,
            };
            if !send_frame(&mut ws, &auth).await {
                r.dropped += 1; // closed by the server (restart)
                control.drops.fetch_add(1, Ordering::SeqCst);
                continue;
            }
        }
        let sync = ClientFrame::Sync {
            conversation_id: Some(side.conversation_id.clone()),
            after_seq: last_seq,
        };
        if !send_frame(&mut ws, &sync).await {
            r.dropped += 1; // closed by the server (restart)
            control.drops.fetch_add(1, Ordering::SeqCst);
            continue;
        }
        // Everything not acknowledged goes again, in order.
        for &i in &in_flight {
            r.resends += 1;
            let frame = ClientFrame::Send {
                conversation_id: Some(side.conversation_id.clone()),
                txn: txn(side.prefix, i),
                text: format!("{} says {i}", side.prefix),
            };
            if !send_frame(&mut ws, &frame).await {
                r.dropped += 1; // closed by the server (restart)
                control.drops.fetch_add(1, Ordering::SeqCst);
                continue 'connections;
            }
        }
        let mut acks_here = 0usize;
        loop {
            while in_flight.len() < WINDOW && next_new < N {
                let i = next_new;
                next_new += 1;
                in_flight.push_back(i);
                let frame = ClientFrame::Send {
                    conversation_id: Some(side.conversation_id.clone()),
                    txn: txn(side.prefix, i),
                    text: format!("{} says {i}", side.prefix),
                };
                if !send_frame(&mut ws, &frame).await {
                    r.dropped += 1;
                    control.drops.fetch_add(1, Ordering::SeqCst);
                    continue 'connections;
                }
            }
            if r.acked == N && r.received.len() == N {
                break 'connections;
            }
            let next = tokio::time::timeout(Duration::from_secs(10), ws.next()).await;
            let Ok(Some(Ok(msg))) = next else {
                r.dropped += 1; // closed by the server (restart)
                control.drops.fetch_add(1, Ordering::SeqCst);
                continue 'connections;
            };
            let WsMessage::Text(text) = msg else { continue };
            match serde_json::from_str::<ServerFrame>(text.as_str()).unwrap() {
                ServerFrame::Ack { txn, message } => {
                    assert_eq!(message.txn, txn);
                    let i = index_of(&txn);
                    if !acked[i] {
                        acked[i] = true;
                        r.acked += 1;
                        control.acked.fetch_add(1, Ordering::SeqCst);
                    }
                    in_flight.retain(|&j| j != i);
                    acks_here += 1;
                    let gate = control.cut_gate.try_read();
                    let hold = gate.is_err() || control.hold_cuts.load(Ordering::SeqCst);
                    if acks_here >= CUT_EVERY_ACKS && r.cuts < CUTS_PER_CLIENT && !hold {
                        // Cut the connection with messages in flight: no close frame.
                        r.cuts += 1;
                        drop(ws);
                        continue 'connections;
                    }
                }
                ServerFrame::Message { message } => {
                    if message.seq <= last_seq {
                        r.duplicates += 1;
                        continue;
                    }
                    last_seq = message.seq;
                    if message.sender == side.peer {
                        if seen.insert(message.txn.clone()) {
                            r.received.push(index_of(&message.txn));
                        } else {
                            r.duplicates += 1;
                        }
                    }
                }
                ServerFrame::Error { code, message, .. } => panic!("{code}: {message}"),
                _ => {}
            }
        }
    }
    r
}

/// Counts an open connection while alive.
struct Connected<'a>(&'a Control);

impl<'a> Connected<'a> {
    fn new(control: &'a Control) -> Self {
        control.connected.fetch_add(1, Ordering::SeqCst);
        Connected(control)
    }
}

impl Drop for Connected<'_> {
    fn drop(&mut self) {
        self.0.connected.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Lost, duplicated and out-of-order counts of what one side received.
fn tally(received: &[usize]) -> (usize, usize, usize) {
    let distinct: HashSet<usize> = received.iter().copied().collect();
    let lost = (0..N).filter(|i| !distinct.contains(i)).count();
    let duplicated = received.len() - distinct.len();
    let out_of_order = received.windows(2).filter(|w| w[1] <= w[0]).count();
    (lost, duplicated, out_of_order)
}

/// Stored messages of one sender: (count, distinct txns, out of order).
fn stored(history: &[Message], sender: Sender) -> (usize, usize, usize) {
    let mine: Vec<usize> = history
        .iter()
        .filter(|m| m.sender == sender)
        .map(|m| index_of(&m.txn))
        .collect();
    let distinct: HashSet<usize> = mine.iter().copied().collect();
    let out_of_order = mine.windows(2).filter(|w| w[1] <= w[0]).count();
    (mine.len(), distinct.len(), out_of_order)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_message_is_lost_or_duplicated_across_reconnects_and_a_restart() {
    let began = Instant::now();
    let mut t = TestServer::start_with(|s| s.messages_per_minute = 1_000_000).await;
    let op = t.operator("ann@example.com", "Ann").await;
    let customer = t.customer("Carla").await;
    let url = t.ws_url("");
    let control = Arc::new(Control::default());

    let customer_side = Side {
        prefix: "c",
        peer: Sender::Operator,
        cookie: None,
        conversation_token: Some(customer.token.clone()),
        conversation_id: customer.id.clone(),
    };
    let operator_side = Side {
        prefix: "o",
        peer: Sender::Customer,
        cookie: Some(op.cookie.clone()),
        conversation_token: None,
        conversation_id: customer.id.clone(),
    };
    let c = tokio::spawn(client(customer_side, url.clone(), control.clone()));
    let o = tokio::spawn(client(operator_side, url.clone(), control.clone()));

    // Restart the server when half of all messages are acknowledged, with
    // both clients connected.
    while control.acked.load(Ordering::SeqCst) < N {
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    control.hold_cuts.store(true, Ordering::SeqCst);
    let gate = control.cut_gate.write().await; // no cut is under way now
    while control.connected.load(Ordering::SeqCst) < 2 {
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    let drops_before = control.drops.load(Ordering::SeqCst);
    t.restart().await;
    let waited = Instant::now();
    while control.drops.load(Ordering::SeqCst) < drops_before + 2
        && waited.elapsed() < Duration::from_secs(10)
    {
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    drop(gate);
    control.hold_cuts.store(false, Ordering::SeqCst);
    let restarts = 1;

    let (c, o) = (c.await.unwrap(), o.await.unwrap());
    let history: Vec<Message> = {
        let mut all = Vec::new();
        let mut after = 0;
        loop {
            let page: Vec<Message> = json(
                t.get(
                    &format!(
                        "{}?after={after}",
                        paths::conversation_messages(&customer.id)
                    ),
                    Auth::Op(&op),
                )
                .await,
            )
            .await;
            let Some(last) = page.last() else { break };
            after = last.seq;
            all.extend(page);
        }
        all
    };
    let seqs: Vec<i64> = history.iter().map(|m| m.seq).collect();
    assert_eq!(
        seqs,
        (1..=history.len() as i64).collect::<Vec<_>>(),
        "seq numbers are 1..n without gaps"
    );

    let (c_lost, c_dup, c_order) = tally(&o.received);
    let (o_lost, o_dup, o_order) = tally(&c.received);
    let (c_stored, c_distinct, c_stored_order) = stored(&history, Sender::Customer);
    let (o_stored, o_distinct, o_stored_order) = stored(&history, Sender::Operator);
    let cuts = c.cuts + o.cuts;
    println!(
        "delivery: customer->operator {N} sent, {} acknowledged, {c_stored} stored, {} received: \
         {c_lost} lost, {} duplicated, {c_order} out of order",
        c.acked,
        o.received.len(),
        c_dup + o.duplicates + (c_stored - c_distinct)
    );
    println!(
        "delivery: operator->customer {N} sent, {} acknowledged, {o_stored} stored, {} received: \
         {o_lost} lost, {} duplicated, {o_order} out of order",
        o.acked,
        c.received.len(),
        o_dup + c.duplicates + (o_stored - o_distinct)
    );
    println!(
        "delivery: {cuts} forced reconnects (connections cut with messages in flight), \
         {restarts} server restart ({} connections closed by it), {} connections in all, \
         {} resends of unacknowledged messages, {:.1} s",
        c.dropped + o.dropped,
        c.connections + o.connections,
        c.resends + o.resends,
        began.elapsed().as_secs_f64()
    );

    assert_eq!(cuts, 2 * CUTS_PER_CLIENT);
    assert_eq!((c.acked, o.acked), (N, N));
    assert_eq!((c_lost, o_lost), (0, 0), "lost");
    assert_eq!(
        (c_dup, o_dup, c.duplicates, o.duplicates),
        (0, 0, 0, 0),
        "duplicated deliveries"
    );
    assert_eq!(
        (c_stored, c_distinct, o_stored, o_distinct),
        (N, N, N, N),
        "stored once each"
    );
    assert_eq!(
        (c_order, o_order, c_stored_order, o_stored_order),
        (0, 0, 0, 0),
        "order"
    );
    assert_eq!(
        (c.dropped, o.dropped),
        (1, 1),
        "the restart closed both clients' connections"
    );
    assert_eq!(c.connections + o.connections, 2 + cuts + 2);
}
