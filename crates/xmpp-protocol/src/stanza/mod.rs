//! The three stanza kinds (RFC 6120/6121) as typed structs, and stanza/stream errors.
//!
//! Each parses from an [`Element`] with `TryFrom<&Element>` and serialises
//! with `From<..> for Element`. What a stanza carries beyond its core fields stays in `payloads`
//! as elements, so feature modules (receipts, carbons, OMEMO, MUC, ...) read it with their own
//! `TryFrom<&Element>` without this module knowing about them. A recognised extension that is
//! malformed (say a `<delay>` with a bad stamp) is left in `payloads` rather than failing the
//! whole stanza: one bad extension must not make a message unreadable.

mod error;
mod iq;
mod message;
mod presence;

pub use error::{ErrorCondition, ErrorType, StanzaError, StreamError, StreamErrorCondition};
pub use iq::{Iq, IqKind};
pub use message::{Message, MessageKind};
pub use presence::{Presence, PresenceKind, Show};

use crate::ns;
use crate::payload::{wrong_element, ParseError};
use crate::xml::Element;

/// Stanzas arrive in `jabber:client`; ones that were captured or forwarded without a
/// declaration (XEP-0297 examples, test fixtures) are in no namespace.
pub(crate) fn is_stanza_ns(ns: &str) -> bool {
    ns == ns::CLIENT || ns.is_empty()
}

/// Any of the three stanza kinds, for code that routes whatever arrives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stanza {
    Message(Message),
    Presence(Presence),
    Iq(Iq),
}

impl TryFrom<&Element> for Stanza {
    type Error = ParseError;

    fn try_from(element: &Element) -> Result<Self, ParseError> {
        match element.name.as_str() {
            "message" => Message::try_from(element).map(Stanza::Message),
            "presence" => Presence::try_from(element).map(Stanza::Presence),
            "iq" => Iq::try_from(element).map(Stanza::Iq),
            _ => Err(wrong_element(element, "message|presence|iq", ns::CLIENT)),
        }
    }
}

impl From<Stanza> for Element {
    fn from(stanza: Stanza) -> Self {
        match stanza {
            Stanza::Message(message) => message.into(),
            Stanza::Presence(presence) => presence.into(),
            Stanza::Iq(iq) => iq.into(),
        }
    }
}

/// The `xml:lang` attribute as stored in [`Element::attrs`].
pub(crate) const XML_LANG: &str = "xml:lang";
