use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};

use crate::changes::Changes;
use crate::error::StoreError;
use crate::model::{
    Account, Conversation, ConversationId, DeliveryState, Direction, Message, Millis, OmemoRecord,
    RosterItem,
};
use crate::store::{MessageIds, MessagePage, Store};

/// An in-memory [`Store`]: for native tests and for running without persistent storage
/// (e.g. a private window where IndexedDB is refused).
#[derive(Default)]
pub struct MemoryStore {
    inner: RefCell<Inner>,
    /// Set by [`MemoryStore::fail_saves_with`].
    save_failure: RefCell<Option<StoreError>>,
    /// Set by [`MemoryStore::fail_lookups_with`].
    lookup_failure: RefCell<Option<StoreError>>,
}

#[derive(Default)]
struct Inner {
    account: Option<Account>,
    roster: BTreeMap<String, RosterItem>,
    conversations: HashMap<ConversationId, Conversation>,
    /// Per conversation, keyed by timeline order so pages are range scans.
    timelines: HashMap<ConversationId, BTreeMap<(Millis, String), Message>>,
    /// Message id → its timeline key, to find and replace by id.
    by_id: HashMap<String, (ConversationId, (Millis, String))>,
    settings: HashMap<String, String>,
    omemo: BTreeMap<String, OmemoRecord>,
}

impl MemoryStore {
    pub fn new() -> Self {
        Self::default()
    }

    /// Makes every save fail with `failure` (and change nothing) until called with `None`:
    /// how tests give the client a full disk without a browser.
    pub fn fail_saves_with(&self, failure: Option<StoreError>) {
        *self.save_failure.borrow_mut() = failure;
    }

    /// Makes every message lookup by id (the duplicate check of each arrival) fail with
    /// `failure` until called with `None`: how tests give the client a failing read.
    pub fn fail_lookups_with(&self, failure: Option<StoreError>) {
        *self.lookup_failure.borrow_mut() = failure;
    }

    fn lookup_allowed(&self) -> Result<(), StoreError> {
        match self.lookup_failure.borrow().clone() {
            Some(failure) => Err(failure),
            None => Ok(()),
        }
    }
}

impl Inner {
    fn remove_message(&mut self, id: &str) {
        if let Some((conv, key)) = self.by_id.remove(id) {
            if let Some(timeline) = self.timelines.get_mut(&conv) {
                timeline.remove(&key);
            }
        }
    }

    fn clear_conversation(&mut self, conv: &ConversationId) {
        if let Some(timeline) = self.timelines.remove(conv) {
            for message in timeline.values() {
                self.by_id.remove(&message.id);
            }
        }
    }

    fn upsert_message(&mut self, message: Message) {
        self.remove_message(&message.id);
        let key = (message.timestamp, message.id.clone());
        self.by_id.insert(
            message.id.clone(),
            (message.conversation.clone(), key.clone()),
        );
        self.timelines
            .entry(message.conversation.clone())
            .or_default()
            .insert(key, message);
    }

    fn all_messages(&self) -> impl Iterator<Item = &Message> {
        self.timelines.values().flat_map(|t| t.values())
    }

    fn apply(&mut self, changes: Changes) {
        if let Some(account) = changes.account {
            self.account = account;
        }
        if changes.roster_replace {
            self.roster.clear();
        }
        for item in changes.roster_upserts {
            self.roster.insert(item.jid.clone(), item);
        }
        for jid in &changes.roster_removals {
            self.roster.remove(jid);
        }
        for conv in &changes.clear_conversations {
            self.clear_conversation(conv);
        }
        for conv in &changes.conversation_removals {
            self.clear_conversation(conv);
            self.conversations.remove(conv);
        }
        for conv in changes.conversation_upserts {
            self.conversations.insert(conv.id.clone(), conv);
        }
        for id in &changes.message_removals {
            self.remove_message(id);
        }
        for message in changes.message_upserts {
            self.upsert_message(message);
        }
        for (key, value) in changes.settings {
            match value {
                Some(v) => self.settings.insert(key, v),
                None => self.settings.remove(&key),
            };
        }
        for key in &changes.omemo_removals {
            self.omemo.remove(key);
        }
        for record in changes.omemo_upserts {
            self.omemo.insert(record.key.clone(), record);
        }
    }
}

impl Store for MemoryStore {
    async fn account(&self) -> Result<Option<Account>, StoreError> {
        Ok(self.inner.borrow().account.clone())
    }

    async fn roster(&self) -> Result<Vec<RosterItem>, StoreError> {
        Ok(self.inner.borrow().roster.values().cloned().collect())
    }

    async fn conversations(&self) -> Result<Vec<Conversation>, StoreError> {
        let mut all: Vec<Conversation> = self
            .inner
            .borrow()
            .conversations
            .values()
            .cloned()
            .collect();
        all.sort_by(|a, b| {
            b.last_activity
                .cmp(&a.last_activity)
                .then_with(|| a.id.cmp(&b.id))
        });
        Ok(all)
    }

    async fn conversation(&self, id: &ConversationId) -> Result<Option<Conversation>, StoreError> {
        Ok(self.inner.borrow().conversations.get(id).cloned())
    }

    async fn messages(
        &self,
        conversation: &ConversationId,
        before: Option<(Millis, String)>,
        limit: usize,
    ) -> Result<MessagePage, StoreError> {
        let inner = self.inner.borrow();
        let Some(timeline) = inner.timelines.get(conversation) else {
            return Ok(MessagePage {
                messages: Vec::new(),
                has_more: false,
            });
        };
        let older: Box<dyn DoubleEndedIterator<Item = &Message>> = match before {
            Some(cursor) => Box::new(timeline.range(..cursor).map(|(_, m)| m)),
            None => Box::new(timeline.values()),
        };
        let mut newest_first = older.rev();
        let mut messages: Vec<Message> = newest_first.by_ref().take(limit).cloned().collect();
        let has_more = newest_first.next().is_some();
        messages.reverse();
        Ok(MessagePage { messages, has_more })
    }

    async fn oldest_messages(
        &self,
        conversation: &ConversationId,
        limit: usize,
    ) -> Result<Vec<Message>, StoreError> {
        let inner = self.inner.borrow();
        Ok(inner
            .timelines
            .get(conversation)
            .map(|timeline| timeline.values().take(limit).cloned().collect())
            .unwrap_or_default())
    }

    async fn find_message(
        &self,
        conversation: &ConversationId,
        external_id: &str,
    ) -> Result<Option<Message>, StoreError> {
        self.lookup_allowed()?;
        let inner = self.inner.borrow();
        Ok(inner
            .timelines
            .get(conversation)
            .and_then(|t| t.values().find(|m| m.has_id(external_id)).cloned()))
    }

    async fn find_any_message(
        &self,
        conversation: &ConversationId,
        external_ids: &[&str],
    ) -> Result<Option<Message>, StoreError> {
        for external_id in external_ids {
            if let Some(found) = self.find_message(conversation, external_id).await? {
                return Ok(Some(found));
            }
        }
        Ok(None)
    }

    async fn find_messages_by_ids(
        &self,
        conversation: &ConversationId,
        ids: &MessageIds,
    ) -> Result<Vec<Message>, StoreError> {
        self.lookup_allowed()?;
        let inner = self.inner.borrow();
        Ok(inner
            .timelines
            .get(conversation)
            .map(|timeline| {
                timeline
                    .values()
                    .filter(|m| ids.names(m))
                    .cloned()
                    .collect()
            })
            .unwrap_or_default())
    }

    async fn pending_messages(&self) -> Result<Vec<Message>, StoreError> {
        let inner = self.inner.borrow();
        let mut pending: Vec<Message> = inner
            .all_messages()
            .filter(|m| m.direction == Direction::Out && m.state == DeliveryState::Pending)
            .cloned()
            .collect();
        pending.sort_by(|a, b| a.order_key().cmp(&b.order_key()));
        Ok(pending)
    }

    async fn expired_messages(&self, now: Millis) -> Result<Vec<String>, StoreError> {
        let inner = self.inner.borrow();
        let mut ids: Vec<String> = inner
            .all_messages()
            .filter(|m| m.expires_at.is_some_and(|t| t <= now))
            .map(|m| m.id.clone())
            .collect();
        ids.sort();
        Ok(ids)
    }

    async fn next_expiry(&self) -> Result<Option<Millis>, StoreError> {
        Ok(self
            .inner
            .borrow()
            .all_messages()
            .filter_map(|m| m.expires_at)
            .min())
    }

    async fn setting(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(self.inner.borrow().settings.get(key).cloned())
    }

    async fn omemo_records(&self) -> Result<Vec<OmemoRecord>, StoreError> {
        Ok(self.inner.borrow().omemo.values().cloned().collect())
    }

    async fn save_changes(&self, changes: Changes) -> Result<(), StoreError> {
        if let Some(failure) = self.save_failure.borrow().clone() {
            return Err(failure);
        }
        self.inner.borrow_mut().apply(changes);
        Ok(())
    }

    async fn clear_all(&self) -> Result<(), StoreError> {
        *self.inner.borrow_mut() = Inner::default();
        Ok(())
    }
}
