mod account;
pub mod activity;
mod add_contact;
pub mod announcer;
mod attach;
mod avatar;
mod avatar_picker;
mod block_toggle;
mod chat_view;
mod composer;
mod connection_status;
mod contact_actions;
mod conversation_list;
pub mod dialog_focus;
mod encryption;
mod group_header;
mod group_readers;
mod groups;
mod member_list;
mod message_actions;
mod message_body;
mod message_item;
mod message_reply;
mod moderate_action;
mod new_chat;
mod notifications;
mod occupant_actions;
mod occupant_list;
mod own_status;
mod preferences;
mod profile;
mod qr;
mod reading_position;
mod requests;
mod retention;
mod room_browser;
mod room_settings;
mod roster_list;
mod shared_file;
mod virtual_rows;

pub use account::AccountSettings;
pub use add_contact::AddContact;
pub use announcer::Announcer;
pub use chat_view::ChatView;
pub use connection_status::ConnectionStatus;
pub use conversation_list::ConversationList;
pub use groups::GroupsPanel;
pub use new_chat::NewChat;
pub use own_status::OwnStatus;
pub use preferences::Preferences;
pub use requests::{BlockedList, SubscriptionRequests};
pub use retention::RetentionSettings;
pub use roster_list::RosterList;

use chat_client::web::ClientHandle;
use chat_store::ConversationId;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::state::AppState;

/// Messages fetched per page of history.
pub const PAGE_SIZE: usize = 50;

/// Shows `id` and loads its newest messages.
pub fn show_conversation(state: AppState, handle: ClientHandle, id: ConversationId) {
    if state.active.get_untracked().as_ref() == Some(&id) {
        return;
    }
    state.messages.set(Vec::new());
    state.has_older.set(false);
    state.history_loading.set(false);
    state.active.set(Some(id.clone()));
    handle.set_active(Some(id.clone()));
    spawn_local(async move {
        match handle.load_messages(id.clone(), None, PAGE_SIZE).await {
            Ok(page) if state.active.get_untracked().as_ref() == Some(&id) => {
                // With nothing older stored, the server's archive may still have some.
                state
                    .has_older
                    .set(page.has_more || !page.messages.is_empty());
                // Keep anything that arrived while loading.
                state.messages.update(|list| {
                    let mut merged = page.messages;
                    merged.retain(|m| !list.iter().any(|n| n.id == m.id));
                    merged.append(list);
                    merged.sort_by(|a, b| (a.timestamp, &a.id).cmp(&(b.timestamp, &b.id)));
                    *list = merged;
                });
            }
            Ok(_) => {}
            Err(reason) => state
                .storage_error
                .set(Some(crate::reasons::client_error_text(&reason))),
        }
    });
}

/// Opens a 1:1 chat with `jid`, creating the conversation if needed.
pub fn open_direct_chat(
    state: AppState,
    handle: ClientHandle,
    jid: String,
    on_error: impl Fn(String) + 'static,
) {
    spawn_local(async move {
        match handle.open_direct(jid).await {
            Ok(id) => show_conversation(state, handle, id),
            Err(reason) => on_error(crate::reasons::client_error_text(&reason)),
        }
    });
}
