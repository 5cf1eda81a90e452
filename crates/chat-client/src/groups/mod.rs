//! Groups (XEP-0045 rooms): joining, creating with presets, group messages, the invitations
//! inbox and bookmarks (XEP-0402) that make rooms follow the account across devices.
//!
//! Each room's occupant state is the pure [`Room`] machine of `xmpp-protocol`; this module
//! feeds it, stores messages, and tells the UI. Small persistent state (known rooms and the
//! invitations inbox) lives in `Store` settings as JSON under `groups.*`.
//!
//! Private groups (members-only, non-anonymous) are end-to-end encrypted with OMEMO for every
//! member's devices (`omemo_group`); other rooms cannot be, and their messages are plaintext.

mod bookmarks;
mod browse;
mod commands;
mod group_edits;
mod invitations;
mod iq;
mod legacy_bookmarks;
mod messages;
mod moderation;
mod omemo_group;
mod private_messages;
mod roles;
mod room_settings;
mod views;

use std::collections::BTreeMap;

use chat_store::{Changes, Millis, Store};
use serde::{Deserialize, Serialize};
use xmpp_protocol::muc::room::{Room, RoomEvent, RoomState};
use xmpp_protocol::muc::RoomPreset;
use xmpp_protocol::{BareJid, Presence};

use crate::client::Client;
use crate::contacts::{read_json, write_json};
use crate::error::ClientError;
use crate::events::ClientEvent;

pub(crate) use group_edits::referenced_id;

pub use browse::{DirectoryRoom, MAX_LISTED_ROOMS};
pub use invitations::GroupInvitation;
pub use omemo_group::GroupReader;
pub use private_messages::{private_chat_id, private_chat_occupant};
pub use roles::RoomMember;
pub use room_settings::{RoomSettings, SettingsProblem};
pub use views::clean_nick;
pub use views::{GroupPreset, OccupantView, RoomStatus, RoomView, OCCUPANTS_SHOWN};

use iq::GroupRequest;

const ROOMS_KEY: &str = "groups.rooms";
const INVITATIONS_KEY: &str = "groups.invitations";
const HANDLED_INVITATIONS_KEY: &str = "groups.invitations.handled";

/// A room the account takes part in, as remembered across reloads.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct KnownRoom {
    pub jid: String,
    pub nick: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub password: Option<String>,
}

/// What the room's disco#info says about it (XEP-0045 §6.4).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct RoomFeatures {
    pub known: bool,
    pub members_only: bool,
    pub non_anonymous: bool,
    pub moderated: bool,
    pub public: bool,
    /// Which XEP-0425 version the room takes for removing messages, if any.
    pub moderation: Option<xmpp_protocol::muc::moderation::ModerationVersion>,
}

/// One room during this page's life.
pub(crate) struct RoomEntry {
    pub room: Room,
    pub known: KnownRoom,
    pub features: RoomFeatures,
    /// Set while a room we created waits for its configuration.
    pub create: Option<(RoomPreset, String)>,
    /// Why we are not in the room, in words for the UI.
    pub problem: Option<crate::notices::GroupEnded>,
    /// The affiliation lists, once the member-list editor asked for them.
    pub members: roles::Members,
}

impl RoomEntry {
    /// A room we are not in (yet), as remembered.
    pub fn new(room: Room, known: KnownRoom) -> Self {
        Self {
            room,
            known,
            features: RoomFeatures::default(),
            create: None,
            problem: None,
            members: Default::default(),
        }
    }
}

#[derive(Default)]
pub(crate) struct GroupsState {
    pub loaded: bool,
    pub rooms: BTreeMap<BareJid, RoomEntry>,
    pub invitations: Vec<GroupInvitation>,
    /// Ids of invitations already accepted or declined, so the archive does not bring them back.
    pub handled: Vec<String>,
    pub pending: std::collections::HashMap<String, GroupRequest>,
    /// Members of private groups, for encrypting to them and reading their messages.
    pub members: std::collections::HashMap<BareJid, omemo_group::GroupMembers>,
    pub directory: browse::Directory,
    /// Presence floods coalesce: what changed is shown once per batch of frames.
    pub rooms_changed: bool,
    pub occupants_changed: std::collections::BTreeSet<BareJid>,
    /// The XEP-0048 bookmarks in private storage, when the account had any: kept in step
    /// with joins and leaves for clients that only read those.
    pub legacy_bookmarks: Option<Vec<xmpp_protocol::muc::Bookmark>>,
}

impl<S: Store> Client<S> {
    /// Loads the remembered rooms and inbox once per account and shows them.
    pub(crate) async fn load_groups(&mut self) -> Result<(), ClientError> {
        if self.groups.loaded {
            return Ok(());
        }
        self.groups.loaded = true;
        let rooms: Vec<KnownRoom> =
            read_json(self.store.setting(ROOMS_KEY).await?).unwrap_or_default();
        for known in rooms {
            let Ok(jid) = known.jid.parse::<BareJid>() else {
                continue;
            };
            let mut room = Room::new(jid.clone(), known.nick.clone());
            room.state = RoomState::Left;
            self.groups.rooms.insert(jid, RoomEntry::new(room, known));
        }
        self.groups.invitations =
            read_json(self.store.setting(INVITATIONS_KEY).await?).unwrap_or_default();
        self.groups.handled =
            read_json(self.store.setting(HANDLED_INVITATIONS_KEY).await?).unwrap_or_default();
        self.emit_rooms();
        self.emit_invitations();
        Ok(())
    }

    /// Online: join every remembered room again and read the bookmarks for the others.
    pub(crate) async fn groups_online(&mut self, now: Millis) -> Result<(), ClientError> {
        self.load_groups().await?;
        self.groups.pending.clear();
        self.rejoin_rooms(now);
        self.fetch_bookmarks(now);
        self.fetch_legacy_bookmarks(now);
        Ok(())
    }

    /// Sends the join presence of every room we are meant to be in.
    pub(crate) fn rejoin_rooms(&mut self, now: Millis) {
        let rooms: Vec<BareJid> = self.groups.rooms.keys().cloned().collect();
        for jid in rooms {
            self.send_join(&jid, now);
        }
        self.emit_rooms();
    }

    /// The connection is gone: the rooms will have to be joined again.
    pub(crate) fn groups_session_ended(&mut self) {
        self.groups.pending.clear();
        for entry in self.groups.rooms.values_mut() {
            if entry.room.is_joined() || entry.room.state == RoomState::Joining {
                let nick = entry.room.nick.clone();
                entry.room.rejoin(nick);
            }
        }
        self.emit_rooms();
    }

    /// A presence from one of our rooms; returns false for everyone else's.
    pub(crate) async fn on_group_presence(
        &mut self,
        presence: &Presence,
        now: Millis,
        changes: &mut Changes,
    ) -> Result<bool, ClientError> {
        let Some(room_jid) = presence.from.as_ref().map(|f| f.to_bare()) else {
            return Ok(false);
        };
        let Some(entry) = self.groups.rooms.get_mut(&room_jid) else {
            return Ok(false);
        };
        let events = entry.room.handle_presence(presence);
        for event in events {
            match event {
                RoomEvent::Joined { created } => {
                    if let Some(entry) = self.groups.rooms.get_mut(&room_jid) {
                        entry.problem = None;
                    }
                    self.on_room_joined(&room_jid, created, now, changes)
                        .await?;
                }
                RoomEvent::Ended(state) => self.on_room_ended(&room_jid, &state, now),
                RoomEvent::NickChanged(nick) => {
                    if let Some(entry) = self.groups.rooms.get_mut(&room_jid) {
                        entry.known.nick = nick;
                    }
                    self.persist_rooms(changes);
                }
                RoomEvent::OccupantsChanged => {
                    self.remember_occupants(&room_jid, now);
                    self.groups.occupants_changed.insert(room_jid.clone());
                }
            }
        }
        self.groups.rooms_changed = true;
        Ok(true)
    }

    /// Shows what the presences of one batch of frames changed: the rooms once, and each
    /// changed room's occupants once, however many presences arrived (a join of a big room
    /// or a flood is thousands).
    pub(crate) fn flush_group_views(&mut self) {
        for room in std::mem::take(&mut self.groups.occupants_changed) {
            self.emit_occupants(&room);
        }
        if std::mem::take(&mut self.groups.rooms_changed) {
            self.emit_rooms();
        }
    }

    async fn on_room_joined(
        &mut self,
        room: &BareJid,
        created: bool,
        now: Millis,
        changes: &mut Changes,
    ) -> Result<(), ClientError> {
        self.ensure_group_conversation(room, changes).await?;
        let create = self
            .groups
            .rooms
            .get_mut(room)
            .and_then(|entry| entry.create.take());
        match (created, create) {
            (true, Some((preset, name))) => self.request_config_form(room, preset, name, now),
            (true, None) => self.send_instant_room(room, now),
            (false, Some(_)) => self.notice(crate::Notice::GroupAlreadyExists {
                room: room.to_string(),
            }),
            (false, None) => {}
        }
        self.request_room_info(room, now);
        self.request_room_history(room, now).await?;
        self.flush_room_outbox(room, now, changes).await?;
        self.flush_private_outbox(room, changes).await
    }

    fn on_room_ended(&mut self, room: &BareJid, state: &RoomState, now: Millis) {
        let problem = views::ended_reason(state);
        if *state == RoomState::NickConflict {
            // Try once more with a suffix: a second device of ours, or someone else, has the nick.
            if let Some(entry) = self.groups.rooms.get_mut(room) {
                let nick = format!("{}_{}", entry.known.nick, &crate::ids::random_id()[..4]);
                entry.room.rejoin(nick);
                entry.problem = None;
            }
            self.send_join_with_current_nick(room, now);
            return;
        }
        if let Some(entry) = self.groups.rooms.get_mut(room) {
            entry.problem = problem.clone();
        }
        if let Some(ended) = problem {
            self.notice(crate::notices::Notice::GroupEnded(ended));
        }
    }

    pub(crate) fn persist_rooms(&mut self, changes: &mut Changes) {
        let rooms: Vec<KnownRoom> = self
            .groups
            .rooms
            .values()
            .map(|entry| entry.known.clone())
            .collect();
        write_json(changes, ROOMS_KEY, &rooms);
    }

    pub(crate) fn emit_rooms(&mut self) {
        let rooms = self.groups.rooms.values().map(views::room_view).collect();
        self.events.push_back(ClientEvent::Rooms(rooms));
    }

    pub(crate) fn emit_occupants(&mut self, room: &BareJid) {
        let Some(entry) = self.groups.rooms.get(room) else {
            return;
        };
        let (occupants, total) = views::occupant_views(&entry.room);
        self.events.push_back(ClientEvent::Occupants {
            room: room.to_string(),
            occupants,
            total,
        });
    }
}

impl<S: Store> Client<S> {
    /// The rooms as the UI sees them.
    pub fn rooms(&self) -> Vec<RoomView> {
        self.groups.rooms.values().map(views::room_view).collect()
    }

    /// The invitations inbox, oldest first.
    pub fn invitations(&self) -> &[GroupInvitation] {
        &self.groups.invitations
    }

    /// A room's occupants (capped) and their total.
    pub fn occupants(&self, room: &str) -> (Vec<OccupantView>, usize) {
        room.parse::<BareJid>()
            .ok()
            .and_then(|jid| self.groups.rooms.get(&jid))
            .map(|entry| views::occupant_views(&entry.room))
            .unwrap_or_default()
    }
}
