//! The store conformance suite against IndexedDB, in headless Chromium.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chat_store_indexeddb::IndexedDbStore;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// A store in a database of its own, emptied first in case an earlier run left it behind.
async fn fresh_store(test: &'static str) -> IndexedDbStore {
    let name = format!("conformance-{test}");
    IndexedDbStore::delete(&name)
        .await
        .expect("deleting the test database");
    IndexedDbStore::open(&name)
        .await
        .expect("opening the test database")
}

chat_store::store_conformance_tests!(fresh_store, #[wasm_bindgen_test]);
