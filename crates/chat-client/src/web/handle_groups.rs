//! The UI's group commands: join, create, leave, invite, answer invitations, set the subject.
//! Rooms, occupants and invitations come back as `ClientEvent`s.

use futures::channel::oneshot;

use super::driver::{Command, Input};
use super::groups::{GroupCommand, GroupReply, SettingsStep};
use super::handle::ClientHandle;
use crate::ClientError;
use crate::{Affiliation, GroupPreset, Role};

impl ClientHandle {
    async fn ask_groups<T>(
        &self,
        make: impl FnOnce(GroupReply<T>) -> GroupCommand,
    ) -> Result<T, ClientError> {
        let (reply, answer) = oneshot::channel();
        let _ = self
            .inputs
            .unbounded_send(Input::Command(Command::Groups(make(reply))));
        answer.await.unwrap_or(Err(ClientError::ShuttingDown))
    }

    pub async fn join_room(
        &self,
        room: String,
        nick: Option<String>,
        password: Option<String>,
    ) -> Result<(), ClientError> {
        self.ask_groups(|reply| GroupCommand::Join {
            room,
            nick,
            password,
            reply,
        })
        .await
    }

    /// Creates a group; answers with its address.
    pub async fn create_group(
        &self,
        name: String,
        preset: GroupPreset,
    ) -> Result<String, ClientError> {
        self.ask_groups(|reply| GroupCommand::Create {
            name,
            preset,
            reply,
        })
        .await
    }

    pub async fn leave_room(&self, room: String) -> Result<(), ClientError> {
        self.ask_groups(|reply| GroupCommand::Leave { room, reply })
            .await
    }

    pub async fn invite_to_room(
        &self,
        room: String,
        jid: String,
        reason: Option<String>,
    ) -> Result<(), ClientError> {
        self.ask_groups(|reply| GroupCommand::Invite {
            room,
            jid,
            reason,
            reply,
        })
        .await
    }

    pub async fn accept_invitation(&self, room: String) -> Result<(), ClientError> {
        self.ask_groups(|reply| GroupCommand::Accept { room, reply })
            .await
    }

    pub async fn decline_invitation(&self, room: String) -> Result<(), ClientError> {
        self.ask_groups(|reply| GroupCommand::Decline { room, reply })
            .await
    }

    pub async fn set_room_subject(&self, room: String, subject: String) -> Result<(), ClientError> {
        self.ask_groups(|reply| GroupCommand::SetSubject {
            room,
            subject,
            reply,
        })
        .await
    }

    /// Opens the private chat with `nick` in `room`.
    pub async fn open_private_chat(
        &self,
        room: String,
        nick: String,
    ) -> Result<chat_store::ConversationId, ClientError> {
        self.ask_groups(|reply| GroupCommand::OpenPrivateChat { room, nick, reply })
            .await
    }

    /// Gives or takes voice, moderation, or kicks (`Role::None`) occupant `nick`.
    pub async fn set_room_role(
        &self,
        room: String,
        nick: String,
        role: Role,
        reason: Option<String>,
    ) -> Result<(), ClientError> {
        self.ask_groups(|reply| GroupCommand::SetRole {
            room,
            nick,
            role,
            reason,
            reply,
        })
        .await
    }

    /// Makes `jid` a member, admin or owner, bans them (`Affiliation::Outcast`) or removes
    /// their affiliation (`Affiliation::None`).
    pub async fn set_room_affiliation(
        &self,
        room: String,
        jid: String,
        affiliation: Affiliation,
        reason: Option<String>,
    ) -> Result<(), ClientError> {
        self.ask_groups(|reply| GroupCommand::SetAffiliation {
            room,
            jid,
            affiliation,
            reason,
            reply,
        })
        .await
    }

    /// Reads the room's owners, admins, members and banned.
    pub async fn request_room_members(&self, room: String) -> Result<(), ClientError> {
        self.ask_groups(|reply| GroupCommand::RequestMembers { room, reply })
            .await
    }

    /// Opens an owner's room settings; the form arrives as `ClientEvent::RoomSettings`.
    pub async fn open_room_settings(&self, room: String) -> Result<(), ClientError> {
        self.room_settings(room, SettingsStep::Open).await
    }

    /// Saves the edited settings; the outcome arrives as `ClientEvent::RoomSettings`.
    pub async fn save_room_settings(
        &self,
        room: String,
        form: crate::DataForm,
    ) -> Result<(), ClientError> {
        self.room_settings(room, SettingsStep::Save(Box::new(form)))
            .await
    }

    /// Closes the settings without saving.
    pub async fn cancel_room_settings(&self, room: String) -> Result<(), ClientError> {
        self.room_settings(room, SettingsStep::Cancel).await
    }

    async fn room_settings(&self, room: String, step: SettingsStep) -> Result<(), ClientError> {
        self.ask_groups(|reply| GroupCommand::Settings { room, step, reply })
            .await
    }

    /// Asks the room to remove message `message_id` for everyone (moderators only).
    pub async fn moderate_message(
        &self,
        room: String,
        message_id: String,
        reason: Option<String>,
    ) -> Result<(), ClientError> {
        self.ask_groups(|reply| GroupCommand::Moderate {
            room,
            message_id,
            reason,
            reply,
        })
        .await
    }

    /// Lists the server's public groups (they arrive as `ClientEvent::RoomDirectory`).
    pub async fn browse_rooms(&self) -> Result<(), ClientError> {
        self.ask_groups(|reply| GroupCommand::Browse { reply })
            .await
    }

    /// Asks the listed groups in view how many people are in them.
    pub fn describe_rooms(&self, rooms: Vec<String>) {
        let _ = self.inputs.unbounded_send(Input::Command(Command::Groups(
            GroupCommand::DescribeRooms(rooms),
        )));
    }

    /// Asks for the occupant list of `room` (it arrives as `ClientEvent::Occupants`).
    pub fn show_occupants(&self, room: String) {
        let _ = self.inputs.unbounded_send(Input::Command(Command::Groups(
            GroupCommand::ShowOccupants(room),
        )));
    }
}
