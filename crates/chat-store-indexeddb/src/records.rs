//! What is stored in each object store, and how keys are encoded.
//!
//! Every record carries the model value as JSON text in `data`: JSON keeps every `u64` exact
//! (a JavaScript number would round above 2^53) and is the shape all backends share. Beside it,
//! records hold the few fields IndexedDB indexes, derived from the model on every write:
//!
//! - numbers that take part in keys (timestamps, expiry) are fixed-width decimal strings, so
//!   string order is numeric order over the whole `u64` range;
//! - a flag is represented by the presence of a field: IndexedDB cannot index booleans but
//!   leaves records out of an index when its key path is missing, which gives a sparse index
//!   of exactly the flagged records (`outbox`, `expires_at`, `origin_id`, `stanza_id`).
//!
//! This module is plain Rust (no browser types), so the encodings are tested natively.

use chat_store::{DeliveryState, Direction, Message, Millis};
use serde::{Deserialize, Serialize};

/// Key of the single record in the `account` store.
pub const ACCOUNT_SLOT: &str = "current";

/// Width of `u64::MAX` in decimal.
const MILLIS_WIDTH: usize = 20;

/// Encodes milliseconds as a fixed-width decimal string whose order is numeric order.
pub fn encode_millis(millis: Millis) -> String {
    format!("{millis:0MILLIS_WIDTH$}")
}

/// Reverses [`encode_millis`]; `None` for anything it cannot have produced.
pub fn decode_millis(encoded: &str) -> Option<Millis> {
    if encoded.len() != MILLIS_WIDTH || !encoded.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    encoded.parse().ok()
}

/// The `account` store's one record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccountRecord {
    pub slot: String,
    pub data: String,
}

/// A `conversations` record, keyed by [`chat_store::ConversationId::key`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConversationRecord {
    pub key: String,
    pub data: String,
}

/// A `settings` record: the value is already the caller's string (JSON by convention).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SettingRecord {
    pub key: String,
    pub value: String,
}

/// A `messages` record, keyed by the message id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MessageRecord {
    pub id: String,
    /// [`chat_store::ConversationId::key`] of the message's conversation.
    pub conversation: String,
    /// [`encode_millis`] of the timestamp.
    pub timestamp: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stanza_id: Option<String>,
    /// [`encode_millis`] of `expires_at`; absent for messages that never expire.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
    /// [`encode_millis`] of the timestamp, present only while the message waits in the outbox.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outbox: Option<String>,
    pub data: String,
}

impl MessageRecord {
    pub fn new(message: &Message) -> Result<Self, serde_json::Error> {
        let waiting =
            message.direction == Direction::Out && message.state == DeliveryState::Pending;
        Ok(Self {
            id: message.id.clone(),
            conversation: message.conversation.key(),
            timestamp: encode_millis(message.timestamp),
            origin_id: message.origin_id.clone(),
            stanza_id: message.stanza_id.clone(),
            expires_at: message.expires_at.map(encode_millis),
            outbox: waiting.then(|| encode_millis(message.timestamp)),
            data: serde_json::to_string(message)?,
        })
    }
}

/// The part of a record the reads decode: the JSON of the model value. Index fields are not
/// read back, so a record whose derived fields are stale still yields its true value.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Payload {
    pub data: String,
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use chat_store::{ConversationId, MessageEncryption};

    fn message(direction: Direction, state: DeliveryState) -> Message {
        Message {
            id: "m1".to_owned(),
            conversation: ConversationId::group("room@muc.example.org"),
            direction,
            sender: "nick".to_owned(),
            body: "hi".to_owned(),
            timestamp: 1_700_000_000_123,
            origin_id: Some("o1".to_owned()),
            stanza_id: None,
            state,
            encryption: MessageEncryption::Plain,
            expires_at: Some(u64::MAX),
            meta: Default::default(),
        }
    }

    #[test]
    fn millis_encoding_orders_like_numbers_over_the_whole_range() {
        let values = [
            0,
            1,
            9,
            10,
            99,
            1_700_000_000_000,
            1 << 53,
            (1 << 53) + 1,
            u64::MAX - 1,
            u64::MAX,
        ];
        let encoded: Vec<String> = values.iter().map(|v| encode_millis(*v)).collect();
        assert!(encoded.iter().all(|e| e.len() == MILLIS_WIDTH));
        assert!(
            encoded.windows(2).all(|pair| pair[0] < pair[1]),
            "{encoded:?}"
        );
        for (value, text) in values.iter().zip(&encoded) {
            assert_eq!(decode_millis(text), Some(*value));
        }
        assert_eq!(encode_millis(42), "00000000000000000042");
    }

    #[test]
    fn decoding_rejects_what_encoding_cannot_produce() {
        for bad in [
            "",
            "42",
            "-0000000000000000042",
            "1844674407370955161x",
            "99999999999999999999",
            "000000000000000000042",
        ] {
            assert_eq!(decode_millis(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn message_record_derives_index_fields() {
        let record = MessageRecord::new(&message(Direction::Out, DeliveryState::Pending)).unwrap();
        assert_eq!(record.id, "m1");
        assert_eq!(record.conversation, "g:room@muc.example.org");
        assert_eq!(record.timestamp, "00000001700000000123");
        assert_eq!(record.origin_id.as_deref(), Some("o1"));
        assert_eq!(record.stanza_id, None);
        assert_eq!(record.expires_at.as_deref(), Some("18446744073709551615"));
        assert_eq!(record.outbox.as_deref(), Some("00000001700000000123"));
        let back: Message = serde_json::from_str(&record.data).unwrap();
        assert_eq!(back, message(Direction::Out, DeliveryState::Pending));
    }

    #[test]
    fn only_pending_outgoing_messages_enter_the_outbox() {
        for (direction, state) in [
            (Direction::Out, DeliveryState::Sent),
            (
                Direction::Out,
                DeliveryState::Failed(Box::new(chat_store::Stored::Text("x".to_owned()))),
            ),
            (Direction::In, DeliveryState::Pending),
            (Direction::In, DeliveryState::Received),
        ] {
            let record = MessageRecord::new(&message(direction, state.clone())).unwrap();
            assert_eq!(record.outbox, None, "{direction:?} {state:?}");
        }
    }

    #[test]
    fn absent_optional_fields_are_left_out_so_sparse_indexes_skip_them() {
        let plain = Message {
            origin_id: None,
            expires_at: None,
            ..message(Direction::In, DeliveryState::Received)
        };
        let json = serde_json::to_value(MessageRecord::new(&plain).unwrap()).unwrap();
        let mut fields: Vec<&String> = json.as_object().unwrap().keys().collect();
        fields.sort();
        assert_eq!(fields, ["conversation", "data", "id", "timestamp"]);
    }
}
