//! The built app and the headers of every response.
//!
//! `dist/customer` is served at `/`, `dist/chat` at `/c/`, `dist/operator`
//! at `/op/`. Client routes answer their bundle's index.html: `/chat` gets
//! the customer chat's; any other single path segment without a dot (`/`,
//! `/123456`, and ill-formed codes the page explains) gets the customer's;
//! `/login`, `/agent`, `/console` get the operator's.
//! A missing file with an extension is a real 404. Precompressed `.br` and
//! `.gz` files are served when present.

use std::convert::Infallible;
use std::path::{Path, PathBuf};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, MethodRouter};
use axum::Router;
use tower::service_fn;
use tower_http::services::ServeDir;

use crate::app::AppState;
use crate::shell;

pub const OPERATOR_ROUTES: [&str; 3] = ["/login", "/agent", "/console"];

/// The customer chat's routes (its own bundle, `dist/chat`).
pub const CHAT_ROUTES: [&str; 2] = ["/chat", "/chat/"];

const NOT_BUILT: &str = "<!doctype html>
<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Remote Assist is not built</title></head>
<body><h1>The app is not built yet</h1>
<p>The server is running, but it found no built app in its <code>--dist</code> directory
(<code>customer/</code>, <code>chat/</code> and <code>operator/</code> inside). Build it with the README's run
command, or start the server with <code>--dist</code> pointing at the built app.</p>
</body></html>
";

fn not_built() -> Response {
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        NOT_BUILT,
    )
        .into_response()
}

fn not_found() -> Response {
    (
        StatusCode::NOT_FOUND,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        "Not found",
    )
        .into_response()
}

/// Whether an `Accept-Encoding` header accepts `coding` (a listed name
/// whose q is not 0; `*` counts).
pub fn accepts(accept_encoding: &str, coding: &str) -> bool {
    accept_encoding.split(',').any(|part| {
        let mut fields = part.split(';').map(str::trim);
        let name = fields.next().unwrap_or("");
        let refused = fields.any(|f| {
            f.strip_prefix("q=")
                .and_then(|q| q.trim().parse::<f32>().ok())
                .is_some_and(|q| q <= 0.0)
        });
        (name.eq_ignore_ascii_case(coding) || name == "*") && !refused
    })
}

/// A request header's value, or "".
fn header_of(req: &Request, name: header::HeaderName) -> String {
    req.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string()
}

/// A request's `Accept-Encoding`, or "".
fn accept_encoding(req: &Request) -> String {
    header_of(req, header::ACCEPT_ENCODING)
}

/// The SHA-256 (base64) of each inline `<script>` and `<style>` block of a
/// page. The customer pages carry their CSS and start-up script inline
/// (`scripts/inline-assets.py`); their Content-Security-Policy allows these
/// blocks and no other inline code. Set as a response extension by the
/// handler, read by [`headers`].
#[derive(Clone, Default, Debug, PartialEq, Eq)]
pub struct InlineCode {
    pub scripts: Vec<String>,
    pub styles: Vec<String>,
}

impl InlineCode {
    pub fn of(html: &str) -> InlineCode {
        InlineCode {
            scripts: inline_blocks(html, "script"),
            styles: inline_blocks(html, "style"),
        }
    }
}

/// The hashes of the contents of `<tag ...>...</tag>` blocks (scripts with a
/// `src` are files, not inline code).
fn inline_blocks(html: &str, tag: &str) -> Vec<String> {
    use base64::Engine;
    use sha2::{Digest, Sha256};
    let (open, close) = (format!("<{tag}"), format!("</{tag}>"));
    let mut hashes = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find(&open) {
        rest = &rest[at + open.len()..];
        let Some(end_of_tag) = rest.find('>') else {
            break;
        };
        let attributes = &rest[..end_of_tag];
        if !(attributes.is_empty() || attributes.starts_with([' ', '\t', '\n'])) {
            continue; // another tag with the same start, like <styles>
        }
        let body = &rest[end_of_tag + 1..];
        let Some(len) = body.find(&close) else {
            break;
        };
        if !attributes.contains(" src=") {
            let digest = Sha256::digest(&body.as_bytes()[..len]);
            hashes.push(base64::engine::general_purpose::STANDARD.encode(digest));
        }
        rest = &body[len..];
    }
    hashes
}

/// A bundle's index.html (its precompressed `.br` or `.gz` when the
/// client accepts it and the build made one), or the "not built" page.
async fn index_of(bundle: &Path, accept: &str) -> Response {
    let index = bundle.join("index.html");
    for (coding, suffix) in [("br", "index.html.br"), ("gzip", "index.html.gz")] {
        if !accepts(accept, coding) {
            continue;
        }
        if let Ok(bytes) = tokio::fs::read(bundle.join(suffix)).await {
            return (
                [
                    (header::CONTENT_TYPE, "text/html; charset=utf-8"),
                    (header::CONTENT_ENCODING, coding),
                ],
                Body::from(bytes),
            )
                .into_response();
        }
    }
    match tokio::fs::read(index).await {
        Ok(bytes) => (
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            Body::from(bytes),
        )
            .into_response(),
        Err(_) => not_built(),
    }
}

/// The customer's index.html for a client route, in the browser's
/// preferred language (English or Japanese shell), with the hashes of its
/// inline code for the page's Content-Security-Policy.
async fn customer_index(bundle: &Path, req: Request) -> Response {
    let language = header_of(&req, header::ACCEPT_LANGUAGE);
    let encoding = accept_encoding(&req);
    drop(req);
    let Ok(html) = tokio::fs::read_to_string(bundle.join("index.html")).await else {
        return not_built();
    };
    let inline = InlineCode::of(&html);
    let japanese = match shell::preferred(&language) {
        shell::ShellLang::Ja => shell::japanese(&html),
        shell::ShellLang::En => None,
    };
    let mut response = match japanese {
        Some(html) => ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response(),
        None => index_of(bundle, &encoding).await,
    };
    response.extensions_mut().insert(inline);
    response.headers_mut().insert(
        header::VARY,
        HeaderValue::from_static("accept-encoding, accept-language"),
    );
    response
}

/// Whether a path is a client route of the customer bundle: one segment
/// (or none) without a dot.
pub fn is_customer_route(path: &str) -> bool {
    let rest = path.strip_prefix('/').unwrap_or(path);
    !rest.contains('/') && !rest.contains('.')
}

/// A bundle's files, precompressed ones when the client accepts them.
fn files<F>(dir: &Path, fallback: F) -> ServeDir<F> {
    ServeDir::new(dir)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(fallback)
}

/// A customer page: its bundle's index.html in the reader's language.
fn customer_page(bundle: PathBuf) -> MethodRouter<AppState> {
    get(move |req: Request| async move {
        if bundle.is_dir() {
            customer_index(&bundle, req).await
        } else {
            not_built()
        }
    })
}

pub fn routes(dist: &Path) -> Router<AppState> {
    let customer = dist.join("customer");
    let chat = dist.join("chat");
    let operator = dist.join("operator");

    let customer_fallback = {
        let bundle = customer.clone();
        service_fn(move |req: Request| {
            let bundle = bundle.clone();
            async move {
                let response = if !bundle.is_dir() {
                    not_built()
                } else if is_customer_route(req.uri().path()) {
                    customer_index(&bundle, req).await
                } else {
                    not_found()
                };
                Ok::<_, Infallible>(response)
            }
        })
    };
    // A missing file under a bundle's prefix is a 404 (or "not built").
    let missing_in = |bundle: PathBuf| {
        service_fn(move |_req: Request| {
            let bundle = bundle.clone();
            async move {
                let response = if bundle.is_dir() {
                    not_found()
                } else {
                    not_built()
                };
                Ok::<_, Infallible>(response)
            }
        })
    };

    let serve_customer = files(&customer, customer_fallback);
    let serve_chat = files(&chat, missing_in(chat.clone()));
    let serve_operator = files(&operator, missing_in(operator.clone()));

    // `/` is a client route too (ServeDir would answer its index.html
    // without the language).
    let mut router = Router::new().route("/", customer_page(customer.clone()));
    for route in CHAT_ROUTES {
        router = router.route(route, customer_page(chat.clone()));
    }
    for route in OPERATOR_ROUTES {
        let bundle: PathBuf = operator.clone();
        router = router.route(
            route,
            get(move |req: Request| async move { index_of(&bundle, &accept_encoding(&req)).await }),
        );
    }
    router
        .nest_service("/c", serve_chat)
        .nest_service("/op", serve_operator)
        .fallback_service(serve_customer)
}

/// Content-hashed file names (trunk: `name-0123456789abcdef.js`,
/// `name-0123456789abcdef_bg.wasm`) never change content.
pub fn is_hashed_asset(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or("");
    let stem = name.split('.').next().unwrap_or("");
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    match stem.rsplit_once('-') {
        Some((_, hash)) => hash.len() >= 16 && hash.chars().all(|c| c.is_ascii_hexdigit()),
        None => false,
    }
}

/// The policy of the service's JSON answers: they are data, never a page,
/// so nothing may load or frame them.
const API_POLICY: &str = "default-src 'none'; frame-ancestors 'none'";

/// A response's media type without parameters (`text/css`), or "".
fn media_type(h: &header::HeaderMap) -> &str {
    let kind = h
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    kind.split(';').next().unwrap_or("").trim()
}

/// Security headers on every response, and caching: API answers are never
/// stored, hashed assets are immutable, everything else is revalidated.
///
/// The page policy goes on pages (and anything else a browser could show
/// as one). Scripts, wasm and style sheets get none, nor `X-Frame-Options`:
/// with `nosniff` a browser only ever runs them as their type says and
/// never renders them as a page, so a policy there governs nothing, and
/// leaving it off saves a phone about 350 bytes a file. JSON answers get
/// the short [`API_POLICY`].
pub async fn headers(State(app): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    let mut response = next.run(req).await;
    let status = response.status();
    let csp = match response.extensions().get::<InlineCode>() {
        Some(inline) => HeaderValue::from_str(&app.config.content_security_policy_with(inline))
            .unwrap_or_else(|_| app.csp.clone()),
        None => app.csp.clone(),
    };
    let h = response.headers_mut();
    let policy = match media_type(h) {
        "text/javascript" | "application/javascript" | "application/wasm" | "text/css" => None,
        "application/json" => Some(HeaderValue::from_static(API_POLICY)),
        _ => Some(csp),
    };
    if let Some(policy) = policy {
        h.insert(header::CONTENT_SECURITY_POLICY, policy);
        h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    }
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    let dynamic = path.starts_with("/api/") || path == "/ws" || path == "/healthz";
    if !dynamic && !h.contains_key(header::VARY) {
        // The app's files come precompressed, as the client accepts.
        h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    let immutable = !dynamic && is_hashed_asset(&path) && status == StatusCode::OK;
    let cache = if dynamic {
        "no-store"
    } else if immutable {
        // Never revalidated, so validators would only be bytes on the wire.
        h.remove(header::ETAG);
        h.remove(header::LAST_MODIFIED);
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    if !response.headers().contains_key(header::CACHE_CONTROL) {
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_code_is_every_script_without_src_and_every_style() {
        let html = "<head><script data-x=\"1\">a()</script><script src=\"/b.js\"></script>\
                    <style>p{}</style><styles>not css</styles><script>\n</script></head>";
        let inline = InlineCode::of(html);
        // echo -n 'a()' | openssl dgst -sha256 -binary | base64, and so on.
        assert_eq!(
            inline.scripts,
            [
                "qVpDBgj7bpq5hMAcGp3AOc79J3Y1Z4HvySTwKrWDoy4=",
                "AbpHGcgLb+kRsJGnwFEktk7uzpZOCcBY74+YBdrKVGs="
            ]
        );
        assert_eq!(
            inline.styles,
            ["gG2yISYereRMiG2lMXrbiUgi0Ubw9p7QCeWcroOvy9Y="]
        );
        assert_eq!(InlineCode::of("<p>no code</p>"), InlineCode::default());
        // An unclosed block is not code the page runs.
        assert_eq!(InlineCode::of("<style>p{}").styles, Vec::<String>::new());
    }

    #[test]
    fn customer_routes() {
        for p in ["/", "/123456", "/chat", "/12ab56", "/%EF%BC%91"] {
            assert!(is_customer_route(p), "{p}");
        }
        for p in ["/missing.js", "/a/b", "/favicon.ico"] {
            assert!(!is_customer_route(p), "{p}");
        }
    }

    #[test]
    fn accept_encoding() {
        assert!(accepts("gzip, deflate, br, zstd", "br"));
        assert!(accepts("gzip, deflate, br, zstd", "gzip"));
        assert!(accepts("br;q=0.5", "br"));
        assert!(accepts("*", "br"));
        assert!(!accepts("gzip, br;q=0", "br"));
        assert!(!accepts("gzip", "br"));
        assert!(!accepts("", "gzip"));
        assert!(!accepts("brotli", "br"));
    }

    #[test]
    fn hashed_assets() {
        assert!(is_hashed_asset("/customer-4f1c2b3a5d6e7f80.js"));
        assert!(is_hashed_asset("/op/operator-4f1c2b3a5d6e7f80_bg.wasm"));
        assert!(is_hashed_asset("/style-4f1c2b3a5d6e7f80.css"));
        assert!(!is_hashed_asset("/index.html"));
        assert!(!is_hashed_asset("/boot.js"));
        assert!(!is_hashed_asset("/my-icon.svg"));
    }
}
