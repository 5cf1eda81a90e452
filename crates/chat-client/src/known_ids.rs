//! The duplicate check of a batch of arrivals in one store read per conversation.
//!
//! Every chat message is looked up by all its ids before it is stored (`ingest`). In a burst
//! that is one read per arrival; instead, before a batch is handled, the ids each of its
//! messages may be known by are collected and read at once ([`Store::find_messages_by_ids`]).
//! A later check whose ids were all asked for is answered from that read. The answer reflects
//! the store as it was before the batch: what the batch itself adds is in its `Changes`, which
//! are checked first, and any save in between drops the prefetched answers.
//!
//! The batch read looks each id up only where a stored copy of the same message carries it
//! (the one-by-one check tries every id in all three places): a direct chat message's id is
//! its origin-id, its archive id or the sender's stanza id (`ingest`, `outgoing`), and the
//! first two are also kept as its origin-id and stanza-id. So an archive id is looked up among
//! stanza-ids, an origin-id among origin-ids, and the sender's stanza id among ids.

use std::collections::{HashMap, HashSet};

use chat_store::{ConversationId, Message, MessageIds, Store};
use xmpp_protocol::carbons::Carbon;
use xmpp_protocol::mam::ArchiveResult;
use xmpp_protocol::{BareJid, Event, Jid, MessageKind};

use crate::client::Client;
use crate::error::ClientError;

/// What one batch read found, by conversation.
#[derive(Default)]
pub(crate) struct KnownIds {
    read: HashMap<ConversationId, Prefetched>,
}

struct Prefetched {
    /// Every id asked for, whatever its kind.
    asked: HashSet<String>,
    found: Vec<Message>,
}

impl KnownIds {
    /// The answer `Store::find_any_message` would give, if every one of `ids` was read.
    pub(crate) fn answer(
        &self,
        conversation: &ConversationId,
        ids: &[&str],
    ) -> Option<Option<Message>> {
        let read = self.read.get(conversation)?;
        if !ids.iter().all(|id| read.asked.contains(*id)) {
            return None;
        }
        // The same precedence as the store: the first id that names a message, and for one id
        // the local id before the origin-id before the stanza-id.
        let found = ids.iter().find_map(|id| {
            let id = Some(*id);
            let by = |key: fn(&Message) -> Option<&str>| read.found.iter().find(|m| key(m) == id);
            by(|m| Some(m.id.as_str()))
                .or_else(|| by(|m| m.origin_id.as_deref()))
                .or_else(|| by(|m| m.stanza_id.as_deref()))
        });
        Some(found.cloned())
    }

    pub(crate) fn clear(&mut self) {
        self.read.clear();
    }
}

/// The ids `ingest::store_chat` will look a message up by, per conversation (the direct chat
/// with the other party). Only a guess for the batch read: a check whose ids were not read
/// goes to the store as before.
fn candidate_ids(message: &xmpp_protocol::Message, own: &BareJid, into: &mut Candidates) {
    let own_jid = Jid::Bare(own.clone());
    match ArchiveResult::from_message(message, own) {
        Some(Ok(result)) => add_candidates(&result.forwarded.message, Some(result.id), own, into),
        Some(Err(_)) => {}
        None => match Carbon::from_message(message, own) {
            Some(Ok(carbon)) => {
                let inner = &carbon.forwarded.message;
                let archive_id = inner.stanza_id_by(&own_jid).map(str::to_owned);
                add_candidates(inner, archive_id, own, into);
            }
            Some(Err(_)) => {}
            None => {
                let archive_id = message.stanza_id_by(&own_jid).map(str::to_owned);
                add_candidates(message, archive_id, own, into);
            }
        },
    }
}

/// `message` (unwrapped from its archive result or carbon) with the archive id it came with.
fn add_candidates(
    message: &xmpp_protocol::Message,
    archive_id: Option<String>,
    own: &BareJid,
    into: &mut Candidates,
) {
    // As in `ingest::store_chat`: only these become direct chat messages.
    if !matches!(message.kind, MessageKind::Chat | MessageKind::Normal) {
        return;
    }
    let Some(peer) = crate::ingest::other_party(message, own) else {
        return;
    };
    let raw_id = message.id.as_ref().map(|id| format!("{peer}/{id}"));
    let ids = into
        .entry(ConversationId::direct(peer.to_string()))
        .or_default();
    let origin_id = message.origin_id.clone().filter(|id| !id.is_empty());
    let archive_id = archive_id.filter(|id| !id.is_empty());
    ids.local.extend(raw_id);
    ids.origin.extend(origin_id);
    ids.stanza.extend(archive_id);
}

type Candidates = HashMap<ConversationId, MessageIds>;

/// Fewer arrivals than this are checked one by one: a batch read would not save a trip.
const WORTH_A_BATCH: usize = 2;

impl<S: Store> Client<S> {
    /// Reads, in one go per conversation, every stored message the chat messages among
    /// `events` may duplicate.
    pub(crate) async fn prefetch_known_ids(&mut self, events: &[Event]) -> Result<(), ClientError> {
        self.known_ids.clear();
        let Some(own) = self.own_bare() else {
            return Ok(());
        };
        let messages = events.iter().filter_map(|event| match event {
            Event::Message(message) => Some(message),
            _ => None,
        });
        if messages.clone().count() < WORTH_A_BATCH {
            return Ok(());
        }
        let mut candidates = Candidates::new();
        for message in messages {
            candidate_ids(message, &own, &mut candidates);
        }
        self.read_candidates(candidates).await
    }

    /// The same for a page of older history from the archive, stored when its query ends.
    pub(crate) async fn prefetch_known_results(
        &mut self,
        results: &[ArchiveResult],
    ) -> Result<(), ClientError> {
        self.known_ids.clear();
        let Some(own) = self.own_bare() else {
            return Ok(());
        };
        if results.len() < WORTH_A_BATCH {
            return Ok(());
        }
        let mut candidates = Candidates::new();
        for result in results {
            add_candidates(
                &result.forwarded.message,
                Some(result.id.clone()),
                &own,
                &mut candidates,
            );
        }
        self.read_candidates(candidates).await
    }

    async fn read_candidates(&mut self, candidates: Candidates) -> Result<(), ClientError> {
        for (conversation, ids) in candidates {
            let found = self.store.find_messages_by_ids(&conversation, &ids).await?;
            let asked = [ids.local, ids.origin, ids.stanza]
                .into_iter()
                .flatten()
                .collect();
            self.known_ids
                .read
                .insert(conversation, Prefetched { asked, found });
        }
        Ok(())
    }
}
