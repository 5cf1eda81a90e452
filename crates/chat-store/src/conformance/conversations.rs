use super::fixtures::{conversation, direct, save};
use crate::{Changes, Conversation, ConversationId, EncryptionPreference, Store};

async fn listed_ids<S: Store>(store: &S) -> Vec<ConversationId> {
    store
        .conversations()
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.id)
        .collect()
}

/// `conversations()` lists the most recent activity first, and follows updates.
pub async fn conversations_ordered_by_last_activity_desc<S: Store>(store: &S) {
    let (a, b, c) = (
        direct("a@example.org"),
        direct("b@example.org"),
        ConversationId::group("c@rooms.example.org"),
    );
    save(
        store,
        Changes {
            conversation_upserts: vec![
                conversation(&a, 2_000),
                conversation(&b, 9_000),
                conversation(&c, 5_000),
            ],
            ..Changes::default()
        },
    )
    .await;
    assert_eq!(
        listed_ids(store).await,
        vec![b.clone(), c.clone(), a.clone()]
    );

    // New activity in `a` moves it to the top.
    save(
        store,
        Changes {
            conversation_upserts: vec![conversation(&a, 12_000)],
            ..Changes::default()
        },
    )
    .await;
    assert_eq!(listed_ids(store).await, vec![a, b, c]);
}

/// Upserting an existing conversation replaces it; removal deletes only that one; a direct
/// chat and a room with the same JID are different conversations.
pub async fn conversation_upsert_replaces_and_removal_deletes<S: Store>(store: &S) {
    let chat = direct("shared@example.org");
    let room = ConversationId::group("shared@example.org");
    let first = Conversation {
        title: Some("First".to_owned()),
        unread: 3,
        ..conversation(&chat, 100)
    };
    let room_conv = Conversation {
        title: Some("Room".to_owned()),
        ..conversation(&room, 50)
    };
    save(
        store,
        Changes {
            conversation_upserts: vec![first, room_conv.clone()],
            ..Changes::default()
        },
    )
    .await;

    let replaced = Conversation {
        title: None,
        unread: 0,
        draft: "later".to_owned(),
        ..conversation(&chat, 200)
    };
    save(
        store,
        Changes {
            conversation_upserts: vec![replaced.clone()],
            ..Changes::default()
        },
    )
    .await;
    assert_eq!(store.conversation(&chat).await.unwrap(), Some(replaced));
    assert_eq!(
        store.conversation(&room).await.unwrap(),
        Some(room_conv.clone())
    );
    assert_eq!(store.conversations().await.unwrap().len(), 2);

    save(
        store,
        Changes {
            conversation_removals: vec![chat.clone()],
            ..Changes::default()
        },
    )
    .await;
    assert_eq!(store.conversation(&chat).await.unwrap(), None);
    assert_eq!(store.conversations().await.unwrap(), vec![room_conv]);

    // Removing what is not there is not an error.
    save(
        store,
        Changes {
            conversation_removals: vec![direct("ghost@example.org")],
            ..Changes::default()
        },
    )
    .await;
    assert_eq!(store.conversations().await.unwrap().len(), 1);
}

/// Every conversation field survives storage, including values near the numeric limits.
pub async fn conversation_fields_round_trip<S: Store>(store: &S) {
    let full = Conversation {
        id: ConversationId::group("salon@conference.example.org"),
        title: Some("Le salon ☕ «bavardage»".to_owned()),
        last_activity: 1_700_000_000_123,
        unread: u32::MAX,
        last_read: Some("stanza-77".to_owned()),
        retention: Some(crate::Retention::After(u64::MAX)),
        encryption: EncryptionPreference::On,
        draft: "half-typed\nsecond line 👋".to_owned(),
    };
    let off = Conversation {
        encryption: EncryptionPreference::Off,
        retention: Some(crate::Retention::Forever),
        ..conversation(&direct("x@example.org"), 0)
    };
    save(
        store,
        Changes {
            conversation_upserts: vec![full.clone(), off.clone()],
            ..Changes::default()
        },
    )
    .await;
    assert_eq!(
        store.conversation(&full.id).await.unwrap(),
        Some(full.clone())
    );
    assert_eq!(
        store.conversation(&off.id).await.unwrap(),
        Some(off.clone())
    );
    assert_eq!(store.conversations().await.unwrap(), vec![full, off]);
}
