//! The own device's keys through the machine API: bundles for both versions, one-time prekey
//! top-up with ids never reused, signed prekey rotation with a grace period, prekeys kept
//! during a catch-up, device lists and fingerprints.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::collections::BTreeSet;

use common::network::{Network, Party, DAY, START};
use common::DrbgRng;
use omemo::{
    generate_device_id, Bundle, Config, DecryptError, DeviceAddress, EmptyMessageReason,
    EncryptRequest, FetchedBundle, Fingerprint, FingerprintError, FollowUp, OmemoMachine,
    OutgoingMessage, Recipient, Version,
};

const ALICE: &str = "alice@example.org";
const BOB: &str = "bob@example.org";

/// Encrypts to one device of Bob with the given bundle (as if fetched earlier).
fn send_with_bundle(
    net: &mut Network,
    from: &mut Party,
    to: &DeviceAddress,
    bundle: &Bundle,
    text: &str,
) -> OutgoingMessage {
    let version = bundle.version();
    let recipients = [Recipient {
        jid: to.jid.clone(),
        devices: vec![to.device_id],
    }];
    let bundles = [FetchedBundle {
        device: to.clone(),
        bundle: bundle.clone(),
    }];
    let request = EncryptRequest {
        version,
        plaintext: text.as_bytes(),
        recipients: &recipients,
        own_devices: &[],
        bundles: &bundles,
    };
    let outcome = from
        .machine
        .encrypt(&request, net.now, &mut net.rng)
        .unwrap();
    from.save(&outcome.changes);
    assert!(outcome.failures.is_empty(), "{:?}", outcome.failures);
    outcome.message.unwrap()
}

/// `bundle` reduced to the one-time prekey with `id`, so a new session must use it.
fn only_prekey(bundle: &Bundle, id: u32) -> Bundle {
    let mut reduced = bundle.clone();
    reduced.prekeys.retain(|prekey| prekey.id == id);
    assert_eq!(reduced.prekeys.len(), 1);
    reduced
}

fn published_ids(bundle: &Bundle) -> BTreeSet<u32> {
    bundle.prekeys.iter().map(|prekey| prekey.id).collect()
}

#[test]
fn a_new_device_has_one_identity_and_full_bundles_for_both_versions() {
    let mut net = Network::new(10);
    let bob = net.join(BOB);
    let legacy = bob.machine.bundle(Version::Legacy);
    let omemo2 = bob.machine.bundle(Version::Omemo2);
    for (bundle, version) in [(&legacy, Version::Legacy), (&omemo2, Version::Omemo2)] {
        assert_eq!(bundle.version(), version);
        bundle.verify().unwrap();
        assert_eq!(bundle.prekeys.len(), 100);
        assert_eq!(
            Fingerprint::of(&bundle.identity_key).unwrap(),
            bob.machine.fingerprint()
        );
        assert_eq!(net.published_bundle(&bob.address(), version), Some(bundle));
        assert_eq!(net.list(BOB, version), vec![bob.id()]);
    }
    assert_eq!(published_ids(&legacy), published_ids(&omemo2));
    assert_eq!(published_ids(&legacy), (1..=100).collect());
    assert_eq!(legacy.signed_prekey, omemo2.signed_prekey);
    assert!((1..=0x7fff_ffff).contains(&bob.id()));
    assert_eq!(bob.machine.own_device().created_at_ms(), START);

    // A device id already in the own list is not taken.
    let taken = generate_device_id(&mut DrbgRng::seeded(11));
    let (machine, _) = OmemoMachine::create(
        BOB,
        &[taken],
        Config::default(),
        START,
        &mut DrbgRng::seeded(11),
    );
    assert_ne!(machine.device_id(), taken);
}

#[test]
fn prekeys_are_topped_up_after_use_and_ids_never_come_back() {
    for version in Version::ALL {
        let mut net = Network::new(12);
        let mut bob = net.join(BOB);
        let mut ever_published = published_ids(&bob.machine.bundle(version));
        let mut previous_max = *ever_published.iter().max().unwrap();
        for round in 0..5 {
            let mut alice = net.join(ALICE);
            net.refresh_lists(&mut alice, &[BOB]);
            let message = net.send(&mut alice, &[BOB], "hi", version);
            let outcome = net.expect_text(&alice.address(), &message, &mut bob, "hi");
            assert!(outcome
                .follow_ups
                .contains(&FollowUp::PublishBundle { version }));
            assert_eq!(outcome.changes.removed_prekeys.len(), 1, "round {round}");
            assert_eq!(outcome.changes.prekeys.len(), 1, "round {round}");

            let now_published = published_ids(&bob.machine.bundle(version));
            assert_eq!(now_published.len(), 100);
            let new: Vec<u32> = now_published.difference(&ever_published).copied().collect();
            assert_eq!(new.len(), 1);
            assert!(new[0] > previous_max, "a new prekey id is fresh");
            previous_max = new[0];
            ever_published.extend(new);
        }
        bob.assert_store_complete();

        // A larger target is reached by the periodic upkeep.
        let mut config = bob.machine.config().clone();
        config.prekey_count = 120;
        bob.machine = OmemoMachine::from_state(bob.machine.state().clone(), config);
        let update = bob.machine.maintain_keys(net.now, &mut net.rng);
        assert_eq!(update.changes.prekeys.len(), 20);
        assert!(update
            .follow_ups
            .contains(&FollowUp::PublishBundle { version }));
        net.handle(&mut bob, update);
        assert_eq!(bob.machine.bundle(version).prekeys.len(), 120);
        let update = bob.machine.maintain_keys(net.now, &mut net.rng);
        assert!(update.changes.is_empty() && update.follow_ups.is_empty());
        bob.assert_store_complete();
    }
}

#[test]
fn signed_prekey_rotation_keeps_the_old_key_for_a_grace_period() {
    for version in Version::ALL {
        let mut net = Network::new(13);
        let mut bob = net.join(BOB);
        let mut alice = net.join(ALICE);
        let mut carol = net.join("carol@example.org");
        let old_bundle = net
            .published_bundle(&bob.address(), version)
            .unwrap()
            .clone();
        assert_eq!(old_bundle.signed_prekey_id, 1);

        net.now += DAY;
        let update = bob.machine.maintain_keys(net.now, &mut net.rng);
        assert!(update.changes.is_empty(), "not due after a day");
        net.now += 7 * DAY;
        let update = bob.machine.maintain_keys(net.now, &mut net.rng);
        assert!(update
            .follow_ups
            .contains(&FollowUp::PublishBundle { version }));
        net.handle(&mut bob, update);
        let new_bundle = net
            .published_bundle(&bob.address(), version)
            .unwrap()
            .clone();
        assert_eq!(new_bundle.signed_prekey_id, 2);
        new_bundle.verify().unwrap();
        assert_eq!(bob.machine.own_device().retired_signed_prekeys().len(), 1);

        // Alice still uses the bundle she fetched before the rotation.
        let message = send_with_bundle(&mut net, &mut alice, &bob.address(), &old_bundle, "old");
        net.expect_text(&alice.address(), &message, &mut bob, "old");

        // After the grace period the old signed prekey is gone.
        net.now += 29 * DAY;
        let update = bob.machine.maintain_keys(net.now, &mut net.rng);
        net.handle(&mut bob, update);
        assert!(bob
            .machine
            .own_device()
            .retired_signed_prekeys()
            .iter()
            .all(|retired| retired.key.id != 1));
        let message = send_with_bundle(&mut net, &mut carol, &bob.address(), &old_bundle, "late");
        let outcome = net.deliver(&carol.address(), &message, &mut bob);
        assert_eq!(
            outcome.result.unwrap_err(),
            DecryptError::UnknownSignedPreKey {
                signed_prekey_id: 1
            }
        );
        assert!(outcome.follow_ups.contains(&FollowUp::RebuildSession {
            device: carol.address(),
            version,
        }));
        // Bob's rebuilt session reaches Carol, and Carol's next message reads.
        let debts = net.pay_debts(&mut bob);
        assert_eq!(
            debts.len(),
            2,
            "Alice's key exchange answer and Carol's rebuild"
        );
        let (_, empty) = debts
            .iter()
            .find(|(address, _)| address.device == carol.address())
            .unwrap();
        assert!(empty.keys[0].is_key_exchange);
        let answer = net.deliver(&bob.address(), empty, &mut carol);
        assert!(answer.result.unwrap().plaintext.is_none());
        net.refresh_lists(&mut carol, &[BOB]);
        let message = net.send(&mut carol, &[BOB], "works again", version);
        net.expect_text(&carol.address(), &message, &mut bob, "works again");
        bob.assert_store_complete();
    }
}

#[test]
fn a_catch_up_keeps_used_prekeys_and_holds_answers_back() {
    for version in Version::ALL {
        let mut net = Network::new(14);
        let mut bob = net.join(BOB);
        let mut alice1 = net.join(ALICE);
        let mut alice2 = net.join(ALICE);
        let mut carol = net.join("carol@example.org");
        let bundle = net
            .published_bundle(&bob.address(), version)
            .unwrap()
            .clone();
        let shared = only_prekey(&bundle, bundle.prekeys[7].id);
        let prekey_id = shared.prekeys[0].id;
        // Both of Alice's devices started a session with the same prekey while Bob was away.
        let first = send_with_bundle(&mut net, &mut alice1, &bob.address(), &shared, "one");
        let second = send_with_bundle(&mut net, &mut alice2, &bob.address(), &shared, "two");

        let changes = bob.machine.begin_catch_up();
        bob.save(&changes);
        assert!(bob.machine.own_device().is_catching_up());
        let outcome = net.expect_text(&alice1.address(), &first, &mut bob, "one");
        assert!(outcome
            .follow_ups
            .contains(&FollowUp::PublishBundle { version }));
        assert!(!outcome
            .follow_ups
            .iter()
            .any(|follow_up| matches!(follow_up, FollowUp::SendEmptyMessage { .. })));
        assert!(!published_ids(&bob.machine.bundle(version)).contains(&prekey_id));
        let kept = bob
            .machine
            .state()
            .prekeys()
            .find(|stored| stored.id() == prekey_id);
        assert!(kept.is_some_and(|stored| !stored.is_published()));
        net.expect_text(&alice2.address(), &second, &mut bob, "two");
        assert_eq!(bob.machine.bundle(version).prekeys.len(), 100);
        bob.assert_store_complete();

        let update = bob.machine.end_catch_up(&mut net.rng);
        assert!(update.changes.removed_prekeys.contains(&prekey_id));
        for alice in [&alice1, &alice2] {
            assert!(update.follow_ups.contains(&FollowUp::SendEmptyMessage {
                device: alice.address(),
                version,
                reason: EmptyMessageReason::KeyExchangeAnswered,
            }));
        }
        net.handle(&mut bob, update);
        assert!(!bob.machine.own_device().is_catching_up());
        assert_eq!(net.pay_debts(&mut bob).len(), 2);
        bob.assert_store_complete();

        // Now the prekey is gone for good.
        let late = send_with_bundle(&mut net, &mut carol, &bob.address(), &shared, "three");
        let outcome = net.deliver(&carol.address(), &late, &mut bob);
        assert_eq!(
            outcome.result.unwrap_err(),
            DecryptError::UnknownPreKey { prekey_id }
        );
    }
}

#[test]
fn own_and_contact_device_lists() {
    let mut net = Network::new(15);
    let mut bob = net.join(BOB);
    let mut alice = net.join(ALICE);
    let version = Version::Omemo2;

    // Another device of Bob republished the list without this one: put it back.
    let update = bob
        .machine
        .receive_device_list(BOB, version, &[4242], net.now);
    assert_eq!(
        update.follow_ups,
        vec![FollowUp::PublishDeviceList { version }]
    );
    net.handle(&mut bob, update);
    let mut expected = vec![4242, bob.id()];
    expected.sort_unstable();
    assert_eq!(bob.machine.own_device_list(version), expected);
    assert_eq!(net.list(BOB, version), expected);
    assert_eq!(bob.machine.own_other_devices(version), vec![4242]);
    assert_eq!(bob.machine.own_device_list(Version::Legacy), vec![bob.id()]);

    // A contact's device that leaves the list stays known but inactive; it can come back.
    let update = alice
        .machine
        .receive_device_list(BOB, version, &[bob.id(), 7], net.now);
    assert!(update.follow_ups.is_empty());
    alice.save(&update.changes);
    assert_eq!(
        alice.machine.recipient(BOB, version).devices,
        vec![7, bob.id()]
    );
    let update = alice
        .machine
        .receive_device_list(BOB, version, &[bob.id()], net.now + 1);
    alice.save(&update.changes);
    assert_eq!(
        alice.machine.recipient(BOB, version).devices,
        vec![bob.id()]
    );
    let list = alice.machine.device_list(BOB, version).unwrap();
    assert!(!list.devices[&7].active);
    assert_eq!(list.devices[&7].changed_at_ms, net.now + 1);
    let info = alice.machine.devices(BOB);
    assert_eq!(info.len(), 2);
    assert!(info[0].active_in.is_empty());
    assert_eq!(info[1].active_in, vec![version]);
    let same = alice
        .machine
        .receive_device_list(BOB, version, &[bob.id()], net.now + 2);
    assert!(same.changes.is_empty(), "an unchanged list changes nothing");
    let update = alice
        .machine
        .receive_device_list(BOB, version, &[7, bob.id()], net.now + 3);
    alice.save(&update.changes);
    assert_eq!(
        alice.machine.recipient(BOB, version).devices,
        vec![7, bob.id()]
    );
    alice.assert_store_complete();

    // A message from a device the cached list does not show asks for the list again.
    let mut carol = net.join("carol@example.org");
    net.refresh_lists(&mut carol, &[ALICE]);
    let message = net.send(&mut carol, &[ALICE], "hello", version);
    let incoming = common::network::incoming_for(&carol.address(), &message, ALICE);
    let outcome = alice.machine.decrypt(&incoming, net.now, &mut net.rng);
    assert!(outcome.result.is_ok());
    assert!(outcome.follow_ups.contains(&FollowUp::RefetchDeviceList {
        jid: "carol@example.org".to_owned(),
        version,
    }));
}

#[test]
fn fingerprints_read_and_display_like_other_clients() {
    let mut rng = DrbgRng::seeded(16);
    let (machine, _) = OmemoMachine::create(ALICE, &[], Config::default(), START, &mut rng);
    let fingerprint = machine.fingerprint();
    let hex = fingerprint.to_hex();
    assert_eq!(hex.len(), 64);
    assert_eq!(
        hex,
        machine
            .own_device()
            .identity()
            .curve25519_public()
            .fingerprint()
    );
    let shown = fingerprint.to_string();
    let groups: Vec<&str> = shown.split(' ').collect();
    assert_eq!(groups.len(), 8);
    assert!(groups.iter().all(|group| group.len() == 8));
    assert_eq!(groups.concat(), hex);

    for typed in [
        hex.clone(),
        shown.clone(),
        hex.to_uppercase(),
        format!("05{hex}"),
        format!("  {}\n", shown.to_uppercase()),
    ] {
        assert_eq!(
            Fingerprint::parse(&typed).unwrap(),
            fingerprint,
            "{typed:?}"
        );
    }
    assert_eq!(
        Fingerprint::parse(&hex[..62]),
        Err(FingerprintError::InvalidLength { digits: 62 })
    );
    let mut wrong = hex.clone();
    wrong.replace_range(10..11, "g");
    assert_eq!(
        Fingerprint::parse(&wrong),
        Err(FingerprintError::NotHex { found: 'g' })
    );
    assert_eq!(
        omemo::machine::verification_uri(ALICE, &[(machine.device_id(), fingerprint)]),
        format!("xmpp:{ALICE}?omemo-sid-{}={hex}", machine.device_id())
    );
    // Both versions' identity keys give the same fingerprint.
    for version in Version::ALL {
        let identity = machine.bundle(version).identity_key;
        assert_eq!(Fingerprint::of(&identity).unwrap(), fingerprint);
    }
}

#[test]
fn debug_output_of_the_machine_hides_every_private_key() {
    let mut net = Network::new(17);
    let mut alice = net.join(ALICE);
    let mut bob = net.join(BOB);
    net.refresh_lists(&mut alice, &[BOB]);
    let message = net.send(&mut alice, &[BOB], "secret text", Version::Omemo2);
    let outcome = net.expect_text(&alice.address(), &message, &mut bob, "secret text");
    let hex = |bytes: &[u8]| bytes.iter().map(|b| format!("{b:02x}")).collect::<String>();
    let state = bob.machine.state();
    let own = state.own_device();
    let mut secrets = vec![
        hex(own.identity().private_key().expose_bytes()),
        hex(own.signed_prekey().private_key().expose_bytes()),
    ];
    secrets.extend(
        state
            .prekeys()
            .map(|stored| hex(stored.prekey.private_key().expose_bytes())),
    );
    let request = EncryptRequest {
        version: Version::Omemo2,
        plaintext: b"secret text",
        recipients: &[],
        own_devices: &[],
        bundles: &[],
    };
    let printed = format!(
        "{:?} {:?} {outcome:?} {request:?}",
        bob.machine, outcome.changes
    );
    for secret in &secrets {
        assert!(!printed.contains(secret.as_str()));
    }
    assert!(!printed.contains("secret text"));
    assert!(!printed.contains(&hex(b"secret text")));
    assert!(printed.contains("redacted"));
    assert!(printed.contains(&bob.machine.fingerprint().to_hex()));
}
