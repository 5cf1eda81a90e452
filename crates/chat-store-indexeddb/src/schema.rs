//! Names shared by the migrations and the queries, so a typo cannot split them.

/// Object stores.
pub const ACCOUNT: &str = "account";
/// The roster as one list (added in schema version 4): a login writes 5,000 contacts as one
/// record, not 5,000.
pub const ROSTER_LIST: &str = "roster_list";
/// One record per contact, by JID (schema versions 1 to 3; version 4 moves it into
/// [`ROSTER_LIST`] and deletes it).
pub const LEGACY_ROSTER: &str = "roster";
pub const CONVERSATIONS: &str = "conversations";
pub const MESSAGES: &str = "messages";
pub const SETTINGS: &str = "settings";
/// OMEMO records by key (added in schema version 3).
pub const OMEMO: &str = "omemo";
/// Per conversation, which ids its messages may carry (added in schema version 5; see
/// `id_filters.rs`).
pub const ID_FILTERS: &str = "id_filters";

pub const ALL_STORES: [&str; 7] = [
    ACCOUNT,
    ROSTER_LIST,
    CONVERSATIONS,
    MESSAGES,
    SETTINGS,
    OMEMO,
    ID_FILTERS,
];

/// Indexes of the `messages` store.
/// `[conversation, timestamp, id]`: a conversation's timeline in order, for paging.
pub const BY_TIMELINE: &str = "by_timeline";
/// `[conversation, origin_id]`, for `find_message`.
pub const BY_ORIGIN_ID: &str = "by_origin_id";
/// `[conversation, stanza_id]`, for `find_message`.
pub const BY_STANZA_ID: &str = "by_stanza_id";
/// `[outbox, id]`: pending outgoing messages, oldest first.
pub const PENDING: &str = "pending";
/// `expires_at`: messages that expire, soonest first (added in schema version 2).
pub const BY_EXPIRY: &str = "by_expiry";
