//! Staying in sync across connections and devices: stream resumption state, messages the
//! server has not acknowledged yet, carbons, and archive (MAM) catch-up and paging.
//!
//! After a fresh login we turn carbons on and ask the archive for everything after the newest
//! archive id we know (`Account::last_archive_id`), page by page; a device that knows none
//! fetches the newest page. After a resumed stream nothing was lost, so nothing is fetched.
//! Archive results are only accepted for a query we have open.

use std::collections::HashMap;

use chat_store::{Changes, ConversationId, DeliveryState, Millis, Store};
use xmpp_protocol::carbons::Carbon;
use xmpp_protocol::mam::{ArchiveFin, ArchiveQuery, ArchiveResult};
use xmpp_protocol::rsm::ResultSet;
use xmpp_protocol::stanza::ErrorCondition;
use xmpp_protocol::xml::Element;
use xmpp_protocol::{BareJid, Iq, ResumeState, StanzaError};

use crate::client::Client;
use crate::error::ClientError;
use crate::events::ClientEvent;
use crate::ids::random_id;
use crate::ingest::Arrival;

/// Archive page sizes: catch-up pages are large (fewer round trips), history pages match what
/// a screen shows.
const CATCH_UP_PAGE: u32 = 100;
pub(crate) const HISTORY_PAGE: u32 = 50;
/// A fresh device's first page is larger: archives also hold receipts and markers, and the
/// newest items alone may be little else.
const NEWEST_PAGE: u32 = 250;

#[derive(Debug, Clone, PartialEq, Eq)]
enum QueryPurpose {
    /// Everything after our newest archive id, oldest first.
    CatchUp,
    /// A device with no archive id: the newest page, to start from.
    Newest,
    /// Older history of one conversation (scrolling back), to be placed before `oldest_time`.
    Older {
        conversation: ConversationId,
        oldest_time: Millis,
    },
}

#[derive(Debug)]
struct OpenQuery {
    query_id: String,
    purpose: QueryPurpose,
    /// Results of an `Older` query, held until the page is complete so their times can be
    /// placed before what we have (archive stamps are often whole seconds).
    held: Vec<ArchiveResult>,
    /// Chat messages this page stored.
    stored: usize,
    /// Earlier pages of the same search (a fresh device looking past receipts and markers).
    depth: u8,
}

/// How many pages a fresh device reads back to find its first chat message: archives also hold
/// receipts and markers, and servers cap pages (Prosody at 50).
const NEWEST_PAGES: u8 = 20;

#[derive(Debug, Default)]
pub(crate) struct SyncState {
    /// Taken from a dropped session, handed to the next one.
    pub resume: Option<ResumeState>,
    /// The newest message that arrived in the open chat, to be marked displayed once the
    /// frames at hand are handled.
    pub displayed_due: Option<(ConversationId, chat_store::Message)>,
    /// Messages handed to the session and not yet acknowledged: id → conversation.
    pub in_flight: HashMap<String, ConversationId>,
    /// Archive queries by IQ id.
    queries: HashMap<String, OpenQuery>,
    /// Catch-up finished on this stream: live archive ids may now advance the sync point.
    caught_up: bool,
    /// A write failed (e.g. a full disk) after the server had handed us stanzas: what they
    /// carried is only in the archive now, so the stream must not be resumed past it (which
    /// skips the archive) until a catch-up has read it again.
    pub unsaved_arrivals: bool,
    /// Which IQ turned carbons on (its answer needs no handling beyond being claimed).
    carbons_iq: Option<String>,
    /// Where paging back through each conversation's archive continues (the first id of the
    /// last page): pages may hold only receipts and markers, which are not stored.
    older_cursor: HashMap<ConversationId, String>,
    /// The chat state we last told each peer (typing or not).
    pub typing: HashMap<ConversationId, bool>,
    /// Live messages and carbons that arrived while catching up. They are newer than anything
    /// the archive returns, so they are stored after it, in arrival order.
    pub held: Vec<xmpp_protocol::Message>,
}

impl SyncState {
    /// A write failed: until a catch-up reads the archive again, live archive ids must not move
    /// the sync point past what was lost, and the stream must not be resumed by a new page.
    pub(crate) fn note_unsaved_arrivals(&mut self) {
        self.unsaved_arrivals = true;
        self.caught_up = false;
    }

    /// Whether a live message must wait for the catch-up to finish.
    pub(crate) fn holds_live(&self) -> bool {
        !self.caught_up
            && self
                .queries
                .values()
                .any(|q| matches!(q.purpose, QueryPurpose::CatchUp | QueryPurpose::Newest))
    }
}

impl<S: Store> Client<S> {
    /// A fresh stream is online: turn carbons on and catch up with the archive.
    pub(crate) async fn start_sync(
        &mut self,
        now: Millis,
        changes: &mut Changes,
    ) -> Result<(), ClientError> {
        // Held from a catch-up the last connection did not finish: store them before the next.
        self.sync.queries.clear();
        self.sync.caught_up = true;
        self.release_held(now, changes).await?;
        self.sync.in_flight.clear();
        self.sync.queries.clear();
        self.sync.caught_up = false;
        self.sync.unsaved_arrivals = false;
        let Some(session) = self.session.as_mut() else {
            return Ok(());
        };
        self.sync.carbons_iq = Some(session.send_iq(Iq::set(None, "", Carbon::enable()), now));
        self.query_after_sync_point(now);
        Ok(())
    }

    /// Reads the archive after our sync point on a resumed stream, because arrivals could not
    /// be stored: they are still in the archive, and the sync point did not move past them.
    fn catch_up_again(&mut self, now: Millis) {
        self.sync.unsaved_arrivals = false;
        self.sync.caught_up = false;
        self.query_after_sync_point(now);
    }

    /// Everything after our newest archive id, or the newest page on a device that has none.
    fn query_after_sync_point(&mut self, now: Millis) {
        match self
            .account
            .as_ref()
            .and_then(|a| a.last_archive_id.clone())
        {
            Some(after) => self.query_archive(
                QueryPurpose::CatchUp,
                None,
                ResultSet::after(after, CATCH_UP_PAGE),
                now,
            ),
            None => self.query_archive(
                QueryPurpose::Newest,
                None,
                ResultSet::before(None, NEWEST_PAGE),
                now,
            ),
        }
    }

    /// Asks the archive for the history of `conversation` before its oldest archived message
    /// we have. Results arrive as [`ClientEvent::Message`]s, then [`ClientEvent::HistoryLoaded`].
    pub async fn load_older(
        &mut self,
        conversation: &ConversationId,
        now: Millis,
    ) -> Result<(), ClientError> {
        let with: BareJid = conversation
            .jid
            .parse()
            .map_err(|e| ClientError::InvalidJid(format!("{e}")))?;
        let online = self
            .session
            .as_ref()
            .is_some_and(|s| s.state() == xmpp_protocol::SessionState::Online);
        if !online {
            self.events.push_back(ClientEvent::HistoryUnavailable(
                crate::HistoryProblem::Offline,
            ));
            return Ok(());
        }
        // Messages sent from here may have no archive id yet: look a page in for one.
        let first = self
            .store
            .oldest_messages(conversation, HISTORY_PAGE as usize)
            .await?;
        let oldest = self
            .sync
            .older_cursor
            .get(conversation)
            .cloned()
            .or_else(|| first.iter().find_map(|m| m.stanza_id.clone()));
        let oldest_time = first.first().map_or(now, |m| m.timestamp);
        let purpose = QueryPurpose::Older {
            conversation: conversation.clone(),
            oldest_time,
        };
        self.query_archive(
            purpose,
            Some(with),
            ResultSet::before(oldest, HISTORY_PAGE),
            now,
        );
        Ok(())
    }

    fn query_archive(
        &mut self,
        purpose: QueryPurpose,
        with: Option<BareJid>,
        set: ResultSet,
        now: Millis,
    ) {
        let Some(session) = self.session.as_mut() else {
            return;
        };
        let query_id = random_id();
        let query = ArchiveQuery {
            query_id: query_id.clone(),
            with,
            start: None,
            set,
        };
        let iq_id = session.send_iq(Iq::set(None, "", query.into()), now);
        self.sync.queries.insert(
            iq_id,
            OpenQuery {
                query_id,
                purpose,
                held: Vec::new(),
                stored: 0,
                depth: 0,
            },
        );
    }

    pub(crate) async fn on_archive_result(
        &mut self,
        result: ArchiveResult,
        own: &BareJid,
        now: Millis,
        changes: &mut Changes,
    ) -> Result<(), ClientError> {
        let query = self
            .sync
            .queries
            .values_mut()
            .find(|q| result.query_id.as_deref() == Some(q.query_id.as_str()));
        let Some(query) = query else {
            self.events.push_back(ClientEvent::Dropped(
                "an archive result for a query Jibber did not make was dropped".into(),
            ));
            return Ok(());
        };
        let arrival = match query.purpose {
            QueryPurpose::CatchUp
                if !crate::omemo::carries_content(&result.forwarded.message)
                    && !crate::edits::is_edit(&result.forwarded.message) =>
            {
                // A receipt or marker we missed, e.g. another device's "displayed".
                let message = result.forwarded.message;
                // A mediated invitation may come without a body.
                let sent_at = result.forwarded.delay.unwrap_or(now);
                if self.take_invitation(&message, own, Some(&result.id), sent_at, now, changes) {
                    return Ok(());
                }
                let from_us = message
                    .from
                    .as_ref()
                    .is_none_or(|from| from.as_bare() == own);
                let kind = from_us.then_some(xmpp_protocol::carbons::CarbonKind::Sent);
                self.apply_markers(&message, own, kind, changes).await?;
                return Ok(());
            }
            QueryPurpose::CatchUp => Arrival::Newest { unread: true },
            QueryPurpose::Newest => Arrival::Newest { unread: false },
            QueryPurpose::Older { .. } => {
                query.held.push(result);
                return Ok(());
            }
        };
        let forwarded = result.forwarded;
        let query_id = result.query_id;
        if self
            .store_chat(
                &forwarded.message,
                own,
                Some(result.id),
                forwarded.delay,
                arrival,
                now,
                changes,
            )
            .await?
        {
            if let Some(query) = self
                .sync
                .queries
                .values_mut()
                .find(|q| query_id.as_deref() == Some(q.query_id.as_str()))
            {
                query.stored += 1;
            }
        }
        Ok(())
    }

    /// Routes an IQ answer to the query that asked; returns false if it was not ours.
    pub(crate) async fn on_iq_answer(
        &mut self,
        id: &str,
        answer: Result<Option<&Element>, Option<&StanzaError>>,
        now: Millis,
        changes: &mut Changes,
    ) -> Result<bool, ClientError> {
        if self.on_retention_answer(id, answer, changes).await? {
            return Ok(true);
        }
        if self.on_read_sync_answer(id, answer, changes).await? {
            return Ok(true);
        }
        if self.sync.carbons_iq.as_deref() == Some(id) {
            self.sync.carbons_iq = None;
            return Ok(true);
        }
        let Some(query) = self.sync.queries.remove(id) else {
            return Ok(false);
        };
        let was_caught_up = self.sync.caught_up;
        match answer {
            Ok(payload) => {
                let fin = payload
                    .map(ArchiveFin::try_from)
                    .and_then(Result::ok)
                    .unwrap_or_default();
                if let QueryPurpose::Older { oldest_time, .. } = &query.purpose {
                    self.store_older(query.held, *oldest_time, now, changes)
                        .await?;
                }
                let nothing_yet = query.purpose == QueryPurpose::Newest
                    && query.stored == 0
                    && query.depth < NEWEST_PAGES;
                match fin
                    .set
                    .first
                    .clone()
                    .filter(|_| nothing_yet && !fin.complete)
                {
                    // Only receipts and markers so far: read further back before showing anything.
                    Some(first) => {
                        if query.depth == 0 {
                            if let Some(last) = fin.set.last.clone() {
                                self.set_sync_point(last, changes);
                            }
                        }
                        self.query_archive(
                            QueryPurpose::Newest,
                            None,
                            ResultSet::before(Some(first), HISTORY_PAGE),
                            now,
                        );
                        if let Some(next) = self
                            .sync
                            .queries
                            .values_mut()
                            .find(|q| q.purpose == QueryPurpose::Newest)
                        {
                            next.depth = query.depth + 1;
                        }
                    }
                    None => self.on_fin(query.purpose, fin, query.depth, now, changes),
                }
                self.release_held(now, changes).await?;
            }
            Err(error) => {
                let unknown_id = error.is_some_and(|e| e.condition == ErrorCondition::ItemNotFound);
                if query.purpose == QueryPurpose::CatchUp && unknown_id {
                    // The archive forgot our sync point (expired): start again from the newest page.
                    self.query_archive(
                        QueryPurpose::Newest,
                        None,
                        ResultSet::before(None, NEWEST_PAGE),
                        now,
                    );
                } else {
                    self.sync.caught_up = true;
                    self.events.push_back(ClientEvent::HistoryUnavailable(
                        crate::HistoryProblem::ArchiveRefused(crate::Refusal::from_error(error)),
                    ));
                }
                self.release_held(now, changes).await?;
            }
        }
        if !was_caught_up && self.sync.caught_up {
            self.mark_open_chat_read(changes).await?;
            self.omemo_caught_up(now, changes).await?;
        }
        Ok(true)
    }

    /// Caught up on a fresh stream: the peer learns the open chat was read, including what the
    /// archive just brought and a marker the broken stream may have lost (one per stream).
    async fn mark_open_chat_read(&mut self, changes: &Changes) -> Result<(), ClientError> {
        match self.active.clone() {
            Some(active) => self.mark_displayed_with(&active, changes).await,
            None => Ok(()),
        }
    }

    /// Stores what arrived live during the catch-up, once it is over.
    pub(crate) async fn release_held(
        &mut self,
        now: Millis,
        changes: &mut Changes,
    ) -> Result<(), ClientError> {
        if self.sync.holds_live() {
            return Ok(());
        }
        for message in std::mem::take(&mut self.sync.held) {
            self.on_message(message, now, changes).await?;
        }
        Ok(())
    }

    /// Stores a page of older history, newest first, each placed before the next one.
    async fn store_older(
        &mut self,
        held: Vec<ArchiveResult>,
        oldest_time: Millis,
        now: Millis,
        changes: &mut Changes,
    ) -> Result<(), ClientError> {
        let Some(own) = self.own_bare() else {
            return Ok(());
        };
        // A failed batch read only means each message's check reads on its own.
        if self.prefetch_known_results(&held).await.is_err() {
            self.known_ids.clear();
        }
        let stored = self
            .store_older_each(held, &own, oldest_time, now, changes)
            .await;
        self.known_ids.clear();
        stored
    }

    async fn store_older_each(
        &mut self,
        held: Vec<ArchiveResult>,
        own: &BareJid,
        oldest_time: Millis,
        now: Millis,
        changes: &mut Changes,
    ) -> Result<(), ClientError> {
        let mut next = oldest_time;
        for result in held.into_iter().rev() {
            let time = result
                .forwarded
                .delay
                .unwrap_or(now)
                .min(next.saturating_sub(1));
            next = time;
            self.store_chat(
                &result.forwarded.message,
                own,
                Some(result.id),
                Some(time),
                Arrival::Older,
                now,
                changes,
            )
            .await?;
        }
        Ok(())
    }

    fn on_fin(
        &mut self,
        purpose: QueryPurpose,
        fin: ArchiveFin,
        depth: u8,
        now: Millis,
        changes: &mut Changes,
    ) {
        match purpose {
            QueryPurpose::CatchUp | QueryPurpose::Newest => {
                // A deeper page of the newest-history search is older than the sync point.
                if let Some(last) = fin.set.last.clone().filter(|_| depth == 0) {
                    self.set_sync_point(last, changes);
                }
                match fin.set.last {
                    Some(last) if purpose == QueryPurpose::CatchUp && !fin.complete => {
                        self.query_archive(
                            QueryPurpose::CatchUp,
                            None,
                            ResultSet::after(last, CATCH_UP_PAGE),
                            now,
                        );
                    }
                    _ => self.sync.caught_up = true,
                }
            }
            QueryPurpose::Older { conversation, .. } => {
                if let Some(first) = fin.set.first.clone() {
                    self.sync.older_cursor.insert(conversation.clone(), first);
                }
                self.events.push_back(ClientEvent::HistoryLoaded {
                    conversation,
                    complete: fin.complete || fin.set.first.is_none(),
                });
            }
        }
    }

    fn set_sync_point(&mut self, archive_id: String, changes: &mut Changes) {
        if let Some(account) = self.account.as_mut() {
            account.last_archive_id = Some(archive_id);
            changes.account = Some(Some(account.clone()));
        }
    }

    /// Once caught up, the newest live archive id is where the next catch-up starts.
    pub(crate) fn note_live_archive_id(
        &mut self,
        archive_id: Option<String>,
        changes: &mut Changes,
    ) {
        if let (true, Some(id)) = (self.sync.caught_up, archive_id) {
            self.set_sync_point(id, changes);
        }
    }

    /// The server holds our message: it is sent.
    pub(crate) async fn on_acked(
        &mut self,
        id: &str,
        changes: &mut Changes,
    ) -> Result<(), ClientError> {
        let Some(conversation) = self.sync.in_flight.remove(id) else {
            return Ok(());
        };
        let pending = changes
            .message_upserts
            .iter()
            .rev()
            .find(|m| m.id == id)
            .cloned();
        let stored = match pending {
            Some(message) => Some(message),
            None => self.store.find_message(&conversation, id).await?,
        };
        if let Some(mut message) = stored.filter(|m| m.state == DeliveryState::Pending) {
            message.state = DeliveryState::Sent;
            changes.message_upserts.retain(|m| m.id != id);
            changes.message_upserts.push(message);
        }
        Ok(())
    }

    /// The stream was resumed: what was in flight has been retransmitted by the session; only
    /// messages written while offline still have to go.
    pub(crate) async fn on_resumed(
        &mut self,
        now: Millis,
        changes: &mut Changes,
    ) -> Result<(), ClientError> {
        self.mark_established();
        self.set_connection(crate::ConnectionState::Online);
        self.send_client_state();
        // A reloaded page resumes its tab's stream with nothing loaded yet.
        self.load_omemo(now, changes).await?;
        if self.sync.unsaved_arrivals {
            self.catch_up_again(now);
        }
        for message in self.store.pending_messages().await? {
            // Acknowledged by the `<resumed/>` itself: marked sent in this batch, not yet stored.
            let acked_now = changes
                .message_upserts
                .iter()
                .any(|m| m.id == message.id && m.state != DeliveryState::Pending);
            if !acked_now && !self.sync.in_flight.contains_key(&message.id) {
                self.send_routed(message, now, changes).await?;
            }
        }
        Ok(())
    }
}
