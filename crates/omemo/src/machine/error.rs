//! Errors of the session manager, worded so a UI can explain them.

use thiserror::Error;

use super::fingerprint::Fingerprint;
use super::records::DeviceAddress;
use crate::error::{KeyError, PayloadError, SessionError, SignatureError, WireError};
use crate::version::Version;

/// Why one recipient device got no key in an encrypted message. The others still get theirs.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("device {} of {}: {reason}", device.device_id, device.jid)]
pub struct DeviceFailure {
    pub device: DeviceAddress,
    #[source]
    pub reason: DeviceFailureReason,
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DeviceFailureReason {
    #[error("its key {fingerprint} is distrusted")]
    Distrusted { fingerprint: Fingerprint },
    #[error("its key {fingerprint} waits for a trust decision")]
    Undecided { fingerprint: Fingerprint },
    #[error("there is no session with it and no bundle was supplied")]
    NoBundle,
    #[error("the supplied bundle is a {found:?} bundle, the message is {expected:?}")]
    BundleVersionMismatch { expected: Version, found: Version },
    #[error("its bundle's signed prekey signature is invalid")]
    BadBundleSignature(#[source] SignatureError),
    #[error("its bundle has no one-time prekeys")]
    BundleWithoutPreKeys,
    #[error("its bundle's identity key is invalid")]
    InvalidIdentityKey(#[source] KeyError),
    #[error("its bundle cannot start a session")]
    InvalidBundle(#[source] SessionError),
    #[error("its session cannot encrypt")]
    Session(#[source] SessionError),
}

/// The whole message could not be encrypted.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum EncryptError {
    #[error("the message payload could not be encrypted")]
    Payload(#[from] PayloadError),
}

/// Why a received message could not be decrypted.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DecryptError {
    #[error("the message was not encrypted for this device ({device_id})")]
    NotForThisDevice { device_id: u32 },
    #[error("the message was sent before this device existed")]
    SentBeforeThisDeviceExisted {
        sent_at_ms: u64,
        device_created_at_ms: u64,
    },
    #[error("the message is this device's own message coming back (not encrypted for itself)")]
    OwnMessage,
    #[error("there is no session with device {} of {}", device.device_id, device.jid)]
    NoSession { device: DeviceAddress },
    #[error("the message uses one-time prekey {prekey_id}, which this device no longer has (already used, or from before a reset)")]
    UnknownPreKey { prekey_id: u32 },
    #[error("the message uses signed prekey {signed_prekey_id}, which this device no longer has")]
    UnknownSignedPreKey { signed_prekey_id: u32 },
    #[error("the message comes from a distrusted device ({fingerprint})")]
    Distrusted {
        device: DeviceAddress,
        fingerprint: Fingerprint,
    },
    #[error("device {} of {} now has key {received}, not the known {known}; reset the session to accept it", device.device_id, device.jid)]
    IdentityChanged {
        device: DeviceAddress,
        known: Fingerprint,
        received: Fingerprint,
    },
    #[error("message {counter} was already decrypted (duplicate or replay)")]
    Duplicate { counter: u32 },
    #[error("the message was tampered with or is not from the session it claims")]
    Tampered(#[source] SessionError),
    #[error("the message payload was tampered with")]
    PayloadTampered(#[source] PayloadError),
    #[error("the message payload cannot be decrypted")]
    InvalidPayload(#[source] PayloadError),
    #[error("the legacy message has a payload but no IV")]
    MissingIv,
    #[error(
        "the empty message carries {actual} bytes of key material, at least {minimum} expected"
    )]
    KeyMaterialTooShort { minimum: usize, actual: usize },
    #[error("the key element is malformed")]
    Malformed(#[source] WireError),
    #[error("the session could not decrypt the message")]
    Session(#[source] SessionError),
}

impl DecryptError {
    /// Errors a UI should not show (the XEP asks to ignore duplicates silently, and the own
    /// device's echoes are matched to the locally kept copy instead).
    pub fn is_silent(&self) -> bool {
        matches!(
            self,
            DecryptError::Duplicate { .. } | DecryptError::OwnMessage
        )
    }

    pub(crate) fn from_payload(error: PayloadError) -> Self {
        match error {
            PayloadError::Authentication | PayloadError::Padding => {
                DecryptError::PayloadTampered(error)
            }
            other => DecryptError::InvalidPayload(other),
        }
    }

    /// Maps a session error to what it means for the user.
    pub(crate) fn from_session(error: SessionError) -> Self {
        match error {
            SessionError::DuplicateMessage { counter } => DecryptError::Duplicate { counter },
            SessionError::MacMismatch | SessionError::Padding => DecryptError::Tampered(error),
            SessionError::Wire(wire) => DecryptError::Malformed(wire),
            other => DecryptError::Session(other),
        }
    }
}

/// A trust decision could not be applied.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum TrustError {
    #[error("device {} of {} has never shown key {fingerprint}", device.device_id, device.jid)]
    UnknownKey {
        device: DeviceAddress,
        fingerprint: Fingerprint,
    },
}

/// A fingerprint typed or scanned by the user could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum FingerprintError {
    #[error("a fingerprint has 64 hex digits, got {digits}")]
    InvalidLength { digits: usize },
    #[error("{found:?} is not a hex digit")]
    NotHex { found: char },
}
