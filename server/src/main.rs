//! `remote-assist-server`: the command line. Everything else is in the library.

use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;

use anyhow::Context;
use clap::{Parser, Subcommand};
use remote_assist_server::{db::Db, operators, Settings};

#[derive(Parser)]
#[command(
    name = "remote-assist-server",
    version,
    about,
    args_conflicts_with_subcommands = true
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Settings for `serve`, the default command.
    #[command(flatten)]
    settings: Settings,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the app, the API and the WebSocket (the default).
    Serve(Box<Settings>),
    /// Manage operator accounts (agents and technicians).
    Operator {
        /// Directory of the database.
        #[arg(long, env = "RA_DATA", default_value = "data", global = true)]
        data: PathBuf,
        /// Argon2id memory cost for new password hashes, in KiB.
        #[arg(
            long,
            env = "RA_PASSWORD_HASH_MEMORY_KIB",
            default_value_t = 19_456,
            global = true
        )]
        password_hash_memory_kib: u32,
        #[command(subcommand)]
        action: OperatorAction,
    },
}

#[derive(Subcommand)]
enum OperatorAction {
    /// Add an operator; the password is read from standard input.
    Add {
        email: String,
        #[arg(long)]
        name: String,
    },
    /// Disable an operator and end their sign-ins.
    Disable { email: String },
    /// Let a disabled operator sign in again.
    Enable { email: String },
    /// Set a new password, read from standard input.
    SetPassword { email: String },
}

fn read_password() -> anyhow::Result<String> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        eprint!("Password: ");
        std::io::stderr().flush()?;
    }
    let mut line = String::new();
    stdin
        .lock()
        .read_line(&mut line)
        .context("cannot read the password")?;
    Ok(line.trim_end_matches(['\n', '\r']).to_string())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down");
}

fn init_logs() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .init();
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    init_logs();
    let cli = Cli::parse();
    match cli.command {
        None => remote_assist_server::serve(cli.settings, shutdown_signal()).await,
        Some(Command::Serve(settings)) => {
            remote_assist_server::serve(*settings, shutdown_signal()).await
        }
        Some(Command::Operator {
            data,
            password_hash_memory_kib: memory,
            action,
        }) => {
            let db = Db::open(&data)?;
            match action {
                OperatorAction::Add { email, name } => {
                    let password = read_password()?;
                    let id = operators::add(&db, &email, &name, &password, memory)?;
                    println!("Operator {email} added (id {id}).");
                }
                OperatorAction::Disable { email } => {
                    operators::disable(&db, &email)?;
                    println!("Operator {email} disabled.");
                }
                OperatorAction::Enable { email } => {
                    operators::enable(&db, &email)?;
                    println!("Operator {email} enabled.");
                }
                OperatorAction::SetPassword { email } => {
                    let password = read_password()?;
                    operators::set_password(&db, &email, &password, memory)?;
                    println!("Password of {email} set.");
                }
            }
            Ok(())
        }
    }
}
