//! Pure logic and wire types shared by the browser app and the server.
//!
//! Nothing here does I/O, so everything is unit-tested natively.

pub mod api;
pub mod chat;
pub mod device;
pub mod event;
pub mod linkify;
pub mod links;
pub mod pin;
pub mod session;
pub mod text;
pub mod ws;

pub use device::{DeviceClass, DeviceInfo, Os};
pub use pin::{Pin, PinError};
pub use session::{Mode, SessionStatus};
