//! Wire codecs of ratchet messages and key exchanges (the bytes inside a `<key>` element).
//!
//! Proto2 presence matters to peers: every field is declared `optional` so that it is always
//! encoded when set (even when zero) and its absence can be detected on decode.

mod legacy;
mod omemo2;

use crate::error::WireError;
use crate::keys::{IdentityPublicKey, PublicKey};
use crate::ratchet::MessageHeader;
use crate::version::Version;

/// A decoded ratchet message (legacy `WhisperMessage`, OMEMO 2 `OMEMOAuthenticatedMessage`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RatchetMessage {
    pub version: Version,
    pub header: MessageHeader,
    pub ciphertext: Vec<u8>,
    /// The truncated HMAC (8 bytes legacy, 16 bytes OMEMO 2).
    pub mac: Vec<u8>,
    /// The exact bytes the MAC covers after the identity prefix: `0x33 ‖ WhisperMessage`
    /// (legacy) or the serialized `OMEMOMessage` (OMEMO 2).
    pub(crate) authenticated: Vec<u8>,
}

impl RatchetMessage {
    pub fn parse(version: Version, bytes: &[u8]) -> Result<Self, WireError> {
        match version {
            Version::Legacy => legacy::parse_message(bytes),
            Version::Omemo2 => omemo2::parse_message(bytes),
        }
    }

    /// The bytes covered by the MAC (after the identity prefix) for a message to send.
    pub(crate) fn authenticated_part(
        version: Version,
        header: &MessageHeader,
        ciphertext: &[u8],
    ) -> Vec<u8> {
        match version {
            Version::Legacy => legacy::encode_message_body(header, ciphertext),
            Version::Omemo2 => omemo2::encode_message_body(header, ciphertext),
        }
    }

    /// Joins the authenticated part and its MAC into the transmitted message.
    pub(crate) fn assemble(version: Version, authenticated: Vec<u8>, mac: &[u8]) -> Vec<u8> {
        match version {
            Version::Legacy => {
                let mut out = authenticated;
                out.extend_from_slice(mac);
                out
            }
            Version::Omemo2 => omemo2::encode_authenticated(authenticated, mac),
        }
    }
}

/// A decoded key exchange: legacy `PreKeyWhisperMessage`, OMEMO 2 `OMEMOKeyExchange`.
/// The identity key's variant tells the version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyExchange {
    /// The one-time prekey used. Always present in OMEMO 2; optional in libsignal's format.
    pub prekey_id: Option<u32>,
    pub signed_prekey_id: u32,
    /// The initiator's ephemeral key EK ("base key").
    pub base_key: PublicKey,
    /// The initiator's identity key, byte-exact as transmitted.
    pub identity_key: IdentityPublicKey,
    /// Legacy only: libsignal's registration id (clients send their device id).
    pub registration_id: Option<u32>,
    /// The embedded ratchet message, still encoded.
    pub message: Vec<u8>,
}

impl KeyExchange {
    pub fn version(&self) -> Version {
        self.identity_key.version()
    }

    pub fn parse(version: Version, bytes: &[u8]) -> Result<Self, WireError> {
        match version {
            Version::Legacy => legacy::parse_key_exchange(bytes),
            Version::Omemo2 => omemo2::parse_key_exchange(bytes),
        }
    }

    pub fn encode(&self) -> Vec<u8> {
        match self.identity_key {
            IdentityPublicKey::Curve25519(identity) => legacy::encode_key_exchange(self, &identity),
            IdentityPublicKey::Ed25519(identity) => omemo2::encode_key_exchange(self, &identity),
        }
    }
}

fn decode<M: prost::Message + Default>(
    message: &'static str,
    bytes: &[u8],
) -> Result<M, WireError> {
    M::decode(bytes).map_err(|source| WireError::Protobuf { message, source })
}

fn required<T>(
    message: &'static str,
    field: &'static str,
    value: Option<T>,
) -> Result<T, WireError> {
    value.ok_or(WireError::MissingField { message, field })
}
