//! Delivery receipts (XEP-0184) and chat markers (XEP-0333): our outgoing messages become
//! delivered and read, and reading a chat on one device clears its unread count on the others
//! (our `<displayed/>` reaches them as a carbon).

use chat_store::{Changes, ConversationId, DeliveryState, Direction, Message, Store};
use xmpp_protocol::carbons::CarbonKind;
use xmpp_protocol::markers::Marker;
use xmpp_protocol::{BareJid, Jid, MessageKind};

use crate::client::Client;
use crate::error::ClientError;
use crate::ids::random_id;
use crate::incoming::upsert_conversation;

/// How far back a read marker updates our messages' state: a screenful and then some.
const READ_SCAN: usize = 200;

impl<S: Store> Client<S> {
    /// Applies the receipts and markers `message` carries. `carbon` says whether it is a copy
    /// of another device's traffic. Returns true when the message is only markers (no body).
    pub(crate) async fn apply_markers(
        &mut self,
        message: &xmpp_protocol::Message,
        own: &BareJid,
        carbon: Option<CarbonKind>,
        changes: &mut Changes,
    ) -> Result<bool, ClientError> {
        let markers = Marker::all_in(&message.payloads);
        if markers.is_empty() {
            return Ok(false);
        }
        let from_us = carbon == Some(CarbonKind::Sent);
        let peer = if from_us {
            message.to.as_ref()
        } else {
            message.from.as_ref()
        }
        .map(|jid| jid.as_bare().clone());
        let Some(peer) = peer.filter(|peer| peer != own) else {
            return Ok(!crate::omemo::carries_content(message));
        };
        let conversation = ConversationId::direct(peer.to_string());
        for marker in &markers {
            match (marker, from_us) {
                (Marker::ReceiptReceived(id) | Marker::Received(id), false) => {
                    self.raise_state(&conversation, id, DeliveryState::Delivered, changes)
                        .await?;
                }
                (Marker::Displayed(id) | Marker::Acknowledged(id), false) => {
                    self.raise_state(&conversation, id, DeliveryState::Read, changes)
                        .await?;
                }
                // Another of our devices showed the chat: it is read here too.
                (Marker::Displayed(id), true) => {
                    self.mark_read_elsewhere(&conversation, id, changes).await?
                }
                _ => {}
            }
        }
        Ok(!crate::omemo::carries_content(message))
    }

    /// A live message asks for a receipt: confirm it arrived.
    pub(crate) fn send_receipt(&mut self, message: &xmpp_protocol::Message) {
        let wants_receipt = Marker::all_in(&message.payloads).contains(&Marker::ReceiptRequest);
        let (Some(to), Some(id), true) = (message.from.clone(), message.id.clone(), wants_receipt)
        else {
            return;
        };
        if message.body.is_none() || message.kind == MessageKind::Groupchat {
            return;
        }
        let mut receipt = xmpp_protocol::Message {
            to: Some(to),
            id: Some(random_id()),
            kind: message.kind,
            ..Default::default()
        };
        receipt.payloads.push(Marker::ReceiptReceived(id).into());
        if let Some(session) = self.session.as_mut() {
            session.send_message(receipt);
        }
    }

    /// The user sees `conversation`: tell the peer (and our other devices) what was read.
    pub(crate) fn send_displayed(
        &mut self,
        conversation: &ConversationId,
        newest_incoming: &Message,
    ) {
        self.publish_displayed(conversation, newest_incoming);
        // Rooms get no chat markers: they would go to every occupant.
        if conversation.kind == chat_store::ConversationKind::Group {
            return;
        }
        let Some(id) = marker_id(newest_incoming) else {
            return;
        };
        let Ok(to) = conversation.jid.parse::<BareJid>() else {
            return;
        };
        let mut marker = xmpp_protocol::Message {
            to: Some(Jid::Bare(to)),
            id: Some(random_id()),
            kind: MessageKind::Chat,
            ..Default::default()
        };
        marker.payloads.push(Marker::Displayed(id).into());
        if let Some(session) = self
            .session
            .as_mut()
            .filter(|s| s.state() == xmpp_protocol::SessionState::Online)
        {
            session.send_message(marker);
        }
    }

    /// Our message `id` (and, for read, every earlier one of ours) reached `state`.
    async fn raise_state(
        &mut self,
        conversation: &ConversationId,
        id: &str,
        state: DeliveryState,
        changes: &mut Changes,
    ) -> Result<(), ClientError> {
        let Some(target) = self.store.find_message(conversation, id).await? else {
            return Ok(());
        };
        let mut updated = vec![target.clone()];
        if state == DeliveryState::Read {
            let page = self.store.messages(conversation, None, READ_SCAN).await?;
            updated.extend(
                page.messages
                    .into_iter()
                    .filter(|m| m.order_key() < target.order_key()),
            );
        }
        for mut message in updated
            .into_iter()
            .filter(|m| m.direction == Direction::Out)
        {
            if rank(&message.state) < rank(&state) {
                message.state = state.clone();
                changes.message_upserts.retain(|m| m.id != message.id);
                changes.message_upserts.push(message);
            }
        }
        Ok(())
    }

    async fn mark_read_elsewhere(
        &mut self,
        conversation: &ConversationId,
        id: &str,
        changes: &mut Changes,
    ) -> Result<(), ClientError> {
        let mut row = self.conversation_for_update(conversation, changes).await?;
        if row.unread > 0 || row.last_read.as_deref() != Some(id) {
            row.unread = 0;
            row.last_read = Some(id.to_owned());
            upsert_conversation(changes, row);
        }
        Ok(())
    }

    /// Sends `<displayed/>` for the newest incoming message of `conversation`, if any.
    pub(crate) async fn mark_displayed(
        &mut self,
        conversation: &ConversationId,
    ) -> Result<(), ClientError> {
        self.mark_displayed_with(conversation, &Changes::default())
            .await
    }

    /// Like `mark_displayed`, counting messages `changes` is about to store as the newest.
    pub(crate) async fn mark_displayed_with(
        &mut self,
        conversation: &ConversationId,
        changes: &Changes,
    ) -> Result<(), ClientError> {
        let incoming =
            |m: &&Message| m.direction == Direction::In && &m.conversation == conversation;
        let pending = changes
            .message_upserts
            .iter()
            .filter(incoming)
            .max_by(|a, b| a.order_key().cmp(&b.order_key()))
            .cloned();
        let newest = match pending {
            Some(message) => Some(message),
            None => self
                .store
                .messages(conversation, None, READ_SCAN)
                .await?
                .messages
                .iter()
                .rev()
                .find(incoming)
                .cloned(),
        };
        if let Some(newest) = newest {
            self.send_displayed(conversation, &newest);
        }
        Ok(())
    }
}

/// The id a peer knows its message by: its origin-id (Jibber sends it equal to the stanza id).
fn marker_id(message: &Message) -> Option<String> {
    message
        .origin_id
        .clone()
        .or_else(|| message.id.split_once('/').map(|(_, id)| id.to_owned()))
}

/// Delivery states only move forward: pending < sent < delivered < read.
fn rank(state: &DeliveryState) -> u8 {
    match state {
        DeliveryState::Pending | DeliveryState::Failed(_) | DeliveryState::Received => 0,
        DeliveryState::Sent => 1,
        DeliveryState::Delivered => 2,
        DeliveryState::Read => 3,
    }
}
