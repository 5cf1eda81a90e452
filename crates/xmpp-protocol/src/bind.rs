//! Resource binding (RFC 6120 §7) and the legacy session request (RFC 3921 §3) that complete a
//! login.

use crate::jid::FullJid;
use crate::ns;
use crate::payload::{expect_element, ParseError};
use crate::xml::Element;

/// `<bind/>` asking for `resource`, or for a server-assigned one.
pub fn bind_request(resource: Option<&str>) -> Element {
    Element::builder("bind", ns::BIND)
        .append_all(resource.map(|resource| {
            Element::builder("resource", ns::BIND)
                .text(resource)
                .build()
        }))
        .build()
}

/// `<session/>` for servers that still require it.
pub fn session_request() -> Element {
    Element::new("session", ns::SESSION)
}

/// The server's answer to a bind request: the full JID this stream now has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BindResult {
    pub jid: FullJid,
}

impl TryFrom<&Element> for BindResult {
    type Error = ParseError;

    fn try_from(element: &Element) -> Result<Self, ParseError> {
        expect_element(element, "bind", ns::BIND)?;
        let text = element
            .child_text("jid", ns::BIND)
            .ok_or(ParseError::MissingChild {
                element: "bind",
                child: "jid",
            })?;
        let jid =
            text.trim()
                .parse()
                .map_err(|e: crate::jid::JidError| ParseError::InvalidContent {
                    element: "jid",
                    value: text.clone(),
                    reason: e.to_string(),
                })?;
        Ok(Self { jid })
    }
}

impl From<&BindResult> for Element {
    fn from(result: &BindResult) -> Self {
        Element::builder("bind", ns::BIND)
            .append(
                Element::builder("jid", ns::BIND)
                    .text(result.jid.to_string())
                    .build(),
            )
            .build()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::xml::parse_element;

    #[test]
    fn builds_requests() {
        assert_eq!(
            bind_request(None).to_xml(),
            r#"<bind xmlns="urn:ietf:params:xml:ns:xmpp-bind"/>"#
        );
        assert_eq!(
            bind_request(Some("phone")).to_xml(),
            r#"<bind xmlns="urn:ietf:params:xml:ns:xmpp-bind"><resource>phone</resource></bind>"#
        );
    }

    #[test]
    fn reads_results_and_rejects_bare_jids() {
        let ok = parse_element(r#"<bind xmlns="urn:ietf:params:xml:ns:xmpp-bind"><jid>Alice@Localhost/web</jid></bind>"#).unwrap();
        let result = BindResult::try_from(&ok).unwrap();
        assert_eq!(result.jid.to_string(), "alice@localhost/web");
        assert_eq!(
            BindResult::try_from(&Element::from(&result)).unwrap(),
            result
        );
        let bare = parse_element(
            r#"<bind xmlns="urn:ietf:params:xml:ns:xmpp-bind"><jid>alice@localhost</jid></bind>"#,
        )
        .unwrap();
        assert!(matches!(
            BindResult::try_from(&bare),
            Err(ParseError::InvalidContent { .. })
        ));
        let empty = parse_element(r#"<bind xmlns="urn:ietf:params:xml:ns:xmpp-bind"/>"#).unwrap();
        assert!(matches!(
            BindResult::try_from(&empty),
            Err(ParseError::MissingChild { .. })
        ));
    }
}
