//! The baseline: accepts WebSockets and sends every text frame back.

use futures_util::{SinkExt, StreamExt};
use tokio::net::TcpListener;

pub async fn serve(listen: &str) -> anyhow::Result<()> {
    let listener = TcpListener::bind(listen).await?;
    loop {
        let (stream, _) = listener.accept().await?;
        tokio::spawn(async move {
            let Ok(ws) = tokio_tungstenite::accept_async(stream).await else {
                return;
            };
            let (mut tx, mut rx) = ws.split();
            while let Some(Ok(msg)) = rx.next().await {
                if msg.is_text() && tx.send(msg).await.is_err() {
                    break;
                }
            }
        });
    }
}
