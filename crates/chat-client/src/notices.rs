//! What the client tells the user, as typed reasons: the UI words each in the reader's
//! language. Remote words (a server's error text, a group's reason) travel as fields, as
//! they came.

use xmpp_protocol::{ErrorCondition, StanzaError};

/// What a server (or a group) answered to a request it did not carry out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// Its error: the condition's name (RFC 6120, e.g. `forbidden`) and its own text, if any.
    Error {
        condition: String,
        text: Option<String>,
    },
    /// No answer in time (or the connection dropped first).
    NoAnswer,
}

impl Refusal {
    pub(crate) fn from_error(error: Option<&StanzaError>) -> Self {
        match error {
            Some(error) => Refusal::from(error),
            None => Refusal::NoAnswer,
        }
    }
}

impl From<&StanzaError> for Refusal {
    fn from(error: &StanzaError) -> Self {
        Refusal::Error {
            condition: error.condition.to_string(),
            text: error.text.clone(),
        }
    }
}

/// Why a group refused something; the wording depends on what was asked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GroupRefusal {
    Forbidden,
    NotAllowed,
    NotFound,
    Conflict,
    BadRequest,
    /// The group's server does not implement it.
    Unsupported,
    /// Another error condition, by name.
    Other {
        condition: String,
    },
    NoAnswer,
}

impl GroupRefusal {
    pub(crate) fn from_error(error: Option<&StanzaError>) -> Self {
        match error.map(|e| &e.condition) {
            Some(ErrorCondition::Forbidden) => GroupRefusal::Forbidden,
            Some(ErrorCondition::NotAllowed) => GroupRefusal::NotAllowed,
            Some(ErrorCondition::ItemNotFound) => GroupRefusal::NotFound,
            Some(ErrorCondition::Conflict) => GroupRefusal::Conflict,
            Some(ErrorCondition::BadRequest) => GroupRefusal::BadRequest,
            Some(ErrorCondition::FeatureNotImplemented | ErrorCondition::ServiceUnavailable) => {
                GroupRefusal::Unsupported
            }
            Some(other) => GroupRefusal::Other {
                condition: other.to_string(),
            },
            None => GroupRefusal::NoAnswer,
        }
    }
}

/// A change of someone's standing in a group, for the notice when the group refuses it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GroupAction {
    ReadMemberList,
    /// Occupant `nick` gets `role` ("none" is a kick, "visitor" takes the voice).
    SetRole {
        nick: String,
        role: String,
    },
    /// `jid` gets `affiliation` ("outcast" is a ban, "none" removes it).
    SetAffiliation {
        jid: String,
        affiliation: String,
    },
}

/// Something the user asked for did not work (or finished); shown briefly.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Notice {
    ProfileSaved,
    ProfileNotSaved {
        reason: Refusal,
    },
    PasswordChanged,
    PasswordNotChanged {
        reason: Refusal,
    },
    /// The connection dropped before the server answered the change.
    PasswordMayNotHaveChanged,
    AccountDeleted,
    AccountNotDeleted {
        reason: Refusal,
    },
    InvitationSent {
        invitee: String,
    },
    /// A contact declined or withdrew sharing their status.
    NotSharingStatus {
        jid: String,
    },
    /// We are out of a group, and why.
    GroupEnded(GroupEnded),
    /// Blocking (or unblocking, `block` false) `jid` failed.
    BlockFailed {
        jid: String,
        block: bool,
        reason: Refusal,
    },
    ContactNotChanged {
        jid: String,
        reason: Refusal,
    },
    NickNotPublished {
        reason: Refusal,
    },
    AvatarNotPublished {
        reason: Refusal,
    },
    /// The bookmarks (the groups list other devices follow) could not be updated.
    BookmarksNotSynced {
        reason: Refusal,
    },
    /// The server's group form lacks settings the chosen kind of group needs (their names).
    GroupSettingsMissing {
        fields: Vec<String>,
    },
    /// A new group's settings could not be read; it keeps the server's defaults.
    GroupSettingsUnreadable {
        room: String,
    },
    GroupNotConfigured {
        room: String,
        reason: Refusal,
    },
    MessageNotRemoved {
        room: String,
        why: GroupRefusal,
    },
    GroupActionRefused {
        action: GroupAction,
        why: GroupRefusal,
    },
    /// `invitee` could not be made a member of the members-only `room`, so was not invited.
    InviteeNotMember {
        invitee: String,
        room: String,
        reason: Refusal,
    },
    /// Creating `room` joined an existing group of that address instead.
    GroupAlreadyExists {
        room: String,
    },
    /// An invitation was removed because its group does not exist.
    InvitationRoomGone {
        room: String,
    },
    /// The disappearing-message settings could not be shared with the other devices.
    RetentionNotShared {
        reason: Refusal,
    },
}

/// Why we are not (or no longer) in a group. Reasons given by the room are someone else's
/// text, already cleaned for display.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GroupEnded {
    Kicked {
        reason: Option<String>,
    },
    Banned {
        reason: Option<String>,
    },
    Closed {
        reason: Option<String>,
    },
    /// Our membership was taken away in a members-only group.
    Removed,
    NickConflict,
    MembersOnly,
    Forbidden,
    NeedsPassword,
    NotFound,
    CreationNotAllowed,
    Full,
    /// Another refusal; the error condition's name.
    Refused {
        condition: String,
    },
}

/// Why the composer of a group is replaced.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CannotWrite {
    /// A visitor in a moderated room (a channel where only owners and admins post).
    NoVoice,
    Joining,
    /// Not in the group; why, when there is a reason to show.
    NotIn(Option<GroupEnded>),
}
