//! `ra-bench`: the service half of `scripts/bench.sh`.
//!
//! `ra-bench echo-server` is the baseline: a bare tokio-tungstenite echo
//! server. `ra-bench service` measures the real server and the baseline in
//! the same run and prints rows `ROW|measure|value|target|baseline|verdict`.
//! Every run is bounded in count and time and stops by itself.

mod echo;
mod load;
mod stats;

use clap::{Parser, Subcommand};

#[derive(Parser)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// The baseline: a bare WebSocket echo server.
    EchoServer {
        #[arg(long, default_value = "127.0.0.1:8096")]
        listen: String,
    },
    /// Measures the server against the baseline.
    Service(load::ServiceArgs),
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    match cli.command {
        Command::EchoServer { listen } => runtime.block_on(echo::serve(&listen)),
        Command::Service(args) => runtime.block_on(load::run(args)),
    }
}
