//! OMEMO 2 messages (`urn:xmpp:omemo:2`):
//! `<encrypted><header sid><keys jid><key rid kex>…</key></keys>…</header><payload/></encrypted>`.
//! Without `<payload>` the element is an empty (key exchange / heartbeat) message.

use super::codec::{
    base64_child, decode, decode_nonempty, device_id, fill_once, flag, too_many, unexpected_child,
};
use super::device_id::DeviceId;
use super::MAX_KEYS;
use crate::jid::BareJid;
use crate::ns;
use crate::payload::{expect_element, required_jid, ParseError};
use crate::xml::Element;

/// The ratchet message for one recipient device.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Omemo2Key {
    pub rid: DeviceId,
    /// `kex='true'`: `data` is an OMEMOKeyExchange that starts a session.
    pub kex: bool,
    pub data: Vec<u8>,
}

/// `<keys jid>`: the keys for the devices of one account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Omemo2Recipient {
    pub jid: BareJid,
    pub keys: Vec<Omemo2Key>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Omemo2Encrypted {
    /// The sending device.
    pub sid: DeviceId,
    pub recipients: Vec<Omemo2Recipient>,
    /// AES-256-CBC ciphertext of the SCE envelope; `None` for an empty message.
    pub payload: Option<Vec<u8>>,
}

impl Omemo2Encrypted {
    pub fn is_empty_message(&self) -> bool {
        self.payload.is_none()
    }

    /// The key for device `rid` of account `jid`.
    pub fn key_for(&self, jid: &BareJid, rid: DeviceId) -> Option<&Omemo2Key> {
        self.recipients
            .iter()
            .filter(|recipient| &recipient.jid == jid)
            .flat_map(|recipient| recipient.keys.iter())
            .find(|key| key.rid == rid)
    }

    /// How many `<key>` elements the header carries.
    pub fn key_count(&self) -> usize {
        self.recipients
            .iter()
            .map(|recipient| recipient.keys.len())
            .sum()
    }
}

impl TryFrom<&Element> for Omemo2Key {
    type Error = ParseError;

    fn try_from(element: &Element) -> Result<Self, ParseError> {
        expect_element(element, "key", ns::OMEMO2)?;
        Ok(Self {
            rid: device_id(element, "key", "rid")?,
            kex: flag(element, "key", "kex")?,
            data: decode_nonempty(element, "key")?,
        })
    }
}

impl From<&Omemo2Key> for Element {
    fn from(key: &Omemo2Key) -> Self {
        Element::builder("key", ns::OMEMO2)
            .attr("rid", key.rid.to_string())
            .attr_opt("kex", key.kex.then_some("true"))
            .text(super::codec::encode(&key.data))
            .build()
    }
}

impl From<Omemo2Key> for Element {
    fn from(key: Omemo2Key) -> Self {
        Element::from(&key)
    }
}

impl Omemo2Recipient {
    /// Parses `<keys>`, counting its keys into `budget` so the whole header stays bounded.
    fn parse_bounded(element: &Element, budget: &mut usize) -> Result<Self, ParseError> {
        expect_element(element, "keys", ns::OMEMO2)?;
        let jid = required_jid(element, "keys", "jid")?;
        let mut keys = Vec::new();
        for child in element.child_elements() {
            if !child.is("key", ns::OMEMO2) {
                return Err(unexpected_child("keys", child));
            }
            if *budget == 0 {
                return Err(too_many("header", "keys", MAX_KEYS));
            }
            *budget -= 1;
            keys.push(Omemo2Key::try_from(child)?);
        }
        Ok(Self { jid, keys })
    }
}

impl TryFrom<&Element> for Omemo2Recipient {
    type Error = ParseError;

    fn try_from(element: &Element) -> Result<Self, ParseError> {
        let mut budget = MAX_KEYS;
        Self::parse_bounded(element, &mut budget)
    }
}

impl From<&Omemo2Recipient> for Element {
    fn from(recipient: &Omemo2Recipient) -> Self {
        Element::builder("keys", ns::OMEMO2)
            .attr("jid", recipient.jid.to_string())
            .append_all(recipient.keys.iter().map(Element::from))
            .build()
    }
}

impl From<Omemo2Recipient> for Element {
    fn from(recipient: Omemo2Recipient) -> Self {
        Element::from(&recipient)
    }
}

impl TryFrom<&Element> for Omemo2Encrypted {
    type Error = ParseError;

    fn try_from(element: &Element) -> Result<Self, ParseError> {
        expect_element(element, "encrypted", ns::OMEMO2)?;
        let (mut header, mut payload) = (None, None);
        for child in element.child_elements() {
            match (child.name.as_str(), child.ns == ns::OMEMO2) {
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
        let mut budget = MAX_KEYS;
        let mut recipients = Vec::new();
        for child in header.child_elements() {
            if !child.is("keys", ns::OMEMO2) {
                return Err(unexpected_child("header", child));
            }
            recipients.push(Omemo2Recipient::parse_bounded(child, &mut budget)?);
        }
        let payload = payload
            .map(|payload| decode("payload", &payload.text()))
            .transpose()?;
        Ok(Self {
            sid,
            recipients,
            payload,
        })
    }
}

impl From<&Omemo2Encrypted> for Element {
    fn from(encrypted: &Omemo2Encrypted) -> Self {
        let header = Element::builder("header", ns::OMEMO2)
            .attr("sid", encrypted.sid.to_string())
            .append_all(encrypted.recipients.iter().map(Element::from))
            .build();
        Element::builder("encrypted", ns::OMEMO2)
            .append(header)
            .append_all(
                encrypted
                    .payload
                    .as_deref()
                    .map(|payload| base64_child("payload", ns::OMEMO2, payload)),
            )
            .build()
    }
}

impl From<Omemo2Encrypted> for Element {
    fn from(encrypted: Omemo2Encrypted) -> Self {
        Element::from(&encrypted)
    }
}
