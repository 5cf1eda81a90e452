//! Device lists (own and per contact, per version) and the recipients derived from them.

use serde::{Deserialize, Serialize};

use super::follow_up::{push_unique, FollowUp, Update};
use super::records::{DeviceAddress, DeviceEntry, DeviceList, SessionAddress};
use super::state::Touched;
use super::OmemoMachine;
use crate::version::Version;

/// The devices of one JID a message is encrypted for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recipient {
    pub jid: String,
    pub devices: Vec<u32>,
}

impl OmemoMachine {
    /// Takes in a device list fetched or pushed for `jid` (a contact or the own account).
    /// Listed devices become active, the others inactive (their sessions and trust stay).
    /// When the own list lacks this device, it is put back and the list must be published.
    pub fn receive_device_list(
        &mut self,
        jid: &str,
        version: Version,
        device_ids: &[u32],
        now: u64,
    ) -> Update {
        let own_device_id = self.device_id();
        let is_own = jid == self.own_jid();
        let key = (jid.to_owned(), version);
        let list = self
            .state
            .device_lists
            .entry(key.clone())
            .or_insert_with(|| DeviceList::empty(jid, version));
        let before = list.clone();
        for (id, entry) in list.devices.iter_mut() {
            let listed = device_ids.contains(id) || (is_own && *id == own_device_id);
            if entry.active != listed {
                entry.active = listed;
                entry.changed_at_ms = now;
            }
        }
        let mut listed = device_ids.to_vec();
        if is_own {
            listed.push(own_device_id);
        }
        for id in listed.into_iter().filter(|id| *id != 0) {
            list.devices.entry(id).or_insert(DeviceEntry {
                active: true,
                first_listed_ms: now,
                changed_at_ms: now,
            });
        }
        let mut touched = Touched::default();
        if *list != before {
            touched.device_lists.insert(key);
        }
        let mut follow_ups = Vec::new();
        if is_own && !device_ids.contains(&own_device_id) {
            follow_ups.push(FollowUp::PublishDeviceList { version });
        }
        self.finish(&touched, follow_ups)
    }

    pub fn device_list(&self, jid: &str, version: Version) -> Option<&DeviceList> {
        self.state.device_lists.get(&(jid.to_owned(), version))
    }

    /// The own device list to publish for `version`: the active devices last seen in it, and
    /// this device.
    pub fn own_device_list(&self, version: Version) -> Vec<u32> {
        let mut ids: Vec<u32> = self
            .device_list(self.own_jid(), version)
            .map(|list| list.active_ids().collect())
            .unwrap_or_default();
        if !ids.contains(&self.device_id()) {
            ids.push(self.device_id());
        }
        ids.sort_unstable();
        ids
    }

    /// The active devices of `jid` in `version` (without this device when `jid` is the own
    /// account), to encrypt for.
    pub fn recipient(&self, jid: &str, version: Version) -> Recipient {
        let is_own = jid == self.own_jid();
        let devices = self
            .device_list(jid, version)
            .map(|list| {
                list.active_ids()
                    .filter(|id| !(is_own && *id == self.device_id()))
                    .collect()
            })
            .unwrap_or_default();
        Recipient {
            jid: jid.to_owned(),
            devices,
        }
    }

    /// The own account's other active devices in `version`.
    pub fn own_other_devices(&self, version: Version) -> Vec<u32> {
        self.recipient(self.own_jid(), version).devices
    }

    /// The devices among `recipients` and `own_devices` that have no session in `version`:
    /// fetch their bundles and pass them to [`Self::encrypt`].
    pub fn missing_bundles(
        &self,
        version: Version,
        recipients: &[Recipient],
        own_devices: &[u32],
    ) -> Vec<DeviceAddress> {
        self.targets(recipients, own_devices)
            .into_iter()
            .filter(|device| {
                !self.state.sessions.contains_key(&SessionAddress {
                    device: device.clone(),
                    version,
                })
            })
            .collect()
    }

    /// Every device to encrypt for, once each, never this device.
    pub(crate) fn targets(
        &self,
        recipients: &[Recipient],
        own_devices: &[u32],
    ) -> Vec<DeviceAddress> {
        let own = Recipient {
            jid: self.own_jid().to_owned(),
            devices: own_devices.to_vec(),
        };
        let mut targets: Vec<DeviceAddress> = Vec::new();
        for recipient in recipients.iter().chain(std::iter::once(&own)) {
            for device_id in &recipient.devices {
                let device = DeviceAddress::new(recipient.jid.as_str(), *device_id);
                let is_this_device = device.jid == self.own_jid() && *device_id == self.device_id();
                if !is_this_device && !targets.contains(&device) {
                    targets.push(device);
                }
            }
        }
        targets
    }

    /// Asks for the sender's device list again when it does not show the sending device
    /// (XEP-0384: the cached list is out of date).
    pub(crate) fn check_sender_listed(
        &self,
        device: &DeviceAddress,
        version: Version,
        follow_ups: &mut Vec<FollowUp>,
    ) {
        let listed = self
            .device_list(&device.jid, version)
            .is_some_and(|list| list.is_active(device.device_id));
        if !listed {
            push_unique(
                follow_ups,
                FollowUp::RefetchDeviceList {
                    jid: device.jid.clone(),
                    version,
                },
            );
        }
    }
}
