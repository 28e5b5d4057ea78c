//! Remote Assist in the browser: the customer and operator apps.
pub fn placeholder() {}
