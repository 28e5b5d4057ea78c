//! Sessions: start rules (mobile is view only, one technician), live
//! transitions to both sides, customer end, timeout (signalling: `browser_view.rs`).

use protocol::api::{paths, Message, SessionView};
use protocol::event::{Event, Party};
use protocol::ws::{ClientFrame, ServerFrame};
use protocol::{DeviceClass, Mode, SessionStatus};
use reqwest::StatusCode;

use crate::common::*;

async fn start(t: &TestServer, op: &Op, session: &str, mode: &str) -> reqwest::Response {
    t.post(
        &paths::session_start(session),
        Auth::Op(op),
        &serde_json::json!({ "mode": mode }),
    )
    .await
}

/// A customer with a claimed session: (conversation, claim).
async fn claimed(
    t: &TestServer,
    op: &Op,
    class: DeviceClass,
    ua: &str,
) -> (Customer, protocol::api::ClaimResponse) {
    let customer = t.customer("Carla").await;
    let pin = t.issue_pin(op, &customer.id).await;
    let claim = t.claim_ok(pin.pin.as_str(), class, ua).await;
    (customer, claim)
}

#[tokio::test]
async fn phones_and_tablets_are_view_only() {
    let t = TestServer::start().await;
    let op = t.operator("tech@example.com", "Tess").await;

    // The page says mobile.
    let (_, phone) = claimed(&t, &op, DeviceClass::Mobile, ANDROID_UA).await;
    assert_eq!(phone.device.class, DeviceClass::Mobile);
    let refused = expect_error(
        start(&t, &op, &phone.session_id, "control").await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "control_not_allowed",
    )
    .await;
    assert_eq!(refused.message, "Phones and tablets allow view only.");
    let view: SessionView = json(start(&t, &op, &phone.session_id, "view").await).await;
    assert_eq!(
        (view.status, view.mode),
        (SessionStatus::Active, Some(Mode::View))
    );

    // The page claims desktop, but the server sees an Android phone.
    let (_, liar) = claimed(&t, &op, DeviceClass::Desktop, ANDROID_UA).await;
    assert_eq!(liar.device.class, DeviceClass::Mobile);
    expect_error(
        start(&t, &op, &liar.session_id, "control").await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "control_not_allowed",
    )
    .await;

    // A desktop may be controlled.
    let (_, desk) = claimed(&t, &op, DeviceClass::Desktop, DESKTOP_UA).await;
    let v: SessionView = json(start(&t, &op, &desk.session_id, "control").await).await;
    assert_eq!(v.mode, Some(Mode::Control));
    assert_eq!(v.technician_name.as_deref(), Some("Tess"));
}

#[tokio::test]
async fn only_one_technician_starts_a_session() {
    let t = TestServer::start().await;
    let a = t.operator("a@example.com", "Ava").await;
    let b = t.operator("b@example.com", "Ben").await;
    let (_, claim) = claimed(&t, &a, DeviceClass::Desktop, DESKTOP_UA).await;
    let (ra, rb) = tokio::join!(
        start(&t, &a, &claim.session_id, "control"),
        start(&t, &b, &claim.session_id, "view")
    );
    let mut statuses = [ra.status(), rb.status()];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::OK, StatusCode::CONFLICT]);
    let loser = if ra.status() == StatusCode::CONFLICT {
        ra
    } else {
        rb
    };
    let body = expect_error(loser, StatusCode::CONFLICT, "session_not_waiting").await;
    assert!(
        body.message.contains("another technician"),
        "{}",
        body.message
    );
    let res = start(&t, &a, "no-such-session", "view").await;
    expect_error(res, StatusCode::NOT_FOUND, "session_not_found").await;
}

fn session_frame(status: SessionStatus) -> impl Fn(&ServerFrame) -> bool {
    move |f| matches!(f, ServerFrame::Session { session } if session.status == status)
}

#[tokio::test]
async fn transitions_reach_both_sides_live() {
    let t = TestServer::start().await;
    let op = t.operator("tech@example.com", "Tess").await;
    let mut console = operator_socket(&t, &op, "client=console").await;
    let customer = t.customer("Carla").await;
    let mut chat = customer_socket(&t, Some(&customer.token), None).await;
    send(
        &mut chat,
        &ClientFrame::Sync {
            conversation_id: None,
            after_seq: 0,
        },
    )
    .await;

    let pin = t.issue_pin(&op, &customer.id).await;
    let claim = t
        .claim_ok(pin.pin.as_str(), DeviceClass::Desktop, DESKTOP_UA)
        .await;
    let mut page = customer_socket(&t, None, Some(&claim.session_token)).await;
    // The session page gets the current state right after auth.
    wait_for(&mut page, session_frame(SessionStatus::Waiting)).await;
    wait_for(&mut console, session_frame(SessionStatus::Waiting)).await;
    // The chat gets the system messages, then the session frame.
    wait_for(
        &mut chat,
        |f| matches!(f, ServerFrame::Message { message } if message.event == Some(Event::Waiting)),
    )
    .await;
    wait_for(&mut chat, session_frame(SessionStatus::Waiting)).await;

    let res = start(&t, &op, &claim.session_id, "control").await;
    assert_eq!(res.status(), StatusCode::OK);
    for ws in [&mut console, &mut page, &mut chat] {
        let f = wait_for(ws, session_frame(SessionStatus::Active)).await;
        let ServerFrame::Session { session } = f else {
            unreachable!()
        };
        assert_eq!(session.mode, Some(Mode::Control));
    }

    // The customer ends it with the session token.
    let view: SessionView = json(
        t.get(paths::CUSTOMER_SESSION, Auth::Bearer(&claim.session_token))
            .await,
    )
    .await;
    assert_eq!(view.status, SessionStatus::Active);
    let res = t
        .post(
            paths::CUSTOMER_SESSION_END,
            Auth::Bearer(&claim.session_token),
            &serde_json::json!({}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    for ws in [&mut console, &mut page, &mut chat] {
        wait_for(ws, session_frame(SessionStatus::Ended)).await;
    }
    let again = t
        .post(
            paths::CUSTOMER_SESSION_END,
            Auth::Bearer(&claim.session_token),
            &serde_json::json!({}),
        )
        .await;
    expect_error(again, StatusCode::CONFLICT, "session_over").await;

    // Both sides' chats hold the transitions as system messages.
    let theirs: Vec<Message> = json(
        t.get(paths::CUSTOMER_MESSAGES, Auth::Bearer(&customer.token))
            .await,
    )
    .await;
    let events: Vec<Event> = theirs.into_iter().filter_map(|m| m.event).collect();
    assert!(matches!(events[0], Event::Claimed { .. }));
    assert_eq!(events[1], Event::Waiting);
    assert_eq!(
        events[2],
        Event::Active {
            mode: Mode::Control,
            technician: "Tess".into()
        }
    );
    assert_eq!(
        events[3],
        Event::Ended {
            by: Party::Customer
        }
    );

    // Sessions list: the console's view.
    let list: Vec<SessionView> = json(t.get(paths::SESSIONS, Auth::Op(&op)).await).await;
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].status, SessionStatus::Ended);
}

#[tokio::test]
async fn a_waiting_session_times_out() {
    let t = TestServer::start_with(|s| s.waiting_timeout_secs = 120).await;
    let op = t.operator("tech@example.com", "Tess").await;
    let mut console = operator_socket(&t, &op, "client=console").await;
    let (customer, claim) = claimed(&t, &op, DeviceClass::Desktop, DESKTOP_UA).await;
    t.clock.advance_secs(119);
    tokio::time::sleep(std::time::Duration::from_millis(1200)).await;
    let view: SessionView = json(
        t.get(paths::CUSTOMER_SESSION, Auth::Bearer(&claim.session_token))
            .await,
    )
    .await;
    assert_eq!(view.status, SessionStatus::Waiting);
    t.clock.advance_secs(1);
    wait_for(&mut console, session_frame(SessionStatus::TimedOut)).await;
    let theirs: Vec<Message> = json(
        t.get(paths::CUSTOMER_MESSAGES, Auth::Bearer(&customer.token))
            .await,
    )
    .await;
    assert_eq!(theirs.last().unwrap().event, Some(Event::TimedOut));
    expect_error(
        start(&t, &op, &claim.session_id, "view").await,
        StatusCode::CONFLICT,
        "session_over",
    )
    .await;
}

#[tokio::test]
async fn presence_counts_technician_consoles() {
    let t = TestServer::start().await;
    let a = t.operator("a@example.com", "Ava").await;
    let b = t.operator("b@example.com", "Ben").await;
    assert_eq!(count(&t, &a).await, 0);
    let _agent = operator_socket(&t, &a, "").await;
    assert_eq!(count(&t, &a).await, 0, "an agent desktop is no console");
    let mut c1 = operator_socket(&t, &a, "client=console").await;
    let _c2 = operator_socket(&t, &a, "client=console").await;
    let c3 = operator_socket(&t, &b, "client=console").await;
    assert_eq!(count(&t, &a).await, 2);
    drop(c3);
    eventually("presence drops", || async { count(&t, &b).await == 1 }).await;
    wait_for(
        &mut c1,
        |f| matches!(f, ServerFrame::Presence { presence } if presence.technicians_online == 1),
    )
    .await;
}

async fn count(t: &TestServer, op: &Op) -> u32 {
    let res = t.get(paths::PRESENCE, Auth::Op(op)).await;
    json::<protocol::api::Presence>(res)
        .await
        .technicians_online
}

#[tokio::test]
async fn the_console_list_holds_every_live_session() {
    // More live sessions than the day's history is capped at: none is left
    // out of the console's list, newest first.
    let t = TestServer::start().await;
    let op = t.operator("agent@example.com", "Agent").await;
    let live = 510;
    for _ in 0..live {
        claimed(&t, &op, DeviceClass::Desktop, DESKTOP_UA).await;
    }
    let list: Vec<SessionView> = json(t.get(paths::SESSIONS, Auth::Op(&op)).await).await;
    assert_eq!(list.len(), live);
    assert!(list.iter().all(|s| s.status == SessionStatus::Waiting));
    assert!(list
        .windows(2)
        .all(|w| w[0].claimed_at_ms >= w[1].claimed_at_ms));
}
