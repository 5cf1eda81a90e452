//! The id filters behind `find_messages_by_ids`: built at a conversation's first batch check,
//! kept up to date by every save, and, when unreadable, only a cost in lookups (the check reads
//! id by id and the filter is built again).
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use chat_store::{
    Changes, ConversationId, DeliveryState, Direction, Message, MessageEncryption, MessageIds,
    Store,
};
use chat_store_indexeddb::migrations::LATEST_VERSION;
use chat_store_indexeddb::{delete_database, open_database_at_version, IndexedDbStore};
use indexed_db_futures::prelude::*;
use js_sys::{Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

fn chat() -> ConversationId {
    ConversationId::direct("romeo@example.net")
}

fn message(n: u32) -> Message {
    Message {
        id: format!("m{n}"),
        conversation: chat(),
        direction: Direction::In,
        sender: "romeo@example.net".to_owned(),
        body: format!("message {n}"),
        timestamp: 1_700_000_000_000 + u64::from(n),
        origin_id: None,
        stanza_id: Some(format!("st-{n}")),
        state: DeliveryState::Received,
        encryption: MessageEncryption::Plain,
        expires_at: None,
        meta: Default::default(),
    }
}

async fn fresh_store(name: &str) -> IndexedDbStore {
    delete_database(name).await.unwrap();
    IndexedDbStore::open(name).await.unwrap()
}

async fn save(store: &IndexedDbStore, numbers: std::ops::Range<u32>) {
    let changes = Changes {
        message_upserts: numbers.map(message).collect(),
        ..Changes::default()
    };
    store.save_changes(changes).await.unwrap();
}

/// Asks for messages `numbers` by local id and stanza-id; the local ids found.
async fn check(store: &IndexedDbStore, numbers: std::ops::Range<u32>) -> Vec<String> {
    let ids = MessageIds {
        local: numbers.clone().map(|n| format!("m{n}")).collect(),
        stanza: numbers.map(|n| format!("st-{n}")).collect(),
        ..MessageIds::default()
    };
    let found = store.find_messages_by_ids(&chat(), &ids).await.unwrap();
    found.into_iter().map(|m| m.id).collect()
}

fn local_ids(numbers: std::ops::Range<u32>) -> Vec<String> {
    numbers.map(|n| format!("m{n}")).collect()
}

/// The `id_filters` records, read beside the store's own connection.
async fn filter_records(name: &str) -> Vec<JsValue> {
    let db = open_database_at_version(name, LATEST_VERSION)
        .await
        .unwrap();
    let tx = db.transaction("id_filters").build().unwrap();
    let records = tx
        .object_store("id_filters")
        .unwrap()
        .get_all::<JsValue>()
        .primitive()
        .unwrap()
        .await
        .unwrap()
        .map(Result::unwrap)
        .collect();
    drop(tx);
    db.close();
    records
}

fn field(record: &JsValue, name: &str) -> JsValue {
    Reflect::get(record, &name.into()).unwrap()
}

#[wasm_bindgen_test]
async fn a_filter_is_built_at_the_first_check_and_kept_by_every_save() {
    let name = "id-filter-kept";
    let store = fresh_store(name).await;
    save(&store, 0..40).await;
    assert!(filter_records(name).await.is_empty(), "no check yet");

    assert_eq!(check(&store, 0..60).await, local_ids(0..40));
    let filter = store
        .id_filter(&chat())
        .await
        .unwrap()
        .expect("a readable filter");
    assert!(filter.may_contain("m39") && filter.may_contain("st-39"));
    let built = filter_records(name).await;
    assert_eq!(built.len(), 1);
    // Every message is known by its local id and its stanza-id.
    assert_eq!(field(&built[0], "count").as_f64(), Some(80.0));

    save(&store, 40..60).await;
    let kept = filter_records(name).await;
    assert_eq!(field(&kept[0], "count").as_f64(), Some(120.0));
    assert_eq!(check(&store, 0..100).await, local_ids(0..60));

    // Clearing the chat drops its filter; the next check builds it again.
    let clear = Changes {
        clear_conversations: vec![chat()],
        ..Changes::default()
    };
    store.save_changes(clear).await.unwrap();
    assert!(filter_records(name).await.is_empty());
    assert!(check(&store, 0..100).await.is_empty());
    assert_eq!(filter_records(name).await.len(), 1);
}

#[wasm_bindgen_test]
async fn an_unreadable_filter_costs_lookups_and_is_built_again() {
    let name = "id-filter-unreadable";
    let store = fresh_store(name).await;
    save(&store, 0..30).await;
    assert_eq!(check(&store, 0..30).await, local_ids(0..30));

    // A layer whose bits are not bytes, as a damaged or foreign record would be.
    let db = open_database_at_version(name, LATEST_VERSION)
        .await
        .unwrap();
    common::put_raw(
        &db,
        r#"{ "id_filters": [ { "key": ["d:romeo@example.net", 0], "capacity": 512, "count": 0, "bits": "zeros" } ] }"#,
    )
    .await;
    db.close();

    save(&store, 30..50).await;
    assert_eq!(check(&store, 0..60).await, local_ids(0..50));
    let rebuilt = filter_records(name).await;
    assert_eq!(rebuilt.len(), 1);
    assert_eq!(field(&rebuilt[0], "count").as_f64(), Some(100.0));
    let bits = field(&rebuilt[0], "bits");
    assert!(bits.dyn_ref::<Uint8Array>().is_some(), "rebuilt as bytes");
}
