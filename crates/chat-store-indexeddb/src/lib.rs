//! chat-store-indexeddb
