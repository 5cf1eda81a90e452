//! Carrying the stream-management resumption (XEP-0198) across a page reload: the browser
//! driver keeps it in the tab's `sessionStorage` (per tab, so two tabs never resume each
//! other's stream) and hands it back to the new page's client, which then resumes instead of
//! binding a new resource and catching up from the archive.
//!
//! The driver keeps its copy in step after every input from a [`ResumeSnapshot`]: the counts
//! change with every stanza, while each stanza waiting for an ack is written once (see
//! `web::tab_resume`), because rewriting them all on every change once took minutes.

use chat_store::{ConversationId, Store};
use serde::{Deserialize, Serialize};
use xmpp_protocol::xml::parse_element;
use xmpp_protocol::xml::Element;
use xmpp_protocol::{FullJid, ResumeState};

use crate::client::Client;

/// The counts of a resumable stream; the stanzas waiting for an ack travel beside it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResumeMeta {
    pub id: String,
    pub jid: String,
    pub inbound: u32,
    /// The server's last `h`: the `n`th stanza waiting for an ack is number `acked + n + 1`.
    pub acked: u32,
    /// How many stanzas wait for an ack.
    pub waiting: usize,
}

/// The resumable stream now, borrowed from the client.
pub struct ResumeSnapshot<'a> {
    pub meta: ResumeMeta,
    pub unacked: Vec<&'a Element>,
}

/// The JSON [`Client::restore_resume`] takes, from the counts and the stanzas as XML.
pub fn assemble_saved_resume(meta: ResumeMeta, unacked: Vec<String>) -> Option<String> {
    let saved = SavedResume {
        id: meta.id,
        jid: meta.jid,
        inbound: meta.inbound,
        acked: meta.acked,
        unacked,
    };
    serde_json::to_string(&saved).ok()
}

#[derive(Serialize, Deserialize)]
struct SavedResume {
    id: String,
    jid: String,
    inbound: u32,
    acked: u32,
    /// Unacknowledged stanzas as XML.
    unacked: Vec<String>,
}

impl<S: Store> Client<S> {
    /// What a reload needs to resume the current stream, as JSON; `None` when there is no
    /// resumable stream, or when arrivals could not be stored: the next page then logs in
    /// afresh and reads them from the archive.
    pub fn saved_resume(&self) -> Option<String> {
        let snapshot = self.resume_snapshot()?;
        let unacked = snapshot
            .unacked
            .iter()
            .map(|stanza| stanza.to_xml())
            .collect();
        assemble_saved_resume(snapshot.meta, unacked)
    }

    /// [`Client::saved_resume`] before it is written out: the counts, and the stanzas waiting
    /// for an ack without copying them.
    pub fn resume_snapshot(&self) -> Option<ResumeSnapshot<'_>> {
        if self.sync.unsaved_arrivals {
            return None;
        }
        let view = match self.session.as_ref() {
            Some(session) => session.resume_view(),
            None => self.sync.resume.as_ref().map(ResumeState::view),
        }?;
        Some(ResumeSnapshot {
            meta: ResumeMeta {
                id: view.id.to_owned(),
                jid: view.jid.to_string(),
                inbound: view.inbound,
                acked: view.acked,
                waiting: view.unacked.len(),
            },
            unacked: view.unacked,
        })
    }

    /// Takes a resumption saved by the previous page of this tab (before `start_resume`).
    /// Ignored when it is unreadable or for another account.
    pub fn restore_resume(&mut self, json: &str) {
        let Ok(saved) = serde_json::from_str::<SavedResume>(json) else {
            return;
        };
        let Ok(jid) = saved.jid.parse::<FullJid>() else {
            return;
        };
        if self.account.as_ref().map(|a| a.jid.as_str()) != Some(jid.to_bare().to_string().as_str())
        {
            return;
        }
        let unacked: Vec<_> = saved
            .unacked
            .iter()
            .filter_map(|xml| parse_element(xml).ok())
            .collect();
        // Messages the old page sent without an acknowledgement go again with the resumption;
        // they must not also go out of the outbox.
        for stanza in unacked.iter().filter(|s| s.name == "message") {
            let (Some(id), Some(to)) = (stanza.attr("id"), stanza.attr("to")) else {
                continue;
            };
            let peer = to.split('/').next().unwrap_or_default().to_owned();
            self.sync
                .in_flight
                .insert(id.to_owned(), ConversationId::direct(peer));
        }
        self.sync.resume = Some(ResumeState {
            id: saved.id,
            jid,
            inbound: saved.inbound,
            acked: saved.acked,
            unacked,
        });
    }
}
