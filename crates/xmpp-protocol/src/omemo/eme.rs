//! What travels in clear next to an `<encrypted>` element: the XEP-0380 `<encryption>` marker,
//! the XEP-0334 `<store/>` hint (without it many archives drop body-less messages) and the
//! fallback body for clients without OMEMO; plus [`OmemoEncrypted`], either version.

use super::legacy::LegacyEncrypted;
use super::omemo2::Omemo2Encrypted;
use crate::ns;
use crate::payload::{expect_element, required_attr, wrong_element, ParseError};
use crate::stanza::Message;
use crate::xml::Element;

/// The body shown by clients that cannot decrypt. A receiver never displays the body of a
/// message that carries a readable `<encrypted>`.
pub const FALLBACK_BODY: &str =
    "I sent you an OMEMO encrypted message but your client doesn’t seem to support that.";

/// The XEP-0380 name every client shows for both OMEMO versions.
const OMEMO_NAME: &str = "OMEMO";

/// `<encryption xmlns='urn:xmpp:eme:0' namespace name/>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Encryption {
    pub namespace: String,
    pub name: Option<String>,
}

/// `<store xmlns='urn:xmpp:hints'/>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct StoreHint;

/// An `<encrypted>` element of either version. Converse.js sends both in one stanza; prefer
/// OMEMO 2 when a message carries both.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OmemoEncrypted {
    Legacy(LegacyEncrypted),
    Omemo2(Omemo2Encrypted),
}

impl Encryption {
    pub fn legacy_omemo() -> Self {
        Self {
            namespace: ns::OMEMO_LEGACY.to_owned(),
            name: Some(OMEMO_NAME.to_owned()),
        }
    }

    pub fn omemo2() -> Self {
        Self {
            namespace: ns::OMEMO2.to_owned(),
            name: Some(OMEMO_NAME.to_owned()),
        }
    }

    pub fn is_omemo(&self) -> bool {
        self.namespace == ns::OMEMO_LEGACY || self.namespace == ns::OMEMO2
    }
}

impl TryFrom<&Element> for Encryption {
    type Error = ParseError;

    fn try_from(element: &Element) -> Result<Self, ParseError> {
        expect_element(element, "encryption", ns::EME)?;
        Ok(Self {
            namespace: required_attr(element, "encryption", "namespace")?.to_owned(),
            name: element.attr("name").map(str::to_owned),
        })
    }
}

impl From<&Encryption> for Element {
    fn from(encryption: &Encryption) -> Self {
        Element::builder("encryption", ns::EME)
            .attr("namespace", encryption.namespace.clone())
            .attr_opt("name", encryption.name.clone())
            .build()
    }
}

impl From<Encryption> for Element {
    fn from(encryption: Encryption) -> Self {
        Element::from(&encryption)
    }
}

impl TryFrom<&Element> for StoreHint {
    type Error = ParseError;

    fn try_from(element: &Element) -> Result<Self, ParseError> {
        expect_element(element, "store", ns::HINTS).map(|()| StoreHint)
    }
}

impl From<StoreHint> for Element {
    fn from(_: StoreHint) -> Self {
        Element::new("store", ns::HINTS)
    }
}

impl OmemoEncrypted {
    pub fn encryption(&self) -> Encryption {
        match self {
            Self::Legacy(_) => Encryption::legacy_omemo(),
            Self::Omemo2(_) => Encryption::omemo2(),
        }
    }

    pub fn has_payload(&self) -> bool {
        match self {
            Self::Legacy(encrypted) => encrypted.payload.is_some(),
            Self::Omemo2(encrypted) => encrypted.payload.is_some(),
        }
    }

    /// Every `<encrypted>` of either version in `message`, OMEMO 2 first.
    pub fn all_in(message: &Message) -> Vec<Result<Self, ParseError>> {
        let mut found: Vec<Result<Self, ParseError>> = message
            .payloads
            .iter()
            .map(Self::try_from)
            .filter(|result| !matches!(result, Err(e) if e.is_wrong_element()))
            .collect();
        found.sort_by_key(|result| !matches!(result, Ok(Self::Omemo2(_))));
        found
    }

    /// Adds this element to `message` with what travels beside it: the EME marker, the store
    /// hint and, for messages with a payload, the fallback body.
    pub fn attach_to(self, message: &mut Message) {
        if self.has_payload() && message.body.is_none() {
            message.body = Some(FALLBACK_BODY.to_owned());
        }
        let encryption = self.encryption();
        let has_payload = self.has_payload();
        message.payloads.push(self.into());
        if !message
            .payloads
            .iter()
            .any(|payload| payload.is("store", ns::HINTS))
        {
            message.payloads.push(StoreHint.into());
        }
        if has_payload
            && !message
                .payloads
                .iter()
                .any(|payload| payload.is("encryption", ns::EME))
        {
            message.payloads.push(encryption.into());
        }
    }
}

impl TryFrom<&Element> for OmemoEncrypted {
    type Error = ParseError;

    fn try_from(element: &Element) -> Result<Self, ParseError> {
        match element.ns.as_str() {
            ns::OMEMO_LEGACY => LegacyEncrypted::try_from(element).map(Self::Legacy),
            ns::OMEMO2 => Omemo2Encrypted::try_from(element).map(Self::Omemo2),
            _ => Err(wrong_element(element, "encrypted", ns::OMEMO2)),
        }
    }
}

impl From<&OmemoEncrypted> for Element {
    fn from(encrypted: &OmemoEncrypted) -> Self {
        match encrypted {
            OmemoEncrypted::Legacy(encrypted) => encrypted.into(),
            OmemoEncrypted::Omemo2(encrypted) => encrypted.into(),
        }
    }
}

impl From<OmemoEncrypted> for Element {
    fn from(encrypted: OmemoEncrypted) -> Self {
        Element::from(&encrypted)
    }
}
