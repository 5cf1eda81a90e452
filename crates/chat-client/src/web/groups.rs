//! The driver's group commands: each calls the client and answers the UI with the outcome.

use chat_store::Store;
use futures::channel::oneshot;

use super::driver::Driver;
use super::now;
use crate::{ClientError, GroupPreset};

pub(crate) type GroupReply<T = ()> = oneshot::Sender<Result<T, String>>;

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
    /// Sends the current occupant list as an event (when a room is opened).
    ShowOccupants(String),
}

fn answer<T>(reply: GroupReply<T>, result: Result<T, ClientError>) {
    let _ = reply.send(result.map_err(|e| e.to_string()));
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
            GroupCommand::ShowOccupants(room) => {
                if let Ok(jid) = room.parse() {
                    client.emit_occupants(&jid);
                }
            }
        }
    }
}
