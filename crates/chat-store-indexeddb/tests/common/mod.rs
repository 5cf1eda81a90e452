//! Helpers shared by the browser tests: writing records as they lie on disk.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use js_sys::{Array, Reflect};
use wasm_bindgen::{JsCast, JsValue};

/// Records as version 1 of the schema stored them: `{ store name: [record, ...] }`.
pub const V1_RECORDS: &str = include_str!("../fixtures/v1_records.json");

/// Puts `records` (`{ store name: [record, ...] }`, parsed from JSON) as they are, bypassing
/// the store's encoder, in one transaction.
pub async fn put_raw(db: &Database, records_json: &str) {
    let records = js_sys::JSON::parse(records_json).expect("fixture is JSON");
    let object: &js_sys::Object = records.unchecked_ref();
    let stores: Vec<String> = js_sys::Object::keys(object)
        .iter()
        .filter_map(|k| k.as_string())
        .collect();
    let tx = db
        .transaction(stores.as_slice())
        .with_mode(TransactionMode::Readwrite)
        .build()
        .unwrap();
    for name in &stores {
        let store = tx.object_store(name).unwrap();
        let list: Array = Reflect::get(&records, &JsValue::from_str(name))
            .unwrap()
            .unchecked_into();
        for record in list.iter() {
            store.put(record).primitive().unwrap().await.unwrap();
        }
    }
    tx.commit().await.unwrap();
}
