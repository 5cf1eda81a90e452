//! Why a stored message could not be sent or cannot be read, as codes the UI words in the
//! reader's language. Earlier versions stored English sentences; those still read back, as
//! [`Stored::Text`], and are shown as they are.

use serde::{Deserialize, Serialize};

/// A reason kept with a message: a typed code, or a sentence stored by an earlier version.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Stored<T> {
    Code(T),
    Text(String),
}

/// Why an outgoing message failed.
pub type FailReason = Stored<SendFailure>;
/// Why an encrypted message cannot be shown.
pub type UnreadableReason = Stored<Unreadable>;

impl From<SendFailure> for FailReason {
    fn from(code: SendFailure) -> Self {
        Stored::Code(code)
    }
}

impl From<Unreadable> for UnreadableReason {
    fn from(code: Unreadable) -> Self {
        Stored::Code(code)
    }
}

// Messages keep their reasons boxed (see `DeliveryState::Failed`).
impl From<SendFailure> for Box<FailReason> {
    fn from(code: SendFailure) -> Self {
        Box::new(Stored::Code(code))
    }
}

impl From<Unreadable> for Box<UnreadableReason> {
    fn from(code: Unreadable) -> Self {
        Box::new(Stored::Code(code))
    }
}

/// Why this device cannot use its OMEMO keys right now.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum OmemoUnavailable {
    /// The keys are not loaded (yet).
    KeysNotReady,
    /// Another tab of this browser holds them; it takes over when that tab closes.
    OtherTab,
    /// The keys stored here belong to another account.
    OtherAccount,
    /// The browser gives no secure randomness.
    NoRandomness,
    /// The stored keys could not be read; `detail` is the storage's technical reason.
    KeysUnreadable { detail: String },
}

/// Why one device of a contact (or member) gets no key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum DeviceTrouble {
    /// Its key is distrusted.
    Distrusted,
    /// Its key waits for a trust decision.
    Undecided,
    /// It has published no usable bundle (keys to start a session).
    NoBundle,
    /// Its address or device id is invalid.
    InvalidAddress,
    /// Its bundle could not be fetched: the server's error condition, `None` when it did not
    /// answer in time.
    FetchFailed { condition: Option<String> },
    /// Its bundle is malformed or cannot start a session (technical detail).
    Unusable { detail: String },
}

/// One device and why it got no key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceProblem {
    pub jid: String,
    pub device_id: u32,
    pub trouble: DeviceTrouble,
}

/// Why an outgoing message was not sent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum SendFailure {
    /// The recipient's address is not valid.
    InvalidRecipient,
    NotInGroup,
    /// A visitor in a moderated group.
    CannotWriteInGroup,
    /// A private message in a group we left.
    RejoinForPrivate,
    /// The group refused it; the error condition's name.
    GroupRefused {
        condition: String,
    },
    /// Encryption is on for the chat, but this device cannot encrypt.
    CannotEncrypt {
        why: OmemoUnavailable,
    },
    /// Encryption is on, but the contact has no OMEMO device.
    NoOmemoDevice {
        peer: String,
    },
    /// Encryption is on, but no device of the contact could get a key.
    NotEncryptedFor {
        peer: String,
        devices: Vec<DeviceProblem>,
    },
    /// A private group is encrypted, but this device cannot encrypt.
    GroupCannotEncrypt {
        why: OmemoUnavailable,
    },
    /// A private group with nobody else in it: nobody to encrypt for.
    GroupAlone,
    /// No member has a device that can read it.
    GroupNobodyCanRead {
        devices: Vec<DeviceProblem>,
    },
    /// The encryption itself failed (technical detail).
    EncryptionFailed {
        detail: String,
    },
}

/// Why an encrypted message cannot be shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Unreadable {
    /// Its encrypted element is malformed.
    Malformed,
    /// This device cannot use its keys.
    Unavailable { why: OmemoUnavailable },
    /// It was not encrypted for this device.
    NotForThisDevice,
    /// It was sent before this device existed.
    BeforeThisDevice,
    /// No session with the sender's device.
    NoSession,
    /// It uses a prekey this device no longer has.
    UsedPreKey,
    /// It comes from a distrusted device.
    Distrusted,
    /// The sender's device has a new key.
    IdentityChanged,
    /// It was tampered with.
    Tampered,
    /// Decryption failed otherwise (technical detail).
    Failed { detail: String },
    /// Decrypted, but refused (technical detail: not text, a wrong envelope).
    Refused { detail: String },
    /// A group that did not reveal the sender's address, so their keys are unknown.
    UnknownGroupSender,
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::{DeliveryState, MessageEncryption};

    #[test]
    fn sentences_stored_by_earlier_versions_still_read_back() {
        let state: DeliveryState = serde_json::from_str(
            r#"{"state":"failed","reason":"The group refused this message (forbidden)."}"#,
        )
        .unwrap();
        assert_eq!(
            state,
            DeliveryState::Failed(Box::new(Stored::Text(
                "The group refused this message (forbidden).".into()
            )))
        );
        let encryption: MessageEncryption = serde_json::from_str(
            r#"{"kind":"undecryptable","reason":"This encrypted message cannot be read: x."}"#,
        )
        .unwrap();
        assert_eq!(
            encryption,
            MessageEncryption::Undecryptable {
                reason: Box::new(Stored::Text(
                    "This encrypted message cannot be read: x.".into()
                ))
            }
        );
    }

    #[test]
    fn typed_reasons_round_trip_as_codes() {
        let states = [
            DeliveryState::Failed(SendFailure::InvalidRecipient.into()),
            DeliveryState::Failed(
                SendFailure::CannotEncrypt {
                    why: OmemoUnavailable::OtherTab,
                }
                .into(),
            ),
            DeliveryState::Failed(
                SendFailure::NotEncryptedFor {
                    peer: "bob@example.org".into(),
                    devices: vec![DeviceProblem {
                        jid: "bob@example.org".into(),
                        device_id: 7,
                        trouble: DeviceTrouble::FetchFailed { condition: None },
                    }],
                }
                .into(),
            ),
        ];
        for state in states {
            let json = serde_json::to_string(&state).unwrap();
            assert!(json.contains("\"code\""), "{json}");
            assert_eq!(serde_json::from_str::<DeliveryState>(&json).unwrap(), state);
        }
        let encryption = MessageEncryption::Undecryptable {
            reason: Unreadable::Unavailable {
                why: OmemoUnavailable::KeysUnreadable {
                    detail: "quota".into(),
                },
            }
            .into(),
        };
        let json = serde_json::to_string(&encryption).unwrap();
        assert_eq!(
            json,
            r#"{"kind":"undecryptable","reason":{"code":"unavailable","why":{"code":"keys_unreadable","detail":"quota"}}}"#
        );
        assert_eq!(
            serde_json::from_str::<MessageEncryption>(&json).unwrap(),
            encryption
        );
    }
}
