//! Alice (two devices) and Bob (one device) talk in both versions through the machine API
//! only: key exchanges and their answers, carbons to the own devices, lost, reordered and
//! replayed messages, heartbeats, simultaneous session starts, and reloads from the changes.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::network::{Network, Party};
use omemo::{DecryptError, EmptyMessageReason, FollowUp, OutgoingMessage, Trust, Version};

const ALICE: &str = "alice@example.org";
const BOB: &str = "bob@example.org";

fn setup(seed: u64) -> (Network, Party, Party, Party) {
    let mut net = Network::new(seed);
    let mut alice1 = net.join(ALICE);
    let mut alice2 = net.join(ALICE);
    let mut bob = net.join(BOB);
    for party in [&mut alice1, &mut alice2, &mut bob] {
        net.refresh_lists(party, &[ALICE, BOB]);
    }
    (net, alice1, alice2, bob)
}

fn key_for<'a>(message: &'a OutgoingMessage, party: &Party) -> &'a omemo::KeyElement {
    message
        .keys
        .iter()
        .find(|key| key.device == party.address())
        .unwrap_or_else(|| panic!("no key for {:?}", party.address()))
}

/// Delivers the empty messages `from` owes, each to the device it is for.
fn answer(net: &mut Network, from: &mut Party, targets: &mut [&mut Party]) {
    let sender = from.address();
    for (address, message) in net.pay_debts(from) {
        let target = targets
            .iter_mut()
            .find(|party| party.address() == address.device)
            .expect("owed to an unknown device");
        let outcome = net.deliver(&sender, &message, target);
        let decrypted = outcome.result.unwrap();
        assert!(decrypted.plaintext.is_none());
    }
}

#[test]
fn two_accounts_three_devices_talk_in_both_versions() {
    let (mut net, mut alice1, mut alice2, mut bob) = setup(1);
    assert_eq!(alice1.machine.own_device_list(Version::Omemo2).len(), 2);
    for version in Version::ALL {
        let bob_bundle_before = bob.machine.bundle(version);
        let first = net.send(&mut alice1, &[BOB], "hello bob", version);
        assert_eq!(first.keys.len(), 2, "bob and alice's other device");
        assert!(first.keys.iter().all(|key| key.is_key_exchange));
        assert_eq!(first.iv.is_some(), version == Version::Legacy);

        let outcome = net.expect_text(&alice1.address(), &first, &mut bob, "hello bob");
        let decrypted = outcome.result.unwrap();
        assert_eq!(decrypted.sender.trust, Trust::Trusted);
        assert_eq!(decrypted.sender.fingerprint, alice1.machine.fingerprint());
        assert!(outcome.follow_ups.contains(&FollowUp::SendEmptyMessage {
            device: alice1.address(),
            version,
            reason: EmptyMessageReason::KeyExchangeAnswered,
        }));
        // The used prekey left both bundles (they share prekeys) and was replaced.
        let bundle_after = bob.machine.bundle(version);
        assert_eq!(bundle_after.prekeys.len(), 100);
        let used: Vec<u32> = bob_bundle_before
            .prekeys
            .iter()
            .filter(|prekey| !bundle_after.prekeys.contains(prekey))
            .map(|prekey| prekey.id)
            .collect();
        assert_eq!(used.len(), 1);
        for other in Version::ALL {
            let published = net.published_bundle(&bob.address(), other).unwrap();
            assert!(published.prekeys.iter().all(|prekey| prekey.id != used[0]));
        }
        net.expect_text(&alice1.address(), &first, &mut alice2, "hello bob");

        // Until someone answers, alice keeps wrapping her messages in the key exchange.
        let second = net.send(&mut alice1, &[BOB], "still there?", version);
        assert!(second.keys.iter().all(|key| key.is_key_exchange));
        let outcome = net.expect_text(&alice1.address(), &second, &mut bob, "still there?");
        assert!(
            outcome.changes.prekeys.is_empty() && outcome.changes.removed_prekeys.is_empty(),
            "a repeated key exchange must not use another prekey"
        );
        net.expect_text(&alice1.address(), &second, &mut alice2, "still there?");

        answer(&mut net, &mut bob, &mut [&mut alice1]);
        let third = net.send(&mut alice1, &[BOB], "third", version);
        assert!(!key_for(&third, &bob).is_key_exchange);
        assert!(key_for(&third, &alice2).is_key_exchange);
        net.expect_text(&alice1.address(), &third, &mut bob, "third");
        net.expect_text(&alice1.address(), &third, &mut alice2, "third");
        answer(&mut net, &mut alice2, &mut [&mut alice1]);

        // Bob answers Alice: he needs a session with her second device first.
        let recipients = [bob.machine.recipient(ALICE, version)];
        assert_eq!(
            bob.machine.missing_bundles(version, &recipients, &[]),
            vec![alice2.address()]
        );
        let reply = net.send(&mut bob, &[ALICE], "hi alice", version);
        assert!(!key_for(&reply, &alice1).is_key_exchange);
        assert!(key_for(&reply, &alice2).is_key_exchange);
        net.expect_text(&bob.address(), &reply, &mut alice1, "hi alice");
        net.expect_text(&bob.address(), &reply, &mut alice2, "hi alice");
        answer(&mut net, &mut alice2, &mut [&mut bob]);

        let from_second = net.send(&mut alice2, &[BOB], "from my phone", version);
        assert!(from_second.keys.iter().all(|key| !key.is_key_exchange));
        net.expect_text(&alice2.address(), &from_second, &mut bob, "from my phone");
        net.expect_text(
            &alice2.address(),
            &from_second,
            &mut alice1,
            "from my phone",
        );
    }
    for party in [&alice1, &alice2, &bob] {
        party.assert_store_complete();
        assert!(party.owed.is_empty());
    }
    // Sessions are kept per version.
    assert!(bob
        .machine
        .session(&alice1.session_address(Version::Legacy))
        .is_some());
    assert!(bob
        .machine
        .session(&alice1.session_address(Version::Omemo2))
        .is_some());
}

/// Bob and Alice's first device with answered sessions in `version`.
fn established(seed: u64, version: Version) -> (Network, Party, Party) {
    let (mut net, mut alice, _, mut bob) = setup(seed);
    net.refresh_lists(&mut alice, &[BOB]);
    let first = net.send(&mut alice, &[BOB], "start", version);
    net.expect_text(&alice.address(), &first, &mut bob, "start");
    answer(&mut net, &mut bob, &mut [&mut alice]);
    (net, alice, bob)
}

#[test]
fn lost_and_reordered_messages_decrypt_and_replays_are_duplicates() {
    for version in Version::ALL {
        let (mut net, mut alice, mut bob) = established(2, version);
        let texts: Vec<String> = (0..6).map(|i| format!("message {i}")).collect();
        let sent: Vec<OutgoingMessage> = texts
            .iter()
            .map(|text| net.send(&mut alice, &[BOB], text, version))
            .collect();
        for index in [3, 0, 5, 2] {
            net.expect_text(&alice.address(), &sent[index], &mut bob, &texts[index]);
        }
        let replay = net.deliver(&alice.address(), &sent[0], &mut bob);
        let error = replay.result.unwrap_err();
        assert!(matches!(error, DecryptError::Duplicate { counter: _ }));
        assert!(error.is_silent());
        assert!(replay.changes.is_empty());

        // A reply makes Alice start a new chain; the late message 4 of her old chain still
        // decrypts, message 1 stays lost.
        let reply = net.send(&mut bob, &[ALICE], "got some", version);
        net.expect_text(&bob.address(), &reply, &mut alice, "got some");
        let next = net.send(&mut alice, &[BOB], "new chain", version);
        net.expect_text(&alice.address(), &next, &mut bob, "new chain");
        net.expect_text(&alice.address(), &sent[4], &mut bob, &texts[4]);
        bob.assert_store_complete();
        alice.assert_store_complete();
    }
}

#[test]
fn a_replayed_key_exchange_neither_rebuilds_nor_consumes() {
    for version in Version::ALL {
        let (mut net, mut alice, _, mut bob) = setup(3);
        let first = net.send(&mut alice, &[BOB], "first", version);
        net.expect_text(&alice.address(), &first, &mut bob, "first");
        let session_before = serde_json::to_value(
            bob.machine
                .session(&alice.session_address(version))
                .unwrap(),
        )
        .unwrap();
        let prekeys_before = bob.machine.state().prekeys().count();

        let replay = net.deliver(&alice.address(), &first, &mut bob);
        assert!(matches!(
            replay.result.unwrap_err(),
            DecryptError::Duplicate { counter: 0 }
        ));
        assert!(replay.changes.is_empty());
        let session_after = serde_json::to_value(
            bob.machine
                .session(&alice.session_address(version))
                .unwrap(),
        )
        .unwrap();
        assert_eq!(session_before, session_after);
        assert_eq!(bob.machine.state().prekeys().count(), prekeys_before);
        assert!(bob
            .machine
            .session(&alice.session_address(version))
            .unwrap()
            .archived
            .is_empty());
    }
}

#[test]
fn a_long_chain_gets_one_heartbeat() {
    for version in Version::ALL {
        let (mut net, mut alice, mut bob) = established(4, version);
        let threshold = bob.machine.config().heartbeat_threshold;
        let mut heartbeats = 0;
        for counter in 0..=threshold + 5 {
            let message = net.send(&mut alice, &[BOB], "chatty", version);
            let outcome = net.expect_text(&alice.address(), &message, &mut bob, "chatty");
            let asked = outcome.follow_ups.iter().any(|follow_up| {
                matches!(
                    follow_up,
                    FollowUp::SendEmptyMessage {
                        reason: EmptyMessageReason::Heartbeat,
                        ..
                    }
                )
            });
            assert_eq!(asked, counter == threshold, "counter {counter}");
            heartbeats += usize::from(asked);
        }
        assert_eq!(heartbeats, 1);
        answer(&mut net, &mut bob, &mut [&mut alice]);
        // Alice's next message starts a new chain, which starts at counter 0.
        let next = net.send(&mut alice, &[BOB], "fresh", version);
        let data = &key_for(&next, &bob).data;
        let header = omemo::RatchetMessage::parse(version, data).unwrap().header;
        assert_eq!(header.counter, 0);
        bob.assert_store_complete();
    }
}

#[test]
fn both_sides_starting_at_once_still_converge() {
    for version in Version::ALL {
        let (mut net, mut alice, _, mut bob) = setup(5);
        let from_alice = net.send(&mut alice, &[BOB], "alice first", version);
        let from_bob = net.send(&mut bob, &[ALICE], "bob first", version);
        net.expect_text(&alice.address(), &from_alice, &mut bob, "alice first");
        net.expect_text(&bob.address(), &from_bob, &mut alice, "bob first");
        let record = bob
            .machine
            .session(&alice.session_address(version))
            .unwrap();
        assert_eq!(record.archived.len(), 1);
        answer(&mut net, &mut alice, &mut [&mut bob]);
        answer(&mut net, &mut bob, &mut [&mut alice]);
        for round in 0..3 {
            let text = format!("alice {round}");
            let message = net.send(&mut alice, &[BOB], &text, version);
            net.expect_text(&alice.address(), &message, &mut bob, &text);
            let text = format!("bob {round}");
            let message = net.send(&mut bob, &[ALICE], &text, version);
            net.expect_text(&bob.address(), &message, &mut alice, &text);
        }
        alice.assert_store_complete();
        bob.assert_store_complete();
    }
}

#[test]
fn machines_reloaded_from_their_changes_continue() {
    for version in Version::ALL {
        let (mut net, mut alice1, mut alice2, mut bob) = setup(6);
        let first = net.send(&mut alice1, &[BOB], "before", version);
        // Bob's copy is delayed past the reload; alice2 reads hers now.
        net.expect_text(&alice1.address(), &first, &mut alice2, "before");
        let unanswered = net.send(&mut alice1, &[BOB], "pending", version);

        for party in [&mut alice1, &mut alice2, &mut bob] {
            party.assert_store_complete();
            party.reload();
        }
        net.expect_text(&alice1.address(), &first, &mut bob, "before");
        net.expect_text(&alice1.address(), &unanswered, &mut bob, "pending");
        answer(&mut net, &mut bob, &mut [&mut alice1]);
        let reply = net.send(&mut bob, &[ALICE], "after", version);
        net.expect_text(&bob.address(), &reply, &mut alice1, "after");
        net.expect_text(&bob.address(), &reply, &mut alice2, "after");
        let again = net.send(&mut alice1, &[BOB], "again", version);
        assert!(!key_for(&again, &bob).is_key_exchange);
        net.expect_text(&alice1.address(), &again, &mut bob, "again");
        for party in [&alice1, &alice2, &bob] {
            party.assert_store_complete();
        }
    }
}
