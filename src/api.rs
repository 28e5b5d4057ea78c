//! Every HTTP call of both apps, with one error type.
//!
//! Paths and bodies come from `protocol::api`, which the server shares.

use gloo_net::http::{Request, RequestBuilder, Response};
use protocol::api::{self, paths, ErrorBody};
use serde::de::DeserializeOwned;
use serde::Serialize;

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

fn with_bearer(req: RequestBuilder, bearer: Option<&str>) -> RequestBuilder {
    match bearer {
        Some(token) => req.header("Authorization", &format!("Bearer {token}")),
        None => req,
    }
}

async fn read<T: DeserializeOwned>(response: Response) -> Result<T, ApiError> {
    if response.ok() {
        return response.json::<T>().await.map_err(|_| ApiError::Decode);
    }
    let status = response.status();
    let body = response
        .json::<ErrorBody>()
        .await
        .unwrap_or_else(|_| ErrorBody {
            code: "http".into(),
            message: format!("The service answered with an error ({status})."),
            retry_after_secs: None,
        });
    Err(ApiError::Status { status, body })
}

pub async fn get<T: DeserializeOwned>(path: &str, bearer: Option<&str>) -> Result<T, ApiError> {
    let response = with_bearer(Request::get(path), bearer)
        .send()
        .await
        .map_err(|_| ApiError::Network)?;
    read(response).await
}

pub async fn post<B: Serialize, T: DeserializeOwned>(
    path: &str,
    body: &B,
    bearer: Option<&str>,
) -> Result<T, ApiError> {
    let request = with_bearer(Request::post(path), bearer)
        .json(body)
        .map_err(|_| ApiError::Decode)?;
    let response = request.send().await.map_err(|_| ApiError::Network)?;
    read(response).await
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

// ---- Customer calls --------------------------------------------------------

pub async fn public_config() -> Result<api::PublicConfig, ApiError> {
    get(paths::PUBLIC_CONFIG, None).await
}

pub async fn start_conversation(
    request: &api::StartConversationRequest,
) -> Result<api::StartConversationResponse, ApiError> {
    post(paths::CUSTOMER_CONVERSATIONS, request, None).await
}

pub async fn customer_messages(token: &str, after: i64) -> Result<Vec<api::Message>, ApiError> {
    get(
        &format!("{}?after={after}", paths::CUSTOMER_MESSAGES),
        Some(token),
    )
    .await
}

pub async fn check_pin(pin: &str) -> Result<api::PinCheckResponse, ApiError> {
    post(
        paths::PIN_CHECK,
        &api::PinCheckRequest { pin: pin.into() },
        None,
    )
    .await
}

pub async fn claim_pin(request: &api::ClaimRequest) -> Result<api::ClaimResponse, ApiError> {
    post(paths::PIN_CLAIM, request, None).await
}

pub async fn customer_session(session_token: &str) -> Result<api::SessionView, ApiError> {
    get(paths::CUSTOMER_SESSION, Some(session_token)).await
}

pub async fn end_customer_session(session_token: &str) -> Result<(), ApiError> {
    post_empty(
        paths::CUSTOMER_SESSION_END,
        &serde_json::json!({}),
        Some(session_token),
    )
    .await
}

// ---- Operator calls --------------------------------------------------------

pub async fn login(email: &str, password: &str) -> Result<api::Operator, ApiError> {
    let body = api::LoginRequest {
        email: email.into(),
        password: password.into(),
    };
    post(paths::LOGIN, &body, None).await
}

pub async fn logout() -> Result<(), ApiError> {
    post_empty(paths::LOGOUT, &serde_json::json!({}), None).await
}

pub async fn me() -> Result<api::Operator, ApiError> {
    get(paths::ME, None).await
}

pub async fn conversations() -> Result<Vec<api::ConversationSummary>, ApiError> {
    get(paths::CONVERSATIONS, None).await
}

pub async fn take_conversation(id: &str) -> Result<api::ConversationSummary, ApiError> {
    post(&paths::conversation_take(id), &serde_json::json!({}), None).await
}

pub async fn close_conversation(id: &str) -> Result<api::ConversationSummary, ApiError> {
    post(&paths::conversation_close(id), &serde_json::json!({}), None).await
}

pub async fn messages(id: &str, after: i64) -> Result<Vec<api::Message>, ApiError> {
    get(
        &format!("{}?after={after}", paths::conversation_messages(id)),
        None,
    )
    .await
}

pub async fn create_pin(conversation_id: &str) -> Result<api::PinIssued, ApiError> {
    post(
        &paths::conversation_pins(conversation_id),
        &serde_json::json!({}),
        None,
    )
    .await
}

pub async fn sessions() -> Result<Vec<api::SessionView>, ApiError> {
    get(paths::SESSIONS, None).await
}

pub async fn start_session(id: &str, mode: protocol::Mode) -> Result<api::SessionView, ApiError> {
    post(
        &paths::session_start(id),
        &api::StartSessionRequest { mode },
        None,
    )
    .await
}

pub async fn end_session(id: &str) -> Result<api::SessionView, ApiError> {
    post(&paths::session_end(id), &serde_json::json!({}), None).await
}

pub async fn presence() -> Result<api::Presence, ApiError> {
    get(paths::PRESENCE, None).await
}

pub async fn operator_config() -> Result<api::OperatorConfig, ApiError> {
    get(paths::OPERATOR_CONFIG, None).await
}
