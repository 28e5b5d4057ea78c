//! The command line: the demo operator (created once, password shown once)
//! and the `operator` subcommands.

use std::process::Stdio;

use protocol::api::paths;
use reqwest::StatusCode;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

use crate::common::PASSWORD;
use crate::persistence::command;

async fn run(data: &std::path::Path, args: &[&str], stdin: &str) -> (bool, String) {
    let mut child = command(data)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .await
        .unwrap();
    let out = child.wait_with_output().await.unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

async fn sign_in(url: &str, email: &str, password: &str) -> StatusCode {
    reqwest::Client::new()
        .post(format!("{url}{}", paths::LOGIN))
        .json(&serde_json::json!({"email": email, "password": password}))
        .send()
        .await
        .unwrap()
        .status()
}

/// Starts `serve` with the demo operator setting; returns the process,
/// its URL, and the first line of its standard output.
async fn serve_with_demo(
    data: &std::path::Path,
) -> (tokio::process::Child, String, Option<String>) {
    let mut child = command(data)
        .env("RA_DEMO_OPERATOR", "true")
        .args(["serve", "--listen", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut stderr = BufReader::new(child.stderr.take().unwrap()).lines();
    let mut url = None;
    while let Some(line) = stderr.next_line().await.unwrap() {
        if let Some((_, rest)) = line.split_once("listening on ") {
            url = Some(rest.split_whitespace().next().unwrap().to_string());
            break;
        }
    }
    tokio::spawn(async move { while let Ok(Some(_)) = stderr.next_line().await {} });
    // The demo line, if any, is printed before the server listens.
    let first = tokio::time::timeout(std::time::Duration::from_millis(300), stdout.next_line())
        .await
        .ok()
        .and_then(|r| r.unwrap());
    (child, url.expect("listening"), first)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_operator_is_created_once_and_shown_once() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let (mut server, url, line) = serve_with_demo(&data).await;
    let line = line.expect("the demo credentials are printed");
    assert!(line.contains("demo@example.com"), "{line}");
    let password = line.rsplit("password ").next().unwrap().trim().to_string();
    assert_eq!(password.len(), 16);
    assert_eq!(
        sign_in(&url, "demo@example.com", &password).await,
        StatusCode::OK
    );
    server.kill().await.unwrap();

    let (mut server, url, line) = serve_with_demo(&data).await;
    assert_eq!(line, None, "shown once only");
    assert_eq!(
        sign_in(&url, "demo@example.com", &password).await,
        StatusCode::OK
    );
    server.kill().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn operator_subcommands() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let email = "ann@example.com";
    let (ok, out) = run(
        &data,
        &["operator", "add", email, "--name", "Ann"],
        &format!("{PASSWORD}\n"),
    )
    .await;
    assert!(ok, "{out}");
    let (ok, _) = run(
        &data,
        &["operator", "add", email, "--name", "Ann"],
        &format!("{PASSWORD}\n"),
    )
    .await;
    assert!(!ok, "the same email twice");
    let (ok, _) = run(
        &data,
        &["operator", "add", "bob@example.com", "--name", "Bob"],
        "short\n",
    )
    .await;
    assert!(!ok, "a too short password");

    let (mut server, url) = crate::persistence::spawn_server(&data).await;
    assert_eq!(sign_in(&url, email, PASSWORD).await, StatusCode::OK);
    assert!(
        run(
            &data,
            &["operator", "set-password", email],
            "a new password\r\n"
        )
        .await
        .0
    );
    assert_eq!(
        sign_in(&url, email, PASSWORD).await,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(sign_in(&url, email, "a new password").await, StatusCode::OK);
    assert!(run(&data, &["operator", "disable", email], "").await.0);
    assert_eq!(
        sign_in(&url, email, "a new password").await,
        StatusCode::UNAUTHORIZED
    );
    assert!(run(&data, &["operator", "enable", email], "").await.0);
    assert_eq!(sign_in(&url, email, "a new password").await, StatusCode::OK);
    assert!(
        !run(&data, &["operator", "disable", "nobody@example.com"], "")
            .await
            .0
    );
    server.kill().await.unwrap();
}
