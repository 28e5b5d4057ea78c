//! The customer bundle: `/`, `/NNNNNN`, `/?code=NNNNNN`. In release builds
//! no panic hook: a panic stops the app where it is, and the
//! hook's message formatting is about 1 KB brotli of the page.
fn main() {
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    remote_assist::customer::mount();
}
