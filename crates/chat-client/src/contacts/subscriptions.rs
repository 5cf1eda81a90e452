//! Adding, approving and removing contacts (RFC 6121 §2–3). The server owns the subscription
//! state and tells us with roster pushes; the client sends requests and answers, and keeps the
//! requests nobody answered yet.

use chat_store::{Changes, Millis, RosterItem, Store, Subscription};
use xmpp_protocol::nick::Nick;
use xmpp_protocol::{BareJid, Iq, Presence, PresenceKind, RosterQuery};

use super::{write_json, PendingRequest, SubscriptionRequest, MAX_REQUESTS, REQUESTS_KEY};
use crate::client::Client;
use crate::error::ClientError;
use crate::events::ClientEvent;
use crate::notices::Notice;

/// What the "add contact" form hands over.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NewContact {
    pub jid: String,
    pub name: Option<String>,
    pub groups: Vec<String>,
    /// Also let them see our presence without asking (RFC 6121 §3.4 pre-approval).
    pub share_my_status: bool,
}

impl<S: Store> Client<S> {
    /// Checks an address typed by the user: a valid bare JID that is not our own.
    pub fn validate_contact_jid(&self, jid: &str) -> Result<BareJid, ClientError> {
        let trimmed = jid.trim();
        if trimmed.is_empty() {
            return Err(crate::InputProblem::EnterAddress.into());
        }
        let bare: BareJid = match trimmed.parse::<xmpp_protocol::Jid>() {
            Ok(xmpp_protocol::Jid::Bare(bare)) => bare,
            Ok(xmpp_protocol::Jid::Full(full)) => full.to_bare(),
            Err(error) => {
                return Err(crate::InputProblem::NotAnAddress {
                    input: trimmed.to_owned(),
                    detail: error.to_string(),
                }
                .into())
            }
        };
        if Some(bare.to_string()) == self.own_jid() {
            return Err(crate::InputProblem::OwnAddress.into());
        }
        Ok(bare)
    }

    /// Adds a contact and asks to see their presence; the request carries our nickname.
    pub async fn add_contact(
        &mut self,
        contact: NewContact,
        now: Millis,
    ) -> Result<(), ClientError> {
        let jid = self.validate_contact_jid(&contact.jid)?;
        if self.session.is_none() {
            return Err(ClientError::NotConnected);
        }
        let item = xmpp_protocol::RosterItem {
            name: contact
                .name
                .map(|n| n.trim().to_owned())
                .filter(|n| !n.is_empty()),
            groups: clean_groups(contact.groups),
            ..xmpp_protocol::RosterItem::new(jid.clone())
        };
        self.set_roster_item(item, now);
        let mut request = Presence::subscription(PresenceKind::Subscribe, jid.clone());
        request
            .payloads
            .extend(self.own_nick().map(|nick| Nick(nick).into()));
        let mut changes = Changes::default();
        let pending = self
            .contacts
            .requests
            .iter()
            .any(|r| r.jid == jid.to_string());
        if let Some(session) = self.session.as_mut() {
            session.send_presence(request);
            if contact.share_my_status || pending {
                session.send_presence(Presence::subscription(
                    PresenceKind::Subscribed,
                    jid.clone(),
                ));
            }
        }
        if pending {
            self.forget_request(&jid.to_string(), &mut changes);
        }
        self.save(changes).await
    }

    /// Lets `jid` see our presence; with `ask_back`, also asks to see theirs.
    pub async fn approve_subscription(
        &mut self,
        jid: &str,
        ask_back: bool,
    ) -> Result<(), ClientError> {
        let bare = self.validate_contact_jid(jid)?;
        let session = self.session.as_mut().ok_or(ClientError::NotConnected)?;
        session.send_presence(Presence::subscription(
            PresenceKind::Subscribed,
            bare.clone(),
        ));
        let roster = self.store.roster().await?;
        let already = roster
            .iter()
            .find(|item| item.jid == bare.to_string())
            .is_some_and(|item| {
                matches!(item.subscription, Subscription::To | Subscription::Both) || item.ask
            });
        if ask_back && !already {
            let mut request = Presence::subscription(PresenceKind::Subscribe, bare.clone());
            request
                .payloads
                .extend(self.own_nick().map(|nick| Nick(nick).into()));
            if let Some(session) = self.session.as_mut() {
                session.send_presence(request);
            }
        }
        let mut changes = Changes::default();
        self.forget_request(&bare.to_string(), &mut changes);
        self.save(changes).await
    }

    /// Refuses a request (or stops sharing our presence with an existing contact).
    pub(crate) fn deny_subscription(
        &mut self,
        jid: &str,
        changes: &mut Changes,
    ) -> Result<(), ClientError> {
        let bare: BareJid = jid
            .trim()
            .parse()
            .map_err(|e| ClientError::InvalidJid(format!("{e}")))?;
        if let Some(session) = self.session.as_mut() {
            session.send_presence(Presence::subscription(
                PresenceKind::Unsubscribed,
                bare.clone(),
            ));
        }
        self.forget_request(&bare.to_string(), changes);
        Ok(())
    }

    pub async fn deny(&mut self, jid: &str) -> Result<(), ClientError> {
        let mut changes = Changes::default();
        self.deny_subscription(jid, &mut changes)?;
        self.save(changes).await
    }

    /// Renames a contact and sets their groups (an empty name shows the address).
    pub async fn edit_contact(
        &mut self,
        jid: &str,
        name: Option<String>,
        groups: Vec<String>,
        now: Millis,
    ) -> Result<(), ClientError> {
        let bare = self.validate_contact_jid(jid)?;
        if self.session.is_none() {
            return Err(ClientError::NotConnected);
        }
        let item = xmpp_protocol::RosterItem {
            name: name.map(|n| n.trim().to_owned()).filter(|n| !n.is_empty()),
            groups: clean_groups(groups),
            ..xmpp_protocol::RosterItem::new(bare)
        };
        self.set_roster_item(item, now);
        Ok(())
    }

    /// Removes a contact: the server also cancels both subscriptions (RFC 6121 §2.5).
    pub async fn remove_contact(&mut self, jid: &str, now: Millis) -> Result<(), ClientError> {
        let bare: BareJid = jid
            .trim()
            .parse()
            .map_err(|e| ClientError::InvalidJid(format!("{e}")))?;
        if self.session.is_none() {
            return Err(ClientError::NotConnected);
        }
        let item = xmpp_protocol::RosterItem {
            subscription: xmpp_protocol::Subscription::Remove,
            ..xmpp_protocol::RosterItem::new(bare)
        };
        self.set_roster_item(item, now);
        Ok(())
    }

    fn set_roster_item(&mut self, item: xmpp_protocol::RosterItem, now: Millis) {
        let jid = item.jid.to_string();
        let query = RosterQuery {
            ver: None,
            items: vec![item],
        };
        self.send_tracked(
            Iq::set(None, "", query.into()),
            PendingRequest::RosterChange { jid },
            now,
        );
    }

    pub(crate) async fn on_subscription_presence(
        &mut self,
        presence: Presence,
        now: Millis,
        changes: &mut Changes,
    ) -> Result<(), ClientError> {
        let Some(from) = presence
            .from
            .as_ref()
            .map(|from| from.to_bare().to_string())
        else {
            return Ok(());
        };
        if Some(&from) == self.own_jid().as_ref() || self.contacts.blocklist.contains(&from) {
            return Ok(());
        }
        match presence.kind {
            PresenceKind::Subscribe => {
                let roster: Vec<RosterItem> = self.store.roster().await?;
                let item = roster.iter().find(|item| item.jid == from);
                let shared = item.is_some_and(|i| {
                    matches!(i.subscription, Subscription::From | Subscription::Both)
                });
                // We asked them first: their asking back is the mutual subscription we wanted.
                let we_asked =
                    item.is_some_and(|i| i.ask || matches!(i.subscription, Subscription::To));
                if shared || we_asked {
                    if let (Some(session), Ok(bare)) =
                        (self.session.as_mut(), from.parse::<BareJid>())
                    {
                        session
                            .send_presence(Presence::subscription(PresenceKind::Subscribed, bare));
                    }
                    return Ok(());
                }
                if self.contacts.requests.iter().any(|r| r.jid == from)
                    || self.contacts.requests.len() >= MAX_REQUESTS
                {
                    return Ok(());
                }
                let nick = match presence.find_payload::<Nick>() {
                    Some(Ok(Nick(nick))) if !nick.is_empty() => Some(nick),
                    _ => None,
                };
                self.contacts.requests.push(SubscriptionRequest {
                    jid: from,
                    nick,
                    received_at: now,
                });
                write_json(changes, REQUESTS_KEY, &self.contacts.requests);
                self.events.push_back(ClientEvent::SubscriptionRequests(
                    self.contacts.requests.clone(),
                ));
            }
            // They withdrew their request before we answered.
            PresenceKind::Unsubscribe => self.forget_request(&from, changes),
            PresenceKind::Unsubscribed => {
                let roster = self.store.roster().await?;
                // The push that removed our pending request may come before or after this.
                if roster.iter().any(|item| {
                    item.jid == from
                        && !matches!(item.subscription, Subscription::To | Subscription::Both)
                }) {
                    self.notice(Notice::NotSharingStatus {
                        jid: from.to_string(),
                    });
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn forget_request(&mut self, jid: &str, changes: &mut Changes) {
        let before = self.contacts.requests.len();
        self.contacts.requests.retain(|request| request.jid != jid);
        if self.contacts.requests.len() != before {
            write_json(changes, REQUESTS_KEY, &self.contacts.requests);
            self.events.push_back(ClientEvent::SubscriptionRequests(
                self.contacts.requests.clone(),
            ));
        }
    }

    pub fn subscription_requests(&self) -> &[SubscriptionRequest] {
        &self.contacts.requests
    }
}

/// Trimmed, non-empty, without duplicates, in the order given.
fn clean_groups(groups: Vec<String>) -> Vec<String> {
    let mut clean: Vec<String> = Vec::new();
    for group in groups
        .into_iter()
        .map(|g| g.trim().to_owned())
        .filter(|g| !g.is_empty())
    {
        if !clean.contains(&group) {
            clean.push(group);
        }
    }
    clean
}
