//! Everything the machine persists, and the [`Changes`] each call reports so a store can save
//! exactly what moved, atomically, before anything is sent.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::fingerprint::Fingerprint;
use super::own_device::OwnDevice;
use super::records::{
    DeviceAddress, DeviceList, SessionAddress, SessionRecord, StoredPreKey, TrustRecord,
};
use crate::version::Version;

pub(crate) type TrustKey = (DeviceAddress, Fingerprint);
pub(crate) type DeviceListKey = (String, Version);

/// The complete persistent state of an [`super::OmemoMachine`]. Serialise it as one value, or
/// keep its records in separate tables and rebuild it with [`MachineState::from_records`].
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MachineState {
    pub(crate) own_device: OwnDevice,
    #[serde(with = "crate::serde_pairs")]
    pub(crate) prekeys: BTreeMap<u32, StoredPreKey>,
    #[serde(with = "crate::serde_pairs")]
    pub(crate) sessions: BTreeMap<SessionAddress, SessionRecord>,
    #[serde(with = "crate::serde_pairs")]
    pub(crate) device_lists: BTreeMap<DeviceListKey, DeviceList>,
    #[serde(with = "crate::serde_pairs")]
    pub(crate) trust: BTreeMap<TrustKey, TrustRecord>,
}

/// What a call changed: records to write (insert or replace) and keys to delete. Applying it
/// to the state saved before the call gives the state after it ([`MachineState::apply`]).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Changes {
    /// The own device record (identity, signed prekeys, id counters, catch-up state), when it
    /// changed.
    pub own_device: Option<OwnDevice>,
    /// One-time prekeys added or changed.
    pub prekeys: Vec<StoredPreKey>,
    /// One-time prekeys to delete, by id.
    pub removed_prekeys: Vec<u32>,
    pub sessions: Vec<SessionRecord>,
    pub removed_sessions: Vec<SessionAddress>,
    pub device_lists: Vec<DeviceList>,
    pub trust: Vec<TrustRecord>,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.own_device.is_none()
            && self.prekeys.is_empty()
            && self.removed_prekeys.is_empty()
            && self.sessions.is_empty()
            && self.removed_sessions.is_empty()
            && self.device_lists.is_empty()
            && self.trust.is_empty()
    }
}

impl MachineState {
    /// Rebuilds the state from records saved separately (the own device record and every
    /// prekey, session, device list and trust record).
    pub fn from_records(
        own_device: OwnDevice,
        prekeys: impl IntoIterator<Item = StoredPreKey>,
        sessions: impl IntoIterator<Item = SessionRecord>,
        device_lists: impl IntoIterator<Item = DeviceList>,
        trust: impl IntoIterator<Item = TrustRecord>,
    ) -> Self {
        let mut state = MachineState {
            own_device,
            prekeys: BTreeMap::new(),
            sessions: BTreeMap::new(),
            device_lists: BTreeMap::new(),
            trust: BTreeMap::new(),
        };
        state.insert_records(prekeys, sessions, device_lists, trust);
        state
    }

    /// Applies the changes of one call (what a store does with them).
    pub fn apply(&mut self, changes: &Changes) {
        if let Some(own_device) = &changes.own_device {
            self.own_device = own_device.clone();
        }
        for id in &changes.removed_prekeys {
            self.prekeys.remove(id);
        }
        for address in &changes.removed_sessions {
            self.sessions.remove(address);
        }
        self.insert_records(
            changes.prekeys.iter().cloned(),
            changes.sessions.iter().cloned(),
            changes.device_lists.iter().cloned(),
            changes.trust.iter().cloned(),
        );
    }

    fn insert_records(
        &mut self,
        prekeys: impl IntoIterator<Item = StoredPreKey>,
        sessions: impl IntoIterator<Item = SessionRecord>,
        device_lists: impl IntoIterator<Item = DeviceList>,
        trust: impl IntoIterator<Item = TrustRecord>,
    ) {
        for prekey in prekeys {
            self.prekeys.insert(prekey.id(), prekey);
        }
        for record in sessions {
            self.sessions.insert(record.address.clone(), record);
        }
        for list in device_lists {
            self.device_lists
                .insert((list.jid.clone(), list.version), list);
        }
        for record in trust {
            self.trust
                .insert((record.device.clone(), record.fingerprint), record);
        }
    }

    pub fn own_device(&self) -> &OwnDevice {
        &self.own_device
    }

    pub fn prekeys(&self) -> impl Iterator<Item = &StoredPreKey> {
        self.prekeys.values()
    }

    pub fn sessions(&self) -> impl Iterator<Item = &SessionRecord> {
        self.sessions.values()
    }

    pub fn device_lists(&self) -> impl Iterator<Item = &DeviceList> {
        self.device_lists.values()
    }

    pub fn trust_records(&self) -> impl Iterator<Item = &TrustRecord> {
        self.trust.values()
    }

    /// The changes that write the touched records as they are now (and delete the touched
    /// ones that no longer exist).
    pub(crate) fn changes_for(&self, touched: &Touched) -> Changes {
        let mut changes = Changes {
            own_device: touched.own_device.then(|| self.own_device.clone()),
            ..Changes::default()
        };
        for id in &touched.prekeys {
            match self.prekeys.get(id) {
                Some(prekey) => changes.prekeys.push(prekey.clone()),
                None => changes.removed_prekeys.push(*id),
            }
        }
        for address in &touched.sessions {
            match self.sessions.get(address) {
                Some(record) => changes.sessions.push(record.clone()),
                None => changes.removed_sessions.push(address.clone()),
            }
        }
        changes.device_lists = touched
            .device_lists
            .iter()
            .filter_map(|key| self.device_lists.get(key).cloned())
            .collect();
        changes.trust = touched
            .trust
            .iter()
            .filter_map(|key| self.trust.get(key).cloned())
            .collect();
        changes
    }
}

/// The keys of the records a call modified, turned into [`Changes`] at its end.
#[derive(Debug, Default)]
pub(crate) struct Touched {
    pub(crate) own_device: bool,
    pub(crate) prekeys: BTreeSet<u32>,
    pub(crate) sessions: BTreeSet<SessionAddress>,
    pub(crate) device_lists: BTreeSet<DeviceListKey>,
    pub(crate) trust: BTreeSet<TrustKey>,
}
