//! RFC 7395 WebSocket framing: each WebSocket message is one complete element, and the stream
//! itself is opened and closed with `<open/>` and `<close/>` instead of an unclosed
//! `<stream:stream>`. Everything else (features, SASL, stanzas, `<stream:error>`) is handed on
//! as an element for the session to interpret.

use crate::ns;
use crate::xml::{parse_element_with_limits, Element, XmlError, XmlLimits};

/// One WebSocket message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Frame {
    Open {
        to: Option<String>,
        from: Option<String>,
        id: Option<String>,
        version: Option<String>,
        lang: Option<String>,
    },
    /// The peer is ending the stream; `see_other_uri` asks us to reconnect elsewhere.
    Close {
        see_other_uri: Option<String>,
    },
    Stanza(Element),
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FramingError {
    #[error(transparent)]
    Xml(#[from] XmlError),
    #[error("<{name}/> is not an RFC 7395 framing element")]
    UnknownFramingElement { name: String },
}

/// Parses one frame with the default [`XmlLimits`].
pub fn parse_frame(text: &str) -> Result<Frame, FramingError> {
    parse_frame_with_limits(text, &XmlLimits::default())
}

pub fn parse_frame_with_limits(text: &str, limits: &XmlLimits) -> Result<Frame, FramingError> {
    let element = parse_element_with_limits(text, limits)?;
    if element.ns != ns::FRAMING {
        return Ok(Frame::Stanza(element));
    }
    let attr = |name: &str| element.attr(name).map(str::to_owned);
    match element.name.as_str() {
        "open" => Ok(Frame::Open {
            to: attr("to"),
            from: attr("from"),
            id: attr("id"),
            version: attr("version"),
            lang: attr("xml:lang"),
        }),
        "close" => Ok(Frame::Close {
            see_other_uri: attr("see-other-uri"),
        }),
        _ => Err(FramingError::UnknownFramingElement { name: element.name }),
    }
}

/// The client's stream header for `domain`.
pub fn open_frame(domain: &str) -> String {
    Element::builder("open", ns::FRAMING)
        .attr("to", domain)
        .attr("version", "1.0")
        .build()
        .to_xml()
}

pub fn close_frame() -> String {
    Element::new("close", ns::FRAMING).to_xml()
}

impl Frame {
    /// The frame as text, for tests and for servers written with this crate.
    pub fn to_xml(&self) -> String {
        match self {
            Frame::Open {
                to,
                from,
                id,
                version,
                lang,
            } => Element::builder("open", ns::FRAMING)
                .attr_opt("to", to.clone())
                .attr_opt("from", from.clone())
                .attr_opt("id", id.clone())
                .attr_opt("version", version.clone())
                .attr_opt("xml:lang", lang.clone())
                .build()
                .to_xml(),
            Frame::Close { see_other_uri } => Element::builder("close", ns::FRAMING)
                .attr_opt("see-other-uri", see_other_uri.clone())
                .build()
                .to_xml(),
            Frame::Stanza(element) => element.to_xml(),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn builds_the_rfc_7395_header_and_footer() {
        assert_eq!(
            open_frame("example.org"),
            r#"<open xmlns="urn:ietf:params:xml:ns:xmpp-framing" to="example.org" version="1.0"/>"#
        );
        assert_eq!(
            close_frame(),
            r#"<close xmlns="urn:ietf:params:xml:ns:xmpp-framing"/>"#
        );
    }

    #[test]
    fn parses_the_server_open_as_prosody_sends_it() {
        let frame = parse_frame(
            "<?xml version='1.0'?><open xmlns='urn:ietf:params:xml:ns:xmpp-framing' xml:lang='en' \
             id='2a5e8c3b' from='localhost' version='1.0'/>",
        )
        .unwrap();
        assert_eq!(
            frame,
            Frame::Open {
                to: None,
                from: Some("localhost".into()),
                id: Some("2a5e8c3b".into()),
                version: Some("1.0".into()),
                lang: Some("en".into()),
            }
        );
        assert_eq!(parse_frame(&frame.to_xml()).unwrap(), frame);
    }

    #[test]
    fn parses_close_with_redirect() {
        let frame = parse_frame(
            r#"<close xmlns="urn:ietf:params:xml:ns:xmpp-framing" see-other-uri="wss://other.example/ws"/>"#,
        );
        assert_eq!(
            frame.unwrap(),
            Frame::Close {
                see_other_uri: Some("wss://other.example/ws".into())
            }
        );
    }

    #[test]
    fn passes_stream_errors_and_stanzas_through() {
        let frame = parse_frame(
            "<stream:error xmlns:stream='http://etherx.jabber.org/streams'>\
             <host-unknown xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error>",
        )
        .unwrap();
        let Frame::Stanza(element) = frame else {
            unreachable!("not a stanza frame")
        };
        assert!(element.is("error", ns::STREAM));
    }

    #[test]
    fn rejects_unknown_framing_elements_and_bad_xml() {
        assert_eq!(
            parse_frame(r#"<reopen xmlns="urn:ietf:params:xml:ns:xmpp-framing"/>"#),
            Err(FramingError::UnknownFramingElement {
                name: "reopen".into()
            })
        );
        assert!(matches!(parse_frame("<open"), Err(FramingError::Xml(_))));
    }
}
