//! The records a client persists: sessions, device lists and trust, each carrying its own key
//! so a store can file it without knowing anything else.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::fingerprint::Fingerprint;
use crate::keys::PublicKey;
use crate::prekeys::OneTimePreKey;
use crate::session::Session;
use crate::version::Version;

/// One device of one account: a bare JID (as the caller normalises it) and a device id.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct DeviceAddress {
    pub jid: String,
    pub device_id: u32,
}

impl DeviceAddress {
    pub fn new(jid: impl Into<String>, device_id: u32) -> Self {
        DeviceAddress {
            jid: jid.into(),
            device_id,
        }
    }
}

/// Sessions are kept per device and per version: one device may speak both.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct SessionAddress {
    pub device: DeviceAddress,
    pub version: Version,
}

/// The sessions with one device in one version.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SessionRecord {
    pub address: SessionAddress,
    /// The session new messages are encrypted with.
    pub current: Session,
    /// Earlier sessions, newest first, still tried when a message does not decrypt with the
    /// current one (both sides starting a session at the same time leaves two).
    pub archived: Vec<Session>,
    /// The peer's sending chain (by its ratchet key) that was last answered, so that a long
    /// chain triggers at most one heartbeat.
    pub answered_ratchet_key: Option<PublicKey>,
}

impl SessionRecord {
    pub(crate) fn new(address: SessionAddress, current: Session) -> Self {
        SessionRecord {
            address,
            current,
            archived: Vec::new(),
            answered_ratchet_key: None,
        }
    }

    /// Makes `session` current, archiving the previous current session.
    pub(crate) fn replace_current(&mut self, session: Session, max_archived: usize) {
        let previous = std::mem::replace(&mut self.current, session);
        self.archived.insert(0, previous);
        self.archived.truncate(max_archived);
    }

    /// Stores the next state of the session at `index` (0 = current, `n` = `archived[n - 1]`)
    /// and makes it current, as libsignal does with a state that just decrypted.
    pub(crate) fn promote(&mut self, index: usize, session: Session) {
        if index == 0 {
            self.current = session;
            return;
        }
        if let Some(position) = index.checked_sub(1).filter(|i| *i < self.archived.len()) {
            self.archived.remove(position);
            let previous = std::mem::replace(&mut self.current, session);
            self.archived.insert(0, previous);
        }
    }

    /// The current session first, then the archived ones.
    pub(crate) fn all(&self) -> impl Iterator<Item = &Session> {
        std::iter::once(&self.current).chain(self.archived.iter())
    }
}

/// A contact's (or the own account's) device list for one version, as last received.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceList {
    pub jid: String,
    pub version: Version,
    #[serde(with = "crate::serde_pairs")]
    pub devices: BTreeMap<u32, DeviceEntry>,
}

/// A device once seen in a list. Devices that leave the list become inactive: their sessions
/// and trust are kept, and they become active again if they come back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceEntry {
    pub active: bool,
    pub first_listed_ms: u64,
    /// When `active` last changed.
    pub changed_at_ms: u64,
}

impl DeviceList {
    pub(crate) fn empty(jid: &str, version: Version) -> Self {
        DeviceList {
            jid: jid.to_owned(),
            version,
            devices: BTreeMap::new(),
        }
    }

    pub fn active_ids(&self) -> impl Iterator<Item = u32> + '_ {
        self.devices
            .iter()
            .filter(|(_, entry)| entry.active)
            .map(|(id, _)| *id)
    }

    pub fn is_active(&self, device_id: u32) -> bool {
        self.devices
            .get(&device_id)
            .is_some_and(|entry| entry.active)
    }
}

/// How far a device's identity key is trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Trust {
    /// Awaiting the user's decision: messages from it decrypt (and are flagged), nothing is
    /// encrypted to it. New keys of a contact get this once the user verified one of the
    /// contact's keys.
    Undecided,
    /// Trusted without verification (blind trust before verification), or trusted by the user
    /// without comparing fingerprints.
    Trusted,
    /// The user compared fingerprints.
    Verified,
    /// The user rejected the key: it gets nothing and what it sends is refused.
    Distrusted,
}

impl Trust {
    /// Whether message content may be encrypted to a device with this trust.
    pub fn allows_sending(self) -> bool {
        matches!(self, Trust::Trusted | Trust::Verified)
    }
}

/// The trust in one identity key of one device. A device that shows up with another key
/// (same id, new key) gets a separate record: for trust it is a new device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrustRecord {
    pub device: DeviceAddress,
    pub fingerprint: Fingerprint,
    pub trust: Trust,
    pub first_seen_ms: u64,
    pub changed_at_ms: u64,
}

/// A one-time prekey of the own device. A prekey used while catching up on history stays
/// (unpublished) until the catch-up ends: older archived messages may still need it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StoredPreKey {
    pub prekey: OneTimePreKey,
    /// When a key exchange used it during a catch-up; `None` while it is published.
    pub consumed_at_ms: Option<u64>,
}

impl StoredPreKey {
    pub fn id(&self) -> u32 {
        self.prekey.id
    }

    pub fn is_published(&self) -> bool {
        self.consumed_at_ms.is_none()
    }
}
