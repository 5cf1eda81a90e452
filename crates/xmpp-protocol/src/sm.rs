//! XEP-0198 stream management: the top-level elements that enable acknowledgements and let a
//! dropped stream be resumed. The counting itself lives in the session.

use crate::ns;
use crate::payload::{optional_parsed, required_attr, wrong_element, ParseError};
use crate::xml::Element;

/// One stream-management element, in either direction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sm {
    /// Client → server: start counting (and allow resumption).
    Enable { resume: bool },
    /// Server → client: counting started; `id` is what a later `<resume/>` names.
    Enabled {
        id: Option<String>,
        resume: bool,
        max_seconds: Option<u32>,
    },
    /// Client → server: continue stream `previd`; we handled `h` stanzas of it.
    Resume { previd: String, h: u32 },
    /// Server → client: resumed; the server handled `h` of our stanzas.
    Resumed { previd: String, h: u32 },
    /// Enabling or resuming failed; `h` (when resuming) says what the server handled.
    Failed {
        h: Option<u32>,
        condition: Option<String>,
    },
    /// "Tell me how many stanzas you have handled."
    Request,
    /// "I have handled `h` stanzas."
    Ack { h: u32 },
}

fn h_attr(element: &Element, context: &'static str) -> Result<u32, ParseError> {
    let value = required_attr(element, context, "h")?;
    value.parse().map_err(|_| ParseError::InvalidAttribute {
        element: context,
        attribute: "h",
        value: value.to_owned(),
        reason: "not a 32-bit unsigned count".into(),
    })
}

fn is_true(value: Option<&str>) -> bool {
    matches!(value, Some("true" | "1"))
}

impl TryFrom<&Element> for Sm {
    type Error = ParseError;

    fn try_from(element: &Element) -> Result<Self, ParseError> {
        if element.ns != ns::SM3 {
            return Err(wrong_element(
                element,
                "enabled|resumed|failed|r|a",
                ns::SM3,
            ));
        }
        Ok(match element.name.as_str() {
            "enable" => Sm::Enable {
                resume: is_true(element.attr("resume")),
            },
            "enabled" => Sm::Enabled {
                id: element.attr("id").map(str::to_owned),
                resume: is_true(element.attr("resume")),
                max_seconds: optional_parsed(element, "enabled", "max")?,
            },
            "resume" => Sm::Resume {
                previd: required_attr(element, "resume", "previd")?.to_owned(),
                h: h_attr(element, "resume")?,
            },
            "resumed" => Sm::Resumed {
                previd: required_attr(element, "resumed", "previd")?.to_owned(),
                h: h_attr(element, "resumed")?,
            },
            "failed" => Sm::Failed {
                h: element.attr("h").and_then(|h| h.parse().ok()),
                condition: element
                    .child_elements()
                    .find(|c| c.ns == ns::STANZAS)
                    .map(|c| c.name.clone()),
            },
            "r" => Sm::Request,
            "a" => Sm::Ack {
                h: h_attr(element, "a")?,
            },
            _ => {
                return Err(wrong_element(
                    element,
                    "enabled|resumed|failed|r|a",
                    ns::SM3,
                ))
            }
        })
    }
}

impl From<Sm> for Element {
    fn from(sm: Sm) -> Self {
        let bool_attr = |flag: bool| flag.then_some("true");
        match sm {
            Sm::Enable { resume } => Element::builder("enable", ns::SM3)
                .attr_opt("resume", bool_attr(resume))
                .build(),
            Sm::Enabled {
                id,
                resume,
                max_seconds,
            } => Element::builder("enabled", ns::SM3)
                .attr_opt("id", id)
                .attr_opt("resume", bool_attr(resume))
                .attr_opt("max", max_seconds.map(|m| m.to_string()))
                .build(),
            Sm::Resume { previd, h } => Element::builder("resume", ns::SM3)
                .attr("previd", previd)
                .attr("h", h.to_string())
                .build(),
            Sm::Resumed { previd, h } => Element::builder("resumed", ns::SM3)
                .attr("previd", previd)
                .attr("h", h.to_string())
                .build(),
            Sm::Failed { h, condition } => Element::builder("failed", ns::SM3)
                .attr_opt("h", h.map(|h| h.to_string()))
                .append_all(condition.map(|c| Element::new(c, ns::STANZAS)))
                .build(),
            Sm::Request => Element::new("r", ns::SM3),
            Sm::Ack { h } => Element::builder("a", ns::SM3)
                .attr("h", h.to_string())
                .build(),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::xml::parse_element;

    fn round_trip(sm: Sm) {
        let xml = Element::from(sm.clone()).to_xml();
        assert_eq!(
            Sm::try_from(&parse_element(&xml).unwrap()).unwrap(),
            sm,
            "{xml}"
        );
    }

    #[test]
    fn every_element_round_trips() {
        round_trip(Sm::Enable { resume: true });
        round_trip(Sm::Enabled {
            id: Some("abc".into()),
            resume: true,
            max_seconds: Some(600),
        });
        round_trip(Sm::Resume {
            previd: "abc".into(),
            h: 4,
        });
        round_trip(Sm::Resumed {
            previd: "abc".into(),
            h: u32::MAX,
        });
        round_trip(Sm::Failed {
            h: Some(3),
            condition: Some("item-not-found".into()),
        });
        round_trip(Sm::Request);
        round_trip(Sm::Ack { h: 0 });
    }

    #[test]
    fn reads_prosody_enabled_and_rejects_bad_counts() {
        let enabled =
            parse_element("<enabled xmlns='urn:xmpp:sm:3' id='f5a2' resume='1' max='600'/>")
                .unwrap();
        assert_eq!(
            Sm::try_from(&enabled).unwrap(),
            Sm::Enabled {
                id: Some("f5a2".into()),
                resume: true,
                max_seconds: Some(600)
            }
        );
        for bad in [
            "<a xmlns='urn:xmpp:sm:3' h='-1'/>",
            "<a xmlns='urn:xmpp:sm:3'/>",
            "<a xmlns='urn:xmpp:sm:3' h='4294967296'/>",
        ] {
            let error = Sm::try_from(&parse_element(bad).unwrap()).unwrap_err();
            assert!(!error.is_wrong_element(), "{bad}: {error}");
        }
        assert!(
            Sm::try_from(&parse_element("<a xmlns='urn:xmpp:sm:2' h='1'/>").unwrap())
                .unwrap_err()
                .is_wrong_element()
        );
    }
}
