//! Opening a database at a schema version, running the migrations it needs.

use std::cell::OnceCell;
use std::rc::Rc;

use chat_store::StoreError;
use futures::channel::oneshot;
use futures::future::{select, Either};
use indexed_db_futures::database::Database;
use indexed_db_futures::internals::SystemRepr;
use indexed_db_futures::prelude::*;
use wasm_bindgen::JsValue;

use crate::errors::open_failed;
use crate::migrations::{self, LATEST_VERSION};

/// Opens `db_name` at schema `version` (creating it, or upgrading it with the migration steps up
/// to `version`), and returns the raw connection.
///
/// The app uses [`crate::IndexedDbStore::open`]; this is for tools and tests that need direct
/// access or an older schema (e.g. to write data as an older release did, then upgrade).
///
/// Fails with [`StoreError::Blocked`] when the upgrade must wait for a connection another tab
/// keeps open. The upgrade then still completes (and its connection is closed) as soon as that
/// tab lets go, so a later open finds the new schema.
pub async fn open_database_at_version(db_name: &str, version: u32) -> Result<Database, StoreError> {
    if version == 0 || version > LATEST_VERSION {
        return Err(StoreError::Unavailable(format!(
            "schema version {version} does not exist (latest is {LATEST_VERSION})"
        )));
    }
    // The upgrade steps need the request's version-change transaction, which the event
    // handler cannot reach by itself: the request is shared with it once built.
    let request_slot: Rc<OnceCell<web_sys::IdbOpenDbRequest>> = Rc::default();
    let upgrade_request = Rc::clone(&request_slot);
    let (blocked_tx, blocked_rx) = oneshot::channel::<()>();

    let request = Database::open(db_name)
        .with_version(version)
        .with_on_blocked(move |_event| {
            // The receiver may already be gone once the open finished; nothing to tell then.
            let _ = blocked_tx.send(());
            Ok(())
        })
        .with_on_upgrade_needed(move |event, db| {
            let upgrade_tx = upgrade_request
                .get()
                .and_then(|request| request.transaction())
                .ok_or_else(|| JsValue::from_str("the upgrade transaction is missing"))?;
            // Versions are small integers; IndexedDB reports them as doubles.
            let from = event.old_version() as u32;
            let to = event.new_version().map_or(version, |v| v as u32);
            migrations::upgrade(&db, &upgrade_tx, from, to)
        })
        .build()
        .map_err(|error| open_failed(db_name, &error))?;
    // Filled before the event loop runs again, so before any upgrade event can fire.
    let _ = request_slot.set(request.as_sys().clone());

    match select(request, blocked_rx).await {
        Either::Left((opened, _)) => opened.map_err(|error| open_failed(db_name, &error)),
        Either::Right((Ok(()), still_opening)) => {
            // Dropping the request would detach the upgrade handler and let the version bump
            // happen without the migrations: keep it alive until it finishes, then let go.
            wasm_bindgen_futures::spawn_local(async move {
                if let Ok(db) = still_opening.await {
                    db.close();
                }
            });
            Err(StoreError::Blocked(format!(
                "{db_name} needs schema version {version}; close the app's other tabs to continue"
            )))
        }
        Either::Right((Err(oneshot::Canceled), still_opening)) => still_opening
            .await
            .map_err(|error| open_failed(db_name, &error)),
    }
}

/// Deletes `db_name` and everything in it. Waits while another connection keeps it open.
pub async fn delete_database(db_name: &str) -> Result<(), StoreError> {
    let request =
        Database::delete_by_name(db_name).map_err(|error| open_failed(db_name, &error))?;
    request
        .await
        .map_err(|error| open_failed(db_name, &error.into()))
}
