use super::fixtures::{
    direct, expired, expiring, find, incoming, next_expiry, outgoing, pending_ids, save,
    save_messages, strings,
};
use crate::{Changes, ConversationId, DeliveryState, Direction, Message, MessageIds, Store};

/// A message is found by its local id, its origin-id or its stanza-id.
pub async fn find_message_by_id_origin_id_and_stanza_id<S: Store>(store: &S) {
    let chat = direct("alice@example.org");
    let ours = Message {
        stanza_id: Some("archive-1".to_owned()),
        ..outgoing(&chat, "origin-1", 10)
    };
    let theirs = Message {
        id: "archive-2".to_owned(),
        origin_id: Some("their-origin-2".to_owned()),
        stanza_id: Some("archive-2".to_owned()),
        ..incoming(&chat, "archive-2", 20)
    };
    let bare = incoming(&chat, "local-3", 30);
    save_messages(store, vec![ours.clone(), theirs.clone(), bare.clone()]).await;

    assert_eq!(
        find(store, &chat, "origin-1").await,
        Some(ours.clone()),
        "by id = origin-id"
    );
    assert_eq!(
        find(store, &chat, "archive-1").await,
        Some(ours),
        "by stanza-id"
    );
    assert_eq!(
        find(store, &chat, "archive-2").await,
        Some(theirs.clone()),
        "by id = stanza-id"
    );
    assert_eq!(
        find(store, &chat, "their-origin-2").await,
        Some(theirs),
        "by origin-id"
    );
    assert_eq!(
        find(store, &chat, "local-3").await,
        Some(bare),
        "by id without other ids"
    );
    assert_eq!(find(store, &chat, "missing").await, None);
    assert_eq!(
        find(store, &chat, "").await,
        None,
        "an empty id matches nothing"
    );
}

/// `find_message` looks only in the given conversation, even when the same external id exists
/// elsewhere.
pub async fn find_message_does_not_cross_conversations<S: Store>(store: &S) {
    let alice = direct("alice@example.org");
    let bob = direct("bob@example.org");
    let room = ConversationId::group("alice@example.org");
    let in_alice = Message {
        origin_id: Some("shared-origin".to_owned()),
        stanza_id: Some("st-a".to_owned()),
        ..incoming(&alice, "a-1", 10)
    };
    let in_room = Message {
        origin_id: Some("shared-origin".to_owned()),
        stanza_id: Some("st-r".to_owned()),
        ..incoming(&room, "r-1", 10)
    };
    save_messages(store, vec![in_alice.clone(), in_room.clone()]).await;

    assert_eq!(
        find(store, &bob, "a-1").await,
        None,
        "not by id from another conversation"
    );
    assert_eq!(find(store, &bob, "shared-origin").await, None);
    assert_eq!(find(store, &bob, "st-a").await, None);
    assert_eq!(
        find(store, &room, "a-1").await,
        None,
        "a room is not the direct chat with the same JID"
    );
    assert_eq!(find(store, &room, "st-a").await, None);
    assert_eq!(find(store, &alice, "shared-origin").await, Some(in_alice));
    assert_eq!(find(store, &room, "shared-origin").await, Some(in_room));
}

/// The outbox holds outgoing messages still `Pending`, oldest first across conversations, and
/// follows state changes.
pub async fn pending_messages_form_the_outbox<S: Store>(store: &S) {
    let alice = direct("alice@example.org");
    let room = ConversationId::group("room@muc.example.org");
    save_messages(
        store,
        vec![
            outgoing(&alice, "p3", 300),
            outgoing(&room, "p1", 100),
            outgoing(&alice, "p2b", 200),
            outgoing(&room, "p2a", 200),
            Message {
                state: DeliveryState::Sent,
                ..outgoing(&alice, "sent", 50)
            },
            Message {
                state: DeliveryState::Failed(Box::new(crate::Stored::Text("rejected".to_owned()))),
                ..outgoing(&alice, "failed", 60)
            },
            // Only outgoing messages wait to be sent, whatever their state says.
            Message {
                state: DeliveryState::Pending,
                ..incoming(&alice, "incoming-pending", 70)
            },
        ],
    )
    .await;
    assert_eq!(
        pending_ids(store).await,
        strings(&["p1", "p2a", "p2b", "p3"])
    );
    let outbox = store.pending_messages().await.unwrap();
    assert!(outbox
        .iter()
        .all(|m| m.direction == Direction::Out && m.state == DeliveryState::Pending));
    assert_eq!(
        outbox.first().map(|m| m.body.as_str()),
        Some("body of p1"),
        "whole messages come back"
    );

    save_messages(
        store,
        vec![Message {
            state: DeliveryState::Sent,
            ..outgoing(&room, "p1", 100)
        }],
    )
    .await;
    save_messages(
        store,
        vec![Message {
            state: DeliveryState::Pending,
            ..outgoing(&alice, "failed", 60)
        }],
    )
    .await;
    assert_eq!(
        pending_ids(store).await,
        strings(&["failed", "p2a", "p2b", "p3"]),
        "retrying re-enters the outbox"
    );
}

/// `expired_messages(now)` lists messages whose `expires_at <= now`; `next_expiry` is the
/// earliest `expires_at`; both follow removals and updates.
pub async fn expired_messages_and_next_expiry<S: Store>(store: &S) {
    let chat = direct("alice@example.org");
    let other = direct("bob@example.org");
    save_messages(
        store,
        vec![
            expiring(incoming(&chat, "e3000", 10), 3_000),
            expiring(incoming(&other, "e1000", 20), 1_000),
            expiring(outgoing(&chat, "e2000", 30), 2_000),
            expiring(incoming(&chat, "e2000b", 40), 2_000),
            incoming(&chat, "forever", 50),
            expiring(incoming(&chat, "e-max", 60), u64::MAX),
        ],
    )
    .await;
    assert_eq!(next_expiry(store).await, Some(1_000));
    assert!(expired(store, 999).await.is_empty());
    assert_eq!(
        expired(store, 1_000).await,
        strings(&["e1000"]),
        "at `now` counts as expired"
    );
    assert_eq!(
        expired(store, 2_500).await,
        strings(&["e1000", "e2000", "e2000b"])
    );
    assert_eq!(
        expired(store, u64::MAX - 1).await,
        strings(&["e1000", "e2000", "e2000b", "e3000"])
    );
    assert_eq!(
        expired(store, u64::MAX).await,
        strings(&["e-max", "e1000", "e2000", "e2000b", "e3000"])
    );

    // The purge removes what expired; the next deadline moves on.
    save(
        store,
        Changes {
            message_removals: expired(store, 2_000).await,
            ..Changes::default()
        },
    )
    .await;
    assert_eq!(next_expiry(store).await, Some(3_000));
    assert!(expired(store, 2_999).await.is_empty());

    // Retention can be lifted or shortened by replacing the message.
    save_messages(
        store,
        vec![
            incoming(&chat, "e3000", 10),
            expiring(incoming(&chat, "forever", 50), 2_500),
        ],
    )
    .await;
    assert_eq!(next_expiry(store).await, Some(2_500));
    assert_eq!(expired(store, 2_999).await, strings(&["forever"]));

    save(
        store,
        Changes {
            message_removals: strings(&["forever", "e-max"]),
            ..Changes::default()
        },
    )
    .await;
    assert_eq!(next_expiry(store).await, None);
    assert!(expired(store, u64::MAX).await.is_empty());
}

/// Two messages of `chat`: one with a local id, an origin-id and a stanza-id, one with a local
/// id and a stanza-id.
fn known_by_every_kind_of_id(chat: &ConversationId) -> (Message, Message) {
    let first = Message {
        origin_id: Some("origin-1".to_owned()),
        stanza_id: Some("archive-1".to_owned()),
        ..incoming(chat, "local-1", 10)
    };
    let second = Message {
        stanza_id: Some("archive-2".to_owned()),
        ..incoming(chat, "local-2", 20)
    };
    (first, second)
}

/// `find_any_message` answers for the first id that names a message of the conversation,
/// whichever of its ids (local id, origin-id, stanza-id) it is, and never crosses conversations.
pub async fn find_any_message_takes_the_first_id_that_names_one<S: Store>(store: &S) {
    let chat = direct("alice@example.org");
    let other = direct("bob@example.org");
    let (first, second) = known_by_every_kind_of_id(&chat);
    let elsewhere = Message {
        origin_id: Some("origin-x".to_owned()),
        ..incoming(&other, "local-x", 30)
    };
    save_messages(store, vec![first.clone(), second.clone(), elsewhere]).await;

    let cases: [(&[&str], Option<&Message>, &str); 7] = [
        (
            &["missing", "archive-2", "origin-1"],
            Some(&second),
            "the first id that names one",
        ),
        (&["origin-1", "archive-2"], Some(&first), "by origin-id"),
        (&["missing", "archive-1"], Some(&first), "by stanza-id"),
        (&["local-2"], Some(&second), "by local id"),
        (
            &["origin-x", "local-x"],
            None,
            "not from another conversation",
        ),
        (&[], None, "no ids"),
        (&["", "missing"], None, "an empty id matches nothing"),
    ];
    for (ids, expected, what) in cases {
        let found = store
            .find_any_message(&chat, ids)
            .await
            .expect("find_any_message failed");
        assert_eq!(found.as_ref(), expected, "{what}");
    }
}

/// `find_messages_by_ids` returns every message of the conversation one of the ids names in
/// its place (local id, origin-id, stanza-id), each once and in timeline order, and nothing
/// from another conversation.
pub async fn find_messages_by_ids_returns_each_match_once<S: Store>(store: &S) {
    let chat = direct("alice@example.org");
    let other = direct("bob@example.org");
    let (first, second) = known_by_every_kind_of_id(&chat);
    let third = incoming(&chat, "local-3", 30);
    let elsewhere = Message {
        origin_id: Some("origin-x".to_owned()),
        stanza_id: Some("archive-x".to_owned()),
        ..incoming(&other, "local-x", 40)
    };
    save_messages(
        store,
        vec![third.clone(), second.clone(), first.clone(), elsewhere],
    )
    .await;

    let ids = |local: &[&str], origin: &[&str], stanza: &[&str]| {
        let set = |ids: &[&str]| ids.iter().map(|id| (*id).to_owned()).collect();
        MessageIds {
            local: set(local),
            origin: set(origin),
            stanza: set(stanza),
        }
    };
    let cases: [(MessageIds, Vec<&Message>, &str); 7] = [
        (
            ids(
                &["local-1", "missing"],
                &["origin-1"],
                &["archive-2", "archive-1"],
            ),
            vec![&first, &second],
            "each message once, oldest first",
        ),
        (ids(&["local-3"], &[], &[]), vec![&third], "by local id"),
        (ids(&[], &["origin-1"], &[]), vec![&first], "by origin-id"),
        (ids(&[], &[], &["archive-2"]), vec![&second], "by stanza-id"),
        (
            ids(&["origin-1", "archive-2"], &["archive-1"], &["origin-1"]),
            vec![],
            "each kind only in its place",
        ),
        (
            ids(&["local-x"], &["origin-x"], &["archive-x"]),
            vec![],
            "not from another conversation",
        ),
        (
            ids(&[""], &[""], &[""]),
            vec![],
            "an empty id matches nothing",
        ),
    ];
    for (ids, expected, what) in cases {
        let found = store
            .find_messages_by_ids(&chat, &ids)
            .await
            .expect("find_messages_by_ids failed");
        let expected: Vec<Message> = expected.into_iter().cloned().collect();
        assert_eq!(found, expected, "{what}");
    }
}
