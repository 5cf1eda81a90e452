//! Message payload encryption, outside the ratchet: the ratchet only carries the small key
//! material ([`KeyMaterial`]) each recipient device needs to decrypt the shared payload.

pub mod legacy;
pub mod omemo2;

use std::fmt;

use zeroize::{Zeroize, ZeroizeOnDrop};

/// The ratchet plaintext: payload key (and tag/MAC), zeroized on drop.
#[derive(Clone, PartialEq, Eq, Zeroize, ZeroizeOnDrop)]
pub struct KeyMaterial(Vec<u8>);

impl KeyMaterial {
    pub fn from_bytes(bytes: Vec<u8>) -> Self {
        KeyMaterial(bytes)
    }

    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }
}

impl fmt::Debug for KeyMaterial {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "KeyMaterial(<{} bytes redacted>)", self.0.len())
    }
}
