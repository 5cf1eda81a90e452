use super::fixtures::{
    conversation, direct, expired, expiring, find, incoming, next_expiry, outgoing, pending_ids,
    save, save_messages, setting, strings, timeline, timeline_ids,
};
use crate::{Account, Changes, Conversation, ConversationId, Message, RosterItem, Store};

fn set(key: &str, value: Option<&str>) -> (String, Option<String>) {
    (key.to_owned(), value.map(str::to_owned))
}

/// Settings are set, replaced and deleted by key; within a batch the later entry wins.
pub async fn settings_set_replace_delete<S: Store>(store: &S) {
    let theme = r##"{"mode":"dark","accent":"#3366ff"}"##;
    save(
        store,
        Changes {
            settings: vec![
                set("theme", Some(theme)),
                set("retention", Some("86400000")),
            ],
            ..Changes::default()
        },
    )
    .await;
    assert_eq!(setting(store, "theme").await.as_deref(), Some(theme));
    assert_eq!(
        setting(store, "retention").await.as_deref(),
        Some("86400000")
    );
    assert_eq!(
        setting(store, "Theme").await,
        None,
        "keys are case-sensitive"
    );

    save(
        store,
        Changes {
            settings: vec![set("theme", Some("\"light\"")), set("missing", None)],
            ..Changes::default()
        },
    )
    .await;
    assert_eq!(setting(store, "theme").await.as_deref(), Some("\"light\""));

    save(
        store,
        Changes {
            settings: vec![
                set("retention", None),
                set("a", Some("1")),
                set("a", None),
                set("b", None),
                set("b", Some("2")),
            ],
            ..Changes::default()
        },
    )
    .await;
    assert_eq!(setting(store, "retention").await, None);
    assert_eq!(
        setting(store, "a").await,
        None,
        "set then delete in one batch deletes"
    );
    assert_eq!(
        setting(store, "b").await.as_deref(),
        Some("2"),
        "delete then set in one batch sets"
    );
    assert_eq!(setting(store, "theme").await.as_deref(), Some("\"light\""));
}

/// Clearing a conversation and adding a message to it in one batch keeps the new message:
/// clears apply before message upserts.
pub async fn batch_clears_conversation_before_adding_messages<S: Store>(store: &S) {
    let chat = direct("alice@example.org");
    let other = direct("bob@example.org");
    save_messages(
        store,
        vec![
            expiring(outgoing(&chat, "old", 10), 500),
            incoming(&other, "keep", 5),
        ],
    )
    .await;
    save(
        store,
        Changes {
            conversation_upserts: vec![conversation(&chat, 10)],
            ..Changes::default()
        },
    )
    .await;

    let fresh = incoming(&chat, "new", 20);
    save(
        store,
        Changes {
            clear_conversations: vec![chat.clone()],
            message_upserts: vec![fresh.clone()],
            ..Changes::default()
        },
    )
    .await;
    assert_eq!(timeline(store, &chat).await, vec![fresh]);
    assert_eq!(find(store, &chat, "old").await, None);
    assert!(
        pending_ids(store).await.is_empty(),
        "cleared messages leave the outbox"
    );
    assert_eq!(
        next_expiry(store).await,
        None,
        "cleared messages no longer expire"
    );
    assert!(
        store.conversation(&chat).await.unwrap().is_some(),
        "clearing history keeps the conversation"
    );
    assert_eq!(
        timeline_ids(store, &other).await,
        strings(&["keep"]),
        "other conversations are untouched"
    );
}

/// Removing a conversation removes its messages; an upsert in the same batch re-creates the
/// conversation but not its old messages.
pub async fn removing_conversation_removes_its_messages<S: Store>(store: &S) {
    let chat = direct("alice@example.org");
    let room = ConversationId::group("alice@example.org");
    save(
        store,
        Changes {
            conversation_upserts: vec![conversation(&chat, 30), conversation(&room, 40)],
            message_upserts: vec![
                expiring(outgoing(&chat, "a1", 10), 100),
                incoming(&chat, "a2", 30),
                incoming(&room, "r1", 40),
            ],
            ..Changes::default()
        },
    )
    .await;

    save(
        store,
        Changes {
            conversation_removals: vec![chat.clone()],
            ..Changes::default()
        },
    )
    .await;
    assert_eq!(store.conversation(&chat).await.unwrap(), None);
    assert!(timeline(store, &chat).await.is_empty());
    assert_eq!(find(store, &chat, "a2").await, None);
    assert!(pending_ids(store).await.is_empty());
    assert!(expired(store, u64::MAX).await.is_empty());
    assert_eq!(
        timeline_ids(store, &room).await,
        strings(&["r1"]),
        "the room with the same JID keeps its messages"
    );

    save_messages(store, vec![incoming(&chat, "b1", 50)]).await;
    let recreated = Conversation {
        title: Some("Again".to_owned()),
        ..conversation(&chat, 60)
    };
    let newest = incoming(&chat, "b2", 60);
    save(
        store,
        Changes {
            conversation_removals: vec![chat.clone()],
            conversation_upserts: vec![recreated.clone()],
            message_upserts: vec![newest.clone()],
            ..Changes::default()
        },
    )
    .await;
    assert_eq!(store.conversation(&chat).await.unwrap(), Some(recreated));
    assert_eq!(timeline(store, &chat).await, vec![newest]);
}

/// Message removals apply before message upserts, so removing and re-adding an id in one batch
/// keeps the new version.
pub async fn batch_removes_messages_before_upserting<S: Store>(store: &S) {
    let chat = direct("alice@example.org");
    save_messages(
        store,
        vec![incoming(&chat, "m", 10), incoming(&chat, "n", 20)],
    )
    .await;
    let replacement = Message {
        body: "re-added".to_owned(),
        ..incoming(&chat, "m", 30)
    };
    save(
        store,
        Changes {
            message_removals: strings(&["m", "n"]),
            message_upserts: vec![replacement.clone()],
            ..Changes::default()
        },
    )
    .await;
    assert_eq!(timeline(store, &chat).await, vec![replacement]);
}

/// An empty batch is accepted and changes nothing.
pub async fn empty_batch_changes_nothing<S: Store>(store: &S) {
    let chat = direct("alice@example.org");
    save(
        store,
        Changes {
            account: Some(Some(Account::new("me@example.org"))),
            roster_upserts: vec![RosterItem::new("alice@example.org")],
            conversation_upserts: vec![conversation(&chat, 10)],
            message_upserts: vec![incoming(&chat, "m", 10)],
            settings: vec![set("k", Some("v"))],
            ..Changes::default()
        },
    )
    .await;
    save(store, Changes::default()).await;
    assert_eq!(
        store.account().await.unwrap(),
        Some(Account::new("me@example.org"))
    );
    assert_eq!(
        store.roster().await.unwrap(),
        vec![RosterItem::new("alice@example.org")]
    );
    assert_eq!(
        store.conversations().await.unwrap(),
        vec![conversation(&chat, 10)]
    );
    assert_eq!(timeline(store, &chat).await, vec![incoming(&chat, "m", 10)]);
    assert_eq!(setting(store, "k").await.as_deref(), Some("v"));
}

/// `clear_all` forgets everything, and the store stays usable afterwards.
pub async fn clear_all_forgets_everything<S: Store>(store: &S) {
    let chat = direct("alice@example.org");
    save(
        store,
        Changes {
            account: Some(Some(Account::new("me@example.org"))),
            roster_upserts: vec![RosterItem::new("alice@example.org")],
            conversation_upserts: vec![conversation(&chat, 10)],
            message_upserts: vec![expiring(outgoing(&chat, "m", 10), 100)],
            settings: vec![set("k", Some("v"))],
            ..Changes::default()
        },
    )
    .await;
    store.clear_all().await.unwrap();
    assert_eq!(store.account().await.unwrap(), None);
    assert!(store.roster().await.unwrap().is_empty());
    assert!(store.conversations().await.unwrap().is_empty());
    assert!(timeline(store, &chat).await.is_empty());
    assert_eq!(find(store, &chat, "m").await, None);
    assert!(pending_ids(store).await.is_empty());
    assert!(expired(store, u64::MAX).await.is_empty());
    assert_eq!(next_expiry(store).await, None);
    assert_eq!(setting(store, "k").await, None);

    save_messages(store, vec![incoming(&chat, "after", 20)]).await;
    assert_eq!(timeline_ids(store, &chat).await, strings(&["after"]));
}

/// Text is stored exactly: any Unicode (astral characters, combining marks, right-to-left,
/// control characters) in every field, and bodies of 100 KB.
pub async fn unicode_and_large_bodies_survive<S: Store>(store: &S) {
    let chat = direct("δοκιμή@παράδειγμα.ελ");
    let room = ConversationId::group("чат@конференция.рф");
    let tricky =
        "👩‍👩‍👧 e\u{301} שלום مرحبا 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 \u{0}\u{1}\t\r\n\"quoted\" \\ </body> \u{FEFF}\u{FFFF}";
    let large: String = "Grüße, 世界! 🚀 "
        .chars()
        .cycle()
        .take(100 * 1024)
        .collect();
    assert!(large.len() > 100 * 1024);

    let unicode = Message {
        sender: "Ünïcødé 🙂".to_owned(),
        body: tricky.to_owned(),
        origin_id: Some("origin-✓".to_owned()),
        stanza_id: Some("stanza-☃".to_owned()),
        ..incoming(&chat, "id-ü", 10)
    };
    let big = Message {
        body: large.clone(),
        ..incoming(&room, "big", 20)
    };
    let titled = Conversation {
        title: Some(tricky.to_owned()),
        draft: large,
        ..conversation(&room, 20)
    };
    save(
        store,
        Changes {
            account: Some(Some(Account {
                resource: Some(tricky.to_owned()),
                ..Account::new("ĳsbeer@example.org")
            })),
            roster_upserts: vec![RosterItem {
                name: Some(tricky.to_owned()),
                groups: vec![tricky.to_owned()],
                ..RosterItem::new("δοκιμή@παράδειγμα.ελ")
            }],
            conversation_upserts: vec![titled.clone()],
            message_upserts: vec![unicode.clone(), big.clone()],
            settings: vec![set("ключ 🔑", Some(tricky))],
            ..Changes::default()
        },
    )
    .await;
    assert_eq!(timeline(store, &chat).await, vec![unicode.clone()]);
    assert_eq!(timeline(store, &room).await, vec![big]);
    assert_eq!(find(store, &chat, "stanza-☃").await, Some(unicode.clone()));
    assert_eq!(find(store, &chat, "origin-✓").await, Some(unicode));
    assert_eq!(store.conversation(&room).await.unwrap(), Some(titled));
    assert_eq!(
        store
            .account()
            .await
            .unwrap()
            .and_then(|a| a.resource)
            .as_deref(),
        Some(tricky)
    );
    let roster = store.roster().await.unwrap();
    assert_eq!(roster.first().and_then(|i| i.name.as_deref()), Some(tricky));
    assert_eq!(
        roster.first().map(|i| i.jid.as_str()),
        Some("δοκιμή@παράδειγμα.ελ")
    );
    assert_eq!(setting(store, "ключ 🔑").await.as_deref(), Some(tricky));
}
