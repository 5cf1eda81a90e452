//! Versioned schema: one file per step, run in order from `onupgradeneeded`.
//!
//! Step `vN` turns a version `N - 1` database into version `N`. Opening a database at an older
//! version runs every step after it, inside the single upgrade transaction, so an upgrade is
//! all-or-nothing. Adding a version means adding `vN.rs`, appending it to [`STEPS`] and bumping
//! [`LATEST_VERSION`].

use indexed_db_futures::database::Database;

mod v1;
mod v2;
mod v3;
mod v4;
mod v5;

/// The schema version this code reads and writes.
pub const LATEST_VERSION: u32 = 5;

type Step = fn(&Database, &web_sys::IdbTransaction) -> indexed_db_futures::Result<()>;

/// `STEPS[n]` upgrades a database from version `n` to `n + 1`.
const STEPS: [Step; LATEST_VERSION as usize] =
    [v1::apply, v2::apply, v3::apply, v4::apply, v5::apply];

/// Runs the steps that take a database from `from` to `to`, within the upgrade transaction.
pub(crate) fn upgrade(
    db: &Database,
    upgrade_tx: &web_sys::IdbTransaction,
    from: u32,
    to: u32,
) -> indexed_db_futures::Result<()> {
    let pending = to.saturating_sub(from) as usize;
    for step in STEPS.iter().skip(from as usize).take(pending) {
        step(db, upgrade_tx)?;
    }
    Ok(())
}
