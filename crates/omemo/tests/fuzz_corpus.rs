//! Replays the committed fuzz corpora and regression inputs (`fuzz/corpus/<target>/`,
//! `fuzz/regressions/<target>/`) through the fuzz targets' own bodies, so every input the
//! fuzzer kept, and every crasher it found, is checked by plain `cargo test`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../../../fuzz/src/omemo_harness.rs"]
mod harness;
#[path = "../../../fuzz/src/replay.rs"]
mod replay_inputs;

use std::path::PathBuf;

/// Every input of `target`; the corpus must not be empty.
fn inputs(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    replay_inputs::inputs(
        &PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fuzz"),
        target,
    )
}

/// Runs `body` on every input and returns how many it accepted.
fn replay(target: &str, body: fn(&[u8]) -> bool) -> usize {
    let inputs = inputs(target);
    inputs
        .iter()
        .filter(|(path, data)| {
            let result = std::panic::catch_unwind(|| body(data));
            result.unwrap_or_else(|_| panic!("{target} failed on {}", path.display()))
        })
        .count()
}

#[test]
fn omemo_wire_corpus_decodes_and_round_trips() {
    assert!(replay("omemo_wire", harness::omemo_wire) > 0);
}

#[test]
fn omemo_payload_corpus_decrypts_or_fails_cleanly() {
    assert!(replay("omemo_payload", harness::omemo_payload) > 0);
}

#[test]
fn omemo_decrypt_corpus_leaves_sessions_alone_on_failure() {
    // Genuine messages are among the seeds, so some inputs must decrypt.
    assert!(replay("omemo_decrypt", harness::omemo_decrypt) > 0);
}

#[test]
fn the_decrypt_seeds_decrypt_and_their_corruptions_do_not() {
    let seeds = harness::omemo_decrypt_seeds();
    assert_eq!(seeds.len(), 6);
    for seed in &seeds {
        assert!(
            harness::omemo_decrypt(seed),
            "a genuine message did not decrypt"
        );
        // Addressed to another device, or with one flipped bit in the last byte of the
        // payload (or key, for empty messages): refused, with nothing changed.
        let mut elsewhere = seed.clone();
        elsewhere[0] |= 4;
        assert!(!harness::omemo_decrypt(&elsewhere));
        let mut flipped = seed.clone();
        let last = flipped.len() - 1;
        flipped[last] ^= 1;
        assert!(!harness::omemo_decrypt(&flipped));
    }
}

#[test]
fn the_field_reader_takes_what_is_there() {
    let mut fields = harness::Fields::new(&[7, 0, 2, b'a', b'b', 0, 9, b'c']);
    assert_eq!(fields.flags(), 7);
    assert_eq!(fields.field(), b"ab");
    assert_eq!(fields.field(), b"c");
    assert_eq!(fields.field(), b"");
    let encoded = harness::encode_fields(3, &[b"xyz", b""]);
    let mut fields = harness::Fields::new(&encoded);
    assert_eq!(
        (fields.flags(), fields.field(), fields.field()),
        (3, b"xyz".to_vec(), Vec::new())
    );
}
