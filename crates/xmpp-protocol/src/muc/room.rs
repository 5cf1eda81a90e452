//! One room as seen by one occupant: a pure state machine fed the room's presences.
//!
//! `Joining` → `Joined` on our self-presence (status 110), then `Left`, `Kicked`, `Banned`,
//! `Destroyed` or `Removed` from a self-unavailable presence; a join can fail with a nick
//! conflict or a refusal. Our own role says whether we may write (visitors in moderated
//! rooms may not), our affiliation what we may manage.

use std::collections::BTreeMap;

use super::{Affiliation, MucUser, OccupantId, Role, StatusCode};
use crate::jid::{BareJid, Jid};
use crate::stanza::{ErrorCondition, Presence, PresenceKind};

/// Occupants beyond this many are not tracked (a presence flood must not exhaust memory);
/// the count still says how many there are.
pub const MAX_OCCUPANTS: usize = 10_000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RoomState {
    Joining,
    Joined,
    /// We left (or the join was cancelled).
    Left,
    Kicked {
        reason: Option<String>,
    },
    Banned {
        reason: Option<String>,
    },
    Destroyed {
        alternate: Option<BareJid>,
        reason: Option<String>,
    },
    /// Removed because of an affiliation change, the room becoming members-only or a shutdown.
    Removed,
    /// Our nick is taken: join again with another.
    NickConflict,
    /// The room refused the join (members only, banned, password, does not exist...).
    Refused(ErrorCondition),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occupant {
    pub nick: String,
    /// The real JID when the room shows it to us.
    pub jid: Option<Jid>,
    pub affiliation: Affiliation,
    pub role: Role,
    pub occupant_id: Option<String>,
}

/// What changed, for the client to act on or show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RoomEvent {
    /// The join completed; `created` when it created the room (configure it now).
    Joined { created: bool },
    /// The occupant list (or our own occupant) changed.
    OccupantsChanged,
    /// We are no longer in the room; `state` says why.
    Ended(RoomState),
    /// The service gave us another nick than we asked for, or our nick change went through.
    NickChanged(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Room {
    pub jid: BareJid,
    /// Our nick: the one asked for until the room confirms one.
    pub nick: String,
    pub state: RoomState,
    /// Everyone else, by nick.
    pub occupants: BTreeMap<String, Occupant>,
    /// Ourselves once joined.
    pub own: Option<Occupant>,
    /// Real JIDs are visible to everyone (status 100): a prerequisite for OMEMO.
    pub non_anonymous: bool,
    pub subject: Option<String>,
}

impl Room {
    pub fn new(jid: BareJid, nick: impl Into<String>) -> Self {
        Self {
            jid,
            nick: nick.into(),
            state: RoomState::Joining,
            occupants: BTreeMap::new(),
            own: None,
            non_anonymous: false,
            subject: None,
        }
    }

    /// Starts a new join (after leaving, a conflict or a lost connection).
    pub fn rejoin(&mut self, nick: impl Into<String>) {
        self.nick = nick.into();
        self.state = RoomState::Joining;
        self.occupants.clear();
        self.own = None;
    }

    pub fn is_joined(&self) -> bool {
        self.state == RoomState::Joined
    }

    /// Whether a message we send would be accepted: joined and not a visitor.
    pub fn can_write(&self) -> bool {
        self.is_joined() && self.own.as_ref().is_some_and(|own| own.role.has_voice())
    }

    pub fn own_affiliation(&self) -> Affiliation {
        self.own.as_ref().map(|o| o.affiliation).unwrap_or_default()
    }

    /// How many occupants including ourselves.
    pub fn occupant_count(&self) -> usize {
        self.occupants.len() + usize::from(self.own.is_some())
    }

    /// A subject change from the room (an empty one clears it).
    pub fn set_subject(&mut self, subject: &str) {
        self.subject = (!subject.is_empty()).then(|| subject.to_owned());
    }

    /// Feeds a presence from the room. Presences from elsewhere are ignored.
    pub fn handle_presence(&mut self, presence: &Presence) -> Vec<RoomEvent> {
        let Some(Jid::Full(from)) = presence.from.as_ref() else {
            return Vec::new();
        };
        if from.as_bare() != &self.jid {
            return Vec::new();
        }
        let nick = from.resource().to_owned();
        if presence.kind == PresenceKind::Error {
            return self.join_error(presence);
        }
        let Some(Ok(user)) = presence.find_payload::<MucUser>() else {
            return Vec::new();
        };
        let occupant_id = presence
            .find_payload::<OccupantId>()
            .and_then(Result::ok)
            .map(|id| id.0);
        let is_self = user.has(StatusCode::SELF_PRESENCE);
        match presence.kind {
            PresenceKind::Available => self.available(nick, &user, occupant_id, is_self),
            PresenceKind::Unavailable if is_self => self.self_unavailable(&user),
            PresenceKind::Unavailable => {
                if self.occupants.remove(&nick).is_some() {
                    vec![RoomEvent::OccupantsChanged]
                } else {
                    Vec::new()
                }
            }
            _ => Vec::new(),
        }
    }

    fn join_error(&mut self, presence: &Presence) -> Vec<RoomEvent> {
        if self.state != RoomState::Joining {
            return Vec::new();
        }
        let condition = presence
            .error
            .as_ref()
            .map(|e| e.condition.clone())
            .unwrap_or(ErrorCondition::UndefinedCondition);
        self.state = if condition == ErrorCondition::Conflict {
            RoomState::NickConflict
        } else {
            RoomState::Refused(condition)
        };
        vec![RoomEvent::Ended(self.state.clone())]
    }

    fn available(
        &mut self,
        nick: String,
        user: &MucUser,
        occupant_id: Option<String>,
        is_self: bool,
    ) -> Vec<RoomEvent> {
        let item = user.item.clone().unwrap_or_default();
        let occupant = Occupant {
            nick: nick.clone(),
            jid: item.jid,
            affiliation: item.affiliation,
            role: item.role,
            occupant_id,
        };
        if !is_self {
            if self.occupants.len() >= MAX_OCCUPANTS && !self.occupants.contains_key(&nick) {
                return Vec::new();
            }
            self.occupants.insert(nick, occupant);
            return vec![RoomEvent::OccupantsChanged];
        }
        let mut events = Vec::new();
        if user.has(StatusCode::NON_ANONYMOUS) {
            self.non_anonymous = true;
        }
        if nick != self.nick {
            self.nick = nick.clone();
            events.push(RoomEvent::NickChanged(nick));
        }
        self.own = Some(occupant);
        if self.state != RoomState::Joined {
            self.state = RoomState::Joined;
            events.push(RoomEvent::Joined {
                created: user.has(StatusCode::ROOM_CREATED),
            });
        }
        events.push(RoomEvent::OccupantsChanged);
        events
    }

    fn self_unavailable(&mut self, user: &MucUser) -> Vec<RoomEvent> {
        let item = user.item.clone().unwrap_or_default();
        if user.has(StatusCode::NICK_CHANGED) {
            // The available presence with the new nick follows.
            if let Some(new) = item.nick {
                self.nick = new;
            }
            return Vec::new();
        }
        self.state = if let Some(destroy) = &user.destroy {
            RoomState::Destroyed {
                alternate: destroy.alternate.clone(),
                reason: destroy.reason.clone(),
            }
        } else if user.has(StatusCode::BANNED) {
            RoomState::Banned {
                reason: item.reason,
            }
        } else if user.has(StatusCode::KICKED) {
            RoomState::Kicked {
                reason: item.reason,
            }
        } else if [
            StatusCode::REMOVED_AFFILIATION,
            StatusCode::REMOVED_MEMBERS_ONLY,
            StatusCode::REMOVED_SHUTDOWN,
        ]
        .iter()
        .any(|code| user.has(*code))
        {
            RoomState::Removed
        } else {
            RoomState::Left
        };
        self.occupants.clear();
        self.own = None;
        vec![RoomEvent::Ended(self.state.clone())]
    }
}

#[cfg(test)]
#[path = "room_tests.rs"]
mod tests;
