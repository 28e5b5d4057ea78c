//! Browser view sessions (a screen shared from the customer's page over
//! WebRTC): signalling goes only between the customer holding the session's
//! token and the one console socket of the technician who started it; a
//! reloaded console replaces that socket; a closed page ends the session.

use std::time::Duration;

use protocol::api::{paths, ClaimResponse, Message, SessionView};
use protocol::event::{Event, Party};
use protocol::ws::{ClientFrame, ServerFrame};
use protocol::{DeviceClass, SessionStatus};
use reqwest::StatusCode;

use crate::common::*;

/// A customer's browser view claim: (conversation, claim).
async fn shared(t: &TestServer, op: &Op, browser_view: bool) -> (Customer, ClaimResponse) {
    let customer = t.customer("Carla").await;
    let pin = t.issue_pin(op, &customer.id).await;
    let res = t
        .claim_as(
            pin.pin.as_str(),
            DeviceClass::Desktop,
            DESKTOP_UA,
            browser_view,
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    (customer, res.json().await.unwrap())
}

async fn start_view(t: &TestServer, op: &Op, session: &str) {
    let res = t
        .post(
            &paths::session_start(session),
            Auth::Op(op),
            &serde_json::json!({ "mode": "view" }),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
}

fn signal(id: &str, n: i64) -> ClientFrame {
    ClientFrame::Signal {
        session_id: id.to_string(),
        payload: serde_json::json!({ "n": n }),
    }
}

fn is_forbidden(f: &ServerFrame) -> bool {
    matches!(f, ServerFrame::Error { code, .. } if code == "forbidden")
}

/// The next signal frame's number.
async fn next_signal(ws: &mut Ws) -> i64 {
    match wait_for(ws, |f| matches!(f, ServerFrame::Signal { .. })).await {
        ServerFrame::Signal { payload, .. } => payload["n"].as_i64().unwrap(),
        _ => unreachable!(),
    }
}

/// Proves no signal frame is queued for this socket: a ping's pong comes
/// first.
async fn no_signal(ws: &mut Ws) {
    send(ws, &ClientFrame::Ping).await;
    let f = wait_for(ws, |f| {
        matches!(f, ServerFrame::Signal { .. } | ServerFrame::Pong)
    })
    .await;
    assert_eq!(f, ServerFrame::Pong, "no signal frame for this socket");
}

#[tokio::test]
async fn signals_go_only_between_the_customer_and_the_viewing_technician() {
    let t = TestServer::start().await;
    let tess = t.operator("tess@example.com", "Tess").await;
    let otto = t.operator("otto@example.com", "Otto").await;
    let (_, claim) = shared(&t, &tess, true).await;
    let (_, stranger) = shared(&t, &tess, true).await;
    let id = claim.session_id.as_str();
    let mut console = operator_socket(&t, &tess, "client=console").await;
    let mut tess_agent = operator_socket(&t, &tess, "").await;
    let mut otto_ws = operator_socket(&t, &otto, "client=console").await;
    let mut page = customer_socket(&t, None, Some(&claim.session_token)).await;
    let mut stranger_page = customer_socket(&t, None, Some(&stranger.session_token)).await;

    // Not started yet: nobody may signal.
    send(&mut page, &signal(id, 0)).await;
    wait_for(&mut page, is_forbidden).await;
    send(&mut console, &signal(id, 0)).await;
    wait_for(&mut console, is_forbidden).await;

    start_view(&t, &tess, id).await;
    // The console says hello (it becomes the viewer); the page answers.
    send(&mut console, &signal(id, 1)).await;
    assert_eq!(next_signal(&mut page).await, 1);
    send(&mut page, &signal(id, 2)).await;
    assert_eq!(next_signal(&mut console).await, 2);

    // Another operator's socket, the customer's socket of another session,
    // and that socket naming its own (not started) session: refused.
    send(&mut otto_ws, &signal(id, 3)).await;
    wait_for(&mut otto_ws, is_forbidden).await;
    send(&mut stranger_page, &signal(id, 4)).await;
    wait_for(&mut stranger_page, is_forbidden).await;
    send(&mut stranger_page, &signal(&stranger.session_id, 4)).await;
    wait_for(&mut stranger_page, is_forbidden).await;
    // The session's id is no credential: a customer socket without its token.
    let (customer_b, _) = shared(&t, &tess, false).await;
    let mut chat_page = customer_socket(&t, Some(&customer_b.token), None).await;
    send(&mut chat_page, &signal(id, 4)).await;
    wait_for(&mut chat_page, is_forbidden).await;

    // Nothing reached the wrong sockets, not even the technician's own
    // agent desktop: the stream goes to the viewing console only.
    send(&mut page, &signal(id, 5)).await;
    assert_eq!(next_signal(&mut console).await, 5);
    no_signal(&mut otto_ws).await;
    no_signal(&mut tess_agent).await;
    no_signal(&mut stranger_page).await;
    no_signal(&mut page).await;

    // Over: refused again.
    let res = t
        .post(
            &paths::session_end(id),
            Auth::Op(&tess),
            &serde_json::json!({}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    send(&mut console, &signal(id, 6)).await;
    wait_for(&mut console, is_forbidden).await;
    send(&mut page, &signal(id, 6)).await;
    wait_for(&mut page, is_forbidden).await;
}

#[tokio::test]
async fn a_support_app_session_has_no_signalling() {
    let t = TestServer::start().await;
    let tess = t.operator("tess@example.com", "Tess").await;
    let (_, claim) = shared(&t, &tess, false).await;
    let mut console = operator_socket(&t, &tess, "client=console").await;
    let mut page = customer_socket(&t, None, Some(&claim.session_token)).await;
    start_view(&t, &tess, &claim.session_id).await;
    send(&mut console, &signal(&claim.session_id, 1)).await;
    wait_for(&mut console, is_forbidden).await;
    send(&mut page, &signal(&claim.session_id, 1)).await;
    wait_for(&mut page, is_forbidden).await;
}

#[tokio::test]
async fn a_reloaded_console_replaces_the_viewer() {
    let t = TestServer::start().await;
    let tess = t.operator("tess@example.com", "Tess").await;
    let (_, claim) = shared(&t, &tess, true).await;
    let id = claim.session_id.as_str();
    let mut page = customer_socket(&t, None, Some(&claim.session_token)).await;
    start_view(&t, &tess, id).await;

    let mut old = operator_socket(&t, &tess, "client=console").await;
    send(&mut old, &signal(id, 1)).await;
    assert_eq!(next_signal(&mut page).await, 1);
    send(&mut page, &signal(id, 2)).await;
    assert_eq!(next_signal(&mut old).await, 2);

    // The reloaded console says hello: it alone gets the customer's frames.
    let mut new = operator_socket(&t, &tess, "client=console").await;
    send(&mut new, &signal(id, 3)).await;
    assert_eq!(next_signal(&mut page).await, 3);
    send(&mut page, &signal(id, 4)).await;
    assert_eq!(next_signal(&mut new).await, 4);
    no_signal(&mut old).await;

    // The old socket's late close changes nothing.
    drop(old);
    tokio::time::sleep(Duration::from_millis(300)).await;
    send(&mut page, &signal(id, 5)).await;
    assert_eq!(next_signal(&mut new).await, 5);

    // The viewer's socket gone: nobody gets the customer's frames until a
    // console says hello again.
    drop(new);
    tokio::time::sleep(Duration::from_millis(300)).await;
    let mut again = operator_socket(&t, &tess, "client=console").await;
    send(&mut page, &signal(id, 6)).await;
    no_signal(&mut again).await;
    send(&mut again, &signal(id, 7)).await;
    assert_eq!(next_signal(&mut page).await, 7);
    send(&mut page, &signal(id, 8)).await;
    assert_eq!(next_signal(&mut again).await, 8);
}

async fn status_of(t: &TestServer, op: &Op, id: &str) -> SessionStatus {
    let list: Vec<SessionView> = json(t.get(paths::SESSIONS, Auth::Op(op)).await).await;
    list.into_iter().find(|s| s.id == id).unwrap().status
}

#[tokio::test]
async fn a_closed_page_ends_the_session_and_a_reload_does_not() {
    let t = TestServer::start().await;
    let tess = t.operator("tess@example.com", "Tess").await;
    let (customer, claim) = shared(&t, &tess, true).await;
    let (_, app_claim) = shared(&t, &tess, false).await;
    let id = claim.session_id.as_str();
    let page = customer_socket(&t, None, Some(&claim.session_token)).await;
    let app_page = customer_socket(&t, None, Some(&app_claim.session_token)).await;
    start_view(&t, &tess, id).await;
    start_view(&t, &tess, &app_claim.session_id).await;

    // A reload: the socket closes and a new one comes within the grace time.
    drop(page);
    tokio::time::sleep(Duration::from_millis(500)).await;
    let page = customer_socket(&t, None, Some(&claim.session_token)).await;
    tokio::time::sleep(Duration::from_secs(9)).await;
    assert_eq!(status_of(&t, &tess, id).await, SessionStatus::Active);

    // The tab closed: ended, as by the customer, in the chat too. A support
    // app session is not ended by its page closing.
    drop(page);
    drop(app_page);
    let mut ended = false;
    for _ in 0..60 {
        tokio::time::sleep(Duration::from_millis(250)).await;
        if status_of(&t, &tess, id).await == SessionStatus::Ended {
            ended = true;
            break;
        }
    }
    assert!(ended, "ended within 15 s of the page closing");
    assert_eq!(
        status_of(&t, &tess, &app_claim.session_id).await,
        SessionStatus::Active
    );
    let theirs: Vec<Message> = json(
        t.get(paths::CUSTOMER_MESSAGES, Auth::Bearer(&customer.token))
            .await,
    )
    .await;
    let last = theirs.into_iter().filter_map(|m| m.event).next_back();
    assert_eq!(
        last,
        Some(Event::Ended {
            by: Party::Customer
        })
    );
}
