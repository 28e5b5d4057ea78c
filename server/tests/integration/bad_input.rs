//! Bad input: each a clear 4xx JSON error, nothing stored, no panic.

use protocol::api::{paths, Message, MAX_MESSAGE_BYTES};
use reqwest::StatusCode;

use crate::common::*;

fn counts(t: &TestServer) -> (i64, i64, i64, i64) {
    t.running().state.db.with(|c| {
        let n = |table: &str| -> i64 {
            c.query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
                .unwrap()
        };
        (n("conversations"), n("messages"), n("pins"), n("sessions"))
    })
}

async fn raw(
    t: &TestServer,
    path: &str,
    auth: Auth<'_>,
    content_type: Option<&str>,
    body: impl Into<reqwest::Body>,
) -> reqwest::Response {
    let mut req = auth.apply(t.http.post(t.url(path))).body(body);
    if let Some(ct) = content_type {
        req = req.header("content-type", ct);
    }
    req.send().await.unwrap()
}

#[tokio::test]
async fn bad_bodies_are_clear_errors_and_store_nothing() {
    let t = TestServer::start().await;
    let op = t.operator("ann@example.com", "Ann").await;
    let customer = t.customer("Carla").await;
    let before = counts(&t);
    let json_ct = Some("application/json");
    let chat = Auth::Bearer(&customer.token);

    for path in [
        paths::PIN_CLAIM,
        paths::PIN_CHECK,
        paths::LOGIN,
        paths::CUSTOMER_CONVERSATIONS,
    ] {
        let res = raw(&t, path, Auth::None, json_ct, "{\"pin\": ").await;
        expect_error(res, StatusCode::BAD_REQUEST, "malformed_json").await;
        let res = raw(&t, path, Auth::None, None, "{}").await;
        expect_error(
            res,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
        )
        .await;
    }
    let res = raw(
        &t,
        paths::CUSTOMER_MESSAGES,
        chat,
        json_ct,
        "{\"txn\": \"a\",",
    )
    .await;
    expect_error(res, StatusCode::BAD_REQUEST, "malformed_json").await;

    // Wrong types and missing fields.
    for (path, body) in [
        (
            paths::PIN_CLAIM,
            r#"{"pin": 123456, "device_class": "desktop"}"#,
        ),
        (
            paths::PIN_CLAIM,
            r#"{"pin": "123456", "device_class": "tablet"}"#,
        ),
        (paths::PIN_CLAIM, r#"{"pin": "123456"}"#),
        (paths::PIN_CHECK, r#"{"pin": null}"#),
        (paths::CUSTOMER_CONVERSATIONS, r#"{"name": 7}"#),
    ] {
        let res = raw(&t, path, Auth::None, json_ct, body).await;
        expect_error(res, StatusCode::UNPROCESSABLE_ENTITY, "invalid_body").await;
    }
    let res = raw(
        &t,
        paths::CUSTOMER_MESSAGES,
        chat,
        json_ct,
        r#"{"txn": 1, "text": "x"}"#,
    )
    .await;
    expect_error(res, StatusCode::UNPROCESSABLE_ENTITY, "invalid_body").await;
    let res = raw(
        &t,
        &paths::session_start("x"),
        Auth::Op(&op),
        json_ct,
        r#"{"mode": "sudo"}"#,
    )
    .await;
    expect_error(res, StatusCode::UNPROCESSABLE_ENTITY, "invalid_body").await;

    // Oversize bodies.
    let huge = format!(r#"{{"txn": "t", "text": "{}"}}"#, "x".repeat(20 * 1024));
    let res = raw(&t, paths::CUSTOMER_MESSAGES, chat, json_ct, huge.clone()).await;
    expect_error(res, StatusCode::PAYLOAD_TOO_LARGE, "body_too_large").await;
    let res = raw(&t, paths::PIN_CLAIM, Auth::None, json_ct, huge).await;
    expect_error(res, StatusCode::PAYLOAD_TOO_LARGE, "body_too_large").await;
    let long = serde_json::json!({"txn": "t", "text": "x".repeat(MAX_MESSAGE_BYTES + 1)});
    let res = t.post(paths::CUSTOMER_MESSAGES, chat, &long).await;
    expect_error(res, StatusCode::PAYLOAD_TOO_LARGE, "message_too_long").await;
    let res = t
        .post(
            paths::CUSTOMER_MESSAGES,
            chat,
            &serde_json::json!({"txn": "", "text": "x"}),
        )
        .await;
    expect_error(res, StatusCode::BAD_REQUEST, "invalid_txn").await;
    let res = t
        .post(
            paths::CUSTOMER_MESSAGES,
            chat,
            &serde_json::json!({"txn": "t", "text": "  "}),
        )
        .await;
    expect_error(res, StatusCode::BAD_REQUEST, "empty_message").await;
    let res = t
        .post(
            paths::CUSTOMER_CONVERSATIONS,
            Auth::None,
            &serde_json::json!({"name": "n".repeat(81)}),
        )
        .await;
    expect_error(res, StatusCode::BAD_REQUEST, "name_too_long").await;

    // Unknown ids and bad queries.
    let res = t
        .get(&paths::conversation_messages("nope"), Auth::Op(&op))
        .await;
    expect_error(res, StatusCode::NOT_FOUND, "conversation_not_found").await;
    let res = t
        .post(
            &paths::conversation_messages("nope"),
            Auth::Op(&op),
            &serde_json::json!({"txn": "t", "text": "x"}),
        )
        .await;
    expect_error(res, StatusCode::NOT_FOUND, "conversation_not_found").await;
    let res = t
        .post(
            &paths::conversation_take("nope"),
            Auth::Op(&op),
            &serde_json::json!({}),
        )
        .await;
    expect_error(res, StatusCode::NOT_FOUND, "conversation_not_found").await;
    let res = t
        .post(
            &paths::session_end("nope"),
            Auth::Op(&op),
            &serde_json::json!({}),
        )
        .await;
    expect_error(res, StatusCode::NOT_FOUND, "session_not_found").await;
    let res = t
        .get(&format!("{}?after=abc", paths::CUSTOMER_MESSAGES), chat)
        .await;
    expect_error(res, StatusCode::BAD_REQUEST, "invalid_query").await;
    let res = t.get(paths::PIN_QR, Auth::None).await;
    expect_error(res, StatusCode::BAD_REQUEST, "invalid_query").await;
    let res = t.get(paths::CUSTOMER_MESSAGES, Auth::Bearer("bogus")).await;
    expect_error(res, StatusCode::UNAUTHORIZED, "unauthorized").await;

    assert_eq!(counts(&t), before, "nothing stored");

    // After all that, the server still works.
    let res = t
        .post(
            paths::CUSTOMER_MESSAGES,
            chat,
            &serde_json::json!({"txn": "ok", "text": "hi"}),
        )
        .await;
    let m: Message = json(res).await;
    assert_eq!(m.seq, 1);
}

#[tokio::test]
async fn message_limit_per_minute_default_is_100() {
    let t = TestServer::start_with(|s| s.messages_per_minute = 100).await;
    let customer = t.customer("Carla").await;
    let chat = Auth::Bearer(&customer.token);
    for i in 0..100 {
        let res = t
            .post(
                paths::CUSTOMER_MESSAGES,
                chat,
                &serde_json::json!({"txn": format!("t{i}"), "text": "x"}),
            )
            .await;
        assert_eq!(res.status(), StatusCode::OK, "message {i}");
    }
    let res = t
        .post(
            paths::CUSTOMER_MESSAGES,
            chat,
            &serde_json::json!({"txn": "t100", "text": "x"}),
        )
        .await;
    assert_eq!(res.headers()["retry-after"], "60");
    let body = expect_error(res, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
    assert!(body.message.contains("100 a minute"), "{}", body.message);
    assert_eq!(body.retry_after_secs, Some(60));
}

#[tokio::test]
async fn new_chats_are_limited_per_address() {
    let t = TestServer::start_with(|s| s.conversations_per_minute = 3).await;
    for _ in 0..3 {
        t.customer("C").await;
    }
    let res = t
        .post(
            paths::CUSTOMER_CONVERSATIONS,
            Auth::None,
            &serde_json::json!({}),
        )
        .await;
    expect_error(res, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
    t.clock.advance_secs(60);
    t.customer("C").await;
}
