//! Version 4: the roster as one record (`roster_list`, see [`crate::roster_list`]) instead of one
//! record per contact (`roster`). The contacts stored at version 3 are moved into the list and
//! the old store is deleted, all inside the upgrade transaction: if moving fails, the upgrade
//! aborts and the database stays at version 3 with nothing lost.

use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::KeyPath;
use js_sys::{Array, Object, Reflect, JSON};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

use crate::roster_list::ROSTER_SLOT;
use crate::schema::{LEGACY_ROSTER, ROSTER_LIST};

pub(super) fn apply(
    db: &Database,
    upgrade_tx: &web_sys::IdbTransaction,
) -> indexed_db_futures::Result<()> {
    db.create_object_store(ROSTER_LIST)
        .with_key_path(KeyPath::One("slot"))
        .build()?;
    let request = upgrade_tx.object_store(LEGACY_ROSTER)?.get_all()?;
    let tx = upgrade_tx.clone();
    let read = request.clone();
    let on_read = Closure::once_into_js(move || {
        if move_into_list(&tx, &read).is_err() {
            // An exception here would not abort the upgrade by itself.
            let _ = tx.abort();
        }
    });
    request.set_onsuccess(Some(on_read.unchecked_ref()));
    Ok(())
}

/// Writes the old records' payloads as one list and deletes the old store. Each payload is
/// already a roster item's JSON, so the list is their concatenation; one that is not JSON at
/// all would break the list and is left out.
fn move_into_list(tx: &web_sys::IdbTransaction, read: &web_sys::IdbRequest) -> Result<(), JsValue> {
    let records: Array = read.result()?.dyn_into()?;
    let entries = Array::new();
    for record in records.iter() {
        let data = Reflect::get(&record, &"data".into())?;
        if data.is_string() && JSON::parse(&data.as_string().unwrap_or_default()).is_ok() {
            entries.push(&data);
        }
    }
    let list = format!("[{}]", String::from(entries.join(",")));
    let record = Object::new();
    Reflect::set(&record, &"slot".into(), &ROSTER_SLOT.into())?;
    Reflect::set(&record, &"data".into(), &list.into())?;
    tx.object_store(ROSTER_LIST)?.put(&record)?;
    tx.db().delete_object_store(LEGACY_ROSTER)?;
    Ok(())
}
