//! Records that cannot be decoded are skipped by list reads and reported, never hiding the rest.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use chat_store::{
    Changes, Conversation, ConversationId, DeliveryState, Direction, Message, MessageEncryption,
    Store, StoreError,
};
use chat_store_indexeddb::migrations::LATEST_VERSION;
use chat_store_indexeddb::{open_database_at_version, IndexedDbStore};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

const BROKEN_RECORDS: &str = r#"{
  "conversations": [
    { "key": "d:broken@example.org", "data": "not json" },
    { "key": "d:no-data@example.org" }
  ],
  "messages": [
    { "id": "broken", "conversation": "d:alice@example.org", "timestamp": "00000000000000000150", "data": "{\"id\":\"broken\"}" }
  ],
  "settings": [ { "key": "numeric", "value": 42 } ]
}"#;

fn message(id: &str, timestamp: u64) -> Message {
    Message {
        id: id.to_owned(),
        conversation: ConversationId::direct("alice@example.org"),
        direction: Direction::In,
        sender: "alice@example.org".to_owned(),
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

fn is_corrupt_naming(error: &StoreError, key: &str) -> bool {
    matches!(error, StoreError::Corrupt { what, .. } if what.contains(key))
}

#[wasm_bindgen_test]
async fn undecodable_records_are_skipped_and_reported() {
    let name = "corrupt-records";
    IndexedDbStore::delete(name).await.unwrap();
    let store = IndexedDbStore::open(name).await.unwrap();
    let alice = ConversationId::direct("alice@example.org");
    let good = Conversation {
        last_activity: 10,
        ..Conversation::new(alice.clone())
    };
    store
        .save_changes(Changes {
            conversation_upserts: vec![good.clone()],
            message_upserts: vec![message("m1", 100), message("m2", 200)],
            ..Changes::default()
        })
        .await
        .unwrap();
    let raw = open_database_at_version(name, LATEST_VERSION)
        .await
        .unwrap();
    common::put_raw(&raw, BROKEN_RECORDS).await;
    raw.close();

    assert_eq!(store.conversations().await.unwrap(), vec![good]);
    let skipped = store.take_skipped_records();
    assert_eq!(skipped.len(), 2, "{skipped:?}");
    assert!(
        skipped
            .iter()
            .any(|e| is_corrupt_naming(e, "broken@example.org")),
        "{skipped:?}"
    );
    assert!(
        skipped
            .iter()
            .any(|e| is_corrupt_naming(e, "no-data@example.org")),
        "{skipped:?}"
    );
    assert!(
        store.take_skipped_records().is_empty(),
        "taking empties the list"
    );

    let page = store.messages(&alice, None, 10).await.unwrap();
    assert_eq!(page.messages, vec![message("m1", 100), message("m2", 200)]);
    let skipped = store.take_skipped_records();
    assert!(
        skipped.len() == 1 && is_corrupt_naming(&skipped[0], "broken"),
        "{skipped:?}"
    );

    // A single record that cannot be read is an error: there is nothing else to return.
    let direct = store
        .conversation(&ConversationId::direct("broken@example.org"))
        .await;
    assert!(
        matches!(&direct, Err(e) if is_corrupt_naming(e, "broken@example.org")),
        "{direct:?}"
    );
    let setting = store.setting("numeric").await;
    assert!(
        matches!(&setting, Err(e) if is_corrupt_naming(e, "numeric")),
        "{setting:?}"
    );
}
