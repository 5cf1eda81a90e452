//! The store conformance suite against [`MemoryStore`], natively.

use chat_store::MemoryStore;

chat_store::store_conformance_tests!(
    |_name: &'static str| async { MemoryStore::new() },
    #[test],
    block_on = futures::executor::block_on
);
