//! Read state shared by the user's devices (XEP-0490, Message Displayed Synchronization):
//! reading a chat publishes the archive id of its newest message to the private PEP node
//! `urn:xmpp:mds:displayed:0`; other devices learn it from a `+notify` event, or by fetching
//! the node at login, and clear that chat's unread count up to that message. Unlike chat
//! markers (which still go out, to the peer), this reaches devices that were offline when the
//! chat was read. Publishing uses the publish-options retry ejabberd needs (it refuses
//! `pubsub#max_items` and `send_last_published_item` as publish options: publish without them,
//! then configure the node).

use std::collections::HashMap;

use chat_store::{Changes, ConversationId, ConversationKind, Direction, Message, Millis, Store};
use xmpp_protocol::mds::{self, Displayed};
use xmpp_protocol::omemo::{NodeConfiguration, PublishFailure, PublishRequest};
use xmpp_protocol::pubsub::{items_request, Items};
use xmpp_protocol::xml::Element;
use xmpp_protocol::{BareJid, Iq, StanzaError};

use crate::client::Client;
use crate::error::ClientError;
use crate::incoming::upsert_conversation;

/// A publish is tried at most this often (as is, without `max_items`, after configuring).
const MAX_ATTEMPTS: u8 = 3;
/// How far back the read message is looked for when counting what is still unread.
const UNREAD_SCAN: usize = 200;
/// The least time between two publishes for one chat. While messages keep arriving in the open
/// chat, each batch is read at once; publishing each would have the server store and echo a
/// read state per batch. The newest one goes out when the time is up.
pub(crate) const PUBLISH_SPACING: Millis = 2_000;

#[derive(Default)]
pub(crate) struct ReadSyncState {
    fetch_iq: Option<String>,
    /// Publishes and node configurations waiting for their answer, by IQ id.
    pending: HashMap<String, Step>,
    /// What was last published per chat, so looking at a chat again publishes nothing.
    published: HashMap<String, String>,
    /// Per chat, the archive id another device read up to: when that message arrives (the
    /// archive catching up), it and everything before it are read.
    read_up_to: HashMap<ConversationId, String>,
    /// The latest time the client was given; reading a chat is not told the time.
    pub(crate) clock: Millis,
    /// Per chat, when its read state was last published.
    last_publish: HashMap<String, Millis>,
    /// Per chat, a read state held back by [`PUBLISH_SPACING`].
    held: HashMap<String, (ConversationId, Message)>,
}

enum Step {
    Publish {
        request: PublishRequest,
        attempt: u8,
    },
    Configure {
        request: PublishRequest,
        attempt: u8,
    },
}

impl<S: Store> Client<S> {
    /// A fresh stream: learn what the user's other devices read while this one was away.
    pub(crate) fn read_sync_online(&mut self, now: Millis) {
        self.read_sync.pending.clear();
        self.read_sync.last_publish.clear();
        if let Some(session) = self.session.as_mut() {
            let request = Iq::get(None, "", items_request(mds::NODE, None));
            self.read_sync.fetch_iq = Some(session.send_iq(request, now));
        }
    }

    /// The user saw `conversation` up to `newest`: tell the other devices.
    pub(crate) fn publish_displayed(&mut self, conversation: &ConversationId, newest: &Message) {
        let Some(stanza_id) = newest.stanza_id.clone() else {
            return;
        };
        let Ok(chat) = conversation.jid.parse::<BareJid>() else {
            return;
        };
        let by = match conversation.kind {
            ConversationKind::Group => chat.clone(),
            ConversationKind::Direct => match self.own_bare() {
                Some(own) => own,
                None => return,
            },
        };
        if self.read_sync.published.get(&conversation.jid) == Some(&stanza_id) {
            return;
        }
        let clock = self.read_sync.clock;
        if self
            .read_sync
            .next_publish_at(&conversation.jid)
            .is_some_and(|at| clock < at)
        {
            self.read_sync.held.insert(
                conversation.jid.clone(),
                (conversation.clone(), newest.clone()),
            );
            return;
        }
        self.read_sync.held.remove(&conversation.jid);
        let displayed = Displayed {
            chat,
            stanza_id: stanza_id.clone(),
            by,
        };
        // Offline, nothing is remembered as published: the next read publishes.
        if self.read_sync_publish(displayed.publish_request(), 0) {
            self.read_sync
                .published
                .insert(conversation.jid.clone(), stanza_id);
            self.read_sync
                .last_publish
                .insert(conversation.jid.clone(), clock);
        }
    }

    /// When a held-back read state is due ([`PUBLISH_SPACING`]).
    pub(crate) fn read_sync_deadline(&self) -> Option<Millis> {
        self.read_sync
            .held
            .keys()
            .map(|chat| {
                self.read_sync
                    .next_publish_at(chat)
                    .unwrap_or(self.read_sync.clock)
            })
            .min()
    }

    /// Publishes the held-back read states that are due.
    pub(crate) fn publish_held_displayed(&mut self, now: Millis) {
        self.read_sync.clock = self.read_sync.clock.max(now);
        let due: Vec<String> = self
            .read_sync
            .held
            .keys()
            .filter(|chat| {
                self.read_sync
                    .next_publish_at(chat)
                    .is_none_or(|at| now >= at)
            })
            .cloned()
            .collect();
        for chat in due {
            if let Some((conversation, newest)) = self.read_sync.held.remove(&chat) {
                self.publish_displayed(&conversation, &newest);
            }
        }
    }

    fn read_sync_publish(&mut self, request: PublishRequest, attempt: u8) -> bool {
        let iq = Iq::set(None, "", Element::from(&request));
        self.read_sync_send(iq, Step::Publish { request, attempt })
    }

    fn read_sync_configure(&mut self, request: PublishRequest, attempt: u8) -> bool {
        let iq = Iq::set(None, "", NodeConfiguration::matching(&request).into());
        self.read_sync_send(iq, Step::Configure { request, attempt })
    }

    /// Sends `iq` if online; returns whether it went.
    fn read_sync_send(&mut self, iq: Iq, step: Step) -> bool {
        let Some(id) = self.send_iq_online(iq, self.read_sync.clock) else {
            return false;
        };
        self.read_sync.pending.insert(id, step);
        true
    }

    /// Answers to our read-state IQs; returns whether `id` was one of them.
    pub(crate) async fn on_read_sync_answer(
        &mut self,
        id: &str,
        answer: Result<Option<&Element>, Option<&StanzaError>>,
        changes: &mut Changes,
    ) -> Result<bool, ClientError> {
        if self.read_sync.fetch_iq.as_deref() == Some(id) {
            self.read_sync.fetch_iq = None;
            // No node yet (`item-not-found`) just means nothing was read anywhere.
            if let Ok(Some(payload)) = answer {
                if let Ok(items) = Items::from_result(payload) {
                    self.apply_displayed_items(&items, changes).await?;
                }
            }
            return Ok(true);
        }
        let Some(step) = self.read_sync.pending.remove(id) else {
            return Ok(false);
        };
        let Err(error) = answer else {
            if let Step::Configure { request, attempt } = step {
                self.read_sync_publish(request, attempt);
            }
            return Ok(true);
        };
        let failure = error.map(PublishFailure::from_stanza_error);
        match (step, failure) {
            (Step::Publish { request, attempt }, Some(failure)) if attempt + 1 < MAX_ATTEMPTS => {
                match failure {
                    PublishFailure::PreconditionNotMet => {
                        self.read_sync_configure(request, attempt + 1);
                    }
                    PublishFailure::OptionRefused => {
                        let reduced = mds::OPTIONS_OFTEN_REFUSED
                            .iter()
                            .fold(request.clone(), |r, var| r.without_option(var));
                        self.read_sync_publish(reduced, attempt + 1);
                        self.read_sync_configure(request, attempt + 1);
                    }
                    PublishFailure::Other(_) => self.read_sync_failed(&request),
                }
            }
            (Step::Publish { request, .. } | Step::Configure { request, .. }, _) => {
                self.read_sync_failed(&request)
            }
        }
        Ok(true)
    }

    /// Not published: the next read of that chat tries again. Other devices keep their count.
    fn read_sync_failed(&mut self, request: &PublishRequest) {
        if let Some(chat) = request.item.id.as_deref() {
            self.read_sync.published.remove(chat);
        }
    }

    /// A PEP notification of our own read-state node.
    pub(crate) async fn on_read_sync_event(
        &mut self,
        from: Option<&BareJid>,
        items: &Items,
        changes: &mut Changes,
    ) -> Result<(), ClientError> {
        let own = self.own_bare();
        let ours = from.is_none_or(|from| own.as_ref() == Some(from));
        if ours {
            self.apply_displayed_items(items, changes).await?;
        }
        Ok(())
    }

    async fn apply_displayed_items(
        &mut self,
        items: &Items,
        changes: &mut Changes,
    ) -> Result<(), ClientError> {
        if items.node != mds::NODE {
            return Ok(());
        }
        for item in &items.items {
            // Items another client wrote badly are skipped; the rest still count.
            if let Ok(displayed) = Displayed::from_item(item.id.as_deref(), item.payload.as_ref()) {
                self.apply_displayed(&displayed, changes).await?;
            }
        }
        Ok(())
    }

    /// Another device read `displayed.chat` up to one message: what came after it stays unread.
    async fn apply_displayed(
        &mut self,
        displayed: &Displayed,
        changes: &mut Changes,
    ) -> Result<(), ClientError> {
        let own = self.own_bare();
        let conversation = if own.as_ref() == Some(&displayed.by) {
            ConversationId::direct(displayed.chat.to_string())
        } else if displayed.by == displayed.chat {
            ConversationId::group(displayed.chat.to_string())
        } else {
            // An id assigned by someone else's archive names nothing we could find.
            return Ok(());
        };
        // Our own publish coming back (or a state already applied): nothing new is read.
        if self.read_sync.published.get(&conversation.jid) == Some(&displayed.stanza_id) {
            return Ok(());
        }
        self.read_sync
            .published
            .insert(conversation.jid.clone(), displayed.stanza_id.clone());
        self.read_sync
            .read_up_to
            .insert(conversation.clone(), displayed.stanza_id.clone());
        let Some(mut row) = self.existing_conversation(&conversation, changes).await? else {
            return Ok(());
        };
        let stored = self
            .store
            .messages(&conversation, None, UNREAD_SCAN)
            .await?;
        let mut messages: Vec<Message> = stored.messages;
        for pending in changes
            .message_upserts
            .iter()
            .filter(|m| m.conversation == conversation)
        {
            messages.retain(|m| m.id != pending.id);
            messages.push(pending.clone());
        }
        let read = messages
            .iter()
            .find(|m| m.has_id(&displayed.stanza_id))
            .map(|m| (m.timestamp, m.id.clone()));
        // A read state of ours still held back (`PUBLISH_SPACING`) must not overwrite this one
        // unless it names a later message; one not here yet is later than anything we read.
        let held_is_later = self
            .read_sync
            .held
            .get(&conversation.jid)
            .is_some_and(|(_, held)| {
                read.as_ref().is_some_and(|(time, id)| {
                    (held.timestamp, held.id.as_str()) > (*time, id.as_str())
                })
            });
        if !held_is_later {
            self.read_sync.held.remove(&conversation.jid);
        }
        let unread = match &read {
            Some((time, id)) => {
                let after = messages
                    .iter()
                    .filter(|m| m.direction == Direction::In)
                    .filter(|m| (m.timestamp, m.id.as_str()) > (*time, id.as_str()))
                    .count();
                row.unread.min(u32::try_from(after).unwrap_or(u32::MAX))
            }
            // Not here yet (the archive is still catching up): it clears the count when it
            // arrives (`read_up_to`).
            None => row.unread,
        };
        if row.unread != unread || row.last_read.as_deref() != Some(&displayed.stanza_id) {
            row.unread = unread;
            row.last_read = Some(displayed.stanza_id.clone());
            upsert_conversation(changes, row);
        }
        Ok(())
    }

    async fn existing_conversation(
        &self,
        id: &ConversationId,
        changes: &Changes,
    ) -> Result<Option<chat_store::Conversation>, ClientError> {
        if let Some(pending) = changes
            .conversation_upserts
            .iter()
            .rev()
            .find(|c| &c.id == id)
        {
            return Ok(Some(pending.clone()));
        }
        Ok(self.store.conversation(id).await?)
    }
}

impl ReadSyncState {
    /// The earliest time `chat`'s read state may be published again (`None`: any time).
    fn next_publish_at(&self, chat: &str) -> Option<Millis> {
        self.last_publish
            .get(chat)
            .map(|at| at.saturating_add(PUBLISH_SPACING))
    }

    /// Whether another device read `conversation` up to `message`.
    pub(crate) fn is_read_up_to(&self, conversation: &ConversationId, message: &Message) -> bool {
        self.read_up_to
            .get(conversation)
            .is_some_and(|id| message.has_id(id))
    }
}
