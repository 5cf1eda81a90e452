//! Decrypting a received message and the follow-ups OMEMO asks for: answering key exchanges
//! and long chains with empty messages, deferred prekey deletion during a catch-up, and one
//! session rebuild for devices no session can read.

use std::fmt;

use rand_core::CryptoRngCore;
use zeroize::Zeroizing;

use super::error::DecryptError;
use super::fingerprint::Fingerprint;
use super::follow_up::{EmptyMessageReason, FollowUp};
use super::open::Opened;
use super::records::{DeviceAddress, SessionAddress, Trust};
use super::state::{Changes, Touched};
use super::OmemoMachine;
use crate::payload::{self, KeyMaterial};
use crate::version::Version;

/// Legacy key-transport messages carry at least a 16-byte key (OMEMO.md §3.2).
const MIN_EMPTY_KEY_MATERIAL: usize = 16;

/// One `<key>` element of a received message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceivedKey {
    /// The `rid`.
    pub device_id: u32,
    pub data: Vec<u8>,
    /// `prekey='true'` / `kex='true'` (`true` or `1`).
    pub is_key_exchange: bool,
}

/// The content of a received `<encrypted>` element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncomingMessage {
    pub version: Version,
    /// The sender's bare JID (in a MUC: the occupant's real JID).
    pub sender_jid: String,
    /// The `sid`.
    pub sender_device_id: u32,
    /// Legacy: every `<key>`. OMEMO 2: the keys under `<keys jid>` of the own bare JID.
    pub keys: Vec<ReceivedKey>,
    /// Legacy `<iv>`.
    pub iv: Option<Vec<u8>>,
    /// `<payload>`; `None` for an empty message.
    pub payload: Option<Vec<u8>>,
    /// When it was sent, if known (delay or archive stamp), to explain messages older than
    /// this device.
    pub sent_at_ms: Option<u64>,
}

/// Decrypted message content, zeroized on drop and never printed by `Debug`.
#[derive(Clone, PartialEq, Eq)]
pub struct Plaintext(Zeroizing<Vec<u8>>);

impl Plaintext {
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The content as text (legacy: the body; OMEMO 2: the XEP-0420 envelope).
    pub fn as_str(&self) -> Result<&str, std::str::Utf8Error> {
        std::str::from_utf8(&self.0)
    }
}

impl fmt::Debug for Plaintext {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Plaintext(<{} bytes redacted>)", self.0.len())
    }
}

/// Who sent a message and how far their key is trusted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sender {
    pub device: DeviceAddress,
    pub fingerprint: Fingerprint,
    /// `Undecided` keys decrypt; the UI should mark their messages.
    pub trust: Trust,
}

#[derive(Debug)]
pub struct DecryptedMessage {
    /// `None` for an empty message (key-exchange answer, heartbeat, key transport).
    pub plaintext: Option<Plaintext>,
    pub sender: Sender,
}

/// The result of [`OmemoMachine::decrypt`]: persist `changes` and act on `follow_ups`
/// whatever `result` is.
#[derive(Debug)]
pub struct DecryptOutcome {
    pub result: Result<DecryptedMessage, DecryptError>,
    pub changes: Changes,
    pub follow_ups: Vec<FollowUp>,
}

impl OmemoMachine {
    /// Decrypts a received message. Nothing changes unless it decrypts (ratchet and payload);
    /// the changes of a failure are bookkeeping only (held-back follow-ups).
    pub fn decrypt(
        &mut self,
        message: &IncomingMessage,
        now: u64,
        rng: &mut impl CryptoRngCore,
    ) -> DecryptOutcome {
        let mut touched = Touched::default();
        let mut follow_ups = Vec::new();
        let result = self.decrypt_message(message, now, rng, &mut touched, &mut follow_ups);
        DecryptOutcome {
            result,
            changes: self.state.changes_for(&touched),
            follow_ups,
        }
    }

    fn decrypt_message(
        &mut self,
        message: &IncomingMessage,
        now: u64,
        rng: &mut impl CryptoRngCore,
        touched: &mut Touched,
        follow_ups: &mut Vec<FollowUp>,
    ) -> Result<DecryptedMessage, DecryptError> {
        let own_device_id = self.device_id();
        let sender = DeviceAddress::new(message.sender_jid.as_str(), message.sender_device_id);
        if sender.jid == self.own_jid() && sender.device_id == own_device_id {
            return Err(DecryptError::OwnMessage);
        }
        self.check_sender_listed(&sender, message.version, follow_ups);
        let mut first_error = None;
        // Legacy keys are not grouped by JID, so in a MUC two members' devices may share an
        // id: try every key addressed to this device id.
        for key in message
            .keys
            .iter()
            .filter(|key| key.device_id == own_device_id)
        {
            let opened = self
                .open_key(
                    &sender,
                    message.version,
                    &key.data,
                    key.is_key_exchange,
                    now,
                    rng,
                )
                .and_then(|opened| {
                    let plaintext = open_payload(message, &opened.key_material)?;
                    Ok((opened, plaintext))
                });
            match opened {
                Ok((opened, plaintext)) => {
                    return Ok(self.commit(opened, plaintext, now, rng, touched, follow_ups))
                }
                Err(error) => {
                    first_error.get_or_insert(error);
                }
            }
        }
        let error = first_error.unwrap_or_else(|| self.not_for_this_device(message));
        if matches!(
            error,
            DecryptError::NoSession { .. }
                | DecryptError::UnknownPreKey { .. }
                | DecryptError::UnknownSignedPreKey { .. }
        ) {
            self.request_rebuild(
                SessionAddress {
                    device: sender,
                    version: message.version,
                },
                touched,
                follow_ups,
            );
        }
        Err(error)
    }

    /// Stores what an opened key changed and decides the follow-ups.
    fn commit(
        &mut self,
        opened: Opened,
        plaintext: Option<Plaintext>,
        now: u64,
        rng: &mut impl CryptoRngCore,
        touched: &mut Touched,
        follow_ups: &mut Vec<FollowUp>,
    ) -> DecryptedMessage {
        let Opened {
            address,
            mut record,
            header,
            trust,
            trust_is_new,
            started,
            ..
        } = opened;
        let sender = Sender {
            device: address.device.clone(),
            fingerprint: trust.fingerprint,
            trust: trust.trust,
        };
        if trust_is_new {
            self.store_trust_record(trust, touched);
        }
        let answer = if started.is_some() {
            Some(EmptyMessageReason::KeyExchangeAnswered)
        } else if header.counter >= self.config.heartbeat_threshold
            && record.answered_ratchet_key != Some(header.ratchet_key)
        {
            Some(EmptyMessageReason::Heartbeat)
        } else {
            None
        };
        if let Some(reason) = answer {
            record.answered_ratchet_key = Some(header.ratchet_key);
            let follow_up = FollowUp::SendEmptyMessage {
                device: address.device.clone(),
                version: address.version,
                reason,
            };
            self.queue(follow_up, follow_ups, touched);
        }
        self.state.sessions.insert(address.clone(), record);
        touched.sessions.insert(address);
        if let Some(prekey_id) = started.and_then(|started| started.consumed_prekey_id) {
            let unpublished = self.state.consume_prekey(prekey_id, now, touched);
            let refilled = self
                .state
                .top_up_prekeys(self.config.prekey_count, rng, touched);
            if unpublished || refilled {
                super::publish_bundles(follow_ups);
            }
        }
        DecryptedMessage { plaintext, sender }
    }

    fn not_for_this_device(&self, message: &IncomingMessage) -> DecryptError {
        let created = self.state.own_device.created_at_ms;
        match message.sent_at_ms {
            Some(sent_at_ms) if sent_at_ms < created => DecryptError::SentBeforeThisDeviceExisted {
                sent_at_ms,
                device_created_at_ms: created,
            },
            _ => DecryptError::NotForThisDevice {
                device_id: self.device_id(),
            },
        }
    }

    /// Asks once per device, version and run to rebuild the session (XEP-0384: a device
    /// whose messages cannot be read gets a new session and an empty message).
    fn request_rebuild(
        &mut self,
        address: SessionAddress,
        touched: &mut Touched,
        follow_ups: &mut Vec<FollowUp>,
    ) {
        if self.rebuilds_requested.insert(address.clone()) {
            let follow_up = FollowUp::RebuildSession {
                device: address.device,
                version: address.version,
            };
            self.queue(follow_up, follow_ups, touched);
        }
    }
}

/// Decrypts the payload with the key material from the ratchet; no payload means an empty
/// message.
fn open_payload(
    message: &IncomingMessage,
    key_material: &KeyMaterial,
) -> Result<Option<Plaintext>, DecryptError> {
    let material = key_material.as_bytes();
    let plaintext = match (message.version, &message.payload) {
        (Version::Legacy, None) if material.len() < MIN_EMPTY_KEY_MATERIAL => {
            return Err(DecryptError::KeyMaterialTooShort {
                minimum: MIN_EMPTY_KEY_MATERIAL,
                actual: material.len(),
            })
        }
        (_, None) => return Ok(None),
        (Version::Legacy, Some(ciphertext)) => {
            let iv = message.iv.as_deref().ok_or(DecryptError::MissingIv)?;
            payload::legacy::decrypt(material, iv, ciphertext)
        }
        (Version::Omemo2, Some(ciphertext)) => payload::omemo2::decrypt(material, ciphertext),
    };
    plaintext
        .map(|bytes| Some(Plaintext(bytes)))
        .map_err(DecryptError::from_payload)
}
