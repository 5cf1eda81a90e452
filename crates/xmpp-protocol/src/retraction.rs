//! XEP-0424 message retraction: `<retract xmlns='urn:xmpp:message-retract:1' id='…'/>` asks the
//! recipients to remove a message the sender sent (by its origin-id). Only the original sender
//! may retract; the client checks that as it does for corrections.

use crate::payload::{expect_element, required_attr, ParseError};
use crate::xml::Element;

pub const MESSAGE_RETRACT: &str = "urn:xmpp:message-retract:1";
/// What clients without XEP-0424 show instead.
pub const FALLBACK_BODY: &str =
    "This person attempted to retract a previous message, but it's unsupported by your client.";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Retract {
    pub id: String,
}

impl TryFrom<&Element> for Retract {
    type Error = ParseError;

    fn try_from(element: &Element) -> Result<Self, ParseError> {
        expect_element(element, "retract", MESSAGE_RETRACT)?;
        let id = required_attr(element, "retract", "id")?;
        if id.trim().is_empty() || id.len() > 256 {
            return Err(ParseError::InvalidAttribute {
                element: "retract",
                attribute: "id",
                value: id.chars().take(64).collect(),
                reason: "empty or too long".into(),
            });
        }
        Ok(Retract { id: id.to_owned() })
    }
}

impl From<&Retract> for Element {
    fn from(retract: &Retract) -> Self {
        Element::builder("retract", MESSAGE_RETRACT)
            .attr("id", retract.id.clone())
            .build()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::xml::parse_element;

    #[test]
    fn round_trips_and_refuses_empty_ids() {
        let retract = Retract { id: "abc".into() };
        assert_eq!(
            Retract::try_from(&Element::from(&retract)).unwrap(),
            retract
        );
        assert!(Retract::try_from(
            &parse_element("<retract xmlns='urn:xmpp:message-retract:1' id=' '/>").unwrap()
        )
        .is_err());
        assert!(Retract::try_from(
            &parse_element("<retract xmlns='urn:xmpp:message-retract:1'/>").unwrap()
        )
        .is_err());
    }
}
