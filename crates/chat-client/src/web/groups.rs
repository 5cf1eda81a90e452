//! The driver's group commands: each calls the client and answers the UI with the outcome.

use chat_store::Store;
use futures::channel::oneshot;

use super::driver::{Command, Driver, Input};
use super::now;
use crate::{Affiliation, ClientError, GroupPreset, Role};

pub(crate) type GroupReply<T = ()> = oneshot::Sender<Result<T, ClientError>>;

pub(crate) enum GroupCommand {
    Join {
        room: String,
        nick: Option<String>,
        password: Option<String>,
        reply: GroupReply,
    },
    Create {
        name: String,
        preset: GroupPreset,
        reply: GroupReply<String>,
    },
    Leave {
        room: String,
        reply: GroupReply,
    },
    Invite {
        room: String,
        jid: String,
        reason: Option<String>,
        reply: GroupReply,
    },
    Accept {
        room: String,
        reply: GroupReply,
    },
    Decline {
        room: String,
        reply: GroupReply,
    },
    SetSubject {
        room: String,
        subject: String,
        reply: GroupReply,
    },
    /// Opens the private chat with an occupant; answers with its conversation.
    OpenPrivateChat {
        room: String,
        nick: String,
        reply: GroupReply<chat_store::ConversationId>,
    },
    /// Voice, moderator or kick (role none) for occupant `nick`.
    SetRole {
        room: String,
        nick: String,
        role: Role,
        reason: Option<String>,
        reply: GroupReply,
    },
    /// Member, admin, owner, ban (outcast) or none for `jid`.
    SetAffiliation {
        room: String,
        jid: String,
        affiliation: Affiliation,
        reason: Option<String>,
        reply: GroupReply,
    },
    /// Reads the room's affiliation lists (they arrive as `ClientEvent::RoomMembers`).
    RequestMembers {
        room: String,
        reply: GroupReply,
    },
    /// Opens, saves or cancels an owner's room settings (the form and the outcome arrive as
    /// `ClientEvent::RoomSettings`).
    Settings {
        room: String,
        step: SettingsStep,
        reply: GroupReply,
    },
    /// Asks the room to remove a message for everyone (moderators).
    Moderate {
        room: String,
        message_id: String,
        reason: Option<String>,
        reply: GroupReply,
    },
    /// Lists the MUC service's rooms (they arrive as `ClientEvent::RoomDirectory`).
    Browse {
        reply: GroupReply,
    },
    /// Asks the listed rooms the browser shows for their occupant counts.
    DescribeRooms(Vec<String>),
    /// Sends the current occupant list as an event (when a room is opened).
    ShowOccupants(String),
    /// XEP-0410: checks that we are still in our rooms.
    SelfPing,
}

/// What an owner does with the room settings dialog.
pub(crate) enum SettingsStep {
    Open,
    Save(Box<xmpp_protocol::dataforms::DataForm>),
    Cancel,
}

/// How often the rooms are asked whether we are still in them.
const SELF_PING_INTERVAL_MS: u32 = 5 * 60 * 1000;

/// Asks for a self-ping of every room now and then, for as long as the page lives.
pub(crate) fn schedule_self_pings(inputs: &futures::channel::mpsc::UnboundedSender<Input>) {
    let inputs = inputs.clone();
    wasm_bindgen_futures::spawn_local(async move {
        loop {
            gloo_timers::future::TimeoutFuture::new(SELF_PING_INTERVAL_MS).await;
            let command = Command::Groups(GroupCommand::SelfPing);
            if inputs.unbounded_send(Input::Command(command)).is_err() {
                return;
            }
        }
    });
}

fn answer<T>(reply: GroupReply<T>, result: Result<T, ClientError>) {
    let _ = reply.send(result);
}

impl<S: Store + 'static> Driver<S> {
    pub(crate) async fn group_command(&mut self, command: GroupCommand) {
        let client = &mut self.client;
        match command {
            GroupCommand::Join {
                room,
                nick,
                password,
                reply,
            } => {
                let result = client
                    .join_room(&room, nick.as_deref(), password.as_deref(), now())
                    .await;
                answer(reply, result);
            }
            GroupCommand::Create {
                name,
                preset,
                reply,
            } => answer(reply, client.create_group(&name, None, preset, now()).await),
            GroupCommand::Leave { room, reply } => {
                answer(reply, client.leave_room(&room, now()).await)
            }
            GroupCommand::Invite {
                room,
                jid,
                reason,
                reply,
            } => {
                let result = client
                    .invite_to_room(&room, &jid, reason.as_deref(), now())
                    .await;
                answer(reply, result);
            }
            GroupCommand::Accept { room, reply } => {
                answer(reply, client.accept_invitation(&room, now()).await)
            }
            GroupCommand::Decline { room, reply } => {
                answer(reply, client.decline_invitation(&room).await)
            }
            GroupCommand::SetSubject {
                room,
                subject,
                reply,
            } => answer(reply, client.set_room_subject(&room, &subject)),
            GroupCommand::OpenPrivateChat { room, nick, reply } => {
                answer(reply, client.open_private_chat(&room, &nick).await)
            }
            GroupCommand::SetRole {
                room,
                nick,
                role,
                reason,
                reply,
            } => {
                let result = client.set_room_role(&room, &nick, role, reason.as_deref(), now());
                answer(reply, result);
            }
            GroupCommand::SetAffiliation {
                room,
                jid,
                affiliation,
                reason,
                reply,
            } => {
                let result = client.set_room_affiliation_with_reason(
                    &room,
                    &jid,
                    affiliation,
                    reason.as_deref(),
                    now(),
                );
                answer(reply, result);
            }
            GroupCommand::RequestMembers { room, reply } => {
                answer(reply, client.request_room_members(&room, now()))
            }
            GroupCommand::Moderate {
                room,
                message_id,
                reason,
                reply,
            } => {
                let result = client
                    .moderate_message(&room, &message_id, reason.as_deref(), now())
                    .await;
                answer(reply, result);
            }
            GroupCommand::Settings { room, step, reply } => {
                let result = match step {
                    SettingsStep::Open => client.request_room_settings(&room, now()),
                    SettingsStep::Save(form) => client.submit_room_settings(&room, &form, now()),
                    SettingsStep::Cancel => client.cancel_room_settings(&room, now()),
                };
                answer(reply, result);
            }
            GroupCommand::Browse { reply } => answer(reply, client.browse_rooms(now())),
            GroupCommand::DescribeRooms(rooms) => client.describe_rooms(&rooms, now()),
            GroupCommand::SelfPing => client.self_ping_rooms(now()),
            GroupCommand::ShowOccupants(room) => {
                if let Ok(jid) = room.parse() {
                    client.emit_occupants(&jid);
                }
            }
        }
    }
}
