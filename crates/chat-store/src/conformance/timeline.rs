use super::fixtures::{
    direct, expiring, find, incoming, next_expiry, outgoing, page, pending_ids, save,
    save_messages, strings, timeline, timeline_ids,
};
use crate::{Changes, ConversationId, DeliveryState, Message, MessageEncryption, Store};

/// Every message field survives storage: each delivery state and encryption variant.
pub async fn message_fields_round_trip<S: Store>(store: &S) {
    let chat = direct("alice@example.org");
    let states = [
        DeliveryState::Pending,
        DeliveryState::Sent,
        DeliveryState::Delivered,
        DeliveryState::Read,
        // A typed reason with a remote detail (the stored form of this version)...
        DeliveryState::Failed(
            crate::SendFailure::GroupRefused {
                condition: "recipient-unavailable: « away »".to_owned(),
            }
            .into(),
        ),
        DeliveryState::Received,
    ];
    let encryptions = [
        MessageEncryption::Plain,
        MessageEncryption::Omemo {
            device_id: u32::MAX,
            trusted: true,
        },
        MessageEncryption::Omemo {
            device_id: 1,
            trusted: false,
        },
        MessageEncryption::Undecryptable {
            // ...and a sentence as earlier versions stored it.
            reason: Box::new(crate::Stored::Text("no session for device 4711".to_owned())),
        },
    ];
    let mut messages = Vec::new();
    for (i, state) in states.iter().enumerate() {
        for (j, encryption) in encryptions.iter().enumerate() {
            let id = format!("m-{i}-{j}");
            messages.push(Message {
                origin_id: Some(format!("origin-{id}")),
                stanza_id: (j % 2 == 0).then(|| format!("stanza-{id}")),
                state: state.clone(),
                encryption: encryption.clone(),
                expires_at: (i % 2 == 1).then_some(1_700_000_000_000 + i as u64),
                meta: match j {
                    0 => crate::MessageMeta::default(),
                    1 => crate::MessageMeta {
                        edited_at: Some(1_700_000_000_123),
                        ..Default::default()
                    },
                    2 => crate::MessageMeta {
                        retracted: true,
                        ..Default::default()
                    },
                    _ => crate::MessageMeta {
                        reactions: vec![crate::Reaction {
                            sender: "bob@example.org".into(),
                            emojis: vec!["👍".into(), "👩‍👩‍👧".into()],
                        }],
                        reply: Some(crate::ReplyTo {
                            id: "origin-m-0-0".into(),
                            author: Some("bob@example.org".into()),
                            quote: "> nested\nquote 🎂".into(),
                        }),
                        ..Default::default()
                    },
                },
                ..outgoing(&chat, &id, 1_000 + (i * 10 + j) as u64)
            });
        }
    }
    save_messages(store, messages.clone()).await;
    assert_eq!(timeline(store, &chat).await, messages);
}

/// Upserting a message whose id exists replaces it, even into another conversation.
pub async fn message_upsert_replaces_by_id<S: Store>(store: &S) {
    let chat = direct("alice@example.org");
    let other = direct("bob@example.org");
    save_messages(
        store,
        vec![incoming(&chat, "a", 10), incoming(&chat, "b", 20)],
    )
    .await;

    let edited = Message {
        body: "corrected".to_owned(),
        stanza_id: Some("s-b".to_owned()),
        ..incoming(&chat, "b", 20)
    };
    save_messages(store, vec![edited.clone()]).await;
    let stored = timeline(store, &chat).await;
    assert_eq!(stored, vec![incoming(&chat, "a", 10), edited]);

    let moved = incoming(&other, "a", 10);
    save_messages(store, vec![moved.clone()]).await;
    assert_eq!(timeline_ids(store, &chat).await, strings(&["b"]));
    assert_eq!(timeline(store, &other).await, vec![moved]);
}

/// Replacing a message with a new timestamp moves it; no copy stays at the old position, and
/// what the lookups see follows the new version.
pub async fn message_upsert_with_new_timestamp_moves_it<S: Store>(store: &S) {
    let chat = direct("alice@example.org");
    let pending = expiring(outgoing(&chat, "m", 100), 5_000);
    save_messages(
        store,
        vec![incoming(&chat, "a", 50), pending, incoming(&chat, "z", 300)],
    )
    .await;
    assert_eq!(timeline_ids(store, &chat).await, strings(&["a", "m", "z"]));

    // The server's timestamp arrives: the message is now the newest, sent, and expires later.
    let confirmed = Message {
        state: DeliveryState::Sent,
        stanza_id: Some("server-7".to_owned()),
        ..expiring(outgoing(&chat, "m", 400), 9_000)
    };
    save_messages(store, vec![confirmed.clone()]).await;
    assert_eq!(timeline_ids(store, &chat).await, strings(&["a", "z", "m"]));

    let older_than_z = page(store, &chat, Some((300, "z".to_owned())), 10).await;
    assert_eq!(
        older_than_z.messages,
        vec![incoming(&chat, "a", 50)],
        "no stale copy at the old timestamp"
    );
    assert_eq!(
        find(store, &chat, "server-7").await,
        Some(confirmed.clone())
    );
    assert!(
        pending_ids(store).await.is_empty(),
        "a sent message leaves the outbox"
    );
    assert_eq!(next_expiry(store).await, Some(9_000));
}

/// Timelines are ordered by `(timestamp, id)`, whatever the insertion order.
pub async fn timeline_orders_by_timestamp_then_id<S: Store>(store: &S) {
    let chat = direct("alice@example.org");
    save_messages(
        store,
        vec![
            incoming(&chat, "c", 200),
            incoming(&chat, "b", 100),
            incoming(&chat, "a2", 200),
            incoming(&chat, "z", 50),
        ],
    )
    .await;
    save_messages(
        store,
        vec![
            incoming(&chat, "a1", 200),
            incoming(&chat, "a10", 200),
            incoming(&chat, "y", 100),
        ],
    )
    .await;
    assert_eq!(
        timeline_ids(store, &chat).await,
        strings(&["z", "b", "y", "a1", "a10", "a2", "c"])
    );
}

/// Any `u64` timestamp is kept exactly and ordered right, also beyond 2^53 where a double
/// would round.
pub async fn extreme_timestamps_keep_their_order<S: Store>(store: &S) {
    let chat = direct("alice@example.org");
    let beyond_double = 1u64 << 53;
    let stamps = [
        u64::MAX,
        beyond_double + 2,
        0,
        beyond_double + 1,
        u64::MAX - 1,
        1,
    ];
    let messages: Vec<Message> = stamps
        .iter()
        .enumerate()
        .map(|(i, t)| incoming(&chat, &format!("t{i}"), *t))
        .collect();
    save_messages(store, messages).await;
    let stored: Vec<u64> = timeline(store, &chat)
        .await
        .iter()
        .map(|m| m.timestamp)
        .collect();
    assert_eq!(
        stored,
        vec![
            0,
            1,
            beyond_double + 1,
            beyond_double + 2,
            u64::MAX - 1,
            u64::MAX
        ]
    );

    let before_max = page(store, &chat, Some((u64::MAX, String::new())), 2).await;
    let got: Vec<u64> = before_max.messages.iter().map(|m| m.timestamp).collect();
    assert_eq!(got, vec![beyond_double + 2, u64::MAX - 1]);
    assert!(before_max.has_more);
}

/// Reads of one conversation never return another's messages.
pub async fn messages_stay_in_their_conversation<S: Store>(store: &S) {
    let alice = direct("alice@example.org");
    let room = ConversationId::group("alice@example.org");
    let bob = direct("bob@example.org");
    save_messages(
        store,
        vec![
            incoming(&alice, "a1", 10),
            incoming(&room, "r1", 15),
            incoming(&bob, "b1", 12),
            incoming(&alice, "a2", 20),
        ],
    )
    .await;
    assert_eq!(timeline_ids(store, &alice).await, strings(&["a1", "a2"]));
    assert_eq!(timeline_ids(store, &room).await, strings(&["r1"]));
    assert_eq!(timeline_ids(store, &bob).await, strings(&["b1"]));
    assert!(timeline(store, &direct("carol@example.org"))
        .await
        .is_empty());
}

/// A removal deletes exactly the named message; unknown ids are ignored.
pub async fn message_removal_deletes_only_that_message<S: Store>(store: &S) {
    let chat = direct("alice@example.org");
    let doomed = expiring(outgoing(&chat, "b", 20), 1_000);
    save_messages(
        store,
        vec![incoming(&chat, "a", 10), doomed, incoming(&chat, "c", 30)],
    )
    .await;
    save(
        store,
        Changes {
            message_removals: strings(&["b", "unknown"]),
            ..Changes::default()
        },
    )
    .await;
    assert_eq!(timeline_ids(store, &chat).await, strings(&["a", "c"]));
    assert_eq!(find(store, &chat, "b").await, None);
    assert!(
        pending_ids(store).await.is_empty(),
        "a removed message leaves the outbox"
    );
    assert_eq!(
        next_expiry(store).await,
        None,
        "a removed message no longer expires"
    );
}
