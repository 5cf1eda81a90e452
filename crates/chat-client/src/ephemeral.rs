//! Disappearing messages and history control: the retention in force for each chat, the expiry
//! of every stored message, the purge when a deadline passes, and clearing history.
//!
//! Expiry counts from the message's own time (the server's stamp when it gave one), so every
//! device purges a message at the same moment. A shorter timer also applies to the messages
//! already stored; a longer one (or none) only to new ones, because the earlier ones were sent
//! with the promise of the shorter timer. Anything older than the chat's retention window (or
//! cleared) is never stored again, whether it comes from the archive, a carbon or scroll-back.

use std::collections::{BTreeMap, BTreeSet};

use chat_store::retention::{self, peer_timer_ms};
use chat_store::{
    purge_expired, Changes, Conversation, ConversationId, Message, Millis, PurgeSchedule,
    Retention, Store,
};
use serde::{Deserialize, Serialize};
use xmpp_protocol::ephemeral::{no_permanent_store_hint, Ephemeral};
use xmpp_protocol::xml::Element;

use crate::client::Client;
use crate::contacts::{read_json, write_json};
use crate::error::ClientError;
use crate::events::ClientEvent;

pub(crate) const SETTINGS_KEY: &str = "retention.settings";
/// After a failed purge (a busy or broken store) the next attempt waits this long, so a due
/// deadline cannot spin the driver.
const PURGE_RETRY_MS: Millis = 1_000;

/// The account's retention choices, kept with the account's other settings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetentionSettings {
    /// For chats without their own timer.
    #[serde(default = "forever")]
    pub default: Retention,
    /// Delete incoming messages when their sender's timer (XEP-0466) runs out.
    #[serde(default = "yes")]
    pub honour_peer_timers: bool,
    /// Chats (bare JIDs) whose disappearing messages ask servers not to archive them.
    #[serde(default)]
    pub no_archive: BTreeSet<String>,
    /// Per conversation key: the newest message time cleared; nothing at or before it is
    /// stored again.
    #[serde(default)]
    pub cleared: BTreeMap<String, Millis>,
    /// Changed while offline: published to our other devices at the next connection.
    #[serde(default)]
    pub unpublished: bool,
}

fn forever() -> Retention {
    Retention::Forever
}

fn yes() -> bool {
    true
}

impl Default for RetentionSettings {
    fn default() -> Self {
        Self {
            default: Retention::Forever,
            honour_peer_timers: true,
            no_archive: BTreeSet::new(),
            cleared: BTreeMap::new(),
            unpublished: false,
        }
    }
}

#[derive(Debug, Default)]
pub(crate) struct EphemeralState {
    pub loaded: bool,
    pub settings: RetentionSettings,
    pub schedule: PurgeSchedule,
    /// Our IQs about the retention node: the fetch at login and the last publish.
    pub fetch_iq: Option<String>,
    pub publish_iq: Option<String>,
}

/// Rounds an expiry back into whole seconds for the wire, never below one.
fn timer_seconds(timestamp: Millis, expires_at: Millis) -> u64 {
    expires_at.saturating_sub(timestamp).div_ceil(1_000).max(1)
}

impl<S: Store> Client<S> {
    pub fn retention_settings(&self) -> &RetentionSettings {
        &self.ephemeral.settings
    }

    /// The earliest moment a purge is due (also part of [`Client::poll_timeout`]).
    pub fn purge_deadline(&self) -> Option<Millis> {
        self.ephemeral.schedule.next_deadline()
    }

    /// When the driver should wake for the purge at the latest: the deadline, but never more
    /// than [`chat_store::retention::MAX_SLEEP_MS`] away, since browser timers ignore wall-clock
    /// jumps and sleep.
    pub fn purge_wake_at(&self, now: Millis) -> Option<Millis> {
        self.ephemeral
            .schedule
            .sleep_ms(now)
            .map(|sleep| now.saturating_add(sleep))
    }

    /// What a page load does first: purge what expired while the app was closed, then show
    /// what is left ([`Client::restore`]).
    pub async fn restore_at(&mut self, now: Millis) -> Result<bool, ClientError> {
        self.load_retention().await?;
        self.purge_if_due(now).await?;
        self.restore().await
    }

    pub(crate) async fn load_retention(&mut self) -> Result<(), ClientError> {
        if self.ephemeral.loaded {
            return Ok(());
        }
        self.ephemeral.loaded = true;
        self.ephemeral.settings =
            read_json(self.store.setting(SETTINGS_KEY).await?).unwrap_or_default();
        self.ephemeral
            .schedule
            .reset(self.store.next_expiry().await?);
        self.events.push_back(ClientEvent::RetentionSettings(
            self.ephemeral.settings.clone(),
        ));
        Ok(())
    }

    /// Deletes what is due, if anything is.
    pub(crate) async fn purge_if_due(&mut self, now: Millis) -> Result<(), ClientError> {
        if !self.ephemeral.schedule.is_due(now) {
            return Ok(());
        }
        // A batch read from before the purge could name a purged message.
        self.known_ids.clear();
        match purge_expired(&self.store, &mut self.ephemeral.schedule, now).await {
            Ok(outcome) => {
                if !outcome.removed.is_empty() {
                    self.events
                        .push_back(ClientEvent::MessagesRemoved(outcome.removed));
                }
                Ok(())
            }
            Err(error) => {
                self.ephemeral
                    .schedule
                    .reset(Some(now.saturating_add(PURGE_RETRY_MS)));
                self.events
                    .push_back(ClientEvent::StorageError(crate::StorageProblem::Store(
                        error.clone(),
                    )));
                Err(error.into())
            }
        }
    }

    /// A message was saved: its expiry may be the next deadline.
    pub(crate) fn note_stored_expiry(&mut self, message: &Message) {
        if let Some(at) = message.expires_at {
            self.ephemeral.schedule.message_stored(at);
        }
    }

    /// When a message arriving now (live, carbon, archive) must go; `None` when it must not be
    /// stored at all: already past its chat's retention or its own timer, or cleared. Its age
    /// counts from the server's `stamp` when there is one, else from now.
    pub(crate) fn incoming_expiry(
        &mut self,
        message: &xmpp_protocol::Message,
        conversation: &Conversation,
        from_us: bool,
        stamp: Option<Millis>,
        now: Millis,
    ) -> Option<Option<Millis>> {
        let time = stamp.unwrap_or(now);
        let settings = &self.ephemeral.settings;
        // Only stamped copies can be old ones (archive, offline storage); an unstamped live
        // message is new whatever this device's clock says.
        if stamp.is_some_and(|stamp| {
            settings
                .cleared
                .get(&conversation.id.key())
                .is_some_and(|newest_cleared| stamp <= *newest_cleared)
        }) {
            return None;
        }
        let retention = retention::effective(settings.default, conversation.retention);
        // Our own timer (sent from another device) always counts; a peer's when the user agrees.
        let honour = from_us || settings.honour_peer_timers;
        let timer = match Ephemeral::find(&message.payloads) {
            Some(Ok(ephemeral)) if honour => match peer_timer_ms(&ephemeral.timer) {
                Ok(ms) => Some(ms),
                Err(error) => {
                    self.events.push_back(ClientEvent::Dropped(format!(
                        "a disappearing-message timer was ignored: {error}"
                    )));
                    None
                }
            },
            Some(Err(error)) => {
                self.events.push_back(ClientEvent::Dropped(format!(
                    "a disappearing-message timer was ignored: {error}"
                )));
                None
            }
            _ => None,
        };
        let expires_at = retention::expires_at(time, retention, timer);
        match expires_at {
            Some(at) if at <= now => None,
            other => Some(other),
        }
    }

    /// The expiry of a message we send now: the chat's retention, or `timer_ms` if shorter.
    pub(crate) fn outgoing_expiry(
        &self,
        conversation: &Conversation,
        timer_ms: Option<u64>,
        timestamp: Millis,
    ) -> Option<Millis> {
        let retention =
            retention::effective(self.ephemeral.settings.default, conversation.retention);
        let timer = timer_ms.map(|ms| ms.clamp(retention::MIN_TIMER_MS, retention::MAX_TIMER_MS));
        retention::expires_at(timestamp, retention, timer)
    }

    /// What an outgoing message carries so the peer deletes it too (XEP-0466), and keeps it
    /// out of the server's archive when the user asked for that (XEP-0334).
    pub(crate) fn ephemeral_payloads(&self, message: &Message) -> Vec<Element> {
        let Some(expires_at) = message.expires_at else {
            return Vec::new();
        };
        let mut payloads =
            vec![Ephemeral::seconds(timer_seconds(message.timestamp, expires_at)).into()];
        if self
            .ephemeral
            .settings
            .no_archive
            .contains(&message.conversation.jid)
        {
            payloads.push(no_permanent_store_hint());
        }
        payloads
    }

    /// Sets the default for chats without their own timer; shared with our other devices.
    pub async fn set_default_retention(
        &mut self,
        retention: Retention,
        now: Millis,
    ) -> Result<(), ClientError> {
        self.load_retention().await?;
        self.ephemeral.settings.default = retention;
        let following: Vec<ConversationId> = self
            .store
            .conversations()
            .await?
            .into_iter()
            .filter(|c| c.retention.is_none())
            .map(|c| c.id)
            .collect();
        let affected: Vec<(ConversationId, Retention)> =
            following.into_iter().map(|id| (id, retention)).collect();
        self.retention_changed(Changes::default(), &affected, now)
            .await
    }

    /// Gives one chat its own timer (`None`: follow the default); shared with our other devices.
    pub async fn set_chat_retention(
        &mut self,
        id: &ConversationId,
        retention: Option<Retention>,
        no_archive: bool,
        now: Millis,
    ) -> Result<(), ClientError> {
        self.load_retention().await?;
        let mut changes = Changes::default();
        let mut conversation = self.conversation_for_update(id, &changes).await?;
        conversation.retention = retention;
        crate::incoming::upsert_conversation(&mut changes, conversation);
        if no_archive {
            self.ephemeral.settings.no_archive.insert(id.jid.clone());
        } else {
            self.ephemeral.settings.no_archive.remove(&id.jid);
        }
        let effective = retention::effective(self.ephemeral.settings.default, retention);
        self.retention_changed(changes, &[(id.clone(), effective)], now)
            .await
    }

    /// Whether incoming messages' own timers (XEP-0466) are honoured.
    pub async fn set_honour_peer_timers(&mut self, honour: bool) -> Result<(), ClientError> {
        self.load_retention().await?;
        self.ephemeral.settings.honour_peer_timers = honour;
        let mut changes = Changes::default();
        write_json(&mut changes, SETTINGS_KEY, &self.ephemeral.settings);
        self.save(changes).await?;
        self.events.push_back(ClientEvent::RetentionSettings(
            self.ephemeral.settings.clone(),
        ));
        Ok(())
    }

    /// Saves a settings change, shortens the expiries of `affected` chats, purges what that
    /// makes due and tells our other devices.
    pub(crate) async fn retention_changed(
        &mut self,
        mut changes: Changes,
        affected: &[(ConversationId, Retention)],
        now: Millis,
    ) -> Result<(), ClientError> {
        self.ephemeral.settings.unpublished = true;
        for (id, retention) in affected {
            self.shorten_expiries(id, *retention, &mut changes).await?;
        }
        write_json(&mut changes, SETTINGS_KEY, &self.ephemeral.settings);
        self.save(changes).await?;
        // After the save: the published item is built from the stored conversations.
        self.publish_retention(now).await?;
        self.purge_if_due(now).await?;
        self.events.push_back(ClientEvent::RetentionSettings(
            self.ephemeral.settings.clone(),
        ));
        Ok(())
    }

    /// Applies `retention` to the stored messages of `id` where it is shorter than their
    /// current expiry.
    pub(crate) async fn shorten_expiries(
        &self,
        id: &ConversationId,
        retention: Retention,
        changes: &mut Changes,
    ) -> Result<(), ClientError> {
        if retention == Retention::Forever {
            return Ok(());
        }
        for mut message in self.store.messages(id, None, usize::MAX).await?.messages {
            let limit = retention::expires_at(message.timestamp, retention, None);
            let shorter = match (message.expires_at, limit) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            if shorter != message.expires_at {
                message.expires_at = shorter;
                changes.message_upserts.retain(|m| m.id != message.id);
                changes.message_upserts.push(message);
            }
        }
        Ok(())
    }

    /// Deletes a chat's history on this device (`None`: every chat's). What the server's
    /// archive or another device still has is not stored again.
    pub async fn clear_history(
        &mut self,
        id: Option<&ConversationId>,
        _now: Millis,
    ) -> Result<(), ClientError> {
        self.load_retention().await?;
        let targets: Vec<Conversation> = match id {
            Some(id) => self.store.conversation(id).await?.into_iter().collect(),
            None => self.store.conversations().await?,
        };
        let mut changes = Changes::default();
        for mut conversation in targets {
            let newest = self
                .store
                .messages(&conversation.id, None, 1)
                .await?
                .messages
                .last()
                .map_or(conversation.last_activity, |m| {
                    m.timestamp.max(conversation.last_activity)
                });
            self.ephemeral
                .settings
                .cleared
                .insert(conversation.id.key(), newest);
            changes.clear_conversations.push(conversation.id.clone());
            conversation.unread = 0;
            crate::incoming::upsert_conversation(&mut changes, conversation);
        }
        write_json(&mut changes, SETTINGS_KEY, &self.ephemeral.settings);
        self.save(changes).await?;
        self.ephemeral
            .schedule
            .reset(self.store.next_expiry().await?);
        self.events
            .push_back(ClientEvent::HistoryCleared(id.cloned()));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_timers_round_up_to_whole_seconds() {
        assert_eq!(timer_seconds(1_000, 6_000), 5);
        assert_eq!(timer_seconds(1_000, 6_001), 6);
        assert_eq!(timer_seconds(1_000, 1_000), 1);
        assert_eq!(timer_seconds(5_000, 1_000), 1);
    }

    #[test]
    fn settings_default_to_forever_and_honouring_peers() {
        let settings: RetentionSettings = serde_json::from_str("{}").unwrap_or_default();
        assert_eq!(settings, RetentionSettings::default());
        assert!(settings.honour_peer_timers);
        assert_eq!(settings.default, Retention::Forever);
    }
}
