//! The session manager a chat client drives: the own device and its keys, sessions per
//! (JID, device, version), device lists, trust, and the lifecycle rules of OMEMO.md §7–8.
//!
//! Sans-IO in the style of matrix-sdk-crypto's `OlmMachine`: the client feeds it what arrived
//! (device lists, bundles it fetched, received key elements), with the time and an RNG, and
//! gets back output, [`Changes`] to persist atomically before sending anything, and
//! [`FollowUp`]s (publish, fetch, send an empty message). Failed operations change nothing but
//! bookkeeping, which is reported in their changes too.

mod decrypt;
mod device_lists;
mod encrypt;
pub mod error;
mod fingerprint;
mod follow_up;
mod open;
mod own_device;
mod records;
mod state;
mod trust;

use std::collections::BTreeSet;

use rand_core::CryptoRngCore;
use serde::{Deserialize, Serialize};

pub use decrypt::{
    DecryptOutcome, DecryptedMessage, IncomingMessage, Plaintext, ReceivedKey, Sender,
};
pub use device_lists::Recipient;
pub use encrypt::{
    EmptyMessage, EncryptOutcome, EncryptRequest, FetchedBundle, KeyElement, OutgoingMessage,
};
pub use fingerprint::{
    parse_verification_uri, verification_uri, Fingerprint, VerificationUriError,
};
pub use follow_up::{EmptyMessageReason, FollowUp, Update};
pub use own_device::{OwnDevice, RetiredSignedPreKey};
pub use records::{
    DeviceAddress, DeviceEntry, DeviceList, SessionAddress, SessionRecord, StoredPreKey, Trust,
    TrustRecord,
};
pub use state::{Changes, MachineState};
pub use trust::DeviceInfo;

use crate::identity::IdentityKeyPair;
use crate::prekeys::{Bundle, OneTimePreKey, SignedPreKey};
use crate::version::Version;
use follow_up::push_unique;
use state::Touched;

const DAY_MS: u64 = 24 * 60 * 60 * 1000;

/// Policy knobs. Not persisted: a restored machine takes the configuration of the running code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Config {
    /// One-time prekeys kept published (XEP: at least 25 for OMEMO 2, ~100 usual).
    pub prekey_count: usize,
    /// Age at which the signed prekey is replaced (python-omemo: weekly).
    pub signed_prekey_rotation_ms: u64,
    /// How long a replaced signed prekey still accepts key exchanges (peers may have fetched
    /// the old bundle; archived messages may use it).
    pub signed_prekey_grace_ms: u64,
    /// Earlier sessions kept per device and version for trial decryption.
    pub max_archived_sessions: usize,
    /// A new sending chain of the peer that reaches this counter gets an empty message in
    /// answer (XEP-0384: 53).
    pub heartbeat_threshold: u32,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            prekey_count: 100,
            signed_prekey_rotation_ms: 7 * DAY_MS,
            signed_prekey_grace_ms: 28 * DAY_MS,
            max_archived_sessions: 5,
            heartbeat_threshold: 53,
        }
    }
}

/// Keys of a device created elsewhere (an import, or recorded test keys).
#[derive(Debug, Clone)]
pub struct ImportedDevice {
    pub jid: String,
    pub device_id: u32,
    pub identity: IdentityKeyPair,
    pub signed_prekey: SignedPreKey,
    pub prekeys: Vec<OneTimePreKey>,
    pub created_at_ms: u64,
}

/// The OMEMO state of one account on this device, for both protocol versions.
#[derive(Debug, Clone)]
pub struct OmemoMachine {
    state: MachineState,
    config: Config,
    /// Devices already asked to rebuild a session while this machine is loaded (at most one
    /// automatic attempt per device and version and run, as Conversations does).
    rebuilds_requested: BTreeSet<SessionAddress>,
}

impl OmemoMachine {
    /// A new device for `own_jid` (a bare JID) with a fresh identity, a device id not in
    /// `taken_device_ids` (the own device lists, if already fetched) and a full set of
    /// prekeys. The changes hold the whole state; the follow-ups ask to publish both bundles.
    pub fn create(
        own_jid: &str,
        taken_device_ids: &[u32],
        config: Config,
        now: u64,
        rng: &mut impl CryptoRngCore,
    ) -> (Self, Update) {
        let own_device = OwnDevice::generate(own_jid, taken_device_ids, now, rng);
        Self::start(own_device, Vec::new(), config, rng)
    }

    /// A machine for a device whose keys exist already. Prekey ids continue after the highest
    /// imported one; the prekeys are topped up to the configured count.
    pub fn import(
        device: ImportedDevice,
        config: Config,
        rng: &mut impl CryptoRngCore,
    ) -> (Self, Update) {
        let mut own_device = OwnDevice::with_keys(
            &device.jid,
            device.device_id,
            device.identity,
            device.signed_prekey,
            device.created_at_ms,
        );
        let highest = device.prekeys.iter().map(|prekey| prekey.id).max();
        own_device.next_prekey_id = highest.map_or(1, |id| id.saturating_add(1));
        Self::start(own_device, device.prekeys, config, rng)
    }

    fn start(
        own_device: OwnDevice,
        prekeys: Vec<OneTimePreKey>,
        config: Config,
        rng: &mut impl CryptoRngCore,
    ) -> (Self, Update) {
        let stored = prekeys.into_iter().map(|prekey| StoredPreKey {
            prekey,
            consumed_at_ms: None,
        });
        let state = MachineState::from_records(own_device, stored, [], [], []);
        let mut machine = Self::from_state(state, config);
        let mut touched = Touched {
            own_device: true,
            prekeys: machine.state.prekeys.keys().copied().collect(),
            ..Touched::default()
        };
        machine
            .state
            .top_up_prekeys(machine.config.prekey_count, rng, &mut touched);
        let follow_ups = Version::ALL
            .iter()
            .map(|version| FollowUp::PublishBundle { version: *version })
            .collect();
        let update = machine.finish(&touched, follow_ups);
        (machine, update)
    }

    /// A machine from its persisted state.
    pub fn from_state(state: MachineState, config: Config) -> Self {
        OmemoMachine {
            state,
            config,
            rebuilds_requested: BTreeSet::new(),
        }
    }

    pub fn state(&self) -> &MachineState {
        &self.state
    }

    pub fn into_state(self) -> MachineState {
        self.state
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    pub fn own_device(&self) -> &OwnDevice {
        &self.state.own_device
    }

    pub fn own_jid(&self) -> &str {
        &self.state.own_device.jid
    }

    pub fn device_id(&self) -> u32 {
        self.state.own_device.device_id
    }

    pub fn fingerprint(&self) -> Fingerprint {
        self.state.own_device.fingerprint()
    }

    /// The bundle to publish for `version` (the XML layer serialises it).
    pub fn bundle(&self, version: Version) -> Bundle {
        self.state.bundle(version)
    }

    /// The sessions with one device in one version.
    pub fn session(&self, address: &SessionAddress) -> Option<&SessionRecord> {
        self.state.sessions.get(address)
    }

    /// Periodic upkeep (call on login and, say, daily): replaces the signed prekey when due,
    /// forgets replaced ones after the grace period, tops up one-time prekeys.
    pub fn maintain_keys(&mut self, now: u64, rng: &mut impl CryptoRngCore) -> Update {
        let mut touched = Touched::default();
        let rotated = self
            .state
            .maintain_signed_prekeys(&self.config, now, rng, &mut touched);
        let refilled = self
            .state
            .top_up_prekeys(self.config.prekey_count, rng, &mut touched);
        let mut follow_ups = Vec::new();
        if rotated || refilled {
            publish_bundles(&mut follow_ups);
        }
        self.finish(&touched, follow_ups)
    }

    /// Starts catching up on history (MAM, offline messages): one-time prekeys used from now
    /// on are kept until [`Self::end_catch_up`], and empty messages and session rebuilds wait
    /// for it, so that replies go out once and older archived messages still decrypt.
    pub fn begin_catch_up(&mut self) -> Changes {
        let mut touched = Touched::default();
        if !self.state.own_device.catching_up {
            self.state.own_device.catching_up = true;
            touched.own_device = true;
        }
        self.state.changes_for(&touched)
    }

    /// Ends the catch-up: deletes the prekeys it used, tops prekeys up and releases the
    /// follow-ups held back.
    pub fn end_catch_up(&mut self, rng: &mut impl CryptoRngCore) -> Update {
        let mut touched = Touched::default();
        let own = &mut self.state.own_device;
        let mut follow_ups = std::mem::take(&mut own.deferred);
        if own.catching_up || !follow_ups.is_empty() {
            own.catching_up = false;
            touched.own_device = true;
        }
        self.state.delete_consumed_prekeys(&mut touched);
        if self
            .state
            .top_up_prekeys(self.config.prekey_count, rng, &mut touched)
        {
            publish_bundles(&mut follow_ups);
        }
        self.finish(&touched, follow_ups)
    }

    /// Forgets the sessions with a device (the XEP's manual "reset session"): the next message
    /// to it starts a new session from its bundle, and a key exchange from it with a changed
    /// identity is accepted again.
    pub fn reset_session(&mut self, address: &SessionAddress) -> Changes {
        let mut touched = Touched::default();
        if self.state.sessions.remove(address).is_some() {
            touched.sessions.insert(address.clone());
        }
        self.rebuilds_requested.remove(address);
        self.state.changes_for(&touched)
    }

    /// Lists `follow_up`, or holds it back while catching up if it sends something.
    fn queue(
        &mut self,
        follow_up: FollowUp,
        follow_ups: &mut Vec<FollowUp>,
        touched: &mut Touched,
    ) {
        let own = &mut self.state.own_device;
        if own.catching_up && follow_up.waits_for_catch_up() {
            push_unique(&mut own.deferred, follow_up);
            touched.own_device = true;
        } else {
            push_unique(follow_ups, follow_up);
        }
    }

    fn finish(&self, touched: &Touched, follow_ups: Vec<FollowUp>) -> Update {
        Update {
            changes: self.state.changes_for(touched),
            follow_ups,
        }
    }
}

fn publish_bundles(follow_ups: &mut Vec<FollowUp>) {
    for version in Version::ALL {
        push_unique(follow_ups, FollowUp::PublishBundle { version });
    }
}
