//! Retention settings shared by the user's Jibber devices through a private PEP node
//! (XEP-0223, `urn:jibber:retention:0`): fetched at every login, published after every
//! change, and applied when another device's change arrives as a `+notify` event.
//!
//! The item holds the whole picture (default and every chat's timer), so the newest
//! publish wins. A change made offline is published at the next connection.

use chat_store::retention::MAX_TIMER_MS;
use chat_store::{Changes, Conversation, ConversationId, Millis, Retention, Store};
use xmpp_protocol::pubsub::{items_request, Items};
use xmpp_protocol::retention_prefs::{
    self, from_items, publish_request, ChatPrefs, RetentionPrefs, Timer, NODE,
};
use xmpp_protocol::stanza::ErrorCondition;
use xmpp_protocol::xml::Element;
use xmpp_protocol::{BareJid, Iq, StanzaError};

use crate::client::Client;
use crate::contacts::write_json;
use crate::ephemeral::SETTINGS_KEY;
use crate::error::ClientError;
use crate::events::ClientEvent;

fn to_timer(retention: Retention) -> Timer {
    match retention {
        Retention::Forever => Timer::Off,
        Retention::After(ms) => Timer::Seconds(ms.div_ceil(1_000).max(1)),
    }
}

fn to_retention(timer: Timer) -> Retention {
    match timer {
        Timer::Off => Retention::Forever,
        Timer::Seconds(seconds) => {
            Retention::After(seconds.saturating_mul(1_000).min(MAX_TIMER_MS))
        }
    }
}

impl<S: Store> Client<S> {
    fn online(&self) -> bool {
        self.session
            .as_ref()
            .is_some_and(|s| s.state() == xmpp_protocol::SessionState::Online)
    }

    /// A fresh stream: send what changed offline, or learn what other devices changed.
    pub(crate) async fn retention_online(&mut self, now: Millis) -> Result<(), ClientError> {
        self.load_retention().await?;
        if self.ephemeral.settings.unpublished {
            return self.publish_retention(now).await;
        }
        if let Some(session) = self.session.as_mut() {
            let request = Iq::get(None, "", items_request(NODE, None));
            self.ephemeral.fetch_iq = Some(session.send_iq(request, now));
        }
        Ok(())
    }

    pub(crate) async fn publish_retention(&mut self, now: Millis) -> Result<(), ClientError> {
        if !self.online() {
            return Ok(());
        }
        let settings = &self.ephemeral.settings;
        let chats: Vec<ChatPrefs> = self
            .store
            .conversations()
            .await?
            .into_iter()
            .filter(|c| c.retention.is_some() || settings.no_archive.contains(&c.id.jid))
            .filter_map(|c| {
                Some(ChatPrefs {
                    jid: c.id.jid.parse().ok()?,
                    timer: c.retention.map(to_timer),
                    no_archive: settings.no_archive.contains(&c.id.jid),
                })
            })
            .collect();
        let prefs = RetentionPrefs {
            default: to_timer(settings.default),
            chats,
        };
        if let Some(session) = self.session.as_mut() {
            let request = Iq::set(None, "", publish_request(&prefs));
            self.ephemeral.publish_iq = Some(session.send_iq(request, now));
        }
        Ok(())
    }

    /// Answers to our retention IQs; returns whether `id` was one of them.
    pub(crate) async fn on_retention_answer(
        &mut self,
        id: &str,
        answer: Result<Option<&Element>, Option<&StanzaError>>,
        changes: &mut Changes,
    ) -> Result<bool, ClientError> {
        if self.ephemeral.publish_iq.as_deref() == Some(id) {
            self.ephemeral.publish_iq = None;
            match answer {
                Ok(_) => {
                    self.ephemeral.settings.unpublished = false;
                    write_json(changes, SETTINGS_KEY, &self.ephemeral.settings);
                }
                Err(error) => {
                    self.notice(crate::Notice::RetentionNotShared {
                        reason: crate::Refusal::from_error(error),
                    });
                }
            }
            return Ok(true);
        }
        if self.ephemeral.fetch_iq.as_deref() != Some(id) {
            return Ok(false);
        }
        self.ephemeral.fetch_iq = None;
        match answer {
            Ok(Some(payload)) => {
                if let Ok(items) = Items::from_result(payload) {
                    self.apply_retention_items(&items, changes).await?;
                }
            }
            // Nothing published yet: the first device to change a setting creates the node.
            Ok(None) => {}
            Err(Some(error)) if error.condition == ErrorCondition::ItemNotFound => {}
            Err(_) => {}
        }
        Ok(true)
    }

    /// A PEP notification: only our own account's retention node is of interest.
    pub(crate) async fn on_retention_event(
        &mut self,
        from: Option<&BareJid>,
        items: &Items,
        changes: &mut Changes,
    ) -> Result<(), ClientError> {
        let own = self.own_bare();
        let ours = match from {
            None => true,
            Some(from) => own.as_ref() == Some(from),
        };
        if items.node != retention_prefs::NODE || !ours {
            return Ok(());
        }
        self.apply_retention_items(items, changes).await
    }

    async fn apply_retention_items(
        &mut self,
        items: &Items,
        changes: &mut Changes,
    ) -> Result<(), ClientError> {
        let prefs = match from_items(items) {
            Some(Ok(prefs)) => prefs,
            Some(Err(error)) => {
                self.events.push_back(ClientEvent::Dropped(format!(
                    "unreadable retention settings from another device: {error}"
                )));
                return Ok(());
            }
            None => return Ok(()),
        };
        self.load_retention().await?;
        if self.ephemeral.settings.unpublished {
            // Our own offline change is newer; it is being published.
            return Ok(());
        }
        let default = to_retention(prefs.default);
        let default_changed = default != self.ephemeral.settings.default;
        self.ephemeral.settings.default = default;
        self.ephemeral.settings.no_archive = prefs
            .chats
            .iter()
            .filter(|c| c.no_archive)
            .map(|c| c.jid.to_string())
            .collect();
        let stored = self.store.conversations().await?;
        for conversation in &stored {
            let wanted = prefs
                .chats
                .iter()
                .find(|c| c.jid.to_string() == conversation.id.jid)
                .and_then(|c| c.timer)
                .map(to_retention);
            if wanted != conversation.retention || (default_changed && wanted.is_none()) {
                let effective = wanted.unwrap_or(default);
                self.shorten_expiries(&conversation.id, effective, changes)
                    .await?;
            }
            if wanted != conversation.retention {
                let mut updated = self
                    .conversation_for_update(&conversation.id, changes)
                    .await?;
                updated.retention = wanted;
                crate::incoming::upsert_conversation(changes, updated);
            }
        }
        for chat in prefs.chats.iter().filter(|c| c.timer.is_some()) {
            let id = ConversationId::direct(chat.jid.to_string());
            if stored.iter().any(|c| c.id == id) {
                continue;
            }
            let mut conversation = Conversation::new(id);
            conversation.retention = chat.timer.map(to_retention);
            crate::incoming::upsert_conversation(changes, conversation);
        }
        write_json(changes, SETTINGS_KEY, &self.ephemeral.settings);
        self.events.push_back(ClientEvent::RetentionSettings(
            self.ephemeral.settings.clone(),
        ));
        // Anything the shorter timers made due goes at the end of this input.
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timers_convert_both_ways() {
        assert_eq!(to_timer(Retention::Forever), Timer::Off);
        assert_eq!(to_timer(Retention::After(5_000)), Timer::Seconds(5));
        assert_eq!(to_timer(Retention::After(1)), Timer::Seconds(1));
        assert_eq!(to_retention(Timer::Seconds(5)), Retention::After(5_000));
        assert_eq!(
            to_retention(Timer::Seconds(u64::MAX)),
            Retention::After(MAX_TIMER_MS)
        );
    }
}
