//! Shared helpers of the integration tests: the vector file, decoders, and two RNGs.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::VecDeque;

use base64::Engine as _;
use serde_json::Value;
use sha2::{Digest, Sha256};

pub mod conversation;
pub mod network;

pub const LEGACY: &str = "legacy_eu.siacs.conversations.axolotl";
pub const OMEMO2: &str = "omemo2_urn:xmpp:omemo:2";

pub fn vectors() -> Value {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/vectors/omemo_vectors.json"
    ))
    .unwrap();
    serde_json::from_str(&text).unwrap()
}

/// A field by slash-separated path.
pub fn field<'a>(root: &'a Value, path: &str) -> &'a Value {
    path.split('/').fold(root, |value, key| {
        value
            .get(key)
            .unwrap_or_else(|| panic!("vector field {path} missing at {key}"))
    })
}

pub fn text<'a>(root: &'a Value, path: &str) -> &'a str {
    field(root, path).as_str().unwrap()
}

pub fn hex(root: &Value, path: &str) -> Vec<u8> {
    decode_hex(text(root, path))
}

pub fn hex32(root: &Value, path: &str) -> [u8; 32] {
    hex(root, path).try_into().unwrap()
}

pub fn decode_hex(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
        .collect()
}

pub fn b64(text: &str) -> Vec<u8> {
    base64::engine::general_purpose::STANDARD
        .decode(text.trim())
        .unwrap()
}

pub fn to_b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// The text and attributes of every `<ns0:NAME …>text</ns0:NAME>` in a vector's XML string.
/// Only a data source for key bytes: the XML layer itself is not this crate's job.
pub fn xml_elements(xml: &str, name: &str) -> Vec<(String, String)> {
    let open = format!("<ns0:{name}");
    let close = format!("</ns0:{name}>");
    let mut out = Vec::new();
    let mut rest = xml;
    while let Some(start) = rest.find(&open) {
        let after = &rest[start + open.len()..];
        // Skip longer names sharing the prefix (e.g. `spk` vs `spks`).
        if !after.starts_with([' ', '>']) {
            rest = after;
            continue;
        }
        let head_end = after.find('>').unwrap();
        let attributes = after[..head_end].to_string();
        let body = &after[head_end + 1..];
        let end = body.find(&close).unwrap();
        out.push((attributes, body[..end].to_string()));
        rest = &body[end..];
    }
    out
}

pub fn xml_attribute(attributes: &str, name: &str) -> String {
    let marker = format!("{name}=\"");
    let start = attributes.find(&marker).unwrap() + marker.len();
    let end = attributes[start..].find('"').unwrap();
    attributes[start..start + end].to_string()
}

/// Hands out exactly the given bytes (the vectors record the random draws).
pub struct ScriptedRng(VecDeque<u8>);

impl ScriptedRng {
    pub fn new(chunks: &[&[u8]]) -> Self {
        ScriptedRng(chunks.iter().flat_map(|c| c.iter().copied()).collect())
    }

    pub fn is_exhausted(&self) -> bool {
        self.0.is_empty()
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

/// The generator's deterministic RNG: block `i` is `SHA-256("omemo-vectors|" ‖ i as u64 BE)`
/// (gen_vectors.py `_drbg`); every draw starts a new block. With another label it is simply a
/// seeded test RNG.
pub struct DrbgRng {
    label: Vec<u8>,
    counter: u64,
}

impl DrbgRng {
    pub fn new(label: &[u8]) -> Self {
        DrbgRng {
            label: label.to_vec(),
            counter: 0,
        }
    }

    pub fn seeded(seed: u64) -> Self {
        let mut label = b"omemo-tests|".to_vec();
        label.extend_from_slice(&seed.to_be_bytes());
        DrbgRng::new(&label)
    }

    pub fn block(label: &[u8], counter: u64) -> [u8; 32] {
        let mut hash = Sha256::new();
        hash.update(label);
        hash.update(counter.to_be_bytes());
        hash.finalize().into()
    }
}

impl rand_core::RngCore for DrbgRng {
    fn next_u32(&mut self) -> u32 {
        rand_core::impls::next_u32_via_fill(self)
    }
    fn next_u64(&mut self) -> u64 {
        rand_core::impls::next_u64_via_fill(self)
    }
    fn fill_bytes(&mut self, dest: &mut [u8]) {
        for chunk in dest.chunks_mut(32) {
            let block = DrbgRng::block(&self.label, self.counter);
            self.counter += 1;
            chunk.copy_from_slice(&block[..chunk.len()]);
        }
    }
    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rand_core::Error> {
        self.fill_bytes(dest);
        Ok(())
    }
}

impl rand_core::CryptoRng for DrbgRng {}

/// Recovers a private key the generator drew from its DRBG by its public key (the OMEMO 2
/// section records Bob's public prekeys only).
pub fn generator_private_key_for(public: &[u8; 32]) -> omemo::PrivateKey {
    (0..256)
        .map(|counter| omemo::PrivateKey::from_bytes(DrbgRng::block(b"omemo-vectors|", counter)))
        .find(|candidate| candidate.public_key().as_bytes() == public)
        .expect("public key not drawn by the generator's DRBG")
}

/// Bob's OMEMO 2 bundle from the bundle XML of the vectors.
pub fn omemo2_bundle_from_xml(xml: &str) -> omemo::Bundle {
    let spk = &xml_elements(xml, "spk")[0];
    omemo::Bundle {
        identity_key: omemo::IdentityPublicKey::Ed25519(
            omemo::Ed25519PublicKey::from_slice("ik", &b64(&xml_elements(xml, "ik")[0].1)).unwrap(),
        ),
        signed_prekey_id: xml_attribute(&spk.0, "id").parse().unwrap(),
        signed_prekey: omemo::PublicKey::from_slice("spk", &b64(&spk.1)).unwrap(),
        signed_prekey_signature: omemo::Signature::from_slice(
            &b64(&xml_elements(xml, "spks")[0].1),
        )
        .unwrap(),
        prekeys: xml_elements(xml, "pk")
            .iter()
            .map(|(attributes, body)| omemo::PreKeyPublic {
                id: xml_attribute(attributes, "id").parse().unwrap(),
                key: omemo::PublicKey::from_slice("pk", &b64(body)).unwrap(),
            })
            .collect(),
    }
}
