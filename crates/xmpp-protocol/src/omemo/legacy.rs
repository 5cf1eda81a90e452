//! Legacy OMEMO messages (`eu.siacs.conversations.axolotl`, XEP-0384 0.3.0):
//! `<encrypted><header sid><key rid prekey>…</key>…<iv/></header><payload/></encrypted>`.
//! Without `<payload>` the element is a key transport (empty/heartbeat) message.

use super::codec::{
    base64_child, decode, decode_nonempty, device_id, fill_once, flag, too_many, unexpected_child,
};
use super::device_id::DeviceId;
use super::MAX_KEYS;
use crate::ns;
use crate::payload::{expect_element, ParseError};
use crate::xml::Element;

/// IV lengths seen on the wire: 12 is what everyone sends now, 16 what old clients sent.
const IV_LENGTHS: [usize; 2] = [12, 16];

/// The ratchet message for one recipient device.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LegacyKey {
    pub rid: DeviceId,
    /// `prekey='true'`: `data` is a PreKeyWhisperMessage that starts a session.
    pub prekey: bool,
    pub data: Vec<u8>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LegacyEncrypted {
    /// The sending device.
    pub sid: DeviceId,
    /// One per recipient device. No JIDs in legacy OMEMO, so rids of different users may
    /// collide in a group chat: try every key addressed to your id.
    pub keys: Vec<LegacyKey>,
    pub iv: Vec<u8>,
    /// AES-128-GCM ciphertext of the body, without the tag; `None` for key transport.
    pub payload: Option<Vec<u8>>,
}

impl LegacyEncrypted {
    pub fn is_key_transport(&self) -> bool {
        self.payload.is_none()
    }

    /// Every key addressed to `rid`.
    pub fn keys_for(&self, rid: DeviceId) -> impl Iterator<Item = &LegacyKey> + '_ {
        self.keys.iter().filter(move |key| key.rid == rid)
    }
}

impl TryFrom<&Element> for LegacyKey {
    type Error = ParseError;

    fn try_from(element: &Element) -> Result<Self, ParseError> {
        expect_element(element, "key", ns::OMEMO_LEGACY)?;
        Ok(Self {
            rid: device_id(element, "key", "rid")?,
            prekey: flag(element, "key", "prekey")?,
            data: decode_nonempty(element, "key")?,
        })
    }
}

impl From<&LegacyKey> for Element {
    fn from(key: &LegacyKey) -> Self {
        Element::builder("key", ns::OMEMO_LEGACY)
            .attr("rid", key.rid.to_string())
            .attr_opt("prekey", key.prekey.then_some("true"))
            .text(super::codec::encode(&key.data))
            .build()
    }
}

impl From<LegacyKey> for Element {
    fn from(key: LegacyKey) -> Self {
        Element::from(&key)
    }
}

impl TryFrom<&Element> for LegacyEncrypted {
    type Error = ParseError;

    fn try_from(element: &Element) -> Result<Self, ParseError> {
        expect_element(element, "encrypted", ns::OMEMO_LEGACY)?;
        let (mut header, mut payload) = (None, None);
        for child in element.child_elements() {
            match (child.name.as_str(), child.ns == ns::OMEMO_LEGACY) {
                ("header", true) => fill_once(&mut header, child, "encrypted")?,
                ("payload", true) => fill_once(&mut payload, child, "encrypted")?,
                _ => return Err(unexpected_child("encrypted", child)),
            }
        }
        let header = header.ok_or(ParseError::MissingChild {
            element: "encrypted",
            child: "header",
        })?;
        let sid = device_id(header, "header", "sid")?;
        let (mut keys, mut iv) = (Vec::new(), None);
        for child in header.child_elements() {
            match (child.name.as_str(), child.ns == ns::OMEMO_LEGACY) {
                ("key", true) if keys.len() >= MAX_KEYS => {
                    return Err(too_many("header", "keys", MAX_KEYS))
                }
                ("key", true) => keys.push(LegacyKey::try_from(child)?),
                ("iv", true) => fill_once(&mut iv, child, "header")?,
                _ => return Err(unexpected_child("header", child)),
            }
        }
        let iv_element = iv.ok_or(ParseError::MissingChild {
            element: "header",
            child: "iv",
        })?;
        let iv = decode("iv", &iv_element.text())?;
        if !IV_LENGTHS.contains(&iv.len()) {
            return Err(ParseError::InvalidContent {
                element: "iv",
                value: super::codec::preview(&iv_element.text()),
                reason: format!("decodes to {} bytes, expected 12 or 16", iv.len()),
            });
        }
        let payload = payload
            .map(|payload| decode("payload", &payload.text()))
            .transpose()?;
        Ok(Self {
            sid,
            keys,
            iv,
            payload,
        })
    }
}

impl From<&LegacyEncrypted> for Element {
    fn from(encrypted: &LegacyEncrypted) -> Self {
        let header = Element::builder("header", ns::OMEMO_LEGACY)
            .attr("sid", encrypted.sid.to_string())
            .append_all(encrypted.keys.iter().map(Element::from))
            .append(base64_child("iv", ns::OMEMO_LEGACY, &encrypted.iv))
            .build();
        Element::builder("encrypted", ns::OMEMO_LEGACY)
            .append(header)
            .append_all(
                encrypted
                    .payload
                    .as_deref()
                    .map(|payload| base64_child("payload", ns::OMEMO_LEGACY, payload)),
            )
            .build()
    }
}

impl From<LegacyEncrypted> for Element {
    fn from(encrypted: LegacyEncrypted) -> Self {
        Element::from(&encrypted)
    }
}
