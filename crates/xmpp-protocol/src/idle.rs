//! XEP-0319 last user interaction in presence: `<idle xmlns='urn:xmpp:idle:1' since/>`.

use crate::datetime::{format_datetime, parse_datetime};
use crate::ns;
use crate::payload::{expect_element, required_attr, ParseError};
use crate::xml::Element;
use crate::Millis;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Idle {
    /// When the user last interacted with the client.
    pub since: Millis,
}

impl TryFrom<&Element> for Idle {
    type Error = ParseError;

    fn try_from(element: &Element) -> Result<Self, ParseError> {
        expect_element(element, "idle", ns::IDLE)?;
        let value = required_attr(element, "idle", "since")?;
        let since = parse_datetime(value).map_err(|source| ParseError::InvalidTimestamp {
            element: "idle",
            value: value.to_owned(),
            source,
        })?;
        Ok(Self { since })
    }
}

impl From<Idle> for Element {
    fn from(idle: Idle) -> Self {
        Element::builder("idle", ns::IDLE)
            .attr("since", format_datetime(idle.since))
            .build()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::xml::parse_element;

    #[test]
    fn parses_the_xep_example_and_round_trips() {
        let idle = Idle::try_from(
            &parse_element("<idle xmlns='urn:xmpp:idle:1' since='1969-07-21T02:56:15Z'/>").unwrap(),
        );
        assert!(
            idle.is_err(),
            "times before the epoch are not representable and are refused"
        );
        let idle = Idle::try_from(
            &parse_element("<idle xmlns='urn:xmpp:idle:1' since='2026-11-24T08:00:00Z'/>").unwrap(),
        )
        .unwrap();
        assert_eq!(Idle::try_from(&Element::from(idle)).unwrap(), idle);
        assert!(Idle::try_from(
            &parse_element("<idle xmlns='urn:xmpp:idle:1' since='yesterday'/>").unwrap()
        )
        .is_err());
    }
}
