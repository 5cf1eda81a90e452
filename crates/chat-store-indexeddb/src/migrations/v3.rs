//! Version 3: the `omemo` store, one record per OMEMO key, session, device list or trust
//! decision, so a message only rewrites the records it touched.

use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::KeyPath;

use crate::schema::OMEMO;

pub(super) fn apply(
    db: &Database,
    _upgrade_tx: &web_sys::IdbTransaction,
) -> indexed_db_futures::Result<()> {
    db.create_object_store(OMEMO)
        .with_key_path(KeyPath::One("key"))
        .build()?;
    Ok(())
}
