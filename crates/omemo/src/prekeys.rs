//! Signed prekeys, one-time prekeys and the public bundle built from them.

use rand_core::CryptoRngCore;
use serde::{Deserialize, Serialize};

use crate::error::SignatureError;
use crate::identity::IdentityKeyPair;
use crate::keys::{IdentityPublicKey, PrivateKey, PublicKey};
use crate::version::Version;
use crate::xeddsa::{self, Signature};

/// The signed prekey with its signatures for both versions (they sign different bytes).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SignedPreKey {
    pub id: u32,
    key: PrivateKey,
    public: PublicKey,
    /// Over `0x05 ‖ spk` (33 bytes), with the Edwards sign bit in bit 7 of byte 63.
    pub legacy_signature: Signature,
    /// Over the raw 32-byte `spk`, plain Ed25519.
    pub omemo2_signature: Signature,
    /// Milliseconds since the Unix epoch, as passed in by the caller (drives rotation).
    pub created_at_ms: u64,
}

impl SignedPreKey {
    pub fn generate(
        id: u32,
        identity: &IdentityKeyPair,
        created_at_ms: u64,
        rng: &mut impl CryptoRngCore,
    ) -> Self {
        let key = PrivateKey::generate(rng);
        Self::new(id, key, identity, created_at_ms, rng)
    }

    /// Signs an existing private key (e.g. one imported from another implementation).
    pub fn new(
        id: u32,
        key: PrivateKey,
        identity: &IdentityKeyPair,
        created_at_ms: u64,
        rng: &mut impl CryptoRngCore,
    ) -> Self {
        let public = key.public_key();
        let legacy_signature = identity.sign(Version::Legacy, &public.to_djb(), rng);
        let omemo2_signature = identity.sign(Version::Omemo2, public.as_bytes(), rng);
        SignedPreKey {
            id,
            key,
            public,
            legacy_signature,
            omemo2_signature,
            created_at_ms,
        }
    }

    pub fn private_key(&self) -> &PrivateKey {
        &self.key
    }

    pub fn public_key(&self) -> PublicKey {
        self.public
    }

    pub fn signature_for(&self, version: Version) -> Signature {
        match version {
            Version::Legacy => self.legacy_signature,
            Version::Omemo2 => self.omemo2_signature,
        }
    }
}

/// A single-use prekey.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OneTimePreKey {
    pub id: u32,
    key: PrivateKey,
    public: PublicKey,
}

impl OneTimePreKey {
    pub fn new(id: u32, key: PrivateKey) -> Self {
        let public = key.public_key();
        OneTimePreKey { id, key, public }
    }

    pub fn generate(id: u32, rng: &mut impl CryptoRngCore) -> Self {
        Self::new(id, PrivateKey::generate(rng))
    }

    /// `count` fresh prekeys with ids `first_id, first_id + 1, …` (wrapping within 1..=2^31−1).
    pub fn generate_batch(first_id: u32, count: u32, rng: &mut impl CryptoRngCore) -> Vec<Self> {
        let mut id = first_id.clamp(1, MAX_PREKEY_ID);
        let mut out = Vec::new();
        for _ in 0..count {
            out.push(Self::generate(id, rng));
            id = if id >= MAX_PREKEY_ID { 1 } else { id + 1 };
        }
        out
    }

    pub fn private_key(&self) -> &PrivateKey {
        &self.key
    }

    pub fn public_key(&self) -> PublicKey {
        self.public
    }

    pub fn to_public(&self) -> PreKeyPublic {
        PreKeyPublic {
            id: self.id,
            key: self.public,
        }
    }
}

/// Prekey ids stay positive signed 32-bit numbers: some clients parse them as Java `int`.
pub const MAX_PREKEY_ID: u32 = 0x7fff_ffff;

/// A published one-time prekey.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreKeyPublic {
    pub id: u32,
    pub key: PublicKey,
}

/// A device's published bundle, as decoded from (or encoded into) the PEP item by the caller.
/// The identity key's variant decides the version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bundle {
    pub identity_key: IdentityPublicKey,
    pub signed_prekey_id: u32,
    pub signed_prekey: PublicKey,
    pub signed_prekey_signature: Signature,
    pub prekeys: Vec<PreKeyPublic>,
}

impl Bundle {
    /// The bundle this device publishes for `version`.
    pub fn from_local(
        version: Version,
        identity: &IdentityKeyPair,
        signed_prekey: &SignedPreKey,
        prekeys: &[OneTimePreKey],
    ) -> Self {
        Bundle {
            identity_key: identity.public_for(version),
            signed_prekey_id: signed_prekey.id,
            signed_prekey: signed_prekey.public,
            signed_prekey_signature: signed_prekey.signature_for(version),
            prekeys: prekeys.iter().map(OneTimePreKey::to_public).collect(),
        }
    }

    pub fn version(&self) -> Version {
        self.identity_key.version()
    }

    /// Checks the signed prekey signature with the rules of the bundle's version.
    ///
    /// Legacy: libsignal `curve25519_verify` over `0x05 ‖ spk`. OMEMO 2: Ed25519 over the raw
    /// `spk` with `ik`; like libomemo-c, a signature with bit 7 of byte 63 set is also tried the
    /// libsignal way with the Curve25519 form of `ik`.
    pub fn verify(&self) -> Result<(), SignatureError> {
        match &self.identity_key {
            IdentityPublicKey::Curve25519(identity) => xeddsa::verify_curve25519(
                identity,
                &self.signed_prekey.to_djb(),
                &self.signed_prekey_signature,
            ),
            IdentityPublicKey::Ed25519(identity) => {
                let message = self.signed_prekey.as_bytes();
                let plain =
                    xeddsa::verify_ed25519(identity, message, &self.signed_prekey_signature);
                if plain.is_err() && self.signed_prekey_signature.as_bytes()[63] & 0x80 != 0 {
                    let curve = identity
                        .to_curve25519()
                        .map_err(|_| SignatureError::InvalidPublicKey)?;
                    return xeddsa::verify_curve25519(
                        &curve,
                        message,
                        &self.signed_prekey_signature,
                    );
                }
                plain
            }
        }
    }
}
