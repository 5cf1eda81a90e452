//! Error types, one enum per layer. Every variant carries what is needed to tell what went wrong.

use thiserror::Error;

use crate::version::Version;

/// A key could not be decoded or used.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum KeyError {
    #[error("{what} must be {expected} bytes long, got {actual}")]
    InvalidLength {
        what: &'static str,
        expected: usize,
        actual: usize,
    },
    #[error("{what} starts with key type byte {found:#04x}, expected 0x05 (Curve25519)")]
    UnknownKeyType { what: &'static str, found: u8 },
    #[error("{what} is not a valid curve point")]
    NotOnCurve { what: &'static str },
    #[error("{what} is not a canonical Curve25519 encoding (top bit set or not below 2^255 - 19)")]
    NonCanonical { what: &'static str },
    #[error("Diffie-Hellman with {what} gave the all-zero output (low-order public key)")]
    NonContributory { what: &'static str },
}

/// A signature did not verify.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SignatureError {
    #[error("signature must be 64 bytes long, got {actual}")]
    InvalidLength { actual: usize },
    #[error("the signing public key is not a valid Ed25519 point")]
    InvalidPublicKey,
    #[error("the signature's scalar half is not reduced modulo the group order")]
    NonCanonicalScalar,
    #[error("the signature does not match the message and public key")]
    Mismatch,
}

/// Bytes received from the network could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum WireError {
    #[error("{what} is too short: at least {minimum} bytes needed, got {actual}")]
    TooShort {
        what: &'static str,
        minimum: usize,
        actual: usize,
    },
    #[error("unsupported message version byte {byte:#04x} (expected 0x33)")]
    UnsupportedVersion { byte: u8 },
    #[error("{message} is not valid protobuf")]
    Protobuf {
        message: &'static str,
        #[source]
        source: prost::DecodeError,
    },
    #[error("{message} lacks its required field `{field}`")]
    MissingField {
        message: &'static str,
        field: &'static str,
    },
    #[error("field `{field}` of {message} must be {expected} bytes long, got {actual}")]
    InvalidFieldLength {
        message: &'static str,
        field: &'static str,
        expected: usize,
        actual: usize,
    },
    #[error("invalid key in a received message")]
    Key(#[from] KeyError),
}

/// A message payload (the part outside the ratchet) could not be encrypted or decrypted.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum PayloadError {
    #[error("key material must be {expected} bytes long, got {actual}")]
    InvalidKeyMaterialLength { expected: usize, actual: usize },
    #[error("AES-GCM IV must be 12 or 16 bytes long, got {actual}")]
    UnsupportedIvLength { actual: usize },
    #[error("payload ciphertext is too short: at least {minimum} bytes needed, got {actual}")]
    CiphertextTooShort { minimum: usize, actual: usize },
    #[error("payload authentication failed (wrong key, tag or tampered ciphertext)")]
    Authentication,
    #[error("payload padding is invalid")]
    Padding,
    #[error("plaintext of {actual} bytes is too long for the payload cipher")]
    PlaintextTooLong { actual: usize },
}

/// A session could not be built, or a message could not be encrypted or decrypted with it.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SessionError {
    #[error(transparent)]
    Key(#[from] KeyError),
    #[error("the bundle's signed prekey signature is invalid")]
    BundleSignature(#[source] SignatureError),
    #[error(transparent)]
    Wire(#[from] WireError),
    #[error("a {found:?} key or message was given to a {expected:?} session")]
    VersionMismatch { expected: Version, found: Version },
    #[error("the bundle has no one-time prekeys")]
    BundleWithoutPreKeys,
    #[error("the bundle has no one-time prekey with id {id}")]
    UnknownBundlePreKey { id: u32 },
    #[error(
        "the key exchange uses signed prekey {requested}, but signed prekey {given} was supplied"
    )]
    SignedPreKeyMismatch { requested: u32, given: u32 },
    #[error("the key exchange uses one-time prekey {requested:?}, but {given:?} was supplied")]
    PreKeyMismatch {
        requested: Option<u32>,
        given: Option<u32>,
    },
    #[error("the key exchange does not belong to this session (different base key or identity)")]
    ForeignKeyExchange,
    #[error("the session cannot send yet: no message has been received on it")]
    NoSendingChain,
    #[error("message {counter} was already decrypted (duplicate or replay)")]
    DuplicateMessage { counter: u32 },
    #[error("message {counter} would skip {skipped} message keys, more than the limit of {limit}")]
    TooManySkippedMessages {
        counter: u32,
        skipped: u64,
        limit: u32,
    },
    #[error("the message counter would overflow")]
    CounterOverflow,
    #[error("the message authentication code is wrong")]
    MacMismatch,
    #[error("the decrypted key material has invalid padding")]
    Padding,
}
