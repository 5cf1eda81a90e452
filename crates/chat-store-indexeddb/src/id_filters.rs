//! The [`IdFilter`]s in IndexedDB: one record per layer in `id_filters`, keyed
//! `[conversation key, layer number]`, holding `count`, `capacity` and the `bits` as bytes.
//!
//! A conversation's filter exists only once it covers every message stored for it: it is built
//! by reading all of them ([`IndexedDbStore::build_id_filter`], the first time a batch of
//! arrivals is checked there), and from then on every save adds its messages' ids in the same
//! transaction. Clearing a conversation deletes its filter (the next check builds it again). A
//! conversation without a filter, or with one that cannot be read, is checked id by id as
//! before, so the filter can only save lookups, never skip one that would find a message.

use chat_store::{ConversationId, Message, StoreError};
use indexed_db_futures::error::Error;
use indexed_db_futures::object_store::ObjectStore;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use indexed_db_futures::KeyRange;
use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};

use crate::errors::operation_failed;
use crate::id_filter::{IdFilter, Layer};
use crate::schema::{BY_TIMELINE, ID_FILTERS, MESSAGES};
use crate::store::IndexedDbStore;

const READING: &str = "reading an id filter";
/// Messages read at a time while building a filter: a long chat's history is never in memory
/// all at once.
const BUILD_CHUNK: u32 = 500;
const BUILDING: &str = "building an id filter";

fn failed(operation: &'static str) -> impl Fn(Error) -> StoreError {
    move |error| operation_failed(operation, &error)
}

/// Every key `[conversation, …]`: arrays sort after numbers and strings.
fn conversation_range(conversation: &str) -> KeyRange<JsValue> {
    let key = JsValue::from_str(conversation);
    let lower: JsValue = Array::of1(&key).into();
    let upper: JsValue = Array::of2(&key, &Array::new()).into();
    KeyRange::Bound(lower, false, upper, true)
}

/// The rest of `conversation`'s timeline after the message record `last`: its `by_timeline` key
/// is `[conversation, timestamp, id]`, the record's own fields.
fn after(conversation: &str, last: &JsValue) -> Result<KeyRange<JsValue>, StoreError> {
    let field = |name: &str| {
        Reflect::get(last, &name.into())
            .ok()
            .filter(JsValue::is_string)
            .ok_or_else(|| StoreError::Backend(format!("{BUILDING}: a message without {name}")))
    };
    let key = JsValue::from_str(conversation);
    let lower: JsValue = Array::of3(&key, &field("timestamp")?, &field("id")?).into();
    let upper: JsValue = Array::of2(&key, &Array::new()).into();
    Ok(KeyRange::Bound(lower, true, upper, true))
}

/// The ids a stored message can be found by.
pub(crate) fn ids_of(message: &Message) -> impl Iterator<Item = &str> {
    [
        Some(message.id.as_str()),
        message.origin_id.as_deref(),
        message.stanza_id.as_deref(),
    ]
    .into_iter()
    .flatten()
    .filter(|id| !id.is_empty())
}

/// The filter of `conversation` in `store` (the `id_filters` store of the caller's
/// transaction); `None` when there is none or it cannot be read.
pub(crate) async fn read_filter(
    store: &ObjectStore<'_>,
    conversation: &str,
) -> Result<Option<IdFilter>, StoreError> {
    let records = store
        .get_all::<JsValue>()
        .with_query::<JsValue, _>(conversation_range(conversation))
        .primitive()
        .map_err(failed(READING))?
        .await
        .map_err(failed(READING))?;
    let mut layers = Vec::new();
    for record in records {
        match record.ok().as_ref().and_then(decode_layer) {
            Some(layer) => layers.push(layer),
            None => return Ok(None),
        }
    }
    Ok(IdFilter::from_layers(layers))
}

fn decode_layer(record: &JsValue) -> Option<Layer> {
    let number = |name: &str| {
        Reflect::get(record, &name.into())
            .ok()?
            .as_f64()
            .filter(|n| n.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(n))
            .map(|n| n as u32)
    };
    let bits = Reflect::get(record, &"bits".into()).ok()?;
    let bits = bits.dyn_ref::<Uint8Array>()?.to_vec();
    Some(Layer {
        capacity: number("capacity")?,
        count: number("count")?,
        bits,
    })
}

fn layer_record(conversation: &str, number: usize, layer: &Layer) -> Result<JsValue, JsValue> {
    let record = Object::new();
    let key = Array::of2(&conversation.into(), &JsValue::from_f64(number as f64));
    Reflect::set(&record, &"key".into(), &key)?;
    Reflect::set(&record, &"capacity".into(), &layer.capacity.into())?;
    Reflect::set(&record, &"count".into(), &layer.count.into())?;
    Reflect::set(&record, &"bits".into(), &Uint8Array::from(&layer.bits[..]))?;
    Ok(record.into())
}

/// Issues puts of `filter`'s layers numbered in `changed`.
pub(crate) fn put_layers(
    store: &ObjectStore<'_>,
    conversation: &str,
    filter: &IdFilter,
    changed: impl IntoIterator<Item = usize>,
    operation: &'static str,
) -> Result<Vec<indexed_db_futures::future::VoidRequest>, StoreError> {
    let mut issued = Vec::new();
    for number in changed {
        let Some(layer) = filter.layers().get(number) else {
            continue;
        };
        let record = layer_record(conversation, number, layer).map_err(|error| {
            StoreError::Backend(format!("{operation}: encoding an id filter: {error:?}"))
        })?;
        issued.push(store.put(record).primitive().map_err(failed(operation))?);
    }
    Ok(issued)
}

/// Issues the deletion of `conversation`'s filter.
pub(crate) fn delete_filter(
    store: &ObjectStore<'_>,
    conversation: &str,
    operation: &'static str,
) -> Result<indexed_db_futures::future::VoidRequest, StoreError> {
    store
        .delete::<JsValue, _>(conversation_range(conversation))
        .primitive()
        .map_err(failed(operation))
}

impl IndexedDbStore {
    /// Reads every message of `conversation` and stores the filter of their ids, in one
    /// read-write transaction: a save of another tab comes wholly before or after it.
    pub(crate) async fn build_id_filter(
        &self,
        conversation: &ConversationId,
    ) -> Result<(), StoreError> {
        let key = conversation.key();
        let tx = self.transaction(&[MESSAGES, ID_FILTERS], TransactionMode::Readwrite)?;
        let messages = tx.object_store(MESSAGES).map_err(failed(BUILDING))?;
        let timeline = messages.index(BY_TIMELINE).map_err(failed(BUILDING))?;
        let mut filter = IdFilter::default();
        let mut range = conversation_range(&key);
        loop {
            let records = timeline
                .get_all::<JsValue>()
                .with_query::<JsValue, _>(range.clone())
                .with_limit(BUILD_CHUNK)
                .primitive()
                .map_err(failed(BUILDING))?
                .await
                .map_err(failed(BUILDING))?;
            let mut read = 0;
            let mut last = None;
            for record in records {
                let record = record.map_err(failed(BUILDING))?;
                // The indexed copies of the ids: no need to decode the message itself.
                for field in ["id", "origin_id", "stanza_id"] {
                    if let Some(id) = Reflect::get(&record, &field.into())
                        .ok()
                        .and_then(|id| id.as_string())
                        .filter(|id| !id.is_empty())
                    {
                        filter.insert(&id);
                    }
                }
                read += 1;
                last = Some(record);
            }
            match last {
                Some(last) if read == BUILD_CHUNK => range = after(&key, &last)?,
                _ => break,
            }
        }
        let filters = tx.object_store(ID_FILTERS).map_err(failed(BUILDING))?;
        let mut issued = vec![delete_filter(&filters, &key, BUILDING)?];
        issued.extend(put_layers(
            &filters,
            &key,
            &filter,
            0..filter.layers().len(),
            BUILDING,
        )?);
        futures::future::try_join_all(issued)
            .await
            .map_err(failed(BUILDING))?;
        tx.commit().await.map_err(failed(BUILDING))
    }

    /// The stored filter of `conversation`, as the batch checks read it (`None`: there is none,
    /// or it cannot be read). For tests and diagnostics.
    pub async fn id_filter(
        &self,
        conversation: &ConversationId,
    ) -> Result<Option<IdFilter>, StoreError> {
        let tx = self.read(&[ID_FILTERS])?;
        let store = tx.object_store(ID_FILTERS).map_err(failed(READING))?;
        read_filter(&store, &conversation.key()).await
    }
}
