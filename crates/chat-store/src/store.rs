use std::collections::BTreeSet;

use crate::changes::Changes;
use crate::error::StoreError;
use crate::model::{
    Account, Conversation, ConversationId, Message, Millis, OmemoRecord, RosterItem,
};

/// A page of a conversation's timeline, oldest first.
#[derive(Debug, Clone, PartialEq)]
pub struct MessagePage {
    pub messages: Vec<Message>,
    /// More (older) messages exist before the first one returned.
    pub has_more: bool,
}

/// The storage boundary. Backends keep data across reloads (IndexedDB) or in memory.
///
/// Semantics every backend must honour (checked by [`crate::conformance`]):
/// - `save_changes` is atomic, and applies its parts in this order: account; roster
///   (replace, upserts, removals); cleared conversations; removed conversations (and their
///   messages); conversation upserts; message removals; message upserts; settings; OMEMO
///   record removals; OMEMO record upserts.
/// - Upserting a message whose `id` exists replaces it.
/// - Timelines are ordered by `(timestamp, id)`.
///
/// Futures are not `Send`: the browser is single-threaded and IndexedDB handles cannot cross
/// threads, so the trait uses plain `async fn`.
#[allow(async_fn_in_trait)]
pub trait Store {
    async fn account(&self) -> Result<Option<Account>, StoreError>;
    async fn roster(&self) -> Result<Vec<RosterItem>, StoreError>;
    /// All conversations, most recent activity first.
    async fn conversations(&self) -> Result<Vec<Conversation>, StoreError>;
    async fn conversation(&self, id: &ConversationId) -> Result<Option<Conversation>, StoreError>;
    /// Up to `limit` messages older than `before` (exclusive; `None` = newest), oldest first.
    async fn messages(
        &self,
        conversation: &ConversationId,
        before: Option<(Millis, String)>,
        limit: usize,
    ) -> Result<MessagePage, StoreError>;
    /// Up to `limit` of the oldest messages of `conversation`, oldest first (where the server's
    /// archive must be asked for more).
    async fn oldest_messages(
        &self,
        conversation: &ConversationId,
        limit: usize,
    ) -> Result<Vec<Message>, StoreError>;
    /// A message of `conversation` known by `external_id` as its id, origin-id or stanza-id.
    async fn find_message(
        &self,
        conversation: &ConversationId,
        external_id: &str,
    ) -> Result<Option<Message>, StoreError>;
    /// The message of `conversation` known by the first of `external_ids` that names one (each
    /// as in [`Store::find_message`]): how an arrival is checked against everything it may
    /// duplicate, in one round trip where the backend allows.
    async fn find_any_message(
        &self,
        conversation: &ConversationId,
        external_ids: &[&str],
    ) -> Result<Option<Message>, StoreError>;
    /// Every message of `conversation` whose id is one of `ids.local`, whose origin-id is one
    /// of `ids.origin` or whose stanza-id is one of `ids.stanza`, each once, in timeline order:
    /// the duplicate check of a whole batch of arrivals in one read. Each kind is looked up only
    /// where it can be (unlike [`Store::find_message`], which tries every id everywhere), so the
    /// read stays small.
    async fn find_messages_by_ids(
        &self,
        conversation: &ConversationId,
        ids: &MessageIds,
    ) -> Result<Vec<Message>, StoreError>;
    /// Outgoing messages still `Pending`, oldest first (the outbox).
    async fn pending_messages(&self) -> Result<Vec<Message>, StoreError>;
    /// Ids of messages whose `expires_at` is at or before `now`.
    async fn expired_messages(&self, now: Millis) -> Result<Vec<String>, StoreError>;
    /// The earliest `expires_at` of any stored message.
    async fn next_expiry(&self) -> Result<Option<Millis>, StoreError>;
    async fn setting(&self, key: &str) -> Result<Option<String>, StoreError>;
    /// Every OMEMO record, in key order.
    async fn omemo_records(&self) -> Result<Vec<OmemoRecord>, StoreError>;
    async fn save_changes(&self, changes: Changes) -> Result<(), StoreError>;
    /// Deletes everything ("forget this device").
    async fn clear_all(&self) -> Result<(), StoreError>;
}

/// The ids of [`Store::find_messages_by_ids`], by kind. Empty ids match nothing.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MessageIds {
    /// Matched against messages' own ids.
    pub local: BTreeSet<String>,
    /// Matched against origin-ids (XEP-0359, the sender's).
    pub origin: BTreeSet<String>,
    /// Matched against stanza-ids (our archive's).
    pub stanza: BTreeSet<String>,
}

impl MessageIds {
    /// Whether `message` carries one of these ids in its place.
    pub fn names(&self, message: &Message) -> bool {
        let within = |set: &BTreeSet<String>, id: Option<&String>| {
            id.is_some_and(|id| !id.is_empty() && set.contains(id))
        };
        within(&self.local, Some(&message.id))
            || within(&self.origin, message.origin_id.as_ref())
            || within(&self.stanza, message.stanza_id.as_ref())
    }
}

/// Shares one store between owners (e.g. a client and the code that inspects it).
impl<S: Store> Store for std::rc::Rc<S> {
    async fn account(&self) -> Result<Option<Account>, StoreError> {
        (**self).account().await
    }
    async fn roster(&self) -> Result<Vec<RosterItem>, StoreError> {
        (**self).roster().await
    }
    async fn conversations(&self) -> Result<Vec<Conversation>, StoreError> {
        (**self).conversations().await
    }
    async fn conversation(&self, id: &ConversationId) -> Result<Option<Conversation>, StoreError> {
        (**self).conversation(id).await
    }
    async fn messages(
        &self,
        conversation: &ConversationId,
        before: Option<(Millis, String)>,
        limit: usize,
    ) -> Result<MessagePage, StoreError> {
        (**self).messages(conversation, before, limit).await
    }
    async fn oldest_messages(
        &self,
        conversation: &ConversationId,
        limit: usize,
    ) -> Result<Vec<Message>, StoreError> {
        (**self).oldest_messages(conversation, limit).await
    }
    async fn find_message(
        &self,
        conversation: &ConversationId,
        external_id: &str,
    ) -> Result<Option<Message>, StoreError> {
        (**self).find_message(conversation, external_id).await
    }
    async fn find_any_message(
        &self,
        conversation: &ConversationId,
        external_ids: &[&str],
    ) -> Result<Option<Message>, StoreError> {
        (**self).find_any_message(conversation, external_ids).await
    }
    async fn find_messages_by_ids(
        &self,
        conversation: &ConversationId,
        ids: &MessageIds,
    ) -> Result<Vec<Message>, StoreError> {
        (**self).find_messages_by_ids(conversation, ids).await
    }
    async fn pending_messages(&self) -> Result<Vec<Message>, StoreError> {
        (**self).pending_messages().await
    }
    async fn expired_messages(&self, now: Millis) -> Result<Vec<String>, StoreError> {
        (**self).expired_messages(now).await
    }
    async fn next_expiry(&self) -> Result<Option<Millis>, StoreError> {
        (**self).next_expiry().await
    }
    async fn setting(&self, key: &str) -> Result<Option<String>, StoreError> {
        (**self).setting(key).await
    }
    async fn omemo_records(&self) -> Result<Vec<OmemoRecord>, StoreError> {
        (**self).omemo_records().await
    }
    async fn save_changes(&self, changes: Changes) -> Result<(), StoreError> {
        (**self).save_changes(changes).await
    }
    async fn clear_all(&self) -> Result<(), StoreError> {
        (**self).clear_all().await
    }
}
