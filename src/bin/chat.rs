//! The customer chat bundle: `/chat`.
fn main() {
    console_error_panic_hook::set_once();
    remote_assist::customer::mount_chat();
    remote_assist::browser::mark_mounted("chat");
}
