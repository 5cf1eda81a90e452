//! Fatal session errors, one variant per way a login or stream can end badly.

use crate::framing::FramingError;
use crate::sasl::SaslError;
use crate::stanza::{StanzaError, StreamError};
use crate::xml::XmlError;

/// Why a session ended. Every error returned by
/// [`Session::handle_frame`](super::Session::handle_frame) is fatal: the state is then
/// [`SessionState::Failed`](super::SessionState::Failed) and the socket should be closed once
/// the queued frames are sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SessionError {
    #[error("the server sent malformed XML: {0}")]
    Xml(XmlError),
    #[error("the server sent an invalid frame: {0}")]
    Framing(FramingError),
    #[error("authentication failed: {0}")]
    Sasl(#[from] SaslError),
    #[error("the server ended the stream: {0}")]
    Stream(StreamError),
    #[error("the server offers no usable authentication mechanism (offered: {offered:?})")]
    NoUsableMechanism { offered: Vec<String> },
    #[error("the server does not offer resource binding")]
    BindNotOffered,
    #[error("resource binding failed: {0}")]
    BindFailed(StanzaError),
    #[error("session establishment failed: {0}")]
    SessionFailed(StanzaError),
    #[error("the server speaks XMPP version {version:?}; only 1.0 is supported")]
    UnsupportedVersion { version: Option<String> },
    #[error("unexpected {0} from the server")]
    UnexpectedFrame(String),
    #[error("the server sent a malformed {what}: {reason}")]
    MalformedLoginElement { what: &'static str, reason: String },
    #[error("the server did not answer {id} in time")]
    LoginTimeout { id: String },
}

impl From<FramingError> for SessionError {
    fn from(error: FramingError) -> Self {
        match error {
            FramingError::Xml(xml) => SessionError::Xml(xml),
            other => SessionError::Framing(other),
        }
    }
}
