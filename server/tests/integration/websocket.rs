//! The WebSocket: origin check before the upgrade, customer auth, sync and
//! acks, agent-only events never reach customers, clear errors.

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use protocol::api::{paths, MAX_MESSAGE_BYTES};
use protocol::event::Event;
use protocol::ws::{ClientFrame, ServerFrame};
use reqwest::StatusCode;

use crate::common::*;

#[tokio::test]
async fn origins_are_checked_before_the_upgrade() {
    let t =
        TestServer::start_with(|s| s.allowed_origins = Some("https://assist.example".into())).await;
    let url = t.ws_url("");
    let refused = ws_connect(&url, None, Some("https://evil.example")).await;
    assert_eq!(refused.err().as_deref(), Some("http 403"));
    let refused = ws_connect(&url, None, Some("null")).await;
    assert_eq!(refused.err().as_deref(), Some("http 403"));
    assert!(ws_connect(&url, None, Some("https://assist.example"))
        .await
        .is_ok());
    assert!(
        ws_connect(&url, None, None).await.is_ok(),
        "no Origin: not a browser page"
    );

    // The refusal is an ErrorBody, before any upgrade.
    let res = t
        .http
        .get(t.url(paths::WS))
        .header("origin", "https://evil.example")
        .header("connection", "upgrade")
        .header("upgrade", "websocket")
        .header("sec-websocket-version", "13")
        .header("sec-websocket-key", "dGhlIHNhbXBsZSBub25jZQ==")
        .send()
        .await
        .unwrap();
    expect_error(res, StatusCode::FORBIDDEN, "forbidden").await;
}

#[tokio::test]
async fn default_origins_allow_the_server_and_trunk() {
    let t = TestServer::start().await;
    let url = t.ws_url("");
    assert!(ws_connect(&url, None, Some(&t.running().url()))
        .await
        .is_ok());
    assert!(ws_connect(&url, None, Some("http://localhost:8080"))
        .await
        .is_ok());
    assert!(ws_connect(&url, None, Some("http://127.0.0.1:8080"))
        .await
        .is_ok());
    assert!(ws_connect(&url, None, Some("http://evil.example"))
        .await
        .is_err());
}

#[tokio::test]
async fn customers_must_authenticate() {
    let t = TestServer::start().await;
    let mut ws = ws_connect(&t.ws_url(""), None, None).await.unwrap();
    send(
        &mut ws,
        &ClientFrame::Sync {
            conversation_id: None,
            after_seq: 0,
        },
    )
    .await;
    assert!(
        matches!(next_frame(&mut ws).await, ServerFrame::Error { code, .. } if code == "unauthorized")
    );
    send(
        &mut ws,
        &ClientFrame::Auth {
            conversation_token: Some("0".repeat(64)),
            session_token: None,
        },
    )
    .await;
    assert!(
        matches!(next_frame(&mut ws).await, ServerFrame::Error { code, .. } if code == "unauthorized")
    );

    // A customer cannot read another conversation.
    let a = t.customer("A").await;
    let b = t.customer("B").await;
    let mut ws = customer_socket(&t, Some(&a.token), None).await;
    send(
        &mut ws,
        &ClientFrame::Sync {
            conversation_id: Some(b.id.clone()),
            after_seq: 0,
        },
    )
    .await;
    assert!(
        matches!(next_frame(&mut ws).await, ServerFrame::Error { code, .. } if code == "forbidden")
    );
    send(
        &mut ws,
        &ClientFrame::Send {
            conversation_id: Some(b.id.clone()),
            txn: "x".into(),
            text: "hi".into(),
        },
    )
    .await;
    assert!(
        matches!(next_frame(&mut ws).await, ServerFrame::Error { txn: Some(t), code, .. } if t == "x" && code == "forbidden")
    );
    send(&mut ws, &ClientFrame::Ping).await;
    assert_eq!(next_frame(&mut ws).await, ServerFrame::Pong);
}

#[tokio::test]
async fn chat_flows_with_acks_and_agent_only_events_stay_with_agents() {
    let t = TestServer::start().await;
    let op = t.operator("ann@example.com", "Ann").await;
    let customer = t.customer("Carla").await;
    let mut agent = operator_socket(&t, &op, "").await;
    send(
        &mut agent,
        &ClientFrame::Sync {
            conversation_id: Some(customer.id.clone()),
            after_seq: 0,
        },
    )
    .await;
    let mut chat = customer_socket(&t, Some(&customer.token), None).await;
    send(
        &mut chat,
        &ClientFrame::Sync {
            conversation_id: None,
            after_seq: 0,
        },
    )
    .await;

    send(
        &mut chat,
        &ClientFrame::Send {
            conversation_id: None,
            txn: "c1".into(),
            text: "Hello".into(),
        },
    )
    .await;
    let ack = wait_for(&mut chat, |f| matches!(f, ServerFrame::Ack { .. })).await;
    let ServerFrame::Ack { txn, message } = ack else {
        unreachable!()
    };
    assert_eq!(
        (txn.as_str(), message.seq, message.author.as_str()),
        ("c1", 1, "Carla")
    );
    // Resending the same txn returns the same stored message.
    send(
        &mut chat,
        &ClientFrame::Send {
            conversation_id: None,
            txn: "c1".into(),
            text: "Hello".into(),
        },
    )
    .await;
    let again = wait_for(&mut chat, |f| matches!(f, ServerFrame::Ack { .. })).await;
    assert_eq!(
        again,
        ServerFrame::Ack {
            txn: "c1".into(),
            message: message.clone()
        }
    );

    let got = wait_for(&mut agent, |f| matches!(f, ServerFrame::Message { .. })).await;
    assert_eq!(got, ServerFrame::Message { message });

    // An agent-only event (PIN created), then a reply.
    t.issue_pin(&op, &customer.id).await;
    let pin_event = wait_for(&mut agent, |f| matches!(f, ServerFrame::Message { .. })).await;
    assert!(
        matches!(pin_event, ServerFrame::Message { message } if matches!(message.event, Some(Event::PinCreated { .. })))
    );
    send(
        &mut agent,
        &ClientFrame::Send {
            conversation_id: Some(customer.id.clone()),
            txn: "a1".into(),
            text: "Hi Carla".into(),
        },
    )
    .await;
    wait_for(&mut agent, |f| matches!(f, ServerFrame::Ack { .. })).await;
    // The customer's next message frame is the reply, seq 3 (seq 2 is the agent's).
    let next = wait_for(
        &mut chat,
        |f| matches!(f, ServerFrame::Message { message } if message.seq >= 2),
    )
    .await;
    let ServerFrame::Message { message } = next else {
        unreachable!()
    };
    assert_eq!((message.seq, message.text.as_str()), (3, "Hi Carla"));
    assert_eq!(message.author, "Ann");
    // A reconnecting customer replays without the agent-only event.
    let mut chat2 = customer_socket(&t, Some(&customer.token), None).await;
    send(
        &mut chat2,
        &ClientFrame::Sync {
            conversation_id: None,
            after_seq: 0,
        },
    )
    .await;
    let f1 = next_frame(&mut chat2).await;
    let f2 = next_frame(&mut chat2).await;
    assert!(matches!(f1, ServerFrame::Message { message } if message.seq == 1));
    assert!(matches!(f2, ServerFrame::Message { message } if message.seq == 3));
}

#[tokio::test]
async fn oversize_and_too_fast_messages_get_clear_errors() {
    let t = TestServer::start_with(|s| s.messages_per_minute = 5).await;
    let customer = t.customer("Carla").await;
    let mut chat = customer_socket(&t, Some(&customer.token), None).await;
    let long = "é".repeat(MAX_MESSAGE_BYTES / 2 + 1);
    send(
        &mut chat,
        &ClientFrame::Send {
            conversation_id: None,
            txn: "big".into(),
            text: long,
        },
    )
    .await;
    let f = next_frame(&mut chat).await;
    assert!(
        matches!(&f, ServerFrame::Error { txn: Some(t), code, message } if t == "big" && code == "message_too_long" && message.contains("8 KiB")),
        "{f:?}"
    );
    for i in 0..5 {
        send(
            &mut chat,
            &ClientFrame::Send {
                conversation_id: None,
                txn: format!("m{i}"),
                text: "x".into(),
            },
        )
        .await;
        assert!(matches!(
            next_frame(&mut chat).await,
            ServerFrame::Ack { .. }
        ));
    }
    send(
        &mut chat,
        &ClientFrame::Send {
            conversation_id: None,
            txn: "m5".into(),
            text: "x".into(),
        },
    )
    .await;
    let f = next_frame(&mut chat).await;
    assert!(
        matches!(&f, ServerFrame::Error { txn: Some(t), code, message } if t == "m5" && code == "rate_limited" && message.contains("5 a minute")),
        "{f:?}"
    );
    // A resend of a stored message is never refused.
    send(
        &mut chat,
        &ClientFrame::Send {
            conversation_id: None,
            txn: "m0".into(),
            text: "x".into(),
        },
    )
    .await;
    assert!(matches!(
        next_frame(&mut chat).await,
        ServerFrame::Ack { .. }
    ));
    t.clock.advance_secs(61);
    send(
        &mut chat,
        &ClientFrame::Send {
            conversation_id: None,
            txn: "m5".into(),
            text: "x".into(),
        },
    )
    .await;
    assert!(matches!(
        next_frame(&mut chat).await,
        ServerFrame::Ack { .. }
    ));

    send(&mut chat, &ClientFrame::Ping).await;
    assert_eq!(next_frame(&mut chat).await, ServerFrame::Pong);
    chat.send(tokio_tungstenite::tungstenite::Message::text("{not json"))
        .await
        .unwrap();
    assert!(
        matches!(next_frame(&mut chat).await, ServerFrame::Error { code, .. } if code == "bad_frame")
    );
}

#[tokio::test]
async fn sockets_close_when_the_server_stops() {
    let mut t = TestServer::start().await;
    let op = t.operator("ann@example.com", "Ann").await;
    let customer = t.customer("Carla").await;
    let mut agent = operator_socket(&t, &op, "client=console").await;
    let mut chat = customer_socket(&t, Some(&customer.token), None).await;
    t.restart().await;
    for ws in [&mut agent, &mut chat] {
        let closed = tokio::time::timeout(std::time::Duration::from_secs(3), async {
            loop {
                match futures_util::StreamExt::next(ws).await {
                    Some(Ok(tokio_tungstenite::tungstenite::Message::Close(_)))
                    | None
                    | Some(Err(_)) => return,
                    Some(Ok(_)) => {}
                }
            }
        })
        .await;
        assert!(closed.is_ok(), "the socket closes when the server stops");
    }
    // The new server knows the sign-in and the conversation.
    let _agent = operator_socket(&t, &op, "client=console").await;
    let _chat = customer_socket(&t, Some(&customer.token), None).await;
}

#[tokio::test]
async fn operators_get_each_changed_conversation_with_its_last_message() {
    let t = TestServer::start().await;
    let op = t.operator("ann@example.com", "Ann").await;
    let mut agent = operator_socket(&t, &op, "").await;
    let (a, b) = (t.customer("Carla").await, t.customer("Dan").await);
    for (customer, texts) in [(&a, ["one", "two", "three"]), (&b, ["hi", "", ""])] {
        let mut chat = customer_socket(&t, Some(&customer.token), None).await;
        for (i, text) in texts.iter().filter(|t| !t.is_empty()).enumerate() {
            let send_one = ClientFrame::Send {
                conversation_id: None,
                txn: format!("t{i}"),
                text: text.to_string(),
            };
            send(&mut chat, &send_one).await;
            wait_for(&mut chat, |f| matches!(f, ServerFrame::Ack { .. })).await;
        }
    }
    // Summaries come gathered, in any order: wait until each conversation
    // has shown its last message.
    let mut seen = std::collections::HashMap::new();
    while seen.len() < 2 {
        let ServerFrame::Conversation { conversation: c } = wait_for(&mut agent, |f| {
            matches!(f, ServerFrame::Conversation { .. })
        })
        .await
        else {
            unreachable!()
        };
        let last = [(&a.id, "three"), (&b.id, "hi")]
            .iter()
            .any(|(id, text)| &c.id == *id && c.last_message.as_deref() == Some(*text));
        if last {
            seen.insert(c.id.clone(), c.last_seq);
        }
    }
    assert_eq!(seen[&a.id], 3);
    assert_eq!(seen[&b.id], 1);
}

#[tokio::test]
async fn a_socket_that_never_authenticates_is_closed_and_others_stay() {
    use futures_util::StreamExt;
    use tokio_tungstenite::tungstenite::Message as WsMessage;

    let t = TestServer::start().await;
    let customer = t.customer("Carla").await;
    let mut silent = ws_connect(&t.ws_url(""), None, None).await.unwrap();
    let mut authed = customer_socket(&t, Some(&customer.token), None).await;
    // The deadline is 10 s of real time.
    let mut frames = Vec::new();
    let closed = tokio::time::timeout(std::time::Duration::from_secs(20), async {
        while let Some(Ok(msg)) = silent.next().await {
            if let WsMessage::Text(text) = msg {
                frames.push(serde_json::from_str::<ServerFrame>(text.as_str()).unwrap());
            }
        }
    })
    .await;
    assert!(closed.is_ok(), "the silent socket is still open after 20 s");
    assert!(
        matches!(frames.as_slice(), [ServerFrame::Error { code, .. }] if code == "auth_timeout"),
        "{frames:?}"
    );
    send(&mut authed, &ClientFrame::Ping).await;
    assert!(matches!(next_frame(&mut authed).await, ServerFrame::Pong));
}

/// Messages sent while the database is held (by a checkpoint's last pass,
/// a PIN being issued) wait for it on the chat writer's thread, not on the
/// async workers: other sockets are answered meanwhile. Once it is free
/// they are stored once per transaction id, acknowledged, and relayed in
/// the order of their sequence numbers.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn messages_sent_while_the_database_is_held_are_stored_once_in_order() {
    const N: usize = 12;
    let t = TestServer::start().await;
    let customer = t.customer("Carla").await;
    let mut receiver = customer_socket(&t, Some(&customer.token), None).await;
    send(
        &mut receiver,
        &ClientFrame::Sync {
            conversation_id: None,
            after_seq: 0,
        },
    )
    .await;
    send(&mut receiver, &ClientFrame::Ping).await;
    wait_for(&mut receiver, |f| matches!(f, ServerFrame::Pong)).await;
    let mut senders = Vec::new();
    for _ in 0..=N {
        senders.push(customer_socket(&t, Some(&customer.token), None).await);
    }
    let message = |i: usize| ClientFrame::Send {
        conversation_id: None,
        txn: format!("t{i}"),
        text: format!("message {i}"),
    };

    let db = t.running().state.db.clone();
    let (held, is_held) = std::sync::mpsc::channel();
    let (release, released) = std::sync::mpsc::channel::<()>();
    let holder = std::thread::spawn(move || {
        db.with(|_| {
            held.send(()).unwrap();
            released.recv().unwrap();
        })
    });
    is_held.recv().unwrap();
    for (i, ws) in senders.iter_mut().enumerate() {
        // The last socket resends the message of the fourth.
        send(ws, &message(if i == N { 3 } else { i })).await;
    }
    // The workers are free: another socket is answered, and nothing is
    // relayed or acknowledged before its commit.
    send(&mut receiver, &ClientFrame::Ping).await;
    let pong = next_frame(&mut receiver).await;
    assert_eq!(pong, ServerFrame::Pong);
    for ws in &mut senders {
        let early = tokio::time::timeout(Duration::from_millis(20), ws.next()).await;
        assert!(early.is_err(), "answered before the commit: {early:?}");
    }
    release.send(()).unwrap();
    holder.join().unwrap();

    let mut acked = Vec::new();
    for ws in &mut senders {
        match wait_for(ws, |f| matches!(f, ServerFrame::Ack { .. })).await {
            ServerFrame::Ack { txn, message } => acked.push((txn, message.seq)),
            _ => unreachable!(),
        }
    }
    assert_eq!(acked[3], acked[N], "a resend is the stored message");
    let mut by_seq = acked[..N].to_vec();
    by_seq.sort_by_key(|(_, seq)| *seq);
    let seqs: Vec<i64> = by_seq.iter().map(|(_, seq)| *seq).collect();
    let first = seqs[0];
    assert_eq!(seqs, (first..first + N as i64).collect::<Vec<_>>());
    let mut relayed = Vec::new();
    while relayed.len() < N {
        if let ServerFrame::Message { message } = next_frame(&mut receiver).await {
            relayed.push((message.txn, message.seq));
        }
    }
    assert_eq!(relayed, by_seq, "relayed once each, in sequence order");
    let stored: i64 = t.running().state.db.with(|c| {
        c.query_row(
            "SELECT COUNT(*) FROM messages WHERE conversation_id = ?1 AND sender = 'customer'",
            [&customer.id],
            |r| r.get(0),
        )
        .unwrap()
    });
    assert_eq!(stored, N as i64);
}
