//! Legacy payload: AES-128-GCM over the UTF-8 body. The `<payload>` carries the ciphertext
//! without its tag; the ratchet carries `key ‖ tag` (32 bytes).

use aes_gcm::aead::generic_array::typenum::{U12, U16};
use aes_gcm::aead::generic_array::GenericArray;
use aes_gcm::aead::{AeadInPlace, KeyInit};
use aes_gcm::aes::Aes128;
use aes_gcm::AesGcm;
use rand_core::CryptoRngCore;
use zeroize::Zeroizing;

use super::KeyMaterial;
use crate::error::PayloadError;

const KEY_LEN: usize = 16;
const TAG_LEN: usize = 16;
/// The IV length everyone sends since 2020.
pub const IV_LEN: usize = 12;

/// An encrypted legacy payload: the `<iv>` and `<payload>` contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncryptedPayload {
    pub iv: Vec<u8>,
    /// AES-GCM ciphertext without the tag.
    pub ciphertext: Vec<u8>,
}

/// Encrypts `plaintext` under a fresh key and 12-byte IV.
pub fn encrypt(
    plaintext: &[u8],
    rng: &mut impl CryptoRngCore,
) -> Result<(KeyMaterial, EncryptedPayload), PayloadError> {
    let mut key = Zeroizing::new([0u8; KEY_LEN]);
    rng.fill_bytes(key.as_mut_slice());
    let mut iv = [0u8; IV_LEN];
    rng.fill_bytes(&mut iv);
    seal(&key, IvKind::Standard(GenericArray::from(iv)), plaintext)
}

/// Encrypts with a given key and IV (12 or 16 bytes).
pub fn encrypt_with(
    key: &[u8; KEY_LEN],
    iv: &[u8],
    plaintext: &[u8],
) -> Result<(KeyMaterial, EncryptedPayload), PayloadError> {
    seal(key, IvKind::parse(iv)?, plaintext)
}

/// Decrypts a payload with the key material from the ratchet (`key ‖ tag`, 32 bytes). Old
/// senders put only the 16-byte key in the ratchet and appended the tag to the payload; that
/// form is accepted too. Both 12- and 16-byte IVs are accepted.
pub fn decrypt(
    key_material: &[u8],
    iv: &[u8],
    ciphertext: &[u8],
) -> Result<Zeroizing<Vec<u8>>, PayloadError> {
    let iv = IvKind::parse(iv)?;
    let (key, tag, body) = if key_material.len() == KEY_LEN + TAG_LEN {
        let (key, tag) = key_material.split_at(KEY_LEN);
        (key, tag, ciphertext)
    } else if key_material.len() == KEY_LEN {
        let too_short = PayloadError::CiphertextTooShort {
            minimum: TAG_LEN,
            actual: ciphertext.len(),
        };
        let split = ciphertext.len().checked_sub(TAG_LEN).ok_or(too_short)?;
        let (body, tag) = ciphertext.split_at(split);
        (key_material, tag, body)
    } else {
        return Err(PayloadError::InvalidKeyMaterialLength {
            expected: KEY_LEN + TAG_LEN,
            actual: key_material.len(),
        });
    };
    let key = Zeroizing::new(<[u8; KEY_LEN]>::try_from(key).map_err(|_| {
        PayloadError::InvalidKeyMaterialLength {
            expected: KEY_LEN + TAG_LEN,
            actual: key_material.len(),
        }
    })?);
    let tag = <[u8; TAG_LEN]>::try_from(tag).map_err(|_| PayloadError::Authentication)?;
    let key = GenericArray::from(*key);
    let tag = GenericArray::from(tag);
    let mut buffer = Zeroizing::new(body.to_vec());
    let result = match iv {
        IvKind::Standard(nonce) => {
            Gcm12::new(&key).decrypt_in_place_detached(&nonce, &[], buffer.as_mut(), &tag)
        }
        IvKind::Long(nonce) => {
            Gcm16::new(&key).decrypt_in_place_detached(&nonce, &[], buffer.as_mut(), &tag)
        }
    };
    result.map_err(|_| PayloadError::Authentication)?;
    Ok(buffer)
}

/// Key material for a key-transport ("empty") message: a fresh 16-byte key and no payload,
/// as Conversations and python-omemo send.
pub fn key_transport(rng: &mut impl CryptoRngCore) -> KeyMaterial {
    let mut key = vec![0u8; KEY_LEN];
    rng.fill_bytes(&mut key);
    KeyMaterial::from_bytes(key)
}

type Gcm12 = AesGcm<Aes128, U12>;
/// A 16-byte IV makes GCM derive its counter block with GHASH; some old clients sent those.
type Gcm16 = AesGcm<Aes128, U16>;

enum IvKind {
    Standard(GenericArray<u8, U12>),
    Long(GenericArray<u8, U16>),
}

impl IvKind {
    fn parse(iv: &[u8]) -> Result<Self, PayloadError> {
        if let Ok(iv) = <[u8; 12]>::try_from(iv) {
            Ok(IvKind::Standard(GenericArray::from(iv)))
        } else if let Ok(iv) = <[u8; 16]>::try_from(iv) {
            Ok(IvKind::Long(GenericArray::from(iv)))
        } else {
            Err(PayloadError::UnsupportedIvLength { actual: iv.len() })
        }
    }

    fn to_vec(&self) -> Vec<u8> {
        match self {
            IvKind::Standard(iv) => iv.to_vec(),
            IvKind::Long(iv) => iv.to_vec(),
        }
    }
}

fn seal(
    key: &[u8; KEY_LEN],
    iv: IvKind,
    plaintext: &[u8],
) -> Result<(KeyMaterial, EncryptedPayload), PayloadError> {
    let mut buffer = plaintext.to_vec();
    let key_array = GenericArray::from(*key);
    let tag = match &iv {
        IvKind::Standard(nonce) => {
            Gcm12::new(&key_array).encrypt_in_place_detached(nonce, &[], &mut buffer)
        }
        IvKind::Long(nonce) => {
            Gcm16::new(&key_array).encrypt_in_place_detached(nonce, &[], &mut buffer)
        }
    }
    .map_err(|_| PayloadError::PlaintextTooLong {
        actual: plaintext.len(),
    })?;
    let mut material = Vec::with_capacity(KEY_LEN + TAG_LEN);
    material.extend_from_slice(key);
    material.extend_from_slice(&tag);
    Ok((
        KeyMaterial::from_bytes(material),
        EncryptedPayload {
            iv: iv.to_vec(),
            ciphertext: buffer,
        },
    ))
}
