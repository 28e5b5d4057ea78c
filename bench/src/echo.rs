//! The baseline: accepts WebSockets and sends every text frame back. It
//! uses the same WebSocket settings as the server (`ws_config`), so the
//! figures beside ours show what our code adds to the library itself.

use futures_util::{SinkExt, StreamExt};
use tokio::net::TcpListener;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;

/// The server's WebSocket settings (server/src/ws.rs).
pub fn server_ws_config() -> WebSocketConfig {
    WebSocketConfig::default()
        .read_buffer_size(4 * 1024)
        .write_buffer_size(4 * 1024)
        .max_write_buffer_size(1024 * 1024)
        .max_message_size(Some(64 * 1024))
        .max_frame_size(Some(64 * 1024))
}

pub async fn serve(listen: &str) -> anyhow::Result<()> {
    let listener = TcpListener::bind(listen).await?;
    loop {
        let (stream, _) = listener.accept().await?;
        let _ = stream.set_nodelay(true);
        tokio::spawn(async move {
            let config = Some(server_ws_config());
            let Ok(ws) = tokio_tungstenite::accept_async_with_config(stream, config).await else {
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
