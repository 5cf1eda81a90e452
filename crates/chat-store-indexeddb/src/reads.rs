//! The [`Store`] implementation: queries, each in one read-only transaction; writes are in
//! `writes.rs`.

use chat_store::{
    Account, Changes, Conversation, ConversationId, Message, MessageIds, MessagePage, Millis,
    OmemoRecord, RosterItem, Store, StoreError,
};
use indexed_db_futures::cursor::CursorDirection;
use indexed_db_futures::error::Error;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::Transaction;
use indexed_db_futures::KeyRange;
use js_sys::Array;
use wasm_bindgen::JsValue;

use crate::errors::{corrupt, operation_failed};
use crate::id_filters::read_filter;
use crate::records::{decode_millis, encode_millis, Payload, SettingRecord, ACCOUNT_SLOT};
use crate::roster_list::{self, ROSTER_SLOT};
use crate::schema::{
    ACCOUNT, BY_EXPIRY, BY_ORIGIN_ID, BY_STANZA_ID, BY_TIMELINE, CONVERSATIONS, ID_FILTERS,
    MESSAGES, OMEMO, PENDING, ROSTER_LIST, SETTINGS,
};
use crate::store::{record_key, IndexedDbStore};

fn text(value: &str) -> JsValue {
    JsValue::from_str(value)
}

fn failed(operation: &'static str) -> impl Fn(Error) -> StoreError {
    move |error| operation_failed(operation, &error)
}

/// The non-empty ids of `set` (an empty id names nothing).
fn named(set: &std::collections::BTreeSet<String>) -> Vec<&str> {
    set.iter()
        .filter(|id| !id.is_empty())
        .map(String::as_str)
        .collect()
}

/// Reads one record of `store` by primary key.
async fn get_record(
    tx: &Transaction<'_>,
    store: &str,
    key: &str,
) -> Result<Option<JsValue>, StoreError> {
    let object_store = tx
        .object_store(store)
        .map_err(failed("opening an object store"))?;
    let request = object_store
        .get::<JsValue, _, _>(key)
        .primitive()
        .map_err(failed("reading a record"))?;
    request.await.map_err(failed("reading a record"))
}

/// Reads the first record of `index` under `key` (a conversation key and an external id).
async fn get_by_index(
    tx: &Transaction<'_>,
    index_name: &str,
    conversation: &str,
    external_id: &str,
) -> Result<Option<JsValue>, StoreError> {
    let object_store = tx
        .object_store(MESSAGES)
        .map_err(failed("opening the messages store"))?;
    let index = object_store
        .index(index_name)
        .map_err(failed("opening an index"))?;
    let key: JsValue = Array::of2(&text(conversation), &text(external_id)).into();
    let request = index
        .get::<JsValue, JsValue, _>(key)
        .primitive()
        .map_err(failed("looking up a message"))?;
    request.await.map_err(failed("looking up a message"))
}

/// The `by_timeline` range of a conversation's messages older than `before` (all if `None`).
fn timeline_range(conversation: &str, before: Option<(Millis, String)>) -> KeyRange<JsValue> {
    let conversation = text(conversation);
    let lower: JsValue = Array::of1(&conversation).into();
    let upper: JsValue = match before {
        Some((timestamp, id)) => {
            Array::of3(&conversation, &text(&encode_millis(timestamp)), &text(&id)).into()
        }
        // Arrays sort after strings, so `[conversation, []]` is past every `[conversation, timestamp, id]`.
        None => Array::of2(&conversation, &Array::new()).into(),
    };
    KeyRange::Bound(lower, false, upper, true)
}

/// Up to `limit` message records of `range` in the timeline index, walked in `direction`.
async fn read_timeline(
    tx: &Transaction<'_>,
    range: KeyRange<JsValue>,
    direction: CursorDirection,
    limit: usize,
) -> Result<Vec<JsValue>, StoreError> {
    let store = tx
        .object_store(MESSAGES)
        .map_err(failed("opening the messages store"))?;
    let index = store
        .index(BY_TIMELINE)
        .map_err(failed("opening the timeline index"))?;
    let cursor = index
        .open_cursor()
        .with_query::<JsValue, _>(range)
        .with_direction(direction)
        .primitive()
        .map_err(failed("reading a timeline"))?
        .await
        .map_err(failed("reading a timeline"))?;
    let mut records = Vec::new();
    if let Some(mut cursor) = cursor {
        while records.len() < limit {
            match cursor
                .next_record::<JsValue>()
                .await
                .map_err(failed("reading a timeline"))?
            {
                Some(record) => records.push(record),
                None => break,
            }
        }
    }
    Ok(records)
}

impl Store for IndexedDbStore {
    async fn account(&self) -> Result<Option<Account>, StoreError> {
        let tx = self.read(&[ACCOUNT])?;
        get_record(&tx, ACCOUNT, ACCOUNT_SLOT)
            .await?
            .map(|record| Self::decode(ACCOUNT, "slot", record))
            .transpose()
    }

    async fn roster(&self) -> Result<Vec<RosterItem>, StoreError> {
        let tx = self.read(&[ROSTER_LIST])?;
        let Some(record) = get_record(&tx, ROSTER_LIST, ROSTER_SLOT).await? else {
            return Ok(Vec::new());
        };
        let decoded = serde_wasm_bindgen::from_value::<Payload>(record)
            .map_err(|error| error.to_string())
            .and_then(|payload| roster_list::decode(&payload.data).map_err(|e| e.to_string()));
        match decoded {
            Ok((items, unreadable)) => {
                for entry in unreadable {
                    self.skip(corrupt(ROSTER_LIST, &entry.key, entry.reason));
                }
                Ok(items)
            }
            // Reported like an unreadable record: the roster is empty until the server's next.
            Err(error) => {
                self.skip(corrupt(ROSTER_LIST, ROSTER_SLOT, error));
                Ok(Vec::new())
            }
        }
    }

    async fn conversations(&self) -> Result<Vec<Conversation>, StoreError> {
        let tx = self.read(&[CONVERSATIONS])?;
        let store = tx
            .object_store(CONVERSATIONS)
            .map_err(failed("opening the conversations"))?;
        let records = store
            .get_all::<JsValue>()
            .primitive()
            .map_err(failed("reading the conversations"))?;
        let mut all: Vec<Conversation> = self.decode_all(
            CONVERSATIONS,
            "key",
            records.await.map_err(failed("reading the conversations"))?,
        )?;
        // Few enough to sort here; ties ordered like `MemoryStore` so both list alike.
        all.sort_by(|a, b| {
            b.last_activity
                .cmp(&a.last_activity)
                .then_with(|| a.id.cmp(&b.id))
        });
        Ok(all)
    }

    async fn conversation(&self, id: &ConversationId) -> Result<Option<Conversation>, StoreError> {
        let tx = self.read(&[CONVERSATIONS])?;
        get_record(&tx, CONVERSATIONS, &id.key())
            .await?
            .map(|record| Self::decode(CONVERSATIONS, "key", record))
            .transpose()
    }

    async fn messages(
        &self,
        conversation: &ConversationId,
        before: Option<(Millis, String)>,
        limit: usize,
    ) -> Result<MessagePage, StoreError> {
        let tx = self.read(&[MESSAGES])?;
        // Newest first, one more than asked for to learn whether older messages exist.
        let range = timeline_range(&conversation.key(), before);
        let mut newest_first =
            read_timeline(&tx, range, CursorDirection::Prev, limit.saturating_add(1)).await?;
        let has_more = newest_first.len() > limit;
        newest_first.truncate(limit);
        newest_first.reverse();
        let messages = self.decode_all(MESSAGES, "id", newest_first.into_iter().map(Ok))?;
        Ok(MessagePage { messages, has_more })
    }

    async fn oldest_messages(
        &self,
        conversation: &ConversationId,
        limit: usize,
    ) -> Result<Vec<Message>, StoreError> {
        let tx = self.read(&[MESSAGES])?;
        let range = timeline_range(&conversation.key(), None);
        let records = read_timeline(&tx, range, CursorDirection::Next, limit).await?;
        self.decode_all(MESSAGES, "id", records.into_iter().map(Ok))
    }

    async fn find_message(
        &self,
        conversation: &ConversationId,
        external_id: &str,
    ) -> Result<Option<Message>, StoreError> {
        let tx = self.read(&[MESSAGES])?;
        if let Some(record) = get_record(&tx, MESSAGES, external_id).await? {
            let message: Message = Self::decode(MESSAGES, "id", record)?;
            if &message.conversation == conversation {
                return Ok(Some(message));
            }
        }
        let key = conversation.key();
        for index in [BY_ORIGIN_ID, BY_STANZA_ID] {
            if let Some(record) = get_by_index(&tx, index, &key, external_id).await? {
                return Self::decode(MESSAGES, "id", record).map(Some);
            }
        }
        Ok(None)
    }

    async fn find_any_message(
        &self,
        conversation: &ConversationId,
        external_ids: &[&str],
    ) -> Result<Option<Message>, StoreError> {
        let tx = self.read(&[MESSAGES])?;
        let key = conversation.key();
        // Every lookup is issued before any is awaited, so they share one trip to the database.
        let lookups = external_ids.iter().map(|external_id| async {
            let (by_id, by_origin, by_stanza) = futures::future::try_join3(
                get_record(&tx, MESSAGES, external_id),
                get_by_index(&tx, BY_ORIGIN_ID, &key, external_id),
                get_by_index(&tx, BY_STANZA_ID, &key, external_id),
            )
            .await?;
            Ok::<_, StoreError>([by_id, by_origin, by_stanza])
        });
        for [by_id, by_origin, by_stanza] in futures::future::try_join_all(lookups).await? {
            if let Some(record) = by_id {
                let message: Message = Self::decode(MESSAGES, "id", record)?;
                if &message.conversation == conversation {
                    return Ok(Some(message));
                }
            }
            if let Some(record) = by_origin.or(by_stanza) {
                return Self::decode(MESSAGES, "id", record).map(Some);
            }
        }
        Ok(None)
    }

    async fn find_messages_by_ids(
        &self,
        conversation: &ConversationId,
        ids: &MessageIds,
    ) -> Result<Vec<Message>, StoreError> {
        let tx = self.read(&[MESSAGES, ID_FILTERS])?;
        let key = conversation.key();
        let filters = tx
            .object_store(ID_FILTERS)
            .map_err(failed("opening the id filters"))?;
        let filter = read_filter(&filters, &key).await?;
        // Only the ids the filter cannot rule out are looked up.
        let maybe = |set| -> Vec<&str> {
            named(set)
                .into_iter()
                .filter(|id| filter.as_ref().is_none_or(|f| f.may_contain(id)))
                .collect()
        };
        let (local, origin, stanza) = (maybe(&ids.local), maybe(&ids.origin), maybe(&ids.stanza));
        // As in `find_any_message`: every lookup is issued before any is awaited.
        let (by_id, by_origin, by_stanza) = futures::future::try_join3(
            futures::future::try_join_all(local.iter().map(|id| get_record(&tx, MESSAGES, id))),
            futures::future::try_join_all(
                origin
                    .iter()
                    .map(|id| get_by_index(&tx, BY_ORIGIN_ID, &key, id)),
            ),
            futures::future::try_join_all(
                stanza
                    .iter()
                    .map(|id| get_by_index(&tx, BY_STANZA_ID, &key, id)),
            ),
        )
        .await?;
        drop(tx);
        if filter.is_none() {
            // Best effort: without a filter the next batch is looked up id by id again.
            let _ = self.build_id_filter(conversation).await;
        }
        let mut found: Vec<Message> = Vec::new();
        for record in by_id
            .into_iter()
            .chain(by_origin)
            .chain(by_stanza)
            .flatten()
        {
            let message: Message = Self::decode(MESSAGES, "id", record)?;
            // The primary key is not scoped to the conversation; the indexes are.
            if &message.conversation == conversation && !found.iter().any(|m| m.id == message.id) {
                found.push(message);
            }
        }
        found.sort_by(|a, b| a.order_key().cmp(&b.order_key()));
        Ok(found)
    }

    async fn pending_messages(&self) -> Result<Vec<Message>, StoreError> {
        let tx = self.read(&[MESSAGES])?;
        let store = tx
            .object_store(MESSAGES)
            .map_err(failed("opening the messages store"))?;
        let index = store
            .index(PENDING)
            .map_err(failed("opening the outbox index"))?;
        let records = index
            .get_all::<JsValue>()
            .primitive()
            .map_err(failed("reading the outbox"))?;
        self.decode_all(
            MESSAGES,
            "id",
            records.await.map_err(failed("reading the outbox"))?,
        )
    }

    async fn expired_messages(&self, now: Millis) -> Result<Vec<String>, StoreError> {
        let tx = self.read(&[MESSAGES])?;
        let store = tx
            .object_store(MESSAGES)
            .map_err(failed("opening the messages store"))?;
        let index = store
            .index(BY_EXPIRY)
            .map_err(failed("opening the expiry index"))?;
        let up_to_now = KeyRange::UpperBound(text(&encode_millis(now)), false);
        let keys = index
            .get_all_keys::<JsValue>()
            .with_query::<JsValue, _>(up_to_now)
            .primitive()
            .map_err(failed("reading expired messages"))?
            .await
            .map_err(failed("reading expired messages"))?;
        let mut ids = Vec::new();
        for key in keys {
            let key = key.map_err(failed("reading expired messages"))?;
            match key.as_string() {
                Some(id) => ids.push(id),
                None => self.remember_skipped(corrupt(
                    MESSAGES,
                    &format!("{key:?}"),
                    "the primary key is not a string",
                )),
            }
        }
        ids.sort();
        Ok(ids)
    }

    async fn next_expiry(&self) -> Result<Option<Millis>, StoreError> {
        let tx = self.read(&[MESSAGES])?;
        let store = tx
            .object_store(MESSAGES)
            .map_err(failed("opening the messages store"))?;
        let index = store
            .index(BY_EXPIRY)
            .map_err(failed("opening the expiry index"))?;
        // Every encoded expiry is a string, and every string is at or after "".
        let soonest = KeyRange::LowerBound(text(""), false);
        let request = index
            .get::<JsValue, JsValue, _>(soonest)
            .primitive()
            .map_err(failed("reading the next expiry"))?;
        let Some(record) = request.await.map_err(failed("reading the next expiry"))? else {
            return Ok(None);
        };
        let expires_at = js_sys::Reflect::get(&record, &text("expires_at"))
            .ok()
            .and_then(|v| v.as_string());
        match expires_at.as_deref().and_then(decode_millis) {
            Some(millis) => Ok(Some(millis)),
            None => Err(corrupt(
                MESSAGES,
                &record_key(&record, "id"),
                format!("bad expires_at {expires_at:?}"),
            )),
        }
    }

    async fn setting(&self, key: &str) -> Result<Option<String>, StoreError> {
        let tx = self.read(&[SETTINGS])?;
        let Some(record) = get_record(&tx, SETTINGS, key).await? else {
            return Ok(None);
        };
        let setting: SettingRecord = serde_wasm_bindgen::from_value(record)
            .map_err(|error| corrupt(SETTINGS, key, error))?;
        Ok(Some(setting.value))
    }

    async fn omemo_records(&self) -> Result<Vec<OmemoRecord>, StoreError> {
        let tx = self.read(&[OMEMO])?;
        let store = tx
            .object_store(OMEMO)
            .map_err(failed("opening the OMEMO keys"))?;
        let records = store
            .get_all::<JsValue>()
            .primitive()
            .map_err(failed("reading the OMEMO keys"))?;
        // Stored as `{key, value}` strings already: no JSON `data` wrapper to unpack.
        let mut decoded = Vec::new();
        for record in records.await.map_err(failed("reading the OMEMO keys"))? {
            let record = record.map_err(failed("reading the OMEMO keys"))?;
            match serde_wasm_bindgen::from_value::<OmemoRecord>(record.clone()) {
                Ok(value) => decoded.push(value),
                Err(error) => self.skip(corrupt(OMEMO, &record_key(&record, "key"), error)),
            }
        }
        Ok(decoded)
    }

    async fn save_changes(&self, changes: Changes) -> Result<(), StoreError> {
        self.write_changes(changes).await
    }

    async fn clear_all(&self) -> Result<(), StoreError> {
        self.clear_everything().await
    }
}
