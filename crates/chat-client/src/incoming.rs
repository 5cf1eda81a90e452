//! Turning what the server sends into stored data.

use std::collections::BTreeMap;

use chat_store::{Changes, Conversation, ConversationId, RosterItem, Store, Subscription};
use xmpp_protocol::{PresenceKind, RosterQuery, Show};

use crate::client::Client;
use crate::error::ClientError;
use crate::events::{Availability, ClientEvent};

impl<S: Store> Client<S> {
    /// The latest version of a conversation: from this batch if it is already in it.
    pub(crate) async fn conversation_for_update(
        &self,
        id: &ConversationId,
        changes: &Changes,
    ) -> Result<Conversation, ClientError> {
        if let Some(pending) = changes
            .conversation_upserts
            .iter()
            .rev()
            .find(|c| &c.id == id)
        {
            return Ok(pending.clone());
        }
        Ok(self
            .store
            .conversation(id)
            .await?
            .unwrap_or_else(|| Conversation::new(id.clone())))
    }

    pub(crate) fn on_presence(&mut self, presence: xmpp_protocol::Presence) {
        let Some(from) = presence.from.clone() else {
            return;
        };
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
        let best = resources
            .values()
            .copied()
            .max()
            .unwrap_or(Availability::Unavailable);
        self.events.push_back(ClientEvent::Presence {
            jid: bare,
            availability: best,
            status: presence.status.clone(),
        });
    }

    pub(crate) async fn on_roster(
        &mut self,
        query: RosterQuery,
        changes: &mut Changes,
    ) -> Result<(), ClientError> {
        // An empty result with a version means "your copy is current" (RFC 6121 §2.6).
        let unchanged = query.items.is_empty()
            && query.ver.is_some()
            && self
                .account
                .as_ref()
                .and_then(|a| a.roster_version.as_ref())
                == query.ver.as_ref();
        if !unchanged {
            changes.roster_replace = true;
            changes.roster_upserts = query.items.iter().filter_map(store_roster_item).collect();
        }
        self.remember_roster_version(query.ver, changes);
        self.emit_roster(changes).await
    }

    pub(crate) async fn on_roster_push(
        &mut self,
        item: xmpp_protocol::RosterItem,
        changes: &mut Changes,
    ) -> Result<(), ClientError> {
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
        // Keyed by JID: a whole roster of upserts (thousands at login) merges in one pass.
        let mut roster: BTreeMap<String, RosterItem> = if changes.roster_replace {
            BTreeMap::new()
        } else {
            self.store
                .roster()
                .await?
                .into_iter()
                .map(|item| (item.jid.clone(), item))
                .collect()
        };
        for item in &changes.roster_upserts {
            roster.insert(item.jid.clone(), item.clone());
        }
        for jid in &changes.roster_removals {
            roster.remove(jid);
        }
        self.events
            .push_back(ClientEvent::Roster(roster.into_values().collect()));
        Ok(())
    }
}

pub(crate) fn upsert_conversation(changes: &mut Changes, conversation: Conversation) {
    changes
        .conversation_upserts
        .retain(|c| c.id != conversation.id);
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
