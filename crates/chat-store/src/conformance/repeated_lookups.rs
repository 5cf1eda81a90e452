//! Batches of arrivals are checked against a store that grows between the checks: a backend
//! that keeps a summary of what it holds (the IndexedDB store's id filters) must keep it true
//! through every kind of write.

use std::ops::Range;

use super::fixtures::{direct, incoming, save, save_messages};
use crate::{Changes, ConversationId, Message, MessageIds, Store};

/// Message `n` of a test chat: every third has all three ids, every third a local id and a
/// stanza-id, the rest only a local id.
fn numbered(chat: &ConversationId, n: usize) -> Message {
    let message = incoming(chat, &format!("local-{n}"), 1_000 + n as u64);
    match n % 3 {
        0 => Message {
            origin_id: Some(format!("origin-{n}")),
            stanza_id: Some(format!("archive-{n}")),
            ..message
        },
        1 => Message {
            stanza_id: Some(format!("archive-{n}")),
            ..message
        },
        _ => message,
    }
}

/// Every id messages `range` would have, each in its place.
fn asked(range: Range<usize>) -> MessageIds {
    let mut ids = MessageIds::default();
    for n in range {
        ids.local.insert(format!("local-{n}"));
        ids.origin.insert(format!("origin-{n}"));
        ids.stanza.insert(format!("archive-{n}"));
    }
    ids
}

async fn found<S: Store>(store: &S, chat: &ConversationId, ids: &MessageIds) -> Vec<String> {
    store
        .find_messages_by_ids(chat, ids)
        .await
        .expect("find_messages_by_ids failed")
        .into_iter()
        .map(|m| m.id)
        .collect()
}

fn local_ids(range: Range<usize>) -> Vec<String> {
    range.map(|n| format!("local-{n}")).collect()
}

/// `find_messages_by_ids`, asked again and again while messages are saved, upserted, removed
/// and cleared, always finds exactly the stored messages its ids name.
pub async fn find_messages_by_ids_sees_every_write_between_lookups<S: Store>(store: &S) {
    let chat = direct("alice@example.org");
    let older = direct("bob@example.org");
    const BATCH: usize = 150;

    // A chat with history before its first check, and one checked before it has any. (Local
    // ids are unique across chats, so the older chat's are numbered apart.)
    let history = 5_000..5_600;
    save_messages(
        store,
        history.clone().map(|n| numbered(&older, n)).collect(),
    )
    .await;
    assert!(found(store, &chat, &asked(0..BATCH)).await.is_empty());
    assert_eq!(
        found(store, &older, &asked(5_590..5_610)).await,
        local_ids(5_590..5_600),
        "a chat's history stored before its first check"
    );

    // Batch after batch, each check also asks for the next batch, not stored yet.
    for batch in 0..10 {
        let saved = batch * BATCH..(batch + 1) * BATCH;
        save_messages(store, saved.clone().map(|n| numbered(&chat, n)).collect()).await;
        let found_now = found(store, &chat, &asked(saved.start..saved.end + BATCH)).await;
        assert_eq!(found_now, local_ids(saved), "after batch {batch}");
    }
    assert_eq!(
        found(store, &chat, &asked(0..1_500)).await.len(),
        1_500,
        "every batch is still found"
    );
    assert_eq!(
        found(store, &older, &asked(0..6_000)).await,
        local_ids(history),
        "each chat's ids are its own"
    );
    assert!(
        found(store, &chat, &asked(5_000..5_600)).await.is_empty(),
        "not from another chat"
    );

    // An upsert that gives a message ids it did not have.
    let renamed = Message {
        origin_id: Some("origin-late".to_owned()),
        stanza_id: Some("archive-late".to_owned()),
        ..numbered(&chat, 2)
    };
    save_messages(store, vec![renamed]).await;
    let late = MessageIds {
        origin: ["origin-late".to_owned()].into(),
        stanza: ["archive-late".to_owned()].into(),
        ..MessageIds::default()
    };
    assert_eq!(found(store, &chat, &late).await, ["local-2"]);

    // A removed message is not found any more; a cleared chat has nothing until it is refilled.
    save(
        store,
        Changes {
            message_removals: vec!["local-3".to_owned()],
            ..Changes::default()
        },
    )
    .await;
    assert_eq!(found(store, &chat, &asked(3..5)).await, ["local-4"]);
    save(
        store,
        Changes {
            clear_conversations: vec![chat.clone()],
            ..Changes::default()
        },
    )
    .await;
    assert!(found(store, &chat, &asked(0..1_500)).await.is_empty());
    save_messages(store, vec![numbered(&chat, 7), numbered(&chat, 9)]).await;
    assert_eq!(
        found(store, &chat, &asked(0..1_500)).await,
        ["local-7", "local-9"]
    );
}
