//! The Remote Assist service: HTTP API, WebSocket, SQLite storage, and the
//! built app. `main.rs` is only the command line; tests start the server
//! in-process with [`start`].

pub mod app;
pub mod auth;
pub mod chat;
pub mod clock;
pub mod config;
pub mod conversations;
pub mod db;
pub mod error;
pub mod hub;
pub mod limiter;
pub mod mailbox;
pub mod openapi;
pub mod operators;
pub mod pins;
pub mod sessions;
pub mod shell;
pub mod web;
pub mod ws;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::serve::ListenerExt;
use axum::Router;
use tokio::net::TcpListener;
use tokio::sync::{oneshot, watch};

pub use app::AppState;
pub use clock::{Clock, ManualClock, SystemClock};
pub use config::{Config, Settings};

/// A server ready to run: its state, its router, and its stop switch.
pub struct App {
    pub state: AppState,
    pub router: Router,
    shutdown: watch::Sender<bool>,
}

/// Opens the database (migrating it) and builds the service for a server
/// bound to `bound`.
pub fn build_app(
    settings: Settings,
    bound: SocketAddr,
    clock: Arc<dyn Clock>,
) -> anyhow::Result<App> {
    let db = db::Db::open(&settings.data)?;
    let config = Config::resolve(settings, bound);
    let (shutdown, stopped) = watch::channel(false);
    let state = AppState::new(config, db, clock, stopped)?;
    let router = app::router(state.clone());
    Ok(App {
        state,
        router,
        shutdown,
    })
}

/// Serves until `signal` completes, then stops: sockets close, the sweeper
/// ends, in-flight requests finish.
pub async fn serve_app(
    listener: TcpListener,
    app: App,
    signal: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let App {
        state,
        router,
        shutdown,
    } = app;
    let sweeper = app::spawn_sweeper(state.clone());
    let checkpointer = app::spawn_checkpointer(state.clone());
    let summaries = app::spawn_summaries(state.clone());
    drop(state);
    // Chat frames are small: send them at once, not after the peer's ACK.
    let listener = listener.tap_io(|tcp| {
        let _ = tcp.set_nodelay(true);
    });
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(async move {
        signal.await;
        let _ = shutdown.send(true);
    })
    .await?;
    let _ = sweeper.await;
    let _ = checkpointer.await;
    let _ = summaries.await;
    Ok(())
}

/// The `serve` command: binds, creates the demo operator if asked, serves
/// until `signal`.
pub async fn serve(
    settings: Settings,
    signal: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let listener = TcpListener::bind(settings.listen).await?;
    let addr = listener.local_addr()?;
    let demo = settings.demo_operator;
    let app = build_app(settings, addr, Arc::new(SystemClock))?;
    if demo {
        let memory = app.state.config.settings.password_hash_memory_kib;
        if let Some(password) = operators::ensure_demo(&app.state.db, memory)? {
            println!(
                "Demo operator created (shown once): email {} password {password}",
                operators::DEMO_EMAIL
            );
        }
    }
    if !app.state.config.settings.dist.join("customer").is_dir() {
        tracing::warn!(
            dist = %app.state.config.settings.dist.display(),
            "the built app is missing: pages answer 503 until it is built"
        );
    }
    tracing::info!("listening on http://{addr}");
    serve_app(listener, app, signal).await
}

/// A server running in this process (tests).
pub struct RunningServer {
    pub addr: SocketAddr,
    pub state: AppState,
    stop: Option<oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<anyhow::Result<()>>,
}

impl RunningServer {
    /// `http://ADDR`
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops the server and waits until it has let go of its port and state.
    pub async fn stop(mut self) -> anyhow::Result<()> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        drop(self.state);
        self.task.await?
    }
}

/// Starts a server on `settings.listen` (port 0 picks one) with this clock.
pub async fn start(settings: Settings, clock: Arc<dyn Clock>) -> anyhow::Result<RunningServer> {
    let listener = TcpListener::bind(settings.listen).await?;
    let addr = listener.local_addr()?;
    let app = build_app(settings, addr, clock)?;
    let state = app.state.clone();
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(serve_app(listener, app, async move {
        let _ = stopped.await;
    }));
    Ok(RunningServer {
        addr,
        state,
        stop: Some(stop),
        task,
    })
}
