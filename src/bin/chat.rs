//! The customer chat bundle: `/chat` (no panic hook in release builds, as
//! in `customer.rs`).
fn main() {
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    remote_assist::customer::mount_chat();
}
