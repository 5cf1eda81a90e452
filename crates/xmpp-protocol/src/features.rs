//! `<stream:features>` (RFC 6120 §4.3.2): what the server offers at each stage of login.

use crate::ns;
use crate::payload::{expect_element, ParseError};
use crate::xml::Element;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StreamFeatures {
    /// SASL mechanisms offered, in the server's order; empty after authentication.
    pub mechanisms: Vec<String>,
    /// Resource binding is offered (after authentication).
    pub bind: bool,
    /// RFC 3921 session establishment is offered and not marked `<optional/>`.
    pub session_required: bool,
    /// RFC 6121 roster versioning.
    pub roster_versioning: bool,
    /// XEP-0198 stream management, version 3.
    pub stream_management: bool,
    /// Every feature element, including the ones above, for features handled elsewhere.
    pub elements: Vec<Element>,
}

impl StreamFeatures {
    pub fn has(&self, name: &str, ns: &str) -> bool {
        self.elements.iter().any(|element| element.is(name, ns))
    }
}

impl TryFrom<&Element> for StreamFeatures {
    type Error = ParseError;

    fn try_from(element: &Element) -> Result<Self, ParseError> {
        expect_element(element, "features", ns::STREAM)?;
        let mechanisms = element
            .get_child("mechanisms", ns::SASL)
            .map(|mechanisms| {
                mechanisms
                    .children_named("mechanism", ns::SASL)
                    .map(|mechanism| mechanism.text().trim().to_owned())
                    .filter(|name| !name.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        let session_required = element
            .get_child("session", ns::SESSION)
            .is_some_and(|session| !session.has_child("optional", ns::SESSION));
        Ok(Self {
            mechanisms,
            bind: element.has_child("bind", ns::BIND),
            session_required,
            roster_versioning: element.has_child("ver", ns::ROSTER_VER),
            stream_management: element.has_child("sm", ns::SM3),
            elements: element.child_elements().cloned().collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::xml::parse_element;

    #[test]
    fn reads_prosody_pre_auth_features() {
        let element = parse_element(include_str!(
            "../tests/fixtures/stream-features.pre-auth.xml"
        ))
        .unwrap();
        let features = StreamFeatures::try_from(&element).unwrap();
        assert_eq!(
            features.mechanisms,
            vec!["SCRAM-SHA-1".to_owned(), "PLAIN".to_owned()]
        );
        assert!(!features.bind);
        assert!(features.has("register", "http://jabber.org/features/iq-register"));
    }

    #[test]
    fn reads_prosody_post_auth_features() {
        let element = parse_element(include_str!(
            "../tests/fixtures/stream-features.post-auth.xml"
        ))
        .unwrap();
        let features = StreamFeatures::try_from(&element).unwrap();
        assert!(features.mechanisms.is_empty());
        assert!(features.bind);
        assert!(
            !features.session_required,
            "Prosody marks the session <optional/>"
        );
        assert!(features.roster_versioning);
        assert!(features.stream_management);
    }

    #[test]
    fn a_session_without_optional_is_required() {
        let element = parse_element(
            "<features xmlns='http://etherx.jabber.org/streams'><session xmlns='urn:ietf:params:xml:ns:xmpp-session'/></features>",
        )
        .unwrap();
        assert!(StreamFeatures::try_from(&element).unwrap().session_required);
    }
}
