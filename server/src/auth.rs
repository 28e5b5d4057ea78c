//! Who is calling: operators by their sign-in cookie, customers by a bearer
//! token (the conversation token for chat calls, the session token for
//! session calls). Sign-in, sign-out, and password hashing.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use protocol::api::{LoginRequest, Operator, OperatorConfig};
use rand::rngs::OsRng;
use rusqlite::OptionalExtension;

use crate::app::AppState;
use crate::db::{random_token, token_hash};
use crate::error::{ApiError, ApiJson};
use crate::limiter::Source;
use crate::openapi::schemas;

pub const COOKIE: &str = "ra_session";

/// Argon2id with the given memory cost (KiB), 2 passes, 1 lane.
pub fn hash_password(password: &str, memory_kib: u32) -> anyhow::Result<String> {
    let params = Params::new(memory_kib.max(8), 2, 1, None).map_err(anyhow::Error::msg)?;
    let salt = SaltString::generate(&mut OsRng);
    let hash = Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password(password.as_bytes(), &salt)
        .map_err(anyhow::Error::msg)?;
    Ok(hash.to_string())
}

/// Checks a password against a stored hash (its own parameters apply).
pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

fn cookie_value<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim())
}

pub fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
        .map(str::trim)
        .filter(|t| !t.is_empty())
}

/// The signed-in operator of a request, if any.
pub fn operator_from_headers(app: &AppState, headers: &HeaderMap) -> Option<Operator> {
    let token = cookie_value(headers, COOKIE)?;
    let now = app.clock.now_ms();
    app.db
        .read(|c| {
            c.prepare_cached(
                "SELECT o.id, o.email, o.name FROM operator_sessions s
                 JOIN operators o ON o.id = s.operator_id
                 WHERE s.token_hash = ?1 AND s.expires_at_ms > ?2 AND o.disabled = 0",
            )?
            .query_row((token_hash(token), now), |r| {
                Ok(Operator {
                    id: r.get(0)?,
                    email: r.get(1)?,
                    name: r.get(2)?,
                })
            })
            .optional()
        })
        .unwrap_or_else(|e| {
            tracing::error!(%e, "operator lookup failed");
            None
        })
}

/// A customer's conversation, found by its token.
#[derive(Clone, Debug)]
pub struct CustomerChat {
    pub conversation_id: String,
    pub customer_name: String,
}

pub fn chat_for_token(app: &AppState, token: &str) -> Option<CustomerChat> {
    app.db
        .read(|c| {
            c.prepare_cached("SELECT id, customer_name FROM conversations WHERE token_hash = ?1")?
                .query_row([token_hash(token)], |r| {
                    Ok(CustomerChat {
                        conversation_id: r.get(0)?,
                        customer_name: r.get(1)?,
                    })
                })
                .optional()
        })
        .ok()
        .flatten()
}

/// A customer's remote-assist session, found by its token.
#[derive(Clone, Debug)]
pub struct CustomerSession {
    pub session_id: String,
}

pub fn session_for_token(app: &AppState, token: &str) -> Option<CustomerSession> {
    app.db
        .read(|c| {
            c.prepare_cached("SELECT id FROM sessions WHERE token_hash = ?1")?
                .query_row([token_hash(token)], |r| {
                    Ok(CustomerSession {
                        session_id: r.get(0)?,
                    })
                })
                .optional()
        })
        .ok()
        .flatten()
}

/// Extractor for operator endpoints: 401 without a valid sign-in, 403 for
/// a customer's token.
pub struct OperatorAuth(pub Operator);

impl FromRequestParts<AppState> for OperatorAuth {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Self, ApiError> {
        if let Some(op) = operator_from_headers(app, &parts.headers) {
            return Ok(OperatorAuth(op));
        }
        if let Some(token) = bearer(&parts.headers) {
            if chat_for_token(app, token).is_some() || session_for_token(app, token).is_some() {
                return Err(ApiError::forbidden(
                    "Customers cannot use this: it is for signed-in agents and technicians.",
                ));
            }
        }
        Err(ApiError::unauthorized())
    }
}

impl FromRequestParts<AppState> for CustomerChat {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Self, ApiError> {
        bearer(&parts.headers)
            .and_then(|t| chat_for_token(app, t))
            .ok_or_else(|| {
                ApiError::new(
                    StatusCode::UNAUTHORIZED,
                    "unauthorized",
                    "This chat is not available: its token is missing or not valid.",
                )
            })
    }
}

impl FromRequestParts<AppState> for CustomerSession {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Self, ApiError> {
        bearer(&parts.headers)
            .and_then(|t| session_for_token(app, t))
            .ok_or_else(|| {
                ApiError::new(
                    StatusCode::UNAUTHORIZED,
                    "unauthorized",
                    "This session is not available: its token is missing or not valid.",
                )
            })
    }
}

fn session_cookie(app: &AppState, token: &str, max_age_secs: u64) -> String {
    let secure = if app.config.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    format!("{COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age_secs}{secure}")
}

/// Sign in: sets the `ra_session` cookie (HttpOnly, SameSite=Strict, Secure
/// when configured). Failed attempts are limited per address and account.
#[utoipa::path(post, path = "/api/auth/login", tag = "auth",
    request_body = schemas::LoginRequest,
    responses(
        (status = 200, description = "Signed in; the cookie is set", body = schemas::Operator),
        (status = 401, description = "Wrong email or password", body = schemas::ErrorBody),
        (status = 429, description = "Too many failed attempts", body = schemas::ErrorBody),
    ))]
pub async fn login(
    State(app): State<AppState>,
    Source(source): Source,
    ApiJson(req): ApiJson<LoginRequest>,
) -> Result<Response, ApiError> {
    let email = req.email.trim().to_lowercase();
    if email.is_empty() || req.password.is_empty() {
        return Err(ApiError::bad_request(
            "missing_credentials",
            "Enter your email and password.",
        ));
    }
    if email.len() > 254 || req.password.len() > 1024 {
        return Err(ApiError::bad_request(
            "credentials_too_long",
            "The email or password is too long.",
        ));
    }
    app.logins
        .begin(&source, &email)
        .map_err(|l| ApiError::too_many(l.retry_after_secs, "Too many failed sign-in attempts."))?;
    let row = app.db.read(|c| {
        c.query_row(
            "SELECT id, email, name, password_hash FROM operators
             WHERE email = ?1 AND disabled = 0",
            [&email],
            |r| {
                Ok((
                    Operator {
                        id: r.get(0)?,
                        email: r.get(1)?,
                        name: r.get(2)?,
                    },
                    r.get::<_, String>(3)?,
                ))
            },
        )
        .optional()
    })?;
    // Unknown accounts cost the same work as known ones.
    let hash = match &row {
        Some((_, hash)) => hash.clone(),
        None => app.dummy_password_hash().to_string(),
    };
    let password = req.password;
    let verified = tokio::task::spawn_blocking(move || verify_password(&password, &hash))
        .await
        .unwrap_or(false);
    let Some((operator, _)) = row.filter(|_| verified) else {
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "invalid_credentials",
            "The email or password is not correct.",
        ));
    };
    app.logins.succeeded(&source, &email);

    let token = random_token();
    let now = app.clock.now_ms();
    let hours = app.config.settings.operator_session_hours.max(1);
    let expires = now + (hours as i64) * 3_600_000;
    let row = (token_hash(&token), operator.id, now, expires);
    app.db
        .write(move |c| {
            c.execute(
                "INSERT INTO operator_sessions (token_hash, operator_id, created_at_ms,
                                                expires_at_ms)
                 VALUES (?1, ?2, ?3, ?4)",
                row,
            )
        })
        .await?;
    tracing::info!(operator = operator.id, "operator signed in");
    let cookie = session_cookie(&app, &token, hours * 3600);
    Ok(([(header::SET_COOKIE, cookie)], Json(operator)).into_response())
}

/// Sign out: ends this sign-in and clears the cookie.
#[utoipa::path(post, path = "/api/auth/logout", tag = "operator",
    security(("cookie" = [])),
    responses(
        (status = 204, description = "Signed out"),
        (status = 401, body = schemas::ErrorBody),
    ))]
pub async fn logout(
    State(app): State<AppState>,
    OperatorAuth(_op): OperatorAuth,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    if let Some(token) = cookie_value(&headers, COOKIE) {
        let hash = token_hash(token);
        app.db
            .write(move |c| {
                c.execute(
                    "DELETE FROM operator_sessions WHERE token_hash = ?1",
                    [hash],
                )
            })
            .await?;
    }
    let cookie = session_cookie(&app, "", 0);
    Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, cookie)]).into_response())
}

/// The signed-in operator.
#[utoipa::path(get, path = "/api/auth/me", tag = "operator",
    security(("cookie" = [])),
    responses(
        (status = 200, body = schemas::Operator),
        (status = 401, body = schemas::ErrorBody),
        (status = 403, description = "A customer token", body = schemas::ErrorBody),
    ))]
pub async fn me(OperatorAuth(op): OperatorAuth) -> Json<Operator> {
    Json(op)
}

/// Settings the agent desktop and technician console need.
#[utoipa::path(get, path = "/api/operator/config", tag = "operator",
    security(("cookie" = [])),
    responses(
        (status = 200, body = schemas::OperatorConfig),
        (status = 401, body = schemas::ErrorBody),
    ))]
pub async fn operator_config(
    State(app): State<AppState>,
    OperatorAuth(_op): OperatorAuth,
) -> Json<OperatorConfig> {
    let s = &app.config.settings;
    Json(OperatorConfig {
        org_name: s.org_name.clone(),
        pin_ttl_secs: s.pin_ttl_secs,
        waiting_timeout_secs: s.waiting_timeout_secs,
        waiting_warn_secs: s.waiting_warn_secs,
        desktop_link_base: app.config.desktop_link_base.clone(),
        mobile_link_base: app.config.mobile_link_base.clone(),
        manual_url: protocol::links::manual_url_display(&app.config.manual_url_base).to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify() {
        let h = hash_password("correct horse", 64).unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("correct horse", &h));
        assert!(!verify_password("wrong", &h));
        assert!(!verify_password("x", "not a hash"));
    }

    #[test]
    fn reads_cookies_and_bearers() {
        let mut h = HeaderMap::new();
        h.insert(header::COOKIE, "a=1; ra_session=abc ; b=2".parse().unwrap());
        h.insert(header::AUTHORIZATION, "Bearer tok".parse().unwrap());
        assert_eq!(cookie_value(&h, COOKIE), Some("abc"));
        assert_eq!(bearer(&h), Some("tok"));
    }
}
