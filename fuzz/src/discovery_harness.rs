//! Fuzz target body for `chat_client::discovery`, shared with
//! `crates/chat-client/tests/fuzz_corpus.rs`, which includes this file.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, dead_code)]

use chat_client::discovery::{is_websocket_url, websocket_from_json, websocket_from_xrd};

/// Both host-meta parsers on the same document; whatever they return is a WebSocket URL.
/// Returns whether either found an endpoint.
pub fn host_meta(data: &[u8]) -> bool {
    let Ok(document) = std::str::from_utf8(data) else {
        return false;
    };
    let found: Vec<String> = [websocket_from_json(document), websocket_from_xrd(document)]
        .into_iter()
        .flatten()
        .collect();
    for url in &found {
        assert!(
            is_websocket_url(url),
            "a host-meta parser returned a non-WebSocket URL: {url}"
        );
    }
    !found.is_empty()
}
