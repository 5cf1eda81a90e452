//! The key derivations shared by X3DH, the Double Ratchet and the OMEMO 2 payload.

use hkdf::Hkdf;
use hmac::digest::KeyInit;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use zeroize::{Zeroize, ZeroizeOnDrop};

use crate::keys::{SecretKey, SharedSecret};
use crate::version::Version;

pub(crate) type HmacSha256 = Hmac<Sha256>;

/// HKDF-SHA256 into a fixed-size output. All lengths used here are far below HKDF's limit of
/// 255 · 32 bytes, so expansion cannot fail.
pub(crate) fn hkdf<const N: usize>(ikm: &[u8], salt: &[u8], info: &[u8]) -> [u8; N] {
    const { assert!(N <= 255 * 32, "HKDF-SHA256 output is limited to 8160 bytes") };
    let mut out = [0u8; N];
    // Cannot fail: the only error is an output longer than the limit checked above.
    let _ = Hkdf::<Sha256>::new(Some(salt), ikm).expand(info, &mut out);
    out
}

pub(crate) fn hmac_sha256(key: &[u8; 32], parts: &[&[u8]]) -> [u8; 32] {
    let mut mac = new_hmac(key);
    for part in parts {
        mac.update(part);
    }
    mac.finalize().into_bytes().into()
}

/// HMAC zero-pads keys shorter than the hash block, so a 32-byte key padded to the 64-byte
/// block gives the same MAC; that form has an infallible constructor.
pub(crate) fn new_hmac(key: &[u8; 32]) -> HmacSha256 {
    let mut block = [0u8; 64];
    block[..32].copy_from_slice(key);
    let mac = <HmacSha256 as KeyInit>::new(&block.into());
    block.zeroize();
    mac
}

/// Splits 64 bytes of KDF output into two secrets.
pub(crate) fn split64(mut bytes: [u8; 64]) -> (SecretKey, SecretKey) {
    let mut first = [0u8; 32];
    let mut second = [0u8; 32];
    first.copy_from_slice(&bytes[..32]);
    second.copy_from_slice(&bytes[32..]);
    bytes.zeroize();
    (SecretKey(first), SecretKey(second))
}

/// Root chain step: `(RK', CK) = HKDF(IKM = dh, salt = RK, info, 64)`.
pub(crate) fn root_step(
    version: Version,
    root_key: &SecretKey,
    dh: &SharedSecret,
) -> (SecretKey, SecretKey) {
    split64(hkdf::<64>(
        dh.as_bytes(),
        &root_key.0,
        version.root_chain_info(),
    ))
}

/// Symmetric chain step: message key seed `HMAC(CK, 0x01)`, next chain key `HMAC(CK, 0x02)`.
pub(crate) fn chain_step(chain_key: &SecretKey) -> (SecretKey, SecretKey) {
    (
        SecretKey(hmac_sha256(&chain_key.0, &[&[0x01]])),
        SecretKey(hmac_sha256(&chain_key.0, &[&[0x02]])),
    )
}

/// The keys one ratchet message is encrypted and authenticated with.
#[derive(Zeroize, ZeroizeOnDrop)]
pub(crate) struct MessageKeys {
    pub(crate) cipher_key: [u8; 32],
    pub(crate) mac_key: [u8; 32],
    pub(crate) iv: [u8; 16],
}

/// `HKDF(IKM = seed, salt = 0³², info, 80)` → cipher key ‖ MAC key ‖ IV.
pub(crate) fn message_keys(version: Version, seed: &SecretKey) -> MessageKeys {
    split80(hkdf::<80>(&seed.0, &[0u8; 32], version.message_key_info()))
}

pub(crate) fn split80(mut bytes: [u8; 80]) -> MessageKeys {
    let mut keys = MessageKeys {
        cipher_key: [0; 32],
        mac_key: [0; 32],
        iv: [0; 16],
    };
    keys.cipher_key.copy_from_slice(&bytes[..32]);
    keys.mac_key.copy_from_slice(&bytes[32..64]);
    keys.iv.copy_from_slice(&bytes[64..]);
    bytes.zeroize();
    keys
}
