//! XEdDSA signing with Curve25519 identity keys, and the two verification conventions in use:
//! plain Ed25519 (OMEMO 2) and libsignal's `curve25519_verify` (legacy), which reads the
//! Edwards sign bit from bit 7 of the signature's last byte.

use std::fmt;

use curve25519_dalek::edwards::{CompressedEdwardsY, EdwardsPoint};
use curve25519_dalek::scalar::{clamp_integer, Scalar};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha512};
use zeroize::Zeroizing;

use crate::error::SignatureError;
use crate::keys::{Ed25519PublicKey, PublicKey};

/// A 64-byte Ed25519-compatible signature `R ‖ s`.
#[derive(Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signature(#[serde(with = "crate::serde_array")] [u8; 64]);

impl Signature {
    pub fn from_bytes(bytes: [u8; 64]) -> Self {
        Signature(bytes)
    }

    pub fn from_slice(bytes: &[u8]) -> Result<Self, SignatureError> {
        <[u8; 64]>::try_from(bytes)
            .map(Signature)
            .map_err(|_| SignatureError::InvalidLength {
                actual: bytes.len(),
            })
    }

    pub fn as_bytes(&self) -> &[u8; 64] {
        &self.0
    }
}

impl fmt::Debug for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Signature({})", crate::hex::encode(&self.0))
    }
}

/// How the Edwards form of a Curve25519 private key is chosen when signing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum EdwardsForm {
    /// Signal's XEdDSA: the scalar is negated when needed so the Edwards public key has sign
    /// bit 0, i.e. it is the Montgomery key converted with sign 0. What libsignal-based
    /// clients expect and what new identities use.
    SignBitZero,
    /// The Edwards key `k·B` as it is (its sign bit may be 1), as python-omemo publishes it.
    /// Legacy signatures then carry that sign bit in bit 7 of byte 63.
    Natural,
}

/// Signs `message` with the clamped Curve25519 scalar `private`, using the 64 random bytes
/// `nonce` (Z in the XEdDSA specification).
///
/// Returns the signature and the sign bit of the Edwards public key it verifies against.
pub fn sign(
    private: &[u8; 32],
    form: EdwardsForm,
    message: &[u8],
    nonce: &[u8; 64],
) -> (Signature, u8) {
    let clamped = Zeroizing::new(clamp_integer(*private));
    let k = Zeroizing::new(Scalar::from_bytes_mod_order(*clamped));
    let natural = EdwardsPoint::mul_base(&k).compress().to_bytes();
    let natural_sign = natural[31] >> 7;

    let (a, a_for_nonce, public, sign_bit) = match form {
        EdwardsForm::SignBitZero => {
            let a = Zeroizing::new(if natural_sign == 1 { -*k } else { *k });
            let a_bytes = Zeroizing::new(a.to_bytes());
            let mut public = natural;
            public[31] &= 0x7f;
            (a, a_bytes, public, 0)
        }
        // python-xeddsa hashes the unreduced clamped scalar here; doing the same keeps
        // signatures identical to what python-omemo produces for the same nonce.
        EdwardsForm::Natural => (k.clone(), clamped.clone(), natural, natural_sign),
    };

    let mut nonce_hash = Sha512::new();
    nonce_hash.update([0xfe]);
    nonce_hash.update([0xff; 31]);
    nonce_hash.update(a_for_nonce.as_slice());
    nonce_hash.update(message);
    nonce_hash.update(nonce);
    let r = Zeroizing::new(Scalar::from_bytes_mod_order_wide(
        &nonce_hash.finalize().into(),
    ));
    let big_r = EdwardsPoint::mul_base(&r).compress().to_bytes();
    let h = challenge(&big_r, &public, message);
    let s = *r + h * *a;

    let mut signature = [0u8; 64];
    signature[..32].copy_from_slice(&big_r);
    signature[32..].copy_from_slice(&s.to_bytes());
    (Signature(signature), sign_bit)
}

/// Standard (cofactorless, non-strict) Ed25519 verification, as ed25519-dalek's `verify`.
pub fn verify_ed25519(
    public: &Ed25519PublicKey,
    message: &[u8],
    signature: &Signature,
) -> Result<(), SignatureError> {
    let a = CompressedEdwardsY(*public.as_bytes())
        .decompress()
        .ok_or(SignatureError::InvalidPublicKey)?;
    let (r_bytes, s_bytes) = signature.0.split_at(32);
    let s_array: [u8; 32] = s_bytes
        .try_into()
        .map_err(|_| SignatureError::InvalidLength { actual: 64 })?;
    let s = Option::<Scalar>::from(Scalar::from_canonical_bytes(s_array))
        .ok_or(SignatureError::NonCanonicalScalar)?;
    let h = challenge(r_bytes, public.as_bytes(), message);
    let recomputed = EdwardsPoint::vartime_double_scalar_mul_basepoint(&h, &(-a), &s);
    if recomputed.compress().as_bytes() == r_bytes {
        Ok(())
    } else {
        Err(SignatureError::Mismatch)
    }
}

/// libsignal's `curve25519_verify`: take the Edwards sign bit from bit 7 of byte 63, clear it,
/// convert the Montgomery key with that sign and verify as Ed25519. Accepts both spec XEdDSA
/// signatures (bit 0) and libsignal `curve25519_sign` ones (bit = the key's sign).
pub fn verify_curve25519(
    public: &PublicKey,
    message: &[u8],
    signature: &Signature,
) -> Result<(), SignatureError> {
    let mut cleaned = signature.0;
    let sign_bit = cleaned[63] >> 7;
    cleaned[63] &= 0x7f;
    let edwards = public
        .to_ed25519(sign_bit)
        .map_err(|_| SignatureError::InvalidPublicKey)?;
    verify_ed25519(&edwards, message, &Signature(cleaned))
}

fn challenge(r: &[u8], public: &[u8; 32], message: &[u8]) -> Scalar {
    let mut hash = Sha512::new();
    hash.update(r);
    hash.update(public);
    hash.update(message);
    Scalar::from_bytes_mod_order_wide(&hash.finalize().into())
}
