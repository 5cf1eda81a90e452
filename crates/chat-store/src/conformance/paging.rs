use std::collections::HashSet;

use super::fixtures::{direct, ids, incoming, page, save_messages, strings};
use crate::{ConversationId, Message, Store};

const BIG_TIMELINE: usize = 250;

/// 250 messages in groups of four sharing a timestamp, with ids whose order differs from the
/// insertion order, so only a correct `(timestamp, id)` ordering pages right.
fn big_timeline(chat: &ConversationId) -> Vec<Message> {
    (0..BIG_TIMELINE)
        .map(|i| {
            incoming(
                chat,
                &format!("m{:03}", (i * 97) % BIG_TIMELINE),
                1_700_000_000_000 + (i / 4) as u64 * 1_000,
            )
        })
        .collect()
}

/// Walks the timeline from the newest page back with `before` cursors.
async fn walk_back<S: Store>(store: &S, chat: &ConversationId, page_size: usize) -> Vec<Message> {
    let mut pages: Vec<Vec<Message>> = Vec::new();
    let mut before = None;
    loop {
        let current = page(store, chat, before.clone(), page_size).await;
        let remaining = BIG_TIMELINE - pages.iter().map(Vec::len).sum::<usize>();
        assert_eq!(
            current.messages.len(),
            page_size.min(remaining),
            "page {} has the wrong size",
            pages.len()
        );
        assert_eq!(
            current.has_more,
            remaining > page_size,
            "has_more is wrong on page {}",
            pages.len()
        );
        let Some(oldest) = current.messages.first() else {
            break;
        };
        before = Some((oldest.timestamp, oldest.id.clone()));
        let has_more = current.has_more;
        pages.push(current.messages);
        if !has_more {
            break;
        }
        assert!(pages.len() <= BIG_TIMELINE, "paging does not terminate");
    }
    pages.into_iter().rev().flatten().collect()
}

/// Paging back through 250 messages with `before` cursors visits each exactly once, in order,
/// and `has_more` is true on every page but the last, also when the size divides evenly.
pub async fn paging_250_messages_has_no_gaps_or_duplicates<S: Store>(store: &S) {
    let chat = direct("alice@example.org");
    let noise = direct("bob@example.org");
    let mut expected = big_timeline(&chat);
    // Saved in five batches, newest batch first, with another conversation interleaved.
    for (n, batch) in expected.clone().chunks(50).rev().enumerate() {
        let mut messages = batch.to_vec();
        messages.push(incoming(
            &noise,
            &format!("noise-{n}"),
            1_700_000_000_000 + n as u64 * 20_000,
        ));
        save_messages(store, messages).await;
    }
    expected.sort_by(|a, b| a.order_key().cmp(&b.order_key()));

    for page_size in [30, 25, 1, BIG_TIMELINE, BIG_TIMELINE + 1] {
        let walked = walk_back(store, &chat, page_size).await;
        let unique: HashSet<&str> = walked.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(
            unique.len(),
            walked.len(),
            "duplicates with page size {page_size}"
        );
        assert_eq!(
            ids(&walked),
            ids(&expected),
            "gaps or disorder with page size {page_size}"
        );
    }
    assert_eq!(
        walk_back(store, &chat, 30).await,
        expected,
        "messages come back unchanged"
    );
}

/// Cursors are exclusive and need not name a stored message; limits are honoured at both ends.
pub async fn paging_edge_cases<S: Store>(store: &S) {
    let chat = direct("alice@example.org");
    save_messages(
        store,
        vec![
            incoming(&chat, "a", 100),
            incoming(&chat, "b", 200),
            incoming(&chat, "c", 200),
            incoming(&chat, "d", 300),
        ],
    )
    .await;

    let all = page(store, &chat, None, usize::MAX).await;
    assert_eq!(ids(&all.messages), strings(&["a", "b", "c", "d"]));
    assert!(!all.has_more);

    assert!(page(store, &chat, None, 0).await.messages.is_empty());

    let newest = page(store, &chat, None, 1).await;
    assert_eq!(ids(&newest.messages), strings(&["d"]));
    assert!(newest.has_more);

    let before_c = page(store, &chat, Some((200, "c".to_owned())), 10).await;
    assert_eq!(
        ids(&before_c.messages),
        strings(&["a", "b"]),
        "the cursor itself is excluded"
    );
    assert!(!before_c.has_more);

    let before_time = page(store, &chat, Some((200, String::new())), 10).await;
    assert_eq!(
        ids(&before_time.messages),
        strings(&["a"]),
        "a cursor need not name a message"
    );

    let after_all_at_time = page(store, &chat, Some((200, "\u{10FFFF}".to_owned())), 1).await;
    assert_eq!(ids(&after_all_at_time.messages), strings(&["c"]));
    assert!(after_all_at_time.has_more);

    let before_everything = page(store, &chat, Some((100, "a".to_owned())), 10).await;
    assert!(before_everything.messages.is_empty());
    assert!(!before_everything.has_more);

    let from_the_top = page(store, &chat, Some((u64::MAX, String::new())), 3).await;
    assert_eq!(ids(&from_the_top.messages), strings(&["b", "c", "d"]));
    assert!(from_the_top.has_more);
}

/// The oldest messages come oldest first, at most `limit`, and only of that conversation.
pub async fn oldest_messages_start_the_timeline<S: Store>(store: &S) {
    let chat = direct("alice@example.org");
    let noise = direct("bob@example.org");
    let mut expected = big_timeline(&chat);
    let mut batch = expected.clone();
    batch.push(incoming(&noise, "noise", 1));
    save_messages(store, batch).await;
    expected.sort_by(|a, b| a.order_key().cmp(&b.order_key()));

    let first = store.oldest_messages(&chat, 30).await.unwrap();
    assert_eq!(ids(&first), ids(&expected[..30]));
    let all = store.oldest_messages(&chat, usize::MAX).await.unwrap();
    assert_eq!(all, expected, "messages come back unchanged");
    assert!(store.oldest_messages(&chat, 0).await.unwrap().is_empty());
    assert!(store
        .oldest_messages(&direct("nobody@example.org"), 10)
        .await
        .unwrap()
        .is_empty());
}
