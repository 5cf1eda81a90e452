//! Every way a chat message reaches us — live, as a carbon of another device's traffic, or
//! from the archive — ends here: one place decides direction, ids, time and duplicates.
//!
//! A message is stored once however often it arrives: it is looked up by the archive's
//! stanza-id, then by the sender's origin-id (XEP-0359), before anything is written.

use chat_store::{
    Changes, Conversation, ConversationId, DeliveryState, Direction, Message, Millis, Store,
};
use xmpp_protocol::carbons::{Carbon, CarbonKind};
use xmpp_protocol::mam::ArchiveResult;
use xmpp_protocol::{BareJid, Jid, MessageKind};

use crate::client::Client;
use crate::error::ClientError;
use crate::events::ClientEvent;
use crate::ids::random_id;
use crate::incoming::upsert_conversation;

/// How a message reached us, which decides its place in the timeline and its unread count.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Arrival {
    /// Newer than what we have (live, a carbon, catch-up, a fresh device's newest page): it
    /// goes after the newest message; `unread` unless it is history on a fresh device.
    Newest { unread: bool },
    /// Older history whose time the caller has already placed.
    Older,
}

impl<S: Store> Client<S> {
    pub(crate) async fn on_message(
        &mut self,
        message: xmpp_protocol::Message,
        now: Millis,
        changes: &mut Changes,
    ) -> Result<(), ClientError> {
        let Some(own) = self.own_bare() else {
            return Ok(());
        };
        if let Some(result) = ArchiveResult::from_message(&message, &own) {
            return match result {
                Ok(result) => self.on_archive_result(result, &own, now, changes).await,
                Err(error) => {
                    self.events
                        .push_back(ClientEvent::Dropped(error.to_string()));
                    Ok(())
                }
            };
        }
        if self.sync.holds_live() {
            self.sync.held.push(message);
            return Ok(());
        }
        if let Some(carbon) = Carbon::from_message(&message, &own) {
            return match carbon {
                Ok(carbon) => {
                    let stamp = carbon.forwarded.delay;
                    let inner = carbon.forwarded.message;
                    // A carbon must describe our own traffic: sent from us, or received by us.
                    let consistent = match carbon.kind {
                        CarbonKind::Sent => inner
                            .from
                            .as_ref()
                            .is_none_or(|from| from.as_bare() == &own),
                        CarbonKind::Received => {
                            inner.to.as_ref().is_some_and(|to| to.as_bare() == &own)
                        }
                    };
                    if consistent
                        && self
                            .apply_markers(&inner, &own, Some(carbon.kind), changes)
                            .await?
                    {
                        return Ok(());
                    }
                    if consistent {
                        let archive_id = inner
                            .stanza_id_by(&Jid::Bare(own.clone()))
                            .map(str::to_owned);
                        self.store_chat(
                            &inner,
                            &own,
                            archive_id,
                            stamp,
                            Arrival::Newest { unread: true },
                            now,
                            changes,
                        )
                        .await?;
                    } else {
                        self.events.push_back(ClientEvent::Dropped(
                            "a carbon copy of someone else's message was dropped".into(),
                        ));
                    }
                    Ok(())
                }
                Err(error) => {
                    self.events
                        .push_back(ClientEvent::Dropped(error.to_string()));
                    Ok(())
                }
            };
        }
        // A live message claiming to come from our own account is only believable as a carbon.
        if message
            .from
            .as_ref()
            .is_none_or(|from| from.as_bare() == &own)
        {
            return Ok(());
        }
        if let Some(peer) = message.from.as_ref().map(|from| from.as_bare().clone()) {
            self.note_chat_state(&message, &peer);
        }
        if self.apply_markers(&message, &own, None, changes).await? {
            return Ok(());
        }
        self.send_receipt(&message);
        let archive_id = message
            .stanza_id_by(&Jid::Bare(own.clone()))
            .map(str::to_owned);
        let stored = self
            .store_chat(
                &message,
                &own,
                archive_id.clone(),
                message.delay,
                Arrival::Newest { unread: true },
                now,
                changes,
            )
            .await?;
        self.note_live_archive_id(archive_id, changes);
        // Arriving in the chat the user is looking at: it is read at once.
        if let (true, Some(active)) = (stored, self.active.clone()) {
            if let Some(newest) = changes
                .message_upserts
                .iter()
                .rev()
                .find(|m| m.conversation == active && m.direction == Direction::In)
                .cloned()
            {
                self.sync.displayed_due = Some((active, newest));
            }
        }
        Ok(())
    }

    pub(crate) fn own_bare(&self) -> Option<BareJid> {
        self.account.as_ref()?.jid.parse().ok()
    }

    /// Stores one chat message unless we already have it. Returns whether it was new.
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn store_chat(
        &mut self,
        message: &xmpp_protocol::Message,
        own: &BareJid,
        archive_id: Option<String>,
        stamp: Option<Millis>,
        arrival: Arrival,
        now: Millis,
        changes: &mut Changes,
    ) -> Result<bool, ClientError> {
        let sent_at = stamp.unwrap_or(now);
        if self.take_invitation(message, own, archive_id.as_deref(), sent_at, now, changes) {
            return Ok(false);
        }
        if !matches!(message.kind, MessageKind::Chat | MessageKind::Normal) {
            return Ok(false);
        }
        if self.apply_edit(message, own, stamp, now, changes).await? {
            return Ok(false);
        }
        if !crate::omemo::carries_content(message) {
            return Ok(false);
        }
        let from_us = message
            .from
            .as_ref()
            .is_none_or(|from| from.as_bare() == own);
        let (direction, peer) = if from_us {
            (
                Direction::Out,
                message.to.as_ref().map(|to| to.as_bare().clone()),
            )
        } else {
            (
                Direction::In,
                message.from.as_ref().map(|from| from.as_bare().clone()),
            )
        };
        let Some(peer) = peer.filter(|peer| peer != own) else {
            return Ok(false);
        };
        // A private message in a room is its own chat with the occupant (room@service/nick).
        let peer = self
            .private_message_peer(message, from_us)
            .unwrap_or_else(|| peer.to_string());
        let conversation_id = ConversationId::direct(peer.clone());
        let raw_id = message.id.as_ref().map(|id| format!("{peer}/{id}"));
        let known_ids: Vec<&str> = [&archive_id, &message.origin_id, &raw_id]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect();
        if let Some(existing) = self
            .known_message_by_any(&conversation_id, &known_ids, changes)
            .await?
        {
            // Older history placed before a copy we have: the archive holds a retransmitted
            // duplicate later on, and the first copy marks where the message belongs.
            let earlier =
                stamp.filter(|time| arrival == Arrival::Older && *time < existing.timestamp);
            self.confirm_known(existing, archive_id.clone(), earlier, changes);
            return Ok(false);
        }
        let id = match direction {
            Direction::Out => message.origin_id.clone().or_else(|| archive_id.clone()),
            Direction::In => archive_id
                .clone()
                .or_else(|| message.origin_id.clone())
                .or(raw_id),
        }
        .unwrap_or_else(random_id);
        // Decrypted only now that it is known to be new: a copy must not advance the ratchet.
        let (sender, recipient) = match direction {
            Direction::Out => (
                own.clone(),
                peer.parse::<BareJid>().unwrap_or_else(|_| own.clone()),
            ),
            Direction::In => (
                peer.parse::<BareJid>().unwrap_or_else(|_| own.clone()),
                own.clone(),
            ),
        };
        let opened = self
            .open_omemo(message, &sender, &recipient, stamp, now, changes)
            .await?;
        let Some((body, encryption, payloads)) = opened.into_parts(message) else {
            return Ok(false);
        };
        let (body, reply) = crate::replies::read_reply(body, &payloads, conversation_id.kind);
        let (conversation, timestamp) = self
            .timeline_slot(&conversation_id, stamp.unwrap_or(now), arrival, changes)
            .await?;
        // Past its retention or cleared: a purged message is never stored again.
        let Some(expires_at) = self.incoming_expiry(message, &conversation, from_us, stamp, now)
        else {
            return Ok(false);
        };
        let stored = Message {
            id,
            conversation: conversation_id.clone(),
            direction,
            sender: if direction == Direction::Out {
                own.to_string()
            } else {
                peer
            },
            body,
            timestamp,
            origin_id: message.origin_id.clone(),
            stanza_id: archive_id,
            state: if direction == Direction::Out {
                DeliveryState::Sent
            } else {
                DeliveryState::Received
            },
            encryption,
            expires_at,
            meta: chat_store::MessageMeta {
                reply,
                ..Default::default()
            },
        };
        self.add_to_timeline(conversation, stored, arrival, changes);
        Ok(true)
    }

    /// The conversation to update and the time a message stamped `time` gets in its timeline.
    pub(crate) async fn timeline_slot(
        &self,
        conversation_id: &ConversationId,
        time: Millis,
        arrival: Arrival,
        changes: &Changes,
    ) -> Result<(Conversation, Millis), ClientError> {
        let conversation = self
            .conversation_for_update(conversation_id, changes)
            .await?;
        let timestamp = match arrival {
            Arrival::Newest { .. } => {
                self.place_newest(conversation_id, time, conversation.last_activity, changes)
                    .await?
            }
            Arrival::Older => time,
        };
        Ok((conversation, timestamp))
    }

    /// Adds a new message to `conversation`: its activity, and its unread count unless the
    /// user is looking at it or it is history.
    pub(crate) fn add_to_timeline(
        &self,
        mut conversation: Conversation,
        stored: Message,
        arrival: Arrival,
        changes: &mut Changes,
    ) {
        conversation.last_activity = conversation.last_activity.max(stored.timestamp);
        let counts = stored.direction == Direction::In
            && arrival == Arrival::Newest { unread: true }
            && self.active.as_ref() != Some(&conversation.id);
        let newest = matches!(arrival, Arrival::Newest { .. });
        if newest && self.read_sync.is_read_up_to(&conversation.id, &stored) {
            // Another device read up to here (XEP-0490): everything so far is read.
            conversation.unread = 0;
        } else if counts {
            conversation.unread = conversation.unread.saturating_add(1);
        }
        upsert_conversation(changes, conversation);
        changes.message_upserts.push(stored);
    }

    /// Where a message that arrives now goes. Delay and archive stamps often have whole-second
    /// precision and may be older than messages we already show (ours, typed meanwhile).
    /// After a short gap (a resumed stream, a quick catch-up) arrival order wins: the message
    /// goes after everything we have. Older stamps (a long absence) keep their time, placed
    /// after the newest message within their second so a batch never ties on a millisecond.
    async fn place_newest(
        &self,
        conversation: &ConversationId,
        time: Millis,
        newest: Millis,
        changes: &Changes,
    ) -> Result<Millis, ClientError> {
        if time > newest {
            return Ok(time);
        }
        if newest - time < SHORT_GAP_MS {
            return Ok(newest.saturating_add(1));
        }
        let window_end = time.saturating_add(999);
        let in_batch = changes
            .message_upserts
            .iter()
            .filter(|m| &m.conversation == conversation && m.timestamp <= window_end)
            .map(|m| m.timestamp)
            .max();
        let stored = self
            .store
            .messages(
                conversation,
                Some((window_end.saturating_add(1), String::new())),
                1,
            )
            .await?;
        let latest = stored
            .messages
            .last()
            .map(|m| m.timestamp)
            .into_iter()
            .chain(in_batch)
            .max();
        Ok(match latest {
            Some(latest) if latest >= time => place_after(time, latest),
            _ => time,
        })
    }

    /// The stored (or about to be stored) message known by any of `external_ids`, with one
    /// store lookup for all of them (arrivals in a burst each need this check).
    pub(crate) async fn known_message_by_any(
        &self,
        conversation: &ConversationId,
        external_ids: &[&str],
        changes: &Changes,
    ) -> Result<Option<Message>, ClientError> {
        let pending = changes.message_upserts.iter().rev().find(|m| {
            &m.conversation == conversation && external_ids.iter().any(|id| m.has_id(id))
        });
        if let Some(pending) = pending {
            return Ok(Some(pending.clone()));
        }
        if external_ids.is_empty() {
            return Ok(None);
        }
        if let Some(answer) = self.known_ids.answer(conversation, external_ids) {
            return Ok(answer);
        }
        Ok(self
            .store
            .find_any_message(conversation, external_ids)
            .await?)
    }

    /// The stored (or about to be stored) message known by `external_id`.
    pub(crate) async fn known_message(
        &self,
        conversation: &ConversationId,
        external_id: &str,
        changes: &Changes,
    ) -> Result<Option<Message>, ClientError> {
        if let Some(pending) = changes
            .message_upserts
            .iter()
            .rev()
            .find(|m| &m.conversation == conversation && m.has_id(external_id))
        {
            return Ok(Some(pending.clone()));
        }
        Ok(self.store.find_message(conversation, external_id).await?)
    }

    /// A copy of something we have: learn its archive id, and if it is ours and was still
    /// waiting for the server, the archive (or a carbon) proves the server has it.
    pub(crate) fn confirm_known(
        &mut self,
        mut existing: Message,
        archive_id: Option<String>,
        earlier: Option<Millis>,
        changes: &mut Changes,
    ) {
        let mut changed = false;
        if let Some(time) = earlier {
            existing.timestamp = time;
            changed = true;
        }
        if existing.stanza_id.is_none() && archive_id.is_some() {
            existing.stanza_id = archive_id;
            changed = true;
        }
        if existing.direction == Direction::Out && existing.state == DeliveryState::Pending {
            existing.state = DeliveryState::Sent;
            self.sync.in_flight.remove(&existing.id);
            changed = true;
        }
        if changed {
            changes.message_upserts.retain(|m| m.id != existing.id);
            changes.message_upserts.push(existing);
        }
    }
}

/// The other party of a one-to-one `message`: the recipient of what we sent, the sender of
/// what we received; `None` when there is none or it is our own account.
pub(crate) fn other_party(message: &xmpp_protocol::Message, own: &BareJid) -> Option<BareJid> {
    let from_us = message
        .from
        .as_ref()
        .is_none_or(|from| from.as_bare() == own);
    let peer = if from_us {
        message.to.as_ref()
    } else {
        message.from.as_ref()
    };
    peer.map(|jid| jid.as_bare().clone())
        .filter(|peer| peer != own)
}

/// How far back a stamp may be and still count as "just now": longer than any reconnect.
const SHORT_GAP_MS: Millis = 120_000;

/// Archives and delay stamps often have whole-second precision: a message stamped within the
/// second of the newest one we have goes right after it, so arrival order is kept.
pub(crate) fn place_after(stamp: Millis, newest: Millis) -> Millis {
    if stamp <= newest && newest < stamp.saturating_add(1_000) {
        newest.saturating_add(1)
    } else {
        stamp
    }
}

#[cfg(test)]
mod tests {
    use super::place_after;

    #[test]
    fn whole_second_stamps_keep_arrival_order() {
        assert_eq!(place_after(5_000, 5_400), 5_401);
        assert_eq!(place_after(5_000, 5_000), 5_001);
        assert_eq!(place_after(5_000, 4_000), 5_000);
        assert_eq!(
            place_after(5_000, 9_000),
            5_000,
            "clearly older history keeps its time"
        );
    }
}
