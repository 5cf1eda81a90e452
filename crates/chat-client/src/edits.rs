//! Changing a message after it was sent: corrections (XEP-0308), retractions (XEP-0424) and
//! reactions (XEP-0444), sent and received. A correction or retraction is accepted only from the
//! message's own sender; corrections in encrypted chats carry their new text encrypted.

use chat_store::{
    Changes, ConversationId, ConversationKind, Direction, Message, MessageEncryption, Millis,
    Reaction, Store,
};
use xmpp_protocol::correction::Replace;
use xmpp_protocol::reactions::Reactions;
use xmpp_protocol::retraction::{Retract, FALLBACK_BODY};
use xmpp_protocol::xml::Element;
use xmpp_protocol::{ns, BareJid, Jid, MessageKind};

use crate::client::Client;
use crate::error::ClientError;
use crate::ids::random_id;
use crate::omemo::Opened;

/// What a received message changes, if it is an edit.
pub(crate) enum Edit {
    Correct(Replace),
    Retract(Retract),
    React(Reactions),
}

impl Edit {
    /// The id the edit names its message by.
    pub(crate) fn target_id(&self) -> &str {
        match self {
            Edit::Correct(replace) => &replace.id,
            Edit::Retract(retract) => &retract.id,
            Edit::React(reactions) => &reactions.id,
        }
    }
}

pub(crate) fn edit_in(message: &xmpp_protocol::Message) -> Option<Edit> {
    message.payloads.iter().find_map(|payload| {
        if let Ok(replace) = Replace::try_from(payload) {
            return Some(Edit::Correct(replace));
        }
        if let Ok(retract) = Retract::try_from(payload) {
            return Some(Edit::Retract(retract));
        }
        Reactions::try_from(payload).ok().map(Edit::React)
    })
}

/// Whether `message` edits or reacts to an earlier one.
pub(crate) fn is_edit(message: &xmpp_protocol::Message) -> bool {
    edit_in(message).is_some()
}

/// The id the other side knows a message by (what its edits and reactions name).
pub(crate) fn peer_id(message: &Message) -> String {
    message.origin_id.clone().unwrap_or_else(|| {
        message
            .id
            .split_once('/')
            .map_or_else(|| message.id.clone(), |(_, id)| id.to_owned())
    })
}

impl<S: Store> Client<S> {
    /// Applies `message` if it edits an earlier one; returns whether it did (then it is not
    /// stored as a message of its own). Edits from anyone but the original sender are dropped.
    pub(crate) async fn apply_edit(
        &mut self,
        message: &xmpp_protocol::Message,
        own: &BareJid,
        stamp: Option<Millis>,
        now: Millis,
        changes: &mut Changes,
    ) -> Result<bool, ClientError> {
        let Some(edit) = edit_in(message) else {
            return Ok(false);
        };
        let from_us = message
            .from
            .as_ref()
            .is_none_or(|from| from.as_bare() == own);
        let Some(peer) = crate::ingest::other_party(message, own) else {
            return Ok(true);
        };
        let conversation = ConversationId::direct(peer.to_string());
        let Some(mut target) = self
            .known_target(&conversation, edit.target_id(), changes)
            .await?
        else {
            return Ok(true);
        };
        let own_message = target.direction == Direction::Out;
        match edit {
            Edit::React(reactions) => {
                let sender = if from_us {
                    own.to_string()
                } else {
                    peer.to_string()
                };
                target.meta.reactions.retain(|r| r.sender != sender);
                if !reactions.emojis.is_empty() {
                    target.meta.reactions.push(Reaction {
                        sender,
                        emojis: reactions.emojis,
                    });
                }
            }
            // Only the sender of the original may change it.
            _ if own_message != from_us || target.meta.retracted => return Ok(true),
            Edit::Retract(_) => {
                target.body.clear();
                target.meta.retracted = true;
                target.meta.reactions.clear();
            }
            Edit::Correct(_) => {
                let sender = if from_us { own.clone() } else { peer.clone() };
                let recipient = if from_us { peer.clone() } else { own.clone() };
                let opened = match self
                    .open_omemo(message, &sender, &recipient, stamp, now, changes)
                    .await?
                {
                    Opened::Plain => message.body.clone().map(|b| (b, message.payloads.clone())),
                    Opened::Content {
                        body,
                        encryption: MessageEncryption::Omemo { .. },
                        payloads,
                    } => Some((body, payloads)),
                    Opened::Content { .. } | Opened::Nothing => None,
                };
                let Some((body, payloads)) = opened.filter(|(b, _)| !b.trim().is_empty()) else {
                    return Ok(true);
                };
                // A corrected reply quotes its original again: keep only the new text.
                let (body, _) =
                    crate::replies::read_reply(body, &payloads, target.conversation.kind);
                target.body = body;
                target.meta.edited_at = Some(stamp.unwrap_or(now));
            }
        }
        changes.message_upserts.retain(|m| m.id != target.id);
        changes.message_upserts.push(target);
        Ok(true)
    }

    async fn known_target(
        &self,
        conversation: &ConversationId,
        id: &str,
        changes: &Changes,
    ) -> Result<Option<Message>, ClientError> {
        if let Some(found) = self.known_message(conversation, id, changes).await? {
            return Ok(Some(found));
        }
        let raw = format!("{}/{id}", conversation.jid);
        Ok(self.store.find_message(conversation, &raw).await?)
    }

    /// Replaces the text of one of our messages (XEP-0308), on every device of both sides.
    pub async fn correct_message(
        &mut self,
        conversation: &ConversationId,
        id: &str,
        body: &str,
        now: Millis,
    ) -> Result<(), ClientError> {
        let target = self.own_target(conversation, id).await?;
        if body.trim().is_empty() {
            return Err(crate::InputProblem::EmptyCorrection.into());
        }
        let to: BareJid = conversation
            .jid
            .parse()
            .map_err(|e| ClientError::InvalidJid(format!("{e}")))?;
        let mut changes = Changes::default();
        let encrypted = match conversation.kind {
            chat_store::ConversationKind::Group => {
                self.encrypt_group_text_now(&to, body, now, &mut changes)
                    .await
            }
            chat_store::ConversationKind::Direct => {
                match self.encryption_now(conversation, now).await {
                    Ok(Some(version)) => self
                        .encrypt_text(&to, body, version, now, &mut changes)
                        .map(|(encrypted, _)| Some(encrypted))
                        .map_err(ClientError::NotSent),
                    Ok(None) => Ok(None),
                    Err(error) => Err(error),
                }
            }
        }?;
        let mut stanza = self.edit_stanza(
            &to,
            conversation.kind,
            Replace {
                id: peer_id(&target),
            }
            .into(),
        );
        match encrypted {
            Some(encrypted) => encrypted.attach_to(&mut stanza),
            None => stanza.body = Some(body.to_owned()),
        }
        self.send_edit(stanza)?;
        let mut target = target;
        target.body = body.to_owned();
        target.meta.edited_at = Some(now);
        changes.message_upserts.push(target);
        self.save(changes).await
    }

    /// Takes back one of our messages (XEP-0424): it disappears here and for clients that
    /// support it; others show a note that it was retracted.
    pub async fn retract_message(
        &mut self,
        conversation: &ConversationId,
        id: &str,
    ) -> Result<(), ClientError> {
        let mut target = self.own_target(conversation, id).await?;
        let to: BareJid = conversation
            .jid
            .parse()
            .map_err(|e| ClientError::InvalidJid(format!("{e}")))?;
        let mut stanza = self.edit_stanza(
            &to,
            conversation.kind,
            Element::from(&Retract {
                id: crate::groups::referenced_id(&target)?,
            }),
        );
        stanza.body = Some(FALLBACK_BODY.to_owned());
        self.send_edit(stanza)?;
        target.body.clear();
        target.meta.retracted = true;
        target.meta.reactions.clear();
        self.save(Changes {
            message_upserts: vec![target],
            ..Changes::default()
        })
        .await
    }

    /// Sets our reactions to a message (an empty list removes them).
    pub async fn react(
        &mut self,
        conversation: &ConversationId,
        id: &str,
        emojis: Vec<String>,
    ) -> Result<(), ClientError> {
        let own = self.own_bare().ok_or(ClientError::NotLoggedIn)?;
        let mut target = self
            .store
            .find_message(conversation, id)
            .await?
            .ok_or(ClientError::Input(crate::InputProblem::MessageGone))?;
        let to: BareJid = conversation
            .jid
            .parse()
            .map_err(|e| ClientError::InvalidJid(format!("{e}")))?;
        let reactions = Reactions {
            id: crate::groups::referenced_id(&target)?,
            emojis,
        };
        let parsed = Reactions::try_from(&Element::from(&reactions)).map_err(|e| {
            ClientError::Input(crate::InputProblem::Unacceptable {
                detail: e.to_string(),
            })
        })?;
        self.send_edit(self.edit_stanza(&to, conversation.kind, Element::from(&parsed)))?;
        target
            .meta
            .reactions
            .retain(|r| r.sender != own.to_string());
        if !parsed.emojis.is_empty() {
            target.meta.reactions.push(Reaction {
                sender: own.to_string(),
                emojis: parsed.emojis,
            });
        }
        self.save(Changes {
            message_upserts: vec![target],
            ..Changes::default()
        })
        .await
    }

    async fn own_target(
        &self,
        conversation: &ConversationId,
        id: &str,
    ) -> Result<Message, ClientError> {
        let target = self
            .store
            .find_message(conversation, id)
            .await?
            .ok_or(ClientError::Input(crate::InputProblem::MessageGone))?;
        if target.direction != Direction::Out || target.meta.retracted {
            return Err(crate::InputProblem::NotOwnMessage.into());
        }
        Ok(target)
    }

    fn edit_stanza(
        &self,
        to: &BareJid,
        kind: ConversationKind,
        payload: Element,
    ) -> xmpp_protocol::Message {
        let id = random_id();
        let mut stanza = xmpp_protocol::Message {
            to: Some(Jid::Bare(to.clone())),
            id: Some(id.clone()),
            kind: match kind {
                ConversationKind::Direct => MessageKind::Chat,
                ConversationKind::Group => MessageKind::Groupchat,
            },
            origin_id: Some(id),
            ..Default::default()
        };
        stanza.payloads.push(payload);
        // Archived, so the change reaches devices that catch up later.
        stanza.payloads.push(Element::new("store", ns::HINTS));
        stanza
    }

    fn send_edit(&mut self, stanza: xmpp_protocol::Message) -> Result<(), ClientError> {
        let session = self
            .session
            .as_mut()
            .filter(|s| s.state() == xmpp_protocol::SessionState::Online)
            .ok_or(ClientError::NotConnected)?;
        session.send_message(stanza);
        Ok(())
    }
}
