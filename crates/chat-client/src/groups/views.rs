//! What the UI sees of rooms: plain data with every remote string cleaned (nicks and subjects
//! are someone else's text: no control or bidi-override characters, bounded length).

use xmpp_protocol::muc::room::{Room, RoomState};
use xmpp_protocol::muc::{Affiliation, Role};
use xmpp_protocol::profile::clean_text;

use super::RoomEntry;
use crate::notices::{CannotWrite, GroupEnded};

/// Longest nick and subject shown; the rest is cut.
const MAX_NICK_CHARS: usize = 64;
const MAX_SUBJECT_CHARS: usize = 500;
/// At most this many occupants are sent to the UI per update (the list is virtualised); the
/// total says how many more.
pub const OCCUPANTS_SHOWN: usize = 2000;

/// The kind of group to create.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GroupPreset {
    /// Members only, members see each other's addresses, hidden, archived.
    PrivateGroup,
    /// Anyone can find and join it; `only_owners_write` makes everyone else a reader.
    PublicChannel { only_owners_write: bool },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RoomStatus {
    Joining,
    Joined,
    /// Not in the room; the reason when there is one to show.
    NotJoined(Option<GroupEnded>),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoomView {
    pub jid: String,
    pub name: Option<String>,
    pub nick: String,
    pub status: RoomStatus,
    /// Why the composer is replaced, when we may not write.
    pub cannot_write: Option<CannotWrite>,
    pub subject: Option<String>,
    pub occupant_count: usize,
    pub affiliation: String,
    pub role: String,
    /// Owners and admins may invite and grant membership.
    pub can_manage: bool,
    pub members_only: bool,
    /// Members-only and non-anonymous: messages are end-to-end encrypted (OMEMO) for the
    /// members' devices unless switched off for the group (elsewhere members can't see each
    /// other's addresses, so their keys can't be fetched).
    pub private: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OccupantView {
    pub nick: String,
    pub jid: Option<String>,
    pub role: String,
    pub affiliation: String,
}

/// A nick as shown: no control or bidi-override characters, bounded length.
pub fn clean_nick(nick: &str) -> String {
    clean_text(nick, MAX_NICK_CHARS, false)
}

pub(crate) fn room_view(entry: &RoomEntry) -> RoomView {
    let room = &entry.room;
    let status = match &room.state {
        RoomState::Joined => RoomStatus::Joined,
        RoomState::Joining => RoomStatus::Joining,
        other => RoomStatus::NotJoined(entry.problem.clone().or_else(|| ended_reason(other))),
    };
    let own = room.own.as_ref();
    let role = own.map(|o| o.role).unwrap_or_default();
    let affiliation = own.map(|o| o.affiliation).unwrap_or_default();
    let cannot_write = match status {
        RoomStatus::Joined if !role.has_voice() => Some(CannotWrite::NoVoice),
        RoomStatus::Joined => None,
        RoomStatus::Joining => Some(CannotWrite::Joining),
        RoomStatus::NotJoined(ref reason) => Some(CannotWrite::NotIn(reason.clone())),
    };
    let private = entry.features.members_only && entry.features.non_anonymous;
    RoomView {
        jid: room.jid.to_string(),
        name: entry
            .known
            .name
            .as_deref()
            .map(|n| clean_text(n, MAX_NICK_CHARS, false)),
        nick: clean_nick(&room.nick),
        status,
        cannot_write,
        subject: room
            .subject
            .as_deref()
            .map(|s| clean_text(s, MAX_SUBJECT_CHARS, false)),
        occupant_count: room.occupant_count(),
        affiliation: affiliation.as_str().to_owned(),
        role: role.as_str().to_owned(),
        can_manage: matches!(affiliation, Affiliation::Owner | Affiliation::Admin),
        members_only: entry.features.members_only,
        private,
    }
}

/// Occupants by role (moderators first) then nick, capped at [`OCCUPANTS_SHOWN`], with the total.
pub(crate) fn occupant_views(room: &Room) -> (Vec<OccupantView>, usize) {
    let rank = |role: Role| match role {
        Role::Moderator => 0,
        Role::Participant => 1,
        Role::Visitor => 2,
        Role::None => 3,
    };
    let mut all: Vec<_> = room.own.iter().chain(room.occupants.values()).collect();
    all.sort_by(|a, b| rank(a.role).cmp(&rank(b.role)).then(a.nick.cmp(&b.nick)));
    let total = all.len();
    let shown = all
        .into_iter()
        .take(OCCUPANTS_SHOWN)
        .map(|o| OccupantView {
            nick: clean_nick(&o.nick),
            jid: o.jid.as_ref().map(|j| j.to_bare().to_string()),
            role: o.role.as_str().to_owned(),
            affiliation: o.affiliation.as_str().to_owned(),
        })
        .collect();
    (shown, total)
}

/// Why we are no longer in a room, for the user; `None` when we simply left.
pub(crate) fn ended_reason(state: &RoomState) -> Option<GroupEnded> {
    let cleaned = |reason: &Option<String>| {
        reason
            .as_deref()
            .map(|r| clean_text(r, MAX_SUBJECT_CHARS, false))
    };
    use xmpp_protocol::stanza::ErrorCondition as E;
    Some(match state {
        RoomState::Joining | RoomState::Joined | RoomState::Left => return None,
        RoomState::Kicked { reason } => GroupEnded::Kicked {
            reason: cleaned(reason),
        },
        RoomState::Banned { reason } => GroupEnded::Banned {
            reason: cleaned(reason),
        },
        RoomState::Destroyed { reason, .. } => GroupEnded::Closed {
            reason: cleaned(reason),
        },
        RoomState::Removed => GroupEnded::Removed,
        RoomState::NickConflict => GroupEnded::NickConflict,
        RoomState::Refused(E::RegistrationRequired) => GroupEnded::MembersOnly,
        RoomState::Refused(E::Forbidden) => GroupEnded::Forbidden,
        RoomState::Refused(E::NotAuthorized) => GroupEnded::NeedsPassword,
        RoomState::Refused(E::ItemNotFound) => GroupEnded::NotFound,
        RoomState::Refused(E::NotAllowed) => GroupEnded::CreationNotAllowed,
        RoomState::Refused(E::ServiceUnavailable) => GroupEnded::Full,
        RoomState::Refused(other) => GroupEnded::Refused {
            condition: other.to_string(),
        },
    })
}
