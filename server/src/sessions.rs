//! Remote-assist sessions: Waiting → Active (mode) → Ended, or Timed out
//! while waiting. The rules are `protocol::session`'s; every transition is
//! one conditional UPDATE, then a system message in the chat and a
//! `session` frame to every operator and to the customer's sockets.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use protocol::api::{Operator, SessionView, StartSessionRequest};
use protocol::event::{Event, Party};
use protocol::session::{can_end, can_start, TransitionError};
use protocol::{DeviceClass, DeviceInfo, Mode, Os, SessionStatus};
use rusqlite::{Connection, OptionalExtension, Row};

use crate::app::AppState;
use crate::auth::{CustomerSession, OperatorAuth};
use crate::chat::post_event;
use crate::error::{ApiError, ApiJson, ApiPath};
use crate::openapi::schemas;

const VIEW_SELECT: &str = "SELECT s.id, s.conversation_id, s.status, s.mode, s.device_class,
       s.device_os, s.browser_view, c.customer_name, a.name, s.technician_id, t.name,
       s.claimed_at_ms, s.started_at_ms, s.ended_at_ms
     FROM sessions s
     JOIN conversations c ON c.id = s.conversation_id
     JOIN operators a ON a.id = s.agent_id
     LEFT JOIN operators t ON t.id = s.technician_id";

fn view_from_row(r: &Row) -> rusqlite::Result<SessionView> {
    let mode: Option<String> = r.get(3)?;
    Ok(SessionView {
        id: r.get(0)?,
        conversation_id: r.get(1)?,
        status: SessionStatus::from_str_lossy(&r.get::<_, String>(2)?),
        mode: mode.as_deref().and_then(Mode::from_str_opt),
        device: DeviceInfo {
            class: DeviceClass::from_str_lossy(&r.get::<_, String>(4)?),
            os: Os::from_str_lossy(&r.get::<_, String>(5)?),
        },
        browser_view: r.get(6)?,
        customer_name: r.get(7)?,
        agent_name: r.get(8)?,
        technician_id: r.get(9)?,
        technician_name: r.get(10)?,
        claimed_at_ms: r.get(11)?,
        started_at_ms: r.get(12)?,
        ended_at_ms: r.get(13)?,
    })
}

pub fn view(c: &Connection, id: &str) -> rusqlite::Result<Option<SessionView>> {
    c.prepare_cached(&format!("{VIEW_SELECT} WHERE s.id = ?1"))?
        .query_row([id], view_from_row)
        .optional()
}

fn load(app: &AppState, id: &str) -> Result<SessionView, ApiError> {
    app.db
        .read(|c| view(c, id))?
        .ok_or_else(|| ApiError::not_found("session_not_found", "There is no such session."))
}

/// Pushes the session's current state to everyone who follows it.
pub fn announce(app: &AppState, id: &str) {
    match app.db.read(|c| view(c, id)) {
        Ok(Some(v)) => app.hub.session_changed(&v),
        Ok(None) => {}
        Err(e) => tracing::error!(%e, "session lookup failed"),
    }
}

fn transition_error(e: TransitionError) -> ApiError {
    match e {
        TransitionError::ControlNotAllowed => ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "control_not_allowed",
            e.to_string(),
        ),
        TransitionError::NotWaiting => ApiError::conflict("session_not_waiting", e.to_string()),
        TransitionError::AlreadyOver => ApiError::conflict("session_over", e.to_string()),
    }
}

/// Times out sessions that waited too long.
pub fn sweep(app: &AppState) {
    let now = app.clock.now_ms();
    let limit_ms = (app.config.settings.waiting_timeout_secs as i64) * 1000;
    let timed_out = app.db.with(|c| -> rusqlite::Result<Vec<(String, String)>> {
        let mut stmt = c.prepare_cached(
            "UPDATE sessions SET status = 'timed_out', ended_at_ms = ?1
             WHERE status = 'waiting' AND claimed_at_ms <= ?1 - ?2
             RETURNING id, conversation_id",
        )?;
        let rows = stmt.query_map((now, limit_ms), |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect()
    });
    match timed_out {
        Ok(list) => {
            for (id, conversation) in list {
                let _ = post_event(app, &conversation, Event::TimedOut);
                announce(app, &id);
            }
        }
        Err(e) => tracing::error!(%e, "session sweep failed"),
    }
}

/// Ended sessions the console lists at most (the day's history).
const HISTORY_LIMIT: u32 = 500;

/// Every live session (waiting or active: a console must never miss one)
/// and the last [`HISTORY_LIMIT`] others claimed in the last 24 hours,
/// newest first.
#[utoipa::path(get, path = "/api/sessions", tag = "operator",
    security(("cookie" = [])),
    responses(
        (status = 200, body = Vec<schemas::SessionView>),
        (status = 401, body = schemas::ErrorBody),
        (status = 403, body = schemas::ErrorBody),
    ))]
pub async fn list(
    State(app): State<AppState>,
    OperatorAuth(_op): OperatorAuth,
) -> Result<Json<Vec<SessionView>>, ApiError> {
    let since = app.clock.now_ms() - 86_400_000;
    let mut list = app.db.read(|c| {
        let mut live = c.prepare_cached(&format!(
            "{VIEW_SELECT} WHERE s.status IN ('waiting', 'active')"
        ))?;
        let mut list = live
            .query_map([], view_from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut history = c.prepare_cached(&format!(
            "{VIEW_SELECT} WHERE s.status NOT IN ('waiting', 'active') AND s.claimed_at_ms > ?1
             ORDER BY s.claimed_at_ms DESC LIMIT ?2"
        ))?;
        for view in history.query_map((since, HISTORY_LIMIT), view_from_row)? {
            list.push(view?);
        }
        Ok::<_, rusqlite::Error>(list)
    })?;
    list.sort_by_key(|s| std::cmp::Reverse(s.claimed_at_ms));
    Ok(Json(list))
}

/// A technician starts a waiting session. Phones and tablets (and browser
/// view sessions) allow view only; only the first technician succeeds.
#[utoipa::path(post, path = "/api/sessions/{id}/start", tag = "operator",
    params(("id" = String, Path, description = "Session id")),
    request_body = schemas::StartSessionRequest,
    security(("cookie" = [])),
    responses(
        (status = 200, body = schemas::SessionView),
        (status = 401, body = schemas::ErrorBody),
        (status = 404, body = schemas::ErrorBody),
        (status = 409, description = "Started by someone else, or over", body = schemas::ErrorBody),
        (status = 422, description = "Control refused on a phone or tablet", body = schemas::ErrorBody),
    ))]
pub async fn start(
    State(app): State<AppState>,
    OperatorAuth(op): OperatorAuth,
    ApiPath(id): ApiPath<String>,
    ApiJson(req): ApiJson<StartSessionRequest>,
) -> Result<Json<SessionView>, ApiError> {
    app.blocking(move |app| start_now(app, op, &id, req))
        .await
        .map(Json)
}

/// Starts a session: the change, then its event (blocking).
fn start_now(
    app: &AppState,
    op: Operator,
    id: &str,
    req: StartSessionRequest,
) -> Result<SessionView, ApiError> {
    let before = load(app, id)?;
    let rule = |v: &SessionView| can_start(v.status, v.device.class, v.browser_view, req.mode);
    rule(&before).map_err(transition_error)?;
    let now = app.clock.now_ms();
    let changed = app.db.with(|c| {
        c.execute(
            "UPDATE sessions SET status = 'active', mode = ?1, technician_id = ?2, started_at_ms = ?3
             WHERE id = ?4 AND status = 'waiting'",
            (req.mode.as_str(), op.id, now, id),
        )
    })?;
    if changed == 0 {
        let now_view = load(app, id)?;
        let err = rule(&now_view).err().unwrap_or(TransitionError::NotWaiting);
        return Err(transition_error(err));
    }
    tracing::info!(session = %id, technician = op.id, mode = req.mode.as_str(), "session started");
    post_event(
        app,
        &before.conversation_id,
        Event::Active {
            mode: req.mode,
            technician: op.name,
        },
    )?;
    announce(app, id);
    load(app, id)
}

fn end(app: &AppState, id: &str, by: Party) -> Result<SessionView, ApiError> {
    let before = load(app, id)?;
    can_end(before.status).map_err(transition_error)?;
    let now = app.clock.now_ms();
    let changed = app.db.with(|c| {
        c.execute(
            "UPDATE sessions SET status = 'ended', ended_at_ms = ?1
             WHERE id = ?2 AND status IN ('waiting', 'active')",
            (now, id),
        )
    })?;
    if changed == 0 {
        return Err(transition_error(TransitionError::AlreadyOver));
    }
    tracing::info!(session = %id, ?by, "session ended");
    post_event(app, &before.conversation_id, Event::Ended { by })?;
    announce(app, id);
    load(app, id)
}

/// A technician ends a waiting or active session.
#[utoipa::path(post, path = "/api/sessions/{id}/end", tag = "operator",
    params(("id" = String, Path, description = "Session id")),
    security(("cookie" = [])),
    responses(
        (status = 200, body = schemas::SessionView),
        (status = 401, body = schemas::ErrorBody),
        (status = 404, body = schemas::ErrorBody),
        (status = 409, description = "Already over", body = schemas::ErrorBody),
    ))]
pub async fn end_by_technician(
    State(app): State<AppState>,
    OperatorAuth(_op): OperatorAuth,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<SessionView>, ApiError> {
    app.blocking(move |app| end(app, &id, Party::Technician))
        .await
        .map(Json)
}

/// The customer's session (session token).
#[utoipa::path(get, path = "/api/customer/session", tag = "customer",
    security(("bearer" = [])),
    responses(
        (status = 200, body = schemas::SessionView),
        (status = 401, body = schemas::ErrorBody),
    ))]
pub async fn customer_view(
    State(app): State<AppState>,
    session: CustomerSession,
) -> Result<Json<SessionView>, ApiError> {
    load(&app, &session.session_id).map(Json)
}

/// The customer ends their session (session token).
#[utoipa::path(post, path = "/api/customer/session/end", tag = "customer",
    security(("bearer" = [])),
    responses(
        (status = 200, body = schemas::SessionView),
        (status = 401, body = schemas::ErrorBody),
        (status = 409, description = "Already over", body = schemas::ErrorBody),
    ))]
pub async fn customer_end(
    State(app): State<AppState>,
    session: CustomerSession,
) -> Result<Json<SessionView>, ApiError> {
    app.blocking(move |app| end(app, &session.session_id, Party::Customer))
        .await
        .map(Json)
}

/// A browser view session whose customer page has gone (tab closed, or
/// no reconnect within the grace time): the shared screen went with it,
/// so the session ends as if the customer had ended it. Nothing happens to
/// another kind of session, or one that is over.
pub fn end_abandoned_share(app: &AppState, id: &str) {
    let Ok(view) = load(app, id) else {
        return;
    };
    if !view.browser_view || view.status.is_over() {
        return;
    }
    tracing::info!(session = %id, "browser view page gone; ending the session");
    let _ = end(app, id, Party::Customer);
}
