//! PIN lifecycle: issue, check, claim once, revoke, expire, one answer for
//! every failure, links and QR codes change nothing.

use protocol::api::{paths, ErrorBody, Message, PinCheckResponse};
use protocol::event::Event;
use protocol::{DeviceClass, SessionStatus};
use reqwest::StatusCode;

use crate::common::*;

async fn check(t: &TestServer, pin: &str) -> reqwest::Response {
    t.post(
        paths::PIN_CHECK,
        Auth::None,
        &serde_json::json!({ "pin": pin }),
    )
    .await
}

async fn failure(res: reqwest::Response) -> ErrorBody {
    expect_error(res, StatusCode::NOT_FOUND, "pin_not_valid").await
}

async fn events(t: &TestServer, auth: Auth<'_>, path: &str) -> Vec<Event> {
    let messages: Vec<Message> = json(t.get(path, auth).await).await;
    messages.into_iter().filter_map(|m| m.event).collect()
}

#[tokio::test]
async fn pin_lifecycle() {
    let t = TestServer::start_with(|s| {
        s.pin_ttl_secs = 60;
        s.guess_free = 100;
        s.org_name = "Acme Support".into();
    })
    .await;
    let op = t.operator("ann@example.com", "Ann Agent").await;
    let customer = t.customer("Carla").await;

    let first = t.issue_pin(&op, &customer.id).await;
    let pin = first.pin.as_str().to_string();
    assert_eq!(pin.len(), 6);
    assert_eq!(
        first.desktop_link,
        format!("{}/?code={pin}", t.running().url())
    );
    assert_eq!(first.mobile_link, format!("{}/{pin}", t.running().url()));
    assert_eq!(first.manual_url, t.running().addr.to_string());
    assert_eq!(first.recommended, DeviceClass::Desktop);
    assert_eq!(first.expires_at_ms - first.server_now_ms, 60_000);

    // Opening links and QR codes, and checking, change nothing.
    for path in [
        format!("/?code={pin}"),
        format!("/{pin}"),
        format!("{}?pin={pin}", paths::PIN_QR),
    ] {
        let res = t.get(&path, Auth::None).await;
        assert_ne!(res.status(), StatusCode::INTERNAL_SERVER_ERROR, "{path}");
    }
    let ok: PinCheckResponse = json(check(&t, &format!("{} {}", &pin[..3], &pin[3..])).await).await;
    assert_eq!(ok.agent_name, "Ann Agent");
    assert_eq!(ok.org_name, "Acme Support");
    assert_eq!(check(&t, &pin).await.status(), StatusCode::OK, "still live");

    // Claimed once; the second claim gets the common answer.
    let claimed = t.claim_ok(&pin, DeviceClass::Desktop, DESKTOP_UA).await;
    assert_eq!(claimed.status, SessionStatus::Waiting);
    assert_eq!(claimed.agent_name, "Ann Agent");
    assert!(claimed.session_token.len() >= 32);
    let used = failure(t.claim(&pin, DeviceClass::Desktop, DESKTOP_UA).await).await;
    let used_check = failure(check(&t, &pin).await).await;

    // Create another PIN revokes the unclaimed one.
    let second = t.issue_pin(&op, &customer.id).await;
    let third = t.issue_pin(&op, &customer.id).await;
    assert_ne!(second.pin, third.pin);
    let revoked = failure(
        t.claim(second.pin.as_str(), DeviceClass::Desktop, DESKTOP_UA)
            .await,
    )
    .await;

    // Expiry: the sweeper marks it and tells the agent.
    t.clock.advance_secs(61);
    let history = paths::conversation_messages(&customer.id);
    eventually("PinExpired event", || async {
        events(&t, Auth::Op(&op), &history)
            .await
            .iter()
            .any(|e| matches!(e, Event::PinExpired { pin } if pin == third.pin.as_str()))
    })
    .await;
    let expired = failure(
        t.claim(third.pin.as_str(), DeviceClass::Desktop, DESKTOP_UA)
            .await,
    )
    .await;

    // A PIN never issued.
    let mut wrong = String::from("000000");
    for candidate in ["000000", "111111", "222222"] {
        if ![&pin, second.pin.as_str(), third.pin.as_str()].contains(&candidate) {
            wrong = candidate.into();
            break;
        }
    }
    let never = failure(t.claim(&wrong, DeviceClass::Desktop, DESKTOP_UA).await).await;
    let never_check = failure(check(&t, &wrong).await).await;
    for other in [&used_check, &revoked, &expired, &never, &never_check] {
        assert_eq!(&used, other, "one answer for every failure");
    }

    // Agent sees every event; the customer only the shared ones.
    let agent = events(&t, Auth::Op(&op), &history).await;
    let kinds: Vec<&str> = agent
        .iter()
        .map(|e| match e {
            Event::PinCreated { .. } => "created",
            Event::PinRevoked { .. } => "revoked",
            Event::PinExpired { .. } => "expired",
            Event::Claimed { .. } => "claimed",
            Event::Waiting => "waiting",
            _ => "other",
        })
        .collect();
    assert_eq!(
        kinds,
        ["created", "claimed", "waiting", "created", "revoked", "created", "expired"]
    );
    let theirs = events(&t, Auth::Bearer(&customer.token), paths::CUSTOMER_MESSAGES).await;
    assert_eq!(theirs.len(), 2, "{theirs:?}");
    assert!(matches!(theirs[0], Event::Claimed { .. }));
    assert!(matches!(theirs[1], Event::Waiting));
}

#[tokio::test]
async fn live_pins_are_unique_in_the_database() {
    let t = TestServer::start().await;
    let op = t.operator("ann@example.com", "Ann").await;
    let customer = t.customer("Carla").await;
    let issued = t.issue_pin(&op, &customer.id).await;
    let insert = |state: &str| {
        t.running().state.db.with(|c| {
            c.execute(
                "INSERT INTO pins (pin, conversation_id, agent_id, state, created_at_ms, expires_at_ms)
                 VALUES (?1, ?2, ?3, ?4, 0, 0)",
                (issued.pin.as_str(), &customer.id, op.id, state),
            )
        })
    };
    assert!(
        insert("live").is_err(),
        "a second live PIN with the same digits"
    );
    assert!(insert("claimed").is_ok(), "used PINs may repeat");
}

#[tokio::test]
async fn malformed_pins_are_clear_400s() {
    let t = TestServer::start().await;
    for bad in ["１２３４５６", "١٢٣٤٥٦", "12345a", "12345", "", "1234567"] {
        expect_error(
            check(&t, bad).await,
            StatusCode::BAD_REQUEST,
            "pin_malformed",
        )
        .await;
        let res = t.claim(bad, DeviceClass::Desktop, DESKTOP_UA).await;
        expect_error(res, StatusCode::BAD_REQUEST, "pin_malformed").await;
        let res = t
            .http
            .get(t.url(paths::PIN_QR))
            .query(&[("pin", bad)])
            .send()
            .await
            .unwrap();
        expect_error(res, StatusCode::BAD_REQUEST, "pin_malformed").await;
    }
    let count: i64 = t.running().state.db.with(|c| {
        c.query_row("SELECT COUNT(*) FROM sessions", [], |r| r.get(0))
            .unwrap()
    });
    assert_eq!(count, 0);
}

#[tokio::test]
async fn qr_code_is_svg_of_the_mobile_link() {
    let t = TestServer::start_with(|s| s.mobile_link_base = Some("https://m.example".into())).await;
    let res = t
        .get(&format!("{}?pin=123456", paths::PIN_QR), Auth::None)
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "image/svg+xml");
    let svg = res.text().await.unwrap();
    assert!(svg.contains("<svg"), "{svg}");
}

#[tokio::test]
async fn pins_need_an_open_conversation() {
    let t = TestServer::start().await;
    let op = t.operator("ann@example.com", "Ann").await;
    let res = t
        .post(
            &paths::conversation_pins("nope"),
            Auth::Op(&op),
            &serde_json::json!({}),
        )
        .await;
    expect_error(res, StatusCode::NOT_FOUND, "conversation_not_found").await;
    let customer = t.customer("Carla").await;
    let issued = t.issue_pin(&op, &customer.id).await;
    let res = t
        .post(
            &paths::conversation_close(&customer.id),
            Auth::Op(&op),
            &serde_json::json!({}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    failure(
        t.claim(issued.pin.as_str(), DeviceClass::Desktop, DESKTOP_UA)
            .await,
    )
    .await;
    let res = t
        .post(
            &paths::conversation_pins(&customer.id),
            Auth::Op(&op),
            &serde_json::json!({}),
        )
        .await;
    expect_error(res, StatusCode::CONFLICT, "conversation_closed").await;
}

/// While the database is held by someone else (a checkpoint's last pass
/// syncing the disk can hold it for milliseconds, on a busy disk tens of
/// them), a PIN issued or claimed waits for it without holding up the
/// server: other requests are answered meanwhile. The test's runtime has
/// one thread, shared with the server: a handler that waited for the lock
/// on it would stop everything until the holder gave up.
#[tokio::test]
async fn pins_wait_for_a_held_database_without_holding_up_the_server() {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::mpsc;
    use std::time::Duration;

    let t = TestServer::start().await;
    let op = t.operator("ann@example.com", "Ann Agent").await;
    let carla = t.customer("Carla").await;
    let dan = t.customer("Dan").await;
    let to_claim = t.issue_pin(&op, &carla.id).await;

    let (held, is_held) = mpsc::channel();
    let (release, released) = mpsc::channel::<()>();
    let db = t.running().state.db.clone();
    let holder = std::thread::spawn(move || {
        db.with(|_| {
            held.send(()).unwrap();
            // True if let go by the test, false if it gave up waiting.
            released.recv_timeout(Duration::from_secs(10)).is_ok()
        })
    });
    is_held.recv().unwrap();

    let done = AtomicBool::new(false);
    let issue = async {
        let res = t
            .post(
                &paths::conversation_pins(&dan.id),
                Auth::Op(&op),
                &serde_json::json!({}),
            )
            .await;
        done.store(true, Ordering::SeqCst);
        res
    };
    let claim = async {
        let res = t
            .claim(to_claim.pin.as_str(), DeviceClass::Desktop, DESKTOP_UA)
            .await;
        done.store(true, Ordering::SeqCst);
        res
    };
    let meanwhile = async {
        tokio::time::sleep(Duration::from_millis(300)).await;
        let config = t.get(paths::PUBLIC_CONFIG, Auth::None).await;
        assert_eq!(config.status(), StatusCode::OK);
        assert!(
            !done.load(Ordering::SeqCst),
            "a PIN request was answered while the database was held"
        );
        release.send(()).unwrap();
    };
    let (issued, claimed, ()) = tokio::join!(issue, claim, meanwhile);
    assert!(
        holder.join().unwrap(),
        "the server answered nothing while the database was held"
    );
    assert_eq!(issued.status(), StatusCode::CREATED);
    assert_eq!(claimed.status(), StatusCode::OK);
    // Each as usual: the new PIN is live, the claimed one is used up.
    let new_pin: protocol::api::PinIssued = issued.json().await.unwrap();
    assert_eq!(
        check(&t, new_pin.pin.as_str()).await.status(),
        StatusCode::OK
    );
    failure(check(&t, to_claim.pin.as_str()).await).await;
}
