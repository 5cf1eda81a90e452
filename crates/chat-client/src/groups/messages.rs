//! Group messages: sending (plaintext, never through the 1:1 OMEMO route), receiving live
//! and from the room's archive, one copy each (the room's stanza-id, then our origin-id:
//! the room reflects what we send, which is how a pending message becomes sent).

use chat_store::{
    Changes, Conversation, ConversationId, DeliveryState, Direction, Message, MessageEncryption,
    Millis, Store,
};
use xmpp_protocol::mam::{ArchiveFin, ArchiveQuery, ArchiveResult};
use xmpp_protocol::muc::{self, OccupantId};
use xmpp_protocol::rsm::ResultSet;
use xmpp_protocol::{ns, BareJid, Iq, Jid, MessageKind};

use super::iq::GroupRequest;
use super::views::clean_nick;
use crate::client::Client;
use crate::error::ClientError;
use crate::ids::random_id;
use crate::incoming::upsert_conversation;
use crate::ingest::Arrival;

/// The newest page a room's history starts from, and the page size when catching up.
const ROOM_NEWEST_PAGE: u32 = 50;
const ROOM_CATCH_UP_PAGE: u32 = 100;
/// How far back stored messages are searched for the newest archive id of a room.
const ARCHIVE_ID_SCAN: usize = 50;

impl<S: Store> Client<S> {
    pub(crate) async fn ensure_group_conversation(
        &mut self,
        room: &BareJid,
        changes: &mut Changes,
    ) -> Result<(), ClientError> {
        let id = ConversationId::group(room.to_string());
        if self.store.conversation(&id).await?.is_none()
            && !changes.conversation_upserts.iter().any(|c| c.id == id)
        {
            upsert_conversation(changes, Conversation::new(id));
        }
        Ok(())
    }

    /// Sends a stored pending message the way its conversation needs: groups to the room.
    pub(crate) async fn send_routed(
        &mut self,
        message: Message,
        now: Millis,
        changes: &mut Changes,
    ) -> Result<Message, ClientError> {
        if let Some(occupant) =
            super::private_messages::private_chat_occupant(&message.conversation)
        {
            return Ok(self.transmit_private(message, occupant, changes));
        }
        match message.conversation.kind {
            chat_store::ConversationKind::Group => Ok(self.transmit_group(message, changes)),
            chat_store::ConversationKind::Direct => self.send_pending(message, now, changes).await,
        }
    }

    /// Hands a group message to the session once we are in the room; visitors' messages fail
    /// with the reason instead of being refused by the room.
    fn transmit_group(&mut self, mut message: Message, changes: &mut Changes) -> Message {
        let online = self
            .session
            .as_ref()
            .is_some_and(|s| s.state() == xmpp_protocol::SessionState::Online);
        let Ok(room) = message.conversation.jid.parse::<BareJid>() else {
            return message;
        };
        let Some(entry) = self.groups.rooms.get(&room) else {
            message.state = DeliveryState::Failed("You are not in this group.".into());
            changes.message_upserts.retain(|m| m.id != message.id);
            changes.message_upserts.push(message.clone());
            return message;
        };
        if !online || !entry.room.is_joined() {
            // Sent once the join completes.
            return message;
        }
        if !entry.room.can_write() {
            message.state = DeliveryState::Failed("You can't write in this group.".into());
            changes.message_upserts.retain(|m| m.id != message.id);
            changes.message_upserts.push(message.clone());
            return message;
        }
        let mut stanza = muc::groupchat_message(&room, &message.body, &message.id);
        if let Some(reply) = crate::replies::outgoing_reply(&message) {
            stanza.body = Some(reply.body);
            stanza.payloads.extend(reply.payloads);
        }
        if let Some(session) = self.session.as_mut() {
            self.sync
                .in_flight
                .insert(message.id.clone(), message.conversation.clone());
            session.send_message(stanza);
        }
        message
    }

    /// Messages typed while we were not (yet) in the room go out once we are.
    pub(crate) async fn flush_room_outbox(
        &mut self,
        room: &BareJid,
        _now: Millis,
        changes: &mut Changes,
    ) -> Result<(), ClientError> {
        let id = ConversationId::group(room.to_string());
        for message in self.store.pending_messages().await? {
            if message.conversation == id {
                self.transmit_group(message, changes);
            }
        }
        Ok(())
    }

    /// After joining: what the room archived since the newest message we have, or its newest
    /// page when we have none.
    pub(crate) async fn request_room_history(
        &mut self,
        room: &BareJid,
        now: Millis,
    ) -> Result<(), ClientError> {
        let conversation = ConversationId::group(room.to_string());
        let page = self
            .store
            .messages(&conversation, None, ARCHIVE_ID_SCAN)
            .await?;
        let newest_archive_id = page.messages.iter().rev().find_map(|m| m.stanza_id.clone());
        let (set, catch_up) = match newest_archive_id {
            Some(id) => (ResultSet::after(id, ROOM_CATCH_UP_PAGE), true),
            None => (ResultSet::before(None, ROOM_NEWEST_PAGE), false),
        };
        self.send_room_archive_query(room, set, catch_up, now);
        Ok(())
    }

    fn send_room_archive_query(
        &mut self,
        room: &BareJid,
        set: ResultSet,
        catch_up: bool,
        now: Millis,
    ) {
        let query_id = random_id();
        let query = ArchiveQuery {
            query_id: query_id.clone(),
            with: None,
            start: None,
            set,
        };
        let iq = Iq::set(Some(Jid::Bare(room.clone())), random_id(), query.into());
        self.send_group_iq(
            iq,
            GroupRequest::Archive {
                room: room.clone(),
                query_id,
                catch_up,
            },
            now,
        );
    }

    pub(crate) async fn on_room_archive_page(
        &mut self,
        room: &BareJid,
        _query_id: &str,
        catch_up: bool,
        fin: Option<ArchiveFin>,
        now: Millis,
        _changes: &mut Changes,
    ) -> Result<(), ClientError> {
        match fin {
            Some(fin) if catch_up && !fin.complete => {
                if let Some(last) = fin.set.last {
                    self.send_room_archive_query(
                        room,
                        ResultSet::after(last, ROOM_CATCH_UP_PAGE),
                        true,
                        now,
                    );
                }
            }
            Some(_) => {}
            None => self
                .events
                .push_back(crate::events::ClientEvent::HistoryUnavailable(format!(
                    "The history of {room} could not be read."
                ))),
        }
        Ok(())
    }

    /// A message from one of our rooms (live or an archive result); returns whether it was one
    /// this module handles. Invitations relayed by a room are left to the inbox.
    pub(crate) async fn on_group_message(
        &mut self,
        message: &xmpp_protocol::Message,
        now: Millis,
        changes: &mut Changes,
    ) -> Result<bool, ClientError> {
        let Some(from) = message.from.as_ref() else {
            return Ok(false);
        };
        let room = from.to_bare();
        if !self.groups.rooms.contains_key(&room) {
            // Groupchat from a room we are not in (left, forgotten): nothing to show.
            return Ok(message.kind == MessageKind::Groupchat);
        }
        if let Some(wrapper) = message.payloads.iter().find(|p| p.is("result", ns::MAM)) {
            let result = ArchiveResult::try_from(wrapper).ok();
            let open = result.as_ref().and_then(|r| {
                self.groups.pending.values().find_map(|p| match p {
                    GroupRequest::Archive {
                        room: asked,
                        query_id,
                        catch_up,
                    } if asked == &room && r.query_id.as_deref() == Some(query_id) => {
                        Some(*catch_up)
                    }
                    _ => None,
                })
            });
            match (result, open, from) {
                (Some(result), Some(catch_up), Jid::Bare(_)) => {
                    let arrival = Arrival::Newest { unread: catch_up };
                    self.store_groupchat(
                        &result.forwarded.message,
                        &room,
                        Some(result.id),
                        result.forwarded.delay,
                        arrival,
                        now,
                        changes,
                    )
                    .await?;
                }
                _ => self.events.push_back(crate::events::ClientEvent::Dropped(
                    "a room archive result nobody asked for was dropped".into(),
                )),
            }
            return Ok(true);
        }
        match message.kind {
            MessageKind::Groupchat => {
                if self.apply_moderation(message, &room, changes).await? {
                    return Ok(true);
                }
                if let Some(subject) = muc::subject_of(message) {
                    if let Some(entry) = self.groups.rooms.get_mut(&room) {
                        entry.room.set_subject(subject);
                    }
                    self.emit_rooms();
                    return Ok(true);
                }
                let archive_id = message
                    .stanza_id_by(&Jid::Bare(room.clone()))
                    .map(str::to_owned);
                self.store_groupchat(
                    message,
                    &room,
                    archive_id,
                    message.delay,
                    Arrival::Newest { unread: true },
                    now,
                    changes,
                )
                .await?;
                Ok(true)
            }
            MessageKind::Error => {
                self.group_send_failed(message, &room, changes).await?;
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    async fn group_send_failed(
        &mut self,
        message: &xmpp_protocol::Message,
        room: &BareJid,
        changes: &mut Changes,
    ) -> Result<(), ClientError> {
        let Some(id) = message.id.as_deref() else {
            return Ok(());
        };
        let conversation = ConversationId::group(room.to_string());
        if let Some(mut sent) = self.known_message(&conversation, id, changes).await? {
            if sent.direction == Direction::Out {
                let condition = message
                    .error
                    .as_ref()
                    .map(|e| e.condition.to_string())
                    .unwrap_or_else(|| "error".into());
                sent.state =
                    DeliveryState::Failed(format!("The group refused this message ({condition})."));
                self.sync.in_flight.remove(&sent.id);
                changes.message_upserts.retain(|m| m.id != sent.id);
                changes.message_upserts.push(sent);
            }
        }
        Ok(())
    }

    /// Stores one group message unless we have it. Ours are recognised by origin-id (the
    /// reflection of what this device sent) or by our nick (from our other devices).
    #[allow(clippy::too_many_arguments)]
    async fn store_groupchat(
        &mut self,
        message: &xmpp_protocol::Message,
        room: &BareJid,
        archive_id: Option<String>,
        stamp: Option<Millis>,
        arrival: Arrival,
        now: Millis,
        changes: &mut Changes,
    ) -> Result<bool, ClientError> {
        if message.kind != MessageKind::Groupchat || message.body.is_none() {
            return Ok(false);
        }
        let conversation_id = ConversationId::group(room.to_string());
        let nick = message
            .from
            .as_ref()
            .and_then(|f| f.resource())
            .unwrap_or_default()
            .to_owned();
        let raw_id = message.id.as_ref().map(|id| format!("{nick}/{id}"));
        for known in [&archive_id, &message.origin_id, &raw_id]
            .into_iter()
            .flatten()
        {
            if let Some(existing) = self.known_message(&conversation_id, known, changes).await? {
                self.confirm_known(existing, archive_id.clone(), None, changes);
                return Ok(false);
            }
        }
        let entry = self.groups.rooms.get(room);
        let own_occupant_id = entry
            .and_then(|e| e.room.own.as_ref())
            .and_then(|o| o.occupant_id.clone());
        let occupant_id = message
            .find_payload::<OccupantId>()
            .and_then(Result::ok)
            .map(|id| id.0);
        let ours = match (&own_occupant_id, &occupant_id) {
            (Some(own), Some(theirs)) => own == theirs,
            _ => entry.is_some_and(|e| e.room.nick == nick),
        };
        let direction = if ours { Direction::Out } else { Direction::In };
        // OMEMO in groups comes later: show that it is encrypted, not the fallback body.
        let encrypted = message
            .payloads
            .iter()
            .any(|p| p.is("encrypted", ns::OMEMO_LEGACY) || p.is("encrypted", ns::OMEMO2));
        let id = archive_id
            .clone()
            .or_else(|| message.origin_id.clone())
            .or(raw_id)
            .unwrap_or_else(random_id);
        let (conversation, timestamp) = self
            .timeline_slot(&conversation_id, stamp.unwrap_or(now), arrival, changes)
            .await?;
        let (body, reply) = if encrypted {
            (String::new(), None)
        } else {
            crate::replies::read_reply(
                message.body.clone().unwrap_or_default(),
                &message.payloads,
                conversation_id.kind,
            )
        };
        let stored = Message {
            id,
            conversation: conversation_id.clone(),
            direction,
            sender: clean_nick(&nick),
            body,
            timestamp,
            origin_id: message.origin_id.clone(),
            stanza_id: archive_id,
            state: match direction {
                Direction::Out => DeliveryState::Sent,
                Direction::In => DeliveryState::Received,
            },
            encryption: if encrypted {
                MessageEncryption::Undecryptable {
                    reason: "Encrypted group messages cannot be read by Jibber yet.".into(),
                }
            } else {
                MessageEncryption::Plain
            },
            expires_at: None,
            meta: chat_store::MessageMeta {
                reply,
                ..Default::default()
            },
        };
        self.add_to_timeline(conversation, stored, arrival, changes);
        Ok(true)
    }
}
