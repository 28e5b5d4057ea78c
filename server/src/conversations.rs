//! Conversations: started by customers, listed, taken and closed by
//! operators; the HTTP side of their chat (history and sending).

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use protocol::api::{
    ConversationSummary, Message, SendMessageRequest, StartConversationRequest,
    StartConversationResponse,
};
use protocol::device::{classify_request, ClientHints};
use protocol::ws::ServerFrame;
use protocol::{DeviceClass, DeviceInfo, Os};
use rusqlite::{Connection, OptionalExtension, Row};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::app::AppState;
use crate::auth::{CustomerChat, OperatorAuth};
use crate::chat::{conversation_exists, messages_after, not_found, send, Author};
use crate::db::{random_id, random_token, token_hash};
use crate::error::{ApiError, ApiJson, ApiPath, ApiQuery};
use crate::limiter::Source;
use crate::openapi::schemas;

pub const MAX_NAME_CHARS: usize = 80;
/// Most messages one history call returns; ask again after the last one.
pub const HISTORY_PAGE: u32 = 1000;

const SUMMARY_SELECT: &str = "SELECT c.id, c.customer_name, c.device_class, c.device_os,
       c.agent_id, o.name, c.closed,
       coalesce((SELECT max(seq) FROM messages m WHERE m.conversation_id = c.id), 0),
       c.created_at_ms,
       (SELECT text FROM messages m WHERE m.conversation_id = c.id ORDER BY m.seq DESC LIMIT 1)
     FROM conversations c LEFT JOIN operators o ON o.id = c.agent_id";

fn summary_from_row(r: &Row) -> rusqlite::Result<ConversationSummary> {
    Ok(ConversationSummary {
        id: r.get(0)?,
        customer_name: r.get(1)?,
        device: DeviceInfo {
            class: DeviceClass::from_str_lossy(&r.get::<_, String>(2)?),
            os: Os::from_str_lossy(&r.get::<_, String>(3)?),
        },
        agent_id: r.get(4)?,
        agent_name: r.get(5)?,
        closed: r.get(6)?,
        last_seq: r.get(7)?,
        created_at_ms: r.get(8)?,
        last_message: r.get(9)?,
    })
}

pub fn summary(c: &Connection, id: &str) -> rusqlite::Result<Option<ConversationSummary>> {
    c.prepare_cached(&format!("{SUMMARY_SELECT} WHERE c.id = ?1"))?
        .query_row([id], summary_from_row)
        .optional()
}

/// Tells every operator how these conversations look now
/// (`Hub::summary_due` gathers the changes and calls this).
pub fn broadcast_summaries(app: &AppState, ids: impl IntoIterator<Item = String>) {
    if !app.hub.has_operators() {
        return;
    }
    let read = app.db.read(|c| {
        ids.into_iter()
            .filter_map(|id| summary(c, &id).transpose())
            .collect::<rusqlite::Result<Vec<_>>>()
    });
    match read {
        Ok(list) => app.hub.to_operators_all(
            list.into_iter()
                .map(|conversation| ServerFrame::Conversation { conversation }),
        ),
        Err(e) => tracing::error!(%e, "conversation summaries failed"),
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct HistoryQuery {
    /// Messages after this sequence number (default 0: from the start).
    pub after: Option<i64>,
    /// At most this many (default and ceiling 1000).
    pub limit: Option<u32>,
}

impl HistoryQuery {
    fn page(&self) -> (i64, u32) {
        (
            self.after.unwrap_or(0),
            self.limit.unwrap_or(HISTORY_PAGE).clamp(1, HISTORY_PAGE),
        )
    }
}

fn clean_name(name: Option<&str>) -> Result<String, ApiError> {
    let name = name.map(str::trim).unwrap_or("");
    if name.is_empty() {
        return Ok("Customer".into());
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(ApiError::bad_request(
            "name_too_long",
            format!("A name has at most {MAX_NAME_CHARS} characters."),
        ));
    }
    if name.chars().any(char::is_control) {
        return Err(ApiError::bad_request(
            "name_invalid",
            "A name cannot contain control characters.",
        ));
    }
    Ok(name.to_string())
}

/// The request's device: user agent and client-hint headers, with hints
/// the page sent in the body taking precedence.
pub fn device_of(headers: &HeaderMap, body_hints: Option<&ClientHints>) -> (DeviceInfo, String) {
    let get = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let ua: String = get("user-agent").unwrap_or("").chars().take(512).collect();
    let mut hints = ClientHints::from_headers(get("sec-ch-ua-mobile"), get("sec-ch-ua-platform"));
    if let Some(body) = body_hints {
        if body.mobile.is_some() {
            hints.mobile = body.mobile;
        }
        if body.platform.is_some() {
            hints.platform = body.platform.clone();
        }
    }
    (classify_request(&ua, &hints), ua)
}

/// A customer starts a chat. The token in the answer is the only key to it.
#[utoipa::path(post, path = "/api/customer/conversations", tag = "customer",
    request_body = schemas::StartConversationRequest,
    responses(
        (status = 201, body = schemas::StartConversationResponse),
        (status = 400, body = schemas::ErrorBody),
        (status = 429, description = "Too many new chats from this address", body = schemas::ErrorBody),
    ))]
pub async fn start_conversation(
    State(app): State<AppState>,
    Source(source): Source,
    headers: HeaderMap,
    ApiJson(req): ApiJson<StartConversationRequest>,
) -> Result<(StatusCode, Json<StartConversationResponse>), ApiError> {
    let name = clean_name(req.name.as_deref())?;
    app.new_chats.hit(&source).map_err(|l| {
        ApiError::too_many(l.retry_after_secs, "Too many new chats from this address.")
    })?;
    let (device, ua) = device_of(&headers, req.hints.as_ref());
    let id = random_id();
    let token = random_token();
    let now = app.clock.now_ms();
    let row = (
        id.clone(),
        token_hash(&token),
        name,
        device.class.as_str(),
        device.os.as_str(),
        ua,
        now,
    );
    app.db
        .write(move |c| {
            c.execute(
                "INSERT INTO conversations (id, token_hash, customer_name, device_class, device_os,
                                            user_agent, created_at_ms)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                row,
            )
        })
        .await?;
    tracing::info!(conversation = %id, device = %device.label(), "chat started");
    app.hub.summary_due(&id);
    Ok((
        StatusCode::CREATED,
        Json(StartConversationResponse {
            conversation_id: id,
            token,
        }),
    ))
}

/// The customer's own chat history (agent-only events left out).
#[utoipa::path(get, path = "/api/customer/messages", tag = "customer",
    params(HistoryQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, body = Vec<schemas::Message>),
        (status = 401, body = schemas::ErrorBody),
    ))]
pub async fn customer_history(
    State(app): State<AppState>,
    chat: CustomerChat,
    ApiQuery(q): ApiQuery<HistoryQuery>,
) -> Result<Json<Vec<Message>>, ApiError> {
    let (after, limit) = q.page();
    let messages = app
        .db
        .read(|c| messages_after(c, &chat.conversation_id, after, false, limit))?;
    Ok(Json(messages))
}

/// The customer sends a message; sending the same `txn` again returns the
/// stored message.
#[utoipa::path(post, path = "/api/customer/messages", tag = "customer",
    request_body = schemas::SendMessageRequest,
    security(("bearer" = [])),
    responses(
        (status = 200, body = schemas::Message),
        (status = 401, body = schemas::ErrorBody),
        (status = 409, description = "The conversation is closed", body = schemas::ErrorBody),
        (status = 413, description = "Longer than 8 KiB", body = schemas::ErrorBody),
        (status = 429, description = "Too many messages a minute", body = schemas::ErrorBody),
    ))]
pub async fn customer_send(
    State(app): State<AppState>,
    chat: CustomerChat,
    ApiJson(req): ApiJson<SendMessageRequest>,
) -> Result<Json<Message>, ApiError> {
    let author = Author::Customer {
        name: chat.customer_name,
    };
    send(&app, &chat.conversation_id, &author, &req.txn, &req.text)
        .await
        .map(Json)
}

/// Conversations: open ones and those of the last 24 hours, newest first.
#[utoipa::path(get, path = "/api/conversations", tag = "operator",
    security(("cookie" = [])),
    responses(
        (status = 200, body = Vec<schemas::ConversationSummary>),
        (status = 401, body = schemas::ErrorBody),
        (status = 403, body = schemas::ErrorBody),
    ))]
pub async fn list(
    State(app): State<AppState>,
    OperatorAuth(_op): OperatorAuth,
) -> Result<Json<Vec<ConversationSummary>>, ApiError> {
    let since = app.clock.now_ms() - 86_400_000;
    let list = app.db.read(|c| {
        let mut stmt = c.prepare(&format!(
            "{SUMMARY_SELECT} WHERE c.closed = 0 OR c.created_at_ms > ?1
             ORDER BY c.created_at_ms DESC LIMIT 500"
        ))?;
        let rows = stmt.query_map([since], summary_from_row)?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
    })?;
    Ok(Json(list))
}

/// A conversation's messages, agent-only events included.
#[utoipa::path(get, path = "/api/conversations/{id}/messages", tag = "operator",
    params(("id" = String, Path, description = "Conversation id"), HistoryQuery),
    security(("cookie" = [])),
    responses(
        (status = 200, body = Vec<schemas::Message>),
        (status = 401, body = schemas::ErrorBody),
        (status = 404, body = schemas::ErrorBody),
    ))]
pub async fn history(
    State(app): State<AppState>,
    OperatorAuth(_op): OperatorAuth,
    ApiPath(id): ApiPath<String>,
    ApiQuery(q): ApiQuery<HistoryQuery>,
) -> Result<Json<Vec<Message>>, ApiError> {
    let (after, limit) = q.page();
    let messages = app.db.read(|c| {
        if !conversation_exists(c, &id)? {
            return Err(not_found());
        }
        Ok(messages_after(c, &id, after, true, limit)?)
    })?;
    Ok(Json(messages))
}

/// An operator sends a message into a conversation.
#[utoipa::path(post, path = "/api/conversations/{id}/messages", tag = "operator",
    params(("id" = String, Path, description = "Conversation id")),
    request_body = schemas::SendMessageRequest,
    security(("cookie" = [])),
    responses(
        (status = 200, body = schemas::Message),
        (status = 401, body = schemas::ErrorBody),
        (status = 404, body = schemas::ErrorBody),
        (status = 409, body = schemas::ErrorBody),
        (status = 413, body = schemas::ErrorBody),
        (status = 429, body = schemas::ErrorBody),
    ))]
pub async fn operator_send(
    State(app): State<AppState>,
    OperatorAuth(op): OperatorAuth,
    ApiPath(id): ApiPath<String>,
    ApiJson(req): ApiJson<SendMessageRequest>,
) -> Result<Json<Message>, ApiError> {
    let author = Author::Operator {
        id: op.id,
        name: op.name,
    };
    send(&app, &id, &author, &req.txn, &req.text)
        .await
        .map(Json)
}

/// The calling operator takes the conversation (becomes its agent).
#[utoipa::path(post, path = "/api/conversations/{id}/take", tag = "operator",
    params(("id" = String, Path, description = "Conversation id")),
    security(("cookie" = [])),
    responses(
        (status = 200, body = schemas::ConversationSummary),
        (status = 401, body = schemas::ErrorBody),
        (status = 404, body = schemas::ErrorBody),
    ))]
pub async fn take(
    State(app): State<AppState>,
    OperatorAuth(op): OperatorAuth,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<ConversationSummary>, ApiError> {
    let taken = (op.id, id.clone());
    let changed = app
        .db
        .write(move |c| {
            c.execute(
                "UPDATE conversations SET agent_id = ?1 WHERE id = ?2",
                taken,
            )
        })
        .await?;
    if changed == 0 {
        return Err(not_found());
    }
    app.hub.summary_due(&id);
    let s = app.db.read(|c| summary(c, &id))?.ok_or_else(not_found)?;
    Ok(Json(s))
}

/// Closes the conversation; its unclaimed PIN is revoked.
#[utoipa::path(post, path = "/api/conversations/{id}/close", tag = "operator",
    params(("id" = String, Path, description = "Conversation id")),
    security(("cookie" = [])),
    responses(
        (status = 200, body = schemas::ConversationSummary),
        (status = 401, body = schemas::ErrorBody),
        (status = 404, body = schemas::ErrorBody),
    ))]
pub async fn close(
    State(app): State<AppState>,
    OperatorAuth(_op): OperatorAuth,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<ConversationSummary>, ApiError> {
    app.blocking(move |app| close_now(app, &id)).await.map(Json)
}

/// Closes a conversation, then revokes its PIN (blocking).
fn close_now(app: &AppState, id: &str) -> Result<ConversationSummary, ApiError> {
    let changed = app
        .db
        .with(|c| c.execute("UPDATE conversations SET closed = 1 WHERE id = ?1", [id]))?;
    if changed == 0 {
        return Err(not_found());
    }
    crate::pins::revoke_live(app, id)?;
    app.hub.summary_due(id);
    app.db.read(|c| summary(c, id))?.ok_or_else(not_found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(clean_name(None).unwrap(), "Customer");
        assert_eq!(clean_name(Some("  ")).unwrap(), "Customer");
        assert_eq!(clean_name(Some(" Ann ")).unwrap(), "Ann");
        let long = "é".repeat(MAX_NAME_CHARS);
        assert_eq!(clean_name(Some(&long)).unwrap().chars().count(), 80);
        assert!(clean_name(Some(&"a".repeat(81))).is_err());
        assert!(clean_name(Some("a\u{0}b")).is_err());
    }

    #[test]
    fn device_from_headers_and_hints() {
        let mut h = HeaderMap::new();
        let windows = "Mozilla/5.0 (Windows NT 10.0; Win64; x64)";
        h.insert("user-agent", windows.parse().unwrap());
        let (d, _) = device_of(&h, None);
        assert_eq!((d.class, d.os), (DeviceClass::Desktop, Os::Windows));
        h.insert("sec-ch-ua-mobile", "?1".parse().unwrap());
        h.insert("sec-ch-ua-platform", "\"Android\"".parse().unwrap());
        let (d, _) = device_of(&h, None);
        assert_eq!((d.class, d.os), (DeviceClass::Mobile, Os::Android));
    }
}
