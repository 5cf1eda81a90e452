//! Turning what the server sends into stored data.

use chat_store::{Changes, Conversation, ConversationId, DeliveryState, Direction, Message, MessageEncryption, Millis, RosterItem, Store, Subscription};
use xmpp_protocol::{MessageKind, PresenceKind, RosterQuery, Show};

use crate::client::Client;
use crate::error::ClientError;
use crate::events::{Availability, ClientEvent};
use crate::ids::random_id;

impl<S: Store> Client<S> {
    pub(crate) async fn on_message(
        &mut self,
        message: xmpp_protocol::Message,
        now: Millis,
        changes: &mut Changes,
    ) -> Result<(), ClientError> {
        if !matches!(message.kind, MessageKind::Chat | MessageKind::Normal) {
            return Ok(());
        }
        let (Some(body), Some(from)) = (message.body.clone(), message.from.clone()) else {
            return Ok(());
        };
        let Some(own) = self.account.as_ref().map(|a| a.jid.clone()) else {
            return Ok(());
        };
        let peer = from.to_bare().to_string();
        if peer == own {
            // Our own other devices reach us through carbons, handled with them.
            return Ok(());
        }
        let conversation_id = ConversationId::direct(peer.clone());
        let stanza_id = message
            .stanza_ids
            .iter()
            .find(|(by, _)| by.to_string() == own)
            .map(|(_, id)| id.clone());
        let candidates = [stanza_id.clone(), message.origin_id.clone(), message.id.clone()];
        for known in candidates.iter().flatten() {
            if self.already_have(&conversation_id, known, changes).await? {
                return Ok(());
            }
        }
        let id = stanza_id
            .clone()
            .or_else(|| message.origin_id.clone())
            .or_else(|| message.id.as_ref().map(|id| format!("{peer}/{id}")))
            .unwrap_or_else(random_id);
        let timestamp = message.delay.unwrap_or(now);
        let stored = Message {
            id,
            conversation: conversation_id.clone(),
            direction: Direction::In,
            sender: peer,
            body,
            timestamp,
            origin_id: message.origin_id.clone(),
            stanza_id,
            state: DeliveryState::Received,
            encryption: MessageEncryption::Plain,
            expires_at: None,
        };
        let is_active = self.active.as_ref() == Some(&conversation_id);
        let mut conversation = self.conversation_for_update(&conversation_id, changes).await?;
        conversation.last_activity = conversation.last_activity.max(timestamp);
        if !is_active {
            conversation.unread = conversation.unread.saturating_add(1);
        }
        upsert_conversation(changes, conversation);
        changes.message_upserts.push(stored);
        Ok(())
    }

    async fn already_have(&self, conversation: &ConversationId, external_id: &str, changes: &Changes) -> Result<bool, ClientError> {
        if changes.message_upserts.iter().any(|m| &m.conversation == conversation && m.has_id(external_id)) {
            return Ok(true);
        }
        Ok(self.store.find_message(conversation, external_id).await?.is_some())
    }

    /// The latest version of a conversation: from this batch if it is already in it.
    pub(crate) async fn conversation_for_update(&self, id: &ConversationId, changes: &Changes) -> Result<Conversation, ClientError> {
        if let Some(pending) = changes.conversation_upserts.iter().rev().find(|c| &c.id == id) {
            return Ok(pending.clone());
        }
        Ok(self.store.conversation(id).await?.unwrap_or_else(|| Conversation::new(id.clone())))
    }

    pub(crate) fn on_presence(&mut self, presence: xmpp_protocol::Presence) {
        let Some(from) = presence.from.clone() else { return };
        let bare = from.to_bare().to_string();
        let resource = from.resource().unwrap_or_default().to_owned();
        let availability = match presence.kind {
            PresenceKind::Available => match presence.show {
                None => Availability::Available,
                Some(Show::Chat) => Availability::Available,
                Some(Show::Away) => Availability::Away,
                Some(Show::Xa) => Availability::Xa,
                Some(Show::Dnd) => Availability::Dnd,
            },
            PresenceKind::Unavailable => Availability::Unavailable,
            _ => return,
        };
        let resources = self.presence.entry(bare.clone()).or_default();
        if availability == Availability::Unavailable {
            resources.remove(&resource);
        } else {
            resources.insert(resource, availability);
        }
        let best = resources.values().copied().max().unwrap_or(Availability::Unavailable);
        self.events.push_back(ClientEvent::Presence { jid: bare, availability: best, status: presence.status.clone() });
    }

    pub(crate) async fn on_roster(&mut self, query: RosterQuery, changes: &mut Changes) -> Result<(), ClientError> {
        // An empty result with a version means "your copy is current" (RFC 6121 §2.6).
        let unchanged = query.items.is_empty() && query.ver.is_some()
            && self.account.as_ref().and_then(|a| a.roster_version.as_ref()) == query.ver.as_ref();
        if !unchanged {
            changes.roster_replace = true;
            changes.roster_upserts = query.items.iter().filter_map(store_roster_item).collect();
        }
        self.remember_roster_version(query.ver, changes);
        self.emit_roster(changes).await
    }

    pub(crate) async fn on_roster_push(&mut self, item: xmpp_protocol::RosterItem, changes: &mut Changes) -> Result<(), ClientError> {
        match store_roster_item(&item) {
            Some(stored) => changes.roster_upserts.push(stored),
            None => changes.roster_removals.push(item.jid.to_string()),
        }
        self.emit_roster(changes).await
    }

    fn remember_roster_version(&mut self, ver: Option<String>, changes: &mut Changes) {
        if let (Some(ver), Some(account)) = (ver, self.account.as_mut()) {
            account.roster_version = Some(ver);
            changes.account = Some(Some(account.clone()));
        }
    }

    /// The roster as it will be once `changes` are saved, for the UI.
    async fn emit_roster(&mut self, changes: &Changes) -> Result<(), ClientError> {
        let mut roster = if changes.roster_replace { Vec::new() } else { self.store.roster().await? };
        for item in &changes.roster_upserts {
            roster.retain(|r: &RosterItem| r.jid != item.jid);
            roster.push(item.clone());
        }
        roster.retain(|r| !changes.roster_removals.contains(&r.jid));
        roster.sort_by(|a, b| a.jid.cmp(&b.jid));
        self.events.push_back(ClientEvent::Roster(roster));
        Ok(())
    }
}

pub(crate) fn upsert_conversation(changes: &mut Changes, conversation: Conversation) {
    changes.conversation_upserts.retain(|c| c.id != conversation.id);
    changes.conversation_upserts.push(conversation);
}

/// `None` for a removal push.
fn store_roster_item(item: &xmpp_protocol::RosterItem) -> Option<RosterItem> {
    use xmpp_protocol::Subscription as S;
    let subscription = match item.subscription {
        S::None => Subscription::None,
        S::To => Subscription::To,
        S::From => Subscription::From,
        S::Both => Subscription::Both,
        S::Remove => return None,
    };
    Some(RosterItem {
        jid: item.jid.to_string(),
        name: item.name.clone(),
        subscription,
        ask: item.ask,
        groups: item.groups.clone(),
    })
}
