//! Corrections, retractions and reactions in groups (XEP-0308, XEP-0424, XEP-0444 as used in
//! MUC). They travel as `groupchat` messages to the room. A correction names the original's own
//! id; a retraction or reaction names the id the room gave the message (its stanza-id), the only
//! id every occupant shares. Only the occupant who wrote a message may correct or retract it;
//! authorship is the nick the room stamped on both (or, for our own, the occupant-id the room
//! gives us), so a nick taken over after its owner left could still claim old messages of that
//! nick: rooms that send occupant-ids make our own messages certain, others' best effort.

use chat_store::Store;
use chat_store::{Changes, ConversationId, ConversationKind, Direction, Message, Millis, Reaction};
use xmpp_protocol::BareJid;

use super::views::clean_nick;
use crate::client::Client;
use crate::edits::{edit_in, peer_id, Edit};
use crate::error::ClientError;

/// The id an edit or reaction names `message` by: in a group the room's stanza-id (which
/// exists once the room has reflected the message), elsewhere the sender's id.
pub(crate) fn referenced_id(message: &Message) -> Result<String, ClientError> {
    match message.conversation.kind {
        ConversationKind::Direct => Ok(peer_id(message)),
        ConversationKind::Group => message
            .stanza_id
            .clone()
            .ok_or(ClientError::Input(crate::InputProblem::NoGroupIdYet)),
    }
}

/// Who sent a group message, as the room told us.
pub(crate) struct GroupSender<'a> {
    pub room: &'a BareJid,
    pub nick: &'a str,
    pub occupant_id: Option<&'a str>,
    pub ours: bool,
}

impl<S: Store> Client<S> {
    /// Applies `message` if it edits or reacts to an earlier message of the room; returns
    /// whether it was such a message (then it is never stored as a message of its own, not even
    /// when its target is unknown or the sender may not change it).
    pub(crate) async fn apply_group_edit(
        &mut self,
        message: &xmpp_protocol::Message,
        sender: &GroupSender<'_>,
        archived: bool,
        stamp: Option<Millis>,
        now: Millis,
        changes: &mut Changes,
    ) -> Result<bool, ClientError> {
        let Some(edit) = edit_in(message) else {
            return Ok(false);
        };
        let conversation = ConversationId::group(sender.room.to_string());
        let named = edit.target_id();
        // Others' messages are stored under the room's id or "nick/id" when it gave none.
        let nick_form = format!("{}/{named}", sender.nick);
        let Some(mut target) = self
            .known_message_by_any(&conversation, &[named, nick_form.as_str()], changes)
            .await?
        else {
            return Ok(true);
        };
        let same_author = if sender.ours {
            target.direction == Direction::Out
        } else {
            target.direction == Direction::In && target.sender == clean_nick(sender.nick)
        };
        match edit {
            Edit::React(reactions) => {
                // Ours under our address, as when we react here, so the two never add up.
                let who = match (sender.ours, self.own_bare()) {
                    (true, Some(own)) => own.to_string(),
                    _ => clean_nick(sender.nick),
                };
                target.meta.reactions.retain(|r| r.sender != who);
                if !reactions.emojis.is_empty() {
                    target.meta.reactions.push(Reaction {
                        sender: who,
                        emojis: reactions.emojis,
                    });
                }
            }
            _ if !same_author || target.meta.retracted => return Ok(true),
            Edit::Retract(_) => {
                target.body.clear();
                target.meta.retracted = true;
                target.meta.reactions.clear();
            }
            Edit::Correct(_) => {
                let opened = self
                    .open_group_message(
                        message,
                        sender.room,
                        sender.nick,
                        sender.occupant_id,
                        sender.ours,
                        archived,
                        stamp,
                        now,
                        changes,
                    )
                    .await?;
                let Some((body, _, payloads)) = opened
                    .into_parts(message)
                    .filter(|(body, _, _)| !body.trim().is_empty())
                else {
                    return Ok(true);
                };
                let (body, _) =
                    crate::replies::read_reply(body, &payloads, ConversationKind::Group);
                target.body = body;
                target.meta.edited_at = Some(stamp.unwrap_or(now));
            }
        }
        changes
            .message_upserts
            .retain(|m| !(m.conversation == target.conversation && m.id == target.id));
        changes.message_upserts.push(target);
        Ok(true)
    }
}
