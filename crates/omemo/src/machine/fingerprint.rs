//! Identity fingerprints as users compare them.
//!
//! Both versions show the Curve25519 form of the identity key (an OMEMO 2 `ik` is converted
//! first, as the XEP recommends), so a device that speaks both has one fingerprint.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::error::FingerprintError;
use crate::error::KeyError;
use crate::keys::{IdentityPublicKey, PublicKey};

/// The Curve25519 public identity key of a device, compared and displayed as 64 hex digits.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Fingerprint(#[serde(with = "crate::serde_array")] [u8; 32]);

impl Fingerprint {
    pub fn from_curve25519(key: &PublicKey) -> Self {
        Fingerprint(*key.as_bytes())
    }

    /// The fingerprint of an identity key in either wire form.
    pub fn of(identity: &IdentityPublicKey) -> Result<Self, KeyError> {
        identity
            .to_curve25519()
            .map(|key| Self::from_curve25519(&key))
    }

    /// Parses what a user or a `xmpp:` URI supplies: 64 hex digits, in any case, with any
    /// whitespace, optionally prefixed by libsignal's `05` type byte.
    pub fn parse(text: &str) -> Result<Self, FingerprintError> {
        let digits: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
        let digits = match digits.len() {
            66 if digits.starts_with(&['0', '5']) => digits.get(2..).unwrap_or_default(),
            64 => digits.as_slice(),
            length => return Err(FingerprintError::InvalidLength { digits: length }),
        };
        let mut bytes = [0u8; 32];
        for (byte, pair) in bytes.iter_mut().zip(digits.chunks(2)) {
            let mut value = 0u8;
            for digit in pair {
                let nibble = digit
                    .to_digit(16)
                    .and_then(|nibble| u8::try_from(nibble).ok())
                    .ok_or(FingerprintError::NotHex { found: *digit })?;
                value = (value << 4) | nibble;
            }
            *byte = value;
        }
        Ok(Fingerprint(bytes))
    }

    /// 64 lowercase hex digits without separators (the form used in `xmpp:` URIs).
    pub fn to_hex(&self) -> String {
        crate::hex::encode(&self.0)
    }

    /// Eight groups of eight hex digits separated by spaces, as clients display it.
    pub fn to_groups(&self) -> Vec<String> {
        let hex = self.to_hex();
        hex.as_bytes()
            .chunks(8)
            .map(|group| String::from_utf8_lossy(group).into_owned())
            .collect()
    }

    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    pub fn to_public_key(&self) -> PublicKey {
        PublicKey::from_bytes(self.0)
    }
}

/// The grouped display form: `xxxxxxxx xxxxxxxx … xxxxxxxx`.
impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_groups().join(" "))
    }
}

impl fmt::Debug for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Fingerprint({})", self.to_hex())
    }
}

/// The verification URI Conversations encodes in QR codes:
/// `xmpp:JID?omemo-sid-ID=HEX;omemo-sid-ID=HEX…`.
pub fn verification_uri(jid: &str, devices: &[(u32, Fingerprint)]) -> String {
    let parameters: Vec<String> = devices
        .iter()
        .map(|(device_id, fingerprint)| format!("omemo-sid-{device_id}={}", fingerprint.to_hex()))
        .collect();
    format!("xmpp:{jid}?{}", parameters.join(";"))
}
