//! The invitations inbox: direct and mediated invitations, live, from offline storage and from
//! the archive, kept until accepted (which joins) or declined.

use chat_store::{Changes, Millis, Store};
use serde::{Deserialize, Serialize};
use xmpp_protocol::disco::DiscoInfo;
use xmpp_protocol::muc::invite::decline_message;
use xmpp_protocol::muc::Invitation;
use xmpp_protocol::profile::clean_text;
use xmpp_protocol::{BareJid, ErrorCondition, Iq, Jid, StanzaError};

use super::commands::parse_room;
use super::iq::{Answer, GroupRequest};
use super::{HANDLED_INVITATIONS_KEY, INVITATIONS_KEY};
use crate::client::Client;
use crate::contacts::write_json;
use crate::error::ClientError;
use crate::events::ClientEvent;
use crate::ids::random_id;

/// The inbox keeps this many invitations (newest win); a flood cannot grow storage.
const MAX_INVITATIONS: usize = 100;
/// How many handled invitation ids are remembered.
const MAX_HANDLED: usize = 500;
const MAX_REASON_CHARS: usize = 500;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupInvitation {
    pub room: String,
    pub inviter: String,
    #[serde(default)]
    pub reason: Option<String>,
    #[serde(default)]
    pub password: Option<String>,
    /// Relayed by the room (declined through it) rather than sent directly.
    #[serde(default)]
    pub mediated: bool,
    pub received_at: Millis,
    /// The stanza or archive id it came with, so a copy from the archive is not a new one.
    pub id: String,
}

impl<S: Store> Client<S> {
    /// If `message` is an invitation, files it and returns true (it is not a chat message).
    /// `id` names this copy (archive id or stanza id); `stamp` is when it was sent.
    pub(crate) fn take_invitation(
        &mut self,
        message: &xmpp_protocol::Message,
        own: &BareJid,
        id: Option<&str>,
        stamp: Millis,
        now: Millis,
        changes: &mut Changes,
    ) -> bool {
        let Some(parsed) = Invitation::from_message(message) else {
            return false;
        };
        let invitation = match parsed {
            Ok(invitation) => invitation,
            Err(error) => {
                self.events.push_back(ClientEvent::Dropped(format!(
                    "a malformed invitation was dropped: {error}"
                )));
                return true;
            }
        };
        // Our own invitations (carbons and archive copies of what we sent) are not for us.
        if &invitation.inviter == own || message.from.as_ref().is_some_and(|f| f.as_bare() == own) {
            return true;
        }
        let room = invitation.room.to_string();
        let key = id
            .map(str::to_owned)
            .or_else(|| message.id.clone())
            .unwrap_or_else(|| format!("{room}@{stamp}"));
        let already_in = self
            .groups
            .rooms
            .get(&invitation.room)
            .is_some_and(|e| e.room.is_joined());
        if already_in || self.groups.handled.contains(&key) {
            return true;
        }
        let entry = GroupInvitation {
            room: room.clone(),
            inviter: invitation.inviter.to_string(),
            reason: invitation
                .reason
                .as_deref()
                .map(|r| clean_text(r, MAX_REASON_CHARS, true))
                .filter(|r| !r.is_empty()),
            password: invitation.password,
            mediated: invitation.mediated,
            received_at: stamp,
            id: key,
        };
        // One entry per room: the newest invitation replaces an older one.
        self.groups.invitations.retain(|i| i.room != room);
        self.groups.invitations.push(entry);
        self.groups.invitations.sort_by_key(|i| i.received_at);
        let excess = self
            .groups
            .invitations
            .len()
            .saturating_sub(MAX_INVITATIONS);
        self.groups.invitations.drain(..excess);
        write_json(changes, INVITATIONS_KEY, &self.groups.invitations);
        self.emit_invitations();
        // Anyone can send an invitation to a room that does not exist: ask the room.
        if let Ok(room) = parse_room(&room) {
            let iq = xmpp_protocol::Iq::get(
                Some(xmpp_protocol::Jid::Bare(room.clone())),
                crate::ids::random_id(),
                xmpp_protocol::disco::DiscoInfo::request(None),
            );
            self.send_group_iq(iq, super::iq::GroupRequest::CheckInvitation { room }, now);
        }
        true
    }

    /// The room of an invitation does not exist: it was forged (or the room is gone).
    pub(crate) fn drop_invitation_to(&mut self, room: &BareJid, changes: &mut Changes) {
        let room = room.to_string();
        let before = self.groups.invitations.len();
        self.groups.invitations.retain(|i| i.room != room);
        if self.groups.invitations.len() != before {
            write_json(changes, INVITATIONS_KEY, &self.groups.invitations);
            self.emit_invitations();
            self.events.push_back(ClientEvent::Dropped(format!(
                "an invitation to {room}, which does not exist, was dropped"
            )));
        }
    }

    pub(crate) fn emit_invitations(&mut self) {
        self.events
            .push_back(ClientEvent::Invitations(self.groups.invitations.clone()));
    }

    fn take_from_inbox(&mut self, room: &str, changes: &mut Changes) -> Option<GroupInvitation> {
        let index = self
            .groups
            .invitations
            .iter()
            .position(|i| i.room == room)?;
        let invitation = self.groups.invitations.remove(index);
        self.groups.handled.push(invitation.id.clone());
        let excess = self.groups.handled.len().saturating_sub(MAX_HANDLED);
        self.groups.handled.drain(..excess);
        write_json(changes, INVITATIONS_KEY, &self.groups.invitations);
        write_json(changes, HANDLED_INVITATIONS_KEY, &self.groups.handled);
        self.emit_invitations();
        Some(invitation)
    }

    /// Accepts the invitation to `room`: joins it (with the password it carried).
    pub async fn accept_invitation(&mut self, room: &str, now: Millis) -> Result<(), ClientError> {
        let mut changes = Changes::default();
        let invitation = self.take_from_inbox(room, &mut changes);
        self.save(changes).await?;
        let password = invitation.and_then(|i| i.password);
        // Joining a room that does not exist would create it: an invitation anyone can forge
        // would then make us the owner of an empty room. The room is asked about first.
        let jid = parse_room(room)?;
        let iq = Iq::get(
            Some(Jid::Bare(jid.clone())),
            random_id(),
            DiscoInfo::request(None),
        );
        let purpose = GroupRequest::InvitedRoom {
            room: jid,
            password: password.clone(),
        };
        if self.send_group_iq(iq, purpose, now) {
            return Ok(());
        }
        self.join_room(room, None, password.as_deref(), now).await
    }

    /// The invited room's answer: join it, unless it does not exist.
    pub(super) async fn on_invited_room(
        &mut self,
        room: &BareJid,
        password: Option<String>,
        answer: Answer<'_>,
        now: Millis,
    ) -> Result<(), ClientError> {
        let missing = matches!(
            answer,
            Err(Some(StanzaError {
                condition: ErrorCondition::ItemNotFound | ErrorCondition::RemoteServerNotFound,
                ..
            }))
        );
        if missing {
            self.notice(crate::Notice::InvitationRoomGone {
                room: room.to_string(),
            });
            return Ok(());
        }
        self.join_room(&room.to_string(), None, password.as_deref(), now)
            .await
    }

    /// Declines the invitation to `room`; a mediated one is declined through the room so the
    /// inviter hears of it.
    pub async fn decline_invitation(&mut self, room: &str) -> Result<(), ClientError> {
        let mut changes = Changes::default();
        let invitation = self.take_from_inbox(room, &mut changes);
        self.save(changes).await?;
        if let Some(invitation) = invitation.filter(|i| i.mediated) {
            let (Ok(room), Ok(inviter)) =
                (parse_room(&invitation.room), invitation.inviter.parse())
            else {
                return Ok(());
            };
            if let Some(session) = self.session.as_mut() {
                session.send_message(decline_message(&room, &inviter, None));
            }
        }
        Ok(())
    }
}
