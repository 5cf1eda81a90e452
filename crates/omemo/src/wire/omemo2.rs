//! `urn:xmpp:omemo:2` protobufs: `OMEMOMessage`, `OMEMOAuthenticatedMessage`,
//! `OMEMOKeyExchange` (all fields `required` in the published proto2 schema).

use super::{decode, required, KeyExchange, RatchetMessage};
use crate::error::WireError;
use crate::keys::{Ed25519PublicKey, IdentityPublicKey, PublicKey};
use crate::ratchet::MessageHeader;
use crate::version::Version;

const MAC_LEN: usize = 16;
const MESSAGE: &str = "OMEMOMessage";
const AUTHENTICATED: &str = "OMEMOAuthenticatedMessage";
const KEY_EXCHANGE: &str = "OMEMOKeyExchange";

#[derive(Clone, PartialEq, prost::Message)]
struct OmemoMessageProto {
    #[prost(uint32, optional, tag = "1")]
    n: Option<u32>,
    #[prost(uint32, optional, tag = "2")]
    pn: Option<u32>,
    #[prost(bytes = "vec", optional, tag = "3")]
    dh_pub: Option<Vec<u8>>,
    #[prost(bytes = "vec", optional, tag = "4")]
    ciphertext: Option<Vec<u8>>,
}

#[derive(Clone, PartialEq, prost::Message)]
struct OmemoAuthenticatedMessageProto {
    #[prost(bytes = "vec", optional, tag = "1")]
    mac: Option<Vec<u8>>,
    #[prost(bytes = "vec", optional, tag = "2")]
    message: Option<Vec<u8>>,
}

/// Field 5 is an embedded `OMEMOAuthenticatedMessage`; it is kept as its encoded bytes, which
/// is the same on the wire and leaves its decoding to [`parse_message`].
#[derive(Clone, PartialEq, prost::Message)]
struct OmemoKeyExchangeProto {
    #[prost(uint32, optional, tag = "1")]
    pk_id: Option<u32>,
    #[prost(uint32, optional, tag = "2")]
    spk_id: Option<u32>,
    #[prost(bytes = "vec", optional, tag = "3")]
    ik: Option<Vec<u8>>,
    #[prost(bytes = "vec", optional, tag = "4")]
    ek: Option<Vec<u8>>,
    #[prost(bytes = "vec", optional, tag = "5")]
    message: Option<Vec<u8>>,
}

pub(super) fn encode_message_body(header: &MessageHeader, ciphertext: &[u8]) -> Vec<u8> {
    prost::Message::encode_to_vec(&OmemoMessageProto {
        n: Some(header.counter),
        pn: Some(header.previous_counter),
        dh_pub: Some(header.ratchet_key.as_bytes().to_vec()),
        ciphertext: Some(ciphertext.to_vec()),
    })
}

pub(super) fn encode_authenticated(message: Vec<u8>, mac: &[u8]) -> Vec<u8> {
    prost::Message::encode_to_vec(&OmemoAuthenticatedMessageProto {
        mac: Some(mac.to_vec()),
        message: Some(message),
    })
}

pub(super) fn parse_message(bytes: &[u8]) -> Result<RatchetMessage, WireError> {
    let outer: OmemoAuthenticatedMessageProto = decode(AUTHENTICATED, bytes)?;
    let mac = required(AUTHENTICATED, "mac", outer.mac)?;
    if mac.len() != MAC_LEN {
        return Err(WireError::InvalidFieldLength {
            message: AUTHENTICATED,
            field: "mac",
            expected: MAC_LEN,
            actual: mac.len(),
        });
    }
    let authenticated = required(AUTHENTICATED, "message", outer.message)?;
    let inner: OmemoMessageProto = decode(MESSAGE, &authenticated)?;
    let dh_pub = required(MESSAGE, "dh_pub", inner.dh_pub)?;
    Ok(RatchetMessage {
        version: Version::Omemo2,
        header: MessageHeader {
            ratchet_key: PublicKey::from_slice("ratchet key", &dh_pub)?,
            counter: required(MESSAGE, "n", inner.n)?,
            previous_counter: required(MESSAGE, "pn", inner.pn)?,
        },
        ciphertext: required(MESSAGE, "ciphertext", inner.ciphertext)?,
        mac,
        authenticated,
    })
}

pub(super) fn encode_key_exchange(exchange: &KeyExchange, identity: &Ed25519PublicKey) -> Vec<u8> {
    prost::Message::encode_to_vec(&OmemoKeyExchangeProto {
        pk_id: exchange.prekey_id,
        spk_id: Some(exchange.signed_prekey_id),
        ik: Some(identity.as_bytes().to_vec()),
        ek: Some(exchange.base_key.as_bytes().to_vec()),
        message: Some(exchange.message.clone()),
    })
}

pub(super) fn parse_key_exchange(bytes: &[u8]) -> Result<KeyExchange, WireError> {
    let proto: OmemoKeyExchangeProto = decode(KEY_EXCHANGE, bytes)?;
    let ik = required(KEY_EXCHANGE, "ik", proto.ik)?;
    let ek = required(KEY_EXCHANGE, "ek", proto.ek)?;
    Ok(KeyExchange {
        prekey_id: Some(required(KEY_EXCHANGE, "pk_id", proto.pk_id)?),
        signed_prekey_id: required(KEY_EXCHANGE, "spk_id", proto.spk_id)?,
        base_key: PublicKey::from_slice("base key", &ek)?,
        identity_key: IdentityPublicKey::Ed25519(Ed25519PublicKey::from_slice(
            "identity key",
            &ik,
        )?),
        registration_id: None,
        message: required(KEY_EXCHANGE, "message", proto.message)?,
    })
}
