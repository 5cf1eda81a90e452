//! Small builders shared by the behaviours, so each check reads as the rule it tests.

use crate::{
    Changes, Conversation, ConversationId, DeliveryState, Direction, Message, MessageEncryption,
    MessagePage, Millis, Store,
};

/// More than any test stores in one conversation, so one page holds a whole timeline.
pub(super) const WHOLE_TIMELINE: usize = 10_000;

pub(super) fn direct(jid: &str) -> ConversationId {
    ConversationId::direct(jid)
}

pub(super) fn conversation(id: &ConversationId, last_activity: Millis) -> Conversation {
    Conversation {
        last_activity,
        ..Conversation::new(id.clone())
    }
}

/// An incoming, plain message with a body derived from its id.
pub(super) fn incoming(conversation: &ConversationId, id: &str, timestamp: Millis) -> Message {
    Message {
        id: id.to_owned(),
        conversation: conversation.clone(),
        direction: Direction::In,
        sender: conversation.jid.clone(),
        body: format!("body of {id}"),
        timestamp,
        origin_id: None,
        stanza_id: None,
        state: DeliveryState::Received,
        encryption: MessageEncryption::Plain,
        expires_at: None,
        meta: Default::default(),
    }
}

/// An outgoing message still waiting in the outbox; its origin-id is its id, as the client does.
pub(super) fn outgoing(conversation: &ConversationId, id: &str, timestamp: Millis) -> Message {
    Message {
        direction: Direction::Out,
        sender: "me@example.org".to_owned(),
        origin_id: Some(id.to_owned()),
        state: DeliveryState::Pending,
        ..incoming(conversation, id, timestamp)
    }
}

pub(super) fn expiring(message: Message, expires_at: Millis) -> Message {
    Message {
        expires_at: Some(expires_at),
        ..message
    }
}

pub(super) async fn save<S: Store>(store: &S, changes: Changes) {
    store
        .save_changes(changes)
        .await
        .expect("save_changes failed");
}

pub(super) async fn save_messages<S: Store>(store: &S, messages: Vec<Message>) {
    save(
        store,
        Changes {
            message_upserts: messages,
            ..Changes::default()
        },
    )
    .await;
}

pub(super) async fn page<S: Store>(
    store: &S,
    conversation: &ConversationId,
    before: Option<(Millis, String)>,
    limit: usize,
) -> MessagePage {
    store
        .messages(conversation, before, limit)
        .await
        .expect("messages failed")
}

/// The whole timeline of a conversation, oldest first.
pub(super) async fn timeline<S: Store>(store: &S, conversation: &ConversationId) -> Vec<Message> {
    let page = page(store, conversation, None, WHOLE_TIMELINE).await;
    assert!(
        !page.has_more,
        "a {WHOLE_TIMELINE}-message page should hold the whole timeline"
    );
    page.messages
}

pub(super) async fn timeline_ids<S: Store>(
    store: &S,
    conversation: &ConversationId,
) -> Vec<String> {
    ids(&timeline(store, conversation).await)
}

pub(super) fn ids(messages: &[Message]) -> Vec<String> {
    messages.iter().map(|m| m.id.clone()).collect()
}

pub(super) fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

pub(super) fn sorted(mut items: Vec<String>) -> Vec<String> {
    items.sort();
    items
}

pub(super) async fn find<S: Store>(
    store: &S,
    conversation: &ConversationId,
    external_id: &str,
) -> Option<Message> {
    store
        .find_message(conversation, external_id)
        .await
        .expect("find_message failed")
}

pub(super) async fn pending_ids<S: Store>(store: &S) -> Vec<String> {
    ids(&store
        .pending_messages()
        .await
        .expect("pending_messages failed"))
}

pub(super) async fn expired<S: Store>(store: &S, now: Millis) -> Vec<String> {
    sorted(
        store
            .expired_messages(now)
            .await
            .expect("expired_messages failed"),
    )
}

pub(super) async fn next_expiry<S: Store>(store: &S) -> Option<Millis> {
    store.next_expiry().await.expect("next_expiry failed")
}

pub(super) async fn setting<S: Store>(store: &S, key: &str) -> Option<String> {
    store.setting(key).await.expect("setting failed")
}
