//! The groups part of the UI state: rooms, their occupants and the invitations inbox.

use chat_client::ClientEvent;
use leptos::prelude::*;

use crate::i18n::{tf, Msg};
use crate::state::AppState;

impl AppState {
    pub(crate) fn apply_groups(&self, event: ClientEvent) {
        match event {
            ClientEvent::Rooms(rooms) => self
                .rooms
                .set(rooms.into_iter().map(|r| (r.jid.clone(), r)).collect()),
            ClientEvent::Occupants {
                room,
                occupants,
                total,
            } => self.occupants.update(|all| {
                all.insert(room, (occupants, total));
            }),
            ClientEvent::Invitations(list) => self.invitations.set(list),
            ClientEvent::GroupReaders { room, readers } => self.group_readers.update(|all| {
                all.insert(room, readers);
            }),
            ClientEvent::RoomMembers { room, members } => self.room_members.update(|all| {
                all.insert(room, members);
            }),
            ClientEvent::RoomSettings { room, settings } => self.room_settings.update(|all| {
                all.insert(room, settings);
            }),
            ClientEvent::RoomDirectory { rooms, problem } => self.directory.set(Some((
                rooms,
                problem.map(|reason| {
                    tf(
                        Msg::DirectoryRefused,
                        &[("reason", &crate::notices::refusal_text(&reason))],
                    )
                }),
            ))),
            _ => {}
        }
    }

    /// The title of a private chat with a group's occupant: "nick (in Group)"; `None` for
    /// other chats.
    pub fn private_chat_title(&self, id: &chat_store::ConversationId) -> Option<String> {
        let occupant = chat_client::private_chat_occupant(id)?;
        let room = self.room_title(&occupant.to_bare().to_string());
        Some(format!(
            "{} (in {room})",
            chat_client::clean_nick(occupant.resource())
        ))
    }

    /// A group's display name: its title, else its address.
    pub fn room_title(&self, jid: &str) -> String {
        self.rooms
            .with(|rooms| rooms.get(jid).and_then(|r| r.name.clone()))
            .unwrap_or_else(|| jid.to_owned())
    }
}
