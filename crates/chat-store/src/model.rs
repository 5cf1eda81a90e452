//! Plain data: no behaviour beyond small helpers, serialisable so every backend stores the
//! same shape. Fields added later carry `#[serde(default)]` so older records keep loading.

use serde::{Deserialize, Serialize};
use std::fmt;
use zeroize::Zeroize;

/// Milliseconds since the Unix epoch. Server time when the server told us, local time otherwise.
pub type Millis = u64;

/// The logged-in (or last logged-in) account.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct Account {
    /// Bare JID, normalised.
    pub jid: String,
    /// WebSocket endpoint used last time; `None` means "discover again".
    #[serde(default)]
    pub websocket_url: Option<String>,
    /// Resource the server bound last time, reused so carbons and presence stay stable.
    #[serde(default)]
    pub resource: Option<String>,
    /// SCRAM-derived keys that let the app log in again without keeping the password.
    #[serde(default)]
    pub credentials: Option<StoredCredentials>,
    /// Roster version (RFC 6121 `ver`) matching the stored roster.
    #[serde(default)]
    pub roster_version: Option<String>,
    /// Newest archive id seen, where MAM catch-up resumes.
    #[serde(default)]
    pub last_archive_id: Option<String>,
}

impl fmt::Debug for Account {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Account")
            .field("jid", &self.jid)
            .field("websocket_url", &self.websocket_url)
            .field("resource", &self.resource)
            .field(
                "credentials",
                &self.credentials.as_ref().map(|_| "<redacted>"),
            )
            .field("roster_version", &self.roster_version)
            .field("last_archive_id", &self.last_archive_id)
            .finish()
    }
}

impl Account {
    pub fn new(jid: impl Into<String>) -> Self {
        Self {
            jid: jid.into(),
            websocket_url: None,
            resource: None,
            credentials: None,
            roster_version: None,
            last_archive_id: None,
        }
    }
}

/// Opaque serialized credentials (the protocol crate's SCRAM keys as JSON). The store keeps
/// them as a blob so it does not depend on the protocol crate.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredCredentials(pub String);

impl Drop for StoredCredentials {
    fn drop(&mut self) {
        // Password-equivalent material: wipe it rather than leave it in freed memory.
        self.0.zeroize();
    }
}

/// One record of the OMEMO session manager (own identity, a prekey, a session, a device list or
/// a trust decision), serialized by the client. The store keeps it opaque, by `key`, so it
/// does not depend on the crypto crate; the value holds private keys and is wiped on drop.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct OmemoRecord {
    pub key: String,
    pub value: String,
}

impl Drop for OmemoRecord {
    fn drop(&mut self) {
        self.value.zeroize();
    }
}

impl fmt::Debug for OmemoRecord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OmemoRecord")
            .field("key", &self.key)
            .field("value", &"<redacted>")
            .finish()
    }
}

/// RFC 6121 subscription state of a roster item.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Subscription {
    #[default]
    None,
    To,
    From,
    Both,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RosterItem {
    /// Bare JID, normalised; the key.
    pub jid: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub subscription: Subscription,
    /// An outgoing subscription request is pending.
    #[serde(default)]
    pub ask: bool,
    #[serde(default)]
    pub groups: Vec<String>,
}

impl RosterItem {
    pub fn new(jid: impl Into<String>) -> Self {
        Self {
            jid: jid.into(),
            name: None,
            subscription: Subscription::None,
            ask: false,
            groups: Vec::new(),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ConversationKind {
    /// One-to-one chat with a contact.
    Direct,
    /// A multi-user chat room (XEP-0045).
    Group,
}

/// A conversation is identified by its kind and the peer's (or room's) bare JID.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ConversationId {
    pub kind: ConversationKind,
    pub jid: String,
}

impl ConversationId {
    pub fn direct(jid: impl Into<String>) -> Self {
        Self {
            kind: ConversationKind::Direct,
            jid: jid.into(),
        }
    }
    pub fn group(jid: impl Into<String>) -> Self {
        Self {
            kind: ConversationKind::Group,
            jid: jid.into(),
        }
    }
    /// A stable string key, used by key-value backends.
    pub fn key(&self) -> String {
        match self.kind {
            ConversationKind::Direct => format!("d:{}", self.jid),
            ConversationKind::Group => format!("g:{}", self.jid),
        }
    }
}

/// Whether messages in a conversation are end-to-end encrypted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum EncryptionPreference {
    /// On when the peer has OMEMO devices (the default), off otherwise.
    #[default]
    Auto,
    On,
    Off,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Conversation {
    pub id: ConversationId,
    #[serde(default)]
    pub title: Option<String>,
    /// Timestamp of the newest message; orders the conversation list.
    #[serde(default)]
    pub last_activity: Millis,
    #[serde(default)]
    pub unread: u32,
    /// Newest message the user has seen here (XEP-0333 displayed marker sync).
    #[serde(default)]
    pub last_read: Option<String>,
    /// This chat's own retention; `None` follows the global default.
    #[serde(default)]
    pub retention: Option<crate::retention::Retention>,
    #[serde(default)]
    pub encryption: EncryptionPreference,
    /// Unsent text in the composer.
    #[serde(default)]
    pub draft: String,
}

impl Conversation {
    pub fn new(id: ConversationId) -> Self {
        Self {
            id,
            title: None,
            last_activity: 0,
            unread: 0,
            last_read: None,
            retention: None,
            encryption: EncryptionPreference::Auto,
            draft: String::new(),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    In,
    Out,
}

/// Delivery state of a message, as the UI shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase", tag = "state", content = "reason")]
pub enum DeliveryState {
    /// Outgoing, waiting to be sent or acknowledged (kept in the outbox).
    #[default]
    Pending,
    /// Handed to the server.
    Sent,
    /// The recipient's client confirmed receipt (XEP-0184).
    Delivered,
    /// The recipient displayed it (XEP-0333).
    Read,
    /// Could not be sent; the reason is shown to the user. (Boxed: rare, and it keeps every
    /// message small.)
    Failed(Box<crate::FailReason>),
    /// Incoming message.
    Received,
}

/// How a message travelled, so the UI can show a lock or explain a failure.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase", tag = "kind")]
pub enum MessageEncryption {
    #[default]
    Plain,
    Omemo {
        device_id: u32,
        trusted: bool,
    },
    /// Encrypted, but not readable on this device; `reason` is shown instead of the body.
    Undecryptable {
        reason: Box<crate::UnreadableReason>,
    },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Message {
    /// Local primary key: our origin-id for outgoing messages, the best server-side id for
    /// incoming ones.
    pub id: String,
    pub conversation: ConversationId,
    pub direction: Direction,
    /// Sender as shown: bare JID in direct chats, nickname in groups.
    pub sender: String,
    pub body: String,
    /// Server time when known (delay / archive), otherwise local time of receipt or sending.
    pub timestamp: Millis,
    /// XEP-0359 origin-id, used to recognise our own reflections and carbons.
    #[serde(default)]
    pub origin_id: Option<String>,
    /// XEP-0359 stanza-id assigned by the archive, used to dedupe and to resume MAM.
    #[serde(default)]
    pub stanza_id: Option<String>,
    #[serde(default)]
    pub state: DeliveryState,
    #[serde(default)]
    pub encryption: MessageEncryption,
    /// When the message must disappear from this device (ephemeral retention).
    #[serde(default)]
    pub expires_at: Option<Millis>,
    /// What happened to it since: corrected, retracted, reacted to.
    #[serde(default, skip_serializing_if = "MessageMeta::is_empty")]
    pub meta: MessageMeta,
}

/// What a message refers to (a reply) and later changes to it, each from the message's own
/// sender (corrections, retraction) or from anyone in the chat (reactions).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct MessageMeta {
    /// When the body was last corrected (XEP-0308).
    #[serde(default)]
    pub edited_at: Option<Millis>,
    /// The sender took it back (XEP-0424): the body is gone.
    #[serde(default)]
    pub retracted: bool,
    /// A group's moderator removed it (XEP-0425; `retracted` is set too), with their reason
    /// ("" when none was given).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub moderated: Option<String>,
    /// Reactions by sender (bare JID, or nick in groups), XEP-0444.
    #[serde(default)]
    pub reactions: Vec<Reaction>,
    /// The message this one replies to (XEP-0461).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply: Option<ReplyTo>,
}

/// The message a reply refers to, as the reply names it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplyTo {
    /// The original's id as the sender knows it (origin-id, or the room's stanza-id in groups):
    /// [`Message::has_id`] finds it.
    pub id: String,
    /// Who wrote the original, when the reply says: a bare JID, or a nick in groups.
    #[serde(default)]
    pub author: Option<String>,
    /// The original's text as quoted, shown when the original is not loaded.
    #[serde(default)]
    pub quote: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reaction {
    pub sender: String,
    pub emojis: Vec<String>,
}

impl MessageMeta {
    pub fn is_empty(&self) -> bool {
        self == &MessageMeta::default()
    }
}

impl Message {
    /// Whether `external_id` names this message by any of its ids.
    pub fn has_id(&self, external_id: &str) -> bool {
        self.id == external_id
            || self.origin_id.as_deref() == Some(external_id)
            || self.stanza_id.as_deref() == Some(external_id)
    }

    /// Ordering key for a conversation's timeline: time first, id to break ties stably.
    pub fn order_key(&self) -> (Millis, &str) {
        (self.timestamp, self.id.as_str())
    }
}
