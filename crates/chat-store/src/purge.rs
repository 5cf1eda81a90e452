//! The purge itself, over any [`Store`]: delete everything expired in one batch and say when
//! the next one is due.

use crate::changes::Changes;
use crate::error::StoreError;
use crate::model::Millis;
use crate::retention::PurgeSchedule;
use crate::store::Store;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PurgeOutcome {
    /// Ids of the messages deleted, for removing them from the screen.
    pub removed: Vec<String>,
    /// The next deadline, already set on the schedule.
    pub next: Option<Millis>,
}

/// Deletes every message expired at `now` in one atomic batch and resets `schedule` to the
/// store's next expiry. Deleting nothing when nothing is due keeps a spurious wake-up cheap.
pub async fn purge_expired<S: Store>(
    store: &S,
    schedule: &mut PurgeSchedule,
    now: Millis,
) -> Result<PurgeOutcome, StoreError> {
    let removed = store.expired_messages(now).await?;
    if !removed.is_empty() {
        store
            .save_changes(Changes {
                message_removals: removed.clone(),
                ..Changes::default()
            })
            .await?;
    }
    let next = store.next_expiry().await?;
    schedule.reset(next);
    Ok(PurgeOutcome { removed, next })
}
