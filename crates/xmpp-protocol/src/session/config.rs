//! What the caller configures, and the coarse state it can observe.

use std::fmt;

use zeroize::Zeroizing;

use crate::jid::BareJid;
use crate::sasl::ScramKeys;

/// The IQ timeout used when a caller has no opinion.
pub const DEFAULT_IQ_TIMEOUT_MS: u64 = 30_000;

/// Everything a session needs from its caller, including the randomness it may not generate.
#[derive(Clone)]
pub struct SessionConfig {
    pub jid: BareJid,
    /// The resource to ask for; `None` lets the server choose.
    pub resource: Option<String>,
    pub credentials: Credentials,
    /// Fresh random printable ASCII (no ',') per connection: the SCRAM client nonce, and the
    /// seed of this session's stanza ids.
    pub client_nonce: String,
    pub iq_timeout_ms: u64,
}

impl SessionConfig {
    /// A configuration with a server-assigned resource and the default IQ timeout.
    pub fn new(jid: BareJid, credentials: Credentials, client_nonce: impl Into<String>) -> Self {
        Self {
            jid,
            resource: None,
            credentials,
            client_nonce: client_nonce.into(),
            iq_timeout_ms: DEFAULT_IQ_TIMEOUT_MS,
        }
    }
}

/// How to authenticate: the password (first login) or keys from an earlier SCRAM login.
#[derive(Clone)]
pub enum Credentials {
    Password(Zeroizing<String>),
    Scram(ScramKeys),
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Credentials::Password(_) => f.write_str("Password(<redacted>)"),
            Credentials::Scram(keys) => f.debug_tuple("Scram").field(keys).finish(),
        }
    }
}

impl fmt::Debug for SessionConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SessionConfig")
            .field("jid", &self.jid)
            .field("resource", &self.resource)
            .field("credentials", &self.credentials)
            .field("iq_timeout_ms", &self.iq_timeout_ms)
            .finish_non_exhaustive()
    }
}

/// Where the session is, as the UI would describe it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SessionState {
    /// Waiting for the server's stream header and first features.
    Connecting,
    /// SASL exchange in progress.
    Authenticating,
    /// Authenticated; restarting the stream, binding a resource, establishing the session.
    Binding,
    Online,
    /// Closed in an orderly way, by us or the server.
    Closed,
    /// Ended by an error; the caller has been given the reason.
    Failed,
}
