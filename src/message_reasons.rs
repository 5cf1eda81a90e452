//! Why a message was not sent or cannot be read, worded in the reader's language. Reasons
//! stored as sentences by earlier versions are shown as they are.

use chat_client::ReaderStatus;
use chat_store::{
    DeviceProblem, DeviceTrouble, FailReason, OmemoUnavailable, SendFailure, Stored, Unreadable,
    UnreadableReason,
};

use crate::i18n::{t, tf, Msg};

pub fn fail_reason_text(reason: &FailReason) -> String {
    match reason {
        Stored::Code(failure) => send_failure_text(failure),
        Stored::Text(text) => text.clone(),
    }
}

pub fn unreadable_reason_text(reason: &UnreadableReason) -> String {
    match reason {
        Stored::Code(code) => unreadable_text(code),
        Stored::Text(text) => text.clone(),
    }
}

pub fn send_failure_text(failure: &SendFailure) -> String {
    match failure {
        SendFailure::InvalidRecipient => t(Msg::FailInvalidRecipient).to_owned(),
        SendFailure::NotInGroup => t(Msg::GroupNotIn).to_owned(),
        SendFailure::CannotWriteInGroup => t(Msg::FailCannotWriteInGroup).to_owned(),
        SendFailure::RejoinForPrivate => t(Msg::FailRejoinForPrivate).to_owned(),
        SendFailure::GroupRefused { condition } => {
            tf(Msg::FailGroupRefused, &[("condition", condition)])
        }
        SendFailure::CannotEncrypt { why } => tf(
            Msg::FailCannotEncrypt,
            &[("why", &omemo_unavailable_text(why))],
        ),
        SendFailure::NoOmemoDevice { peer } => tf(Msg::FailNoOmemoDevice, &[("jid", peer)]),
        SendFailure::NotEncryptedFor { peer, devices } => tf(
            Msg::FailNotEncryptedFor,
            &[("jid", peer), ("devices", &devices_text(devices))],
        ),
        SendFailure::GroupCannotEncrypt { why } => tf(
            Msg::FailGroupCannotEncrypt,
            &[("why", &omemo_unavailable_text(why))],
        ),
        SendFailure::GroupAlone => t(Msg::FailGroupAlone).to_owned(),
        SendFailure::GroupNobodyCanRead { devices } => tf(
            Msg::FailGroupNobodyCanRead,
            &[("devices", &devices_text(devices))],
        ),
        SendFailure::EncryptionFailed { detail } => {
            tf(Msg::FailEncryptionFailed, &[("detail", detail)])
        }
    }
}

/// Why this device cannot use its keys, as a clause ("… but {why}.").
pub fn omemo_unavailable_text(why: &OmemoUnavailable) -> String {
    match why {
        OmemoUnavailable::KeysNotReady => t(Msg::OmemoKeysNotReady).to_owned(),
        OmemoUnavailable::OtherTab => t(Msg::OmemoOtherTab).to_owned(),
        OmemoUnavailable::OtherAccount => t(Msg::OmemoOtherAccount).to_owned(),
        OmemoUnavailable::NoRandomness => t(Msg::OmemoNoRandomness).to_owned(),
        OmemoUnavailable::KeysUnreadable { detail } => {
            tf(Msg::OmemoKeysUnreadable, &[("detail", detail)])
        }
    }
}

/// Each device left out and why, or that none had a usable key.
fn devices_text(devices: &[DeviceProblem]) -> String {
    if devices.is_empty() {
        return t(Msg::DevicesNoneUsable).to_owned();
    }
    devices
        .iter()
        .map(|device| {
            tf(
                Msg::DeviceProblem,
                &[
                    ("id", &device.device_id.to_string()),
                    ("jid", &device.jid),
                    ("why", &device_trouble_text(&device.trouble)),
                ],
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

pub fn device_trouble_text(trouble: &DeviceTrouble) -> String {
    match trouble {
        DeviceTrouble::Distrusted => t(Msg::DeviceDistrusted).to_owned(),
        DeviceTrouble::Undecided => t(Msg::DeviceUndecided).to_owned(),
        DeviceTrouble::NoBundle => t(Msg::DeviceNoBundle).to_owned(),
        DeviceTrouble::InvalidAddress => t(Msg::DeviceInvalidAddress).to_owned(),
        DeviceTrouble::FetchFailed {
            condition: Some(condition),
        } => tf(Msg::DeviceFetchFailed, &[("condition", condition)]),
        DeviceTrouble::FetchFailed { condition: None } => t(Msg::DeviceFetchTimedOut).to_owned(),
        DeviceTrouble::Unusable { detail } => tf(Msg::DeviceUnusable, &[("detail", detail)]),
    }
}

/// Why a member's devices could not be reached, for "who can't read this".
pub fn unreachable_text(status: &ReaderStatus) -> Option<String> {
    match status {
        ReaderStatus::Unreachable(Some(trouble)) => Some(device_trouble_text(trouble)),
        ReaderStatus::Unreachable(None) => Some(t(Msg::DeviceFetchTimedOut).to_owned()),
        _ => None,
    }
}

pub fn unreadable_text(reason: &Unreadable) -> String {
    let because = |why: &str| tf(Msg::UnreadableBecause, &[("why", why)]);
    match reason {
        Unreadable::Malformed => t(Msg::UnreadableMalformed).to_owned(),
        Unreadable::Unavailable { why } => because(&omemo_unavailable_text(why)),
        Unreadable::NotForThisDevice => because(t(Msg::UnreadableNotForThisDevice)),
        Unreadable::BeforeThisDevice => because(t(Msg::UnreadableBeforeThisDevice)),
        Unreadable::NoSession => because(t(Msg::UnreadableNoSession)),
        Unreadable::UsedPreKey => because(t(Msg::UnreadableUsedPreKey)),
        Unreadable::Distrusted => because(t(Msg::UnreadableDistrusted)),
        Unreadable::IdentityChanged => because(t(Msg::UnreadableIdentityChanged)),
        Unreadable::Tampered => because(t(Msg::UnreadableTampered)),
        Unreadable::Failed { detail } => because(detail),
        Unreadable::Refused { detail } => tf(Msg::UnreadableRefused, &[("detail", detail)]),
        Unreadable::UnknownGroupSender => t(Msg::UnreadableUnknownGroupSender).to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{assert_worded_in_both, set_lang, Lang};

    fn unavailable() -> Vec<OmemoUnavailable> {
        vec![
            OmemoUnavailable::KeysNotReady,
            OmemoUnavailable::OtherTab,
            OmemoUnavailable::OtherAccount,
            OmemoUnavailable::NoRandomness,
            OmemoUnavailable::KeysUnreadable {
                detail: "QuotaExceededError".into(),
            },
        ]
    }

    fn devices() -> Vec<DeviceProblem> {
        [
            DeviceTrouble::Distrusted,
            DeviceTrouble::Undecided,
            DeviceTrouble::NoBundle,
            DeviceTrouble::InvalidAddress,
            DeviceTrouble::FetchFailed {
                condition: Some("item-not-found".into()),
            },
            DeviceTrouble::FetchFailed { condition: None },
            DeviceTrouble::Unusable {
                detail: "bad key".into(),
            },
        ]
        .into_iter()
        .enumerate()
        .map(|(id, trouble)| DeviceProblem {
            jid: "bob@example.org".into(),
            device_id: id as u32,
            trouble,
        })
        .collect()
    }

    fn failures() -> Vec<SendFailure> {
        let mut all = vec![
            SendFailure::InvalidRecipient,
            SendFailure::NotInGroup,
            SendFailure::CannotWriteInGroup,
            SendFailure::RejoinForPrivate,
            SendFailure::GroupRefused {
                condition: "forbidden".into(),
            },
            SendFailure::NoOmemoDevice {
                peer: "bob@example.org".into(),
            },
            SendFailure::NotEncryptedFor {
                peer: "bob@example.org".into(),
                devices: devices(),
            },
            SendFailure::NotEncryptedFor {
                peer: "bob@example.org".into(),
                devices: Vec::new(),
            },
            SendFailure::GroupAlone,
            SendFailure::GroupNobodyCanRead { devices: devices() },
            SendFailure::EncryptionFailed {
                detail: "payload".into(),
            },
        ];
        for why in unavailable() {
            all.push(SendFailure::CannotEncrypt { why: why.clone() });
            all.push(SendFailure::GroupCannotEncrypt { why });
        }
        all
    }

    fn unreadable() -> Vec<Unreadable> {
        let mut all = vec![
            Unreadable::Malformed,
            Unreadable::NotForThisDevice,
            Unreadable::BeforeThisDevice,
            Unreadable::NoSession,
            Unreadable::UsedPreKey,
            Unreadable::Distrusted,
            Unreadable::IdentityChanged,
            Unreadable::Tampered,
            Unreadable::Failed {
                detail: "session".into(),
            },
            Unreadable::Refused {
                detail: "not UTF-8".into(),
            },
            Unreadable::UnknownGroupSender,
        ];
        all.extend(
            unavailable()
                .into_iter()
                .map(|why| Unreadable::Unavailable { why }),
        );
        all
    }

    #[test]
    fn every_send_failure_is_worded_in_both_languages() {
        assert_worded_in_both(|| failures().iter().map(send_failure_text).collect());
        assert_worded_in_both(|| {
            failures()
                .into_iter()
                .map(|f| fail_reason_text(&f.into()))
                .collect()
        });
    }

    #[test]
    fn every_unreadable_reason_is_worded_in_both_languages() {
        assert_worded_in_both(|| unreadable().iter().map(unreadable_text).collect());
        assert_worded_in_both(|| {
            [
                ReaderStatus::Unreachable(None),
                ReaderStatus::Unreachable(Some(DeviceTrouble::NoBundle)),
            ]
            .iter()
            .filter_map(unreachable_text)
            .collect()
        });
    }

    #[test]
    fn sentences_stored_by_earlier_versions_are_shown_as_they_are() {
        let old = "The recipient's address is not valid.";
        set_lang(Lang::It);
        assert_eq!(fail_reason_text(&Stored::Text(old.into())), old);
        assert_eq!(
            unreadable_reason_text(&Stored::Text("cannot be read".into())),
            "cannot be read"
        );
        set_lang(Lang::En);
    }
}
