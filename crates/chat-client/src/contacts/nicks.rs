//! Nicknames (XEP-0172): ours published on PEP, contacts' received as PEP notifications
//! (we ask for them with `nick+notify` in our caps) and shown where the roster has no name.

use chat_store::{Changes, Millis, Store};
use xmpp_protocol::nick::Nick;
use xmpp_protocol::pubsub::{publish, Items};
use xmpp_protocol::{ns, Iq};

use super::{write_json, PendingRequest, NICKS_KEY};
use crate::client::Client;
use crate::events::ClientEvent;

impl<S: Store> Client<S> {
    pub(crate) fn publish_nick(&mut self, now: Millis) {
        let nick = Nick(self.contacts.own.nick.clone().unwrap_or_default());
        let payload = publish(ns::NICK, "current", nick.into());
        self.send_tracked(Iq::set(None, "", payload), PendingRequest::PublishNick, now);
    }

    pub(crate) fn on_nick_event(&mut self, jid: &str, items: &Items, changes: &mut Changes) {
        let nick = match items
            .items
            .last()
            .and_then(|item| item.payload.as_ref())
            .map(Nick::try_from)
        {
            Some(Ok(Nick(nick))) if !nick.is_empty() => Some(nick),
            Some(Err(_)) => return,
            _ => None,
        };
        let changed = match nick {
            Some(nick) => {
                self.contacts
                    .nicks
                    .insert(jid.to_owned(), nick.clone())
                    .as_ref()
                    != Some(&nick)
            }
            None => self.contacts.nicks.remove(jid).is_some(),
        };
        if changed {
            write_json(changes, NICKS_KEY, &self.contacts.nicks);
            self.events
                .push_back(ClientEvent::ContactNicks(self.contacts.nicks.clone()));
        }
    }
}
