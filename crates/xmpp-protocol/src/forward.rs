//! XEP-0297 stanza forwarding: the wrapper carbons and archive results put a message in.

use crate::datetime::{format_datetime, parse_datetime};
use crate::ns;
use crate::payload::{expect_element, ParseError};
use crate::stanza::Message;
use crate::xml::Element;
use crate::Millis;

/// `<forwarded><delay/>?<message/></forwarded>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Forwarded {
    /// When the forwarded message was originally sent (archives always say).
    pub delay: Option<Millis>,
    pub message: Message,
}

impl TryFrom<&Element> for Forwarded {
    type Error = ParseError;

    fn try_from(element: &Element) -> Result<Self, ParseError> {
        expect_element(element, "forwarded", ns::FORWARD)?;
        let delay = match element
            .get_child("delay", ns::DELAY)
            .and_then(|d| d.attr("stamp"))
        {
            Some(stamp) => {
                Some(
                    parse_datetime(stamp).map_err(|source| ParseError::InvalidTimestamp {
                        element: "delay",
                        value: stamp.to_owned(),
                        source,
                    })?,
                )
            }
            None => None,
        };
        let message = element
            .child_elements()
            .find(|child| child.name == "message")
            .ok_or(ParseError::MissingChild {
                element: "forwarded",
                child: "message",
            })?;
        Ok(Self {
            delay,
            message: Message::try_from(message)?,
        })
    }
}

impl From<Forwarded> for Element {
    fn from(forwarded: Forwarded) -> Self {
        Element::builder("forwarded", ns::FORWARD)
            .append_all(forwarded.delay.map(|stamp| {
                Element::builder("delay", ns::DELAY)
                    .attr("stamp", format_datetime(stamp))
                    .build()
            }))
            .append(forwarded.message.into())
            .build()
    }
}
