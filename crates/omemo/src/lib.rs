//! Sans-IO OMEMO cryptography for both wire versions: legacy `eu.siacs.conversations.axolotl`
//! (libsignal protocol v3) and `urn:xmpp:omemo:2`.
//!
//! No XML, no I/O, no clock, no global RNG: randomness comes in as
//! `&mut impl rand_core::CryptoRngCore` (or as explicit bytes), time as milliseconds. Sessions
//! are values: [`Session::encrypt`] and [`Session::decrypt`] return the next state to persist
//! together with their output.
//!
//! Layers: [`keys`] and [`xeddsa`] (encodings, signatures, conversions) → X3DH → the Double
//! Ratchet → [`wire`] codecs → [`Session`]; [`payload`] encrypts message bodies outside the
//! ratchet. On top, [`OmemoMachine`] ([`machine`]) manages the own device, sessions, device
//! lists and trust for a chat client: calls return their output with the [`Changes`] to
//! persist and the [`FollowUp`]s to carry out. The stanza mapping lives in `xmpp-protocol`.

mod aes_cbc;
pub mod error;
mod hex;
mod identity;
mod kdf;
pub mod keys;
pub mod machine;
pub mod payload;
mod prekeys;
mod ratchet;
mod serde_array;
mod serde_pairs;
mod session;
mod version;
pub mod wire;
mod x3dh;
pub mod xeddsa;

#[cfg(test)]
mod internal_tests;

pub use error::{KeyError, PayloadError, SessionError, SignatureError, WireError};
pub use identity::{generate_device_id, IdentityKeyPair};
pub use keys::{Ed25519PublicKey, IdentityPublicKey, PrivateKey, PublicKey};
pub use machine::error::{
    DecryptError, DeviceFailure, DeviceFailureReason, EncryptError, FingerprintError, TrustError,
};
pub use machine::{
    Changes, Config, DecryptOutcome, DecryptedMessage, DeviceAddress, DeviceInfo, EmptyMessage,
    EmptyMessageReason, EncryptOutcome, EncryptRequest, FetchedBundle, Fingerprint, FollowUp,
    ImportedDevice, IncomingMessage, KeyElement, MachineState, OmemoMachine, OutgoingMessage,
    Plaintext, ReceivedKey, Recipient, SessionAddress, Trust, Update,
};
pub use payload::KeyMaterial;
pub use prekeys::{Bundle, OneTimePreKey, PreKeyPublic, SignedPreKey, MAX_PREKEY_ID};
pub use ratchet::{MessageHeader, MAX_RECEIVING_CHAINS, MAX_SKIP, MAX_STORED_SKIPPED_KEYS};
pub use session::{Accepted, Decrypted, Encrypted, InitiatorSecrets, Role, Session};
pub use version::Version;
pub use wire::{KeyExchange, RatchetMessage};
pub use xeddsa::{EdwardsForm, Signature};
