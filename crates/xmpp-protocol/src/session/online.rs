//! The online half of the session: routing stanzas, answering the requests the session owns
//! (ping, roster push, anything unknown) and matching answers to the IQs we sent.

use super::login::undefined_error;
use super::pending::Purpose;
use super::{Event, Session};
use crate::jid::Jid;
use crate::ns;
use crate::roster::RosterQuery;
use crate::stanza::{is_stanza_ns, ErrorCondition, ErrorType, Iq, IqKind, Stanza, StanzaError};
use crate::xml::Element;

impl Session {
    pub(super) fn route(&mut self, element: Element) {
        let is_stanza = matches!(element.name.as_str(), "message" | "presence" | "iq")
            && is_stanza_ns(&element.ns);
        if !is_stanza {
            self.events.push_back(Event::UnknownElement(element));
            return;
        }
        self.count_inbound();
        match Stanza::try_from(&element) {
            Ok(Stanza::Message(message)) => self.events.push_back(Event::Message(message)),
            Ok(Stanza::Presence(presence)) => self.events.push_back(Event::Presence(presence)),
            Ok(Stanza::Iq(iq)) if iq.is_request() => self.handle_request(iq),
            Ok(Stanza::Iq(iq)) => self.handle_answer(iq),
            Err(error) => {
                self.refuse_malformed_request(&element);
                self.events
                    .push_back(Event::MalformedStanza { element, error });
            }
        }
    }

    fn handle_answer(&mut self, iq: Iq) {
        let own = self.own_bare();
        let Some(pending) = self.pending.take_answer(&iq.id, iq.from.as_ref(), &own) else {
            return;
        };
        let id = pending.id;
        let event = match (pending.purpose, iq.kind) {
            (_, IqKind::Error) => Event::IqError {
                id,
                error: iq.error.unwrap_or_else(undefined_error),
            },
            (Purpose::Roster { ver }, _) => match iq.payload.as_ref().map(RosterQuery::try_from) {
                None => Event::Roster(RosterQuery {
                    ver,
                    items: Vec::new(),
                }),
                Some(Ok(query)) => Event::Roster(query),
                Some(Err(error)) => Event::MalformedStanza {
                    element: iq.into(),
                    error,
                },
            },
            (_, _) => Event::IqResult {
                id,
                payload: iq.payload,
            },
        };
        self.events.push_back(event);
    }

    fn handle_request(&mut self, iq: Iq) {
        let (name, namespace) = iq
            .payload_name()
            .map(|(name, ns)| (name.to_owned(), ns.to_owned()))
            .unwrap_or_default();
        match (iq.kind, name.as_str(), namespace.as_str()) {
            (IqKind::Set, "query", ns::ROSTER) => self.handle_roster_push(iq),
            (IqKind::Get, "ping", ns::PING) => self.send_element(Iq::result_for(&iq, None).into()),
            _ if self.accepted_iq_namespaces.contains(&namespace) => {
                self.events.push_back(Event::IncomingIq(iq))
            }
            _ => self.send_element(Iq::error_for(&iq, StanzaError::service_unavailable()).into()),
        }
    }

    /// RFC 6121 §2.1.6: only our own server (no `from`, or our bare JID) may push.
    fn handle_roster_push(&mut self, iq: Iq) {
        let trusted = match &iq.from {
            None => true,
            Some(Jid::Bare(from)) => *from == self.own_bare(),
            Some(Jid::Full(_)) => false,
        };
        if !trusted {
            self.send_element(Iq::error_for(&iq, StanzaError::service_unavailable()).into());
            return;
        }
        let query = iq.payload.as_ref().map(RosterQuery::try_from);
        match query {
            Some(Ok(mut query)) if query.items.len() == 1 => {
                self.send_element(Iq::result_for(&iq, None).into());
                if let Some(item) = query.items.pop() {
                    self.events.push_back(Event::RosterPush(item));
                    self.events.extend(query.ver.map(Event::RosterVersion));
                }
            }
            Some(Err(error)) => {
                self.send_element(Iq::error_for(&iq, bad_request()).into());
                self.events.push_back(Event::MalformedStanza {
                    element: iq.into(),
                    error,
                });
            }
            _ => {
                let error = bad_request().with_text("a roster push carries exactly one item");
                self.send_element(Iq::error_for(&iq, error).into());
            }
        }
    }

    /// An IQ request must be answered even when we cannot read it (RFC 6120 §8.2.3).
    fn refuse_malformed_request(&mut self, element: &Element) {
        let is_request =
            element.name == "iq" && matches!(element.attr("type"), Some("get" | "set"));
        let Some(id) = element.attr("id").filter(|_| is_request) else {
            return;
        };
        let reply = Element::builder("iq", ns::CLIENT)
            .attr_opt(
                "to",
                element
                    .attr("from")
                    .filter(|from| from.parse::<Jid>().is_ok()),
            )
            .attr("id", id)
            .attr("type", "error")
            .append(bad_request().to_element())
            .build();
        self.send_element(reply);
    }
}

fn bad_request() -> StanzaError {
    StanzaError::new(ErrorType::Modify, ErrorCondition::BadRequest)
}
