//! Version 2: the `by_expiry` index, so the ephemeral purge finds expired messages without
//! reading every message. IndexedDB fills a new index from the records already stored, so
//! messages written at version 1 expire like new ones.

use indexed_db_futures::database::Database;

use crate::schema::{BY_EXPIRY, MESSAGES};

pub(super) fn apply(
    _db: &Database,
    upgrade_tx: &web_sys::IdbTransaction,
) -> indexed_db_futures::Result<()> {
    let messages = upgrade_tx.object_store(MESSAGES)?;
    messages.create_index_with_str(BY_EXPIRY, "expires_at")?;
    Ok(())
}
