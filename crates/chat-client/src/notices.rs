//! What the client tells the user, as typed reasons: the UI words each in the reader's
//! language. Texts that have no variant yet travel as `Other` (English).

/// Something the user asked for did not work (or finished); shown briefly.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Notice {
    ProfileSaved,
    ProfileNotSaved {
        reason: String,
    },
    PasswordChanged,
    PasswordNotChanged {
        reason: String,
    },
    /// The connection dropped before the server answered the change.
    PasswordMayNotHaveChanged,
    AccountDeleted,
    AccountNotDeleted {
        reason: String,
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
    /// A text without a typed reason yet, in English.
    Other(String),
}

impl From<String> for Notice {
    fn from(text: String) -> Self {
        Notice::Other(text)
    }
}

impl From<&str> for Notice {
    fn from(text: &str) -> Self {
        Notice::Other(text.to_owned())
    }
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
