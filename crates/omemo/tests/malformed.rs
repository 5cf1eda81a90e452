//! Malformed input: truncated and hand-made protobufs, wrong MACs, replays, absurd counters,
//! bad keys and payloads. Everything must end in a typed error, never in a panic.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::conversation::{Conversation, Side};
use common::DrbgRng;
use omemo::payload::{legacy, omemo2};
use omemo::{
    Bundle, IdentityKeyPair, InitiatorSecrets, KeyError, KeyExchange, KeyMaterial, OneTimePreKey,
    PayloadError, PrivateKey, RatchetMessage, Session, SessionError, SignatureError, SignedPreKey,
    Version, WireError,
};
use proptest::prelude::*;

fn varint(mut value: u64) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let byte = u8::try_from(value & 0x7f).unwrap();
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return out;
        }
        out.push(byte | 0x80);
    }
}

fn pb_uint(field: u64, value: u64) -> Vec<u8> {
    [varint(field << 3), varint(value)].concat()
}

fn pb_bytes(field: u64, value: &[u8]) -> Vec<u8> {
    [
        varint(field << 3 | 2),
        varint(u64::try_from(value.len()).unwrap()),
        value.to_vec(),
    ]
    .concat()
}

/// `0x33 ‖ WhisperMessage ‖ mac8` with arbitrary field values and a made-up MAC.
fn legacy_message(ratchet_key: &[u8], counter: Option<u32>, ciphertext: &[u8]) -> Vec<u8> {
    let mut out = vec![0x33];
    out.extend(pb_bytes(1, ratchet_key));
    if let Some(counter) = counter {
        out.extend(pb_uint(2, u64::from(counter)));
    }
    out.extend(pb_uint(3, 0));
    out.extend(pb_bytes(4, ciphertext));
    out.extend([0xaa; 8]);
    out
}

fn omemo2_message(ratchet_key: &[u8], counter: u32, mac: &[u8]) -> Vec<u8> {
    let inner = [
        pb_uint(1, u64::from(counter)),
        pb_uint(2, 0),
        pb_bytes(3, ratchet_key),
        pb_bytes(4, &[0; 64]),
    ]
    .concat();
    [pb_bytes(1, mac), pb_bytes(2, &inner)].concat()
}

fn established(version: Version) -> (Session, Session, Conversation) {
    let mut conversation = Conversation::start(version, 21);
    conversation.send(Side::Alice);
    conversation.deliver(Side::Bob, 0);
    conversation.send(Side::Bob);
    conversation.deliver(Side::Alice, 0);
    let alice = conversation.alice.session.clone().unwrap();
    let bob = conversation.bob.session.clone().unwrap();
    (alice, bob, conversation)
}

fn djb(key: &omemo::PublicKey) -> Vec<u8> {
    key.to_djb().to_vec()
}

#[test]
fn every_truncation_of_every_message_kind_is_an_error() {
    for version in [Version::Legacy, Version::Omemo2] {
        let mut conversation = Conversation::start(version, 22);
        conversation.send(Side::Alice);
        let exchange = conversation.bob.inbox[0].bytes.clone();
        conversation.deliver(Side::Bob, 0);
        conversation.send(Side::Bob);
        let plain = conversation.alice.inbox[0].bytes.clone();
        let alice = conversation.alice.session.clone().unwrap();
        let mut rng = DrbgRng::seeded(1);

        for length in 0..exchange.len() {
            assert!(
                KeyExchange::parse(version, &exchange[..length]).is_err(),
                "{version:?}: {length}-byte prefix of a key exchange parsed"
            );
        }
        for length in 0..plain.len() {
            let result = alice.decrypt(&plain[..length], &mut rng);
            assert!(
                result.is_err(),
                "{version:?}: {length}-byte prefix decrypted"
            );
        }
        assert!(matches!(
            KeyExchange::parse(version, &[]),
            Err(WireError::TooShort { .. } | WireError::MissingField { .. })
        ));
    }
    assert_eq!(
        RatchetMessage::parse(Version::Legacy, &[0x33; 5]),
        Err(WireError::TooShort {
            what: "WhisperMessage",
            minimum: 9,
            actual: 5
        })
    );
}

#[test]
fn missing_required_fields_are_named() {
    let key = djb(&PrivateKey::from_bytes([1; 32]).public_key());
    assert_eq!(
        RatchetMessage::parse(Version::Legacy, &legacy_message(&key, None, &[0; 48])),
        Err(WireError::MissingField {
            message: "WhisperMessage",
            field: "counter"
        })
    );
    let no_ik = [
        pb_uint(1, 1),
        pb_uint(2, 1),
        pb_bytes(4, &[9; 32]),
        pb_bytes(5, &[1]),
    ]
    .concat();
    assert_eq!(
        KeyExchange::parse(Version::Omemo2, &no_ik),
        Err(WireError::MissingField {
            message: "OMEMOKeyExchange",
            field: "ik"
        })
    );
    let no_signed_prekey = [
        vec![0x33],
        pb_uint(1, 1),
        pb_bytes(2, &key),
        pb_bytes(3, &key),
        pb_bytes(4, &[1]),
    ]
    .concat();
    assert_eq!(
        KeyExchange::parse(Version::Legacy, &no_signed_prekey),
        Err(WireError::MissingField {
            message: "PreKeyWhisperMessage",
            field: "signedPreKeyId"
        })
    );
}

#[test]
fn bad_versions_keys_and_lengths_are_typed_errors() {
    let key = djb(&PrivateKey::from_bytes([1; 32]).public_key());
    for byte in [0x23, 0x32, 0x34, 0x00] {
        let mut message = legacy_message(&key, Some(0), &[0; 48]);
        message[0] = byte;
        assert_eq!(
            RatchetMessage::parse(Version::Legacy, &message),
            Err(WireError::UnsupportedVersion { byte })
        );
    }
    let mut wrong_type = key.clone();
    wrong_type[0] = 0x06;
    assert_eq!(
        RatchetMessage::parse(
            Version::Legacy,
            &legacy_message(&wrong_type, Some(0), &[0; 48])
        ),
        Err(WireError::Key(KeyError::UnknownKeyType {
            what: "ratchet key",
            found: 0x06
        }))
    );
    assert_eq!(
        RatchetMessage::parse(
            Version::Legacy,
            &legacy_message(&key[..20], Some(0), &[0; 48])
        ),
        Err(WireError::Key(KeyError::InvalidLength {
            what: "ratchet key",
            expected: 33,
            actual: 20
        }))
    );
    let mut top_bit = key[1..].to_vec();
    top_bit[31] |= 0x80;
    assert_eq!(
        RatchetMessage::parse(Version::Omemo2, &omemo2_message(&top_bit, 0, &[0; 16])),
        Err(WireError::Key(KeyError::NonCanonical {
            what: "ratchet key"
        }))
    );
    assert_eq!(
        RatchetMessage::parse(Version::Omemo2, &omemo2_message(&key[1..], 0, &[0; 15])),
        Err(WireError::InvalidFieldLength {
            message: "OMEMOAuthenticatedMessage",
            field: "mac",
            expected: 16,
            actual: 15
        })
    );
    assert!(matches!(
        RatchetMessage::parse(Version::Omemo2, &[0x0a, 0x50, 1, 2]),
        Err(WireError::Protobuf {
            message: "OMEMOAuthenticatedMessage",
            ..
        })
    ));
}

#[test]
fn wrong_macs_replays_and_absurd_counters() {
    for version in [Version::Legacy, Version::Omemo2] {
        let (alice, bob, _) = established(version);
        let mut rng = DrbgRng::seeded(2);
        let sent = alice
            .encrypt(&KeyMaterial::from_bytes(vec![5; 32]))
            .unwrap();

        let mut wrong_mac = sent.message.clone();
        let position = match version {
            Version::Legacy => wrong_mac.len() - 1,
            Version::Omemo2 => 2,
        };
        wrong_mac[position] ^= 0x01;
        assert_eq!(
            bob.decrypt(&wrong_mac, &mut rng).unwrap_err(),
            SessionError::MacMismatch
        );

        let received = bob.decrypt(&sent.message, &mut rng).unwrap();
        assert_eq!(
            received
                .session
                .decrypt(&sent.message, &mut rng)
                .unwrap_err(),
            SessionError::DuplicateMessage { counter: 0 }
        );

        // A huge counter on the current chain is refused before any key is derived.
        let header = RatchetMessage::parse(version, &sent.message)
            .unwrap()
            .header;
        let absurd = match version {
            Version::Legacy => legacy_message(&djb(&header.ratchet_key), Some(u32::MAX), &[0; 48]),
            Version::Omemo2 => omemo2_message(header.ratchet_key.as_bytes(), u32::MAX, &[0; 16]),
        };
        assert_eq!(
            received.session.decrypt(&absurd, &mut rng).unwrap_err(),
            SessionError::TooManySkippedMessages {
                counter: u32::MAX,
                skipped: u64::from(u32::MAX) - 1,
                limit: omemo::MAX_SKIP
            }
        );
        // A new chain with a huge counter, too.
        let fresh = PrivateKey::from_bytes([7; 32]).public_key();
        let absurd_new_chain = match version {
            Version::Legacy => legacy_message(&djb(&fresh), Some(5000), &[0; 48]),
            Version::Omemo2 => omemo2_message(fresh.as_bytes(), 5000, &[0; 16]),
        };
        assert!(matches!(
            received.session.decrypt(&absurd_new_chain, &mut rng),
            Err(SessionError::TooManySkippedMessages { counter: 5000, .. })
        ));
        // A low-order ratchet key gives an all-zero DH output.
        let low_order = match version {
            Version::Legacy => {
                legacy_message(&[[5].as_slice(), &[0; 32]].concat(), Some(0), &[0; 48])
            }
            Version::Omemo2 => omemo2_message(&[0; 32], 0, &[0; 16]),
        };
        assert_eq!(
            received.session.decrypt(&low_order, &mut rng).unwrap_err(),
            SessionError::Key(KeyError::NonContributory {
                what: "ratchet key"
            })
        );
    }
}

#[test]
fn version_mismatches_are_refused() {
    let (_, legacy_bob, _) = established(Version::Legacy);
    let (omemo2_alice, _, _) = established(Version::Omemo2);
    let mut rng = DrbgRng::seeded(3);
    let v2_message = omemo2_alice
        .encrypt(&KeyMaterial::from_bytes(vec![1; 32]))
        .unwrap()
        .message;
    assert!(matches!(
        legacy_bob.decrypt(&v2_message, &mut rng),
        Err(SessionError::Wire(_))
    ));

    let mut conversation = Conversation::start(Version::Omemo2, 23);
    conversation.send(Side::Alice);
    let exchange = KeyExchange::parse(Version::Omemo2, &conversation.bob.inbox[0].bytes).unwrap();
    assert_eq!(
        legacy_bob
            .decrypt_key_exchange(&exchange, &mut rng)
            .unwrap_err(),
        SessionError::VersionMismatch {
            expected: Version::Legacy,
            found: Version::Omemo2
        }
    );
}

#[test]
fn bundle_and_prekey_problems_are_typed_errors() {
    let mut rng = DrbgRng::seeded(4);
    let alice = IdentityKeyPair::generate(&mut rng);
    let bob = IdentityKeyPair::generate(&mut rng);
    let spk = SignedPreKey::generate(1, &bob, 0, &mut rng);
    let opk = OneTimePreKey::generate(9, &mut rng);
    for version in [Version::Legacy, Version::Omemo2] {
        let empty = Bundle::from_local(version, &bob, &spk, &[]);
        assert_eq!(
            Session::initiate(&alice, &empty, None, &mut rng).unwrap_err(),
            SessionError::BundleWithoutPreKeys
        );
        let bundle = Bundle::from_local(version, &bob, &spk, std::slice::from_ref(&opk));
        let mut forged = bundle.clone();
        forged.signed_prekey = PrivateKey::generate(&mut rng).public_key();
        assert_eq!(
            Session::initiate(&alice, &forged, None, &mut rng).unwrap_err(),
            SessionError::BundleSignature(SignatureError::Mismatch)
        );
        let secrets = InitiatorSecrets {
            ephemeral: PrivateKey::generate(&mut rng),
            ratchet: PrivateKey::generate(&mut rng),
            prekey_id: 10,
        };
        assert_eq!(
            Session::initiate_with(&alice, &bundle, secrets, None).unwrap_err(),
            SessionError::UnknownBundlePreKey { id: 10 }
        );

        let session = Session::initiate(&alice, &bundle, Some(77), &mut rng).unwrap();
        let sent = session
            .encrypt(&KeyMaterial::from_bytes(vec![2; 32]))
            .unwrap();
        let exchange = KeyExchange::parse(version, &sent.message).unwrap();
        let other_spk = SignedPreKey::generate(2, &bob, 0, &mut rng);
        assert_eq!(
            Session::accept(&bob, &exchange, &other_spk, Some(&opk), &mut rng).unwrap_err(),
            SessionError::SignedPreKeyMismatch {
                requested: 1,
                given: 2
            }
        );
        assert_eq!(
            Session::accept(&bob, &exchange, &spk, None, &mut rng).unwrap_err(),
            SessionError::PreKeyMismatch {
                requested: Some(9),
                given: None
            }
        );
        // Right ids, wrong identity (the exchange was meant for another device): MAC fails.
        let stranger = IdentityKeyPair::generate(&mut rng);
        assert_eq!(
            Session::accept(&stranger, &exchange, &spk, Some(&opk), &mut rng).unwrap_err(),
            SessionError::MacMismatch
        );
        // Stripping the one-time prekey from a legacy exchange changes the agreement.
        if version == Version::Legacy {
            assert_eq!(exchange.registration_id, Some(77));
            let stripped = KeyExchange {
                prekey_id: None,
                ..exchange.clone()
            };
            let reparsed = KeyExchange::parse(version, &stripped.encode()).unwrap();
            assert_eq!(reparsed.prekey_id, None);
            assert_eq!(
                Session::accept(&bob, &reparsed, &spk, None, &mut rng).unwrap_err(),
                SessionError::MacMismatch
            );
        }
        let accepted = Session::accept(&bob, &exchange, &spk, Some(&opk), &mut rng).unwrap();
        assert_eq!(accepted.consumed_prekey_id, Some(9));
        let foreign = KeyExchange {
            base_key: PrivateKey::generate(&mut rng).public_key(),
            ..exchange
        };
        assert!(!accepted.session.matches_key_exchange(&foreign));
        assert_eq!(
            accepted
                .session
                .decrypt_key_exchange(&foreign, &mut rng)
                .unwrap_err(),
            SessionError::ForeignKeyExchange
        );
    }
}

#[test]
fn payload_errors_are_typed() {
    let mut rng = DrbgRng::seeded(5);
    let (material, payload) = legacy::encrypt(b"hello", &mut rng).unwrap();
    assert_eq!(payload.iv.len(), legacy::IV_LEN);
    assert_eq!(
        legacy::decrypt(&material.as_bytes()[..20], &payload.iv, &payload.ciphertext),
        Err(PayloadError::InvalidKeyMaterialLength {
            expected: 32,
            actual: 20
        })
    );
    assert_eq!(
        legacy::decrypt(material.as_bytes(), &payload.iv[..11], &payload.ciphertext),
        Err(PayloadError::UnsupportedIvLength { actual: 11 })
    );
    let mut tampered = payload.ciphertext.clone();
    tampered[0] ^= 1;
    assert_eq!(
        legacy::decrypt(material.as_bytes(), &payload.iv, &tampered),
        Err(PayloadError::Authentication)
    );
    // Old senders: 16-byte key in the ratchet, tag appended to the payload.
    let mut with_tag = payload.ciphertext.clone();
    with_tag.extend_from_slice(&material.as_bytes()[16..]);
    assert_eq!(
        legacy::decrypt(&material.as_bytes()[..16], &payload.iv, &with_tag)
            .unwrap()
            .as_slice(),
        b"hello"
    );
    assert_eq!(
        legacy::decrypt(&material.as_bytes()[..16], &payload.iv, &[1, 2, 3]),
        Err(PayloadError::CiphertextTooShort {
            minimum: 16,
            actual: 3
        })
    );
    assert_eq!(legacy::key_transport(&mut rng).as_bytes().len(), 16);

    let (material, ciphertext) = omemo2::encrypt(b"<envelope/>", &mut rng);
    assert_eq!(material.as_bytes().len(), 48);
    assert_eq!(
        omemo2::decrypt(&material.as_bytes()[..47], &ciphertext),
        Err(PayloadError::InvalidKeyMaterialLength {
            expected: 48,
            actual: 47
        })
    );
    for index in [0, ciphertext.len() - 1] {
        let mut tampered = ciphertext.clone();
        tampered[index] ^= 0x80;
        assert_eq!(
            omemo2::decrypt(material.as_bytes(), &tampered),
            Err(PayloadError::Authentication)
        );
    }
    let mut wrong_mac = material.as_bytes().to_vec();
    wrong_mac[40] ^= 1;
    assert_eq!(
        omemo2::decrypt(&wrong_mac, &ciphertext),
        Err(PayloadError::Authentication)
    );
    assert_eq!(
        omemo2::decrypt(material.as_bytes(), &ciphertext)
            .unwrap()
            .as_slice(),
        b"<envelope/>"
    );
}

#[test]
fn corrupt_persisted_state_is_a_deserialisation_error() {
    let (alice, _, _) = established(Version::Omemo2);
    let json = serde_json::to_string(&alice).unwrap();
    assert!(serde_json::from_str::<Session>(&json[..json.len() / 2]).is_err());
    let wrong_length = json.replacen("\"root_key\":[", "\"root_key\":[1,", 1);
    assert!(serde_json::from_str::<Session>(&wrong_length).is_err());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Arbitrary bytes never panic any decoder, and never decrypt.
    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        let mut rng = DrbgRng::seeded(6);
        for version in [Version::Legacy, Version::Omemo2] {
            let _ = RatchetMessage::parse(version, &bytes);
            let _ = KeyExchange::parse(version, &bytes);
        }
        let _ = legacy::decrypt(&bytes[..bytes.len().min(32)], &bytes[..bytes.len().min(12)], &bytes);
        let _ = omemo2::decrypt(&bytes[..bytes.len().min(48)], &bytes);
        let (alice, bob, _) = sessions();
        prop_assert!(alice.decrypt(&bytes, &mut rng).is_err());
        prop_assert!(bob.decrypt(&bytes, &mut rng).is_err());
    }

    /// Arbitrary bytes after a valid version byte / protobuf prefix.
    #[test]
    fn arbitrary_protobuf_bodies_never_panic(body in proptest::collection::vec(any::<u8>(), 0..200)) {
        let mut rng = DrbgRng::seeded(7);
        let (alice, _, _) = sessions();
        let mut legacy = vec![0x33];
        legacy.extend(&body);
        let _ = KeyExchange::parse(Version::Legacy, &legacy);
        let _ = RatchetMessage::parse(Version::Legacy, &legacy);
        prop_assert!(alice.decrypt(&legacy, &mut rng).is_err());
    }
}

/// A legacy session pair, built once per process.
fn sessions() -> (Session, Session, ()) {
    use std::sync::OnceLock;
    static SESSIONS: OnceLock<(Session, Session)> = OnceLock::new();
    let (alice, bob) = SESSIONS.get_or_init(|| {
        let (alice, bob, _) = established(Version::Legacy);
        (alice, bob)
    });
    (alice.clone(), bob.clone(), ())
}
