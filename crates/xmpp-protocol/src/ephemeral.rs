//! XEP-0466 ephemeral messages: `<ephemeral xmlns='urn:xmpp:ephemeral:0' timer='SECONDS'/>` asks
//! the recipient's clients to delete a message that long after it was sent. XEP-0334's
//! `<no-permanent-store/>` keeps such a message out of server archives.
//!
//! The timer is kept as the sender wrote it (cut to a few characters): whether and how to
//! honour it is the receiving client's decision, with its own limits.

use crate::ns;
use crate::payload::{expect_element, required_attr, ParseError};
use crate::xml::Element;

/// Longer timer values are cut: no valid number of seconds needs more, and the value may be
/// shown in an error.
pub const MAX_TIMER_CHARS: usize = 32;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ephemeral {
    /// Seconds, unvalidated: a peer may send anything here.
    pub timer: String,
}

impl Ephemeral {
    pub fn seconds(seconds: u64) -> Self {
        Self {
            timer: seconds.to_string(),
        }
    }

    /// The first ephemeral element among a message's payloads; a malformed one is reported.
    pub fn find(payloads: &[Element]) -> Option<Result<Ephemeral, ParseError>> {
        payloads
            .iter()
            .filter(|p| p.is("ephemeral", ns::EPHEMERAL))
            .map(Ephemeral::try_from)
            .next()
    }
}

impl TryFrom<&Element> for Ephemeral {
    type Error = ParseError;

    fn try_from(element: &Element) -> Result<Self, ParseError> {
        expect_element(element, "ephemeral", ns::EPHEMERAL)?;
        let timer = required_attr(element, "ephemeral", "timer")?;
        Ok(Self {
            timer: timer.chars().take(MAX_TIMER_CHARS).collect(),
        })
    }
}

impl From<&Ephemeral> for Element {
    fn from(ephemeral: &Ephemeral) -> Self {
        Element::builder("ephemeral", ns::EPHEMERAL)
            .attr("timer", ephemeral.timer.clone())
            .build()
    }
}

impl From<Ephemeral> for Element {
    fn from(ephemeral: Ephemeral) -> Self {
        Element::from(&ephemeral)
    }
}

/// `<no-permanent-store/>` (XEP-0334): servers should not archive the message. Other devices
/// of the recipient (and our own) then never get it from the archive.
pub fn no_permanent_store_hint() -> Element {
    Element::new("no-permanent-store", ns::HINTS)
}

pub fn has_no_permanent_store(payloads: &[Element]) -> bool {
    payloads
        .iter()
        .any(|p| p.is("no-permanent-store", ns::HINTS))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::xml::parse_element;

    #[test]
    fn round_trips_through_xml() {
        let element = Element::from(Ephemeral::seconds(300));
        assert_eq!(
            element.to_xml(),
            r#"<ephemeral xmlns="urn:xmpp:ephemeral:0" timer="300"/>"#
        );
        let reparsed = parse_element(&element.to_xml()).unwrap();
        assert_eq!(
            Ephemeral::try_from(&reparsed).unwrap(),
            Ephemeral::seconds(300)
        );
    }

    #[test]
    fn hostile_timers_are_kept_verbatim_but_bounded() {
        for value in [
            "0",
            "-5",
            "1e9",
            "",
            " 12 ",
            "abc",
            "99999999999999999999999999",
        ] {
            let xml = format!("<ephemeral xmlns='urn:xmpp:ephemeral:0' timer='{value}'/>");
            let parsed = Ephemeral::try_from(&parse_element(&xml).unwrap()).unwrap();
            assert_eq!(parsed.timer, value);
        }
        let huge = format!(
            "<ephemeral xmlns='urn:xmpp:ephemeral:0' timer='{}'/>",
            "9".repeat(10_000)
        );
        let parsed = Ephemeral::try_from(&parse_element(&huge).unwrap()).unwrap();
        assert_eq!(parsed.timer.len(), MAX_TIMER_CHARS);
    }

    #[test]
    fn missing_timer_and_foreign_elements_are_errors() {
        let missing = parse_element("<ephemeral xmlns='urn:xmpp:ephemeral:0'/>").unwrap();
        assert!(matches!(
            Ephemeral::try_from(&missing),
            Err(ParseError::MissingAttribute { .. })
        ));
        let foreign = parse_element("<ephemeral xmlns='urn:example' timer='5'/>").unwrap();
        assert!(Ephemeral::try_from(&foreign)
            .unwrap_err()
            .is_wrong_element());
        assert!(Ephemeral::find(&[foreign]).is_none());
        assert!(Ephemeral::find(&[missing]).unwrap().is_err());
    }

    #[test]
    fn no_permanent_store_hint_is_recognised() {
        let hint = no_permanent_store_hint();
        assert_eq!(
            hint.to_xml(),
            r#"<no-permanent-store xmlns="urn:xmpp:hints"/>"#
        );
        assert!(has_no_permanent_store(&[hint]));
        assert!(!has_no_permanent_store(&[Element::new("store", ns::HINTS)]));
    }
}
