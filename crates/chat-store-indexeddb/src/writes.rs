//! Saving a batch of [`Changes`] in one read-write transaction, and clearing everything.

use std::collections::{BTreeMap, BTreeSet};

use chat_store::{Changes, ConversationId, StoreError};
use futures::future::try_join_all;
use indexed_db_futures::error::Error;
use indexed_db_futures::future::VoidRequest;
use indexed_db_futures::internals::SystemRepr;
use indexed_db_futures::object_store::ObjectStore;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::{Transaction, TransactionMode};
use indexed_db_futures::KeyRange;
use js_sys::Array;
use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue};

use crate::errors::{from_dom_exception, operation_failed};
use crate::id_filters::{delete_filter, ids_of, put_layers, read_filter};
use crate::records::{
    AccountRecord, ConversationRecord, MessageRecord, Payload, SettingRecord, ACCOUNT_SLOT,
};
use crate::roster_list::{self, RosterListRecord, ROSTER_SLOT};
use crate::schema::{
    ACCOUNT, ALL_STORES, BY_TIMELINE, CONVERSATIONS, ID_FILTERS, MESSAGES, OMEMO, ROSTER_LIST,
    SETTINGS,
};
use crate::store::IndexedDbStore;

const SAVING: &str = "saving changes";

fn failed(error: Error) -> StoreError {
    operation_failed(SAVING, &error)
}

fn to_json(value: &impl Serialize) -> Result<String, StoreError> {
    serde_json::to_string(value)
        .map_err(|error| StoreError::Backend(format!("{SAVING}: encoding a record: {error}")))
}

/// The object stores a batch writes to: the transaction locks only those.
fn touched_stores(changes: &Changes) -> Vec<&'static str> {
    let touches_messages = !changes.message_upserts.is_empty()
        || !changes.message_removals.is_empty()
        || !changes.clear_conversations.is_empty()
        || !changes.conversation_removals.is_empty();
    [
        (ACCOUNT, changes.account.is_some()),
        (
            ROSTER_LIST,
            changes.roster_replace
                || !changes.roster_upserts.is_empty()
                || !changes.roster_removals.is_empty(),
        ),
        (
            CONVERSATIONS,
            !changes.conversation_upserts.is_empty() || !changes.conversation_removals.is_empty(),
        ),
        (MESSAGES, touches_messages),
        (ID_FILTERS, touches_messages),
        (SETTINGS, !changes.settings.is_empty()),
        (
            OMEMO,
            !changes.omemo_upserts.is_empty() || !changes.omemo_removals.is_empty(),
        ),
    ]
    .into_iter()
    .filter_map(|(store, touched)| touched.then_some(store))
    .collect()
}

/// Requests issued in a transaction: they run in issue order; awaiting them all before the
/// commit surfaces the first failure with its own error rather than a bare abort.
#[derive(Default)]
struct Issued(Vec<VoidRequest>);

impl Issued {
    fn put(&mut self, store: &ObjectStore<'_>, record: &impl Serialize) -> Result<(), StoreError> {
        self.0.push(store.put(record).serde().map_err(failed)?);
        Ok(())
    }

    fn delete(&mut self, store: &ObjectStore<'_>, key: &str) -> Result<(), StoreError> {
        self.0.push(
            store
                .delete::<JsValue, _>(JsValue::from_str(key))
                .primitive()
                .map_err(failed)?,
        );
        Ok(())
    }

    async fn finish(self) -> Result<(), StoreError> {
        try_join_all(self.0).await.map(drop).map_err(failed)
    }
}

/// The roster part of a batch.
struct RosterChanges<'a> {
    replace: bool,
    upserts: &'a [chat_store::RosterItem],
    removals: &'a [String],
}

/// Rewrites the roster list with the batch's roster changes. Unless the whole roster is
/// replaced, the stored list is read first, within the same transaction.
async fn write_roster(
    store: &ObjectStore<'_>,
    changes: RosterChanges<'_>,
    issued: &mut Issued,
) -> Result<(), StoreError> {
    let stored = if changes.replace {
        None
    } else {
        let record = store
            .get::<JsValue, _, _>(ROSTER_SLOT)
            .primitive()
            .map_err(failed)?
            .await
            .map_err(failed)?;
        // A record that is not even a payload is unreadable as a whole: reads report it.
        record.and_then(|record| serde_wasm_bindgen::from_value::<Payload>(record).ok())
    };
    let data = roster_list::apply(
        stored.as_ref().map(|payload| payload.data.as_str()),
        changes.replace,
        changes.upserts,
        changes.removals,
    )
    .map_err(|error| StoreError::Backend(format!("{SAVING}: encoding the roster: {error}")))?;
    issued.put(
        store,
        &RosterListRecord {
            slot: ROSTER_SLOT.to_owned(),
            data,
        },
    )
}

/// Deletes every message of `conversation`. The keys are read first, so this sees every write
/// issued before it in the transaction and none issued after.
async fn clear_conversation(
    messages: &ObjectStore<'_>,
    conversation: &ConversationId,
    issued: &mut Issued,
) -> Result<(), StoreError> {
    let key = JsValue::from_str(&conversation.key());
    let lower: JsValue = Array::of1(&key).into();
    let upper: JsValue = Array::of2(&key, &Array::new()).into();
    let index = messages.index(BY_TIMELINE).map_err(failed)?;
    let ids = index
        .get_all_keys::<JsValue>()
        .with_query::<JsValue, _>(KeyRange::Bound(lower, false, upper, true))
        .primitive()
        .map_err(failed)?
        .await
        .map_err(failed)?;
    for id in ids {
        issued.0.push(
            messages
                .delete::<JsValue, _>(id.map_err(failed)?)
                .primitive()
                .map_err(failed)?,
        );
    }
    Ok(())
}

/// Adds the ids of `upserts` to their conversations' filters, where one exists (one that does
/// not is built from all stored messages when first needed).
async fn add_to_filters(
    filters: &ObjectStore<'_>,
    upserts: &[chat_store::Message],
    issued: &mut Issued,
) -> Result<(), StoreError> {
    let mut by_conversation: BTreeMap<String, Vec<&chat_store::Message>> = BTreeMap::new();
    for message in upserts {
        by_conversation
            .entry(message.conversation.key())
            .or_default()
            .push(message);
    }
    for (conversation, messages) in by_conversation {
        let Some(mut filter) = read_filter(filters, &conversation).await? else {
            continue;
        };
        let changed: BTreeSet<usize> = messages
            .iter()
            .flat_map(|message| ids_of(message))
            .filter_map(|id| filter.insert(id))
            .collect();
        issued.0.extend(put_layers(
            filters,
            &conversation,
            &filter,
            changed,
            SAVING,
        )?);
    }
    Ok(())
}

/// Issues every write of `changes`, in the order [`chat_store::Store`] documents.
async fn apply(
    tx: &Transaction<'_>,
    stores: &[&str],
    changes: Changes,
) -> Result<Issued, StoreError> {
    let mut issued = Issued::default();
    if let Some(account) = changes.account {
        let store = tx.object_store(ACCOUNT).map_err(failed)?;
        match account {
            Some(account) => issued.put(
                &store,
                &AccountRecord {
                    slot: ACCOUNT_SLOT.to_owned(),
                    data: to_json(&account)?,
                },
            )?,
            None => issued.delete(&store, ACCOUNT_SLOT)?,
        }
    }
    if let Some(store) = store_if_touched(tx, stores, ROSTER_LIST)? {
        let roster = RosterChanges {
            replace: changes.roster_replace,
            upserts: &changes.roster_upserts,
            removals: &changes.roster_removals,
        };
        write_roster(&store, roster, &mut issued).await?;
    }
    let conversations = store_if_touched(tx, stores, CONVERSATIONS)?;
    let messages = store_if_touched(tx, stores, MESSAGES)?;
    let filters = store_if_touched(tx, stores, ID_FILTERS)?;
    if let (Some(messages), Some(filters)) = (&messages, &filters) {
        for conversation in changes
            .clear_conversations
            .iter()
            .chain(&changes.conversation_removals)
        {
            clear_conversation(messages, conversation, &mut issued).await?;
            issued
                .0
                .push(delete_filter(filters, &conversation.key(), SAVING)?);
        }
    }
    if let Some(conversations) = &conversations {
        for id in &changes.conversation_removals {
            issued.delete(conversations, &id.key())?;
        }
        for conversation in &changes.conversation_upserts {
            let record = ConversationRecord {
                key: conversation.id.key(),
                data: to_json(conversation)?,
            };
            issued.put(conversations, &record)?;
        }
    }
    if let Some(messages) = &messages {
        for id in &changes.message_removals {
            issued.delete(messages, id)?;
        }
        for message in &changes.message_upserts {
            let record = MessageRecord::new(message).map_err(|error| {
                StoreError::Backend(format!(
                    "{SAVING}: encoding message {}: {error}",
                    message.id
                ))
            })?;
            issued.put(messages, &record)?;
        }
    }
    if let Some(filters) = &filters {
        add_to_filters(filters, &changes.message_upserts, &mut issued).await?;
    }
    if let Some(store) = store_if_touched(tx, stores, SETTINGS)? {
        for (key, value) in &changes.settings {
            match value {
                Some(value) => issued.put(
                    &store,
                    &SettingRecord {
                        key: key.clone(),
                        value: value.clone(),
                    },
                )?,
                None => issued.delete(&store, key)?,
            }
        }
    }
    if let Some(store) = store_if_touched(tx, stores, OMEMO)? {
        for key in &changes.omemo_removals {
            issued.delete(&store, key)?;
        }
        for record in &changes.omemo_upserts {
            issued.put(&store, record)?;
        }
    }
    Ok(issued)
}

fn store_if_touched<'a>(
    tx: &'a Transaction<'_>,
    touched: &[&str],
    name: &str,
) -> Result<Option<ObjectStore<'a>>, StoreError> {
    if touched.contains(&name) {
        tx.object_store(name).map(Some).map_err(failed)
    } else {
        Ok(None)
    }
}

/// Commits, naming the cause when the browser aborted the transaction (e.g. a full disk).
async fn commit(tx: Transaction<'_>, operation: &str) -> Result<(), StoreError> {
    let raw_tx: web_sys::IdbTransaction = tx.as_sys().clone().unchecked_into();
    tx.commit().await.map_err(|error| match raw_tx.error() {
        Some(cause) => from_dom_exception(operation, &cause.name(), &cause.message()),
        None => operation_failed(operation, &error),
    })
}

impl IndexedDbStore {
    pub(crate) async fn write_changes(&self, changes: Changes) -> Result<(), StoreError> {
        let stores = touched_stores(&changes);
        if stores.is_empty() {
            return Ok(());
        }
        let tx = self.transaction(&stores, TransactionMode::Readwrite)?;
        // On any error the transaction is dropped, which rolls back everything issued so far.
        let issued = apply(&tx, &stores, changes).await?;
        issued.finish().await?;
        commit(tx, SAVING).await
    }

    pub(crate) async fn clear_everything(&self) -> Result<(), StoreError> {
        let tx = self.transaction(&ALL_STORES, TransactionMode::Readwrite)?;
        let mut issued = Issued::default();
        for name in ALL_STORES {
            let store = tx.object_store(name).map_err(failed)?;
            issued.0.push(store.clear().map_err(failed)?);
        }
        issued.finish().await?;
        commit(tx, "clearing the store").await
    }
}
