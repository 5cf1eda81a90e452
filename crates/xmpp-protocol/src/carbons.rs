//! XEP-0280 message carbons: copies of what our other devices sent and received.
//!
//! A carbon is only genuine when it comes from our own bare JID; [`Carbon::from_message`]
//! enforces that, because anyone can send us a `<sent/>` claiming we wrote something.

use crate::forward::Forwarded;
use crate::jid::{BareJid, Jid};
use crate::ns;
use crate::payload::ParseError;
use crate::stanza::Message;
use crate::xml::Element;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CarbonKind {
    /// Another of our devices received this message.
    Received,
    /// Another of our devices sent this message.
    Sent,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Carbon {
    pub kind: CarbonKind,
    pub forwarded: Forwarded,
}

/// Why a message carrying a carbon was not accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CarbonError {
    #[error("a carbon copy from {from:?}, not from our own account, was dropped")]
    Forged { from: Option<String> },
    #[error("a malformed carbon copy was dropped: {0}")]
    Malformed(#[from] ParseError),
}

impl Carbon {
    /// The carbon inside `message`, if it carries one. Carbons not sent by `own` (our bare
    /// JID, with no resource) are refused as forged.
    pub fn from_message(message: &Message, own: &BareJid) -> Option<Result<Carbon, CarbonError>> {
        let wrapper = message
            .payloads
            .iter()
            .find(|p| p.ns == ns::CARBONS && matches!(p.name.as_str(), "sent" | "received"))?;
        let genuine = matches!(&message.from, Some(Jid::Bare(from)) if from == own);
        if !genuine {
            return Some(Err(CarbonError::Forged {
                from: message.from.as_ref().map(Jid::to_string),
            }));
        }
        Some(Carbon::try_from(wrapper).map_err(CarbonError::from))
    }

    /// `<enable xmlns='urn:xmpp:carbons:2'/>`, the payload of the IQ set that turns carbons on.
    pub fn enable() -> Element {
        Element::new("enable", ns::CARBONS)
    }
}

impl TryFrom<&Element> for Carbon {
    type Error = ParseError;

    fn try_from(element: &Element) -> Result<Self, ParseError> {
        let kind = match (element.name.as_str(), element.ns.as_str()) {
            ("sent", ns::CARBONS) => CarbonKind::Sent,
            ("received", ns::CARBONS) => CarbonKind::Received,
            _ => {
                return Err(crate::payload::wrong_element(
                    element,
                    "sent|received",
                    ns::CARBONS,
                ))
            }
        };
        let forwarded =
            element
                .get_child("forwarded", ns::FORWARD)
                .ok_or(ParseError::MissingChild {
                    element: "carbon",
                    child: "forwarded",
                })?;
        Ok(Self {
            kind,
            forwarded: Forwarded::try_from(forwarded)?,
        })
    }
}

impl From<Carbon> for Element {
    fn from(carbon: Carbon) -> Self {
        let name = match carbon.kind {
            CarbonKind::Sent => "sent",
            CarbonKind::Received => "received",
        };
        Element::builder(name, ns::CARBONS)
            .append(carbon.forwarded.into())
            .build()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::xml::parse_element;

    const SENT: &str = "<message xmlns='jabber:client' from='alice@example.org' to='alice@example.org/phone' type='chat'>\
        <sent xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'>\
        <message xmlns='jabber:client' from='alice@example.org/laptop' to='bob@example.org' type='chat' id='m1'>\
        <body>hi</body><origin-id xmlns='urn:xmpp:sid:0' id='m1'/></message></forwarded></sent></message>";

    fn own() -> BareJid {
        "alice@example.org".parse().unwrap()
    }

    #[test]
    fn reads_a_genuine_sent_carbon_and_round_trips() {
        let message = Message::try_from(&parse_element(SENT).unwrap()).unwrap();
        let carbon = Carbon::from_message(&message, &own()).unwrap().unwrap();
        assert_eq!(carbon.kind, CarbonKind::Sent);
        assert_eq!(carbon.forwarded.message.body.as_deref(), Some("hi"));
        assert_eq!(carbon.forwarded.message.origin_id.as_deref(), Some("m1"));
        let again = Carbon::try_from(&Element::from(carbon.clone())).unwrap();
        assert_eq!(again, carbon);
    }

    #[test]
    fn refuses_carbons_from_anyone_else() {
        for from in [
            "mallory@example.org",
            "alice@example.org/laptop",
            "example.org",
        ] {
            let xml = SENT.replacen("from='alice@example.org'", &format!("from='{from}'"), 1);
            let message = Message::try_from(&parse_element(&xml).unwrap()).unwrap();
            assert!(
                matches!(
                    Carbon::from_message(&message, &own()),
                    Some(Err(CarbonError::Forged { .. }))
                ),
                "{from}"
            );
        }
        let plain = Message::try_from(
            &parse_element("<message xmlns='jabber:client'><body>x</body></message>").unwrap(),
        )
        .unwrap();
        assert!(Carbon::from_message(&plain, &own()).is_none());
    }
}
