//! The behaviour every [`crate::Store`] backend must show.
//!
//! Each `pub async fn` here checks one documented semantic of [`crate::Store`] on a fresh, empty
//! store and panics (through `assert!`/`assert_eq!`) when the backend disagrees. Backends run
//! all of them with [`store_conformance_tests!`](crate::store_conformance_tests), which expands
//! to one test function per behaviour, so a failure names the broken rule.
//!
//! Expectations are written against the trait's documentation, not against [`crate::MemoryStore`]:
//! where the trait leaves something open (the order of `roster()` or `expired_messages()`, ties
//! in `conversations()`), the checks compare sets rather than sequences.

// These are test assertions shipped as library code so other crates' tests can run them:
// panicking on a broken expectation is their whole purpose.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod account_roster;
mod batches;
mod conversations;
mod fixtures;
mod lookup;
mod omemo;
mod paging;
mod repeated_lookups;
mod timeline;

pub use account_roster::*;
pub use batches::*;
pub use conversations::*;
pub use lookup::*;
pub use omemo::*;
pub use paging::*;
pub use repeated_lookups::*;
pub use timeline::*;

/// Expands to one test function per conformance behaviour.
///
/// `$make_store` is a closure taking the behaviour's name (`&'static str`, unique per test, handy
/// as a database name) and returning a future of a fresh, empty store. Then either:
///
/// - a synchronous test attribute plus `block_on = path::to::block_on`: each test is a plain
///   `fn` that drives the future with that executor (native tests), or
/// - an attribute for async tests alone (e.g. `#[wasm_bindgen_test]`): each test is an
///   `async fn` (browser tests).
///
/// ```text
/// chat_store::store_conformance_tests!(
///     |_name| async { chat_store::MemoryStore::new() },
///     #[test],
///     block_on = futures::executor::block_on
/// );
///
/// chat_store::store_conformance_tests!(|name| fresh_indexed_db_store(name), #[wasm_bindgen_test]);
/// ```
#[macro_export]
macro_rules! store_conformance_tests {
    (@each $make:tt $attr:tt $block_on:tt $($name:ident),* $(,)?) => {
        $( $crate::store_conformance_tests!(@one $make $attr $block_on $name); )*
    };
    (@one ($make:expr) ($attr:meta) () $name:ident) => {
        #[$attr]
        async fn $name() {
            let store = ($make)(stringify!($name)).await;
            $crate::conformance::$name(&store).await;
        }
    };
    (@one ($make:expr) ($attr:meta) ($block_on:path) $name:ident) => {
        #[$attr]
        fn $name() {
            $block_on(async {
                let store = ($make)(stringify!($name)).await;
                $crate::conformance::$name(&store).await;
            });
        }
    };
    ($make:expr, #[$attr:meta] $(, block_on = $block_on:path)? $(,)?) => {
        $crate::store_conformance_tests!(@each ($make) ($attr) ($($block_on)?)
            fresh_store_is_empty,
            account_set_replace_delete,
            roster_replace_upsert_remove,
            roster_batch_applies_replace_then_upserts_then_removals,
            conversations_ordered_by_last_activity_desc,
            conversation_upsert_replaces_and_removal_deletes,
            conversation_fields_round_trip,
            message_fields_round_trip,
            message_upsert_replaces_by_id,
            message_upsert_with_new_timestamp_moves_it,
            timeline_orders_by_timestamp_then_id,
            extreme_timestamps_keep_their_order,
            messages_stay_in_their_conversation,
            message_removal_deletes_only_that_message,
            paging_250_messages_has_no_gaps_or_duplicates,
            paging_edge_cases,
            oldest_messages_start_the_timeline,
            find_message_by_id_origin_id_and_stanza_id,
            find_message_does_not_cross_conversations,
            find_any_message_takes_the_first_id_that_names_one,
            find_messages_by_ids_returns_each_match_once,
            find_messages_by_ids_sees_every_write_between_lookups,
            pending_messages_form_the_outbox,
            expired_messages_and_next_expiry,
            settings_set_replace_delete,
            batch_clears_conversation_before_adding_messages,
            removing_conversation_removes_its_messages,
            batch_removes_messages_before_upserting,
            empty_batch_changes_nothing,
            clear_all_forgets_everything,
            unicode_and_large_bodies_survive,
            omemo_records_upsert_replace_delete,
        );
    };
}
