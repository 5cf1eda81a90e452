//! XEP-0012 last activity: `<query xmlns='jabber:iq:last' seconds='…'>status</query>`. Asked of
//! a contact's bare JID, the server answers how long ago they logged out and with what status.

use crate::ns;
use crate::payload::{expect_element, ParseError};
use crate::profile::clean_text;
use crate::xml::Element;

/// The status text left on logout is shown on one line; longer ones are cut.
pub const MAX_LAST_STATUS_CHARS: usize = 200;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LastActivity {
    pub seconds: u64,
    /// The status of their last unavailable presence, cleaned up; `None` when empty.
    pub status: Option<String>,
}

impl LastActivity {
    /// The payload of a request (sent to a bare JID).
    pub fn request() -> Element {
        Element::new("query", ns::LAST)
    }
}

impl TryFrom<&Element> for LastActivity {
    type Error = ParseError;

    fn try_from(element: &Element) -> Result<Self, ParseError> {
        expect_element(element, "query", ns::LAST)?;
        let raw = element
            .attr("seconds")
            .ok_or(ParseError::MissingAttribute {
                element: "query",
                attribute: "seconds",
            })?;
        let seconds = raw
            .trim()
            .parse::<u64>()
            .map_err(|_| ParseError::InvalidContent {
                element: "query",
                value: raw.chars().take(32).collect(),
                reason: "seconds is not a whole number".into(),
            })?;
        let status = Some(clean_text(&element.text(), MAX_LAST_STATUS_CHARS, false))
            .filter(|s| !s.is_empty());
        Ok(Self { seconds, status })
    }
}

impl From<&LastActivity> for Element {
    fn from(last: &LastActivity) -> Self {
        let mut builder =
            Element::builder("query", ns::LAST).attr("seconds", last.seconds.to_string());
        if let Some(status) = &last.status {
            builder = builder.text(status.clone());
        }
        builder.build()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::xml::parse_element;

    #[test]
    fn last_activity_round_trips() {
        let last = LastActivity {
            seconds: 10_800,
            status: Some("Gone fishing".into()),
        };
        assert_eq!(LastActivity::try_from(&Element::from(&last)).unwrap(), last);
        let bare = LastActivity {
            seconds: 0,
            status: None,
        };
        assert_eq!(LastActivity::try_from(&Element::from(&bare)).unwrap(), bare);
    }

    #[test]
    fn hostile_answers_are_rejected_or_cleaned() {
        let parse = |xml: &str| LastActivity::try_from(&parse_element(xml).unwrap());
        assert!(parse("<query xmlns='jabber:iq:last'/>").is_err());
        assert!(parse("<query xmlns='jabber:iq:last' seconds='-5'/>").is_err());
        assert!(
            parse("<query xmlns='jabber:iq:last' seconds='99999999999999999999999'/>").is_err()
        );
        let long = "x".repeat(5000);
        let last = parse(&format!(
            "<query xmlns='jabber:iq:last' seconds='7'>\u{202e}a\tb {long}</query>"
        ))
        .unwrap();
        let status = last.status.unwrap();
        assert!(status.starts_with("ab x"));
        assert_eq!(status.chars().count(), MAX_LAST_STATUS_CHARS);
    }
}
