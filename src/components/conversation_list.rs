use chat_client::web::ClientHandle;
use chat_store::Conversation;
use leptos::prelude::*;

use super::show_conversation;
use crate::format::initials;
use crate::i18n::{t, Msg};
use crate::state::AppState;

#[component]
pub fn ConversationList() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <section class="list-section" aria-labelledby="chats-heading">
            <h2 id="chats-heading">{t(Msg::Chats)}</h2>
            <super::notifications::NotificationSettings/>
            <Show when=move || state.conversations.with(Vec::is_empty)>
                <p class="empty small">{t(Msg::NoChats)}</p>
            </Show>
            <ul class="conversation-list" data-testid="conversation-list">
                <For
                    each=move || state.conversations.get()
                    key=|c: &Conversation| (c.id.clone(), c.unread, c.last_activity)
                    children=move |conversation| view! { <ConversationItem conversation=conversation/> }
                />
            </ul>
        </section>
    }
}

#[component]
fn ConversationItem(conversation: Conversation) -> impl IntoView {
    let state = expect_context::<AppState>();
    let handle = expect_context::<ClientHandle>();
    let id = conversation.id.clone();
    let jid = id.jid.clone();
    let is_group = id.kind == chat_store::ConversationKind::Group;
    // Read inside the view, so a group renamed by its owner is renamed here too.
    let title = {
        let (stored, id, jid) = (conversation.title.clone(), id.clone(), jid.clone());
        Memo::new(move |_| match stored.clone() {
            Some(title) => title,
            None if is_group => state.room_title(&jid),
            None => state.private_chat_title(&id).unwrap_or_else(|| jid.clone()),
        })
    };
    let unread = conversation.unread;
    let is_active = {
        let id = id.clone();
        move || state.active.with(|a| a.as_ref() == Some(&id))
    };
    let open = move |_| show_conversation(state, handle.clone(), id.clone());
    // No aria-label: the name read out is the visible text (plus "unread" after the count), so
    // speech input finds the button by what it shows.
    view! {
        <li>
            <button class="conversation-item" data-testid="conversation-item" data-jid=jid.clone() data-kind=if is_group { "group" } else { "direct" }
                class:active=is_active.clone() aria-current=move || is_active().then_some("true")
                on:click=open>
                <span class="avatar" aria-hidden="true">{move || title.with(|title| initials(title))}</span>
                <span class="title">{title}</span>
                <Show when=move || { unread > 0 }>
                    <span class="badge" data-testid="unread-count">{unread}</span>
                    <span class="visually-hidden">" "{t(Msg::Unread)}</span>
                </Show>
            </button>
        </li>
    }
}
