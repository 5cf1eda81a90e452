//! The XEP-0420 envelope that OMEMO 2 encrypts:
//! `<envelope xmlns='urn:xmpp:sce:1'><content>…</content><rpad/><from jid/><to jid/><time stamp/></envelope>`.
//!
//! Parsing only reads the structure; whether `from` and `to` match the stanza is the caller's
//! decision, made with [`Envelope::check_from`] and [`Envelope::check_to`] (or [`Envelope::validate`]).

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

use super::codec::{fill_once, preview};
use crate::datetime::{format_datetime, parse_datetime};
use crate::jid::{BareJid, Jid};
use crate::ns;
use crate::payload::{expect_element, required_attr, required_jid, ParseError};
use crate::xml::{parse_element, Element, XmlError};
use crate::Millis;

/// Elements a sender must not put inside `<content>` (XEP-0420 §9): they steer servers and
/// would let an encrypted message override what the server saw.
const FORBIDDEN_CONTENT_NS: [&str; 6] = [
    ns::HINTS,
    ns::SID,
    ns::ADDRESS,
    ns::EME,
    ns::OMEMO2,
    ns::OMEMO_LEGACY,
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Envelope {
    /// The protected stanza extensions (`<body xmlns='jabber:client'>`, ...).
    pub content: Vec<Element>,
    /// Random padding hiding the content length; OMEMO requires it when sending.
    pub rpad: Option<String>,
    pub from: Option<Jid>,
    pub to: Option<Jid>,
    pub time: Option<Millis>,
}

/// Why a decrypted envelope is unusable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SceError {
    #[error("the decrypted envelope is not UTF-8 (invalid at byte {valid_up_to})")]
    NotUtf8 { valid_up_to: usize },
    #[error("the decrypted envelope is not well-formed XML: {0}")]
    Xml(#[from] XmlError),
    #[error("the decrypted envelope is malformed: {0}")]
    Malformed(#[from] ParseError),
    #[error("the envelope has no <from/>, so its sender cannot be checked")]
    MissingFrom,
    #[error("the envelope claims to be from {found} but the stanza came from {expected}")]
    FromMismatch { expected: BareJid, found: Jid },
    #[error("the envelope has no <to/>, which group chat messages require")]
    MissingTo,
    #[error("the envelope is addressed to {found} but the stanza was sent to {expected}")]
    ToMismatch { expected: BareJid, found: Jid },
}

impl Envelope {
    /// An envelope for `content`; `rpad` comes from [`Envelope::rpad_from_random`].
    pub fn new(
        content: Vec<Element>,
        rpad: String,
        from: BareJid,
        to: Option<Jid>,
        time: Option<Millis>,
    ) -> Self {
        Self {
            content,
            rpad: Some(rpad),
            from: Some(from.into()),
            to,
            time,
        }
    }

    /// An envelope carrying just a chat body.
    pub fn with_body(
        body: &str,
        rpad: String,
        from: BareJid,
        to: Option<Jid>,
        time: Option<Millis>,
    ) -> Self {
        let body = Element::builder("body", ns::CLIENT).text(body).build();
        Self::new(vec![body], rpad, from, to, time)
    }

    /// Padding text from caller-supplied random bytes; the caller also picks their number at
    /// random (XEP-0420 suggests 0–200), which is what hides the length.
    pub fn rpad_from_random(random: &[u8]) -> String {
        URL_SAFE_NO_PAD.encode(random)
    }

    /// The first `<body>` of the content.
    pub fn body(&self) -> Option<String> {
        self.allowed_content()
            .find(|element| element.is("body", ns::CLIENT))
            .map(Element::text)
    }

    /// The content without elements XEP-0420 forbids inside an envelope; treat these as if they
    /// were children of the stanza.
    pub fn allowed_content(&self) -> impl Iterator<Item = &Element> {
        self.content
            .iter()
            .filter(|element| !FORBIDDEN_CONTENT_NS.contains(&element.ns.as_str()))
    }

    /// Fails unless `<from>` names `sender` (compared as bare JIDs).
    pub fn check_from(&self, sender: &BareJid) -> Result<(), SceError> {
        match &self.from {
            None => Err(SceError::MissingFrom),
            Some(found) if found.as_bare() == sender => Ok(()),
            Some(found) => Err(SceError::FromMismatch {
                expected: sender.clone(),
                found: found.clone(),
            }),
        }
    }

    /// Fails unless `<to>` names `recipient` (compared as bare JIDs); a missing `<to>` passes
    /// unless `required` (group chat).
    pub fn check_to(&self, recipient: &BareJid, required: bool) -> Result<(), SceError> {
        match &self.to {
            None if required => Err(SceError::MissingTo),
            None => Ok(()),
            Some(found) if found.as_bare() == recipient => Ok(()),
            Some(found) => Err(SceError::ToMismatch {
                expected: recipient.clone(),
                found: found.clone(),
            }),
        }
    }

    /// Both checks: the sender's bare JID, and the stanza's recipient (the room in a group chat,
    /// where `<to>` is required).
    pub fn validate(
        &self,
        sender: &BareJid,
        recipient: &BareJid,
        group_chat: bool,
    ) -> Result<(), SceError> {
        self.check_from(sender)?;
        self.check_to(recipient, group_chat)
    }

    /// Reads a decrypted payload.
    pub fn from_plaintext(plaintext: &[u8]) -> Result<Self, SceError> {
        let text = std::str::from_utf8(plaintext).map_err(|e| SceError::NotUtf8 {
            valid_up_to: e.valid_up_to(),
        })?;
        Ok(Self::try_from(&parse_element(text)?)?)
    }

    /// The bytes to encrypt.
    pub fn to_plaintext(&self) -> Vec<u8> {
        Element::from(self).to_xml().into_bytes()
    }
}

impl TryFrom<&Element> for Envelope {
    type Error = ParseError;

    fn try_from(element: &Element) -> Result<Self, ParseError> {
        expect_element(element, "envelope", ns::SCE)?;
        let (mut content, mut rpad, mut from, mut to, mut time) = (None, None, None, None, None);
        for child in element.child_elements().filter(|child| child.ns == ns::SCE) {
            let slot = match child.name.as_str() {
                "content" => &mut content,
                "rpad" => &mut rpad,
                "from" => &mut from,
                "to" => &mut to,
                "time" => &mut time,
                // Affix elements this version does not know are skipped, as XEP-0420 allows.
                _ => continue,
            };
            fill_once(slot, child, "envelope")?;
        }
        let content = content.ok_or(ParseError::MissingChild {
            element: "envelope",
            child: "content",
        })?;
        let time = time
            .map(|time| {
                let stamp = required_attr(time, "time", "stamp")?;
                parse_datetime(stamp).map_err(|source| ParseError::InvalidTimestamp {
                    element: "time",
                    value: preview(stamp),
                    source,
                })
            })
            .transpose()?;
        Ok(Self {
            content: content.child_elements().cloned().collect(),
            rpad: rpad.map(Element::text),
            from: from
                .map(|from| required_jid(from, "from", "jid"))
                .transpose()?,
            to: to.map(|to| required_jid(to, "to", "jid")).transpose()?,
            time,
        })
    }
}

impl From<&Envelope> for Element {
    fn from(envelope: &Envelope) -> Self {
        let affix = |name: &str, jid: &Option<Jid>| {
            jid.as_ref().map(|jid| {
                Element::builder(name, ns::SCE)
                    .attr("jid", jid.to_string())
                    .build()
            })
        };
        Element::builder("envelope", ns::SCE)
            .append(
                Element::builder("content", ns::SCE)
                    .append_all(envelope.content.iter().cloned())
                    .build(),
            )
            .append_all(
                envelope
                    .rpad
                    .as_ref()
                    .map(|rpad| Element::builder("rpad", ns::SCE).text(rpad.clone()).build()),
            )
            .append_all(affix("from", &envelope.from))
            .append_all(affix("to", &envelope.to))
            .append_all(envelope.time.map(|time| {
                Element::builder("time", ns::SCE)
                    .attr("stamp", format_datetime(time))
                    .build()
            }))
            .build()
    }
}

impl From<Envelope> for Element {
    fn from(envelope: Envelope) -> Self {
        Element::from(&envelope)
    }
}
