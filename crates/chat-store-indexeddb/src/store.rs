//! [`IndexedDbStore`]: the connection, its lifecycle, and decoding what it reads.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use chat_store::StoreError;
use indexed_db_futures::database::Database;
use indexed_db_futures::internals::SystemRepr;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::{Transaction, TransactionMode};
use serde::de::DeserializeOwned;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

use crate::errors::{corrupt, operation_failed};
use crate::migrations::LATEST_VERSION;
use crate::open::{delete_database, open_database_at_version};
use crate::records::Payload;

/// A [`chat_store::Store`] kept in the browser's IndexedDB, surviving reloads.
///
/// Records that cannot be decoded (written by a buggy release, or damaged) do not hide the
/// rest: reads of a list skip them and remember a [`StoreError::Corrupt`] for each, which
/// [`IndexedDbStore::take_skipped_records`] hands out (the app can log them or offer a reset);
/// reads of a single record return the error, since there is nothing else to show.
pub struct IndexedDbStore {
    pub(crate) db: Database,
    /// Set when another tab asked for a newer schema and this connection closed to let it.
    closed_for_upgrade: Rc<Cell<bool>>,
    /// Kept alive while the connection points to it.
    _on_version_change: Closure<dyn FnMut()>,
    skipped: RefCell<Vec<StoreError>>,
}

impl IndexedDbStore {
    /// Opens (creating or upgrading as needed) the database `db_name` at the latest schema.
    ///
    /// Errors: [`StoreError::Unavailable`] when IndexedDB is missing or refused (some private
    /// modes) or the database is newer than this code; [`StoreError::Blocked`] when another tab
    /// holds the database open at an older schema; [`StoreError::QuotaExceeded`] when the
    /// browser has no room to create it.
    pub async fn open(db_name: &str) -> Result<Self, StoreError> {
        let db = open_database_at_version(db_name, LATEST_VERSION).await?;
        let raw_db: web_sys::IdbDatabase = db.as_sys().clone().unchecked_into();
        let closed_for_upgrade = Rc::new(Cell::new(false));
        let closed_flag = Rc::clone(&closed_for_upgrade);
        let connection = raw_db.clone();
        // Another tab is opening a newer schema: let go so it is not blocked on us.
        let on_version_change = Closure::<dyn FnMut()>::new(move || {
            closed_flag.set(true);
            connection.close();
        });
        raw_db.set_onversionchange(Some(on_version_change.as_ref().unchecked_ref()));
        Ok(Self {
            db,
            closed_for_upgrade,
            _on_version_change: on_version_change,
            skipped: RefCell::default(),
        })
    }

    /// Deletes the database `db_name` ("forget this device" including the schema).
    pub async fn delete(db_name: &str) -> Result<(), StoreError> {
        delete_database(db_name).await
    }

    /// The database's name.
    pub fn name(&self) -> String {
        self.db.name()
    }

    /// Takes the errors for records that list reads skipped because they could not be decoded.
    pub fn take_skipped_records(&self) -> Vec<StoreError> {
        self.skipped.take()
    }

    fn ensure_open(&self) -> Result<(), StoreError> {
        if self.closed_for_upgrade.get() {
            return Err(StoreError::Unavailable(
                "the database was closed for an upgrade in another tab; reload the app".to_owned(),
            ));
        }
        Ok(())
    }

    pub(crate) fn transaction(
        &self,
        stores: &[&str],
        mode: TransactionMode,
    ) -> Result<Transaction<'_>, StoreError> {
        self.ensure_open()?;
        self.db
            .transaction(stores)
            .with_mode(mode)
            .build()
            .map_err(|error| operation_failed("starting a transaction", &error))
    }

    pub(crate) fn read(&self, stores: &[&str]) -> Result<Transaction<'_>, StoreError> {
        self.transaction(stores, TransactionMode::Readonly)
    }

    /// Decodes a record's JSON payload; `key_field` names the record for the error.
    pub(crate) fn decode<T: DeserializeOwned>(
        store: &str,
        key_field: &str,
        record: JsValue,
    ) -> Result<T, StoreError> {
        let payload: Payload = serde_wasm_bindgen::from_value(record.clone())
            .map_err(|error| corrupt(store, &record_key(&record, key_field), error))?;
        serde_json::from_str(&payload.data)
            .map_err(|error| corrupt(store, &record_key(&record, key_field), error))
    }

    /// Remembers a record that could not be decoded (see `take_skipped_records`).
    pub(crate) fn skip(&self, error: StoreError) {
        self.skipped.borrow_mut().push(error);
    }

    /// Decodes every record, skipping (and remembering) those that cannot be decoded.
    pub(crate) fn decode_all<T: DeserializeOwned>(
        &self,
        store: &str,
        key_field: &str,
        records: impl IntoIterator<Item = indexed_db_futures::Result<JsValue>>,
    ) -> Result<Vec<T>, StoreError> {
        let mut decoded = Vec::new();
        for record in records {
            let record =
                record.map_err(|error| operation_failed(&format!("reading {store}"), &error))?;
            match Self::decode(store, key_field, record) {
                Ok(value) => decoded.push(value),
                Err(error) => self.skipped.borrow_mut().push(error),
            }
        }
        Ok(decoded)
    }

    pub(crate) fn remember_skipped(&self, error: StoreError) {
        self.skipped.borrow_mut().push(error);
    }
}

impl Drop for IndexedDbStore {
    fn drop(&mut self) {
        let raw_db: &web_sys::IdbDatabase = self.db.as_sys().unchecked_ref();
        // The handler must not outlive the closure it points to.
        raw_db.set_onversionchange(None);
        raw_db.close();
    }
}

/// The record's key for error messages, when it has one.
pub(crate) fn record_key(record: &JsValue, key_field: &str) -> String {
    js_sys::Reflect::get(record, &JsValue::from_str(key_field))
        .ok()
        .and_then(|key| key.as_string())
        .unwrap_or_else(|| "<no key>".to_owned())
}
