//! A request's answer as a signal: `None` while the first one is on its
//! way, then the latest answer; [`Load::refetch`] asks again (the answer
//! before stays until the new one comes). What the operator pages use of
//! `LocalResource`, without its async derived signal, which the bundle
//! carries once per type of answer.

use std::future::Future;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::ApiError;

pub struct Load<T: 'static> {
    value: RwSignal<Option<Result<T, ApiError>>>,
    ask: StoredValue<Box<dyn Fn()>, LocalStorage>,
}

impl<T> Clone for Load<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Load<T> {}

impl<T: Clone + Send + Sync + 'static> Load<T> {
    /// Asks at once, with `fetch`, and again on each [`Load::refetch`].
    pub fn new<Fut>(fetch: impl Fn() -> Fut + 'static) -> Load<T>
    where
        Fut: Future<Output = Result<T, ApiError>> + 'static,
    {
        let value = RwSignal::new(None);
        // Only the latest request's answer is kept.
        let asked = StoredValue::new(0u32);
        let ask = move || {
            let Some(n) = asked.try_update_value(|n| {
                *n += 1;
                *n
            }) else {
                return;
            };
            let request = untrack(&fetch);
            spawn_local(async move {
                let answer = request.await;
                if asked.try_get_value() == Some(n) {
                    value.try_set(Some(answer));
                }
            });
        };
        let load = Load {
            value,
            ask: StoredValue::new_local(Box::new(ask)),
        };
        load.refetch();
        load
    }

    /// The latest answer (tracked): `None` until the first comes.
    pub fn get(&self) -> Option<Result<T, ApiError>> {
        self.value.get()
    }

    /// Asks again (nothing once the page that made it is gone: a late
    /// socket callback may still ask).
    pub fn refetch(&self) {
        self.ask.try_with_value(|ask| ask());
    }
}
