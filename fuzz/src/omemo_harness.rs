//! Fuzz target bodies for `omemo`. The fuzz targets call these and
//! `crates/omemo/tests/fuzz_corpus.rs` includes this file to replay the committed corpora through
//! exactly the same code. A panic (including a failed assertion) is a finding; each function
//! returns whether the input got past the first decoder.
//!
//! Inputs with several fields use [`Fields`]: a flag byte, then each field as a big-endian
//! `u16` length and that many bytes (a short last field takes what is left).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, dead_code)]

use std::sync::OnceLock;

use omemo::payload::{legacy, omemo2};
use omemo::{
    Config, DeviceAddress, EncryptRequest, FetchedBundle, IncomingMessage, KeyExchange,
    MachineState, OmemoMachine, OutgoingMessage, RatchetMessage, ReceivedKey, Version,
};
use sha2::{Digest, Sha256};

pub const ALICE: &str = "alice@example.org";
pub const BOB: &str = "bob@example.org";
const CAROL: &str = "carol@example.org";
const NOW: u64 = 1_770_000_000_000;

/// Byte 0 picks the version (bit 0: OMEMO 2); the rest is a key exchange or a ratchet message.
/// A key exchange that decodes encodes back to bytes that decode to the same value.
pub fn omemo_wire(data: &[u8]) -> bool {
    let Some((&selector, bytes)) = data.split_first() else {
        return false;
    };
    let version = version(selector);
    let message = RatchetMessage::parse(version, bytes);
    let key_exchange = KeyExchange::parse(version, bytes);
    if let Ok(key_exchange) = &key_exchange {
        assert_eq!(key_exchange.version(), version);
        let again = KeyExchange::parse(version, &key_exchange.encode())
            .expect("an encoded key exchange decodes");
        assert_eq!(
            &again, key_exchange,
            "key exchange changed by an encode round trip"
        );
        let _ = RatchetMessage::parse(version, &key_exchange.message);
    }
    if let Ok(message) = &message {
        assert_eq!(message.version, version);
    }
    message.is_ok() || key_exchange.is_ok()
}

/// Flag bit 0 picks OMEMO 2; fields: key material, IV (legacy only), ciphertext. A payload
/// that decrypts encrypts back to the same ciphertext under the same key.
pub fn omemo_payload(data: &[u8]) -> bool {
    let mut fields = Fields::new(data);
    let flags = fields.flags();
    let key_material = fields.field();
    if flags & 1 == 0 {
        let iv = fields.field();
        let ciphertext = fields.field();
        let Ok(plaintext) = legacy::decrypt(&key_material, &iv, &ciphertext) else {
            return false;
        };
        let key: [u8; 16] = key_material[..16].try_into().unwrap();
        let (material, sealed) =
            legacy::encrypt_with(&key, &iv, &plaintext).expect("a usable IV encrypts");
        if key_material.len() == 32 {
            assert_eq!(material.as_bytes(), &key_material[..]);
            assert_eq!(sealed.ciphertext, ciphertext);
        } else {
            // The old form: the tag travelled at the end of the payload.
            let mut joined = sealed.ciphertext.clone();
            joined.extend_from_slice(&material.as_bytes()[16..]);
            assert_eq!(joined, ciphertext);
        }
        assert_eq!(sealed.iv, iv);
    } else {
        let ciphertext = fields.field();
        let Ok(plaintext) = omemo2::decrypt(&key_material, &ciphertext) else {
            return false;
        };
        let key: [u8; 32] = key_material[..32].try_into().unwrap();
        let (material, sealed) = omemo2::encrypt_with_key(&key, &plaintext);
        assert_eq!(material.as_bytes(), &key_material[..]);
        assert_eq!(sealed, ciphertext);
    }
    true
}

/// Alice's machine (sessions with Bob in both versions) decrypts an arbitrary message. A
/// failure changes no session, prekey or trust record; a success only comes from a device Alice
/// knows or a key exchange.
///
/// Flags: bit 0 OMEMO 2, bit 1 key exchange, bit 2 addressed to another device, bit 3 sent
/// by Carol (unknown to Alice) instead of Bob, bit 4 no IV, bit 5 no payload, bit 6 a send
/// time before Alice's device existed. Fields: key data, IV, payload.
pub fn omemo_decrypt(data: &[u8]) -> bool {
    let fixture = fixture();
    let mut machine = OmemoMachine::from_state(fixture.alice.clone(), config());
    let message = decode_incoming(data, fixture);
    let mut rng = DrbgRng::new(b"omemo-decrypt");
    let outcome = machine.decrypt(&message, NOW + 1000, &mut rng);
    match &outcome.result {
        Ok(decrypted) => {
            assert_eq!(decrypted.sender.device.device_id, message.sender_device_id);
            assert_eq!(decrypted.sender.device.jid, message.sender_jid);
        }
        Err(error) => {
            assert!(!error.to_string().is_empty());
            assert!(
                outcome.changes.sessions.is_empty(),
                "a failed decryption changed a session: {error}"
            );
            assert!(
                outcome.changes.removed_sessions.is_empty(),
                "a failed decryption removed a session: {error}"
            );
            assert!(
                outcome.changes.prekeys.is_empty() && outcome.changes.removed_prekeys.is_empty()
            );
            assert!(
                outcome.changes.trust.is_empty(),
                "a failed decryption changed trust: {error}"
            );
        }
    }
    outcome.result.is_ok()
}

/// Reads a flag byte and length-prefixed fields; missing bytes read as empty.
pub struct Fields<'a> {
    rest: &'a [u8],
}

impl<'a> Fields<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Fields { rest: data }
    }

    pub fn flags(&mut self) -> u8 {
        let Some((&flags, rest)) = self.rest.split_first() else {
            return 0;
        };
        self.rest = rest;
        flags
    }

    pub fn field(&mut self) -> Vec<u8> {
        let len = match self.rest {
            [high, low, rest @ ..] => {
                self.rest = rest;
                usize::from(u16::from_be_bytes([*high, *low]))
            }
            _ => {
                self.rest = &[];
                0
            }
        };
        let (field, rest) = self.rest.split_at(len.min(self.rest.len()));
        self.rest = rest;
        field.to_vec()
    }
}

/// The inverse of [`Fields`], for seeds.
pub fn encode_fields(flags: u8, fields: &[&[u8]]) -> Vec<u8> {
    let mut out = vec![flags];
    for field in fields {
        out.extend_from_slice(&u16::try_from(field.len()).unwrap().to_be_bytes());
        out.extend_from_slice(field);
    }
    out
}

fn version(selector: u8) -> Version {
    if selector & 1 == 0 {
        Version::Legacy
    } else {
        Version::Omemo2
    }
}

fn decode_incoming(data: &[u8], fixture: &Fixture) -> IncomingMessage {
    let mut fields = Fields::new(data);
    let flags = fields.flags();
    let (key, iv, payload) = (fields.field(), fields.field(), fields.field());
    let (sender_jid, sender_device_id) = if flags & 8 == 0 {
        (BOB, fixture.bob_id)
    } else {
        (CAROL, fixture.carol_id)
    };
    let device_id = if flags & 4 == 0 {
        fixture.alice_id
    } else {
        fixture.alice_id.wrapping_add(1)
    };
    IncomingMessage {
        version: version(flags),
        sender_jid: sender_jid.to_owned(),
        sender_device_id,
        keys: vec![ReceivedKey {
            device_id,
            data: key,
            is_key_exchange: flags & 2 != 0,
        }],
        iv: (flags & 16 == 0).then_some(iv),
        payload: (flags & 32 == 0).then_some(payload),
        sent_at_ms: (flags & 64 != 0).then_some(NOW - 1),
    }
}

/// Alice's state after Bob's first message in each version, and messages that decrypt in it.
struct Fixture {
    alice: MachineState,
    alice_id: u32,
    bob_id: u32,
    carol_id: u32,
    seeds: Vec<Vec<u8>>,
}

fn config() -> Config {
    Config {
        prekey_count: 5,
        ..Config::default()
    }
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(build_fixture)
}

fn build_fixture() -> Fixture {
    let mut rng = DrbgRng::new(b"omemo-decrypt-fixture");
    let (mut alice, _) = OmemoMachine::create(ALICE, &[], config(), NOW, &mut rng);
    let (mut bob, _) = OmemoMachine::create(BOB, &[], config(), NOW, &mut rng);
    let (mut carol, _) = OmemoMachine::create(CAROL, &[], config(), NOW, &mut rng);
    let mut seeds = Vec::new();
    for version in Version::ALL {
        let alice_list = [alice.device_id()];
        let _ = alice.receive_device_list(BOB, version, &[bob.device_id()], NOW);
        let _ = alice.receive_device_list(ALICE, version, &alice_list, NOW);
        for sender in [&mut bob, &mut carol] {
            let own = sender.own_jid().to_owned();
            let own_list = [sender.device_id()];
            let _ = sender.receive_device_list(&own, version, &own_list, NOW);
            let _ = sender.receive_device_list(ALICE, version, &alice_list, NOW);
        }
        let alice_bundle = FetchedBundle {
            device: DeviceAddress::new(ALICE, alice.device_id()),
            bundle: alice.bundle(version),
        };
        let first = send(&mut bob, version, "first", &alice_bundle, &mut rng);
        let outcome = alice.decrypt(&incoming(&first, BOB), NOW, &mut rng);
        assert!(
            outcome.result.is_ok(),
            "Alice cannot read Bob's first message"
        );
        // Seeds: Bob's next two messages (either can arrive first) and a key exchange from
        // Carol, whom Alice has not heard of.
        seeds.push(seed(
            &send(&mut bob, version, "second", &alice_bundle, &mut rng),
            version,
            false,
        ));
        seeds.push(seed(
            &send(&mut bob, version, "third", &alice_bundle, &mut rng),
            version,
            false,
        ));
        // Carol fetches the bundle after Bob's key exchange used up one of its prekeys.
        let fresh_bundle = FetchedBundle {
            bundle: alice.bundle(version),
            ..alice_bundle
        };
        seeds.push(seed(
            &send(&mut carol, version, "hello", &fresh_bundle, &mut rng),
            version,
            true,
        ));
    }
    Fixture {
        alice_id: alice.device_id(),
        bob_id: bob.device_id(),
        carol_id: carol.device_id(),
        alice: alice.into_state(),
        seeds,
    }
}

fn send(
    sender: &mut OmemoMachine,
    version: Version,
    text: &str,
    bundle: &FetchedBundle,
    rng: &mut DrbgRng,
) -> OutgoingMessage {
    let recipients = [sender.recipient(ALICE, version)];
    let request = EncryptRequest {
        version,
        plaintext: text.as_bytes(),
        recipients: &recipients,
        own_devices: &[],
        bundles: std::slice::from_ref(bundle),
    };
    let outcome = sender.encrypt(&request, NOW, rng).unwrap();
    assert!(outcome.failures.is_empty(), "{:?}", outcome.failures);
    outcome.message.unwrap()
}

fn incoming(message: &OutgoingMessage, sender_jid: &str) -> IncomingMessage {
    IncomingMessage {
        version: message.version,
        sender_jid: sender_jid.to_owned(),
        sender_device_id: message.sender_device_id,
        keys: message
            .keys
            .iter()
            .map(|key| ReceivedKey {
                device_id: key.device.device_id,
                data: key.data.clone(),
                is_key_exchange: key.is_key_exchange,
            })
            .collect(),
        iv: message.iv.clone(),
        payload: message.payload.clone(),
        sent_at_ms: None,
    }
}

/// An `omemo_decrypt` input for a message with exactly one key (Alice's).
fn seed(message: &OutgoingMessage, version: Version, from_carol: bool) -> Vec<u8> {
    let key = &message.keys[0];
    let mut flags = u8::from(version == Version::Omemo2);
    if from_carol {
        flags |= 8;
    }
    if key.is_key_exchange {
        flags |= 2;
    }
    if message.iv.is_none() {
        flags |= 16;
    }
    if message.payload.is_none() {
        flags |= 32;
    }
    let iv = message.iv.clone().unwrap_or_default();
    let payload = message.payload.clone().unwrap_or_default();
    encode_fields(flags, &[&key.data, &iv, &payload])
}

/// `omemo_decrypt` inputs that decrypt (the fuzzer starts from them; the replay checks it).
pub fn omemo_decrypt_seeds() -> Vec<Vec<u8>> {
    fixture().seeds.clone()
}

/// A deterministic RNG (SHA-256 of a label and a counter): the fixture is the same in every
/// run, so committed seeds stay valid.
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
            let mut hash = Sha256::new();
            hash.update(&self.label);
            hash.update(self.counter.to_be_bytes());
            self.counter += 1;
            let block: [u8; 32] = hash.finalize().into();
            chunk.copy_from_slice(&block[..chunk.len()]);
        }
    }
    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rand_core::Error> {
        self.fill_bytes(dest);
        Ok(())
    }
}

impl rand_core::CryptoRng for DrbgRng {}
