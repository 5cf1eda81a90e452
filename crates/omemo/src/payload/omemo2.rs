//! OMEMO 2 payload: a random 32-byte key expands with HKDF ("OMEMO Payload") into an
//! AES-256-CBC key, an HMAC-SHA256 key and an IV; the ratchet carries `key ‖ mac16` (48 bytes).
//! The plaintext is the XEP-0420 envelope, built by the caller.

use rand_core::CryptoRngCore;
use zeroize::Zeroizing;

use super::KeyMaterial;
use crate::aes_cbc;
use crate::error::PayloadError;
use crate::kdf;

const KEY_LEN: usize = 32;
const MAC_LEN: usize = 16;
const INFO: &[u8] = b"OMEMO Payload";

/// Encrypts `plaintext` under a fresh key: the key material and the `<payload>` bytes.
pub fn encrypt(plaintext: &[u8], rng: &mut impl CryptoRngCore) -> (KeyMaterial, Vec<u8>) {
    let mut key = Zeroizing::new([0u8; KEY_LEN]);
    rng.fill_bytes(key.as_mut_slice());
    encrypt_with_key(&key, plaintext)
}

pub fn encrypt_with_key(key: &[u8; KEY_LEN], plaintext: &[u8]) -> (KeyMaterial, Vec<u8>) {
    let keys = kdf::split80(kdf::hkdf::<80>(key, &[0u8; 32], INFO));
    let ciphertext = aes_cbc::encrypt(&keys.cipher_key, &keys.iv, plaintext);
    let mac = kdf::hmac_sha256(&keys.mac_key, &[&ciphertext]);
    let mut material = Vec::with_capacity(KEY_LEN + MAC_LEN);
    material.extend_from_slice(key);
    material.extend_from_slice(&mac[..MAC_LEN]);
    (KeyMaterial::from_bytes(material), ciphertext)
}

/// Verifies the MAC (constant time), then decrypts.
pub fn decrypt(key_material: &[u8], ciphertext: &[u8]) -> Result<Zeroizing<Vec<u8>>, PayloadError> {
    let invalid_length = PayloadError::InvalidKeyMaterialLength {
        expected: KEY_LEN + MAC_LEN,
        actual: key_material.len(),
    };
    if key_material.len() != KEY_LEN + MAC_LEN {
        return Err(invalid_length);
    }
    let (key, mac) = key_material.split_at(KEY_LEN);
    let key = Zeroizing::new(<[u8; KEY_LEN]>::try_from(key).map_err(|_| invalid_length)?);
    let keys = kdf::split80(kdf::hkdf::<80>(key.as_slice(), &[0u8; 32], INFO));
    let mut verifier = kdf::new_hmac(&keys.mac_key);
    hmac::Mac::update(&mut verifier, ciphertext);
    hmac::Mac::verify_truncated_left(verifier, mac).map_err(|_| PayloadError::Authentication)?;
    aes_cbc::decrypt(&keys.cipher_key, &keys.iv, ciphertext).ok_or(PayloadError::Padding)
}

/// The ratchet plaintext of an empty (heartbeat / key-exchange completing) OMEMO 2 message.
pub fn empty_key_material() -> KeyMaterial {
    KeyMaterial::from_bytes(vec![0u8; 32])
}
