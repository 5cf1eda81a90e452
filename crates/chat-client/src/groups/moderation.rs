//! Moderation of group messages (XEP-0425): a moderator asks the room to remove someone's
//! message by its archive id, in the version the room's disco#info names; the room's
//! announcement (only believed from the room's own address) removes it here, marked as
//! removed by a moderator.

use chat_store::{Changes, ConversationId, Millis, Store};
use xmpp_protocol::muc::moderation::{moderate_request, moderated_in};
use xmpp_protocol::profile::clean_text;
use xmpp_protocol::{BareJid, Iq, Jid};

use super::commands::parse_room;
use super::iq::{Answer, GroupRequest};
use crate::client::Client;
use crate::error::ClientError;
use crate::ids::random_id;

const MAX_REASON_CHARS: usize = 500;

impl<S: Store> Client<S> {
    /// Asks `room` to remove message `message_id` (ours or anyone's) for everyone.
    pub async fn moderate_message(
        &mut self,
        room: &str,
        message_id: &str,
        reason: Option<&str>,
        now: Millis,
    ) -> Result<(), ClientError> {
        let room = parse_room(room)?;
        let entry = self
            .groups
            .rooms
            .get(&room)
            .filter(|e| e.room.is_joined())
            .ok_or(ClientError::Input(crate::InputProblem::JoinGroupFirst))?;
        let version = entry
            .features
            .moderation
            .ok_or(ClientError::Input(crate::InputProblem::NoModeration))?;
        let conversation = ConversationId::group(room.to_string());
        let changes = Changes::default();
        let stanza_id = self
            .known_message(&conversation, message_id, &changes)
            .await?
            .and_then(|m| m.stanza_id)
            .ok_or(ClientError::Input(crate::InputProblem::NoGroupIdYet))?;
        let reason = reason
            .map(|r| clean_text(r, MAX_REASON_CHARS, true))
            .filter(|r| !r.trim().is_empty());
        let iq = Iq::set(
            Some(Jid::Bare(room.clone())),
            random_id(),
            moderate_request(version, &stanza_id, reason.as_deref()),
        );
        if self.send_group_iq(iq, GroupRequest::Moderate { room }, now) {
            Ok(())
        } else {
            Err(ClientError::NotConnected)
        }
    }

    pub(crate) fn on_moderate_answer(&mut self, room: &BareJid, answer: Answer<'_>) {
        let Err(error) = answer else {
            return;
        };
        self.notice(crate::Notice::MessageNotRemoved {
            room: room.to_string(),
            why: crate::GroupRefusal::from_error(error),
        });
    }

    /// A room's announcement that a moderator removed a message; returns whether it was one.
    /// Only the room itself (its bare address) may announce it: an occupant cannot.
    pub(crate) async fn apply_moderation(
        &mut self,
        message: &xmpp_protocol::Message,
        room: &BareJid,
        changes: &mut Changes,
    ) -> Result<bool, ClientError> {
        let Some(found) = moderated_in(&message.payloads) else {
            return Ok(false);
        };
        let from_room = matches!(&message.from, Some(Jid::Bare(from)) if from == room);
        let Ok(moderated) = found else {
            return Ok(true);
        };
        if !from_room {
            return Ok(true);
        }
        let conversation = ConversationId::group(room.to_string());
        let Some(mut target) = self
            .known_message(&conversation, &moderated.target, changes)
            .await?
        else {
            return Ok(true);
        };
        // Only the room's own id names the message: a sender-chosen id could hit another one.
        if target.stanza_id.as_deref() != Some(moderated.target.as_str()) {
            return Ok(true);
        }
        target.body.clear();
        target.meta.retracted = true;
        target.meta.reactions.clear();
        target.meta.moderated = Some(
            moderated
                .reason
                .map(|r| clean_text(&r, MAX_REASON_CHARS, false))
                .unwrap_or_default(),
        );
        changes.message_upserts.retain(|m| m.id != target.id);
        changes.message_upserts.push(target);
        Ok(true)
    }
}
