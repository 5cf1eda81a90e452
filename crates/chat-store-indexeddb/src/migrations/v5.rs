//! Version 5: the `id_filters` store (see `id_filters.rs`). It starts empty: a conversation's
//! filter is built from its stored messages the first time a batch of arrivals is checked
//! there, so the upgrade itself reads nothing.

use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::KeyPath;

use crate::schema::ID_FILTERS;

pub(super) fn apply(
    db: &Database,
    _upgrade_tx: &web_sys::IdbTransaction,
) -> indexed_db_futures::Result<()> {
    db.create_object_store(ID_FILTERS)
        .with_key_path(KeyPath::One("key"))
        .build()?;
    Ok(())
}
