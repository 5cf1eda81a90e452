//! `<presence/>` (RFC 6121 §4): availability and subscription management.

use super::{is_stanza_ns, StanzaError, XML_LANG};
use crate::jid::{BareJid, Jid};
use crate::ns;
use crate::payload::{find_payload, optional_jid, optional_parsed, wrong_element, ParseError};
use crate::xml::Element;

closed_enum! {
    /// The presence `type`; `Available` is the absent attribute.
    #[derive(Default)]
    pub enum PresenceKind {
        #[default]
        Available => "available",
        Unavailable => "unavailable",
        Subscribe => "subscribe",
        Subscribed => "subscribed",
        Unsubscribe => "unsubscribe",
        Unsubscribed => "unsubscribed",
        Probe => "probe",
        Error => "error",
    }
}

closed_enum! {
    /// RFC 6121 §4.7.2.1 `<show/>` values.
    pub enum Show {
        Away => "away",
        Chat => "chat",
        Dnd => "dnd",
        Xa => "xa",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Presence {
    pub from: Option<Jid>,
    pub to: Option<Jid>,
    pub id: Option<String>,
    pub kind: PresenceKind,
    pub lang: Option<String>,
    pub show: Option<Show>,
    /// The first `<status>`; further ones (other languages) stay in `payloads`.
    pub status: Option<String>,
    /// -128..=127; 0 when absent (RFC 6121 §4.7.2.3).
    pub priority: i8,
    /// For `type='error'` presences.
    pub error: Option<StanzaError>,
    /// Every other child element (caps, MUC, vCard hashes, ...), in order.
    pub payloads: Vec<Element>,
}

impl Presence {
    pub fn new(kind: PresenceKind) -> Self {
        Self {
            kind,
            ..Self::default()
        }
    }

    /// Initial or updated availability, broadcast by the server to our contacts.
    pub fn available() -> Self {
        Self::new(PresenceKind::Available)
    }

    pub fn unavailable() -> Self {
        Self::new(PresenceKind::Unavailable)
    }

    /// A subscription request, approval, cancellation or refusal addressed to `to`.
    pub fn subscription(kind: PresenceKind, to: BareJid) -> Self {
        Self {
            to: Some(Jid::Bare(to)),
            ..Self::new(kind)
        }
    }

    /// The first payload that is a `T`; a matching but malformed one is reported.
    pub fn find_payload<'a, T>(&'a self) -> Option<Result<T, ParseError>>
    where
        T: TryFrom<&'a Element, Error = ParseError>,
    {
        find_payload(&self.payloads)
    }
}

impl TryFrom<&Element> for Presence {
    type Error = ParseError;

    fn try_from(element: &Element) -> Result<Self, ParseError> {
        if element.name != "presence" || !is_stanza_ns(&element.ns) {
            return Err(wrong_element(element, "presence", ns::CLIENT));
        }
        if element.attr("type") == Some("available") {
            return Err(ParseError::InvalidAttribute {
                element: "presence",
                attribute: "type",
                value: "available".into(),
                reason: "availability is expressed by omitting the type".into(),
            });
        }
        let mut presence = Presence {
            from: optional_jid(element, "presence", "from")?,
            to: optional_jid(element, "presence", "to")?,
            id: element.attr("id").map(str::to_owned),
            kind: optional_parsed(element, "presence", "type")?.unwrap_or_default(),
            lang: element.attr(XML_LANG).map(str::to_owned),
            ..Presence::default()
        };
        let mut seen_priority = false;
        for child in element.child_elements() {
            let in_stanza_ns = child.ns == element.ns;
            match child.name.as_str() {
                "show" if in_stanza_ns && presence.show.is_none() => {
                    presence.show = Some(parse_content(child, "show", |text| {
                        text.parse::<Show>().map_err(|e| e.to_string())
                    })?);
                }
                "status" if in_stanza_ns && presence.status.is_none() => {
                    presence.status = Some(child.text())
                }
                "priority" if in_stanza_ns && !seen_priority => {
                    seen_priority = true;
                    presence.priority = parse_content(child, "priority", |text| {
                        text.parse::<i8>().map_err(|e| e.to_string())
                    })?;
                }
                "error" if in_stanza_ns && presence.error.is_none() => {
                    match StanzaError::try_from(child) {
                        Ok(error) => presence.error = Some(error),
                        Err(_) => presence.payloads.push(child.clone()),
                    }
                }
                _ => presence.payloads.push(child.clone()),
            }
        }
        Ok(presence)
    }
}

fn parse_content<T>(
    child: &Element,
    context: &'static str,
    parse: impl Fn(&str) -> Result<T, String>,
) -> Result<T, ParseError> {
    let text = child.text();
    parse(text.trim()).map_err(|reason| ParseError::InvalidContent {
        element: context,
        value: text.clone(),
        reason,
    })
}

impl From<Presence> for Element {
    fn from(presence: Presence) -> Self {
        let kind = (presence.kind != PresenceKind::Available).then_some(presence.kind.as_str());
        Element::builder("presence", ns::CLIENT)
            .attr_opt("from", presence.from.as_ref().map(Jid::to_string))
            .attr_opt("to", presence.to.as_ref().map(Jid::to_string))
            .attr_opt("id", presence.id)
            .attr_opt("type", kind)
            .attr_opt(XML_LANG, presence.lang)
            .append_all(presence.show.map(|show| {
                Element::builder("show", ns::CLIENT)
                    .text(show.as_str())
                    .build()
            }))
            .append_all(
                presence
                    .status
                    .map(|status| Element::builder("status", ns::CLIENT).text(status).build()),
            )
            .append_all((presence.priority != 0).then(|| {
                Element::builder("priority", ns::CLIENT)
                    .text(presence.priority.to_string())
                    .build()
            }))
            .append_all(presence.error.as_ref().map(StanzaError::to_element))
            .append_all(presence.payloads)
            .build()
    }
}

impl From<&Presence> for Element {
    fn from(presence: &Presence) -> Self {
        Element::from(presence.clone())
    }
}
