//! The operator bundle: `/login`, `/agent`, `/console`.
fn main() {
    console_error_panic_hook::set_once();
    remote_assist::operator::mount();
}
