//! Replays the committed fuzz corpora and regression inputs (`fuzz/corpus/<target>/`,
//! `fuzz/regressions/<target>/`) through the fuzz targets' own bodies, so every input the
//! fuzzer kept, and every crasher it found, is checked by plain `cargo test`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../../../fuzz/src/xmpp_protocol_harness.rs"]
mod harness;
#[path = "../../../fuzz/src/replay.rs"]
mod replay_inputs;

use std::path::PathBuf;

use harness::ScramProgress;
use xmpp_protocol::ScramMechanism;

/// Every input of `target`; the corpus must not be empty.
fn inputs(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    replay_inputs::inputs(
        &PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fuzz"),
        target,
    )
}

/// Runs `body` on every input and returns how many got past the first parser.
fn replay(target: &str, body: fn(&[u8]) -> bool) -> usize {
    let inputs = inputs(target);
    let accepted = inputs
        .iter()
        .filter(|(path, data)| {
            let result = std::panic::catch_unwind(|| body(data));
            result.unwrap_or_else(|_| panic!("{target} failed on {}", path.display()))
        })
        .count();
    assert!(
        accepted > 0,
        "none of the {} inputs of {target} reach past the parser",
        inputs.len()
    );
    accepted
}

#[test]
fn xml_parse_corpus_round_trips() {
    replay("xml_parse", harness::xml_parse);
}

#[test]
fn frame_corpus_round_trips_and_converts() {
    replay("frame", harness::frame);
}

#[test]
fn stanza_corpus_round_trips_through_every_typed_parser() {
    replay("stanza", harness::stanza);
}

#[test]
fn session_corpus_keeps_an_online_session_sending_well_formed_xml() {
    replay("session", harness::session);
}

#[test]
fn sasl_scram_corpus_is_handled() {
    replay("sasl_scram", harness::sasl_scram);
}

#[test]
fn the_captured_stanzas_are_all_accepted() {
    let fixtures = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut count = 0;
    for entry in std::fs::read_dir(fixtures).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|extension| extension == "xml") {
            let data = std::fs::read(&path).unwrap();
            assert!(
                harness::xml_parse(&data),
                "{} does not parse",
                path.display()
            );
            assert!(harness::stanza(&data), "{} does not parse", path.display());
            count += 1;
        }
    }
    assert!(count > 0);
}

#[test]
fn the_scram_seeds_authenticate_the_server() {
    for mechanism in [ScramMechanism::ScramSha1, ScramMechanism::ScramSha256] {
        let seed = harness::sasl_scram_seed(mechanism);
        assert_eq!(
            harness::sasl_scram_progress(&seed),
            ScramProgress::ServerVerified
        );
        // A changed signature character is refused rather than accepted or panicking.
        let mut forged = seed.clone();
        let last = forged.len() - 3;
        forged[last] = if forged[last] == b'A' { b'B' } else { b'A' };
        assert_eq!(
            harness::sasl_scram_progress(&forged),
            ScramProgress::RejectedServerFinal
        );
    }
}

#[test]
fn hostile_inputs_are_rejected_without_panicking() {
    assert!(!harness::xml_parse(b"<a><b></a>"));
    assert!(!harness::xml_parse(&[0xff, 0xfe]));
    assert!(!harness::frame(
        b"<reopen xmlns='urn:ietf:params:xml:ns:xmpp-framing'/>"
    ));
    assert!(!harness::sasl_scram(b"\x00r=other,s=c2FsdA==,i=4096"));
    assert!(harness::session(
        b"<message xmlns='jabber:client'\x00<iq xmlns='jabber:client' type='get' id='1'/>"
    ));
}
