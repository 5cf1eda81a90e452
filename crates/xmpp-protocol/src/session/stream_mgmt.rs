//! XEP-0198 inside the session: counting stanzas both ways, answering and sending ack
//! requests, remembering what the server has not acknowledged, and resuming a dropped stream.
//!
//! Stanzas are counted from `<enable/>` on. Every outgoing message is followed by `<r/>`, so
//! the server's `<a/>` tells the caller (through [`Event::StanzaAcked`]) which messages it
//! holds. Other stanzas ask for an ack every [`ACK_REQUEST_EVERY`], so what waits for one stays
//! few: it is what a reloaded page keeps to resend, saved after every change (answering the
//! caps queries of 5,000 contacts' PEP services once left 5,000 results waiting forever, and
//! every save copied them all). Without stream management a message counts as acknowledged once
//! it is written.

use std::collections::VecDeque;

use super::{Event, Phase, Session, SessionError};
use crate::features::StreamFeatures;
use crate::jid::FullJid;
use crate::ns;
use crate::sm::Sm;
use crate::stanza::is_stanza_ns;
use crate::xml::Element;
use crate::Millis;

/// What a new connection needs to resume a dropped stream: taken from the old session with
/// [`Session::resume_state`], handed to the new one with [`Session::set_resume`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResumeState {
    pub id: String,
    pub jid: FullJid,
    /// Stanzas we handled on the old stream.
    pub inbound: u32,
    /// The server's last `h`.
    pub acked: u32,
    /// Stanzas sent on the old stream that the server has not acknowledged, oldest first.
    pub unacked: Vec<Element>,
}

/// Stanzas other than messages sent before `<r/>` is asked for again.
pub const ACK_REQUEST_EVERY: usize = 10;

impl ResumeState {
    pub fn view(&self) -> ResumeView<'_> {
        ResumeView {
            id: &self.id,
            jid: &self.jid,
            inbound: self.inbound,
            acked: self.acked,
            unacked: self.unacked.iter().collect(),
        }
    }
}

/// A [`ResumeState`] borrowed from where it lives. The `n`th unacknowledged stanza is the
/// stream's stanza number `acked + n + 1` (wrapping, as XEP-0198 counts).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResumeView<'a> {
    pub id: &'a str,
    pub jid: &'a FullJid,
    pub inbound: u32,
    pub acked: u32,
    pub unacked: Vec<&'a Element>,
}

impl ResumeView<'_> {
    pub fn to_state(&self) -> ResumeState {
        ResumeState {
            id: self.id.to_owned(),
            jid: self.jid.clone(),
            inbound: self.inbound,
            acked: self.acked,
            unacked: self
                .unacked
                .iter()
                .map(|stanza| (*stanza).clone())
                .collect(),
        }
    }
}

#[derive(Debug, Default)]
pub(super) struct StreamMgmt {
    pub offered: bool,
    /// `<enable/>` went out: stanzas are being counted.
    pub active: bool,
    pub resume_id: Option<String>,
    pub inbound: u32,
    pub acked: u32,
    pub unacked: VecDeque<Element>,
    /// Stanzas sent since the last `<r/>`.
    pub since_request: usize,
    /// From the previous connection, used once the new one has authenticated.
    pub pending_resume: Option<ResumeState>,
}

pub(super) fn is_stanza(element: &Element) -> bool {
    matches!(element.name.as_str(), "message" | "presence" | "iq") && is_stanza_ns(&element.ns)
}

impl Session {
    /// Asks this (new) session to resume `state` instead of binding a fresh resource, if the
    /// server offers stream management. Call before feeding the first frame.
    pub fn set_resume(&mut self, state: ResumeState) {
        self.sm.pending_resume = Some(state);
    }

    /// The state a later connection needs to resume this stream; `None` when the stream
    /// cannot be resumed (not enabled with resumption, or ended in an orderly way or by an error).
    /// A connection that drops again before it got online keeps the state it was given, so
    /// the stream stays resumable through a series of short-lived connections.
    pub fn resume_state(&self) -> Option<ResumeState> {
        self.resume_view().map(|view| view.to_state())
    }

    /// [`Session::resume_state`] without copying the stanzas: what a caller keeping a copy in
    /// step needs after every change (the stanzas waiting for an ack can be thousands).
    pub fn resume_view(&self) -> Option<ResumeView<'_>> {
        match &self.phase {
            _ if self.close_sent => return None,
            Phase::Resuming { resume, .. } => return Some(resume.view()),
            Phase::Online if self.sm.active => {}
            Phase::Online | Phase::Closed | Phase::Failed => return None,
            _ => return self.sm.pending_resume.as_ref().map(ResumeState::view),
        }
        Some(ResumeView {
            id: self.sm.resume_id.as_deref()?,
            jid: self.bound_jid.as_ref()?,
            inbound: self.sm.inbound,
            acked: self.sm.acked,
            unacked: self.sm.unacked.iter().collect(),
        })
    }

    /// Whether XEP-0198 acknowledgements are in use on this stream.
    pub fn stream_management_active(&self) -> bool {
        self.sm.active
    }

    /// After authentication: resume the previous stream when we can, bind otherwise.
    pub(super) fn resume_or_bind(
        &mut self,
        features: StreamFeatures,
        now: Millis,
    ) -> Result<(), SessionError> {
        self.sm.offered = features.stream_management;
        match self.sm.pending_resume.take() {
            Some(resume) if features.stream_management => {
                self.send_element(
                    Sm::Resume {
                        previd: resume.id.clone(),
                        h: resume.inbound,
                    }
                    .into(),
                );
                self.phase = Phase::Resuming {
                    features: Box::new(features),
                    resume: Box::new(resume),
                };
                Ok(())
            }
            _ => self.start_bind(&features, now),
        }
    }

    pub(super) fn handle_resume_answer(
        &mut self,
        element: &Element,
        now: Millis,
    ) -> Result<(), SessionError> {
        let Phase::Resuming { features, resume } =
            std::mem::replace(&mut self.phase, Phase::EstablishingSession)
        else {
            return Ok(());
        };
        match Sm::try_from(element) {
            Ok(Sm::Resumed { h, .. }) => {
                let resume = *resume;
                self.sm.active = true;
                self.sm.resume_id = Some(resume.id);
                self.sm.inbound = resume.inbound;
                self.sm.acked = resume.acked;
                self.sm.unacked = resume.unacked.into();
                self.handle_ack(h);
                self.bound_jid = Some(resume.jid.clone());
                self.phase = Phase::Online;
                self.events.push_back(Event::Resumed { jid: resume.jid });
                // What the old stream lost goes out again, then what was queued meanwhile.
                let lost: Vec<Element> = self.sm.unacked.drain(..).collect();
                for stanza in lost.into_iter().chain(std::mem::take(&mut self.outbox)) {
                    self.send_element(stanza);
                }
                Ok(())
            }
            Ok(Sm::Failed { .. }) => {
                self.events.push_back(Event::ResumeFailed);
                self.start_bind(&features, now)
            }
            _ => Err(self.unexpected(element)),
        }
    }

    /// Called when a fresh stream goes online: start counting.
    pub(super) fn enable_stream_management(&mut self) {
        if self.sm.offered {
            self.send_element(Sm::Enable { resume: true }.into());
            self.sm.active = true;
            self.sm.inbound = 0;
            self.sm.acked = 0;
            self.sm.unacked.clear();
        }
    }

    /// A stream-management element received while online.
    pub(super) fn handle_sm_element(&mut self, element: &Element) {
        match Sm::try_from(element) {
            Ok(Sm::Enabled { id, resume, .. }) => self.sm.resume_id = id.filter(|_| resume),
            Ok(Sm::Failed { .. }) => {
                // Enabling was refused: nothing will be acknowledged, so stop waiting for it.
                self.sm.active = false;
                let unacked: Vec<Element> = self.sm.unacked.drain(..).collect();
                unacked.iter().for_each(|stanza| self.report_acked(stanza));
            }
            Ok(Sm::Request) if self.sm.active => {
                self.send_element(Sm::Ack { h: self.sm.inbound }.into())
            }
            Ok(Sm::Ack { h }) if self.sm.active => self.handle_ack(h),
            _ => {}
        }
    }

    pub(super) fn count_inbound(&mut self) {
        if self.sm.active {
            self.sm.inbound = self.sm.inbound.wrapping_add(1);
        }
    }

    /// Remembers an outgoing stanza until it is acknowledged; asks for an ack after messages.
    pub(super) fn track_outbound(&mut self, element: &Element) {
        if !self.sm.active || !matches!(self.phase, Phase::Online) {
            self.report_acked(element);
            return;
        }
        self.sm.unacked.push_back(element.clone());
        self.sm.since_request += 1;
        if element.name == "message" || self.sm.since_request >= ACK_REQUEST_EVERY {
            self.transmit.push_back(Element::from(Sm::Request).to_xml());
            self.sm.since_request = 0;
        }
    }

    fn handle_ack(&mut self, h: u32) {
        // Counts wrap at 2^32 (XEP-0198 §4); a server claiming more than we sent acks everything.
        let newly = h.wrapping_sub(self.sm.acked) as usize;
        let newly = newly.min(self.sm.unacked.len());
        let acked: Vec<Element> = self.sm.unacked.drain(..newly).collect();
        acked.iter().for_each(|stanza| self.report_acked(stanza));
        self.sm.acked = h;
    }

    fn report_acked(&mut self, stanza: &Element) {
        if stanza.name == "message" {
            if let Some(id) = stanza.attr("id") {
                self.events
                    .push_back(Event::StanzaAcked { id: id.to_owned() });
            }
        }
    }
}

/// True for elements of the stream-management namespace (they are not stanzas).
pub(super) fn is_sm(element: &Element) -> bool {
    element.ns == ns::SM3
}
