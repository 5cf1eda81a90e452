//! libsignal protocol v3 as used by `eu.siacs.conversations.axolotl`:
//! `0x33 ‖ WhisperMessage ‖ MAC8` and `0x33 ‖ PreKeyWhisperMessage`.

use super::{decode, required, KeyExchange, RatchetMessage};
use crate::error::WireError;
use crate::keys::{IdentityPublicKey, PublicKey};
use crate::ratchet::MessageHeader;
use crate::version::Version;

/// High nibble: message version 3; low nibble: the sender's highest supported version 3.
pub(crate) const VERSION_BYTE: u8 = 0x33;
const MAC_LEN: usize = 8;
const WHISPER: &str = "WhisperMessage";
const PREKEY_WHISPER: &str = "PreKeyWhisperMessage";

#[derive(Clone, PartialEq, prost::Message)]
struct WhisperMessageProto {
    #[prost(bytes = "vec", optional, tag = "1")]
    ratchet_key: Option<Vec<u8>>,
    #[prost(uint32, optional, tag = "2")]
    counter: Option<u32>,
    #[prost(uint32, optional, tag = "3")]
    previous_counter: Option<u32>,
    #[prost(bytes = "vec", optional, tag = "4")]
    ciphertext: Option<Vec<u8>>,
}

#[derive(Clone, PartialEq, prost::Message)]
struct PreKeyWhisperMessageProto {
    #[prost(uint32, optional, tag = "1")]
    pre_key_id: Option<u32>,
    #[prost(bytes = "vec", optional, tag = "2")]
    base_key: Option<Vec<u8>>,
    #[prost(bytes = "vec", optional, tag = "3")]
    identity_key: Option<Vec<u8>>,
    #[prost(bytes = "vec", optional, tag = "4")]
    message: Option<Vec<u8>>,
    #[prost(uint32, optional, tag = "5")]
    registration_id: Option<u32>,
    #[prost(uint32, optional, tag = "6")]
    signed_pre_key_id: Option<u32>,
}

/// Every OMEMO sender writes exactly 0x33. The byte of a key exchange is not covered by any
/// MAC, so accepting other low nibbles (as libsignal does) would only make it malleable.
fn strip_version<'a>(what: &'static str, bytes: &'a [u8]) -> Result<&'a [u8], WireError> {
    match bytes.split_first() {
        Some((&VERSION_BYTE, rest)) => Ok(rest),
        Some((&byte, _)) => Err(WireError::UnsupportedVersion { byte }),
        None => Err(WireError::TooShort {
            what,
            minimum: 1,
            actual: 0,
        }),
    }
}

pub(super) fn encode_message_body(header: &MessageHeader, ciphertext: &[u8]) -> Vec<u8> {
    let proto = WhisperMessageProto {
        ratchet_key: Some(header.ratchet_key.to_djb().to_vec()),
        counter: Some(header.counter),
        previous_counter: Some(header.previous_counter),
        ciphertext: Some(ciphertext.to_vec()),
    };
    let mut out = vec![VERSION_BYTE];
    out.extend(prost::Message::encode_to_vec(&proto));
    out
}

pub(super) fn parse_message(bytes: &[u8]) -> Result<RatchetMessage, WireError> {
    let too_short = WireError::TooShort {
        what: WHISPER,
        minimum: 1 + MAC_LEN,
        actual: bytes.len(),
    };
    let split = bytes.len().checked_sub(MAC_LEN).ok_or(too_short.clone())?;
    let (body, mac) = bytes.split_at_checked(split).ok_or(too_short.clone())?;
    if body.is_empty() {
        return Err(too_short);
    }
    let proto: WhisperMessageProto = decode(WHISPER, strip_version(WHISPER, body)?)?;
    let ratchet_key = required(WHISPER, "ratchetKey", proto.ratchet_key)?;
    Ok(RatchetMessage {
        version: Version::Legacy,
        header: MessageHeader {
            ratchet_key: PublicKey::from_djb("ratchet key", &ratchet_key)?,
            counter: required(WHISPER, "counter", proto.counter)?,
            previous_counter: required(WHISPER, "previousCounter", proto.previous_counter)?,
        },
        ciphertext: required(WHISPER, "ciphertext", proto.ciphertext)?,
        mac: mac.to_vec(),
        authenticated: body.to_vec(),
    })
}

pub(super) fn encode_key_exchange(exchange: &KeyExchange, identity: &PublicKey) -> Vec<u8> {
    let proto = PreKeyWhisperMessageProto {
        pre_key_id: exchange.prekey_id,
        base_key: Some(exchange.base_key.to_djb().to_vec()),
        identity_key: Some(identity.to_djb().to_vec()),
        message: Some(exchange.message.clone()),
        registration_id: exchange.registration_id,
        signed_pre_key_id: Some(exchange.signed_prekey_id),
    };
    let mut out = vec![VERSION_BYTE];
    out.extend(prost::Message::encode_to_vec(&proto));
    out
}

pub(super) fn parse_key_exchange(bytes: &[u8]) -> Result<KeyExchange, WireError> {
    let proto: PreKeyWhisperMessageProto =
        decode(PREKEY_WHISPER, strip_version(PREKEY_WHISPER, bytes)?)?;
    let base_key = required(PREKEY_WHISPER, "baseKey", proto.base_key)?;
    let identity_key = required(PREKEY_WHISPER, "identityKey", proto.identity_key)?;
    Ok(KeyExchange {
        prekey_id: proto.pre_key_id,
        signed_prekey_id: required(PREKEY_WHISPER, "signedPreKeyId", proto.signed_pre_key_id)?,
        base_key: PublicKey::from_djb("base key", &base_key)?,
        identity_key: IdentityPublicKey::Curve25519(PublicKey::from_djb(
            "identity key",
            &identity_key,
        )?),
        registration_id: proto.registration_id,
        message: required(PREKEY_WHISPER, "message", proto.message)?,
    })
}
