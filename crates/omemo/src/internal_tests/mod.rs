//! Unit tests of the internal steps (X3DH, root and chain KDFs, message keys, MAC inputs)
//! against the recorded intermediate values of the vectors.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde_json::Value;

pub(crate) fn vectors() -> Value {
    let text = include_str!("../../tests/vectors/omemo_vectors.json");
    serde_json::from_str(text).unwrap()
}

/// `vectors()["a"]["b"]…` by a slash-separated path.
pub(crate) fn field<'a>(root: &'a Value, path: &str) -> &'a Value {
    path.split('/').fold(root, |value, key| {
        value
            .get(key)
            .unwrap_or_else(|| panic!("vector field {path} missing at {key}"))
    })
}

pub(crate) fn hex_field(root: &Value, path: &str) -> Vec<u8> {
    decode_hex(field(root, path).as_str().unwrap())
}

pub(crate) fn hex32(root: &Value, path: &str) -> [u8; 32] {
    hex_field(root, path).try_into().unwrap()
}

pub(crate) fn decode_hex(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
        .collect()
}

pub(crate) const LEGACY: &str = "legacy_eu.siacs.conversations.axolotl";
pub(crate) const OMEMO2: &str = "omemo2_urn:xmpp:omemo:2";

/// An RNG that hands out exactly the given bytes (the vectors record every random draw).
pub(crate) struct ScriptedRng(pub(crate) std::collections::VecDeque<u8>);

impl ScriptedRng {
    pub(crate) fn new(chunks: &[&[u8]]) -> Self {
        ScriptedRng(chunks.iter().flat_map(|c| c.iter().copied()).collect())
    }
}

impl rand_core::RngCore for ScriptedRng {
    fn next_u32(&mut self) -> u32 {
        rand_core::impls::next_u32_via_fill(self)
    }
    fn next_u64(&mut self) -> u64 {
        rand_core::impls::next_u64_via_fill(self)
    }
    fn fill_bytes(&mut self, dest: &mut [u8]) {
        for byte in dest {
            *byte = self.0.pop_front().expect("scripted randomness exhausted");
        }
    }
    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rand_core::Error> {
        self.fill_bytes(dest);
        Ok(())
    }
}

impl rand_core::CryptoRng for ScriptedRng {}

mod legacy_steps;
mod omemo2_steps;
