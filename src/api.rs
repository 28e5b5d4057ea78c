//! Every HTTP call of both apps, with one error type.
//!
//! Paths and bodies come from `protocol::api`, which the server shares.

use protocol::api::{self, paths, ErrorBody};
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Headers, RequestInit, Response};

use crate::wire::{FromJson, Json, Out, ToJson};

/// What can go wrong with a call, in words a person can act on.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum ApiError {
    /// The service could not be reached.
    Network,
    /// The service answered with an error.
    Status { status: u16, body: ErrorBody },
    /// The answer was not what this app expects (version mismatch).
    Decode,
}

impl ApiError {
    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::Status { status, .. } => Some(*status),
            _ => None,
        }
    }

    pub fn code(&self) -> &str {
        match self {
            ApiError::Status { body, .. } => &body.code,
            ApiError::Network => "network",
            ApiError::Decode => "decode",
        }
    }

    /// What to tell the user, in the catalogue (by code, not the service's
    /// English message).
    pub fn key(&self) -> crate::i18n::Key {
        crate::i18n::error_key(self.code())
    }

    /// Seconds to wait, when the service limits attempts.
    pub fn retry_after_secs(&self) -> Option<u64> {
        match self {
            ApiError::Status { body, .. } => body.retry_after_secs,
            _ => None,
        }
    }

    pub fn is_unauthorized(&self) -> bool {
        self.status() == Some(401)
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ApiError::Network => {
                f.write_str("The service cannot be reached. Check your connection and try again.")
            }
            ApiError::Status { body, .. } => f.write_str(&body.message),
            ApiError::Decode => {
                f.write_str("The service sent an answer this page cannot read. Reload the page.")
            }
        }
    }
}

impl std::error::Error for ApiError {}

/// Sends a request; `body` is JSON.
async fn fetch(
    method: &str,
    path: &str,
    body: Option<&str>,
    bearer: Option<&str>,
) -> Result<Response, ApiError> {
    let headers = Headers::new().map_err(|_| ApiError::Network)?;
    if let Some(token) = bearer {
        let _ = headers.set("Authorization", &format!("Bearer {token}"));
    }
    let init = RequestInit::new();
    init.set_method(method);
    if let Some(body) = body {
        let _ = headers.set("Content-Type", "application/json");
        init.set_body(&JsValue::from_str(body));
    }
    init.set_headers(&headers);
    let window = web_sys::window().ok_or(ApiError::Network)?;
    let response = JsFuture::from(window.fetch_with_str_and_init(path, &init))
        .await
        .map_err(|_| ApiError::Network)?;
    response.dyn_into().map_err(|_| ApiError::Network)
}

async fn settle(promise: Result<js_sys::Promise, JsValue>) -> Result<JsValue, ApiError> {
    let promise = promise.map_err(|_| ApiError::Decode)?;
    JsFuture::from(promise).await.map_err(|_| ApiError::Decode)
}

/// The error of an answer that is not `ok()`.
async fn failure(response: Response) -> ApiError {
    let status = response.status();
    let body = settle(response.json())
        .await
        .ok()
        .and_then(|value| ErrorBody::from_json(&Json(value)))
        .unwrap_or_else(|| ErrorBody {
            code: "http".into(),
            message: format!("The service answered with an error ({status})."),
            retry_after_secs: None,
        });
    ApiError::Status { status, body }
}

/// A call whose answer is read without serde (the customer pages).
async fn call<T: FromJson>(
    method: &str,
    path: &str,
    body: Option<&str>,
    bearer: Option<&str>,
) -> Result<T, ApiError> {
    let response = fetch(method, path, body, bearer).await?;
    if !response.ok() {
        return Err(failure(response).await);
    }
    let value = settle(response.json()).await?;
    T::from_json(&Json(value)).ok_or(ApiError::Decode)
}

async fn read<T: DeserializeOwned>(response: Response) -> Result<T, ApiError> {
    if !response.ok() {
        return Err(failure(response).await);
    }
    let text = settle(response.text()).await?;
    let text = text.as_string().ok_or(ApiError::Decode)?;
    serde_json::from_str(&text).map_err(|_| ApiError::Decode)
}

pub async fn get<T: DeserializeOwned>(path: &str, bearer: Option<&str>) -> Result<T, ApiError> {
    read(fetch("GET", path, None, bearer).await?).await
}

pub async fn post<B: Serialize, T: DeserializeOwned>(
    path: &str,
    body: &B,
    bearer: Option<&str>,
) -> Result<T, ApiError> {
    let body = serde_json::to_string(body).map_err(|_| ApiError::Decode)?;
    read(fetch("POST", path, Some(&body), bearer).await?).await
}

/// A POST whose answer carries nothing we need.
pub async fn post_empty<B: Serialize>(
    path: &str,
    body: &B,
    bearer: Option<&str>,
) -> Result<(), ApiError> {
    post::<B, serde_json::Value>(path, body, bearer)
        .await
        .map(|_| ())
}

/// Any answer that is `ok()`.
struct Ignored;

impl FromJson for Ignored {
    fn from_json(_: &Json) -> Option<Ignored> {
        Some(Ignored)
    }
}

// ---- Customer calls (no serde: see `crate::wire`) ---------------------------

pub async fn public_config() -> Result<api::PublicConfig, ApiError> {
    call("GET", paths::PUBLIC_CONFIG, None, None).await
}

pub async fn start_conversation(
    request: &api::StartConversationRequest,
) -> Result<api::StartConversationResponse, ApiError> {
    let body = request.to_json();
    call("POST", paths::CUSTOMER_CONVERSATIONS, Some(&body), None).await
}

pub async fn customer_messages(token: &str, after: i64) -> Result<Vec<api::Message>, ApiError> {
    let path = format!("{}?after={after}", paths::CUSTOMER_MESSAGES);
    call("GET", &path, None, Some(token)).await
}

pub async fn check_pin(pin: &str) -> Result<api::PinCheckResponse, ApiError> {
    let body = Out::new().str("pin", pin).end();
    call("POST", paths::PIN_CHECK, Some(&body), None).await
}

pub async fn claim_pin(request: &api::ClaimRequest) -> Result<api::ClaimResponse, ApiError> {
    let body = request.to_json();
    call("POST", paths::PIN_CLAIM, Some(&body), None).await
}

pub async fn customer_session(session_token: &str) -> Result<api::SessionView, ApiError> {
    call("GET", paths::CUSTOMER_SESSION, None, Some(session_token)).await
}

pub async fn end_customer_session(session_token: &str) -> Result<(), ApiError> {
    call::<Ignored>(
        "POST",
        paths::CUSTOMER_SESSION_END,
        Some("{}"),
        Some(session_token),
    )
    .await
    .map(|_| ())
}

// ---- Operator calls (no serde either) ----------------------------------------

pub async fn login(email: &str, password: &str) -> Result<api::Operator, ApiError> {
    let body = api::LoginRequest {
        email: email.into(),
        password: password.into(),
    }
    .to_json();
    call("POST", paths::LOGIN, Some(&body), None).await
}

pub async fn logout() -> Result<(), ApiError> {
    call::<Ignored>("POST", paths::LOGOUT, Some("{}"), None)
        .await
        .map(|_| ())
}

pub async fn me() -> Result<api::Operator, ApiError> {
    call("GET", paths::ME, None, None).await
}

pub async fn conversations() -> Result<Vec<api::ConversationSummary>, ApiError> {
    call("GET", paths::CONVERSATIONS, None, None).await
}

pub async fn take_conversation(id: &str) -> Result<api::ConversationSummary, ApiError> {
    call("POST", &paths::conversation_take(id), Some("{}"), None).await
}

pub async fn close_conversation(id: &str) -> Result<api::ConversationSummary, ApiError> {
    call("POST", &paths::conversation_close(id), Some("{}"), None).await
}

pub async fn messages(id: &str, after: i64) -> Result<Vec<api::Message>, ApiError> {
    let path = format!("{}?after={after}", paths::conversation_messages(id));
    call("GET", &path, None, None).await
}

pub async fn create_pin(conversation_id: &str) -> Result<api::PinIssued, ApiError> {
    let path = paths::conversation_pins(conversation_id);
    call("POST", &path, Some("{}"), None).await
}

/// The console's list, read by the faster [`crate::wire::session_list`].
struct Sessions(Vec<api::SessionView>);

impl FromJson for Sessions {
    fn from_json(json: &Json) -> Option<Sessions> {
        crate::wire::session_list(&json.0).map(Sessions)
    }
}

pub async fn sessions() -> Result<Vec<api::SessionView>, ApiError> {
    call::<Sessions>("GET", paths::SESSIONS, None, None)
        .await
        .map(|list| list.0)
}

pub async fn start_session(id: &str, mode: protocol::Mode) -> Result<api::SessionView, ApiError> {
    let body = api::StartSessionRequest { mode }.to_json();
    call("POST", &paths::session_start(id), Some(&body), None).await
}

pub async fn end_session(id: &str) -> Result<api::SessionView, ApiError> {
    call("POST", &paths::session_end(id), Some("{}"), None).await
}

pub async fn presence() -> Result<api::Presence, ApiError> {
    call("GET", paths::PRESENCE, None, None).await
}

pub async fn operator_config() -> Result<api::OperatorConfig, ApiError> {
    call("GET", paths::OPERATOR_CONFIG, None, None).await
}
