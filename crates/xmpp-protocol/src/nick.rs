//! XEP-0172 user nickname: `<nick xmlns='http://jabber.org/protocol/nick'>`, published on PEP
//! and sent with subscription requests so the other side sees who is asking.

use crate::ns;
use crate::payload::{expect_element, ParseError};
use crate::xml::Element;

/// Longer nicknames are cut: they are shown in lists.
pub const MAX_NICK_CHARS: usize = 64;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Nick(pub String);

impl TryFrom<&Element> for Nick {
    type Error = ParseError;

    fn try_from(element: &Element) -> Result<Self, ParseError> {
        expect_element(element, "nick", ns::NICK)?;
        let text: String = element
            .text()
            .trim()
            .chars()
            .filter(|c| !c.is_control())
            .take(MAX_NICK_CHARS)
            .collect();
        Ok(Nick(text))
    }
}

impl From<&Nick> for Element {
    fn from(nick: &Nick) -> Self {
        Element::builder("nick", ns::NICK)
            .text(nick.0.clone())
            .build()
    }
}

impl From<Nick> for Element {
    fn from(nick: Nick) -> Self {
        Element::from(&nick)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::xml::parse_element;

    #[test]
    fn round_trips_and_tames_long_or_odd_nicknames() {
        let nick = Nick("Juliet".into());
        assert_eq!(Nick::try_from(&Element::from(&nick)).unwrap(), nick);
        let long = format!(
            "<nick xmlns='http://jabber.org/protocol/nick'> a\n{} </nick>",
            "x".repeat(500)
        );
        let parsed = Nick::try_from(&parse_element(&long).unwrap()).unwrap();
        assert_eq!(parsed.0.chars().count(), MAX_NICK_CHARS);
        assert!(parsed.0.starts_with("ax"));
    }
}
