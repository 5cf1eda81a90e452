//! The two OMEMO wire versions and the constants that differ between them.

use serde::{Deserialize, Serialize};

/// Which OMEMO protocol a key, bundle, message or session belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Version {
    /// `eu.siacs.conversations.axolotl` (XEP-0384 v0.3): libsignal protocol v3 on the wire.
    Legacy,
    /// `urn:xmpp:omemo:2` (XEP-0384 v0.8+).
    Omemo2,
}

impl Version {
    /// The XML namespace of this version.
    pub fn namespace(self) -> &'static str {
        match self {
            Version::Legacy => "eu.siacs.conversations.axolotl",
            Version::Omemo2 => "urn:xmpp:omemo:2",
        }
    }

    pub(crate) fn x3dh_info(self) -> &'static [u8] {
        match self {
            Version::Legacy => b"WhisperText",
            Version::Omemo2 => b"OMEMO X3DH",
        }
    }

    pub(crate) fn root_chain_info(self) -> &'static [u8] {
        match self {
            Version::Legacy => b"WhisperRatchet",
            Version::Omemo2 => b"OMEMO Root Chain",
        }
    }

    pub(crate) fn message_key_info(self) -> &'static [u8] {
        match self {
            Version::Legacy => b"WhisperMessageKeys",
            Version::Omemo2 => b"OMEMO Message Key Material",
        }
    }

    /// Both versions, legacy first.
    pub const ALL: [Version; 2] = [Version::Legacy, Version::Omemo2];

    /// Length of the truncated HMAC-SHA256 that authenticates a ratchet message.
    pub(crate) fn mac_len(self) -> usize {
        match self {
            Version::Legacy => 8,
            Version::Omemo2 => 16,
        }
    }
}
