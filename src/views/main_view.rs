use chat_client::web::ClientHandle;
use leptos::prelude::*;

use crate::components::{
    AccountSettings, AddContact, BlockedList, ChatView, ConnectionStatus, ConversationList,
    GroupsPanel, NewChat, OwnStatus, RosterList, SubscriptionRequests,
};
use crate::state::AppState;

/// The logged-in layout: a sidebar with chats and contacts, and the open chat.
#[component]
pub fn MainView() -> impl IntoView {
    let state = expect_context::<AppState>();
    let handle = expect_context::<ClientHandle>();
    let logout = move |_| handle.logout(false);
    let chat_open = move || state.active.get().is_some();

    view! {
        <div class="main" data-testid="main-view" class:chat-open=chat_open>
            <header class="topbar">
                <span class="brand">"Jibber"</span>
                <span class="own-jid" data-testid="own-jid">{move || state.own_jid.get()}</span>
                <ConnectionStatus/>
                <OwnStatus/>
                <AccountSettings/>
                <button class="ghost" data-testid="logout" on:click=logout>"Log out"</button>
            </header>
            <Show when=move || state.storage_error.get().is_some()>
                <p class="warning banner" role="alert">{move || state.storage_error.get().unwrap_or_default()}</p>
            </Show>
            <Show when=move || state.notice.get().is_some()>
                <p class="notice" role="status" data-testid="notice">
                    {move || state.notice.get().unwrap_or_default()}
                    <button class="ghost small" aria-label="Dismiss" on:click=move |_| state.notice.set(None)>"×"</button>
                </p>
            </Show>
            <nav class="sidebar" aria-label="Chats and contacts">
                <NewChat/>
                <SubscriptionRequests/>
                <GroupsPanel/>
                <ConversationList/>
                <AddContact/>
                <RosterList/>
                <BlockedList/>
            </nav>
            <section class="chat-pane" aria-label="Conversation">
                {move || match state.active.get() {
                    Some(id) => view! { <ChatView id=id/> }.into_any(),
                    None => view! { <p class="empty">"Pick a chat or start a new one."</p> }.into_any(),
                }}
            </section>
        </div>
    }
}
