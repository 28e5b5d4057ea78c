//! The chats an operator page has open, one [`ChatStore`] per conversation,
//! all over the page's one socket. Each store's history comes over HTTP
//! (with loading and error states) and the socket's Sync keeps it live.

use std::collections::HashMap;

use leptos::prelude::*;

use crate::i18n::Key;
use protocol::ws::ServerFrame;

use super::auth::sign_in_again;
use crate::api;
use crate::components::ChatStore;
use crate::socket::Socket;

#[derive(Clone, Copy)]
pub struct OperatorChats {
    stores: StoredValue<HashMap<String, ChatStore>>,
    /// The page's owner: stores live as long as the page, not as long as
    /// whichever view first asked for them.
    owner: StoredValue<Option<Owner>>,
    socket: StoredValue<Option<Socket>>,
}

impl Default for OperatorChats {
    fn default() -> Self {
        OperatorChats::new()
    }
}

impl OperatorChats {
    /// Call in the page's body.
    pub fn new() -> OperatorChats {
        OperatorChats {
            stores: StoredValue::new(HashMap::new()),
            owner: StoredValue::new(Owner::current()),
            socket: StoredValue::new(None),
        }
    }

    /// The conversation's store, made (and its history fetched) on first use.
    pub fn store(&self, conversation_id: &str) -> ChatStore {
        if let Some(store) = self.stores.with_value(|s| s.get(conversation_id).copied()) {
            return store;
        }
        let make = || ChatStore::operator(conversation_id);
        let store = match self.owner.get_value() {
            Some(owner) => owner.with(make),
            None => make(),
        };
        self.stores.update_value(|s| {
            s.insert(conversation_id.to_string(), store);
        });
        load_history(store);
        if let Some(socket) = self.socket.get_value() {
            if socket.is_open() {
                store.on_open(socket);
            }
        }
        store
    }

    /// Fetches a conversation's history again (after it failed).
    pub fn reload_callback(&self, conversation_id: &str) -> Callback<()> {
        let chats = *self;
        let id = conversation_id.to_string();
        Callback::new(move |_| {
            if let Some(store) = chats.stores.with_value(|s| s.get(&id).copied()) {
                load_history(store);
            }
        })
    }

    /// After every (re)connection: every open chat syncs and resends.
    pub fn on_open(&self, socket: Socket) {
        self.socket.set_value(Some(socket));
        let stores: Vec<ChatStore> = self.stores.with_value(|s| s.values().copied().collect());
        for store in stores {
            store.on_open(socket);
        }
    }

    /// Hands a frame to the chat it concerns; false when none took it.
    pub fn handle_frame(&self, frame: &ServerFrame) -> bool {
        let stores: Vec<ChatStore> = self
            .stores
            .try_with_value(|s| s.values().copied().collect())
            .unwrap_or_default();
        stores.iter().any(|store| store.handle_frame(frame))
    }
}

fn load_history(store: ChatStore) {
    let Some(id) = store.conversation_id() else {
        return;
    };
    store
        .history
        .set(crate::components::chat_store::History::Loading);
    leptos::task::spawn_local(async move {
        match api::messages(&id, 0).await {
            Ok(messages) => store.load(messages),
            Err(e) if e.is_unauthorized() => sign_in_again(),
            Err(_) => store.load_failed(Key::ChatLoadFailed),
        }
    });
}
