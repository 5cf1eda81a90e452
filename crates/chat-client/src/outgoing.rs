//! Sending: every message is stored as pending first, so nothing typed is lost if the
//! connection drops before it leaves.

use chat_store::{
    Changes, ConversationId, DeliveryState, Direction, Message, MessageEncryption, MessageMeta,
    Millis, ReplyTo, Store,
};
use xmpp_protocol::chat_states::ChatState;
use xmpp_protocol::markers::Marker;
use xmpp_protocol::{BareJid, Jid};

use crate::client::Client;
use crate::error::ClientError;
use crate::ids::random_id;
use crate::incoming::upsert_conversation;

impl<S: Store> Client<S> {
    /// Stores `body` for `conversation` and sends it now if online (otherwise on reconnect).
    pub async fn send_message(
        &mut self,
        conversation: &ConversationId,
        body: &str,
        now: Millis,
    ) -> Result<Message, ClientError> {
        self.send_message_with(conversation, body, None, now).await
    }

    /// [`Client::send_message`], disappearing after `timer_ms` if that is shorter than the
    /// chat's own retention ("send this one as disappearing").
    pub async fn send_message_with(
        &mut self,
        conversation: &ConversationId,
        body: &str,
        timer_ms: Option<u64>,
        now: Millis,
    ) -> Result<Message, ClientError> {
        self.queue_message(conversation, body, timer_ms, None, now)
            .await
    }

    /// Stores a new message (a reply when `reply` says to what) and sends it when online.
    pub(crate) async fn queue_message(
        &mut self,
        conversation: &ConversationId,
        body: &str,
        timer_ms: Option<u64>,
        reply: Option<ReplyTo>,
        now: Millis,
    ) -> Result<Message, ClientError> {
        let own = self
            .account
            .as_ref()
            .map(|a| a.jid.clone())
            .ok_or(ClientError::NotLoggedIn)?;
        let id = random_id();
        let message = Message {
            id: id.clone(),
            conversation: conversation.clone(),
            direction: Direction::Out,
            sender: own,
            body: body.to_owned(),
            timestamp: now,
            origin_id: Some(id),
            stanza_id: None,
            state: DeliveryState::Pending,
            encryption: MessageEncryption::Plain,
            expires_at: None,
            meta: MessageMeta {
                reply,
                ..MessageMeta::default()
            },
        };
        let mut changes = Changes::default();
        let mut conversation_row = self.conversation_for_update(conversation, &changes).await?;
        // Two messages sent within the same millisecond still keep their order.
        let mut message = message;
        message.timestamp = crate::ingest::place_after(now, conversation_row.last_activity);
        message.expires_at = self.outgoing_expiry(&conversation_row, timer_ms, message.timestamp);
        conversation_row.last_activity = conversation_row.last_activity.max(message.timestamp);
        conversation_row.draft.clear();
        upsert_conversation(&mut changes, conversation_row);
        changes.message_upserts.push(message.clone());
        // Saved as pending before it leaves: a crash between the two keeps it in the outbox.
        self.save(changes).await?;
        let mut changes = Changes::default();
        let sent = self.send_routed(message, now, &mut changes).await?;
        self.save(changes).await?;
        // Without stream management the session acknowledges at once; record that now.
        self.drain_session(now).await?;
        Ok(sent)
    }

    /// Sends every pending message (after a reconnect), oldest first.
    pub(crate) async fn flush_outbox(
        &mut self,
        now: Millis,
        changes: &mut Changes,
    ) -> Result<(), ClientError> {
        for message in self.store.pending_messages().await? {
            self.send_routed(message, now, changes).await?;
        }
        Ok(())
    }

    /// Hands a pending message to the session. It stays pending until the server acknowledges
    /// it (XEP-0198), so a drop before that sends it again, with the same origin-id.
    pub(crate) fn transmit(&mut self, mut message: Message, changes: &mut Changes) -> Message {
        if !self.is_online() {
            return message;
        }
        let Ok(to) = message.conversation.jid.parse::<BareJid>() else {
            message.state = DeliveryState::Failed(chat_store::SendFailure::InvalidRecipient.into());
            changes.message_upserts.push(message.clone());
            return message;
        };
        let mut stanza = xmpp_protocol::Message::chat(Jid::Bare(to), &message.body, &message.id);
        if let Some(reply) = crate::replies::outgoing_reply(&message) {
            stanza.body = Some(reply.body);
            stanza.payloads.extend(reply.payloads);
        }
        // A shared file's link: XEP-0066 tells other clients to show the file, not the URL.
        let is_file =
            crate::media::shared_media(&message.body).is_some() && message.body.starts_with("http");
        if is_file {
            stanza.payloads.push(
                (&xmpp_protocol::upload::OutOfBand {
                    url: message.body.trim().to_owned(),
                })
                    .into(),
            );
        }
        self.hand_over(&message, stanza);
        message
    }

    /// Sends the stanza of a pending message, asking for receipts and read markers. It stays
    /// pending until the server acknowledges it (XEP-0198).
    pub(crate) fn hand_over(&mut self, message: &Message, mut stanza: xmpp_protocol::Message) {
        // Ask for "delivered" (XEP-0184) and "read" (XEP-0333) so the sender sees both.
        stanza.payloads.extend([
            Marker::ReceiptRequest.into(),
            Marker::Markable.into(),
            ChatState::Active.into(),
        ]);
        stanza.payloads.extend(self.ephemeral_payloads(message));
        self.sync.typing.insert(message.conversation.clone(), false);
        if let Some(session) = self.session.as_mut() {
            self.sync
                .in_flight
                .insert(message.id.clone(), message.conversation.clone());
            session.send_message(stanza);
        }
    }
}
