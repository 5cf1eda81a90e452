//! XEP-0184 delivery receipts and XEP-0333 chat markers: "your message arrived" and "your
//! message was seen". Sent as body-less messages; markers copied to our other devices by
//! carbons are what keeps read state in step across them.

use crate::ns;
use crate::payload::{required_attr, wrong_element, ParseError};
use crate::xml::Element;

/// A receipt or marker payload of a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Marker {
    /// XEP-0184 `<request/>`: please confirm delivery.
    ReceiptRequest,
    /// XEP-0184 `<received id/>`: the message `id` was delivered.
    ReceiptReceived(String),
    /// XEP-0333 `<markable/>`: markers are welcome for this message.
    Markable,
    /// XEP-0333 `<received id/>`.
    Received(String),
    /// XEP-0333 `<displayed id/>`: this message and everything before it was seen.
    Displayed(String),
    /// XEP-0333 `<acknowledged id/>`.
    Acknowledged(String),
}

impl Marker {
    /// Every marker among `payloads`; unknown and malformed ones are skipped.
    pub fn all_in(payloads: &[Element]) -> Vec<Marker> {
        payloads
            .iter()
            .filter_map(|p| Marker::try_from(p).ok())
            .collect()
    }

    /// The id of the message this marker or receipt talks about.
    pub fn target(&self) -> Option<&str> {
        match self {
            Marker::ReceiptRequest | Marker::Markable => None,
            Marker::ReceiptReceived(id)
            | Marker::Received(id)
            | Marker::Displayed(id)
            | Marker::Acknowledged(id) => Some(id),
        }
    }
}

impl TryFrom<&Element> for Marker {
    type Error = ParseError;

    fn try_from(element: &Element) -> Result<Self, ParseError> {
        let id = || required_attr(element, "marker", "id").map(str::to_owned);
        match (element.ns.as_str(), element.name.as_str()) {
            (ns::RECEIPTS, "request") => Ok(Marker::ReceiptRequest),
            (ns::RECEIPTS, "received") => Ok(Marker::ReceiptReceived(id()?)),
            (ns::MARKERS, "markable") => Ok(Marker::Markable),
            (ns::MARKERS, "received") => Ok(Marker::Received(id()?)),
            (ns::MARKERS, "displayed") => Ok(Marker::Displayed(id()?)),
            (ns::MARKERS, "acknowledged") => Ok(Marker::Acknowledged(id()?)),
            _ => Err(wrong_element(
                element,
                "request|received|markable|displayed|acknowledged",
                ns::MARKERS,
            )),
        }
    }
}

impl From<Marker> for Element {
    fn from(marker: Marker) -> Self {
        let (ns, name, id) = match marker {
            Marker::ReceiptRequest => (ns::RECEIPTS, "request", None),
            Marker::ReceiptReceived(id) => (ns::RECEIPTS, "received", Some(id)),
            Marker::Markable => (ns::MARKERS, "markable", None),
            Marker::Received(id) => (ns::MARKERS, "received", Some(id)),
            Marker::Displayed(id) => (ns::MARKERS, "displayed", Some(id)),
            Marker::Acknowledged(id) => (ns::MARKERS, "acknowledged", Some(id)),
        };
        Element::builder(name, ns).attr_opt("id", id).build()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::xml::parse_element;

    #[test]
    fn every_marker_round_trips() {
        for marker in [
            Marker::ReceiptRequest,
            Marker::ReceiptReceived("a".into()),
            Marker::Markable,
            Marker::Received("b".into()),
            Marker::Displayed("c".into()),
            Marker::Acknowledged("d".into()),
        ] {
            let xml = Element::from(marker.clone()).to_xml();
            assert_eq!(
                Marker::try_from(&parse_element(&xml).unwrap()).unwrap(),
                marker,
                "{xml}"
            );
        }
    }

    #[test]
    fn a_marker_without_an_id_is_malformed() {
        let error = Marker::try_from(
            &parse_element("<displayed xmlns='urn:xmpp:chat-markers:0'/>").unwrap(),
        )
        .unwrap_err();
        assert!(!error.is_wrong_element());
        let other =
            parse_element("<active xmlns='http://jabber.org/protocol/chatstates'/>").unwrap();
        assert!(Marker::try_from(&other).unwrap_err().is_wrong_element());
    }
}
