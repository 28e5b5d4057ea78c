//! Operators: the OpenAPI walk (401 anonymous, 403 customer), sign-in,
//! sign-out, limits, cookies.

use protocol::api::{paths, Operator};
use protocol::DeviceClass;
use remote_assist_server::operators;
use reqwest::{Method, StatusCode};

use crate::common::*;

/// Public API routes; every other API route must require the operator cookie.
const PUBLIC: &[&str] = &[
    "GET /healthz",
    "GET /api/openapi.json",
    "GET /ws",
    "GET /api/public/config",
    "POST /api/auth/login",
    "POST /api/customer/conversations",
    "GET /api/customer/messages",
    "POST /api/customer/messages",
    "POST /api/pins/check",
    "POST /api/pins/claim",
    "GET /api/pins/qr.svg",
    "GET /api/customer/session",
    "POST /api/customer/session/end",
];

#[tokio::test]
async fn every_operator_route_refuses_anonymous_callers_and_customers() {
    let t = TestServer::start().await;
    let op = t.operator("ann@example.com", "Ann").await;
    let customer = t.customer("Carla").await;
    let pin = t.issue_pin(&op, &customer.id).await;
    let claimed = t
        .claim_ok(pin.pin.as_str(), DeviceClass::Desktop, DESKTOP_UA)
        .await;

    let doc: serde_json::Value = json(t.get(paths::OPENAPI, Auth::None).await).await;
    let mut operator_routes = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op_doc) in item.as_object().unwrap() {
            let route = format!("{} {path}", method.to_uppercase());
            let needs_cookie = op_doc["security"]
                .as_array()
                .is_some_and(|list| list.iter().any(|s| s.get("cookie").is_some()));
            if needs_cookie {
                operator_routes.push((method.to_uppercase(), path.replace("{id}", &customer.id)));
                assert!(
                    op_doc["tags"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .any(|t| t == "operator"),
                    "{route} is tagged operator"
                );
            } else {
                assert!(
                    PUBLIC.contains(&route.as_str()),
                    "{route} must require sign-in"
                );
            }
        }
    }
    assert!(operator_routes.len() >= 13, "{operator_routes:?}");
    for (method, path) in &operator_routes {
        let method = Method::from_bytes(method.as_bytes()).unwrap();
        for (auth, status) in [
            (Auth::None, StatusCode::UNAUTHORIZED),
            (Auth::Bearer("not-a-token"), StatusCode::UNAUTHORIZED),
            (Auth::Bearer(&customer.token), StatusCode::FORBIDDEN),
            (Auth::Bearer(&claimed.session_token), StatusCode::FORBIDDEN),
        ] {
            let res = auth
                .apply(t.http.request(method.clone(), t.url(path)))
                .json(&serde_json::json!({"mode": "view", "txn": "t", "text": "x"}))
                .send()
                .await
                .unwrap();
            let code = if status == StatusCode::FORBIDDEN {
                "forbidden"
            } else {
                "unauthorized"
            };
            expect_error(res, status, code).await;
        }
    }
    println!(
        "openapi walk: {} operator routes refuse anonymous callers (401) and customers (403)",
        operator_routes.len()
    );
}

#[tokio::test]
async fn the_document_names_every_protocol_path() {
    let t = TestServer::start().await;
    let doc: serde_json::Value = json(t.get(paths::OPENAPI, Auth::None).await).await;
    let documented: Vec<&String> = doc["paths"].as_object().unwrap().keys().collect();
    for path in [
        paths::HEALTH,
        paths::OPENAPI,
        paths::WS,
        paths::LOGIN,
        paths::LOGOUT,
        paths::ME,
        paths::PUBLIC_CONFIG,
        paths::CUSTOMER_CONVERSATIONS,
        paths::CUSTOMER_MESSAGES,
        paths::PIN_CHECK,
        paths::PIN_CLAIM,
        paths::PIN_QR,
        paths::CUSTOMER_SESSION,
        paths::CUSTOMER_SESSION_END,
        paths::CONVERSATIONS,
        paths::SESSIONS,
        paths::PRESENCE,
        paths::OPERATOR_CONFIG,
        &paths::conversation_messages("{id}"),
        &paths::conversation_take("{id}"),
        &paths::conversation_close("{id}"),
        &paths::conversation_pins("{id}"),
        &paths::session_start("{id}"),
        &paths::session_end("{id}"),
    ] {
        assert!(
            documented.iter().any(|d| *d == path),
            "{path} is not in the document"
        );
    }
    // The body schemas describe the protocol's types field for field.
    let schemas = &doc["components"]["schemas"];
    let claim = serde_json::to_value(protocol::api::ClaimRequest {
        pin: "123456".into(),
        device_class: DeviceClass::Desktop,
        user_agent: Some("x".into()),
        browser_view: false,
    })
    .unwrap();
    let view_fields = |name: &str| -> Vec<String> {
        let mut v: Vec<String> = schemas[name]["properties"]
            .as_object()
            .unwrap_or_else(|| panic!("schema {name}"))
            .keys()
            .cloned()
            .collect();
        v.sort();
        v
    };
    let keys = |v: &serde_json::Value| -> Vec<String> {
        let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
        k.sort();
        k
    };
    assert_eq!(view_fields("ClaimRequest"), keys(&claim));
    let t_op = t.operator("ann@example.com", "Ann").await;
    let c = t.customer("Carla").await;
    let issued: serde_json::Value = serde_json::to_value(t.issue_pin(&t_op, &c.id).await).unwrap();
    assert_eq!(view_fields("PinIssued"), keys(&issued));
    let list: serde_json::Value = json(t.get(paths::CONVERSATIONS, Auth::Op(&t_op)).await).await;
    assert_eq!(view_fields("ConversationSummary"), keys(&list[0]));
    let history: serde_json::Value = json(
        t.get(&paths::conversation_messages(&c.id), Auth::Op(&t_op))
            .await,
    )
    .await;
    assert_eq!(view_fields("Message"), keys(&history[0]));
}

#[tokio::test]
async fn sign_in_me_and_sign_out() {
    let t = TestServer::start().await;
    operators::add(
        &t.running().state.db,
        "ann@example.com",
        "Ann",
        PASSWORD,
        64,
    )
    .unwrap();

    let wrong = t
        .post(
            paths::LOGIN,
            Auth::None,
            &serde_json::json!({"email": "ann@example.com", "password": "nope nope"}),
        )
        .await;
    expect_error(wrong, StatusCode::UNAUTHORIZED, "invalid_credentials").await;
    let unknown = t
        .post(
            paths::LOGIN,
            Auth::None,
            &serde_json::json!({"email": "who@example.com", "password": PASSWORD}),
        )
        .await;
    expect_error(unknown, StatusCode::UNAUTHORIZED, "invalid_credentials").await;

    let res = t
        .post(
            paths::LOGIN,
            Auth::None,
            &serde_json::json!({"email": " ANN@example.com ", "password": PASSWORD}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let set_cookie = res.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(set_cookie.starts_with("ra_session="));
    assert!(set_cookie.contains("HttpOnly"));
    assert!(set_cookie.contains("SameSite=Strict"));
    assert!(!set_cookie.contains("Secure"), "plain http: not Secure");
    let token = set_cookie
        .split(';')
        .next()
        .unwrap()
        .trim_start_matches("ra_session=");
    assert!(token.len() >= 32, "at least 128 bits");
    let op = Op {
        id: 0,
        cookie: set_cookie.split(';').next().unwrap().to_string(),
    };
    let me: Operator = json(t.get(paths::ME, Auth::Op(&op)).await).await;
    assert_eq!(me.email, "ann@example.com");

    let out = t
        .post(paths::LOGOUT, Auth::Op(&op), &serde_json::json!({}))
        .await;
    assert_eq!(out.status(), StatusCode::NO_CONTENT);
    assert!(out.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .contains("Max-Age=0"));
    expect_error(
        t.get(paths::ME, Auth::Op(&op)).await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    )
    .await;

    // A disabled operator cannot sign in, and their sign-ins end.
    let again = t.sign_in("ann@example.com").await;
    operators::disable(&t.running().state.db, "ann@example.com").unwrap();
    expect_error(
        t.get(paths::ME, Auth::Op(&again)).await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    )
    .await;
    let res = t
        .post(
            paths::LOGIN,
            Auth::None,
            &serde_json::json!({"email": "ann@example.com", "password": PASSWORD}),
        )
        .await;
    expect_error(res, StatusCode::UNAUTHORIZED, "invalid_credentials").await;
}

#[tokio::test]
async fn sign_in_is_limited_per_account() {
    let t = TestServer::start().await;
    operators::add(
        &t.running().state.db,
        "ann@example.com",
        "Ann",
        PASSWORD,
        64,
    )
    .unwrap();
    let attempt = |password: &'static str| {
        t.post(
            paths::LOGIN,
            Auth::None,
            serde_json::json!({"email": "ann@example.com", "password": password}),
        )
    };
    for _ in 0..5 {
        expect_error(
            attempt("wrong password").await,
            StatusCode::UNAUTHORIZED,
            "invalid_credentials",
        )
        .await;
    }
    // Limited now, even with the right password.
    let res = attempt(PASSWORD).await;
    assert_eq!(res.headers()["retry-after"], "1");
    let body = expect_error(res, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
    assert_eq!(body.retry_after_secs, Some(1));
    t.clock.advance_secs(1);
    assert_eq!(attempt(PASSWORD).await.status(), StatusCode::OK);
    // Success cleared the failures.
    expect_error(
        attempt("wrong password").await,
        StatusCode::UNAUTHORIZED,
        "invalid_credentials",
    )
    .await;
}

#[tokio::test]
async fn cookies_are_secure_behind_https() {
    let t = TestServer::start_with(|s| s.desktop_link_base = Some("https://assist.example".into()))
        .await;
    operators::add(
        &t.running().state.db,
        "ann@example.com",
        "Ann",
        PASSWORD,
        64,
    )
    .unwrap();
    let res = t
        .post(
            paths::LOGIN,
            Auth::None,
            &serde_json::json!({"email": "ann@example.com", "password": PASSWORD}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .contains("; Secure"));
}
