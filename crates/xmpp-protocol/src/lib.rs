//! The XMPP client protocol as pure functions and a sans-IO state machine.
//!
//! Nothing here touches a socket, clock or random number generator: time ([`Millis`]) and
//! randomness (the SCRAM nonce, which also seeds stanza ids) come from the caller, frames go in
//! and out as strings. That keeps the protocol testable natively in milliseconds and usable
//! unchanged from the browser driver.
//!
//! Layers, bottom up:
//! - [`jid`]: addresses; [`xml`]: an owned element tree with a hardened parser;
//! - [`framing`]: RFC 7395 WebSocket frames; [`sasl`]: authentication;
//! - [`stanza`], [`roster`], [`bind`], [`ping`], [`features`], [`datetime`]: typed payloads,
//!   each `TryFrom<&Element>` and `Into<Element>` (see [`payload`] for the pattern);
//! - [`styling`] (XEP-0393 and links), [`me_command`] (XEP-0245): pure body presentation;
//! - [`session`]: the client state machine tying them together.
//!
//! New features (MUC, MAM, carbons, OMEMO elements, stream management) go in their own module
//! following the [`payload`] pattern, reading `payloads` of the stanza types.

#[macro_use]
mod macros;

pub mod avatar;
pub mod bind;
pub mod blocking;
pub mod caps;
pub mod carbons;
pub mod chat_states;
pub mod color;
pub mod correction;
pub mod csi;
pub mod dataforms;
mod dataforms_editing;
pub mod datetime;
pub mod disco;
pub mod ephemeral;
pub mod features;
pub mod forward;
pub mod framing;
pub mod idle;
pub mod jid;
pub mod last;
pub mod mam;
pub mod markers;
pub mod mds;
pub mod me_command;
pub mod muc;
pub mod nick;
pub mod ns;
pub mod omemo;
pub mod payload;
pub mod ping;
pub mod profile;
pub mod pubsub;
pub mod reactions;
pub mod register;
pub mod reply;
pub mod retention_prefs;
pub mod retraction;
pub mod roster;
pub mod rsm;
pub mod sasl;
pub mod session;
pub mod sm;
pub mod stanza;
pub mod styling;
pub mod upload;
pub mod uri;
pub mod vcard;
pub mod xml;

/// Milliseconds since the Unix epoch, always passed in by the caller.
pub type Millis = u64;

pub use datetime::{format_datetime, parse_datetime, DateTimeError};
pub use framing::{Frame, FramingError};
pub use jid::{BareJid, FullJid, Jid, JidError};
pub use payload::ParseError;
pub use roster::{RosterItem, RosterQuery, Subscription};
pub use sasl::{Mechanism, SaslError, ScramKeys, ScramMechanism};
pub use session::{
    Credentials, Event, ResumeState, ResumeView, Session, SessionConfig, SessionError, SessionState,
};
pub use stanza::{
    ErrorCondition, ErrorType, Iq, IqKind, Message, MessageKind, Presence, PresenceKind, Show,
    Stanza, StanzaError, StreamError, StreamErrorCondition,
};
pub use xml::{Element, Node, XmlError};
