//! The built app: index fallback for client routes, real 404s for missing
//! assets, caching, precompressed files, security headers, and 503 when
//! the app is not built.

use std::fs;

use protocol::api::paths;
use reqwest::StatusCode;

use crate::common::*;

const JS: &str = "customer-0123456789abcdef.js";
const WASM: &str = "customer-0123456789abcdef_bg.wasm";

fn build_dist(t: &TestServer) {
    let customer = t.dist().join("customer");
    let chat = t.dist().join("chat");
    let operator = t.dist().join("operator");
    fs::create_dir_all(&customer).unwrap();
    fs::create_dir_all(&chat).unwrap();
    fs::create_dir_all(&operator).unwrap();
    fs::write(
        customer.join("index.html"),
        "<!doctype html><title>customer</title>",
    )
    .unwrap();
    fs::write(customer.join("index.html.br"), b"index in brotli").unwrap();
    fs::write(customer.join("index.html.gz"), b"index in gzip").unwrap();
    fs::write(customer.join("boot.js"), "// boot").unwrap();
    fs::write(customer.join(JS), "// app").unwrap();
    fs::write(customer.join(WASM), b"\0asm plain").unwrap();
    fs::write(customer.join(format!("{WASM}.br")), b"brotli bytes").unwrap();
    fs::write(customer.join(format!("{WASM}.gz")), b"gzip bytes").unwrap();
    for (name, encoding) in [("index.html", "plain"), ("index.html.br", "brotli")] {
        let html = format!("<!doctype html><title>chat</title><!-- {encoding} -->");
        fs::write(chat.join(name), html).unwrap();
    }
    fs::write(chat.join("chat-0123456789abcdef.js"), "// chat").unwrap();
    fs::write(
        operator.join("index.html"),
        "<!doctype html><title>operator</title>",
    )
    .unwrap();
    fs::write(operator.join("operator-0123456789abcdef.js"), "// op").unwrap();
}

/// JSON answers: data, never a page; nothing may load or frame them.
fn assert_api_headers(path: &str, h: &reqwest::header::HeaderMap) {
    assert_eq!(
        h["content-security-policy"], "default-src 'none'; frame-ancestors 'none'",
        "{path}"
    );
    assert_eq!(h["x-frame-options"], "DENY", "{path}");
    assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
    assert_eq!(h["referrer-policy"], "no-referrer", "{path}");
}

/// Scripts, wasm and style sheets: no page policy (it governs nothing
/// there), but still `nosniff`, so they only ever run as their type says.
fn assert_code_headers(path: &str, h: &reqwest::header::HeaderMap) {
    assert!(h.get("content-security-policy").is_none(), "{path}: {h:?}");
    assert!(h.get("x-frame-options").is_none(), "{path}: {h:?}");
    assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
    assert_eq!(h["referrer-policy"], "no-referrer", "{path}");
}

async fn body(t: &TestServer, path: &str) -> (StatusCode, String, reqwest::header::HeaderMap) {
    let res = t.get(path, Auth::None).await;
    let status = res.status();
    let headers = res.headers().clone();
    (status, res.text().await.unwrap(), headers)
}

fn assert_security_headers(path: &str, h: &reqwest::header::HeaderMap) {
    let csp = h["content-security-policy"].to_str().unwrap();
    for part in [
        "default-src 'self'",
        "script-src 'self' 'wasm-unsafe-eval'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "connect-src 'self'",
    ] {
        assert!(csp.contains(part), "{path}: CSP lacks {part}: {csp}");
    }
    assert!(!csp.contains("unsafe-inline"), "{path}");
    assert_eq!(h["referrer-policy"], "no-referrer", "{path}");
    assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
}

#[tokio::test]
async fn client_routes_get_their_index_and_missing_assets_404() {
    let t = TestServer::start().await;
    build_dist(&t);

    for path in ["/", "/123456", "/12ab56", "/%EF%BC%91%EF%BC%92"] {
        let (status, text, h) = body(&t, path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert!(text.contains("<title>customer</title>"), "{path}: {text}");
        assert_eq!(h["cache-control"], "no-cache", "{path}");
        assert!(h["content-type"].to_str().unwrap().starts_with("text/html"));
        assert_security_headers(path, &h);
    }
    // The customer chat is a bundle of its own.
    for path in ["/chat", "/chat/"] {
        let (status, text, h) = body(&t, path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert!(text.contains("<title>chat</title>"), "{path}: {text}");
        assert_eq!(h["cache-control"], "no-cache", "{path}");
        assert_security_headers(path, &h);
    }
    let res = t
        .http
        .get(t.url("/chat"))
        .header("accept-encoding", "br")
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["content-encoding"], "br");
    assert!(res.text().await.unwrap().contains("<!-- brotli -->"));
    let (status, _, h) = body(&t, "/c/chat-0123456789abcdef.js").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(h["cache-control"], "public, max-age=31536000, immutable");
    for path in ["/login", "/agent", "/console", "/op/"] {
        let (status, text, h) = body(&t, path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert!(text.contains("<title>operator</title>"), "{path}: {text}");
        assert_security_headers(path, &h);
    }
    for path in [
        "/missing.js",
        "/op/missing.wasm",
        "/c/missing.wasm",
        "/favicon.ico",
        "/a/b",
        "/op/agent",
    ] {
        let (status, text, h) = body(&t, path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}: {text}");
        assert_security_headers(path, &h);
    }

    let (status, _, h) = body(&t, &format!("/{JS}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(h["cache-control"], "public, max-age=31536000, immutable");
    assert_code_headers(&format!("/{JS}"), &h);
    // Immutable: no validators to send (never revalidated).
    assert!(
        h.get("etag").is_none() && h.get("last-modified").is_none(),
        "{h:?}"
    );
    let (status, _, h) = body(&t, "/op/operator-0123456789abcdef.js").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(h["cache-control"], "public, max-age=31536000, immutable");
    let (status, _, h) = body(&t, "/boot.js").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(h["cache-control"], "no-cache");
    // Revalidated: it keeps its validators.
    assert!(
        h.get("etag").is_some() || h.get("last-modified").is_some(),
        "{h:?}"
    );

    // Precompressed brotli when the client accepts it.
    let res = t
        .http
        .get(t.url(&format!("/{WASM}")))
        .header("accept-encoding", "br")
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["content-encoding"], "br");
    assert_eq!(res.headers()["content-type"], "application/wasm");
    assert_code_headers(WASM, res.headers());
    assert_eq!(res.bytes().await.unwrap().as_ref(), b"brotli bytes");
    let res = t
        .http
        .get(t.url(&format!("/{WASM}")))
        .header("accept-encoding", "gzip, deflate")
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["content-encoding"], "gzip");
    assert_eq!(
        res.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(res.bytes().await.unwrap().as_ref(), b"gzip bytes");
    let res = t.get(&format!("/{WASM}"), Auth::None).await;
    assert!(res.headers().get("content-encoding").is_none());

    // Every customer page's HTML, precompressed too, and revalidated.
    for path in ["/", "/123456"] {
        for (accept, coding, bytes) in [
            ("gzip, deflate, br, zstd", Some("br"), "index in brotli"),
            ("gzip, deflate", Some("gzip"), "index in gzip"),
            ("identity", None, "<!doctype html><title>customer</title>"),
        ] {
            let res = t
                .http
                .get(t.url(path))
                .header("accept-encoding", accept)
                .send()
                .await
                .unwrap();
            let h = res.headers().clone();
            assert_eq!(res.status(), StatusCode::OK, "{path} {accept}");
            assert_eq!(
                h.get("content-encoding").map(|v| v.to_str().unwrap()),
                coding,
                "{path} {accept}"
            );
            assert_eq!(h["cache-control"], "no-cache", "{path} {accept}");
            assert!(
                h.get_all("vary")
                    .iter()
                    .any(|v| v.to_str().unwrap().contains("accept-encoding")),
                "{path} {accept}: {h:?}"
            );
            assert_eq!(res.text().await.unwrap(), bytes, "{path} {accept}");
        }
    }

    // API answers: JSON 404s, never stored in caches, same headers.
    let res = t.get("/api/nothing/here", Auth::None).await;
    assert_eq!(res.headers()["cache-control"], "no-store");
    assert_api_headers("/api/nothing/here", res.headers());
    expect_error(res, StatusCode::NOT_FOUND, "not_found").await;
    let res = t.get(paths::PIN_CLAIM, Auth::None).await;
    expect_error(res, StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed").await;
}

#[tokio::test]
async fn an_unbuilt_app_answers_503_and_health_is_200() {
    let t = TestServer::start().await;
    for path in ["/", "/123456", "/chat", "/login", "/op/x.js", "/c/x.js"] {
        let (status, text, _) = body(&t, path).await;
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{path}");
        assert!(text.contains("not built"), "{path}: {text}");
    }
    let (status, text, _) = body(&t, paths::HEALTH).await;
    assert_eq!((status, text.as_str()), (StatusCode::OK, "ok"));
}

#[tokio::test]
async fn the_csp_lists_websocket_origins() {
    let t = TestServer::start_with(|s| {
        s.desktop_link_base = Some("https://assist.example".into());
    })
    .await;
    let res = t.get(paths::HEALTH, Auth::None).await;
    let csp = res.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(csp.contains("wss://assist.example"), "{csp}");
    assert!(csp.contains("ws://localhost:8080"), "{csp}");
}

#[tokio::test]
async fn a_browser_preferring_japanese_gets_the_shell_in_japanese() {
    let t = TestServer::start().await;
    let customer = t.dist().join("customer");
    let chat = t.dist().join("chat");
    fs::create_dir_all(t.dist().join("operator")).unwrap();
    // The real shells, as the build leaves them (and their precompressed copies).
    for (dir, shell) in [
        (&customer, include_str!("../../../index.html")),
        (&chat, include_str!("../../../chat.html")),
    ] {
        fs::create_dir_all(dir).unwrap();
        fs::write(dir.join("index.html"), shell).unwrap();
        fs::write(dir.join("index.html.br"), b"english in brotli").unwrap();
    }
    let ja: serde_json::Value =
        serde_json::from_str(include_str!("../../../locales/ja.json")).unwrap();
    let ja_lead = ja["shell"]["lead"].as_str().unwrap();

    for path in ["/", "/123456", "/chat"] {
        let get = |language: &'static str| {
            t.http
                .get(t.url(path))
                .header("accept-language", language)
                .header("accept-encoding", "br")
                .send()
        };
        let res = get("ja-JP,ja;q=0.9,en;q=0.8").await.unwrap();
        let vary = res.headers()["vary"].to_str().unwrap().to_string();
        assert!(vary.contains("accept-language"), "{path}: {vary}");
        let html = res.text().await.unwrap();
        assert!(html.contains("<html lang=\"ja\""), "{path}: {html}");
        assert!(html.contains(ja_lead), "{path}: {html}");
        assert!(!html.contains("Help from your support team"), "{path}");

        let res = get("en-GB,en;q=0.9,ja;q=0.5").await.unwrap();
        let vary = res.headers()["vary"].to_str().unwrap().to_string();
        assert!(vary.contains("accept-language"), "{path}: {vary}");
        assert_eq!(res.text().await.unwrap(), "english in brotli", "{path}");
    }
}

/// The customer pages carry their CSS and start-up script inline; each
/// page's policy names exactly those blocks' SHA-256, so no other inline
/// script or style runs (the policy still has no 'unsafe-inline').
#[tokio::test]
async fn a_customer_page_allows_its_own_inline_blocks_and_no_others() {
    use base64::Engine;
    use sha2::{Digest, Sha256};
    let t = TestServer::start().await;
    build_dist(&t);
    let script = "start(document.currentScript.dataset)";
    let style = "body{margin:0}";
    let html = format!(
        "<!doctype html><html lang=\"en\"><head><script data-js=\"/a.js\">{script}</script>\
         <style>{style}</style><script src=\"/elsewhere.js\"></script></head>\
         <body><main id=\"app\" class=\"ra-shell\"></main></body></html>"
    );
    fs::write(t.dist().join("customer/index.html"), &html).unwrap();
    fs::remove_file(t.dist().join("customer/index.html.br")).unwrap();
    fs::remove_file(t.dist().join("customer/index.html.gz")).unwrap();
    let hash = |code: &str| {
        let digest = Sha256::digest(code.as_bytes());
        format!(
            "'sha256-{}'",
            base64::engine::general_purpose::STANDARD.encode(digest)
        )
    };
    for path in ["/", "/123456"] {
        let (status, text, h) = body(&t, path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert_eq!(text, html, "{path}");
        assert_security_headers(path, &h);
        let csp = h["content-security-policy"].to_str().unwrap();
        let script_src = csp
            .split("; ")
            .find(|d| d.starts_with("script-src"))
            .unwrap();
        let style_src = csp
            .split("; ")
            .find(|d| d.starts_with("style-src"))
            .unwrap();
        assert_eq!(
            script_src,
            format!("script-src 'self' 'wasm-unsafe-eval' {}", hash(script)),
            "{path}"
        );
        assert_eq!(
            style_src,
            format!("style-src 'self' {}", hash(style)),
            "{path}"
        );
    }
    // Other pages and answers allow no inline code at all.
    for path in ["/login", "/api/nothing", "/missing.js"] {
        let (_, _, h) = body(&t, path).await;
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(!csp.contains("sha256-"), "{path}: {csp}");
    }
}
