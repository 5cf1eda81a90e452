//! Trust through the machine API: blind trust before verification, undecided keys after a
//! verification, distrusted devices skipped and refused, identity changes refused until the
//! session is reset.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::network::{Network, Party};
use omemo::{
    Config, DecryptError, DeviceFailureReason, Fingerprint, IdentityKeyPair, ImportedDevice,
    OmemoMachine, SessionAddress, SignedPreKey, Trust, TrustError, Version,
};

const ALICE: &str = "alice@example.org";
const BOB: &str = "bob@example.org";

fn pair(seed: u64) -> (Network, Party, Party) {
    let mut net = Network::new(seed);
    let mut alice = net.join(ALICE);
    let mut bob = net.join(BOB);
    net.refresh_lists(&mut alice, &[BOB]);
    net.refresh_lists(&mut bob, &[ALICE]);
    (net, alice, bob)
}

#[test]
fn keys_are_trusted_blindly_until_one_is_verified() {
    for version in Version::ALL {
        let (mut net, mut alice, mut bob1) = pair(20);
        let message = net.send(&mut alice, &[BOB], "hi", version);
        let fingerprint = bob1.machine.fingerprint();
        assert_eq!(
            alice.machine.trust(&bob1.address(), &fingerprint),
            Some(Trust::Trusted)
        );
        net.expect_text(&alice.address(), &message, &mut bob1, "hi");

        // The user compares Bob's fingerprint and verifies it.
        let changes = alice
            .machine
            .set_trust(&bob1.address(), &fingerprint, Trust::Verified, net.now)
            .unwrap();
        assert_eq!(changes.trust.len(), 1);
        alice.save(&changes);

        // Bob adds a device: its key now waits for a decision.
        let mut bob2 = net.join(BOB);
        net.refresh_lists(&mut bob2, &[ALICE]);
        net.refresh_lists(&mut alice, &[BOB]);
        let outcome = net.try_send(&mut alice, &[BOB], "who is this?", version);
        assert_eq!(outcome.failures.len(), 1);
        assert_eq!(outcome.failures[0].device, bob2.address());
        assert_eq!(
            outcome.failures[0].reason,
            DeviceFailureReason::Undecided {
                fingerprint: bob2.machine.fingerprint()
            }
        );
        assert!(outcome.jids_without_keys.is_empty());
        let message = outcome.message.unwrap();
        assert!(message.keys.iter().all(|key| key.device != bob2.address()));
        net.expect_text(&alice.address(), &message, &mut bob1, "who is this?");

        // Messages from the undecided device still decrypt, marked as such.
        let from_bob2 = net.send(&mut bob2, &[ALICE], "it's me", version);
        let outcome = net.expect_text(&bob2.address(), &from_bob2, &mut alice, "it's me");
        assert_eq!(outcome.result.unwrap().sender.trust, Trust::Undecided);

        // The user accepts it without verifying.
        let changes = alice
            .machine
            .set_trust(
                &bob2.address(),
                &bob2.machine.fingerprint(),
                Trust::Trusted,
                net.now,
            )
            .unwrap();
        alice.save(&changes);
        let message = net.send(&mut alice, &[BOB], "welcome", version);
        assert_eq!(message.keys.len(), 2);
        net.expect_text(&alice.address(), &message, &mut bob2, "welcome");

        let devices = alice.machine.devices(BOB);
        let trusts: Vec<Trust> = devices
            .iter()
            .map(|device| device.current_key.as_ref().unwrap().trust)
            .collect();
        let mut expected = [(bob1.id(), Trust::Verified), (bob2.id(), Trust::Trusted)];
        expected.sort_unstable_by_key(|(id, _)| *id);
        assert_eq!(
            trusts,
            expected.iter().map(|(_, trust)| *trust).collect::<Vec<_>>()
        );
        assert!(devices
            .iter()
            .all(|device| device.sessions_in == vec![version]));
        alice.assert_store_complete();
    }
}

#[test]
fn a_distrusted_device_gets_nothing_and_its_messages_are_refused() {
    for version in Version::ALL {
        let (mut net, mut alice, mut bob) = pair(21);
        let message = net.send(&mut alice, &[BOB], "hi", version);
        net.expect_text(&alice.address(), &message, &mut bob, "hi");
        let fingerprint = bob.machine.fingerprint();
        let changes = alice
            .machine
            .set_trust(&bob.address(), &fingerprint, Trust::Distrusted, net.now)
            .unwrap();
        alice.save(&changes);

        let outcome = net.try_send(&mut alice, &[BOB], "not for you", version);
        assert!(outcome.message.is_none());
        assert_eq!(outcome.jids_without_keys, vec![BOB.to_owned()]);
        assert_eq!(
            outcome.failures[0].reason,
            DeviceFailureReason::Distrusted { fingerprint }
        );
        assert!(outcome.failures[0].to_string().contains("distrusted"));

        let from_bob = net.send(&mut bob, &[ALICE], "listen", version);
        let session_before = serde_json::to_value(
            alice
                .machine
                .session(&bob.session_address(version))
                .unwrap(),
        )
        .unwrap();
        let outcome = net.deliver(&bob.address(), &from_bob, &mut alice);
        assert_eq!(
            outcome.result.unwrap_err(),
            DecryptError::Distrusted {
                device: bob.address(),
                fingerprint
            }
        );
        assert!(outcome.changes.is_empty());
        let session_after = serde_json::to_value(
            alice
                .machine
                .session(&bob.session_address(version))
                .unwrap(),
        )
        .unwrap();
        assert_eq!(session_before, session_after);

        // Empty messages carry nothing and may still go to it.
        let empty = alice
            .machine
            .encrypt_empty(&bob.session_address(version), None, net.now, &mut net.rng)
            .unwrap();
        alice.save(&empty.changes);
        assert_eq!(empty.message.keys.len(), 1);
        alice.assert_store_complete();
    }
}

#[test]
fn a_changed_identity_is_refused_until_the_session_is_reset() {
    for version in Version::ALL {
        let (mut net, mut alice, mut bob) = pair(22);
        let message = net.send(&mut bob, &[ALICE], "hello", version);
        net.expect_text(&bob.address(), &message, &mut alice, "hello");

        // Bob's device id comes back with another identity (a reinstall keeping the id).
        let identity = IdentityKeyPair::generate(&mut net.rng);
        let signed_prekey = SignedPreKey::generate(1, &identity, net.now, &mut net.rng);
        let (machine, update) = OmemoMachine::import(
            ImportedDevice {
                jid: BOB.to_owned(),
                device_id: bob.id(),
                identity,
                signed_prekey,
                prekeys: Vec::new(),
                created_at_ms: net.now,
            },
            Config::default(),
            &mut net.rng,
        );
        let mut new_bob = Party {
            store: machine.state().clone(),
            machine,
            owed: Vec::new(),
        };
        net.handle(&mut new_bob, update);
        assert_eq!(new_bob.machine.bundle(version).prekeys.len(), 100);
        net.refresh_lists(&mut new_bob, &[ALICE]);
        let message = net.send(&mut new_bob, &[ALICE], "new me", version);
        let outcome = net.deliver(&new_bob.address(), &message, &mut alice);
        assert_eq!(
            outcome.result.unwrap_err(),
            DecryptError::IdentityChanged {
                device: bob.address(),
                known: bob.machine.fingerprint(),
                received: new_bob.machine.fingerprint(),
            }
        );

        let address = SessionAddress {
            device: bob.address(),
            version,
        };
        let changes = alice.machine.reset_session(&address);
        assert_eq!(changes.removed_sessions, vec![address.clone()]);
        alice.save(&changes);
        let outcome = net.expect_text(&new_bob.address(), &message, &mut alice, "new me");
        assert_eq!(outcome.result.unwrap().sender.trust, Trust::Trusted);
        // Both keys are on record for that device id, each with its own trust.
        let info = alice
            .machine
            .devices(BOB)
            .into_iter()
            .find(|device| device.device == bob.address())
            .unwrap();
        assert_eq!(info.keys.len(), 2);
        assert_eq!(
            info.current_key.unwrap().fingerprint,
            new_bob.machine.fingerprint()
        );
        alice.assert_store_complete();
    }
}

#[test]
fn trust_decisions_name_the_key() {
    let (net, mut alice, bob) = pair(23);
    let unknown = Fingerprint::from_curve25519(
        &IdentityKeyPair::generate(&mut common::DrbgRng::seeded(24)).curve25519_public(),
    );
    assert_eq!(
        alice
            .machine
            .set_trust(&bob.address(), &unknown, Trust::Trusted, net.now)
            .unwrap_err(),
        (TrustError::UnknownKey {
            device: bob.address(),
            fingerprint: unknown
        })
    );
    // Verifying a key ahead of contact (a scanned QR code) records it.
    let changes = alice
        .machine
        .set_trust(
            &bob.address(),
            &bob.machine.fingerprint(),
            Trust::Verified,
            net.now,
        )
        .unwrap();
    alice.save(&changes);
    assert_eq!(
        alice
            .machine
            .trust(&bob.address(), &bob.machine.fingerprint()),
        Some(Trust::Verified)
    );
    let again = alice
        .machine
        .set_trust(
            &bob.address(),
            &bob.machine.fingerprint(),
            Trust::Verified,
            net.now,
        )
        .unwrap();
    assert!(again.is_empty());
    alice.assert_store_complete();
}
