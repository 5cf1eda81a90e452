//! The OMEMO side of private groups: getting the keys of several people ready at once (device
//! lists fetched by real JID, contact or not, then bundles), choosing the version most of them
//! can read, and saying for each member whether they will be able to read what is sent.

use chat_store::{DeviceTrouble, Message, Millis, OmemoUnavailable, Store};
use omemo::Version;

use super::BundleFetch;
use crate::client::Client;

/// Whether a message for several people can be encrypted now.
pub(crate) enum KeysRoute {
    Ready(Version),
    /// Device lists or bundles are on their way.
    Wait,
    /// This device cannot encrypt (no keys, or another tab holds them).
    Unavailable(OmemoUnavailable),
}

/// Whether one member will be able to read an encrypted group message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReaderStatus {
    /// Their device lists or keys are still being fetched.
    Checking,
    Ready,
    /// They published no OMEMO device: no client of theirs has OMEMO on.
    NoDevices,
    /// Their devices are listed but no key could be fetched (the reason; `None`: unknown).
    Unreachable(Option<DeviceTrouble>),
    /// Every key of theirs is distrusted or waits for a decision.
    Untrusted,
}

impl<S: Store> Client<S> {
    /// Fetches what encrypting for `peers` (and the account's other devices) needs and says
    /// whether it is there. The version is the one the most peers have devices for, OMEMO 2 on
    /// a tie, like a 1:1 chat prefers OMEMO 2.
    pub(crate) fn prepare_keys_for(&mut self, peers: &[String], now: Millis) -> KeysRoute {
        if let Some(why) = self.omemo_unavailable_reason() {
            return KeysRoute::Unavailable(why);
        }
        let Some(own) = self.own_bare().map(|j| j.to_string()) else {
            return KeysRoute::Wait;
        };
        for jid in peers.iter().chain(std::iter::once(&own)) {
            for version in [Version::Legacy, Version::Omemo2] {
                self.fetch_device_list(jid, version, now);
            }
        }
        if peers
            .iter()
            .chain(std::iter::once(&own))
            .any(|jid| !self.device_lists_known(jid))
        {
            return KeysRoute::Wait;
        }
        let Some(machine) = self.omemo.machine.as_ref() else {
            return KeysRoute::Unavailable(OmemoUnavailable::KeysNotReady);
        };
        let covered = |version: Version| {
            peers
                .iter()
                .filter(|peer| !machine.recipient(peer, version).devices.is_empty())
                .count()
        };
        let version = if covered(Version::Legacy) > covered(Version::Omemo2) {
            Version::Legacy
        } else {
            Version::Omemo2
        };
        let recipients: Vec<omemo::Recipient> = peers
            .iter()
            .map(|peer| machine.recipient(peer, version))
            .collect();
        if self.fetch_missing_bundles(&recipients, version, now) {
            KeysRoute::Wait
        } else {
            KeysRoute::Ready(version)
        }
    }

    /// Forgets `jid`'s device lists fetched on this stream, so the next use fetches them
    /// again: without a presence subscription no update of them is pushed to us.
    pub(crate) fn refetch_device_lists(&mut self, jid: &str) {
        for version in [Version::Legacy, Version::Omemo2] {
            let key = (jid.to_owned(), version);
            if self.omemo.lists.get(&key) == Some(&true) {
                self.omemo.lists.remove(&key);
            }
        }
    }

    /// Keeps `message` until the keys it waits for arrive (then it is routed again).
    pub(crate) fn wait_for_keys(&mut self, message: Message) {
        self.omemo.waiting.retain(|m| m.id != message.id);
        self.omemo.waiting.push(message);
    }

    /// Whether `jid` could read an encrypted message now, as far as this stream knows.
    pub(crate) fn reader_status(&self, jid: &str) -> ReaderStatus {
        if !self.device_lists_known(jid) {
            return ReaderStatus::Checking;
        }
        let Some(machine) = self.omemo.machine.as_ref() else {
            return ReaderStatus::Checking;
        };
        let infos = machine.devices(jid);
        let mut listed = false;
        let mut untrusted = false;
        let mut unreachable = None;
        let mut checking = false;
        for version in [Version::Omemo2, Version::Legacy] {
            let recipient = machine.recipient(jid, version);
            let missing = machine.missing_bundles(version, std::slice::from_ref(&recipient), &[]);
            for device_id in recipient.devices {
                listed = true;
                let trusted = infos
                    .iter()
                    .find(|info| info.device.device_id == device_id)
                    .and_then(|info| info.current_key.as_ref())
                    .is_none_or(|key| key.trust.allows_sending());
                let device = omemo::DeviceAddress::new(jid, device_id);
                let reachable = !missing.contains(&device)
                    || match self.omemo.bundles.get(&(device.clone(), version)) {
                        Some(BundleFetch::Ready(_)) => true,
                        Some(BundleFetch::Failed(why)) => {
                            unreachable.get_or_insert_with(|| why.clone());
                            false
                        }
                        Some(BundleFetch::Waiting) | None => {
                            checking = true;
                            false
                        }
                    };
                match (reachable, trusted) {
                    (true, true) => return ReaderStatus::Ready,
                    (true, false) => untrusted = true,
                    (false, _) => {}
                }
            }
        }
        if !listed {
            ReaderStatus::NoDevices
        } else if untrusted {
            ReaderStatus::Untrusted
        } else if checking {
            ReaderStatus::Checking
        } else {
            ReaderStatus::Unreachable(unreachable)
        }
    }
}
