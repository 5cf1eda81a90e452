//! The device identity key pair, shared by both protocol versions (so fingerprints agree).

use std::fmt;

use curve25519_dalek::edwards::EdwardsPoint;
use curve25519_dalek::scalar::clamp_integer;
use rand_core::CryptoRngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha512};
use zeroize::Zeroizing;

use crate::keys::{Ed25519PublicKey, IdentityPublicKey, PrivateKey, PublicKey};
use crate::version::Version;
use crate::xeddsa::{self, EdwardsForm, Signature};

/// A device's long-term identity: a Curve25519 private scalar plus the convention that fixes
/// its Ed25519 form.
#[derive(Clone, Serialize, Deserialize)]
#[serde(from = "StoredIdentity", into = "StoredIdentity")]
pub struct IdentityKeyPair {
    private: PrivateKey,
    form: EdwardsForm,
    curve25519: PublicKey,
    ed25519: Ed25519PublicKey,
}

#[derive(Serialize, Deserialize)]
struct StoredIdentity {
    private: PrivateKey,
    form: EdwardsForm,
}

impl From<StoredIdentity> for IdentityKeyPair {
    fn from(stored: StoredIdentity) -> Self {
        IdentityKeyPair::from_private(stored.private, stored.form)
    }
}

impl From<IdentityKeyPair> for StoredIdentity {
    fn from(pair: IdentityKeyPair) -> Self {
        StoredIdentity {
            private: pair.private.clone(),
            form: pair.form,
        }
    }
}

impl IdentityKeyPair {
    /// A fresh identity using spec XEdDSA (Edwards sign bit 0), the recommended model.
    pub fn generate(rng: &mut impl CryptoRngCore) -> Self {
        let mut bytes = Zeroizing::new([0u8; 32]);
        rng.fill_bytes(bytes.as_mut_slice());
        Self::from_private(
            PrivateKey::from_bytes(clamp_integer(*bytes)),
            EdwardsForm::SignBitZero,
        )
    }

    /// An identity from a Curve25519 private key (libsignal style).
    pub fn from_private(private: PrivateKey, form: EdwardsForm) -> Self {
        let curve25519 = private.public_key();
        let clamped = Zeroizing::new(clamp_integer(*private.expose_bytes()));
        let mut ed = EdwardsPoint::mul_base_clamped(*clamped)
            .compress()
            .to_bytes();
        if form == EdwardsForm::SignBitZero {
            ed[31] &= 0x7f;
        }
        IdentityKeyPair {
            private,
            form,
            curve25519,
            ed25519: Ed25519PublicKey::from_bytes(ed),
        }
    }

    /// An identity from an Ed25519 seed (python-omemo's model): scalar =
    /// clamp(SHA-512(seed)[0..32]), Ed25519 key published as it is.
    pub fn from_ed25519_seed(seed: &[u8; 32]) -> Self {
        let digest = Zeroizing::new(<[u8; 64]>::from(Sha512::digest(seed)));
        let mut scalar = Zeroizing::new([0u8; 32]);
        scalar.copy_from_slice(&digest[..32]);
        Self::from_private(
            PrivateKey::from_bytes(clamp_integer(*scalar)),
            EdwardsForm::Natural,
        )
    }

    pub fn private_key(&self) -> &PrivateKey {
        &self.private
    }

    pub fn form(&self) -> EdwardsForm {
        self.form
    }

    pub fn curve25519_public(&self) -> PublicKey {
        self.curve25519
    }

    /// The Ed25519 public key this identity publishes in OMEMO 2 and signs with.
    pub fn ed25519_public(&self) -> Ed25519PublicKey {
        self.ed25519
    }

    /// The identity key in the wire form of `version`.
    pub fn public_for(&self, version: Version) -> IdentityPublicKey {
        match version {
            Version::Legacy => IdentityPublicKey::Curve25519(self.curve25519),
            Version::Omemo2 => IdentityPublicKey::Ed25519(self.ed25519),
        }
    }

    /// Signs `message` the way `version` expects: legacy signatures carry the Edwards sign bit
    /// in bit 7 of byte 63 (libsignal `curve25519_sign`), OMEMO 2 signatures are plain Ed25519
    /// signatures verifiable with [`Self::ed25519_public`]. `nonce` must be 64 fresh random bytes.
    pub fn sign_with_nonce(&self, version: Version, message: &[u8], nonce: &[u8; 64]) -> Signature {
        let (signature, sign_bit) =
            xeddsa::sign(self.private.expose_bytes(), self.form, message, nonce);
        match version {
            Version::Legacy => {
                let mut bytes = *signature.as_bytes();
                bytes[63] |= sign_bit << 7;
                Signature::from_bytes(bytes)
            }
            Version::Omemo2 => signature,
        }
    }

    pub fn sign(
        &self,
        version: Version,
        message: &[u8],
        rng: &mut impl CryptoRngCore,
    ) -> Signature {
        let mut nonce = Zeroizing::new([0u8; 64]);
        rng.fill_bytes(nonce.as_mut_slice());
        self.sign_with_nonce(version, message, &nonce)
    }
}

impl fmt::Debug for IdentityKeyPair {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IdentityKeyPair")
            .field("private", &self.private)
            .field("form", &self.form)
            .field("curve25519", &self.curve25519)
            .field("ed25519", &self.ed25519)
            .finish()
    }
}

/// A random OMEMO device id in 1..=2^31−1 (Java clients parse ids as signed 32-bit integers).
pub fn generate_device_id(rng: &mut impl CryptoRngCore) -> u32 {
    loop {
        let id = rng.next_u32() & 0x7fff_ffff;
        if id != 0 {
            return id;
        }
    }
}
