//! Private messages to a room's occupants (XEP-0045 §7.5): `type='chat'` to `room@service/nick`
//! with an empty `muc#user` element. Each occupant's private chat is a direct conversation whose
//! address is the occupant's full JID (`ConversationId::direct("room@service/nick")`), so it is
//! stored, paged and listed like any chat and never mixed with the room or a contact's chat.
//! They are plaintext: the occupant's real address (and so their keys) may be unknown.

use chat_store::{Changes, Conversation, ConversationId, DeliveryState, Message, Store};
use xmpp_protocol::muc::occupant_jid;
use xmpp_protocol::xml::Element;
use xmpp_protocol::{ns, FullJid, Jid};

use crate::client::Client;
use crate::error::ClientError;
use crate::incoming::upsert_conversation;

/// The conversation of the private chat with `nick` in `room`.
pub fn private_chat_id(room: &str, nick: &str) -> Result<ConversationId, ClientError> {
    let room = super::commands::parse_room(room)?;
    let occupant = occupant_jid(&room, nick)
        .map_err(|_| ClientError::Input(crate::InputProblem::NickNotAddressable))?;
    Ok(ConversationId::direct(occupant.to_string()))
}

/// The occupant a conversation is a private chat with, if it is one.
pub fn private_chat_occupant(id: &ConversationId) -> Option<FullJid> {
    if id.kind != chat_store::ConversationKind::Direct {
        return None;
    }
    id.jid.parse::<FullJid>().ok()
}

fn muc_user_marker() -> Element {
    Element::new("x", ns::MUC_USER)
}

impl<S: Store> Client<S> {
    /// Opens (creates if needed) the private chat with `nick` in `room`.
    pub async fn open_private_chat(
        &mut self,
        room: &str,
        nick: &str,
    ) -> Result<ConversationId, ClientError> {
        let id = private_chat_id(room, nick)?;
        if self.store.conversation(&id).await?.is_none() {
            let mut changes = Changes::default();
            upsert_conversation(&mut changes, Conversation::new(id.clone()));
            self.save(changes).await?;
        }
        Ok(id)
    }

    /// The full occupant JID a chat message belongs to when it is a private message in a room:
    /// it carries `muc#user`, or its bare address is one of our rooms.
    pub(crate) fn private_message_peer(
        &self,
        message: &xmpp_protocol::Message,
        from_us: bool,
    ) -> Option<String> {
        let peer = if from_us {
            message.to.as_ref()?
        } else {
            message.from.as_ref()?
        };
        let Jid::Full(full) = peer else {
            return None;
        };
        let marked = message.payloads.iter().any(|p| p.is("x", ns::MUC_USER));
        let in_our_room = self.groups.rooms.contains_key(&full.to_bare());
        (marked || in_our_room).then(|| full.to_string())
    }

    /// Hands a pending private message to the session: plaintext, to the occupant's address.
    pub(crate) fn transmit_private(
        &mut self,
        mut message: Message,
        occupant: FullJid,
        changes: &mut Changes,
    ) -> Message {
        if !self.is_online() {
            return message;
        }
        let joined = self
            .groups
            .rooms
            .get(&occupant.to_bare())
            .is_some_and(|entry| entry.room.is_joined());
        if !joined {
            message.state = DeliveryState::Failed(chat_store::SendFailure::RejoinForPrivate.into());
            changes.message_upserts.retain(|m| m.id != message.id);
            changes.message_upserts.push(message.clone());
            return message;
        }
        let mut stanza =
            xmpp_protocol::Message::chat(Jid::Full(occupant), &message.body, &message.id);
        stanza.payloads.push(muc_user_marker());
        self.hand_over(&message, stanza);
        message
    }

    /// Pending private messages wait for the room's join; this sends them once it is in.
    pub(crate) async fn flush_private_outbox(
        &mut self,
        room: &xmpp_protocol::BareJid,
        changes: &mut Changes,
    ) -> Result<(), ClientError> {
        for message in self.store.pending_messages().await? {
            if let Some(occupant) = private_chat_occupant(&message.conversation) {
                if &occupant.to_bare() == room {
                    self.transmit_private(message, occupant, changes);
                }
            }
        }
        Ok(())
    }
}
