//! The python-omemo vectors replayed through the machine API with the recorded keys: what the
//! machines send is byte-identical to the vectors, and the vectors' stanzas decrypt.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::collections::VecDeque;

use common::{
    b64, generator_private_key_for, hex, hex32, omemo2_bundle_from_xml, text, vectors,
    xml_attribute, xml_elements, DrbgRng, LEGACY, OMEMO2,
};
use omemo::xeddsa::EdwardsForm;
use omemo::{
    Bundle, Config, DecryptError, EncryptRequest, FetchedBundle, FollowUp, IdentityKeyPair,
    IdentityPublicKey, ImportedDevice, IncomingMessage, OmemoMachine, OneTimePreKey, PreKeyPublic,
    PrivateKey, PublicKey, ReceivedKey, Recipient, SessionAddress, Signature, SignedPreKey,
    Version,
};
use serde_json::Value;

const ALICE_JID: &str = "alice@example.org";
const BOB_JID: &str = "bob@example.org";
const ALICE_ID: u32 = 1_111_111_111;
const BOB_ID: u32 = 2_000_000_002;
const NOW: u64 = 1_770_000_000_000;

/// Hands out the recorded bytes first, then seeded randomness (for prekey top-ups).
struct RecordedRng {
    recorded: VecDeque<u8>,
    fallback: DrbgRng,
}

impl RecordedRng {
    fn new(chunks: &[&[u8]]) -> Self {
        RecordedRng {
            recorded: chunks.iter().flat_map(|c| c.iter().copied()).collect(),
            fallback: DrbgRng::seeded(99),
        }
    }

    fn is_used_up(&self) -> bool {
        self.recorded.is_empty()
    }
}

impl rand_core::RngCore for RecordedRng {
    fn next_u32(&mut self) -> u32 {
        rand_core::impls::next_u32_via_fill(self)
    }
    fn next_u64(&mut self) -> u64 {
        rand_core::impls::next_u64_via_fill(self)
    }
    fn fill_bytes(&mut self, dest: &mut [u8]) {
        if self.recorded.is_empty() {
            return self.fallback.fill_bytes(dest);
        }
        for byte in dest {
            *byte = self
                .recorded
                .pop_front()
                .expect("recorded bytes run out mid-draw");
        }
    }
    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rand_core::Error> {
        self.fill_bytes(dest);
        Ok(())
    }
}

impl rand_core::CryptoRng for RecordedRng {}

fn machine(
    jid: &str,
    device_id: u32,
    identity: IdentityKeyPair,
    spk: PrivateKey,
    spk_id: u32,
    prekeys: Vec<OneTimePreKey>,
) -> OmemoMachine {
    let mut rng = DrbgRng::seeded(u64::from(device_id));
    let signed_prekey = SignedPreKey::new(spk_id, spk, &identity, NOW, &mut rng);
    let device = ImportedDevice {
        jid: jid.to_owned(),
        device_id,
        identity,
        signed_prekey,
        prekeys,
        created_at_ms: NOW,
    };
    OmemoMachine::import(device, Config::default(), &mut rng).0
}

fn bob_identity(v: &Value) -> IdentityKeyPair {
    IdentityKeyPair::from_ed25519_seed(&hex32(v, "primitives/bob_identity/ed25519_seed"))
}

fn alice_machine(v: &Value, section: &str) -> OmemoMachine {
    let private = PrivateKey::from_bytes(hex32(
        v,
        &format!("{section}/msg1/x3dh/alice_identity_private"),
    ));
    let identity = IdentityKeyPair::from_private(private, EdwardsForm::Natural);
    machine(
        ALICE_JID,
        ALICE_ID,
        identity,
        PrivateKey::from_bytes([7; 32]),
        1,
        Vec::new(),
    )
}

/// The `<encrypted>` XML of the vectors as the XML layer would hand it to the machine.
fn incoming_from_xml(xml: &str, version: Version, sender_jid: &str) -> IncomingMessage {
    let header = &xml_elements(xml, "header")[0];
    let kex_attribute = match version {
        Version::Legacy => "prekey",
        Version::Omemo2 => "kex",
    };
    let keys = xml_elements(xml, "key")
        .iter()
        .map(|(attributes, body)| ReceivedKey {
            device_id: xml_attribute(attributes, "rid").parse().unwrap(),
            data: b64(body),
            is_key_exchange: attributes.contains(&format!("{kex_attribute}=\"true\"")),
        })
        .collect();
    let single = |name: &str| xml_elements(xml, name).first().map(|(_, body)| b64(body));
    IncomingMessage {
        version,
        sender_jid: sender_jid.to_owned(),
        sender_device_id: xml_attribute(&header.0, "sid").parse().unwrap(),
        keys,
        iv: single("iv"),
        payload: single("payload"),
        sent_at_ms: None,
    }
}

fn legacy_bundle(v: &Value) -> Bundle {
    let field = |name: &str| b64(text(v, &format!("{LEGACY}/bob_bundle_fields/{name}")));
    Bundle {
        identity_key: IdentityPublicKey::Curve25519(
            PublicKey::from_djb("ik", &field("identityKey_b64")).unwrap(),
        ),
        signed_prekey_id: 1,
        signed_prekey: PublicKey::from_djb("spk", &field("signedPreKeyPublic_b64")).unwrap(),
        signed_prekey_signature: Signature::from_slice(&field("signedPreKeySignature_b64"))
            .unwrap(),
        prekeys: xml_elements(text(v, &format!("{LEGACY}/bob_bundle_xml")), "preKeyPublic")
            .iter()
            .map(|(attributes, body)| PreKeyPublic {
                id: xml_attribute(attributes, "preKeyId").parse().unwrap(),
                key: PublicKey::from_djb("opk", &b64(body)).unwrap(),
            })
            .collect(),
    }
}

/// The `next_u64` bytes that make `Session::initiate` pick the prekey with `id`.
fn pick(bundle: &Bundle, id: u32) -> [u8; 8] {
    let index = bundle
        .prekeys
        .iter()
        .position(|prekey| prekey.id == id)
        .unwrap();
    u64::try_from(index).unwrap().to_le_bytes()
}

fn to_device(jid: &str, device_id: u32) -> [Recipient; 1] {
    [Recipient {
        jid: jid.to_owned(),
        devices: vec![device_id],
    }]
}

#[test]
fn legacy_conversation_through_the_machines_is_byte_exact() {
    let v = vectors();
    let p = |rest: &str| format!("{LEGACY}/{rest}");
    let mut alice = alice_machine(&v, LEGACY);
    let bob_prekey = OneTimePreKey::new(
        3,
        PrivateKey::from_bytes(hex32(&v, &p("msg1/x3dh/bob_prekey_private"))),
    );
    let mut bob = machine(
        BOB_JID,
        BOB_ID,
        bob_identity(&v),
        PrivateKey::from_bytes(hex32(&v, &p("msg1/x3dh/bob_signed_prekey_private"))),
        1,
        vec![bob_prekey],
    );

    // Alice's first message: payload key and IV, prekey choice, ephemeral and ratchet keys.
    let bundle = legacy_bundle(&v);
    let mut rng = RecordedRng::new(&[
        &hex(&v, &p("msg1/aes128gcm_key")),
        &hex(&v, &p("msg1/aes128gcm_iv")),
        &pick(&bundle, 3),
        &hex(&v, &p("msg1/x3dh/alice_ephemeral_private")),
        &hex(&v, &p("msg1/ratchet/alice_ratchet_private")),
    ]);
    let recipients = to_device(BOB_JID, BOB_ID);
    let bundles = [FetchedBundle {
        device: omemo::DeviceAddress::new(BOB_JID, BOB_ID),
        bundle,
    }];
    let request = EncryptRequest {
        version: Version::Legacy,
        plaintext: text(&v, &p("msg1/plaintext_utf8")).as_bytes(),
        recipients: &recipients,
        own_devices: &[],
        bundles: &bundles,
    };
    let sent = alice
        .encrypt(&request, NOW, &mut rng)
        .unwrap()
        .message
        .unwrap();
    assert!(rng.is_used_up());
    // libsignal clients write their device id as registration id, and so does the machine.
    assert_eq!(
        sent.keys[0].data,
        hex(&v, &p("msg1/same_with_registrationId"))
    );
    assert!(sent.keys[0].is_key_exchange);
    assert_eq!(sent.iv, Some(hex(&v, &p("msg1/aes128gcm_iv"))));
    assert_eq!(
        sent.payload,
        Some(hex(&v, &p("msg1/payload_ciphertext_no_tag")))
    );

    // Bob reads the stanza python-oldmemo produced; his new ratchet key is the recorded one.
    let incoming = incoming_from_xml(
        text(&v, &p("msg1_encrypted_xml")),
        Version::Legacy,
        ALICE_JID,
    );
    let mut rng = RecordedRng::new(&[&hex(&v, &p("msg2_bob_to_alice/bob_ratchet_private"))]);
    let outcome = bob.decrypt(&incoming, NOW, &mut rng);
    let decrypted = outcome.result.unwrap();
    assert_eq!(
        decrypted.plaintext.unwrap().as_str().unwrap(),
        text(&v, &p("msg1/plaintext_utf8"))
    );
    assert_eq!(
        decrypted.sender.fingerprint.to_hex(),
        text(&v, "primitives/alice_identity/curve25519_public")
    );
    assert!(outcome.changes.removed_prekeys.contains(&3));
    assert!(outcome
        .follow_ups
        .iter()
        .any(|f| matches!(f, FollowUp::SendEmptyMessage { .. })));

    // Bob's reply.
    let mut rng = RecordedRng::new(&[
        &hex(&v, &p("msg2_bob_to_alice/aes128gcm_key")),
        &hex(&v, &p("msg2_bob_to_alice/aes128gcm_iv")),
    ]);
    let recipients = to_device(ALICE_JID, ALICE_ID);
    let request = EncryptRequest {
        version: Version::Legacy,
        plaintext: text(&v, &p("msg2_bob_to_alice/plaintext_utf8")).as_bytes(),
        recipients: &recipients,
        own_devices: &[],
        bundles: &[],
    };
    let reply = bob
        .encrypt(&request, NOW, &mut rng)
        .unwrap()
        .message
        .unwrap();
    assert_eq!(
        reply.keys[0].data,
        hex(&v, &p("msg2_bob_to_alice/whisper_message"))
    );
    assert!(!reply.keys[0].is_key_exchange);
    assert_eq!(
        reply.payload,
        Some(hex(&v, &p("msg2_bob_to_alice/payload_ciphertext_no_tag")))
    );

    let incoming = common::network::incoming_for(
        &omemo::DeviceAddress::new(BOB_JID, BOB_ID),
        &reply,
        ALICE_JID,
    );
    let mut rng = RecordedRng::new(&[&hex(&v, &p("msg3_alice_to_bob/alice_ratchet2_private"))]);
    let read = alice.decrypt(&incoming, NOW, &mut rng).result.unwrap();
    assert_eq!(read.plaintext.unwrap().as_str().unwrap(), "Hi Alice");

    // Alice's second message, after her DH step: no key exchange any more.
    let mut rng = RecordedRng::new(&[
        &hex(&v, &p("msg3_alice_to_bob/aes128gcm_key")),
        &hex(&v, &p("msg3_alice_to_bob/aes128gcm_iv")),
    ]);
    let recipients = to_device(BOB_JID, BOB_ID);
    let request = EncryptRequest {
        version: Version::Legacy,
        plaintext: text(&v, &p("msg3_alice_to_bob/plaintext_utf8")).as_bytes(),
        recipients: &recipients,
        own_devices: &[],
        bundles: &[],
    };
    let third = alice
        .encrypt(&request, NOW, &mut rng)
        .unwrap()
        .message
        .unwrap();
    assert_eq!(
        third.keys[0].data,
        hex(&v, &p("msg3_alice_to_bob/whisper_message"))
    );
    let incoming = common::network::incoming_for(
        &omemo::DeviceAddress::new(ALICE_JID, ALICE_ID),
        &third,
        BOB_JID,
    );
    let read = bob
        .decrypt(&incoming, NOW, &mut DrbgRng::seeded(1))
        .result
        .unwrap();
    assert_eq!(read.plaintext.unwrap().as_str().unwrap(), "second message");

    // python-oldmemo's key-transport message (16-byte key, IV, no payload) reads as empty.
    let incoming = incoming_from_xml(text(&v, &p("empty_message_xml")), Version::Legacy, BOB_JID);
    assert!(incoming.payload.is_none());
    let read = alice
        .decrypt(&incoming, NOW, &mut DrbgRng::seeded(2))
        .result
        .unwrap();
    assert!(read.plaintext.is_none());
}

#[test]
fn omemo2_conversation_through_the_machines_is_byte_exact() {
    let v = vectors();
    let p = |rest: &str| format!("{OMEMO2}/{rest}");
    let number = |rest: &str| u32::try_from(common::field(&v, &p(rest)).as_u64().unwrap()).unwrap();
    let mut alice = alice_machine(&v, OMEMO2);
    let pk_id = number("msg1/x3dh/bob_pk_id");
    let bob_prekey = OneTimePreKey::new(
        pk_id,
        generator_private_key_for(&hex32(&v, &p("msg1/x3dh/bob_pk_public"))),
    );
    let mut bob = machine(
        BOB_JID,
        BOB_ID,
        bob_identity(&v),
        generator_private_key_for(&hex32(&v, &p("msg1/x3dh/bob_spk_public"))),
        number("msg1/x3dh/bob_spk_id"),
        vec![bob_prekey],
    );
    let envelope = text(&v, &p("msg1/sce_envelope_utf8"));

    let bundle = omemo2_bundle_from_xml(text(&v, &p("bob_bundle_xml")));
    let mut rng = RecordedRng::new(&[
        &hex(&v, &p("msg1/payload_key_32")),
        &pick(&bundle, pk_id),
        &hex(&v, &p("msg1/x3dh/alice_ephemeral_private")),
        &hex(&v, &p("msg1/ratchet/alice_ratchet_private")),
    ]);
    let recipients = to_device(BOB_JID, BOB_ID);
    let bundles = [FetchedBundle {
        device: omemo::DeviceAddress::new(BOB_JID, BOB_ID),
        bundle,
    }];
    let request = EncryptRequest {
        version: Version::Omemo2,
        plaintext: envelope.as_bytes(),
        recipients: &recipients,
        own_devices: &[],
        bundles: &bundles,
    };
    let sent = alice
        .encrypt(&request, NOW, &mut rng)
        .unwrap()
        .message
        .unwrap();
    assert!(rng.is_used_up());
    assert_eq!(sent.keys[0].data, hex(&v, &p("msg1/omemo_key_exchange")));
    assert_eq!(sent.keys[0].device.jid, BOB_JID);
    assert_eq!(sent.payload, Some(hex(&v, &p("msg1/payload_ciphertext"))));
    assert_eq!(sent.iv, None);

    let incoming = incoming_from_xml(
        text(&v, &p("msg1_encrypted_xml")),
        Version::Omemo2,
        ALICE_JID,
    );
    assert_eq!(incoming.keys[0].data, sent.keys[0].data);
    let mut rng = RecordedRng::new(&[&hex(
        &v,
        &p("empty_message_bob_to_alice/bob_ratchet_private"),
    )]);
    let outcome = bob.decrypt(&incoming, NOW, &mut rng);
    let decrypted = outcome.result.unwrap();
    assert_eq!(decrypted.plaintext.unwrap().as_str().unwrap(), envelope);
    let alice_session = SessionAddress {
        device: omemo::DeviceAddress::new(ALICE_JID, ALICE_ID),
        version: Version::Omemo2,
    };
    assert!(outcome.follow_ups.contains(&FollowUp::SendEmptyMessage {
        device: alice_session.device.clone(),
        version: Version::Omemo2,
        reason: omemo::EmptyMessageReason::KeyExchangeAnswered,
    }));

    // Bob's answer is python-twomemo's empty message, byte for byte.
    let empty = bob
        .encrypt_empty(&alice_session, None, NOW, &mut DrbgRng::seeded(3))
        .unwrap();
    let expected = hex(
        &v,
        &p("empty_message_bob_to_alice/omemo_authenticated_message"),
    );
    assert_eq!(empty.message.keys[0].data, expected);
    assert!(empty.message.payload.is_none());
    let incoming = incoming_from_xml(
        text(&v, &p("empty_message_bob_to_alice/xml")),
        Version::Omemo2,
        BOB_JID,
    );
    assert_eq!(incoming.keys[0].data, expected);
    let read = alice
        .decrypt(&incoming, NOW, &mut DrbgRng::seeded(4))
        .result
        .unwrap();
    assert!(read.plaintext.is_none());

    // Answered: Alice stops sending key exchanges.
    let request = EncryptRequest {
        bundles: &[],
        ..request
    };
    let next = alice
        .encrypt(&request, NOW, &mut DrbgRng::seeded(5))
        .unwrap()
        .message
        .unwrap();
    assert!(!next.keys[0].is_key_exchange);
}

#[test]
fn a_real_conversations_key_exchange_for_an_unknown_prekey_is_a_typed_error() {
    let v = vectors();
    // Prekey ids from 1000 on: the key exchange names prekey 97.
    let first = OneTimePreKey::new(1000, PrivateKey::from_bytes([8; 32]));
    let mut bob = machine(
        BOB_JID,
        BOB_ID,
        bob_identity(&v),
        PrivateKey::from_bytes([9; 32]),
        1,
        vec![first],
    );
    let registration = u32::try_from(
        common::field(&v, "real_world_parse_only/expect/registrationId_f5")
            .as_u64()
            .unwrap(),
    )
    .unwrap();
    let incoming = IncomingMessage {
        version: Version::Legacy,
        sender_jid: "someone@example.org".to_owned(),
        sender_device_id: registration,
        keys: vec![ReceivedKey {
            device_id: BOB_ID,
            data: b64(text(&v, "real_world_parse_only/prekey_whisper_message_b64")),
            is_key_exchange: true,
        }],
        iv: Some(vec![0; 12]),
        payload: Some(vec![0; 16]),
        sent_at_ms: None,
    };
    let outcome = bob.decrypt(&incoming, NOW, &mut DrbgRng::seeded(6));
    let prekey_id = u32::try_from(
        common::field(&v, "real_world_parse_only/expect/preKeyId_f1")
            .as_u64()
            .unwrap(),
    )
    .unwrap();
    assert!(bob.state().prekeys().all(|stored| stored.id() != prekey_id));
    assert_eq!(
        outcome.result.unwrap_err(),
        DecryptError::UnknownPreKey { prekey_id }
    );
    assert!(outcome
        .follow_ups
        .iter()
        .any(|f| matches!(f, FollowUp::RebuildSession { .. })));
}
