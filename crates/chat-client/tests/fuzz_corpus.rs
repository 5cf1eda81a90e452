//! Replays the committed `host_meta` fuzz corpus and regression inputs through the fuzz
//! target's own body, so plain `cargo test` checks every input the fuzzer kept.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../../../fuzz/src/discovery_harness.rs"]
mod harness;
#[path = "../../../fuzz/src/replay.rs"]
mod replay_inputs;

use std::path::PathBuf;

#[test]
fn host_meta_corpus_yields_only_websocket_urls() {
    let fuzz = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fuzz");
    let mut replayed = 0;
    let mut found = 0;
    for (path, data) in replay_inputs::inputs(&fuzz, "host_meta") {
        let result = std::panic::catch_unwind(|| harness::host_meta(&data));
        if result.unwrap_or_else(|_| panic!("host_meta failed on {}", path.display())) {
            found += 1;
        }
        replayed += 1;
    }
    assert!(replayed > 0, "no host_meta corpus");
    assert!(
        found > 0,
        "no input of the host_meta corpus names an endpoint"
    );
}

#[test]
fn hostile_host_meta_documents_give_no_endpoint() {
    assert!(!harness::host_meta(
        br#"{"links":[{"rel":"urn:xmpp:alt-connections:websocket","href":"javascript:x"}]}"#
    ));
    assert!(!harness::host_meta(
        b"<XRD xmlns='http://docs.oasis-open.org/ns/xri/xrd-1.0'><Link"
    ));
    assert!(!harness::host_meta(&[0xc3, 0x28]));
    assert!(harness::host_meta(
        br#"{"links":[{"rel":"urn:xmpp:alt-connections:websocket","href":"wss://a.example/ws"}]}"#
    ));
}
