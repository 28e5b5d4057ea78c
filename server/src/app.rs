//! The shared state, the router, and the background sweeper.

use std::ops::Deref;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use axum::{middleware, Json, Router};
use protocol::api::{Presence, PublicConfig};
use tokio::sync::watch;
use tower_http::trace::TraceLayer;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::{self, OperatorAuth};
use crate::clock::Clock;
use crate::config::Config;
use crate::db::Db;
use crate::error::ApiError;
use crate::hub::Hub;
use crate::limiter::{Backoff, GuessLimiter, GuessPolicy, LoginLimiter, WindowLimiter};
use crate::openapi::schemas;
use crate::{chat, conversations, openapi, pins, sessions, web, ws};

/// Request bodies larger than this are refused (413).
pub const BODY_LIMIT_BYTES: usize = 16 * 1024;

pub struct Inner {
    pub config: Config,
    pub db: Db,
    pub clock: Arc<dyn Clock>,
    pub hub: Hub,
    pub guesses: GuessLimiter,
    pub logins: LoginLimiter,
    pub new_chats: WindowLimiter,
    /// Chat messages per sender per conversation per minute.
    pub messages: WindowLimiter,
    /// Writes chat messages (see `chat::send`).
    pub chat_writer: chat::Writer,
    /// Turns true when the server stops; sockets and the sweeper end.
    pub shutdown: watch::Receiver<bool>,
    pub csp: HeaderValue,
    pub openapi_json: OnceLock<String>,
    dummy_hash: OnceLock<String>,
}

#[derive(Clone)]
pub struct AppState(Arc<Inner>);

impl From<Arc<Inner>> for AppState {
    fn from(inner: Arc<Inner>) -> AppState {
        AppState(inner)
    }
}

impl Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

impl AppState {
    pub fn new(
        config: Config,
        db: Db,
        clock: Arc<dyn Clock>,
        shutdown: watch::Receiver<bool>,
    ) -> anyhow::Result<AppState> {
        let s = &config.settings;
        let guesses = GuessLimiter::new(
            clock.clone(),
            GuessPolicy {
                backoff: Backoff {
                    free: s.guess_free,
                    base_delay_ms: (s.guess_base_delay_secs as i64) * 1000,
                    max_delay_ms: (s.guess_max_delay_secs as i64) * 1000,
                    forget_after_ms: (s.guess_forget_secs as i64) * 1000,
                },
                breaker_threshold: s.guess_breaker_threshold,
                breaker_window_ms: (s.guess_breaker_window_secs as i64) * 1000,
                breaker_free: s.guess_breaker_free,
            },
        );
        let new_chats = WindowLimiter::new(clock.clone(), s.conversations_per_minute, 60_000);
        let messages = WindowLimiter::new(clock.clone(), s.messages_per_minute, 60_000);
        let csp = HeaderValue::from_str(&config.content_security_policy())?;
        Ok(AppState(Arc::new_cyclic(|app| Inner {
            logins: LoginLimiter::new(clock.clone()),
            guesses,
            new_chats,
            messages,
            chat_writer: chat::Writer::start(app.clone()),
            hub: Hub::default(),
            db,
            clock,
            shutdown,
            csp,
            openapi_json: OnceLock::new(),
            dummy_hash: OnceLock::new(),
            config,
        })))
    }

    /// Runs `f` on a blocking thread: for request work that writes more
    /// than once (a change, then its event), each write waiting for the
    /// connection, which must not happen on one of the runtime's workers
    /// (see `Db::write`). For rare actions: it costs a hop to another
    /// thread and back.
    pub async fn blocking<R, F>(&self, f: F) -> R
    where
        F: FnOnce(&AppState) -> R + Send + 'static,
        R: Send + 'static,
    {
        let app = self.clone();
        match tokio::task::spawn_blocking(move || f(&app)).await {
            Ok(r) => r,
            Err(e) => match e.try_into_panic() {
                Ok(payload) => std::panic::resume_unwind(payload),
                Err(e) => panic!("request work was cancelled: {e}"),
            },
        }
    }

    /// A hash to verify against when the account does not exist, so that
    /// unknown accounts take as long as known ones.
    pub fn dummy_password_hash(&self) -> &str {
        self.dummy_hash.get_or_init(|| {
            auth::hash_password(
                "not a password",
                self.config.settings.password_hash_memory_kib,
            )
            .unwrap_or_default()
        })
    }
}

/// The whole service: the API (all of it through the OpenAPI router), the
/// WebSocket, and the built app.
pub fn router(state: AppState) -> Router {
    let (api, doc) = OpenApiRouter::with_openapi(openapi::ApiDoc::openapi())
        .routes(routes!(health))
        .routes(routes!(openapi::document))
        .routes(routes!(ws::upgrade))
        .routes(routes!(public_config))
        .routes(routes!(auth::login))
        .routes(routes!(auth::logout))
        .routes(routes!(auth::me))
        .routes(routes!(auth::operator_config))
        .routes(routes!(conversations::start_conversation))
        .routes(routes!(
            conversations::customer_history,
            conversations::customer_send
        ))
        .routes(routes!(conversations::list))
        .routes(routes!(
            conversations::history,
            conversations::operator_send
        ))
        .routes(routes!(conversations::take))
        .routes(routes!(conversations::close))
        .routes(routes!(pins::create))
        .routes(routes!(pins::check))
        .routes(routes!(pins::claim))
        .routes(routes!(pins::qr))
        .routes(routes!(sessions::list))
        .routes(routes!(sessions::start))
        .routes(routes!(sessions::end_by_technician))
        .routes(routes!(sessions::customer_view))
        .routes(routes!(sessions::customer_end))
        .routes(routes!(presence))
        .split_for_parts();
    let json = doc.to_pretty_json().unwrap_or_default();
    let _ = state.openapi_json.set(json);

    Router::new()
        .merge(api)
        .route("/api", any(api_not_found))
        .route("/api/{*rest}", any(api_not_found))
        .merge(web::routes(&state.config.settings.dist))
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(BODY_LIMIT_BYTES))
        .layer(middleware::from_fn_with_state(state.clone(), web::headers))
        .layer(
            // Paths only: query strings may hold a PIN.
            TraceLayer::new_for_http().make_span_with(|req: &Request| {
                tracing::debug_span!("http", method = %req.method(), path = %req.uri().path())
            }),
        )
        .with_state(state)
}

async fn api_not_found() -> ApiError {
    ApiError::not_found("not_found", "There is nothing at this address.")
}

async fn method_not_allowed() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "This address does not take this method.",
    )
}

/// 200 when the server can serve (its database answers).
#[utoipa::path(get, path = "/healthz", tag = "service",
    responses(
        (status = 200, description = "Serving", body = String),
        (status = 503, description = "The database does not answer", body = schemas::ErrorBody),
    ))]
pub async fn health(State(app): State<AppState>) -> Response {
    match app
        .db
        .write(|c| c.query_row("SELECT 1", [], |r| r.get::<_, i64>(0)))
        .await
    {
        Ok(_) => "ok".into_response(),
        Err(e) => {
            tracing::error!(%e, "health check failed");
            ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "unavailable",
                "The database does not answer.",
            )
            .into_response()
        }
    }
}

/// What customer pages need: names, download and store links, ICE servers.
#[utoipa::path(get, path = "/api/public/config", tag = "customer",
    responses((status = 200, body = schemas::PublicConfig)))]
pub async fn public_config(State(app): State<AppState>) -> Json<PublicConfig> {
    let s = &app.config.settings;
    Json(PublicConfig {
        org_name: s.org_name.clone(),
        windows_download_url: s.windows_download_url.clone(),
        mac_download_url: s.mac_download_url.clone(),
        app_store_url: s.app_store_url.clone(),
        play_store_url: s.play_store_url.clone(),
        app_link_template: s.app_link_template.clone(),
        mobile_link_base: app.config.mobile_link_base.clone(),
        ice_servers: app.config.ice_servers.clone(),
    })
}

/// Technician consoles online (operators with a `?client=console` socket).
#[utoipa::path(get, path = "/api/presence", tag = "operator",
    security(("cookie" = [])),
    responses(
        (status = 200, body = schemas::Presence),
        (status = 401, body = schemas::ErrorBody),
        (status = 403, body = schemas::ErrorBody),
    ))]
pub async fn presence(
    State(app): State<AppState>,
    OperatorAuth(_op): OperatorAuth,
) -> Json<Presence> {
    Json(app.hub.presence())
}

/// Operators' conversation summaries: what changed within this long goes
/// out together, each conversation once.
const SUMMARY_GATHER: Duration = Duration::from_millis(100);

/// Sends operators the summaries of the conversations that changed.
pub fn spawn_summaries(app: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut shutdown = app.shutdown.clone();
        loop {
            let due = tokio::select! {
                _ = shutdown.changed() => break,
                due = app.hub.summaries_due(SUMMARY_GATHER) => due,
            };
            // Reading the summaries blocks: not on the runtime's workers,
            // whose sockets would wait meanwhile.
            let app = app.clone();
            let _ = tokio::task::spawn_blocking(move || {
                conversations::broadcast_summaries(&app, due);
            })
            .await;
        }
    })
}

/// How often the WAL is copied into the database file. Often, so that each
/// checkpoint has little to copy and the WAL starts over soon (see
/// [`crate::db::Checkpointer`]); one with nothing to copy costs nothing.
const CHECKPOINT_EVERY: Duration = Duration::from_millis(250);

/// Every `CHECKPOINT_EVERY`, on a blocking thread: a checkpoint of the
/// database's WAL (see [`crate::db::Checkpointer`]). The WAL holds what was
/// written since the last one, so this bounds its size.
pub fn spawn_checkpointer(app: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut checkpointer = match app.db.checkpointer() {
            Ok(c) => c,
            Err(e) => {
                tracing::error!(%e, "no checkpoint connection; the serving one checkpoints");
                return;
            }
        };
        let mut shutdown = app.shutdown.clone();
        let mut tick = tokio::time::interval(CHECKPOINT_EVERY);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                _ = shutdown.changed() => break,
                _ = tick.tick() => {}
            }
            let done = tokio::task::spawn_blocking(move || {
                let result = checkpointer.run();
                (checkpointer, result)
            })
            .await;
            match done {
                Ok((c, result)) => {
                    checkpointer = c;
                    if let Err(e) = result {
                        tracing::warn!(%e, "checkpoint failed");
                    }
                }
                Err(e) => {
                    tracing::error!(%e, "checkpoint thread failed");
                    return;
                }
            }
        }
    })
}

/// Every second: expire PINs, time out waiting sessions; every minute:
/// forget old limiter entries and expired sign-ins.
pub fn spawn_sweeper(app: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut shutdown = app.shutdown.clone();
        let mut tick = tokio::time::interval(Duration::from_secs(1));
        let mut n: u64 = 0;
        loop {
            tokio::select! {
                _ = shutdown.changed() => break,
                _ = tick.tick() => {}
            }
            // The sweeps write: on a blocking thread, so that waiting for
            // the database never holds up the runtime's workers.
            n += 1;
            let app = app.clone();
            let swept = tokio::task::spawn_blocking(move || {
                pins::sweep(&app);
                sessions::sweep(&app);
                if n.is_multiple_of(60) {
                    app.guesses.prune();
                    app.logins.prune();
                    app.new_chats.prune();
                    app.messages.prune();
                    let now = app.clock.now_ms();
                    let _ = app.db.with(|c| {
                        c.execute(
                            "DELETE FROM operator_sessions WHERE expires_at_ms <= ?1",
                            [now],
                        )
                    });
                }
            })
            .await;
            if let Err(e) = swept {
                tracing::error!(%e, "a sweep failed");
            }
        }
    })
}
