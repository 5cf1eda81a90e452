//! Trust per device key, with blind trust before verification (BTBV): while the user has
//! verified none of an account's keys, its new keys are trusted automatically; once one is
//! verified, new keys wait for a decision. The own account is treated the same way.

use serde::{Deserialize, Serialize};

use super::error::TrustError;
use super::fingerprint::Fingerprint;
use super::records::{DeviceAddress, SessionAddress, Trust, TrustRecord};
use super::state::{Changes, Touched};
use super::OmemoMachine;
use crate::version::Version;

/// What a UI shows about one device of an account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceInfo {
    pub device: DeviceAddress,
    /// The versions whose device list currently shows it.
    pub active_in: Vec<Version>,
    /// The versions it has a session in.
    pub sessions_in: Vec<Version>,
    /// The key in use: that of its current session, else the last one seen.
    pub current_key: Option<TrustRecord>,
    /// Every key it has shown, oldest first.
    pub keys: Vec<TrustRecord>,
}

impl OmemoMachine {
    /// The trust in one key of one device, if the key was seen.
    pub fn trust(&self, device: &DeviceAddress, fingerprint: &Fingerprint) -> Option<Trust> {
        self.state
            .trust
            .get(&(device.clone(), *fingerprint))
            .map(|record| record.trust)
    }

    /// Records the user's decision about a key. The fingerprint names the key the user looked
    /// at; a key never seen can only be marked verified (a scanned QR code ahead of contact).
    pub fn set_trust(
        &mut self,
        device: &DeviceAddress,
        fingerprint: &Fingerprint,
        trust: Trust,
        now: u64,
    ) -> Result<Changes, TrustError> {
        let key = (device.clone(), *fingerprint);
        match self.state.trust.get_mut(&key) {
            Some(record) => {
                if record.trust == trust {
                    return Ok(Changes::default());
                }
                record.trust = trust;
                record.changed_at_ms = now;
            }
            None if trust == Trust::Verified => {
                let record = TrustRecord {
                    device: device.clone(),
                    fingerprint: *fingerprint,
                    trust,
                    first_seen_ms: now,
                    changed_at_ms: now,
                };
                self.state.trust.insert(key.clone(), record);
            }
            None => {
                return Err(TrustError::UnknownKey {
                    device: device.clone(),
                    fingerprint: *fingerprint,
                })
            }
        }
        let mut touched = Touched::default();
        touched.trust.insert(key);
        Ok(self.state.changes_for(&touched))
    }

    /// Every device of `jid` known from its device lists, sessions or keys.
    pub fn devices(&self, jid: &str) -> Vec<DeviceInfo> {
        let mut ids: Vec<u32> = self
            .state
            .device_lists
            .values()
            .filter(|list| list.jid == jid)
            .flat_map(|list| list.devices.keys().copied())
            .chain(
                self.state
                    .trust
                    .keys()
                    .filter(|(device, _)| device.jid == jid)
                    .map(|(device, _)| device.device_id),
            )
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids.into_iter()
            .map(|device_id| self.device_info(DeviceAddress::new(jid, device_id)))
            .collect()
    }

    fn device_info(&self, device: DeviceAddress) -> DeviceInfo {
        let active_in = Version::ALL
            .into_iter()
            .filter(|version| {
                self.device_list(&device.jid, *version)
                    .is_some_and(|list| list.is_active(device.device_id))
            })
            .collect();
        let sessions: Vec<(Version, Option<Fingerprint>)> = Version::ALL
            .into_iter()
            .filter_map(|version| {
                let address = SessionAddress {
                    device: device.clone(),
                    version,
                };
                self.state.sessions.get(&address).map(|record| {
                    let fingerprint = Fingerprint::of(record.current.remote_identity()).ok();
                    (version, fingerprint)
                })
            })
            .collect();
        let mut keys: Vec<TrustRecord> = self
            .state
            .trust
            .values()
            .filter(|record| record.device == device)
            .cloned()
            .collect();
        keys.sort_by_key(|record| record.first_seen_ms);
        let in_session = sessions
            .iter()
            .rev()
            .find_map(|(_, fingerprint)| *fingerprint);
        let current_key = in_session
            .and_then(|fingerprint| keys.iter().find(|record| record.fingerprint == fingerprint))
            .or_else(|| keys.last())
            .cloned();
        DeviceInfo {
            device,
            active_in,
            sessions_in: sessions.iter().map(|(version, _)| *version).collect(),
            current_key,
            keys,
        }
    }

    /// The trust record of a key, created under BTBV when the key is new. Not stored: the
    /// caller stores it once the key has proven itself (a verified bundle or a decrypted
    /// key exchange).
    pub(crate) fn trust_record(
        &self,
        device: &DeviceAddress,
        fingerprint: &Fingerprint,
        now: u64,
    ) -> (TrustRecord, bool) {
        if let Some(record) = self.state.trust.get(&(device.clone(), *fingerprint)) {
            return (record.clone(), false);
        }
        let trust = if self.has_verified_key(&device.jid) {
            Trust::Undecided
        } else {
            Trust::Trusted
        };
        let record = TrustRecord {
            device: device.clone(),
            fingerprint: *fingerprint,
            trust,
            first_seen_ms: now,
            changed_at_ms: now,
        };
        (record, true)
    }

    pub(crate) fn store_trust_record(&mut self, record: TrustRecord, touched: &mut Touched) {
        let key = (record.device.clone(), record.fingerprint);
        self.state.trust.insert(key.clone(), record);
        touched.trust.insert(key);
    }

    fn has_verified_key(&self, jid: &str) -> bool {
        self.state
            .trust
            .values()
            .any(|record| record.device.jid == jid && record.trust == Trust::Verified)
    }
}
