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

/// Most devices one verification URI may name; a hostile link costs bounded work.
const MAX_URI_DEVICES: usize = 64;

/// Reads a verification URI ([`verification_uri`], as Conversations puts in QR codes): the
/// account and the fingerprint of each device it names. Other query parameters are ignored.
pub fn parse_verification_uri(
    uri: &str,
) -> Result<(String, Vec<(u32, Fingerprint)>), VerificationUriError> {
    let rest = uri
        .trim()
        .strip_prefix("xmpp:")
        .ok_or(VerificationUriError::NotXmppUri)?;
    let (jid, query) = rest
        .split_once('?')
        .ok_or(VerificationUriError::NoFingerprints)?;
    if jid.is_empty() || jid.contains(['/', '?', ';']) {
        return Err(VerificationUriError::BadAddress);
    }
    let mut devices = Vec::new();
    for parameter in query.split(';') {
        let Some((name, value)) = parameter.split_once('=') else {
            continue;
        };
        let Some(id) = name.strip_prefix("omemo-sid-") else {
            continue;
        };
        let device_id: u32 = id
            .parse()
            .map_err(|_| VerificationUriError::BadDeviceId(id.chars().take(16).collect()))?;
        if devices.len() == MAX_URI_DEVICES {
            return Err(VerificationUriError::TooManyDevices);
        }
        devices.push((device_id, Fingerprint::parse(value)?));
    }
    if devices.is_empty() {
        return Err(VerificationUriError::NoFingerprints);
    }
    Ok((jid.to_owned(), devices))
}

/// Why a verification link was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VerificationUriError {
    #[error("a verification link starts with xmpp:")]
    NotXmppUri,
    #[error("the link does not name a valid address")]
    BadAddress,
    #[error("the link carries no device fingerprints")]
    NoFingerprints,
    #[error("{0:?} is not a device id")]
    BadDeviceId(String),
    #[error("the link names too many devices")]
    TooManyDevices,
    #[error("a fingerprint in the link is invalid: {0}")]
    Fingerprint(#[from] FingerprintError),
}

#[cfg(test)]
mod uri_tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_generated_link_reads_back() {
        let a = Fingerprint([7; 32]);
        let b = Fingerprint([0xab; 32]);
        let uri = verification_uri("alice@example.org", &[(1, a), (2_000_000_000, b)]);
        assert_eq!(
            parse_verification_uri(&uri).unwrap(),
            (
                "alice@example.org".to_owned(),
                vec![(1, a), (2_000_000_000, b)]
            )
        );
    }

    #[test]
    fn other_parameters_are_ignored_and_bad_links_refused() {
        let hex = "05".to_owned() + &"cd".repeat(32);
        let (jid, devices) =
            parse_verification_uri(&format!("xmpp:bob@example.org?message;omemo-sid-9={hex}"))
                .unwrap();
        assert_eq!((jid.as_str(), devices.len()), ("bob@example.org", 1));
        assert_eq!(
            parse_verification_uri("https://example.org"),
            Err(VerificationUriError::NotXmppUri)
        );
        assert_eq!(
            parse_verification_uri("xmpp:bob@example.org"),
            Err(VerificationUriError::NoFingerprints)
        );
        assert_eq!(
            parse_verification_uri("xmpp:bob@example.org?omemo-sid-x=00"),
            Err(VerificationUriError::BadDeviceId("x".into()))
        );
        assert!(matches!(
            parse_verification_uri("xmpp:bob@example.org?omemo-sid-1=zz"),
            Err(VerificationUriError::Fingerprint(_))
        ));
        let many: Vec<String> = (0..65)
            .map(|i| format!("omemo-sid-{i}={}", "00".repeat(32)))
            .collect();
        assert_eq!(
            parse_verification_uri(&format!("xmpp:a@b?{}", many.join(";"))),
            Err(VerificationUriError::TooManyDevices)
        );
    }
}
