//! Malformed and unexpected input through the machine API: every problem is a typed error or
//! a typed per-device failure, nothing panics, and failures leave the sessions as they were.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::network::{incoming_for, Network, Party, START};
use omemo::{
    Bundle, DecryptError, DeviceAddress, DeviceFailureReason, EncryptRequest, FetchedBundle,
    FollowUp, IncomingMessage, OutgoingMessage, ReceivedKey, Recipient, SignatureError, Version,
};
use proptest::prelude::*;

const ALICE: &str = "alice@example.org";
const BOB: &str = "bob@example.org";

/// Alice and Bob with answered sessions in `version`, and Bob's last message to Alice.
fn established(seed: u64, version: Version) -> (Network, Party, Party) {
    let mut net = Network::new(seed);
    let mut alice = net.join(ALICE);
    let mut bob = net.join(BOB);
    net.refresh_lists(&mut alice, &[BOB]);
    net.refresh_lists(&mut bob, &[ALICE]);
    let first = net.send(&mut alice, &[BOB], "start", version);
    net.expect_text(&alice.address(), &first, &mut bob, "start");
    net.pay_debts(&mut bob)
        .into_iter()
        .for_each(|(_, empty)| drop(net.deliver(&bob.address(), &empty, &mut alice)));
    (net, alice, bob)
}

fn decrypt_error(
    net: &mut Network,
    party: &mut Party,
    incoming: &IncomingMessage,
) -> (DecryptError, Vec<FollowUp>) {
    let before = serde_json::to_value(party.machine.state()).unwrap();
    let outcome = party.machine.decrypt(incoming, net.now, &mut net.rng);
    let error = outcome.result.expect_err("decrypted");
    party.save(&outcome.changes);
    // Failures change bookkeeping at most, never sessions, prekeys or trust.
    assert!(outcome.changes.sessions.is_empty());
    assert!(outcome.changes.prekeys.is_empty() && outcome.changes.removed_prekeys.is_empty());
    assert!(outcome.changes.trust.is_empty());
    if outcome.changes.is_empty() {
        assert_eq!(before, serde_json::to_value(party.machine.state()).unwrap());
    }
    (error, outcome.follow_ups)
}

fn bob_message(
    net: &mut Network,
    bob: &mut Party,
    version: Version,
    text: &str,
) -> IncomingMessage {
    let message = net.send(bob, &[ALICE], text, version);
    incoming_for(&bob.address(), &message, ALICE)
}

#[test]
fn messages_not_meant_for_this_device_are_explained() {
    for version in Version::ALL {
        let (mut net, mut alice, mut bob) = established(30, version);
        let mut incoming = bob_message(&mut net, &mut bob, version, "x");
        incoming.keys.iter_mut().for_each(|key| key.device_id += 1);
        let (error, _) = decrypt_error(&mut net, &mut alice, &incoming);
        assert_eq!(
            error,
            DecryptError::NotForThisDevice {
                device_id: alice.id()
            }
        );

        incoming.sent_at_ms = Some(START - 1);
        let (error, _) = decrypt_error(&mut net, &mut alice, &incoming);
        assert_eq!(
            error,
            DecryptError::SentBeforeThisDeviceExisted {
                sent_at_ms: START - 1,
                device_created_at_ms: START
            }
        );
        assert!(error.to_string().contains("before this device existed"));

        // The own message reflected by a MUC or the archive.
        let own = net.send(&mut alice, &[BOB], "mine", version);
        let echo = incoming_for(&alice.address(), &own, ALICE);
        let (error, _) = decrypt_error(&mut net, &mut alice, &echo);
        assert_eq!(error, DecryptError::OwnMessage);
        assert!(error.is_silent());
    }
}

#[test]
fn without_a_session_one_rebuild_is_asked_and_held_back_during_a_catch_up() {
    for version in Version::ALL {
        let (mut net, mut alice, mut bob) = established(31, version);
        let incoming = bob_message(&mut net, &mut bob, version, "lost session");
        let address = bob.session_address(version);
        let changes = alice.machine.reset_session(&address);
        alice.save(&changes);

        let changes = alice.machine.begin_catch_up();
        alice.save(&changes);
        let (error, follow_ups) = decrypt_error(&mut net, &mut alice, &incoming);
        assert_eq!(
            error,
            DecryptError::NoSession {
                device: bob.address()
            }
        );
        assert!(follow_ups.is_empty(), "held back during the catch-up");
        let (_, follow_ups) = decrypt_error(&mut net, &mut alice, &incoming);
        assert!(follow_ups.is_empty());
        let update = alice.machine.end_catch_up(&mut net.rng);
        let rebuild = FollowUp::RebuildSession {
            device: bob.address(),
            version,
        };
        assert_eq!(
            update.follow_ups.iter().filter(|f| **f == rebuild).count(),
            1,
            "asked once"
        );
        alice.save(&update.changes);
        // Asked at most once per run.
        let (_, follow_ups) = decrypt_error(&mut net, &mut alice, &incoming);
        assert!(!follow_ups.contains(&rebuild));
        alice.assert_store_complete();
    }
}

#[test]
fn tampering_is_detected_and_changes_nothing() {
    for version in Version::ALL {
        let (mut net, mut alice, mut bob) = established(32, version);
        let incoming = bob_message(&mut net, &mut bob, version, "original");

        let mut tampered_key = incoming.clone();
        let data = &mut tampered_key.keys[0].data;
        let last = data.len() - 1;
        data[last] ^= 1;
        let (error, _) = decrypt_error(&mut net, &mut alice, &tampered_key);
        assert!(matches!(error, DecryptError::Tampered(_)), "{error:?}");

        let mut tampered_payload = incoming.clone();
        tampered_payload.payload.as_mut().unwrap()[0] ^= 0x80;
        let (error, _) = decrypt_error(&mut net, &mut alice, &tampered_payload);
        assert!(
            matches!(error, DecryptError::PayloadTampered(_)),
            "{error:?}"
        );

        // The genuine copy (say, from the archive) still decrypts afterwards.
        let outcome = alice.machine.decrypt(&incoming, net.now, &mut net.rng);
        let plaintext = outcome.result.unwrap().plaintext.unwrap();
        assert_eq!(plaintext.as_str().unwrap(), "original");
    }
}

#[test]
fn malformed_key_elements_and_payloads_are_typed_errors() {
    for version in Version::ALL {
        let (mut net, mut alice, mut bob) = established(33, version);
        let incoming = bob_message(&mut net, &mut bob, version, "fine");
        let with_key = |data: Vec<u8>, is_key_exchange: bool| IncomingMessage {
            keys: vec![ReceivedKey {
                device_id: incoming.keys[0].device_id,
                data,
                is_key_exchange,
            }],
            ..incoming.clone()
        };
        for (data, kex) in [
            (Vec::new(), false),
            (vec![0x33], false),
            (vec![0xff; 40], false),
            (incoming.keys[0].data[..10].to_vec(), false),
            (incoming.keys[0].data.clone(), true),
            (vec![0x08, 0x01], true),
        ] {
            let (error, _) = decrypt_error(&mut net, &mut alice, &with_key(data, kex));
            assert!(matches!(error, DecryptError::Malformed(_)), "{error:?}");
        }

        // The other version's message is not understood as this one.
        let other = match version {
            Version::Legacy => Version::Omemo2,
            Version::Omemo2 => Version::Legacy,
        };
        let crossed = IncomingMessage {
            version: other,
            ..incoming.clone()
        };
        let (error, _) = decrypt_error(&mut net, &mut alice, &crossed);
        assert!(
            matches!(
                error,
                DecryptError::Malformed(_) | DecryptError::NoSession { .. }
            ),
            "{error:?}"
        );

        if version == Version::Legacy {
            let no_iv = IncomingMessage {
                iv: None,
                ..incoming.clone()
            };
            let (error, _) = decrypt_error(&mut net, &mut alice, &no_iv);
            assert_eq!(error, DecryptError::MissingIv);
            let short_iv = IncomingMessage {
                iv: Some(vec![0; 5]),
                ..incoming.clone()
            };
            let (error, _) = decrypt_error(&mut net, &mut alice, &short_iv);
            assert!(
                matches!(error, DecryptError::InvalidPayload(_)),
                "{error:?}"
            );
        }
        let outcome = alice.machine.decrypt(&incoming, net.now, &mut net.rng);
        assert!(outcome.result.is_ok(), "state survived the garbage");
    }
}

fn encrypt_with(
    net: &mut Network,
    party: &mut Party,
    device: &DeviceAddress,
    bundle: Bundle,
    version: Version,
) -> DeviceFailureReason {
    let recipients = [Recipient {
        jid: device.jid.clone(),
        devices: vec![device.device_id],
    }];
    let bundles = [FetchedBundle {
        device: device.clone(),
        bundle,
    }];
    let request = EncryptRequest {
        version,
        plaintext: b"x",
        recipients: &recipients,
        own_devices: &[],
        bundles: &bundles,
    };
    let outcome = party
        .machine
        .encrypt(&request, net.now, &mut net.rng)
        .unwrap();
    assert!(outcome.message.is_none());
    assert!(outcome.changes.sessions.is_empty());
    assert_eq!(outcome.failures.len(), 1);
    outcome.failures[0].reason.clone()
}

#[test]
fn unusable_bundles_are_per_device_failures() {
    for version in Version::ALL {
        let mut net = Network::new(34);
        let mut alice = net.join(ALICE);
        let bob = net.join(BOB);
        let good = bob.machine.bundle(version);

        let recipients = [Recipient {
            jid: BOB.to_owned(),
            devices: vec![bob.id()],
        }];
        let request = EncryptRequest {
            version,
            plaintext: b"x",
            recipients: &recipients,
            own_devices: &[],
            bundles: &[],
        };
        let outcome = alice
            .machine
            .encrypt(&request, net.now, &mut net.rng)
            .unwrap();
        assert_eq!(outcome.failures[0].reason, DeviceFailureReason::NoBundle);
        assert_eq!(outcome.jids_without_keys, vec![BOB.to_owned()]);

        let mut forged = good.clone();
        forged.signed_prekey = bob.machine.bundle(version).prekeys[0].key;
        assert_eq!(
            encrypt_with(&mut net, &mut alice, &bob.address(), forged, version),
            DeviceFailureReason::BadBundleSignature(SignatureError::Mismatch)
        );
        let mut empty = good.clone();
        empty.prekeys.clear();
        assert_eq!(
            encrypt_with(&mut net, &mut alice, &bob.address(), empty, version),
            DeviceFailureReason::BundleWithoutPreKeys
        );
        let other = match version {
            Version::Legacy => Version::Omemo2,
            Version::Omemo2 => Version::Legacy,
        };
        assert_eq!(
            encrypt_with(
                &mut net,
                &mut alice,
                &bob.address(),
                bob.machine.bundle(other),
                version
            ),
            DeviceFailureReason::BundleVersionMismatch {
                expected: version,
                found: other
            }
        );
        if version == Version::Omemo2 {
            // An `ik` that is no curve point.
            let mut bad_identity = good.clone();
            let mut bytes = [0u8; 32];
            bytes[0] = 2;
            bad_identity.identity_key =
                omemo::IdentityPublicKey::Ed25519(omemo::Ed25519PublicKey::from_bytes(bytes));
            assert!(matches!(
                encrypt_with(&mut net, &mut alice, &bob.address(), bad_identity, version),
                DeviceFailureReason::InvalidIdentityKey(_)
            ));
        }
        // Nothing was created for the failed attempts, not even a trust record.
        assert!(alice.machine.devices(BOB).is_empty());
        assert!(alice
            .machine
            .encrypt_empty(&bob.session_address(version), None, net.now, &mut net.rng)
            .is_err());
    }
}

fn garbage_message(
    version: Version,
    sender_device_id: u32,
    own_id: u32,
    data: Vec<u8>,
    is_key_exchange: bool,
    payload: Option<Vec<u8>>,
    iv: Option<Vec<u8>>,
) -> IncomingMessage {
    IncomingMessage {
        version,
        sender_jid: BOB.to_owned(),
        sender_device_id,
        keys: vec![ReceivedKey {
            device_id: own_id,
            data,
            is_key_exchange,
        }],
        iv,
        payload,
        sent_at_ms: None,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn arbitrary_input_is_a_typed_error_and_changes_no_session(
        legacy in any::<bool>(),
        data in proptest::collection::vec(any::<u8>(), 0..200),
        is_key_exchange in any::<bool>(),
        payload in proptest::option::of(proptest::collection::vec(any::<u8>(), 0..64)),
        iv in proptest::option::of(proptest::collection::vec(any::<u8>(), 0..20)),
    ) {
        let version = if legacy { Version::Legacy } else { Version::Omemo2 };
        let (mut net, mut alice, bob) = established(35, version);
        let message = garbage_message(version, bob.id(), alice.id(), data, is_key_exchange, payload, iv);
        let (error, _) = decrypt_error(&mut net, &mut alice, &message);
        prop_assert!(!error.to_string().is_empty());
    }
}

#[test]
fn an_outgoing_message_names_its_parts() {
    let (mut net, mut alice, mut bob) = established(36, Version::Legacy);
    let message: OutgoingMessage = net.send(&mut bob, &[ALICE], "parts", Version::Legacy);
    assert_eq!(message.sender_device_id, bob.id());
    assert_eq!(message.iv.as_ref().map(Vec::len), Some(12));
    assert!(message.payload.is_some());
    let empty = bob
        .machine
        .encrypt_empty(
            &alice.session_address(Version::Legacy),
            None,
            net.now,
            &mut net.rng,
        )
        .unwrap()
        .message;
    assert!(empty.payload.is_none());
    assert_eq!(empty.iv.as_ref().map(Vec::len), Some(12));
    net.expect_text(&bob.address(), &message, &mut alice, "parts");
    let outcome = net.deliver(&bob.address(), &empty, &mut alice);
    assert!(outcome.result.unwrap().plaintext.is_none());
}
