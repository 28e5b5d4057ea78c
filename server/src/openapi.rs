//! The OpenAPI document. Paths come from the handlers' `#[utoipa::path]`
//! attributes through `utoipa_axum::OpenApiRouter` (see `app.rs`), so every
//! route is in it. The body schemas below describe `protocol::api`'s types
//! (which carry no OpenAPI derive, being shared with the browser app); a
//! test checks that their fields match what those types serialise.

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::app::AppState;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Remote Assist",
        description = "Chat, PINs and remote-assistance sessions. Operators (agents and \
                       technicians) authenticate with the `ra_session` cookie set by sign-in; \
                       customers with `Authorization: Bearer <token>`: the conversation token \
                       for chat calls, the session token for session calls. Errors are \
                       `ErrorBody` JSON. Live traffic uses the WebSocket at `/ws`."
    ),
    modifiers(&SecuritySchemes),
    tags(
        (name = "operator", description = "Signed-in agents and technicians (cookie). 401 without sign-in, 403 with a customer token."),
        (name = "customer", description = "Customer pages and the support app."),
        (name = "auth", description = "Sign-in."),
        (name = "realtime", description = "The WebSocket."),
        (name = "service", description = "Health and this document."),
    )
)]
pub struct ApiDoc;

struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "cookie",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new(crate::auth::COOKIE))),
        );
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// This document.
#[utoipa::path(get, path = "/api/openapi.json", tag = "service",
    responses((status = 200, description = "The OpenAPI document", content_type = "application/json", body = Object)))]
pub async fn document(State(app): State<AppState>) -> Response {
    let json = app.openapi_json.get().cloned().unwrap_or_default();
    ([(header::CONTENT_TYPE, "application/json")], json).into_response()
}

/// Schemas of `protocol::api`'s bodies, for the document only.
#[allow(dead_code)]
pub mod schemas {
    use serde::Serialize;
    use utoipa::ToSchema;

    #[derive(Serialize, ToSchema)]
    pub struct ErrorBody {
        pub code: String,
        pub message: String,
        /// With 429: seconds to wait before trying again.
        pub retry_after_secs: Option<u64>,
    }

    #[derive(Serialize, ToSchema)]
    pub struct LoginRequest {
        pub email: String,
        pub password: String,
    }

    #[derive(Serialize, ToSchema)]
    pub struct Operator {
        pub id: i64,
        pub email: String,
        pub name: String,
    }

    #[derive(Serialize, ToSchema)]
    pub struct OperatorConfig {
        pub org_name: String,
        pub pin_ttl_secs: u64,
        pub waiting_timeout_secs: u64,
        pub waiting_warn_secs: u64,
        pub desktop_link_base: String,
        pub mobile_link_base: String,
        pub manual_url: String,
    }

    #[derive(Serialize, ToSchema)]
    pub struct PublicConfig {
        pub org_name: String,
        pub windows_download_url: String,
        pub mac_download_url: String,
        pub app_store_url: String,
        pub play_store_url: String,
        /// Holds `{pin}`.
        pub app_link_template: String,
        pub mobile_link_base: String,
        pub ice_servers: Vec<String>,
    }

    #[derive(Serialize, ToSchema)]
    pub struct ClientHints {
        pub mobile: Option<bool>,
        pub platform: Option<String>,
    }

    #[derive(Serialize, ToSchema)]
    pub struct StartConversationRequest {
        /// Trimmed; at most 80 characters; "Customer" when empty.
        pub name: Option<String>,
        pub hints: Option<ClientHints>,
    }

    #[derive(Serialize, ToSchema)]
    pub struct StartConversationResponse {
        pub conversation_id: String,
        /// The only key to this conversation (bearer token).
        pub token: String,
    }

    #[derive(Serialize, ToSchema)]
    #[serde(rename_all = "snake_case")]
    pub enum Sender {
        Customer,
        Operator,
        System,
    }

    #[derive(Serialize, ToSchema)]
    #[serde(rename_all = "snake_case")]
    pub enum DeviceClass {
        Desktop,
        Mobile,
    }

    #[derive(Serialize, ToSchema)]
    #[serde(rename_all = "snake_case")]
    pub enum Os {
        Windows,
        MacOs,
        Linux,
        ChromeOs,
        Ios,
        Android,
        Other,
    }

    #[derive(Serialize, ToSchema)]
    pub struct DeviceInfo {
        pub class: DeviceClass,
        pub os: Os,
    }

    #[derive(Serialize, ToSchema)]
    #[serde(rename_all = "snake_case")]
    pub enum Mode {
        Control,
        View,
    }

    #[derive(Serialize, ToSchema)]
    #[serde(rename_all = "snake_case")]
    pub enum SessionStatus {
        Waiting,
        Active,
        Ended,
        TimedOut,
    }

    #[derive(Serialize, ToSchema)]
    pub struct Message {
        pub conversation_id: String,
        /// Numbers the conversation's messages from 1.
        pub seq: i64,
        /// The sender's transaction id.
        pub txn: String,
        pub sender: Sender,
        pub author: String,
        pub text: String,
        /// A remote-assist event (system messages), tagged by `kind`.
        #[schema(value_type = Option<Object>)]
        pub event: Option<serde_json::Value>,
        pub at_ms: i64,
    }

    #[derive(Serialize, ToSchema)]
    pub struct SendMessageRequest {
        /// Client transaction id (1 to 100 bytes): a resend returns the stored message.
        pub txn: String,
        /// At most 8 KiB.
        pub text: String,
    }

    #[derive(Serialize, ToSchema)]
    pub struct ConversationSummary {
        pub id: String,
        pub customer_name: String,
        pub device: DeviceInfo,
        pub agent_id: Option<i64>,
        pub agent_name: Option<String>,
        pub last_message: Option<String>,
        pub last_seq: i64,
        pub closed: bool,
        pub created_at_ms: i64,
    }

    #[derive(Serialize, ToSchema)]
    pub struct PinIssued {
        /// Six ASCII digits.
        pub pin: String,
        pub desktop_link: String,
        pub mobile_link: String,
        pub manual_url: String,
        pub expires_at_ms: i64,
        pub server_now_ms: i64,
        pub recommended: DeviceClass,
    }

    #[derive(Serialize, ToSchema)]
    pub struct PinCheckRequest {
        /// Six ASCII digits; spaces and dashes are ignored.
        pub pin: String,
    }

    #[derive(Serialize, ToSchema)]
    pub struct PinCheckResponse {
        pub agent_name: String,
        pub org_name: String,
    }

    #[derive(Serialize, ToSchema)]
    pub struct ClaimRequest {
        /// Six ASCII digits; spaces and dashes are ignored.
        pub pin: String,
        /// The class the client detected; the server's own reading of the
        /// user agent wins when it is stricter (mobile).
        pub device_class: DeviceClass,
        pub user_agent: Option<String>,
        /// True when the customer shares the screen from the page (view only).
        pub browser_view: Option<bool>,
    }

    #[derive(Serialize, ToSchema)]
    pub struct ClaimResponse {
        pub session_id: String,
        /// Follows the session over the WebSocket and ends it (bearer token).
        pub session_token: String,
        pub agent_name: String,
        pub org_name: String,
        pub device: DeviceInfo,
        pub status: SessionStatus,
    }

    #[derive(Serialize, ToSchema)]
    pub struct SessionView {
        pub id: String,
        pub conversation_id: String,
        pub status: SessionStatus,
        pub mode: Option<Mode>,
        pub device: DeviceInfo,
        pub browser_view: bool,
        pub customer_name: String,
        pub agent_name: String,
        pub technician_id: Option<i64>,
        pub technician_name: Option<String>,
        pub claimed_at_ms: i64,
        pub started_at_ms: Option<i64>,
        pub ended_at_ms: Option<i64>,
    }

    #[derive(Serialize, ToSchema)]
    pub struct StartSessionRequest {
        pub mode: Mode,
    }

    #[derive(Serialize, ToSchema)]
    pub struct Presence {
        pub technicians_online: u32,
    }
}
