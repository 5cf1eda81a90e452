use chat_store::{Conversation, Message, RosterItem};

use crate::contacts::{OwnPresence, SubscriptionRequest};
use crate::error::LoginError;

/// What the UI shows in its connection indicator.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConnectionState {
    /// Not logged in.
    Disconnected,
    Connecting,
    Online,
    /// Connection lost; the driver retries on its own at `retry_at` (ms since epoch).
    Offline {
        retry_at: Option<u64>,
    },
    /// A problem the user should read (the reason) — the client may still be retrying.
    Error(crate::error::ConnectionProblem),
}

/// Why storage failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StorageProblem {
    Store(chat_store::StoreError),
    /// The stored OMEMO keys could not be read: encrypted chats cannot be used until this
    /// device is reset (the technical detail).
    OmemoKeysUnreadable {
        detail: String,
    },
    /// OMEMO key changes could not be saved (technical detail).
    OmemoKeysNotSaved {
        detail: String,
    },
}

/// Why history could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HistoryProblem {
    /// Older messages can be loaded once online again.
    Offline,
    /// The server's archive refused the query.
    ArchiveRefused(crate::notices::Refusal),
    /// A group's history could not be read.
    GroupHistory { room: String },
    /// This device's storage failed reading it.
    Store(chat_store::StoreError),
    /// Another failure (the client's error).
    Client(crate::error::ClientError),
}

/// A contact's availability, from their presence (best resource wins).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Availability {
    Unavailable,
    Xa,
    Away,
    Dnd,
    Available,
}

impl Availability {
    pub fn as_str(self) -> &'static str {
        match self {
            Availability::Unavailable => "unavailable",
            Availability::Xa => "xa",
            Availability::Away => "away",
            Availability::Dnd => "dnd",
            Availability::Available => "available",
        }
    }
}

/// Everything the UI needs to know, as plain data.
#[derive(Clone, Debug, PartialEq)]
pub enum ClientEvent {
    Connection(ConnectionState),
    /// The account is established (first login succeeded, or a stored one was restored).
    LoggedIn {
        jid: String,
    },
    /// A login with a password failed; the UI stays on the login form and shows why.
    LoginFailed(LoginError),
    /// Stored credentials stopped working (password changed elsewhere): ask again.
    NeedPassword {
        jid: String,
        reason: crate::error::PasswordPrompt,
    },
    Roster(Vec<RosterItem>),
    Presence {
        jid: String,
        availability: Availability,
        status: Option<String>,
    },
    Conversations(Vec<Conversation>),
    /// A message was added or changed (state, correction).
    Message(Message),
    /// Messages deleted because they expired, by id (in any conversation).
    MessagesRemoved(Vec<String>),
    /// A chat's history (`None`: every chat's) was cleared on this device.
    HistoryCleared(Option<chat_store::ConversationId>),
    /// The retention settings, at start and after every change (here or on another device).
    RetentionSettings(crate::ephemeral::RetentionSettings),
    /// Storage failed; the reason is shown, nothing already stored is lost.
    StorageError(StorageProblem),
    /// Something received was refused (a forged carbon, an archive result nobody asked for);
    /// the reason is for the log, not for a dialog.
    Dropped(String),
    /// Older history of a conversation was fetched from the archive; `complete` when there is
    /// no more.
    HistoryLoaded {
        conversation: chat_store::ConversationId,
        complete: bool,
    },
    /// The server's archive could not be read; shown so missing history is not a mystery.
    HistoryUnavailable(HistoryProblem),
    /// The peer `jid` started or stopped typing (XEP-0085).
    Typing {
        jid: String,
        typing: bool,
    },
    LoggedOut,
    /// Unanswered requests to see our presence, oldest first.
    SubscriptionRequests(Vec<SubscriptionRequest>),
    /// Blocked addresses (XEP-0191), sorted.
    BlockList(Vec<String>),
    /// A contact's (or our own) verified avatar as a `data:` URL; `None` = show initials.
    Avatar {
        jid: String,
        data_url: Option<String>,
    },
    /// A contact's idle time (XEP-0319) from their presence, or when they went offline.
    ContactActivity {
        jid: String,
        idle_since: Option<u64>,
        last_seen: Option<u64>,
    },
    OwnPresence(OwnPresence),
    /// Contacts' self-chosen nicknames (XEP-0172) by bare JID, all of them.
    ContactNicks(std::collections::HashMap<String, String>),
    /// A contact's (or our own) profile, as asked with `request_contact_details`; `None` when
    /// it could not be read.
    ContactProfile {
        jid: String,
        profile: Option<xmpp_protocol::profile::Profile>,
    },
    /// When an offline contact was last online (XEP-0012); `None` when the server would not say.
    LastActivity {
        jid: String,
        seen: Option<crate::contacts::LastSeen>,
    },
    /// Something the user asked for did not work (or finished); shown briefly.
    Notice(crate::notices::Notice),
    /// The sign-up screen's progress (in-band registration).
    Registration(crate::signup::SignupUpdate),
    /// The server takes file uploads, up to `max_bytes` when it says.
    UploadAvailable {
        max_bytes: Option<u64>,
    },
    /// The answer to `request_upload_slot`.
    UploadSlot {
        request: String,
        slot: Result<xmpp_protocol::upload::Slot, crate::error::TransferError>,
    },
    /// The known OMEMO devices of `jid` with their keys and trust (for the own account: the
    /// other devices), whenever they change.
    OmemoDevices {
        jid: String,
        devices: Vec<crate::OmemoDevice>,
    },
    /// This device's own OMEMO identity, once loaded or created, with the `xmpp:` link a QR
    /// code carries so other devices can verify it.
    OwnOmemoDevice {
        device: crate::OmemoDevice,
        verification_uri: String,
    },
    /// Our OMEMO keys could not be published to `node` (contacts may not be able to write to
    /// us encrypted); shown as a warning.
    OmemoKeysNotPublished {
        node: String,
        reason: crate::notices::Refusal,
    },
    /// The groups (rooms) we take part in, whenever one changes.
    Rooms(Vec<crate::groups::RoomView>),
    /// A room's occupants (at most `groups::OCCUPANTS_SHOWN`) and how many there are.
    Occupants {
        room: String,
        occupants: Vec<crate::groups::OccupantView>,
        total: usize,
    },
    /// Who can read what is sent in a private group (answers `show_group_readers`, and
    /// follows member and key changes).
    GroupReaders {
        room: String,
        readers: Vec<crate::groups::GroupReader>,
    },
    /// The invitations inbox, oldest first.
    Invitations(Vec<crate::groups::GroupInvitation>),
    /// A room's owners, admins, members and banned, for the member-list editor (after
    /// `request_room_members`, and after each change).
    RoomMembers {
        room: String,
        members: Vec<crate::groups::RoomMember>,
    },
    /// The rooms the MUC service lists (after `browse_rooms`; again as rooms are described),
    /// or why it would not list them.
    RoomDirectory {
        rooms: Vec<crate::groups::DirectoryRoom>,
        problem: Option<crate::notices::Refusal>,
    },
    /// An owner's settings dialog: the form (after `request_room_settings`), or that it was
    /// saved or refused.
    RoomSettings {
        room: String,
        settings: crate::groups::RoomSettings,
    },
}
