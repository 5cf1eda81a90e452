//! The SASL elements on the wire (RFC 6120 §6.4): base64 payloads in `<auth>`, `<challenge>`,
//! `<response>`, `<success>` and `<failure>`.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;

use super::{Mechanism, SaslError};
use crate::ns;
use crate::payload::{wrong_element, ParseError};
use crate::xml::Element;

/// `<auth mechanism=..>` with the initial response; an empty one is sent as `=`.
pub fn auth_element(mechanism: Mechanism, initial_response: &[u8]) -> Element {
    Element::builder("auth", ns::SASL)
        .attr("mechanism", mechanism.as_str())
        .text(encode(initial_response))
        .build()
}

pub fn response_element(data: &[u8]) -> Element {
    Element::builder("response", ns::SASL)
        .text(STANDARD.encode(data))
        .build()
}

pub fn abort_element() -> Element {
    Element::new("abort", ns::SASL)
}

fn encode(data: &[u8]) -> String {
    if data.is_empty() {
        "=".to_owned()
    } else {
        STANDARD.encode(data)
    }
}

/// What the server says during SASL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaslServerMessage {
    Challenge(Vec<u8>),
    Success(Vec<u8>),
    Failure {
        condition: String,
        text: Option<String>,
    },
}

impl SaslServerMessage {
    /// The failure as an error: `not-authorized` gets its own variant.
    pub fn failure_error(condition: &str, text: Option<String>) -> SaslError {
        match condition {
            "not-authorized" => SaslError::NotAuthorized { text },
            _ => SaslError::Failure {
                condition: condition.to_owned(),
                text,
            },
        }
    }
}

impl TryFrom<&Element> for SaslServerMessage {
    type Error = ParseError;

    fn try_from(element: &Element) -> Result<Self, ParseError> {
        if element.ns != ns::SASL {
            return Err(wrong_element(
                element,
                "challenge|success|failure",
                ns::SASL,
            ));
        }
        let decode = |context: &'static str| -> Result<Vec<u8>, ParseError> {
            let text = element.text();
            let text = text.trim();
            if text.is_empty() || text == "=" {
                return Ok(Vec::new());
            }
            STANDARD
                .decode(text)
                .map_err(|e| ParseError::InvalidContent {
                    element: context,
                    value: text.chars().take(64).collect(),
                    reason: e.to_string(),
                })
        };
        match element.name.as_str() {
            "challenge" => Ok(SaslServerMessage::Challenge(decode("challenge")?)),
            "success" => Ok(SaslServerMessage::Success(decode("success")?)),
            "failure" => {
                let condition = element
                    .child_elements()
                    .find(|child| child.ns == ns::SASL && child.name != "text")
                    .map(|child| child.name.clone())
                    .unwrap_or_else(|| "undefined-condition".to_owned());
                let text = element.child_text("text", ns::SASL);
                Ok(SaslServerMessage::Failure { condition, text })
            }
            _ => Err(wrong_element(
                element,
                "challenge|success|failure",
                ns::SASL,
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::xml::parse_element;

    #[test]
    fn encodes_auth_and_response() {
        assert_eq!(
            auth_element(Mechanism::Plain, b"\0user\0pencil").to_xml(),
            r#"<auth xmlns="urn:ietf:params:xml:ns:xmpp-sasl" mechanism="PLAIN">AHVzZXIAcGVuY2ls</auth>"#
        );
        assert_eq!(
            auth_element(Mechanism::ScramSha1, b"").to_xml(),
            r#"<auth xmlns="urn:ietf:params:xml:ns:xmpp-sasl" mechanism="SCRAM-SHA-1">=</auth>"#
        );
        assert_eq!(
            response_element(b"").to_xml(),
            r#"<response xmlns="urn:ietf:params:xml:ns:xmpp-sasl"/>"#
        );
    }

    #[test]
    fn decodes_server_messages() {
        let parse = |xml: &str| SaslServerMessage::try_from(&parse_element(xml).unwrap());
        assert_eq!(
            parse("<challenge xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>cj1h</challenge>"),
            Ok(SaslServerMessage::Challenge(b"r=a".to_vec()))
        );
        assert_eq!(
            parse("<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>"),
            Ok(SaslServerMessage::Success(Vec::new()))
        );
        assert_eq!(
            parse("<failure xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><not-authorized/><text xml:lang='en'>Invalid username or password</text></failure>"),
            Ok(SaslServerMessage::Failure { condition: "not-authorized".into(), text: Some("Invalid username or password".into()) })
        );
        assert!(matches!(
            parse("<challenge xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>!!!</challenge>"),
            Err(ParseError::InvalidContent { .. })
        ));
        assert!(
            parse("<features xmlns='http://etherx.jabber.org/streams'/>")
                .unwrap_err()
                .is_wrong_element()
        );
    }
}
