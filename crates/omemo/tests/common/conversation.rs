//! Two devices talking over a lossy, reordering channel, for the property tests.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use omemo::{
    Bundle, IdentityKeyPair, KeyExchange, KeyMaterial, OneTimePreKey, PublicKey, RatchetMessage,
    Session, SessionError, SignedPreKey, Version, MAX_RECEIVING_CHAINS,
};

use super::DrbgRng;

/// A message on its way, with what it should decrypt to.
#[derive(Clone, Debug)]
pub struct InFlight {
    pub bytes: Vec<u8>,
    pub is_key_exchange: bool,
    pub material: Vec<u8>,
    pub ratchet_key: PublicKey,
    pub counter: u32,
}

pub struct Peer {
    pub identity: IdentityKeyPair,
    pub session: Option<Session>,
    /// Messages sent to this peer and not delivered yet.
    pub inbox: Vec<InFlight>,
    /// Messages this peer decrypted.
    pub delivered: Vec<InFlight>,
    /// Remote ratchet keys in the order this peer first saw them.
    pub seen_chains: Vec<PublicKey>,
}

pub struct Conversation {
    pub version: Version,
    pub alice: Peer,
    pub bob: Peer,
    bob_signed_prekey: SignedPreKey,
    bob_prekey: OneTimePreKey,
    pub rng: DrbgRng,
    sent: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Alice,
    Bob,
}

impl Conversation {
    /// Alice has fetched Bob's bundle and holds an initiator session; Bob has nothing yet.
    pub fn start(version: Version, seed: u64) -> Self {
        let mut rng = DrbgRng::seeded(seed);
        let alice = IdentityKeyPair::generate(&mut rng);
        let bob = IdentityKeyPair::generate(&mut rng);
        let bob_signed_prekey = SignedPreKey::generate(1, &bob, 0, &mut rng);
        let bob_prekey = OneTimePreKey::generate(42, &mut rng);
        let bundle = Bundle::from_local(
            version,
            &bob,
            &bob_signed_prekey,
            std::slice::from_ref(&bob_prekey),
        );
        let session = Session::initiate(&alice, &bundle, None, &mut rng).unwrap();
        Conversation {
            version,
            alice: Peer::new(alice, Some(session)),
            bob: Peer::new(bob, None),
            bob_signed_prekey,
            bob_prekey,
            rng,
            sent: 0,
        }
    }

    fn peers(&mut self, receiver: &Side) -> (&mut Peer, &mut Peer) {
        match receiver {
            Side::Alice => (&mut self.bob, &mut self.alice),
            Side::Bob => (&mut self.alice, &mut self.bob),
        }
    }

    /// The sender encrypts fresh key material to the other side, if it can send yet.
    pub fn send(&mut self, from: Side) -> bool {
        self.sent += 1;
        let material = self.sent.to_be_bytes().repeat(8);
        let version = self.version;
        let receiver = match from {
            Side::Alice => Side::Bob,
            Side::Bob => Side::Alice,
        };
        let (sender, receiver) = self.peers(&receiver);
        let Some(session) = sender.session.as_ref().filter(|s| s.can_send()) else {
            return false;
        };
        let encrypted = session
            .encrypt(&KeyMaterial::from_bytes(material.clone()))
            .unwrap();
        let header = header_of(version, &encrypted.message, encrypted.is_key_exchange);
        sender.session = Some(encrypted.session);
        receiver.inbox.push(InFlight {
            bytes: encrypted.message,
            is_key_exchange: encrypted.is_key_exchange,
            material,
            ratchet_key: header.ratchet_key,
            counter: header.counter,
        });
        true
    }

    /// Delivers the `pick`-th pending message (modulo) to `to` and checks the outcome against
    /// the model: it decrypts unless its chain is older than the receiver keeps.
    pub fn deliver(&mut self, to: Side, pick: usize) {
        let version = self.version;
        let (spk, opk) = (self.bob_signed_prekey.clone(), self.bob_prekey.clone());
        let rng = &mut self.rng;
        let receiver = match to {
            Side::Alice => &mut self.alice,
            Side::Bob => &mut self.bob,
        };
        if receiver.inbox.is_empty() {
            return;
        }
        let message = receiver.inbox.remove(pick % receiver.inbox.len());
        let expected_ok = receiver.chain_available(&message.ratchet_key);
        let result = receiver.receive(version, &message, &spk, &opk, rng);
        match result {
            Ok((session, material)) => {
                assert!(expected_ok, "decrypted a message from an evicted chain");
                assert_eq!(material.as_bytes(), message.material.as_slice());
                receiver.session = Some(session);
                if !receiver.seen_chains.contains(&message.ratchet_key) {
                    receiver.seen_chains.push(message.ratchet_key);
                }
                receiver.delivered.push(message);
            }
            Err(error) => assert!(!expected_ok, "in-window message failed: {error:?}"),
        }
    }

    /// Decrypts `message` as `to` would, without keeping the result.
    pub fn try_receive(
        &mut self,
        to: Side,
        message: &InFlight,
    ) -> Result<KeyMaterial, SessionError> {
        let (spk, opk) = (self.bob_signed_prekey.clone(), self.bob_prekey.clone());
        let version = self.version;
        let receiver = match to {
            Side::Alice => &self.alice,
            Side::Bob => &self.bob,
        };
        receiver
            .receive(version, message, &spk, &opk, &mut self.rng)
            .map(|(_, material)| material)
    }

    /// Loses the `pick`-th pending message for `to`.
    pub fn drop_message(&mut self, to: Side, pick: usize) {
        let receiver = match to {
            Side::Alice => &mut self.alice,
            Side::Bob => &mut self.bob,
        };
        if !receiver.inbox.is_empty() {
            let index = pick % receiver.inbox.len();
            receiver.inbox.remove(index);
        }
    }

    /// Delivers an already decrypted message again: it must be refused as a duplicate.
    pub fn replay(&mut self, to: Side, pick: usize) {
        let version = self.version;
        let (spk, opk) = (self.bob_signed_prekey.clone(), self.bob_prekey.clone());
        let rng = &mut self.rng;
        let receiver = match to {
            Side::Alice => &mut self.alice,
            Side::Bob => &mut self.bob,
        };
        if receiver.delivered.is_empty() {
            return;
        }
        let message = receiver.delivered[pick % receiver.delivered.len()].clone();
        let in_window = receiver.chain_available(&message.ratchet_key);
        let result = receiver.receive(version, &message, &spk, &opk, rng);
        match result {
            Err(SessionError::DuplicateMessage { counter }) if in_window => {
                assert_eq!(counter, message.counter)
            }
            Err(_) if !in_window => {}
            other => panic!(
                "replay was not refused as a duplicate: {:?}",
                other.map(|_| ())
            ),
        }
    }
}

impl Peer {
    fn new(identity: IdentityKeyPair, session: Option<Session>) -> Self {
        Peer {
            identity,
            session,
            inbox: Vec::new(),
            delivered: Vec::new(),
            seen_chains: Vec::new(),
        }
    }

    /// A chain is decryptable while it is among the receiver's newest `MAX_RECEIVING_CHAINS`
    /// (a chain not seen yet is always the newest: chains appear in order).
    fn chain_available(&self, ratchet_key: &PublicKey) -> bool {
        match self.seen_chains.iter().position(|key| key == ratchet_key) {
            Some(position) => self.seen_chains.len() - position <= MAX_RECEIVING_CHAINS,
            None => true,
        }
    }

    fn receive(
        &self,
        version: Version,
        message: &InFlight,
        spk: &SignedPreKey,
        opk: &OneTimePreKey,
        rng: &mut DrbgRng,
    ) -> Result<(Session, KeyMaterial), SessionError> {
        if message.is_key_exchange {
            let exchange = KeyExchange::parse(version, &message.bytes)?;
            match &self.session {
                Some(session) if session.matches_key_exchange(&exchange) => session
                    .decrypt_key_exchange(&exchange, rng)
                    .map(|d| (d.session, d.key_material)),
                _ => Session::accept(&self.identity, &exchange, spk, Some(opk), rng)
                    .map(|a| (a.session, a.key_material)),
            }
        } else {
            let session = self
                .session
                .as_ref()
                .expect("plain message before any session");
            session
                .decrypt(&message.bytes, rng)
                .map(|d| (d.session, d.key_material))
        }
    }
}

pub fn header_of(version: Version, bytes: &[u8], is_key_exchange: bool) -> omemo::MessageHeader {
    let inner = if is_key_exchange {
        KeyExchange::parse(version, bytes).unwrap().message
    } else {
        bytes.to_vec()
    };
    RatchetMessage::parse(version, &inner).unwrap().header
}
