//! The browser's persistent [`chat_store::Store`]: IndexedDB, with versioned schema migrations.
//!
//! # Layout
//! One object store per kind of data: `account` (one record), `roster_list` (one record: the
//! whole roster, see [`roster_list`]), `conversations` (by [`chat_store::ConversationId::key`]), `messages` (by id) and `settings`
//! (by key), `omemo` (by key), `id_filters` (per conversation, which ids its messages may
//! carry, so a batch of arrivals is checked with few lookups; see [`id_filter`]). Each record holds the model value as JSON plus the fields IndexedDB indexes
//! (see [`records`]); `messages` has indexes for timeline paging, origin-id and stanza-id
//! lookups, the outbox and expiry (see `schema.rs`).
//!
//! # Guarantees
//! - `save_changes` is one read-write transaction over the stores it touches: all of a batch is
//!   saved or none of it.
//! - Opening runs the migration steps from the stored schema version to the latest inside the
//!   upgrade transaction ([`migrations`]).
//! - An open connection closes itself when another tab asks for a newer schema, so upgrades
//!   are not blocked by stale tabs; the stale store then answers `Unavailable`.
//! - Undecodable records are skipped by list reads and reported through
//!   `IndexedDbStore::take_skipped_records`, so one bad record does not hide the rest.
//!
//! Known difference from `MemoryStore`: IndexedDB orders strings by UTF-16 code units, Rust by
//! code points; message ids with characters above U+FFFF and in U+E000..=U+FFFF that share a
//! timestamp may tie-break differently. Ids are ASCII in practice (origin-ids, stanza-ids).
//!
//! Everything but [`records`] and [`roster_list`] exists only on `wasm32`: natively the crate is (almost) empty.

pub mod id_filter;
pub mod records;
pub mod roster_list;

#[cfg(target_arch = "wasm32")]
mod errors;
#[cfg(target_arch = "wasm32")]
mod id_filters;
#[cfg(target_arch = "wasm32")]
pub mod migrations;
#[cfg(target_arch = "wasm32")]
mod open;
#[cfg(target_arch = "wasm32")]
mod reads;
#[cfg(target_arch = "wasm32")]
mod schema;
#[cfg(target_arch = "wasm32")]
mod store;
#[cfg(target_arch = "wasm32")]
mod writes;

#[cfg(target_arch = "wasm32")]
pub use open::{delete_database, open_database_at_version};
#[cfg(target_arch = "wasm32")]
pub use store::IndexedDbStore;

#[cfg(all(test, target_arch = "wasm32"))]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
