//! Browsing the rooms of the server's MUC service: the service's disco#items (found through
//! the domain's disco, `conference.DOMAIN` until then), and each listed room's disco#info only
//! when the UI shows it, since a service can list thousands.

use std::collections::HashSet;

use chat_store::Millis;
use chat_store::Store;
use xmpp_protocol::disco::{disco_items, disco_items_request, DiscoInfo};
use xmpp_protocol::muc::directory::{is_muc_service, listed_rooms, room_summary, ListedRoom};
use xmpp_protocol::profile::clean_text;
use xmpp_protocol::{BareJid, Iq, Jid};

use super::iq::{Answer, GroupRequest};
use crate::client::Client;
use crate::error::ClientError;
use crate::events::ClientEvent;
use crate::ids::random_id;

/// Most rooms kept from one listing; the UI pages through them.
pub const MAX_LISTED_ROOMS: usize = 5000;
/// Most room descriptions asked for at once (one page of the browser).
const MAX_DESCRIBED_AT_ONCE: usize = 50;
const MAX_NAME_CHARS: usize = 100;
const MAX_DESCRIPTION_CHARS: usize = 300;

/// A room of the directory as the UI shows it; names and descriptions are cleaned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DirectoryRoom {
    pub jid: String,
    pub name: Option<String>,
    pub description: Option<String>,
    /// How many are in it, once its disco#info said.
    pub occupants: Option<u32>,
}

/// The listing of the MUC service during this page's life.
#[derive(Default)]
pub(crate) struct Directory {
    /// The MUC service found through the domain's disco#items.
    pub service: Option<String>,
    pub rooms: Vec<DirectoryRoom>,
    /// Rooms whose disco#info was asked already (answered or not).
    pub described: HashSet<String>,
    pub problem: Option<crate::Refusal>,
}

fn directory_room(listed: ListedRoom) -> DirectoryRoom {
    DirectoryRoom {
        jid: listed.jid.to_string(),
        name: listed.name.map(|n| clean_text(&n, MAX_NAME_CHARS, false)),
        description: None,
        occupants: None,
    }
}

impl<S: Store> Client<S> {
    /// Remembers `jid` as the MUC service when its disco#info says so (the domain's services
    /// are asked about once per login, for uploads and this).
    pub(crate) fn note_muc_service(&mut self, jid: &str, info: &DiscoInfo) {
        if self.groups.directory.service.is_none() && is_muc_service(info) {
            self.groups.directory.service = Some(jid.to_owned());
        }
    }

    /// The MUC service rooms are created on and listed from.
    pub(crate) fn muc_service(&self) -> Option<String> {
        self.groups.directory.service.clone().or_else(|| {
            self.own_bare()
                .map(|own| format!("conference.{}", own.domain()))
        })
    }

    /// Asks the MUC service for its rooms; they arrive as [`ClientEvent::RoomDirectory`].
    pub fn browse_rooms(&mut self, now: Millis) -> Result<(), ClientError> {
        let service = self.muc_service().ok_or(ClientError::NotLoggedIn)?;
        let to: Jid = service
            .parse()
            .map_err(|e| ClientError::InvalidJid(format!("{e}")))?;
        let iq = Iq::get(Some(to), random_id(), disco_items_request());
        if !self.send_group_iq(iq, GroupRequest::Directory, now) {
            return Err(ClientError::NotConnected);
        }
        Ok(())
    }

    /// Asks the rooms the UI shows (and not asked before) for their name and occupant count.
    pub fn describe_rooms(&mut self, rooms: &[String], now: Millis) {
        let wanted: Vec<BareJid> = rooms
            .iter()
            .filter(|room| !self.groups.directory.described.contains(*room))
            .filter_map(|room| room.parse().ok())
            .take(MAX_DESCRIBED_AT_ONCE)
            .collect();
        for room in wanted {
            self.groups.directory.described.insert(room.to_string());
            let iq = Iq::get(
                Some(Jid::Bare(room.clone())),
                random_id(),
                DiscoInfo::request(None),
            );
            self.send_group_iq(iq, GroupRequest::DirectoryInfo { room }, now);
        }
    }

    pub(crate) fn on_directory(&mut self, answer: Answer<'_>) {
        let directory = &mut self.groups.directory;
        match answer {
            Ok(Some(payload)) => {
                let items = disco_items(payload, MAX_LISTED_ROOMS).unwrap_or_default();
                let mut rooms: Vec<DirectoryRoom> = listed_rooms(items)
                    .into_iter()
                    .map(directory_room)
                    .collect();
                rooms.sort_by(|a, b| a.jid.cmp(&b.jid));
                rooms.dedup_by(|a, b| a.jid == b.jid);
                directory.rooms = rooms;
                directory.described.clear();
                directory.problem = None;
            }
            Ok(None) => {
                directory.rooms.clear();
                directory.problem = None;
            }
            Err(error) => {
                directory.problem = Some(crate::Refusal::from_error(error));
            }
        }
        self.emit_directory();
    }

    pub(crate) fn on_directory_info(&mut self, room: &BareJid, answer: Answer<'_>) {
        let Some(summary) = answer
            .ok()
            .flatten()
            .map(DiscoInfo::try_from)
            .and_then(Result::ok)
            .map(|info| room_summary(&info))
        else {
            return;
        };
        let jid = room.to_string();
        let Some(entry) = self
            .groups
            .directory
            .rooms
            .iter_mut()
            .find(|r| r.jid == jid)
        else {
            return;
        };
        if let Some(name) = summary.name.filter(|n| *n != jid) {
            entry.name = Some(clean_text(&name, MAX_NAME_CHARS, false));
        }
        entry.description = summary
            .description
            .map(|d| clean_text(&d, MAX_DESCRIPTION_CHARS, false));
        entry.occupants = summary.occupants;
        self.emit_directory();
    }

    fn emit_directory(&mut self) {
        let directory = &self.groups.directory;
        self.events.push_back(ClientEvent::RoomDirectory {
            rooms: directory.rooms.clone(),
            problem: directory.problem.clone(),
        });
    }

    /// The rooms of the last listing.
    pub fn room_directory(&self) -> &[DirectoryRoom] {
        &self.groups.directory.rooms
    }
}
