//! `Changes::merge` must give the same result as saving both batches in order.
#![allow(clippy::unwrap_used)]

use chat_store::{
    Account, Changes, Conversation, ConversationId, DeliveryState, Direction, MemoryStore, Message,
    MessageEncryption, Millis, RosterItem, Store,
};
use futures::executor::block_on;

fn chat(jid: &str) -> ConversationId {
    ConversationId::direct(jid)
}

fn message(conversation: &ConversationId, id: &str, timestamp: Millis) -> Message {
    Message {
        id: id.to_owned(),
        conversation: conversation.clone(),
        direction: Direction::Out,
        sender: "me@example.org".to_owned(),
        body: format!("body of {id}"),
        timestamp,
        origin_id: None,
        stanza_id: None,
        state: DeliveryState::Pending,
        encryption: MessageEncryption::Plain,
        expires_at: Some(timestamp + 1_000),
        meta: Default::default(),
    }
}

/// Everything observable about the conversations and keys these tests use.
#[derive(Debug, PartialEq)]
struct Snapshot {
    account: Option<String>,
    roster: Vec<RosterItem>,
    conversations: Vec<Conversation>,
    timelines: Vec<Vec<Message>>,
    pending: Vec<Message>,
    next_expiry: Option<Millis>,
    setting: Option<String>,
}

async fn snapshot(store: &MemoryStore) -> Snapshot {
    let mut timelines = Vec::new();
    for jid in ["a@example.org", "b@example.org"] {
        timelines.push(
            store
                .messages(&chat(jid), None, 1_000)
                .await
                .unwrap()
                .messages,
        );
    }
    Snapshot {
        account: store.account().await.unwrap().map(|a| a.jid),
        roster: store.roster().await.unwrap(),
        conversations: store.conversations().await.unwrap(),
        timelines,
        pending: store.pending_messages().await.unwrap(),
        next_expiry: store.next_expiry().await.unwrap(),
        setting: store.setting("k").await.unwrap(),
    }
}

/// Saves `setup`, then `first` and `later` once in order and once merged, and compares.
fn assert_merge_matches_sequential(setup: Changes, first: Changes, later: Changes) {
    block_on(async {
        let sequential = MemoryStore::new();
        sequential.save_changes(setup.clone()).await.unwrap();
        sequential.save_changes(first.clone()).await.unwrap();
        sequential.save_changes(later.clone()).await.unwrap();

        let merged = MemoryStore::new();
        merged.save_changes(setup).await.unwrap();
        let mut batch = first;
        batch.merge(later);
        merged.save_changes(batch).await.unwrap();

        assert_eq!(snapshot(&merged).await, snapshot(&sequential).await);
    });
}

fn base() -> Changes {
    let a = chat("a@example.org");
    Changes {
        account: Some(Some(Account::new("me@example.org"))),
        roster_upserts: vec![RosterItem::new("x@example.org")],
        conversation_upserts: vec![
            Conversation::new(a.clone()),
            Conversation::new(chat("b@example.org")),
        ],
        message_upserts: vec![message(&a, "old", 1)],
        settings: vec![("k".to_owned(), Some("v".to_owned()))],
        ..Changes::default()
    }
}

#[test]
fn later_clear_drops_earlier_messages_of_that_conversation() {
    let a = chat("a@example.org");
    let first = Changes {
        message_upserts: vec![message(&a, "m1", 10)],
        ..Changes::default()
    };
    let later = Changes {
        clear_conversations: vec![a.clone()],
        message_upserts: vec![message(&a, "m2", 20)],
        ..Changes::default()
    };
    assert_merge_matches_sequential(base(), first, later);
}

#[test]
fn later_conversation_removal_drops_earlier_upserts_of_it() {
    let a = chat("a@example.org");
    let first = Changes {
        conversation_upserts: vec![Conversation {
            title: Some("new".to_owned()),
            ..Conversation::new(a.clone())
        }],
        message_upserts: vec![
            message(&a, "m1", 10),
            message(&chat("b@example.org"), "b1", 11),
        ],
        ..Changes::default()
    };
    let later = Changes {
        conversation_removals: vec![a],
        ..Changes::default()
    };
    assert_merge_matches_sequential(base(), first, later);
}

#[test]
fn later_message_removal_drops_the_earlier_upsert() {
    let a = chat("a@example.org");
    let first = Changes {
        message_upserts: vec![message(&a, "m1", 10), message(&a, "m2", 20)],
        ..Changes::default()
    };
    let later = Changes {
        message_removals: vec!["m1".to_owned(), "old".to_owned()],
        ..Changes::default()
    };
    assert_merge_matches_sequential(base(), first, later);
}

#[test]
fn later_roster_upsert_cancels_an_earlier_removal() {
    let first = Changes {
        roster_removals: vec!["x@example.org".to_owned()],
        ..Changes::default()
    };
    let later = Changes {
        roster_upserts: vec![RosterItem::new("x@example.org")],
        ..Changes::default()
    };
    assert_merge_matches_sequential(base(), first, later);
}

#[test]
fn later_upserts_after_earlier_removals_are_kept() {
    let a = chat("a@example.org");
    let first = Changes {
        conversation_removals: vec![a.clone()],
        message_removals: vec!["old".to_owned()],
        roster_removals: vec!["x@example.org".to_owned()],
        settings: vec![("k".to_owned(), None)],
        ..Changes::default()
    };
    let later = Changes {
        conversation_upserts: vec![Conversation::new(a.clone())],
        message_upserts: vec![message(&a, "old", 5)],
        settings: vec![("k".to_owned(), Some("again".to_owned()))],
        ..Changes::default()
    };
    assert_merge_matches_sequential(base(), first, later);
}

#[test]
fn later_roster_replace_and_account_deletion_win() {
    let first = Changes {
        account: Some(Some(Account::new("other@example.org"))),
        roster_upserts: vec![RosterItem::new("y@example.org")],
        ..Changes::default()
    };
    let later = Changes {
        account: Some(None),
        roster_replace: true,
        roster_upserts: vec![RosterItem::new("z@example.org")],
        ..Changes::default()
    };
    assert_merge_matches_sequential(base(), first, later);
}
