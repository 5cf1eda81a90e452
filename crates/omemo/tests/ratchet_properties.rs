//! Property tests of whole sessions in both versions: reordered, lost and replayed messages;
//! tampering; persistence in the middle of a conversation.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::conversation::{header_of, Conversation, InFlight, Side};
use common::DrbgRng;
use omemo::{KeyExchange, KeyMaterial, Session, SessionError, Version, MAX_SKIP};
use proptest::prelude::*;

#[derive(Debug, Clone)]
enum Step {
    AliceSends,
    BobSends,
    DeliverToBob(usize),
    DeliverToAlice(usize),
    LoseForBob(usize),
    LoseForAlice(usize),
    ReplayToBob(usize),
    ReplayToAlice(usize),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => Just(Step::AliceSends),
        4 => Just(Step::BobSends),
        5 => any::<usize>().prop_map(Step::DeliverToBob),
        5 => any::<usize>().prop_map(Step::DeliverToAlice),
        1 => any::<usize>().prop_map(Step::LoseForBob),
        1 => any::<usize>().prop_map(Step::LoseForAlice),
        1 => any::<usize>().prop_map(Step::ReplayToBob),
        1 => any::<usize>().prop_map(Step::ReplayToAlice),
    ]
}

fn version() -> impl Strategy<Value = Version> {
    prop_oneof![Just(Version::Legacy), Just(Version::Omemo2)]
}

fn run(conversation: &mut Conversation, steps: &[Step]) {
    for step in steps {
        match step {
            Step::AliceSends => {
                conversation.send(Side::Alice);
            }
            Step::BobSends => {
                conversation.send(Side::Bob);
            }
            Step::DeliverToBob(pick) => conversation.deliver(Side::Bob, *pick),
            Step::DeliverToAlice(pick) => conversation.deliver(Side::Alice, *pick),
            Step::LoseForBob(pick) => conversation.drop_message(Side::Bob, *pick),
            Step::LoseForAlice(pick) => conversation.drop_message(Side::Alice, *pick),
            Step::ReplayToBob(pick) => conversation.replay(Side::Bob, *pick),
            Step::ReplayToAlice(pick) => conversation.replay(Side::Alice, *pick),
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Every delivered message decrypts to what was sent, whatever the order and losses,
    /// as long as its chain is among the receiver's newest ones; replays are refused.
    #[test]
    fn reordered_lost_and_replayed_messages(
        version in version(),
        seed in any::<u64>(),
        steps in proptest::collection::vec(step(), 1..60),
    ) {
        let mut conversation = Conversation::start(version, seed);
        run(&mut conversation, &steps);
        // Whatever is still in flight decrypts too (the model decides which may not).
        while !conversation.bob.inbox.is_empty() {
            conversation.deliver(Side::Bob, 0);
        }
        while !conversation.alice.inbox.is_empty() {
            conversation.deliver(Side::Alice, 0);
        }
    }

    /// Changing any single bit of any message makes it fail, and the untouched message still
    /// decrypts afterwards.
    #[test]
    fn tampering_is_detected(
        version in version(),
        seed in any::<u64>(),
        bob_replies in any::<bool>(),
        bit in any::<usize>(),
    ) {
        let mut conversation = Conversation::start(version, seed);
        conversation.send(Side::Alice);
        if bob_replies {
            conversation.deliver(Side::Bob, 0);
            conversation.send(Side::Bob);
            conversation.send(Side::Bob);
        }
        let (to, inbox) = if bob_replies {
            (Side::Alice, conversation.alice.inbox.clone())
        } else {
            (Side::Bob, conversation.bob.inbox.clone())
        };
        let original = inbox.last().unwrap().clone();
        let mut tampered = original.clone();
        let bit = bit % (tampered.bytes.len() * 8);
        tampered.bytes[bit / 8] ^= 1 << (bit % 8);

        let result = conversation.try_receive(to, &tampered);
        prop_assert!(result.is_err(), "tampered message (bit {}) was accepted", bit);
        let material = conversation.try_receive(to, &original).unwrap();
        prop_assert_eq!(material.as_bytes(), original.material.as_slice());
    }

    /// Sessions survive a JSON round trip at any point of a conversation.
    #[test]
    fn persisted_state_continues(
        version in version(),
        seed in any::<u64>(),
        steps in proptest::collection::vec(step(), 1..30),
    ) {
        let mut conversation = Conversation::start(version, seed);
        run(&mut conversation, &steps);
        for peer in [&mut conversation.alice, &mut conversation.bob] {
            if let Some(session) = peer.session.take() {
                let json = serde_json::to_string(&session).unwrap();
                peer.session = Some(serde_json::from_str::<Session>(&json).unwrap());
            }
        }
        conversation.send(Side::Alice);
        conversation.send(Side::Bob);
        while !conversation.bob.inbox.is_empty() {
            conversation.deliver(Side::Bob, 0);
        }
        while !conversation.alice.inbox.is_empty() {
            conversation.deliver(Side::Alice, 0);
        }
    }
}

/// Establishes a session in both directions and returns (alice, bob) after Bob's first reply
/// has reached Alice.
fn established(version: Version, seed: u64) -> (Session, Session, DrbgRng) {
    let mut conversation = Conversation::start(version, seed);
    conversation.send(Side::Alice);
    conversation.deliver(Side::Bob, 0);
    conversation.send(Side::Bob);
    conversation.deliver(Side::Alice, 0);
    (
        conversation.alice.session.unwrap(),
        conversation.bob.session.unwrap(),
        conversation.rng,
    )
}

#[test]
fn skipping_up_to_the_bound_works_and_beyond_it_is_refused() {
    for version in [Version::Legacy, Version::Omemo2] {
        let (alice, bob, mut rng) = established(version, 11);
        let material = KeyMaterial::from_bytes(vec![3; 32]);
        let mut sender = alice;
        let mut messages = Vec::new();
        for _ in 0..=MAX_SKIP + 1 {
            let encrypted = sender.encrypt(&material).unwrap();
            messages.push(encrypted.message);
            sender = encrypted.session;
        }
        // Counter MAX_SKIP + 1 needs MAX_SKIP + 1 skipped keys: refused, state untouched.
        let too_far = messages.last().unwrap();
        assert_eq!(
            bob.decrypt(too_far, &mut rng).unwrap_err(),
            SessionError::TooManySkippedMessages {
                counter: MAX_SKIP + 1,
                skipped: u64::from(MAX_SKIP) + 1,
                limit: MAX_SKIP,
            }
        );
        // Counter MAX_SKIP skips exactly MAX_SKIP keys: accepted, and the skipped ones stay
        // available (bounded).
        let at_limit = bob
            .decrypt(&messages[usize::try_from(MAX_SKIP).unwrap()], &mut rng)
            .unwrap();
        assert_eq!(
            at_limit.session.stored_skipped_keys(),
            usize::try_from(MAX_SKIP).unwrap()
        );
        let first = at_limit.session.decrypt(&messages[0], &mut rng).unwrap();
        assert_eq!(first.key_material, material);
        assert_eq!(
            first.session.stored_skipped_keys(),
            usize::try_from(MAX_SKIP).unwrap() - 1
        );
        // Now the last one is within reach.
        first.session.decrypt(too_far, &mut rng).unwrap();
    }
}

#[test]
fn stored_skipped_keys_are_bounded() {
    for version in [Version::Legacy, Version::Omemo2] {
        let (alice, bob, mut rng) = established(version, 12);
        let material = KeyMaterial::from_bytes(vec![4; 32]);
        let (mut alice, mut bob) = (alice, bob);
        // Two chains with MAX_SKIP skipped keys each: the store keeps only the newest bound.
        for _ in 0..2 {
            let mut last = None;
            for _ in 0..=MAX_SKIP {
                let encrypted = alice.encrypt(&material).unwrap();
                last = Some(encrypted.message);
                alice = encrypted.session;
            }
            bob = bob.decrypt(&last.unwrap(), &mut rng).unwrap().session;
            let reply = bob.encrypt(&material).unwrap();
            bob = reply.session;
            alice = alice.decrypt(&reply.message, &mut rng).unwrap().session;
        }
        assert_eq!(bob.stored_skipped_keys(), omemo::MAX_STORED_SKIPPED_KEYS);
    }
}

#[test]
fn key_exchange_is_repeated_until_the_peer_answers() {
    for version in [Version::Legacy, Version::Omemo2] {
        let mut conversation = Conversation::start(version, 13);
        for _ in 0..3 {
            conversation.send(Side::Alice);
        }
        let inbox = conversation.bob.inbox.clone();
        assert!(inbox.iter().all(|m| m.is_key_exchange));
        let exchanges: Vec<KeyExchange> = inbox
            .iter()
            .map(|m| KeyExchange::parse(version, &m.bytes).unwrap())
            .collect();
        assert!(exchanges.windows(2).all(|w| w[0].base_key == w[1].base_key));
        let counters: Vec<u32> = inbox
            .iter()
            .map(|m| header_of(version, &m.bytes, true).counter)
            .collect();
        assert_eq!(counters, vec![0, 1, 2]);

        // The last one arrives first; the earlier ones decrypt with the same session.
        conversation.deliver(Side::Bob, 2);
        conversation.deliver(Side::Bob, 0);
        conversation.deliver(Side::Bob, 0);
        conversation.send(Side::Bob);
        conversation.deliver(Side::Alice, 0);
        conversation.send(Side::Alice);
        assert!(!conversation.bob.inbox[0].is_key_exchange);
        assert!(!conversation
            .alice
            .session
            .as_ref()
            .unwrap()
            .is_key_exchange_pending());
    }
}

/// Exhaustive version of `tampering_is_detected` for one message of each kind: a key exchange
/// (whose wrapper fields are not covered by the MAC) and a plain message, in both versions.
#[test]
fn every_single_bit_flip_is_rejected() {
    for version in [Version::Legacy, Version::Omemo2] {
        let mut conversation = Conversation::start(version, 14);
        conversation.send(Side::Alice);
        let exchange = conversation.bob.inbox[0].clone();
        assert_every_flip_fails(&mut conversation, Side::Bob, &exchange);
        conversation.deliver(Side::Bob, 0);
        conversation.send(Side::Bob);
        let plain = conversation.alice.inbox[0].clone();
        assert_every_flip_fails(&mut conversation, Side::Alice, &plain);
        conversation.deliver(Side::Alice, 0);
    }
}

fn assert_every_flip_fails(conversation: &mut Conversation, to: Side, message: &InFlight) {
    for bit in 0..message.bytes.len() * 8 {
        let mut tampered = message.clone();
        tampered.bytes[bit / 8] ^= 1 << (bit % 8);
        assert!(
            conversation.try_receive(to, &tampered).is_err(),
            "{:?}: flipping bit {bit} went unnoticed",
            conversation.version
        );
    }
}
