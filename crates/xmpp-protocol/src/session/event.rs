//! Everything the session reports, as one enum drained with `poll_event`.

use crate::jid::FullJid;
use crate::payload::ParseError;
use crate::roster::{RosterItem, RosterQuery};
use crate::sasl::ScramKeys;
use crate::stanza::{Iq, Message, Presence, StanzaError, StreamError};
use crate::xml::Element;

/// What the session reports to its caller, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// SASL succeeded. After SCRAM, `keys` can be stored to log in later without the password.
    Authenticated {
        mechanism: String,
        keys: Option<ScramKeys>,
    },
    /// A resource is bound: stanzas can flow.
    Online {
        jid: FullJid,
    },
    /// The previous stream was resumed (XEP-0198): nothing was lost, no new login steps.
    Resumed {
        jid: FullJid,
    },
    /// Resumption was refused; a fresh resource is being bound ([`Event::Online`] follows).
    /// What the old stream had in flight is gone: the caller resends and catches up.
    ResumeFailed,
    /// The server holds our message `id` (XEP-0198 ack, or written out when acks are off).
    StanzaAcked {
        id: String,
    },
    Message(Message),
    Presence(Presence),
    /// The answer to [`Session::request_roster`](super::Session::request_roster). When the
    /// server answers "your version is current" (an empty result), `items` is empty and `ver`
    /// is the version that was asked for.
    Roster(RosterQuery),
    /// A roster change pushed by our own server, already acknowledged.
    RosterPush(RosterItem),
    /// The roster version a push carried (RFC 6121 §2.6.3), right after that push: storing
    /// it lets the next login ask for only the changes since.
    RosterVersion(String),
    /// The result of an IQ sent with [`Session::send_iq`](super::Session::send_iq).
    IqResult {
        id: String,
        payload: Option<Element>,
    },
    /// An error answer to an IQ we sent.
    IqError {
        id: String,
        error: StanzaError,
    },
    /// No answer within the timeout; a late answer is ignored.
    IqTimeout {
        id: String,
    },
    /// A get/set whose payload namespace was claimed with
    /// [`Session::accept_iq_namespace`](super::Session::accept_iq_namespace); the caller must
    /// answer it. Other requests are answered by the session itself.
    IncomingIq(Iq),
    /// A stanza that could not be read; an IQ request among them was already answered with
    /// `bad-request`. The session carries on.
    MalformedStanza {
        element: Element,
        error: ParseError,
    },
    /// A top-level element the session does not handle (e.g. a stream-management request).
    UnknownElement(Element),
    /// The server sent a stream error; the session has failed.
    StreamError(StreamError),
    /// The stream was closed in an orderly way.
    Closed,
}
