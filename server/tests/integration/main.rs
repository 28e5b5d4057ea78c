//! Integration tests: the server runs in this process (or, for the kill
//! test, as the real binary) on loopback sockets with its own data directory.

mod common;

mod auth;
mod bad_input;
mod browser_view;
mod cli;
mod delivery;
mod limits;
mod persistence;
mod pins;
mod sessions;
mod static_files;
mod websocket;
