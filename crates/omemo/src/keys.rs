//! Curve25519 / Ed25519 key newtypes and their wire encodings.
//!
//! Private material zeroizes on drop and never shows up in `Debug` output.

use std::fmt;

use curve25519_dalek::edwards::CompressedEdwardsY;
use curve25519_dalek::montgomery::MontgomeryPoint;
use rand_core::CryptoRngCore;
use serde::{Deserialize, Serialize};
use zeroize::{Zeroize, ZeroizeOnDrop};

use crate::error::KeyError;

/// libsignal's "DJB" key type byte that prefixes every legacy public key.
pub(crate) const DJB_KEY_TYPE: u8 = 0x05;

/// A Curve25519 public key: the Montgomery u-coordinate, 32 bytes little-endian.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PublicKey(#[serde(with = "crate::serde_array")] [u8; 32]);

impl PublicKey {
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        PublicKey(bytes)
    }

    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// libsignal serialisation used by the legacy protocol: `0x05 ‖ u`.
    pub fn to_djb(&self) -> [u8; 33] {
        let mut out = [0u8; 33];
        out[0] = DJB_KEY_TYPE;
        out[1..].copy_from_slice(&self.0);
        out
    }

    /// Decodes a legacy public key: 33 bytes starting with 0x05, or (leniently, as
    /// libsignal-javascript does) a bare 32-byte key.
    pub fn from_djb(what: &'static str, bytes: &[u8]) -> Result<Self, KeyError> {
        match bytes {
            [DJB_KEY_TYPE, rest @ ..] if rest.len() == 32 => Self::from_slice(what, rest),
            [found, rest @ ..] if rest.len() == 32 => Err(KeyError::UnknownKeyType {
                what,
                found: *found,
            }),
            _ if bytes.len() == 32 => Self::from_slice(what, bytes),
            _ => Err(KeyError::InvalidLength {
                what,
                expected: 33,
                actual: bytes.len(),
            }),
        }
    }

    /// Decodes a raw 32-byte key (the OMEMO 2 encoding). Only canonical encodings are
    /// accepted: X25519 outputs are always below p = 2^255 − 19, and X25519 ignores the top
    /// bit, so other encodings are aliases that would let unauthenticated fields (the base key
    /// of a key exchange) be altered unnoticed.
    pub fn from_slice(what: &'static str, bytes: &[u8]) -> Result<Self, KeyError> {
        let bytes = <[u8; 32]>::try_from(bytes).map_err(|_| KeyError::InvalidLength {
            what,
            expected: 32,
            actual: bytes.len(),
        })?;
        if !is_canonical_field_element(&bytes) {
            return Err(KeyError::NonCanonical { what });
        }
        Ok(PublicKey(bytes))
    }

    /// The fingerprint shown to users: lowercase hex of `u` (64 characters, no `05` prefix).
    pub fn fingerprint(&self) -> String {
        crate::hex::encode(&self.0)
    }
}

/// Little-endian `bytes < 2^255 − 19`.
fn is_canonical_field_element(bytes: &[u8; 32]) -> bool {
    let [low, middle @ .., high] = bytes;
    let at_least_p = *high == 0x7f && middle.iter().all(|byte| *byte == 0xff) && *low >= 0xed;
    high & 0x80 == 0 && !at_least_p
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PublicKey({})", crate::hex::encode(&self.0))
    }
}

/// An Ed25519 public key as it appears on the wire (OMEMO 2 `ik`). Kept byte-exact as received:
/// the associated data of OMEMO 2 sessions uses these bytes, never a re-derived form.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Ed25519PublicKey(#[serde(with = "crate::serde_array")] [u8; 32]);

impl Ed25519PublicKey {
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Ed25519PublicKey(bytes)
    }

    pub fn from_slice(what: &'static str, bytes: &[u8]) -> Result<Self, KeyError> {
        <[u8; 32]>::try_from(bytes)
            .map(Ed25519PublicKey)
            .map_err(|_| KeyError::InvalidLength {
                what,
                expected: 32,
                actual: bytes.len(),
            })
    }

    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// The sign bit of the x-coordinate (bit 7 of the last byte).
    pub fn sign_bit(&self) -> u8 {
        self.0[31] >> 7
    }

    /// Converts to the Curve25519 (Montgomery) form used for Diffie-Hellman:
    /// `u = (1 + y) / (1 - y)`. Fails for bytes that are not a point.
    pub fn to_curve25519(&self) -> Result<PublicKey, KeyError> {
        CompressedEdwardsY(self.0)
            .decompress()
            .map(|point| PublicKey(point.to_montgomery().to_bytes()))
            .ok_or(KeyError::NotOnCurve {
                what: "Ed25519 identity key",
            })
    }
}

impl fmt::Debug for Ed25519PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Ed25519PublicKey({})", crate::hex::encode(&self.0))
    }
}

impl PublicKey {
    /// Converts to Edwards form with the given sign bit: `y = (u − 1) / (u + 1)`.
    /// Fails when `u` is not on the curve (including `u = −1`).
    pub fn to_ed25519(&self, sign_bit: u8) -> Result<Ed25519PublicKey, KeyError> {
        MontgomeryPoint(self.0)
            .to_edwards(sign_bit & 1)
            .map(|point| Ed25519PublicKey(point.compress().to_bytes()))
            .ok_or(KeyError::NotOnCurve {
                what: "Curve25519 public key",
            })
    }
}

/// An identity public key in the form a given version transmits it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum IdentityPublicKey {
    /// Legacy: the Curve25519 key (`0x05 ‖ u` on the wire).
    Curve25519(PublicKey),
    /// OMEMO 2: the Ed25519 key, byte-exact as published.
    Ed25519(Ed25519PublicKey),
}

impl IdentityPublicKey {
    /// The version whose wire form this is.
    pub fn version(&self) -> crate::Version {
        match self {
            IdentityPublicKey::Curve25519(_) => crate::Version::Legacy,
            IdentityPublicKey::Ed25519(_) => crate::Version::Omemo2,
        }
    }

    /// The Curve25519 form, used for Diffie-Hellman and for fingerprints.
    pub fn to_curve25519(&self) -> Result<PublicKey, KeyError> {
        match self {
            IdentityPublicKey::Curve25519(key) => Ok(*key),
            IdentityPublicKey::Ed25519(key) => key.to_curve25519(),
        }
    }

    /// The bytes this key is transmitted as (33 bytes legacy, 32 bytes OMEMO 2).
    pub fn to_wire(&self) -> Vec<u8> {
        match self {
            IdentityPublicKey::Curve25519(key) => key.to_djb().to_vec(),
            IdentityPublicKey::Ed25519(key) => key.as_bytes().to_vec(),
        }
    }
}

/// A Curve25519 private key (32 bytes; clamped when used, as X25519 prescribes).
#[derive(Clone, Zeroize, ZeroizeOnDrop, Serialize, Deserialize)]
pub struct PrivateKey(#[serde(with = "crate::serde_array")] [u8; 32]);

impl PrivateKey {
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        PrivateKey(bytes)
    }

    pub fn generate(rng: &mut impl CryptoRngCore) -> Self {
        let mut bytes = [0u8; 32];
        rng.fill_bytes(&mut bytes);
        PrivateKey(bytes)
    }

    /// The raw private bytes, for persisting outside serde. Handle with care.
    pub fn expose_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    pub fn public_key(&self) -> PublicKey {
        PublicKey(MontgomeryPoint::mul_base_clamped(self.0).to_bytes())
    }

    /// X25519. `what` names the peer key in the error when the output is all-zero.
    pub fn diffie_hellman(
        &self,
        their: &PublicKey,
        what: &'static str,
    ) -> Result<SharedSecret, KeyError> {
        let shared = MontgomeryPoint(their.0).mul_clamped(self.0).to_bytes();
        if shared.iter().all(|b| *b == 0) {
            return Err(KeyError::NonContributory { what });
        }
        Ok(SharedSecret(shared))
    }
}

impl fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PrivateKey(<redacted>)")
    }
}

/// The output of X25519.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct SharedSecret([u8; 32]);

impl SharedSecret {
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

impl fmt::Debug for SharedSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SharedSecret(<redacted>)")
    }
}

/// A 32-byte symmetric secret (root key, chain key, message key seed).
#[derive(Clone, Zeroize, ZeroizeOnDrop, Serialize, Deserialize)]
pub(crate) struct SecretKey(#[serde(with = "crate::serde_array")] pub(crate) [u8; 32]);

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretKey(<redacted>)")
    }
}
