//! XEP-0191: the block list as the server keeps it. The server drops everything from a
//! blocked address (messages, presence, requests), so the client only shows and edits it.

use chat_store::{Changes, Millis, Store};
use xmpp_protocol::blocking::Blocking;
use xmpp_protocol::xml::Element;
use xmpp_protocol::{Iq, Jid};

use super::{write_json, PendingRequest, BLOCKLIST_KEY, REQUESTS_KEY};
use crate::client::Client;
use crate::error::ClientError;
use crate::events::ClientEvent;

impl<S: Store> Client<S> {
    pub(crate) fn request_blocklist(&mut self, now: Millis) {
        let iq = Iq::get(None, "", Blocking::request());
        self.send_tracked(iq, PendingRequest::BlockList, now);
    }

    /// Blocks `jid` (a contact, a stranger, or a whole domain). A pending request from it is
    /// refused and dropped. The list updates when the server confirms with a push.
    pub async fn block(&mut self, jid: &str, now: Millis) -> Result<(), ClientError> {
        let target: Jid = jid
            .trim()
            .parse()
            .map_err(|e| ClientError::InvalidJid(format!("{e}")))?;
        if Some(target.as_bare().to_string()) == self.own_jid() {
            return Err(crate::InputProblem::CannotBlockSelf.into());
        }
        let mut changes = Changes::default();
        if self
            .contacts
            .requests
            .iter()
            .any(|r| r.jid == target.to_string())
        {
            self.deny_subscription(&target.to_string(), &mut changes)?;
        }

        let blocked = target.to_string();
        let change = Blocking::Block(vec![target]);
        let sent = self.send_tracked(
            Iq::set(None, "", Element::from(&change)),
            PendingRequest::BlockChange {
                jid: blocked,
                block: true,
                change,
            },
            now,
        );
        self.save(changes).await?;
        if !sent {
            return Err(ClientError::NotConnected);
        }
        Ok(())
    }

    pub async fn unblock(&mut self, jid: &str, now: Millis) -> Result<(), ClientError> {
        let target: Jid = jid
            .trim()
            .parse()
            .map_err(|e| ClientError::InvalidJid(format!("{e}")))?;

        let unblocked = target.to_string();
        let change = Blocking::Unblock(vec![target]);
        if !self.send_tracked(
            Iq::set(None, "", Element::from(&change)),
            PendingRequest::BlockChange {
                jid: unblocked,
                block: false,
                change,
            },
            now,
        ) {
            return Err(ClientError::NotConnected);
        }
        Ok(())
    }

    pub(crate) fn apply_block_push(&mut self, push: &Blocking, changes: &mut Changes) {
        let mut list = self.contacts.blocklist.clone();
        match push {
            Blocking::List(jids) => list = jids.iter().map(Jid::to_string).collect(),
            Blocking::Block(jids) => {
                for jid in jids.iter().map(Jid::to_string) {
                    if !list.contains(&jid) {
                        list.push(jid);
                    }
                }
            }
            Blocking::Unblock(jids) if jids.is_empty() => list.clear(),
            Blocking::Unblock(jids) => {
                list.retain(|jid| !jids.iter().any(|j| j.to_string() == *jid))
            }
        }
        self.replace_blocklist(list, changes);
    }

    pub(crate) fn replace_blocklist(&mut self, mut list: Vec<String>, changes: &mut Changes) {
        list.sort();
        list.dedup();
        let before = self.contacts.requests.len();
        self.contacts
            .requests
            .retain(|request| !list.contains(&request.jid));
        if self.contacts.requests.len() != before {
            write_json(changes, REQUESTS_KEY, &self.contacts.requests);
            self.events.push_back(ClientEvent::SubscriptionRequests(
                self.contacts.requests.clone(),
            ));
        }
        if list != self.contacts.blocklist {
            self.contacts.blocklist = list;
            write_json(changes, BLOCKLIST_KEY, &self.contacts.blocklist);
        }
        self.events
            .push_back(ClientEvent::BlockList(self.contacts.blocklist.clone()));
    }

    pub fn blocklist(&self) -> &[String] {
        &self.contacts.blocklist
    }
}
