//! The customer bundle: `/`, `/NNNNNN`, `/?code=NNNNNN`, `/chat`.
fn main() {
    console_error_panic_hook::set_once();
    remote_assist::customer::mount();
    remote_assist::browser::mark_mounted("customer");
}
