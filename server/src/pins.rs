//! PINs: issued by an agent for one conversation, checked and claimed by
//! the customer (or the support app). A live PIN is unique (the database's
//! partial unique index `pins_live`), expires, and is claimed at most once
//! by a single conditional UPDATE. Every failure of a check or claim gets
//! the same answer and counts against the caller's guess budget.

use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use protocol::api::{ClaimRequest, ClaimResponse, PinCheckRequest, PinCheckResponse, PinIssued};
use protocol::device::classify_user_agent;
use protocol::event::Event;
use protocol::links;
use protocol::{DeviceClass, DeviceInfo, Os, Pin, SessionStatus};
use rand::rngs::OsRng;
use rand::Rng;
use rusqlite::{Connection, ErrorCode, OptionalExtension};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::app::AppState;
use crate::auth::OperatorAuth;
use crate::chat::{deliver_event, post_event, store_event, StoredEvent};
use crate::conversations;
use crate::db::{random_id, random_token, token_hash};
use crate::error::{ApiError, ApiJson, ApiPath, ApiQuery};
use crate::limiter::{Limited, Source};
use crate::openapi::schemas;
use crate::sessions;

/// The one answer for a wrong, expired, revoked or used PIN.
pub fn pin_not_valid() -> ApiError {
    ApiError::not_found(
        "pin_not_valid",
        "This PIN is not valid. Check the six digits, or ask the agent for a new PIN.",
    )
}

fn parse_pin(input: &str) -> Result<Pin, ApiError> {
    Pin::parse(input).map_err(|e| ApiError::bad_request("pin_malformed", e.to_string()))
}

fn guess_limited(l: Limited) -> ApiError {
    ApiError::too_many(l.retry_after_secs, "Too many PINs that did not work.")
}

/// Runs an `UPDATE … RETURNING pin, conversation_id`.
fn update_returning(
    c: &Connection,
    sql: &str,
    params: impl rusqlite::Params,
) -> rusqlite::Result<Vec<(String, String)>> {
    let mut stmt = c.prepare_cached(sql)?;
    let rows = stmt.query_map(params, |r| Ok((r.get(0)?, r.get(1)?)))?;
    rows.collect()
}

/// Marks lapsed live PINs expired and tells their agents.
pub fn sweep(app: &AppState) {
    let now = app.clock.now_ms();
    let expired = app.db.with(|c| {
        update_returning(
            c,
            "UPDATE pins SET state = 'expired', ended_at_ms = ?1
             WHERE state = 'live' AND expires_at_ms <= ?1 RETURNING pin, conversation_id",
            [now],
        )
    });
    match expired {
        Ok(list) => {
            for (pin, conversation) in list {
                let _ = post_event(app, &conversation, Event::PinExpired { pin });
            }
        }
        Err(e) => tracing::error!(%e, "PIN sweep failed"),
    }
}

/// Revokes the conversation's live PIN, if any (lapsed ones expire instead).
pub fn revoke_live(app: &AppState, conversation_id: &str) -> Result<(), ApiError> {
    let now = app.clock.now_ms();
    let (expired, revoked) = app.db.with(|c| end_live(c, conversation_id, now))?;
    for (pin, _) in expired {
        post_event(app, conversation_id, Event::PinExpired { pin })?;
    }
    for (pin, _) in revoked {
        post_event(app, conversation_id, Event::PinRevoked { pin })?;
    }
    Ok(())
}

type Ended = (Vec<(String, String)>, Vec<(String, String)>);

fn end_live(c: &Connection, conversation_id: &str, now: i64) -> rusqlite::Result<Ended> {
    let expired = update_returning(
        c,
        "UPDATE pins SET state = 'expired', ended_at_ms = ?2
         WHERE conversation_id = ?1 AND state = 'live' AND expires_at_ms <= ?2
         RETURNING pin, conversation_id",
        (conversation_id, now),
    )?;
    let revoked = update_returning(
        c,
        "UPDATE pins SET state = 'revoked', ended_at_ms = ?2
         WHERE conversation_id = ?1 AND state = 'live'
         RETURNING pin, conversation_id",
        (conversation_id, now),
    )?;
    Ok((expired, revoked))
}

/// Issues a new PIN for a conversation (revoking its unclaimed one): the
/// answer has the PIN and both links.
#[utoipa::path(post, path = "/api/conversations/{id}/pins", tag = "operator",
    params(("id" = String, Path, description = "Conversation id")),
    security(("cookie" = [])),
    responses(
        (status = 201, body = schemas::PinIssued),
        (status = 401, body = schemas::ErrorBody),
        (status = 404, body = schemas::ErrorBody),
        (status = 409, description = "The conversation is closed", body = schemas::ErrorBody),
    ))]
pub async fn create(
    State(app): State<AppState>,
    OperatorAuth(op): OperatorAuth,
    ApiPath(conversation_id): ApiPath<String>,
) -> Result<(StatusCode, Json<PinIssued>), ApiError> {
    let now = app.clock.now_ms();
    let expires_at_ms = now + (app.config.settings.pin_ttl_secs as i64) * 1000;
    let issued = {
        let app = app.clone();
        let conversation_id = conversation_id.clone();
        move |c: &mut Connection| issue(c, &app, &conversation_id, op.id, now, expires_at_ms)
    };
    let (events, pin, device_class) = app.db.write(issued).await?;
    for event in &events {
        deliver_event(&app, event);
    }
    let cfg = &app.config;
    Ok((
        StatusCode::CREATED,
        Json(PinIssued {
            pin,
            desktop_link: links::desktop_link(&cfg.desktop_link_base, pin),
            mobile_link: links::mobile_link(&cfg.mobile_link_base, pin),
            manual_url: links::manual_url_display(&cfg.manual_url_base).to_string(),
            expires_at_ms,
            server_now_ms: now,
            recommended: device_class,
        }),
    ))
}

/// A new PIN's transaction: the conversation checked, its live PIN ended,
/// the new one stored, and their events, in one commit.
fn issue(
    c: &mut Connection,
    app: &AppState,
    conversation_id: &str,
    agent_id: i64,
    now: i64,
    expires_at_ms: i64,
) -> Result<(Vec<StoredEvent>, Pin, DeviceClass), ApiError> {
    let tx = c.transaction()?;
    let conversation: Option<(bool, String)> = tx
        .prepare_cached("SELECT closed, device_class FROM conversations WHERE id = ?1")?
        .query_row([conversation_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let Some((closed, device_class)) = conversation else {
        return Err(ApiError::not_found(
            "conversation_not_found",
            "There is no such conversation.",
        ));
    };
    if closed {
        return Err(ApiError::conflict(
            "conversation_closed",
            "This conversation has been closed.",
        ));
    }
    let (expired, revoked) = end_live(&tx, conversation_id, now)?;
    let pin = insert_unique_pin(&tx, conversation_id, agent_id, now, expires_at_ms)?;
    tx.prepare_cached("UPDATE conversations SET agent_id = ?1 WHERE id = ?2 AND agent_id IS NULL")?
        .execute((agent_id, conversation_id))?;
    // The events go in the same commit as the change.
    let mut events = Vec::with_capacity(expired.len() + revoked.len() + 1);
    for (old, _) in expired {
        let event = Event::PinExpired { pin: old };
        events.push(store_event(&tx, app, conversation_id, event)?);
    }
    for (old, _) in revoked {
        let event = Event::PinRevoked { pin: old };
        events.push(store_event(&tx, app, conversation_id, event)?);
    }
    let created = Event::PinCreated {
        pin: pin.to_string(),
        expires_at_ms,
    };
    events.push(store_event(&tx, app, conversation_id, created)?);
    tx.commit()?;
    Ok((events, pin, DeviceClass::from_str_lossy(&device_class)))
}

/// Draws PINs from the OS CSPRNG until one is free among live PINs; the
/// unique index decides.
fn insert_unique_pin(
    c: &Connection,
    conversation_id: &str,
    agent_id: i64,
    now: i64,
    expires_at_ms: i64,
) -> Result<Pin, ApiError> {
    for _ in 0..100 {
        let Some(pin) = Pin::from_number(OsRng.gen_range(0..1_000_000)) else {
            continue;
        };
        let inserted = c
            .prepare_cached(
                "INSERT INTO pins (pin, conversation_id, agent_id, state, created_at_ms,
                                   expires_at_ms)
                 VALUES (?1, ?2, ?3, 'live', ?4, ?5)",
            )?
            .execute((pin.as_str(), conversation_id, agent_id, now, expires_at_ms));
        match inserted {
            Ok(_) => return Ok(pin),
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == ErrorCode::ConstraintViolation =>
            {
                continue
            }
            Err(e) => return Err(e.into()),
        }
    }
    Err(ApiError::internal("no free PIN after 100 draws"))
}

/// Checks a typed PIN without claiming it (manual entry). Failures count
/// against the guess budget exactly like failed claims.
#[utoipa::path(post, path = "/api/pins/check", tag = "customer",
    request_body = schemas::PinCheckRequest,
    responses(
        (status = 200, description = "The PIN is live", body = schemas::PinCheckResponse),
        (status = 400, description = "Not six ASCII digits", body = schemas::ErrorBody),
        (status = 404, description = "Wrong, expired, revoked or used: always this answer", body = schemas::ErrorBody),
        (status = 429, description = "Too many failures from this address", body = schemas::ErrorBody),
    ))]
pub async fn check(
    State(app): State<AppState>,
    Source(source): Source,
    ApiJson(req): ApiJson<PinCheckRequest>,
) -> Result<Json<PinCheckResponse>, ApiError> {
    let pin = parse_pin(&req.pin)?;
    let attempt = app.guesses.begin(&source).map_err(guess_limited)?;
    let now = app.clock.now_ms();
    let agent_name: Option<String> = app.db.read(|c| {
        c.query_row(
            "SELECT o.name FROM pins p JOIN operators o ON o.id = p.agent_id
             WHERE p.pin = ?1 AND p.state = 'live' AND p.expires_at_ms > ?2",
            (pin.as_str(), now),
            |r| r.get(0),
        )
        .optional()
    })?;
    match agent_name {
        Some(agent_name) => {
            app.guesses.succeeded(attempt);
            Ok(Json(PinCheckResponse {
                agent_name,
                org_name: app.config.settings.org_name.clone(),
            }))
        }
        None => {
            app.guesses.failed(attempt);
            Err(pin_not_valid())
        }
    }
}

/// The device that claims: the stricter of the browser's class and the
/// server's own reading of the user agent (mobile wins). A "mobile" Mac is
/// an iPad presenting itself as a Mac.
fn claimed_device(headers: &HeaderMap, req: &ClaimRequest) -> (DeviceInfo, String) {
    let (server, header_ua) = conversations::device_of(headers, None);
    let body = req.user_agent.as_deref().map(classify_user_agent);
    let mut class = req.device_class.stricter(server.class);
    if let Some(b) = body {
        class = class.stricter(b.class);
    }
    let mut os = match (server.os, body) {
        (Os::Other, Some(b)) => b.os,
        (os, _) => os,
    };
    if class == DeviceClass::Mobile && os == Os::MacOs {
        os = Os::Ios;
    }
    let ua = req
        .user_agent
        .clone()
        .unwrap_or(header_ua)
        .chars()
        .take(512)
        .collect();
    (DeviceInfo { class, os }, ua)
}

/// What a claim stored: the agent's name and the events to deliver.
struct Claimed {
    agent_name: String,
    events: Vec<StoredEvent>,
}

/// Claims a PIN with the customer's consent (or by the support app): once,
/// atomically. Creates the session (Waiting) and answers with its token.
#[utoipa::path(post, path = "/api/pins/claim", tag = "customer",
    description = "Claims a live PIN once. Browsers send their detected device class and user \
                   agent; the support app sends its own. The answer's `session_token` follows \
                   the session over the WebSocket (`auth` frame) and ends it \
                   (`POST /api/customer/session/end`).",
    request_body = schemas::ClaimRequest,
    responses(
        (status = 200, body = schemas::ClaimResponse),
        (status = 400, description = "Not six ASCII digits", body = schemas::ErrorBody),
        (status = 404, description = "Wrong, expired, revoked or used: always this answer", body = schemas::ErrorBody),
        (status = 429, description = "Too many failures from this address", body = schemas::ErrorBody),
    ))]
pub async fn claim(
    State(app): State<AppState>,
    Source(source): Source,
    headers: HeaderMap,
    ApiJson(req): ApiJson<ClaimRequest>,
) -> Result<Json<ClaimResponse>, ApiError> {
    let pin = parse_pin(&req.pin)?;
    let attempt = app.guesses.begin(&source).map_err(guess_limited)?;
    let (device, ua) = claimed_device(&headers, &req);
    let session_id = random_id();
    let session_token = random_token();
    let now = app.clock.now_ms();
    let claiming = NewSession {
        pin,
        session_id: session_id.clone(),
        token_hash: token_hash(&session_token),
        device,
        user_agent: ua,
        browser_view: req.browser_view,
        now,
    };
    let claimed = {
        let app = app.clone();
        move |c: &mut Connection| claim_in(c, &app, &claiming)
    };
    let claimed = app.db.write(claimed).await?;
    let Some(Claimed { agent_name, events }) = claimed else {
        app.guesses.failed(attempt);
        return Err(pin_not_valid());
    };
    app.guesses.succeeded(attempt);
    tracing::info!(session = %session_id, device = %device.label(), "PIN claimed");
    for event in &events {
        deliver_event(&app, event);
    }
    sessions::announce(&app, &session_id);
    Ok(Json(ClaimResponse {
        session_id,
        session_token,
        agent_name,
        org_name: app.config.settings.org_name.clone(),
        device,
        status: SessionStatus::Waiting,
    }))
}

/// The session a claim creates.
struct NewSession {
    pin: Pin,
    session_id: String,
    token_hash: String,
    device: DeviceInfo,
    user_agent: String,
    browser_view: bool,
    now: i64,
}

/// A claim's transaction: the PIN claimed (once: a conditional update),
/// the session stored, and their events, in one commit. None when the PIN
/// is not live.
fn claim_in(
    c: &mut Connection,
    app: &AppState,
    new: &NewSession,
) -> Result<Option<Claimed>, ApiError> {
    let tx = c.transaction()?;
    let row: Option<(i64, String, i64)> = tx
        .prepare_cached(
            "UPDATE pins SET state = 'claimed', ended_at_ms = ?2
                 WHERE pin = ?1 AND state = 'live' AND expires_at_ms > ?2
                 RETURNING id, conversation_id, agent_id",
        )?
        .query_row((new.pin.as_str(), new.now), |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?;
    let Some((pin_id, conversation_id, agent_id)) = row else {
        return Ok(None);
    };
    tx.prepare_cached(
        "INSERT INTO sessions (id, token_hash, pin_id, conversation_id, agent_id, status,
                               device_class, device_os, user_agent, browser_view, claimed_at_ms)
             VALUES (?1, ?2, ?3, ?4, ?5, 'waiting', ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute((
        &new.session_id,
        &new.token_hash,
        pin_id,
        &conversation_id,
        agent_id,
        new.device.class.as_str(),
        new.device.os.as_str(),
        &new.user_agent,
        new.browser_view,
        new.now,
    ))?;
    let agent_name: String = tx
        .prepare_cached("SELECT name FROM operators WHERE id = ?1")?
        .query_row([agent_id], |r| r.get(0))?;
    // The events go in the same commit as the claim.
    let events = [Event::Claimed { device: new.device }, Event::Waiting]
        .into_iter()
        .map(|event| store_event(&tx, app, &conversation_id, event))
        .collect::<Result<Vec<_>, _>>()?;
    tx.commit()?;
    Ok(Some(Claimed { agent_name, events }))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct QrQuery {
    /// The six-digit PIN.
    pub pin: String,
}

/// An SVG QR code of the mobile link for a PIN. Changes nothing and says
/// nothing about whether the PIN is valid.
#[utoipa::path(get, path = "/api/pins/qr.svg", tag = "customer",
    params(QrQuery),
    responses(
        (status = 200, description = "SVG image", content_type = "image/svg+xml", body = String),
        (status = 400, body = schemas::ErrorBody),
    ))]
pub async fn qr(
    State(app): State<AppState>,
    ApiQuery(q): ApiQuery<QrQuery>,
) -> Result<Response, ApiError> {
    let pin = parse_pin(&q.pin)?;
    let link = links::mobile_link(&app.config.mobile_link_base, pin);
    let code = qrcode::QrCode::new(link.as_bytes()).map_err(ApiError::internal)?;
    let svg = code
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(240, 240)
        .build();
    Ok(([(header::CONTENT_TYPE, "image/svg+xml")], svg).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(class: DeviceClass, ua: Option<&str>) -> ClaimRequest {
        ClaimRequest {
            pin: "123456".into(),
            device_class: class,
            user_agent: ua.map(String::from),
            browser_view: false,
        }
    }

    #[test]
    fn the_stricter_device_class_wins() {
        let mut h = HeaderMap::new();
        let mac = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15";
        h.insert("user-agent", mac.parse().unwrap());
        let (d, _) = claimed_device(&h, &req(DeviceClass::Desktop, Some(mac)));
        assert_eq!((d.class, d.os), (DeviceClass::Desktop, Os::MacOs));
        // An iPad says Macintosh; its page knows better.
        let (d, _) = claimed_device(&h, &req(DeviceClass::Mobile, Some(mac)));
        assert_eq!((d.class, d.os), (DeviceClass::Mobile, Os::Ios));
        // A page claiming desktop on an Android phone does not get control.
        let android = "Mozilla/5.0 (Linux; Android 14; Pixel 8) Mobile Safari/537.36";
        h.insert("user-agent", android.parse().unwrap());
        let (d, _) = claimed_device(&h, &req(DeviceClass::Desktop, None));
        assert_eq!((d.class, d.os), (DeviceClass::Mobile, Os::Android));
    }
}
