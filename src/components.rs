//! Parts shared by the customer and operator apps: the chat (store, panel,
//! list, message, composer) and small helpers.

pub mod chat_panel;
pub mod chat_store;
pub mod composer;
pub mod lang_switch;
pub mod message_item;
pub mod message_list;
pub mod message_text;
pub mod offline_banner;
pub mod text_insert;

pub use chat_panel::ChatPanel;
pub use chat_store::{outbox_key, ChatLink, ChatStore};
pub use lang_switch::LangSwitch;
pub use text_insert::insert_at_cursor;
