//! The Double Ratchet key schedule (no encryption or wire format here: see `session`).
//!
//! Received chains are kept like libsignal does (the current one and a few previous ones, with
//! their chain keys), so late messages of an earlier chain still decrypt without trusting the
//! sender's `previousCounter`, whose meaning differs between implementations. Keys skipped over
//! are stored, bounded, oldest evicted first.

use std::collections::VecDeque;

use rand_core::CryptoRngCore;
use serde::{Deserialize, Serialize};

use crate::error::SessionError;
use crate::kdf;
use crate::keys::{PrivateKey, PublicKey, SecretKey};
use crate::version::Version;

/// At most this many message keys are derived ahead for one incoming message (XEP-0384).
pub const MAX_SKIP: u32 = 1000;
/// At most this many skipped message keys are kept per session; the oldest go first.
pub const MAX_STORED_SKIPPED_KEYS: usize = 1000;
/// Receiving chains kept per session: the current one and four previous ones (as libsignal).
pub const MAX_RECEIVING_CHAINS: usize = 5;

/// The public part of a ratchet message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MessageHeader {
    pub ratchet_key: PublicKey,
    pub counter: u32,
    /// Messages sent in the sender's previous chain. Transmitted, never relied upon.
    pub previous_counter: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct SendingChain {
    key: SecretKey,
    index: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct ReceivingChain {
    remote: PublicKey,
    key: SecretKey,
    index: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct SkippedKey {
    remote: PublicKey,
    counter: u32,
    seed: SecretKey,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Ratchet {
    version: Version,
    root_key: SecretKey,
    own_key: PrivateKey,
    own_public: PublicKey,
    sending: Option<SendingChain>,
    previous_sending_count: u32,
    /// Newest first.
    receiving: VecDeque<ReceivingChain>,
    skipped: VecDeque<SkippedKey>,
}

impl Ratchet {
    /// The initiator ratchets once against the responder's signed prekey right away.
    pub(crate) fn initiator(
        version: Version,
        root_key: SecretKey,
        own_key: PrivateKey,
        their_signed_prekey: &PublicKey,
    ) -> Result<Self, SessionError> {
        let dh = own_key.diffie_hellman(their_signed_prekey, "signed prekey")?;
        let (root_key, chain_key) = kdf::root_step(version, &root_key, &dh);
        Ok(Ratchet {
            version,
            root_key,
            own_public: own_key.public_key(),
            own_key,
            sending: Some(SendingChain {
                key: chain_key,
                index: 0,
            }),
            previous_sending_count: 0,
            receiving: VecDeque::new(),
            skipped: VecDeque::new(),
        })
    }

    /// The responder starts with its signed prekey as ratchet key and no chains; the first
    /// received message performs the DH step.
    pub(crate) fn responder(
        version: Version,
        root_key: SecretKey,
        signed_prekey: PrivateKey,
    ) -> Self {
        Ratchet {
            version,
            root_key,
            own_public: signed_prekey.public_key(),
            own_key: signed_prekey,
            sending: None,
            previous_sending_count: 0,
            receiving: VecDeque::new(),
            skipped: VecDeque::new(),
        }
    }

    pub(crate) fn can_send(&self) -> bool {
        self.sending.is_some()
    }

    /// Advances the sending chain: the header to transmit and the message key seed.
    pub(crate) fn next_sending_key(&mut self) -> Result<(MessageHeader, SecretKey), SessionError> {
        let chain = self.sending.as_mut().ok_or(SessionError::NoSendingChain)?;
        let header = MessageHeader {
            ratchet_key: self.own_public,
            counter: chain.index,
            previous_counter: self.previous_sending_count,
        };
        let next_index = chain
            .index
            .checked_add(1)
            .ok_or(SessionError::CounterOverflow)?;
        let (seed, next_key) = kdf::chain_step(&chain.key);
        chain.key = next_key;
        chain.index = next_index;
        Ok((header, seed))
    }

    /// The message key seed for a received header, performing a DH step if the sender's
    /// ratchet key is new. Mutates `self`: callers work on a copy and keep it only after the
    /// message authenticated.
    pub(crate) fn receiving_key(
        &mut self,
        header: &MessageHeader,
        rng: &mut impl CryptoRngCore,
    ) -> Result<SecretKey, SessionError> {
        let Ratchet {
            receiving, skipped, ..
        } = self;
        if let Some(chain) = receiving
            .iter_mut()
            .find(|chain| chain.remote == header.ratchet_key)
        {
            return advance(chain, skipped, header.counter);
        }
        let mut chain = self.dh_step(header.ratchet_key, rng)?;
        let seed = advance(&mut chain, &mut self.skipped, header.counter)?;
        self.receiving.push_front(chain);
        self.receiving.truncate(MAX_RECEIVING_CHAINS);
        Ok(seed)
    }

    /// Two root steps: one for the new receiving chain (returned, not yet stored), one for a
    /// new sending chain under a fresh own ratchet key.
    fn dh_step(
        &mut self,
        remote: PublicKey,
        rng: &mut impl CryptoRngCore,
    ) -> Result<ReceivingChain, SessionError> {
        let receive_dh = self.own_key.diffie_hellman(&remote, "ratchet key")?;
        let (root_key, receiving_key) = kdf::root_step(self.version, &self.root_key, &receive_dh);

        let new_own = PrivateKey::generate(rng);
        let send_dh = new_own.diffie_hellman(&remote, "ratchet key")?;
        let (root_key, sending_key) = kdf::root_step(self.version, &root_key, &send_dh);

        self.previous_sending_count = self.sending.as_ref().map_or(0, |chain| chain.index);
        self.sending = Some(SendingChain {
            key: sending_key,
            index: 0,
        });
        self.root_key = root_key;
        self.own_public = new_own.public_key();
        self.own_key = new_own;
        Ok(ReceivingChain {
            remote,
            key: receiving_key,
            index: 0,
        })
    }

    #[cfg(test)]
    pub(crate) fn root_key(&self) -> &SecretKey {
        &self.root_key
    }

    #[cfg(test)]
    pub(crate) fn sending_chain_key(&self) -> Option<&SecretKey> {
        self.sending.as_ref().map(|chain| &chain.key)
    }

    /// The sender ratchet key of the newest receiving chain.
    pub(crate) fn newest_remote_key(&self) -> Option<PublicKey> {
        self.receiving.front().map(|chain| chain.remote)
    }

    pub(crate) fn stored_skipped_keys(&self) -> usize {
        self.skipped.len()
    }
}

/// The message key seed for `counter` in `chain`: a stored skipped key for an earlier counter,
/// otherwise the chain advanced to `counter`, keeping the keys passed over.
fn advance(
    chain: &mut ReceivingChain,
    skipped: &mut VecDeque<SkippedKey>,
    counter: u32,
) -> Result<SecretKey, SessionError> {
    if counter < chain.index {
        let remote = chain.remote;
        return skipped
            .iter()
            .position(|key| key.remote == remote && key.counter == counter)
            .and_then(|index| skipped.remove(index))
            .map(|key| key.seed)
            .ok_or(SessionError::DuplicateMessage { counter });
    }
    let skip = counter - chain.index;
    if skip > MAX_SKIP {
        return Err(SessionError::TooManySkippedMessages {
            counter,
            skipped: u64::from(skip),
            limit: MAX_SKIP,
        });
    }
    let next_index = counter
        .checked_add(1)
        .ok_or(SessionError::CounterOverflow)?;
    while chain.index < counter {
        let (seed, next_key) = kdf::chain_step(&chain.key);
        skipped.push_back(SkippedKey {
            remote: chain.remote,
            counter: chain.index,
            seed,
        });
        chain.key = next_key;
        chain.index += 1;
    }
    let (seed, next_key) = kdf::chain_step(&chain.key);
    chain.key = next_key;
    chain.index = next_index;
    while skipped.len() > MAX_STORED_SKIPPED_KEYS {
        skipped.pop_front();
    }
    Ok(seed)
}
