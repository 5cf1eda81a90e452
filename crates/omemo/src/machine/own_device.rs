//! The own device: identity, signed prekeys (current and recently replaced), one-time prekeys
//! and their upkeep (top-up, rotation, deferred deletion during a catch-up).

use rand_core::CryptoRngCore;
use serde::{Deserialize, Serialize};

use super::fingerprint::Fingerprint;
use super::follow_up::FollowUp;
use super::records::StoredPreKey;
use super::state::{MachineState, Touched};
use super::Config;
use crate::identity::{generate_device_id, IdentityKeyPair};
use crate::prekeys::{Bundle, OneTimePreKey, SignedPreKey, MAX_PREKEY_ID};
use crate::version::Version;

/// The own device's account record. One device id and one identity serve both versions, so
/// the fingerprint is the same in both.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OwnDevice {
    pub(crate) jid: String,
    pub(crate) device_id: u32,
    pub(crate) identity: IdentityKeyPair,
    pub(crate) created_at_ms: u64,
    pub(crate) signed_prekey: SignedPreKey,
    /// Replaced signed prekeys, newest first: key exchanges built from an older bundle (or
    /// waiting in an archive) may still name them.
    pub(crate) retired_signed_prekeys: Vec<RetiredSignedPreKey>,
    pub(crate) next_prekey_id: u32,
    pub(crate) next_signed_prekey_id: u32,
    pub(crate) catching_up: bool,
    /// Follow-ups held back until the catch-up ends.
    pub(crate) deferred: Vec<FollowUp>,
}

/// A replaced signed prekey, kept for a grace period.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RetiredSignedPreKey {
    pub key: SignedPreKey,
    pub retired_at_ms: u64,
}

impl OwnDevice {
    /// A new device with a fresh identity and a device id not in `taken_device_ids`.
    pub(crate) fn generate(
        jid: &str,
        taken_device_ids: &[u32],
        now: u64,
        rng: &mut impl CryptoRngCore,
    ) -> Self {
        let mut device_id = generate_device_id(rng);
        while taken_device_ids.contains(&device_id) {
            device_id = generate_device_id(rng);
        }
        let identity = IdentityKeyPair::generate(rng);
        let signed_prekey = SignedPreKey::generate(1, &identity, now, rng);
        Self::with_keys(jid, device_id, identity, signed_prekey, now)
    }

    pub(crate) fn with_keys(
        jid: &str,
        device_id: u32,
        identity: IdentityKeyPair,
        signed_prekey: SignedPreKey,
        created_at_ms: u64,
    ) -> Self {
        OwnDevice {
            jid: jid.to_owned(),
            device_id,
            identity,
            created_at_ms,
            next_signed_prekey_id: next_id(signed_prekey.id),
            signed_prekey,
            retired_signed_prekeys: Vec::new(),
            next_prekey_id: 1,
            catching_up: false,
            deferred: Vec::new(),
        }
    }

    pub fn jid(&self) -> &str {
        &self.jid
    }

    pub fn device_id(&self) -> u32 {
        self.device_id
    }

    pub fn identity(&self) -> &IdentityKeyPair {
        &self.identity
    }

    pub fn fingerprint(&self) -> Fingerprint {
        Fingerprint::from_curve25519(&self.identity.curve25519_public())
    }

    pub fn created_at_ms(&self) -> u64 {
        self.created_at_ms
    }

    pub fn signed_prekey(&self) -> &SignedPreKey {
        &self.signed_prekey
    }

    pub fn retired_signed_prekeys(&self) -> &[RetiredSignedPreKey] {
        &self.retired_signed_prekeys
    }

    pub fn is_catching_up(&self) -> bool {
        self.catching_up
    }

    /// The current or a retired signed prekey by id.
    pub(crate) fn find_signed_prekey(&self, id: u32) -> Option<&SignedPreKey> {
        std::iter::once(&self.signed_prekey)
            .chain(
                self.retired_signed_prekeys
                    .iter()
                    .map(|retired| &retired.key),
            )
            .find(|key| key.id == id)
    }
}

/// The id after `id` within 1..=2^31−1.
fn next_id(id: u32) -> u32 {
    if id >= MAX_PREKEY_ID {
        1
    } else {
        id + 1
    }
}

impl MachineState {
    /// The bundle to publish for `version`: the current signed prekey and every published
    /// one-time prekey.
    pub(crate) fn bundle(&self, version: Version) -> Bundle {
        let own = &self.own_device;
        let prekeys: Vec<OneTimePreKey> = self
            .prekeys
            .values()
            .filter(|stored| stored.is_published())
            .map(|stored| stored.prekey.clone())
            .collect();
        Bundle::from_local(version, &own.identity, &own.signed_prekey, &prekeys)
    }

    pub(crate) fn published_prekey_count(&self) -> usize {
        self.prekeys
            .values()
            .filter(|stored| stored.is_published())
            .count()
    }

    /// Generates one-time prekeys until `target` are published. Ids come from a counter that
    /// only moves forward, so an id is not handed out twice before 2^31 prekeys were made.
    pub(crate) fn top_up_prekeys(
        &mut self,
        target: usize,
        rng: &mut impl CryptoRngCore,
        touched: &mut Touched,
    ) -> bool {
        let missing = target.saturating_sub(self.published_prekey_count());
        for _ in 0..missing {
            let id = self.allocate_prekey_id();
            self.prekeys.insert(
                id,
                StoredPreKey {
                    prekey: OneTimePreKey::generate(id, rng),
                    consumed_at_ms: None,
                },
            );
            touched.prekeys.insert(id);
        }
        if missing > 0 {
            touched.own_device = true;
        }
        missing > 0
    }

    fn allocate_prekey_id(&mut self) -> u32 {
        let own = &mut self.own_device;
        let mut id = own.next_prekey_id.clamp(1, MAX_PREKEY_ID);
        // Skips ids still held after the counter wrapped; terminates because fewer than
        // 2^31 − 1 prekeys can exist.
        while self.prekeys.contains_key(&id) {
            id = next_id(id);
        }
        own.next_prekey_id = next_id(id);
        id
    }

    /// Uses up a one-time prekey: deleted now, or unpublished and kept until the catch-up
    /// ends. Returns whether the published bundle changed.
    pub(crate) fn consume_prekey(&mut self, id: u32, now: u64, touched: &mut Touched) -> bool {
        let catching_up = self.own_device.catching_up;
        match self.prekeys.get_mut(&id) {
            Some(stored) if catching_up => {
                let was_published = stored.is_published();
                stored.consumed_at_ms.get_or_insert(now);
                touched.prekeys.insert(id);
                was_published
            }
            Some(_) => {
                self.prekeys.remove(&id);
                touched.prekeys.insert(id);
                true
            }
            None => false,
        }
    }

    /// Deletes the prekeys used during the catch-up that just ended.
    pub(crate) fn delete_consumed_prekeys(&mut self, touched: &mut Touched) {
        let consumed: Vec<u32> = self
            .prekeys
            .values()
            .filter(|stored| !stored.is_published())
            .map(StoredPreKey::id)
            .collect();
        for id in consumed {
            self.prekeys.remove(&id);
            touched.prekeys.insert(id);
        }
    }

    /// Replaces the signed prekey once it is older than the rotation period and forgets
    /// replaced ones after the grace period. Returns whether the published bundle changed.
    pub(crate) fn maintain_signed_prekeys(
        &mut self,
        config: &Config,
        now: u64,
        rng: &mut impl CryptoRngCore,
        touched: &mut Touched,
    ) -> bool {
        let own = &mut self.own_device;
        let before = own.retired_signed_prekeys.len();
        own.retired_signed_prekeys.retain(|retired| {
            now.saturating_sub(retired.retired_at_ms) < config.signed_prekey_grace_ms
        });
        if own.retired_signed_prekeys.len() != before {
            touched.own_device = true;
        }
        let age = now.saturating_sub(own.signed_prekey.created_at_ms);
        if age < config.signed_prekey_rotation_ms {
            return false;
        }
        let mut id = own.next_signed_prekey_id.clamp(1, MAX_PREKEY_ID);
        while own.find_signed_prekey(id).is_some() {
            id = next_id(id);
        }
        own.next_signed_prekey_id = next_id(id);
        let replacement = SignedPreKey::generate(id, &own.identity, now, rng);
        let retired = std::mem::replace(&mut own.signed_prekey, replacement);
        own.retired_signed_prekeys.insert(
            0,
            RetiredSignedPreKey {
                key: retired,
                retired_at_ms: now,
            },
        );
        touched.own_device = true;
        true
    }
}
