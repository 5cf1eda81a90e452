//! Group messages: sending (plaintext here; private groups encrypt in `omemo_group`, never
//! through the 1:1 OMEMO route), receiving live and from the room's archive, one copy each (the room's stanza-id, then our origin-id:
//! the room reflects what we send, which is how a pending message becomes sent).

use chat_store::{
    Changes, Conversation, ConversationId, DeliveryState, Direction, Message, Millis, Store,
};
use xmpp_protocol::mam::{ArchiveFin, ArchiveQuery, ArchiveResult};
use xmpp_protocol::muc::{self, OccupantId};
use xmpp_protocol::rsm::ResultSet;
use xmpp_protocol::{ns, BareJid, Iq, Jid, MessageKind};

use super::group_edits::GroupSender;
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
            chat_store::ConversationKind::Group => self.send_group(message, now, changes).await,
            chat_store::ConversationKind::Direct => self.send_pending(message, now, changes).await,
        }
    }

    /// The room a group message can go to now; `None` when it stays (pending until we are in
    /// the room, or marked failed with the reason where we may not write).
    pub(crate) fn writable_room(
        &mut self,
        message: &mut Message,
        changes: &mut Changes,
    ) -> Option<BareJid> {
        let online = self
            .session
            .as_ref()
            .is_some_and(|s| s.state() == xmpp_protocol::SessionState::Online);
        let room = message.conversation.jid.parse::<BareJid>().ok()?;
        let refusal = match self.groups.rooms.get(&room) {
            None => chat_store::SendFailure::NotInGroup,
            // Sent once the join completes.
            Some(entry) if !online || !entry.room.is_joined() => return None,
            Some(entry) if !entry.room.can_write() => chat_store::SendFailure::CannotWriteInGroup,
            Some(_) => return Some(room),
        };
        message.state = DeliveryState::Failed(refusal.into());
        changes.message_upserts.retain(|m| m.id != message.id);
        changes.message_upserts.push(message.clone());
        None
    }

    /// Hands a plaintext group message to the session.
    pub(crate) fn send_group_plain(&mut self, room: &BareJid, message: Message) -> Message {
        let mut stanza = muc::groupchat_message(room, &message.body, &message.id);
        if let Some(reply) = crate::replies::outgoing_reply(&message) {
            stanza.body = Some(reply.body);
            stanza.payloads.extend(reply.payloads);
        }
        self.hand_to_room(&message, stanza);
        message
    }

    /// Sends a group message's stanza; the room's reflection (or the server's ack) marks it sent.
    pub(crate) fn hand_to_room(&mut self, message: &Message, stanza: xmpp_protocol::Message) {
        if let Some(session) = self.session.as_mut() {
            self.sync
                .in_flight
                .insert(message.id.clone(), message.conversation.clone());
            session.send_message(stanza);
        }
    }

    /// Messages typed while we were not (yet) in the room go out once we are.
    pub(crate) async fn flush_room_outbox(
        &mut self,
        room: &BareJid,
        now: Millis,
        changes: &mut Changes,
    ) -> Result<(), ClientError> {
        let id = ConversationId::group(room.to_string());
        for message in self.store.pending_messages().await? {
            // Already handed over on this stream: the room reflects it, it does not go twice.
            if message.conversation == id && !self.sync.in_flight.contains_key(&message.id) {
                self.send_group(message, now, changes).await?;
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
                .push_back(crate::events::ClientEvent::HistoryUnavailable(
                    crate::HistoryProblem::GroupHistory {
                        room: room.to_string(),
                    },
                )),
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
                (Some(result), Some(_), Jid::Bare(_))
                    if self
                        .apply_moderation(&result.forwarded.message, &room, changes)
                        .await? => {}
                (Some(result), Some(catch_up), Jid::Bare(_)) => {
                    let arrival = Arrival::Newest { unread: catch_up };
                    self.store_groupchat(
                        &result.forwarded.message,
                        &room,
                        Some(result.id),
                        true,
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
                if config_changed(message) {
                    self.refresh_room_info(&room, now);
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
                    false,
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
                sent.state = DeliveryState::Failed(
                    chat_store::SendFailure::GroupRefused { condition }.into(),
                );
                self.sync.in_flight.remove(&sent.id);
                changes.message_upserts.retain(|m| m.id != sent.id);
                changes.message_upserts.push(sent);
            }
        }
        Ok(())
    }

    /// Stores one group message unless we have it. Ours are recognised by origin-id (the
    /// reflection of what this device sent, whose plaintext we kept) or by our nick (from our
    /// other devices). `from_archive` when it came from the room's archive.
    #[allow(clippy::too_many_arguments)]
    async fn store_groupchat(
        &mut self,
        message: &xmpp_protocol::Message,
        room: &BareJid,
        archive_id: Option<String>,
        from_archive: bool,
        stamp: Option<Millis>,
        arrival: Arrival,
        now: Millis,
        changes: &mut Changes,
    ) -> Result<bool, ClientError> {
        if message.kind != MessageKind::Groupchat {
            return Ok(false);
        }
        let conversation_id = ConversationId::group(room.to_string());
        let nick = message
            .from
            .as_ref()
            .and_then(|f| f.resource())
            .unwrap_or_default()
            .to_owned();
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
        let sender = GroupSender {
            room,
            nick: &nick,
            occupant_id: occupant_id.as_deref(),
            ours,
        };
        if self
            .apply_group_edit(message, &sender, from_archive, stamp, now, changes)
            .await?
            || !crate::omemo::carries_content(message)
        {
            return Ok(false);
        }
        let raw_id = message.id.as_ref().map(|id| format!("{nick}/{id}"));
        let known_ids: Vec<&str> = [&archive_id, &message.origin_id, &raw_id]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect();
        if let Some(existing) = self
            .known_message_by_any(&conversation_id, &known_ids, changes)
            .await?
        {
            self.confirm_known(existing, archive_id.clone(), None, changes);
            return Ok(false);
        }
        let direction = if ours { Direction::Out } else { Direction::In };
        let id = archive_id
            .clone()
            .or_else(|| message.origin_id.clone())
            .or(raw_id)
            .unwrap_or_else(random_id);
        // Decrypted only now that it is known to be new: a copy must not advance the ratchet.
        let opened = self
            .open_group_message(
                message,
                room,
                &nick,
                occupant_id.as_deref(),
                ours,
                from_archive,
                stamp,
                now,
                changes,
            )
            .await?;
        let Some((body, encryption, payloads)) = opened.into_parts(message) else {
            return Ok(false);
        };
        let (conversation, timestamp) = self
            .timeline_slot(&conversation_id, stamp.unwrap_or(now), arrival, changes)
            .await?;
        let (body, reply) = crate::replies::read_reply(body, &payloads, conversation_id.kind);
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
            encryption,
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

/// Status 104 in a room's message: an owner changed its configuration (its name, perhaps).
fn config_changed(message: &xmpp_protocol::Message) -> bool {
    message
        .payloads
        .iter()
        .filter(|p| p.is("x", ns::MUC_USER))
        .filter_map(|x| muc::MucUser::try_from(x).ok())
        .any(|user| user.has(muc::StatusCode::CONFIG_CHANGED))
}
