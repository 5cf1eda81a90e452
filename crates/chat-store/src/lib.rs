//! Jibber's data model and the storage boundary.
//!
//! Everything the app remembers goes through [`Store`]: the browser backs it with IndexedDB
//! (`chat-store-indexeddb`), tests and native tools with [`MemoryStore`]. Both must pass the
//! same [`conformance`] suite, so the client can rely on one set of semantics.
//! Writes are batched in [`Changes`] and applied atomically: a half-saved batch would mean a
//! message shown but lost after a reload.

mod changes;
pub mod conformance;
mod error;
mod memory;
mod model;
mod purge;
pub mod reasons;
pub mod retention;
mod store;
pub mod subscription;

pub use changes::Changes;
pub use error::StoreError;
pub use memory::MemoryStore;
pub use model::*;
pub use purge::{purge_expired, PurgeOutcome};
pub use reasons::{
    DeviceProblem, DeviceTrouble, FailReason, OmemoUnavailable, SendFailure, Stored, Unreadable,
    UnreadableReason,
};
pub use retention::{PurgeSchedule, Retention};
pub use store::{MessageIds, MessagePage, Store};
