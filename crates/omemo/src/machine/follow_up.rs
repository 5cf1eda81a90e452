//! What the client must do after a call, besides persisting its changes.

use serde::{Deserialize, Serialize};

use super::records::DeviceAddress;
use super::state::Changes;
use crate::version::Version;

/// An action the machine asks of the client (publishing, fetching, sending).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum FollowUp {
    /// Publish [`super::OmemoMachine::bundle`] for this version (prekeys or the signed prekey
    /// changed).
    PublishBundle { version: Version },
    /// Publish [`super::OmemoMachine::own_device_list`] for this version (the own device was
    /// missing from the list).
    PublishDeviceList { version: Version },
    /// A message came from a device the cached list does not show: fetch the list again.
    RefetchDeviceList { jid: String, version: Version },
    /// Send an empty message to the device with [`super::OmemoMachine::encrypt_empty`]
    /// (no bundle needed: the session exists).
    SendEmptyMessage {
        device: DeviceAddress,
        version: Version,
        reason: EmptyMessageReason,
    },
    /// The device sent something no session can read: fetch its bundle and send it an empty
    /// message on a new session ([`super::OmemoMachine::encrypt_empty`] with the bundle).
    /// Asked at most once per device and version while the machine is loaded.
    RebuildSession {
        device: DeviceAddress,
        version: Version,
    },
}

/// Why an empty message is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum EmptyMessageReason {
    /// The device started a session: answering stops it wrapping messages in the key exchange.
    KeyExchangeAnswered,
    /// The device's sending chain grew long; an answer makes it start a new one.
    Heartbeat,
}

impl FollowUp {
    /// Follow-ups that send messages wait until a catch-up ends.
    pub(crate) fn waits_for_catch_up(&self) -> bool {
        matches!(
            self,
            FollowUp::SendEmptyMessage { .. } | FollowUp::RebuildSession { .. }
        )
    }
}

/// Adds `follow_up` unless it repeats a listed one (one empty message per device is enough,
/// whatever the reasons).
pub(crate) fn push_unique(list: &mut Vec<FollowUp>, follow_up: FollowUp) {
    let repeats = |listed: &FollowUp| match (listed, &follow_up) {
        (
            FollowUp::SendEmptyMessage {
                device, version, ..
            },
            FollowUp::SendEmptyMessage {
                device: new_device,
                version: new_version,
                ..
            },
        ) => device == new_device && version == new_version,
        (listed, new) => listed == new,
    };
    if !list.iter().any(repeats) {
        list.push(follow_up);
    }
}

/// The result of a call that has no other output.
#[derive(Debug, Default)]
pub struct Update {
    /// To persist before anything is sent.
    pub changes: Changes,
    pub follow_ups: Vec<FollowUp>,
}
