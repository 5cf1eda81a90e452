//! Version 1: every object store, and the message indexes for paging, lookups and the outbox.

use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::KeyPath;

use crate::schema::{
    ACCOUNT, BY_ORIGIN_ID, BY_STANZA_ID, BY_TIMELINE, CONVERSATIONS, LEGACY_ROSTER, MESSAGES,
    PENDING, SETTINGS,
};

fn compound(fields: &[&'static str]) -> KeyPath<&'static str> {
    fields.iter().copied().collect()
}

pub(super) fn apply(
    db: &Database,
    _upgrade_tx: &web_sys::IdbTransaction,
) -> indexed_db_futures::Result<()> {
    db.create_object_store(ACCOUNT)
        .with_key_path(KeyPath::One("slot"))
        .build()?;
    db.create_object_store(LEGACY_ROSTER)
        .with_key_path(KeyPath::One("jid"))
        .build()?;
    db.create_object_store(CONVERSATIONS)
        .with_key_path(KeyPath::One("key"))
        .build()?;
    db.create_object_store(SETTINGS)
        .with_key_path(KeyPath::One("key"))
        .build()?;

    let messages = db
        .create_object_store(MESSAGES)
        .with_key_path(KeyPath::One("id"))
        .build()?;
    messages
        .create_index(BY_TIMELINE, compound(&["conversation", "timestamp", "id"]))
        .build()?;
    // Records without the id are left out of these indexes (the key path does not resolve).
    messages
        .create_index(BY_ORIGIN_ID, compound(&["conversation", "origin_id"]))
        .build()?;
    messages
        .create_index(BY_STANZA_ID, compound(&["conversation", "stanza_id"]))
        .build()?;
    messages
        .create_index(PENDING, compound(&["outbox", "id"]))
        .build()?;
    Ok(())
}
