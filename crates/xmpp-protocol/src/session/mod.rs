//! The client session as a sans-IO state machine (the quinn-proto pattern): the caller feeds
//! received frames ([`Session::handle_frame`]) and the time ([`Session::handle_timeout`]),
//! and drains frames to send ([`Session::poll_transmit`]), events ([`Session::poll_event`])
//! and the next deadline ([`Session::poll_timeout`]). It never touches a socket, clock or RNG.
//!
//! Login: `<open/>` → features → SASL → `<open/>` again → features → bind → (legacy session if
//! required) → [`Event::Online`]. Once online it answers pings and unknown requests itself,
//! acknowledges roster pushes, tracks IQs with timeouts, and reports everything else as events.

mod config;
mod error;
mod event;
mod login;
mod online;
mod pending;
mod stream_mgmt;

use std::collections::VecDeque;

pub use config::{Credentials, SessionConfig, SessionState, DEFAULT_IQ_TIMEOUT_MS};
pub use error::SessionError;
pub use event::Event;
pub use stream_mgmt::{ResumeState, ResumeView};

use pending::{PendingIq, PendingIqs, Purpose};
use sha2::{Digest, Sha256};
use stream_mgmt::StreamMgmt;

use crate::framing::{close_frame, open_frame, parse_frame, Frame};
use crate::jid::{BareJid, FullJid};
use crate::ns;
use crate::roster::RosterQuery;
use crate::sasl::SaslClient;
use crate::stanza::{Iq, Message, Presence, StreamError, StreamErrorCondition};
use crate::xml::Element;
use crate::Millis;

#[derive(Debug)]
enum Phase {
    AwaitingOpen {
        authenticated: bool,
    },
    AwaitingFeatures {
        authenticated: bool,
    },
    Authenticating {
        client: Box<SaslClient>,
    },
    Binding {
        session_required: bool,
    },
    EstablishingSession,
    /// Authenticated; `<resume/>` sent, binding again if it fails.
    Resuming {
        features: Box<crate::features::StreamFeatures>,
        resume: Box<ResumeState>,
    },
    Online,
    Closed,
    Failed,
}

/// One XMPP client stream. See the module documentation.
#[derive(Debug)]
pub struct Session {
    jid: BareJid,
    resource: Option<String>,
    client_nonce: String,
    iq_timeout_ms: u64,
    /// Taken when SASL starts, so the password does not outlive the login.
    credentials: Option<Credentials>,
    phase: Phase,
    bound_jid: Option<FullJid>,
    /// What the server offered after authentication (CSI, roster versioning, ...).
    features: Option<crate::features::StreamFeatures>,
    transmit: VecDeque<String>,
    events: VecDeque<Event>,
    pending: PendingIqs,
    /// Stanzas sent before the session was online, in order.
    outbox: Vec<Element>,
    accepted_iq_namespaces: Vec<String>,
    id_prefix: String,
    next_id: u64,
    close_sent: bool,
    closed_reported: bool,
    sm: StreamMgmt,
}

impl Session {
    /// Starts a session and queues the stream header.
    pub fn new(config: SessionConfig, _now: Millis) -> Self {
        let SessionConfig {
            jid,
            resource,
            credentials,
            client_nonce,
            iq_timeout_ms,
        } = config;
        // Ids must not collide with a previous connection's; the nonce is fresh per connection.
        let digest = Sha256::digest(client_nonce.as_bytes());
        let id_prefix = digest
            .iter()
            .take(4)
            .map(|byte| format!("{byte:02x}"))
            .collect();
        let mut session = Self {
            jid,
            resource,
            client_nonce,
            iq_timeout_ms,
            credentials: Some(credentials),
            phase: Phase::AwaitingOpen {
                authenticated: false,
            },
            bound_jid: None,
            features: None,
            transmit: VecDeque::new(),
            events: VecDeque::new(),
            pending: PendingIqs::default(),
            outbox: Vec::new(),
            accepted_iq_namespaces: Vec::new(),
            id_prefix,
            next_id: 0,
            close_sent: false,
            closed_reported: false,
            sm: StreamMgmt::default(),
        };
        session.send_open();
        session
    }

    /// Feeds one received WebSocket frame. An error is always fatal (see [`SessionError`]);
    /// problems with a single stanza are reported as [`Event::MalformedStanza`] instead.
    pub fn handle_frame(&mut self, frame: &str, now: Millis) -> Result<(), SessionError> {
        if matches!(self.phase, Phase::Failed) || frame.trim().is_empty() {
            return Ok(());
        }
        let frame = match parse_frame(frame) {
            Ok(frame) => frame,
            Err(error) => {
                let error = SessionError::from(error);
                if matches!(error, SessionError::Xml(_)) {
                    self.send_element(StreamError::new(StreamErrorCondition::NotWellFormed).into());
                }
                return Err(self.fail(error));
            }
        };
        match frame {
            Frame::Open { version, .. } => self.handle_open(version),
            Frame::Close { .. } => {
                self.handle_close();
                Ok(())
            }
            Frame::Stanza(element) if element.is("error", ns::STREAM) => {
                let error = StreamError::try_from(&element)
                    .unwrap_or_else(|_| StreamError::new(StreamErrorCondition::UndefinedCondition));
                self.events.push_back(Event::StreamError(error.clone()));
                Err(self.fail(SessionError::Stream(error)))
            }
            Frame::Stanza(element) => self.handle_element(element, now),
        }
    }

    /// The next frame to send, oldest first.
    pub fn poll_transmit(&mut self) -> Option<String> {
        self.transmit.pop_front()
    }

    pub fn poll_event(&mut self) -> Option<Event> {
        self.events.pop_front()
    }

    /// When [`Session::handle_timeout`] should next be called.
    pub fn poll_timeout(&self) -> Option<Millis> {
        self.pending.next_deadline()
    }

    /// Expires IQs whose deadline has passed: [`Event::IqTimeout`] for each. A login step
    /// that times out fails the session.
    pub fn handle_timeout(&mut self, now: Millis) {
        for expired in self.pending.take_expired(now) {
            let login_step = matches!(expired.purpose, Purpose::Bind | Purpose::Session);
            self.events.push_back(Event::IqTimeout {
                id: expired.id.clone(),
            });
            if login_step && !matches!(self.phase, Phase::Failed) {
                self.fail(SessionError::LoginTimeout { id: expired.id });
            }
        }
    }

    pub fn state(&self) -> SessionState {
        match &self.phase {
            Phase::Failed => SessionState::Failed,
            Phase::Closed => SessionState::Closed,
            _ if self.close_sent => SessionState::Closed,
            Phase::AwaitingOpen {
                authenticated: false,
            }
            | Phase::AwaitingFeatures {
                authenticated: false,
            } => SessionState::Connecting,
            Phase::Authenticating { .. } => SessionState::Authenticating,
            Phase::AwaitingOpen {
                authenticated: true,
            }
            | Phase::AwaitingFeatures {
                authenticated: true,
            }
            | Phase::Binding { .. }
            | Phase::Resuming { .. }
            | Phase::EstablishingSession => SessionState::Binding,
            Phase::Online => SessionState::Online,
        }
    }

    pub fn bound_jid(&self) -> Option<&FullJid> {
        self.bound_jid.as_ref()
    }

    /// The stream features offered after authentication, once they arrived.
    pub fn features(&self) -> Option<&crate::features::StreamFeatures> {
        self.features.as_ref()
    }

    /// Sends now when online, otherwise once the session is.
    pub fn send_message(&mut self, message: Message) {
        self.send_stanza(message.into());
    }

    pub fn send_presence(&mut self, presence: Presence) {
        self.send_stanza(presence.into());
    }

    /// Sends a top-level element that is not a stanza (a nonza such as XEP-0352 `<inactive/>`)
    /// if the session is online; otherwise it is dropped, as it only describes the moment.
    pub fn send_nonza(&mut self, element: Element) {
        if matches!(self.phase, Phase::Online) {
            self.send_element(element);
        }
    }

    /// Sends an IQ and returns its id (assigned here if `iq.id` is empty). Requests are tracked:
    /// exactly one of [`Event::IqResult`], [`Event::IqError`] or [`Event::IqTimeout`] follows.
    pub fn send_iq(&mut self, mut iq: Iq, now: Millis) -> String {
        if iq.id.is_empty() {
            iq.id = self.next_stanza_id();
        }
        let id = iq.id.clone();
        if iq.is_request() {
            self.track(&iq, now, Purpose::Caller);
        }
        self.send_stanza(iq.into());
        id
    }

    /// Asks for the roster (only the changes since `ver`, if given); answered by
    /// [`Event::Roster`] or [`Event::IqError`].
    pub fn request_roster(&mut self, ver: Option<String>, now: Millis) -> String {
        let iq = Iq::get(
            None,
            self.next_stanza_id(),
            RosterQuery::request(ver.clone()),
        );
        let id = iq.id.clone();
        self.track(&iq, now, Purpose::Roster { ver });
        self.send_stanza(iq.into());
        id
    }

    /// Requests whose payload is in `namespace` are handed to the caller as
    /// [`Event::IncomingIq`] instead of being refused with `service-unavailable`.
    pub fn accept_iq_namespace(&mut self, namespace: &str) {
        if !self
            .accepted_iq_namespaces
            .iter()
            .any(|known| known == namespace)
        {
            self.accepted_iq_namespaces.push(namespace.to_owned());
        }
    }

    /// Ends the stream: queues `<close/>`; nothing is sent after it.
    pub fn close(&mut self) {
        if !self.close_sent && !matches!(self.phase, Phase::Failed) {
            self.transmit.push_back(close_frame());
            self.close_sent = true;
        }
    }

    fn handle_close(&mut self) {
        self.close();
        self.phase = Phase::Closed;
        if !self.closed_reported {
            self.closed_reported = true;
            self.events.push_back(Event::Closed);
        }
    }

    fn own_bare(&self) -> BareJid {
        self.bound_jid
            .as_ref()
            .map_or_else(|| self.jid.clone(), FullJid::to_bare)
    }

    fn next_stanza_id(&mut self) -> String {
        self.next_id += 1;
        format!("{}-{}", self.id_prefix, self.next_id)
    }

    fn track(&mut self, iq: &Iq, now: Millis, purpose: Purpose) {
        self.pending.insert(PendingIq {
            id: iq.id.clone(),
            to: iq.to.clone(),
            deadline: now.saturating_add(self.iq_timeout_ms),
            purpose,
        });
    }

    fn send_open(&mut self) {
        if self.close_sent {
            return;
        }
        self.transmit.push_back(open_frame(self.jid.domain()));
    }

    /// A stanza from the caller: out now if online, later if still logging in, never after close.
    fn send_stanza(&mut self, element: Element) {
        match self.phase {
            _ if self.close_sent => {}
            Phase::Online => self.send_element(element),
            Phase::Closed | Phase::Failed => {}
            _ => self.outbox.push(element),
        }
    }

    /// Queues a frame, unless `<close/>` has already gone out: nothing may follow it.
    fn send_element(&mut self, element: Element) {
        if self.close_sent {
            return;
        }
        let xml = element.to_xml();
        self.transmit.push_back(xml);
        if stream_mgmt::is_stanza(&element) {
            self.track_outbound(&element);
        }
    }

    /// Marks the session failed, closes the stream, and hands the error back for returning.
    fn fail(&mut self, error: SessionError) -> SessionError {
        self.close();
        self.phase = Phase::Failed;
        self.outbox.clear();
        // Nothing can be answered any more; no deadline should keep the caller's timer armed.
        self.pending = PendingIqs::default();
        error
    }
}
