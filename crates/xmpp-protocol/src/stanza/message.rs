//! `<message/>` (RFC 6121 §5) with the extensions every chat needs to read: XEP-0359 ids and
//! XEP-0203 delay.

use super::{is_stanza_ns, StanzaError, XML_LANG};
use crate::datetime::{format_datetime, parse_datetime};
use crate::jid::Jid;
use crate::ns;
use crate::payload::{find_payload, optional_jid, wrong_element, ParseError};
use crate::xml::Element;
use crate::Millis;

closed_enum! {
    /// RFC 6121 §5.2.2 message types.
    #[derive(Default)]
    pub enum MessageKind {
        Chat => "chat",
        Error => "error",
        Groupchat => "groupchat",
        Headline => "headline",
        #[default]
        Normal => "normal",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Message {
    pub from: Option<Jid>,
    pub to: Option<Jid>,
    pub id: Option<String>,
    pub kind: MessageKind,
    pub lang: Option<String>,
    /// The first `<body>`; further bodies (other languages) stay in `payloads`.
    pub body: Option<String>,
    pub subject: Option<String>,
    pub thread: Option<String>,
    /// For `type='error'` messages.
    pub error: Option<StanzaError>,
    /// XEP-0359 `<origin-id/>`.
    pub origin_id: Option<String>,
    /// XEP-0359 `<stanza-id/>`s as `(by, id)`; only trust the ones whose `by` you asked.
    pub stanza_ids: Vec<(Jid, String)>,
    /// XEP-0203 `<delay stamp/>`: when the message was originally sent.
    pub delay: Option<Millis>,
    /// Every other child element, in order.
    pub payloads: Vec<Element>,
}

impl Message {
    /// A chat message with `id` as both stanza id and XEP-0359 origin id, so echoes and
    /// archive copies can be matched to what we sent.
    pub fn chat(to: Jid, body: &str, id: &str) -> Self {
        Self {
            to: Some(to),
            id: Some(id.to_owned()),
            kind: MessageKind::Chat,
            body: Some(body.to_owned()),
            origin_id: Some(id.to_owned()),
            ..Self::default()
        }
    }

    /// The first payload that is a `T`; a matching but malformed one is reported.
    pub fn find_payload<'a, T>(&'a self) -> Option<Result<T, ParseError>>
    where
        T: TryFrom<&'a Element, Error = ParseError>,
    {
        find_payload(&self.payloads)
    }

    /// The stanza id assigned by `by` (our own archive, or a MUC service).
    pub fn stanza_id_by(&self, by: &Jid) -> Option<&str> {
        self.stanza_ids
            .iter()
            .find(|(assigner, _)| assigner == by)
            .map(|(_, id)| id.as_str())
    }
}

impl TryFrom<&Element> for Message {
    type Error = ParseError;

    fn try_from(element: &Element) -> Result<Self, ParseError> {
        if element.name != "message" || !is_stanza_ns(&element.ns) {
            return Err(wrong_element(element, "message", ns::CLIENT));
        }
        let kind = match element.attr("type") {
            // RFC 6121 §5.2.2: a type we do not understand means "normal".
            Some(value) => value.parse().unwrap_or(MessageKind::Normal),
            None => MessageKind::Normal,
        };
        let mut message = Message {
            from: optional_jid(element, "message", "from")?,
            to: optional_jid(element, "message", "to")?,
            id: element.attr("id").map(str::to_owned),
            kind,
            lang: element.attr(XML_LANG).map(str::to_owned),
            ..Message::default()
        };
        for child in element.child_elements() {
            if !message.take_known_child(child, &element.ns) {
                message.payloads.push(child.clone());
            }
        }
        Ok(message)
    }
}

impl Message {
    /// Moves a child into its typed field; false if it belongs in `payloads`.
    fn take_known_child(&mut self, child: &Element, stanza_ns: &str) -> bool {
        if child.ns == stanza_ns {
            let slot = match child.name.as_str() {
                "body" => &mut self.body,
                "subject" => &mut self.subject,
                "thread" => &mut self.thread,
                "error" if self.error.is_none() => match StanzaError::try_from(child) {
                    Ok(error) => {
                        self.error = Some(error);
                        return true;
                    }
                    Err(_) => return false,
                },
                _ => return false,
            };
            if slot.is_some() {
                return false;
            }
            *slot = Some(child.text());
            return true;
        }
        if child.is("origin-id", ns::SID) && self.origin_id.is_none() {
            if let Some(id) = child.attr("id") {
                self.origin_id = Some(id.to_owned());
                return true;
            }
        }
        if child.is("stanza-id", ns::SID) {
            let by = child.attr("by").and_then(|by| by.parse::<Jid>().ok());
            if let (Some(by), Some(id)) = (by, child.attr("id")) {
                self.stanza_ids.push((by, id.to_owned()));
                return true;
            }
        }
        if child.is("delay", ns::DELAY) && self.delay.is_none() {
            if let Some(stamp) = child
                .attr("stamp")
                .and_then(|stamp| parse_datetime(stamp).ok())
            {
                self.delay = Some(stamp);
                return true;
            }
        }
        false
    }
}

fn text_child(name: &str, text: &Option<String>) -> Option<Element> {
    text.as_ref().map(|text| {
        Element::builder(name, ns::CLIENT)
            .text(text.clone())
            .build()
    })
}

impl From<Message> for Element {
    fn from(message: Message) -> Self {
        let kind = (message.kind != MessageKind::Normal).then_some(message.kind.as_str());
        Element::builder("message", ns::CLIENT)
            .attr_opt("from", message.from.as_ref().map(Jid::to_string))
            .attr_opt("to", message.to.as_ref().map(Jid::to_string))
            .attr_opt("id", message.id)
            .attr_opt("type", kind)
            .attr_opt(XML_LANG, message.lang)
            .append_all(text_child("subject", &message.subject))
            .append_all(text_child("body", &message.body))
            .append_all(text_child("thread", &message.thread))
            .append_all(message.error.as_ref().map(StanzaError::to_element))
            .append_all(message.origin_id.map(|id| {
                Element::builder("origin-id", ns::SID)
                    .attr("id", id)
                    .build()
            }))
            .append_all(message.stanza_ids.into_iter().map(|(by, id)| {
                Element::builder("stanza-id", ns::SID)
                    .attr("id", id)
                    .attr("by", by.to_string())
                    .build()
            }))
            .append_all(message.delay.map(|stamp| {
                Element::builder("delay", ns::DELAY)
                    .attr("stamp", format_datetime(stamp))
                    .build()
            }))
            .append_all(message.payloads)
            .build()
    }
}

impl From<&Message> for Element {
    fn from(message: &Message) -> Self {
        Element::from(message.clone())
    }
}
