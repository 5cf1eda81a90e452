//! Stanza errors (RFC 6120 §8.3) and stream errors (RFC 6120 §4.9).

use std::fmt;

use super::is_stanza_ns;
use crate::ns;
use crate::payload::{optional_parsed, wrong_element, ParseError};
use crate::xml::Element;

closed_enum! {
    /// What the sender of an error suggests doing about it.
    pub enum ErrorType {
        Auth => "auth",
        Cancel => "cancel",
        Continue => "continue",
        Modify => "modify",
        Wait => "wait",
    }
}

open_enum! {
    /// RFC 6120 §8.3.3 defined conditions.
    pub enum ErrorCondition {
        BadRequest => "bad-request",
        Conflict => "conflict",
        FeatureNotImplemented => "feature-not-implemented",
        Forbidden => "forbidden",
        Gone => "gone",
        InternalServerError => "internal-server-error",
        ItemNotFound => "item-not-found",
        JidMalformed => "jid-malformed",
        NotAcceptable => "not-acceptable",
        NotAllowed => "not-allowed",
        NotAuthorized => "not-authorized",
        PolicyViolation => "policy-violation",
        RecipientUnavailable => "recipient-unavailable",
        Redirect => "redirect",
        RegistrationRequired => "registration-required",
        RemoteServerNotFound => "remote-server-not-found",
        RemoteServerTimeout => "remote-server-timeout",
        ResourceConstraint => "resource-constraint",
        ServiceUnavailable => "service-unavailable",
        SubscriptionRequired => "subscription-required",
        UndefinedCondition => "undefined-condition",
        UnexpectedRequest => "unexpected-request",
    }
}

open_enum! {
    /// RFC 6120 §4.9.3 stream error conditions.
    pub enum StreamErrorCondition {
        BadFormat => "bad-format",
        BadNamespacePrefix => "bad-namespace-prefix",
        Conflict => "conflict",
        ConnectionTimeout => "connection-timeout",
        HostGone => "host-gone",
        HostUnknown => "host-unknown",
        ImproperAddressing => "improper-addressing",
        InternalServerError => "internal-server-error",
        InvalidFrom => "invalid-from",
        InvalidNamespace => "invalid-namespace",
        InvalidXml => "invalid-xml",
        NotAuthorized => "not-authorized",
        NotWellFormed => "not-well-formed",
        PolicyViolation => "policy-violation",
        RemoteConnectionFailed => "remote-connection-failed",
        Reset => "reset",
        ResourceConstraint => "resource-constraint",
        RestrictedXml => "restricted-xml",
        SeeOtherHost => "see-other-host",
        SystemShutdown => "system-shutdown",
        UndefinedCondition => "undefined-condition",
        UnsupportedEncoding => "unsupported-encoding",
        UnsupportedFeature => "unsupported-feature",
        UnsupportedStanzaType => "unsupported-stanza-type",
        UnsupportedVersion => "unsupported-version",
    }
}

/// `<error type='..'><condition/><text>..</text></error>` inside a stanza.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StanzaError {
    pub kind: ErrorType,
    pub condition: ErrorCondition,
    pub text: Option<String>,
}

/// `<stream:error>`: the server is about to close the stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreamError {
    pub condition: StreamErrorCondition,
    pub text: Option<String>,
}

impl StanzaError {
    pub fn new(kind: ErrorType, condition: ErrorCondition) -> Self {
        Self {
            kind,
            condition,
            text: None,
        }
    }

    /// The usual answer to a request nobody here handles.
    pub fn service_unavailable() -> Self {
        Self::new(ErrorType::Cancel, ErrorCondition::ServiceUnavailable)
    }

    pub fn with_text(mut self, text: impl Into<String>) -> Self {
        self.text = Some(text.into());
        self
    }

    /// Serialises as a child of a `jabber:client` stanza.
    pub fn to_element(&self) -> Element {
        Element::builder("error", ns::CLIENT)
            .attr("type", self.kind.as_str())
            .append(Element::new(self.condition.name(), ns::STANZAS))
            .append_all(self.text.as_ref().map(|text| {
                Element::builder("text", ns::STANZAS)
                    .text(text.clone())
                    .build()
            }))
            .build()
    }
}

impl TryFrom<&Element> for StanzaError {
    type Error = ParseError;

    fn try_from(element: &Element) -> Result<Self, ParseError> {
        if element.name != "error" || !is_stanza_ns(&element.ns) {
            return Err(wrong_element(element, "error", ns::CLIENT));
        }
        let kind = optional_parsed::<ErrorType>(element, "error", "type")?.ok_or(
            ParseError::MissingAttribute {
                element: "error",
                attribute: "type",
            },
        )?;
        let (condition, text) = read_condition(element, ns::STANZAS, "error")?;
        Ok(Self {
            kind,
            condition: ErrorCondition::from_name(condition),
            text,
        })
    }
}

impl From<&StanzaError> for Element {
    fn from(error: &StanzaError) -> Self {
        error.to_element()
    }
}

impl From<StanzaError> for Element {
    fn from(error: StanzaError) -> Self {
        error.to_element()
    }
}

impl fmt::Display for StanzaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.condition, self.kind)?;
        if let Some(text) = &self.text {
            write!(f, ": {text}")?;
        }
        Ok(())
    }
}

impl std::error::Error for StanzaError {}

impl StreamError {
    pub fn new(condition: StreamErrorCondition) -> Self {
        Self {
            condition,
            text: None,
        }
    }
}

impl TryFrom<&Element> for StreamError {
    type Error = ParseError;

    fn try_from(element: &Element) -> Result<Self, ParseError> {
        if !element.is("error", ns::STREAM) {
            return Err(wrong_element(element, "error", ns::STREAM));
        }
        let (condition, text) = read_condition(element, ns::STREAMS, "stream:error")?;
        Ok(Self {
            condition: StreamErrorCondition::from_name(condition),
            text,
        })
    }
}

impl From<&StreamError> for Element {
    fn from(error: &StreamError) -> Self {
        Element::builder("error", ns::STREAM)
            .append(Element::new(error.condition.name(), ns::STREAMS))
            .append_all(error.text.as_ref().map(|text| {
                Element::builder("text", ns::STREAMS)
                    .text(text.clone())
                    .build()
            }))
            .build()
    }
}

impl From<StreamError> for Element {
    fn from(error: StreamError) -> Self {
        Element::from(&error)
    }
}

impl fmt::Display for StreamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.condition.name())?;
        if let Some(text) = &self.text {
            write!(f, ": {text}")?;
        }
        Ok(())
    }
}

impl std::error::Error for StreamError {}

/// The defined-condition child and the optional `<text>` in `condition_ns`.
fn read_condition<'a>(
    element: &'a Element,
    condition_ns: &str,
    context: &'static str,
) -> Result<(&'a str, Option<String>), ParseError> {
    let condition = element
        .child_elements()
        .find(|child| child.ns == condition_ns && child.name != "text")
        .ok_or(ParseError::MissingChild {
            element: context,
            child: "condition",
        })?;
    let text = element.child_text("text", condition_ns);
    Ok((&condition.name, text))
}
