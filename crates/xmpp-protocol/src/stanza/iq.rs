//! `<iq/>` (RFC 6120 §8.2.3): request/response with exactly one payload.

use super::{is_stanza_ns, StanzaError};
use crate::jid::Jid;
use crate::ns;
use crate::payload::{optional_jid, optional_parsed, required_attr, wrong_element, ParseError};
use crate::xml::Element;

closed_enum! {
    pub enum IqKind {
        Get => "get",
        Set => "set",
        Result => "result",
        Error => "error",
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Iq {
    pub from: Option<Jid>,
    pub to: Option<Jid>,
    pub id: String,
    pub kind: IqKind,
    /// The request payload, or the result payload if any. For an error, the request echoed back
    /// if the server included it.
    pub payload: Option<Element>,
    /// For `type='error'`; `None` if the sender left out a readable `<error/>`.
    pub error: Option<StanzaError>,
}

impl Iq {
    fn new(kind: IqKind, to: Option<Jid>, id: impl Into<String>, payload: Option<Element>) -> Self {
        Self {
            from: None,
            to,
            id: id.into(),
            kind,
            payload,
            error: None,
        }
    }

    /// A query. An empty `id` is filled in by the session when sent.
    pub fn get(to: Option<Jid>, id: impl Into<String>, payload: Element) -> Self {
        Self::new(IqKind::Get, to, id, Some(payload))
    }

    /// A command. An empty `id` is filled in by the session when sent.
    pub fn set(to: Option<Jid>, id: impl Into<String>, payload: Element) -> Self {
        Self::new(IqKind::Set, to, id, Some(payload))
    }

    /// The successful answer to `request`.
    pub fn result_for(request: &Iq, payload: Option<Element>) -> Self {
        Self::new(
            IqKind::Result,
            request.from.clone(),
            request.id.clone(),
            payload,
        )
    }

    /// The error answer to `request`.
    pub fn error_for(request: &Iq, error: StanzaError) -> Self {
        Self {
            error: Some(error),
            ..Self::new(
                IqKind::Error,
                request.from.clone(),
                request.id.clone(),
                None,
            )
        }
    }

    pub fn is_request(&self) -> bool {
        matches!(self.kind, IqKind::Get | IqKind::Set)
    }

    /// The payload's `(name, namespace)`, which is what routes a request.
    pub fn payload_name(&self) -> Option<(&str, &str)> {
        self.payload
            .as_ref()
            .map(|payload| (payload.name.as_str(), payload.ns.as_str()))
    }
}

impl TryFrom<&Element> for Iq {
    type Error = ParseError;

    fn try_from(element: &Element) -> Result<Self, ParseError> {
        if element.name != "iq" || !is_stanza_ns(&element.ns) {
            return Err(wrong_element(element, "iq", ns::CLIENT));
        }
        let id = required_attr(element, "iq", "id")?.to_owned();
        let kind = optional_parsed::<IqKind>(element, "iq", "type")?.ok_or(
            ParseError::MissingAttribute {
                element: "iq",
                attribute: "type",
            },
        )?;
        let mut iq = Iq::new(kind, optional_jid(element, "iq", "to")?, id, None);
        iq.from = optional_jid(element, "iq", "from")?;
        for child in element.child_elements() {
            if kind == IqKind::Error
                && child.name == "error"
                && child.ns == element.ns
                && iq.error.is_none()
            {
                if let Ok(error) = StanzaError::try_from(child) {
                    iq.error = Some(error);
                    continue;
                }
            }
            if iq.payload.is_none() {
                iq.payload = Some(child.clone());
            }
        }
        if iq.is_request() && iq.payload.is_none() {
            return Err(ParseError::MissingChild {
                element: "iq",
                child: "payload",
            });
        }
        Ok(iq)
    }
}

impl From<Iq> for Element {
    fn from(iq: Iq) -> Self {
        Element::builder("iq", ns::CLIENT)
            .attr_opt("from", iq.from.as_ref().map(Jid::to_string))
            .attr_opt("to", iq.to.as_ref().map(Jid::to_string))
            .attr("id", iq.id)
            .attr("type", iq.kind.as_str())
            .append_all(iq.payload)
            .append_all(iq.error.as_ref().map(StanzaError::to_element))
            .build()
    }
}

impl From<&Iq> for Element {
    fn from(iq: &Iq) -> Self {
        Element::from(iq.clone())
    }
}
