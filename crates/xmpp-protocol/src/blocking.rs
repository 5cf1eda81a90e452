//! XEP-0191 blocking command: the block list, and the requests and pushes that change it.

use crate::jid::Jid;
use crate::ns;
use crate::payload::{required_jid, wrong_element, ParseError};
use crate::xml::Element;

/// `<blocklist/>` (the list, or a request for it), `<block/>` or `<unblock/>`.
/// An `Unblock` without items unblocks everyone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Blocking {
    List(Vec<Jid>),
    Block(Vec<Jid>),
    Unblock(Vec<Jid>),
}

impl Blocking {
    /// The payload of the request for the block list.
    pub fn request() -> Element {
        Element::new("blocklist", ns::BLOCKING)
    }

    fn name(&self) -> &'static str {
        match self {
            Blocking::List(_) => "blocklist",
            Blocking::Block(_) => "block",
            Blocking::Unblock(_) => "unblock",
        }
    }

    pub fn jids(&self) -> &[Jid] {
        match self {
            Blocking::List(jids) | Blocking::Block(jids) | Blocking::Unblock(jids) => jids,
        }
    }
}

impl TryFrom<&Element> for Blocking {
    type Error = ParseError;

    fn try_from(element: &Element) -> Result<Self, ParseError> {
        if element.ns != ns::BLOCKING {
            return Err(wrong_element(element, "blocklist", ns::BLOCKING));
        }
        let jids = || -> Result<Vec<Jid>, ParseError> {
            element
                .children_named("item", ns::BLOCKING)
                .map(|item| required_jid(item, "item", "jid"))
                .collect()
        };
        match element.name.as_str() {
            "blocklist" => Ok(Blocking::List(jids()?)),
            "block" => {
                let jids = jids()?;
                if jids.is_empty() {
                    // XEP-0191 §3.3: a block without items is a bad request.
                    return Err(ParseError::MissingChild {
                        element: "block",
                        child: "item",
                    });
                }
                Ok(Blocking::Block(jids))
            }
            "unblock" => Ok(Blocking::Unblock(jids()?)),
            _ => Err(wrong_element(element, "blocklist", ns::BLOCKING)),
        }
    }
}

impl From<&Blocking> for Element {
    fn from(blocking: &Blocking) -> Self {
        Element::builder(blocking.name(), ns::BLOCKING)
            .append_all(blocking.jids().iter().map(|jid| {
                Element::builder("item", ns::BLOCKING)
                    .attr("jid", jid.to_string())
                    .build()
            }))
            .build()
    }
}

impl From<Blocking> for Element {
    fn from(blocking: Blocking) -> Self {
        Element::from(&blocking)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::xml::parse_element;

    #[test]
    fn parses_and_serialises_the_xep_0191_examples() {
        let list = parse_element(
            r#"<blocklist xmlns="urn:xmpp:blocking"><item jid="romeo@montague.net"/><item jid="iago@shakespeare.lit"/></blocklist>"#,
        )
        .unwrap();
        let parsed = Blocking::try_from(&list).unwrap();
        assert_eq!(parsed.jids().len(), 2);
        assert_eq!(Blocking::try_from(&Element::from(&parsed)).unwrap(), parsed);
        let block = Blocking::Block(vec!["spam.example".parse().unwrap()]);
        assert_eq!(Blocking::try_from(&Element::from(&block)).unwrap(), block);
        let everyone =
            Blocking::try_from(&parse_element(r#"<unblock xmlns="urn:xmpp:blocking"/>"#).unwrap())
                .unwrap();
        assert_eq!(everyone, Blocking::Unblock(Vec::new()));
    }

    #[test]
    fn rejects_empty_blocks_and_bad_jids() {
        assert!(Blocking::try_from(
            &parse_element(r#"<block xmlns="urn:xmpp:blocking"/>"#).unwrap()
        )
        .is_err());
        let bad =
            parse_element(r#"<block xmlns="urn:xmpp:blocking"><item jid="@@"/></block>"#).unwrap();
        assert!(!Blocking::try_from(&bad).unwrap_err().is_wrong_element());
        assert!(Blocking::try_from(
            &parse_element(r#"<query xmlns="jabber:iq:roster"/>"#).unwrap()
        )
        .unwrap_err()
        .is_wrong_element());
    }
}
