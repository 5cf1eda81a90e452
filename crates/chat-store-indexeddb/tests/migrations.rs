//! Schema upgrades: data written at an older version survives, and a blocked or impossible
//! upgrade is reported instead of hanging or losing data.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use chat_store::{
    Account, Conversation, ConversationId, DeliveryState, Direction, EncryptionPreference, Message,
    MessageEncryption, RosterItem, Store, StoreError, StoredCredentials, Subscription,
};
use chat_store_indexeddb::migrations::LATEST_VERSION;
use chat_store_indexeddb::{delete_database, open_database_at_version, IndexedDbStore};
use futures::channel::oneshot;
use futures::future::{select, Either};
use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

fn romeo() -> ConversationId {
    ConversationId::direct("romeo@example.net")
}

/// The messages in `fixtures/v1_records.json`, as the model sees them.
fn v1_messages() -> Vec<Message> {
    let base = Message {
        id: String::new(),
        conversation: romeo(),
        direction: Direction::In,
        sender: "romeo@example.net".to_owned(),
        body: String::new(),
        timestamp: 0,
        origin_id: None,
        stanza_id: None,
        state: DeliveryState::Received,
        encryption: MessageEncryption::Plain,
        expires_at: None,
        meta: Default::default(),
    };
    let ours = |id: &str| Message {
        id: id.to_owned(),
        body: format!("body of {id}"),
        direction: Direction::Out,
        sender: "juliet@example.org".to_owned(),
        origin_id: Some(id.to_owned()),
        ..base.clone()
    };
    vec![
        Message {
            id: "m1".to_owned(),
            body: "body of m1".to_owned(),
            timestamp: 1_700_000_000_000,
            stanza_id: Some("st-1".to_owned()),
            expires_at: Some(1_700_000_600_000),
            ..base.clone()
        },
        Message {
            timestamp: 1_700_000_001_000,
            state: DeliveryState::Pending,
            encryption: MessageEncryption::Omemo {
                device_id: 1234,
                trusted: true,
            },
            ..ours("m2")
        },
        Message {
            timestamp: 1_700_000_002_000,
            stanza_id: Some("st-3".to_owned()),
            state: DeliveryState::Failed(Box::new(chat_store::Stored::Text("timeout".to_owned()))),
            expires_at: Some(1_700_000_300_000),
            ..ours("m3")
        },
    ]
}

async fn write_v1_database(name: &str) -> Database {
    delete_database(name).await.unwrap();
    let v1 = open_database_at_version(name, 1).await.unwrap();
    assert_eq!(v1.version(), 1.0);
    common::put_raw(&v1, common::V1_RECORDS).await;
    v1
}

#[wasm_bindgen_test]
async fn upgrade_from_v1_keeps_every_record_and_indexes_them() {
    let name = "migration-from-v1";
    write_v1_database(name).await.close();

    let store = IndexedDbStore::open(name).await.unwrap();
    let account = store.account().await.unwrap().expect("account survives");
    let expected_account = Account {
        websocket_url: Some("wss://example.org/xmpp-websocket".to_owned()),
        resource: Some("jibber-1".to_owned()),
        credentials: Some(StoredCredentials(
            r#"{"mechanism":"SCRAM-SHA-1","iterations":4096}"#.to_owned(),
        )),
        roster_version: Some("ver-7".to_owned()),
        last_archive_id: Some("st-3".to_owned()),
        ..Account::new("juliet@example.org")
    };
    assert!(
        account == expected_account,
        "account differs after the upgrade"
    );
    assert_eq!(
        store.roster().await.unwrap(),
        vec![RosterItem {
            name: Some("Romeo".to_owned()),
            subscription: Subscription::Both,
            groups: vec!["Verona".to_owned()],
            ..RosterItem::new("romeo@example.net")
        }]
    );
    assert_eq!(
        store.conversations().await.unwrap(),
        vec![Conversation {
            title: Some("Romeo".to_owned()),
            last_activity: 1_700_000_002_000,
            unread: 1,
            last_read: Some("m1".to_owned()),
            retention: Some(chat_store::Retention::After(600_000)),
            encryption: EncryptionPreference::Auto,
            draft: "wherefore".to_owned(),
            ..Conversation::new(romeo())
        }]
    );
    let messages = v1_messages();
    let page = store.messages(&romeo(), None, 10).await.unwrap();
    assert_eq!(page.messages, messages);
    assert!(!page.has_more);
    assert_eq!(
        store.find_message(&romeo(), "st-3").await.unwrap().as_ref(),
        messages.get(2)
    );
    assert_eq!(
        store.pending_messages().await.unwrap(),
        vec![messages[1].clone()]
    );
    assert_eq!(
        store.setting("theme").await.unwrap().as_deref(),
        Some("\"dark\"")
    );

    // The version 2 index covers what version 1 wrote.
    assert_eq!(store.next_expiry().await.unwrap(), Some(1_700_000_300_000));
    assert_eq!(
        store.expired_messages(1_700_000_600_000).await.unwrap(),
        vec!["m1".to_owned(), "m3".to_owned()]
    );
    // The version 3 store starts empty and takes OMEMO records.
    assert!(store.omemo_records().await.unwrap().is_empty());
    let record = chat_store::OmemoRecord {
        key: "own".to_owned(),
        value: "{}".to_owned(),
    };
    store
        .save_changes(chat_store::Changes {
            omemo_upserts: vec![record.clone()],
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(store.omemo_records().await.unwrap() == vec![record]);
    // The version 5 id filters start empty: the first batch check builds one from what
    // version 1 wrote, the second is answered through it.
    let asked = chat_store::MessageIds {
        local: ["m1", "m2", "m3", "m9"].map(str::to_owned).into(),
        stanza: ["st-3", "st-9"].map(str::to_owned).into(),
        ..Default::default()
    };
    for check in ["first", "second"] {
        let found = store.find_messages_by_ids(&romeo(), &asked).await.unwrap();
        assert!(found == messages, "{check} check after the upgrade");
    }
    assert!(store.take_skipped_records().is_empty());
    drop(store);

    let reopened = open_database_at_version(name, LATEST_VERSION)
        .await
        .unwrap();
    assert_eq!(reopened.version(), f64::from(LATEST_VERSION));
    reopened.close();
}

/// A version 3 roster: one record per contact, one of them not JSON and one not a roster item.
const V3_ROSTER: &str = r#"{ "roster": [
  { "jid": "romeo@example.net", "data": "{\"jid\":\"romeo@example.net\",\"name\":\"Romeo\",\"subscription\":\"both\",\"groups\":[\"Verona\"]}" },
  { "jid": "broken@example.net", "data": "{not json" },
  { "jid": "odd@example.net", "data": "{\"jid\":\"odd@example.net\",\"subscription\":\"sometimes\"}" },
  { "jid": "tybalt@example.net", "data": "{\"jid\":\"tybalt@example.net\",\"subscription\":\"to\",\"ask\":true}" }
] }"#;

#[wasm_bindgen_test]
async fn upgrade_to_v4_moves_the_roster_into_one_list() {
    let name = "migration-roster-list";
    delete_database(name).await.unwrap();
    let v3 = open_database_at_version(name, 3).await.unwrap();
    common::put_raw(&v3, V3_ROSTER).await;
    v3.close();

    let store = IndexedDbStore::open(name).await.unwrap();
    let romeo = RosterItem {
        name: Some("Romeo".to_owned()),
        subscription: Subscription::Both,
        groups: vec!["Verona".to_owned()],
        ..RosterItem::new("romeo@example.net")
    };
    let tybalt = RosterItem {
        subscription: Subscription::To,
        ask: true,
        ..RosterItem::new("tybalt@example.net")
    };
    assert_eq!(store.roster().await.unwrap(), vec![romeo.clone(), tybalt]);
    // What is JSON but not a roster item moved along and is reported; what is not JSON could
    // not join the list.
    let skipped = store.take_skipped_records();
    assert_eq!(skipped.len(), 1, "{skipped:?}");
    assert!(
        matches!(&skipped[0], StoreError::Corrupt { what, .. } if what.contains("odd@example.net")),
        "{skipped:?}"
    );

    // A push rewrites the list and keeps the unreadable entry as it was.
    store
        .save_changes(chat_store::Changes {
            roster_removals: vec!["tybalt@example.net".to_owned()],
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(store.roster().await.unwrap(), vec![romeo]);
    assert_eq!(store.take_skipped_records().len(), 1);
    drop(store);

    let reopened = open_database_at_version(name, LATEST_VERSION)
        .await
        .unwrap();
    let stores = reopened.object_store_names().collect::<Vec<_>>();
    assert!(!stores.iter().any(|s| s == "roster"), "{stores:?}");
    reopened.close();
}

#[wasm_bindgen_test]
async fn upgrade_waiting_for_an_old_connection_is_reported_blocked_and_completes_later() {
    let name = "migration-blocked";
    let old_tab = write_v1_database(name).await;

    let blocked = IndexedDbStore::open(name).await;
    assert!(
        matches!(blocked.as_ref().err(), Some(StoreError::Blocked(_))),
        "{:?}",
        blocked.as_ref().err()
    );

    old_tab.close();
    let store = IndexedDbStore::open(name).await.unwrap();
    assert_eq!(
        store.messages(&romeo(), None, 10).await.unwrap().messages,
        v1_messages()
    );
    assert_eq!(
        store.next_expiry().await.unwrap(),
        Some(1_700_000_300_000),
        "the upgrade ran its migrations"
    );
}

#[wasm_bindgen_test]
async fn database_from_a_newer_release_is_unavailable() {
    let name = "migration-newer";
    delete_database(name).await.unwrap();
    Database::open(name)
        .with_version(LATEST_VERSION + 1)
        .await
        .unwrap()
        .close();

    match IndexedDbStore::open(name).await {
        Err(StoreError::Unavailable(reason)) => {
            assert!(reason.contains("newer version"), "{reason}")
        }
        other => panic!("expected Unavailable, got {:?}", other.err()),
    }
    delete_database(name).await.unwrap();
}

#[wasm_bindgen_test]
async fn open_store_lets_another_tab_upgrade_and_then_reports_unavailable() {
    let name = "migration-other-tab";
    delete_database(name).await.unwrap();
    let store = IndexedDbStore::open(name).await.unwrap();
    assert_eq!(store.account().await.unwrap(), None);

    let (blocked_tx, blocked_rx) = oneshot::channel::<()>();
    let newer_tab = Database::open(name)
        .with_version(LATEST_VERSION + 1)
        .with_on_blocked(move |_| {
            let _ = blocked_tx.send(());
            Ok(())
        })
        .build()
        .unwrap();
    match select(newer_tab, blocked_rx).await {
        Either::Left((opened, _)) => opened.unwrap().close(),
        Either::Right(_) => panic!("the open store blocked another tab's upgrade"),
    }
    assert!(matches!(
        store.account().await,
        Err(StoreError::Unavailable(_))
    ));
    drop(store);
    delete_database(name).await.unwrap();
}
