//! The client's typed notices and group reasons, worded in the reader's language.

use chat_client::{CannotWrite, GroupEnded, Notice};

use crate::i18n::{t, tf, Msg};

pub fn notice_text(notice: &Notice) -> String {
    match notice {
        Notice::ProfileSaved => t(Msg::NoticeProfileSaved).to_owned(),
        Notice::ProfileNotSaved { reason } => tf(Msg::NoticeProfileNotSaved, &[("reason", reason)]),
        Notice::PasswordChanged => t(Msg::NoticePasswordChanged).to_owned(),
        Notice::PasswordNotChanged { reason } => {
            tf(Msg::NoticePasswordNotChanged, &[("reason", reason)])
        }
        Notice::PasswordMayNotHaveChanged => t(Msg::NoticePasswordMayNotHaveChanged).to_owned(),
        Notice::AccountDeleted => t(Msg::NoticeAccountDeleted).to_owned(),
        Notice::AccountNotDeleted { reason } => {
            tf(Msg::NoticeAccountNotDeleted, &[("reason", reason)])
        }
        Notice::InvitationSent { invitee } => tf(Msg::NoticeInvitationSent, &[("jid", invitee)]),
        Notice::NotSharingStatus { jid } => tf(Msg::NoticeNotSharingStatus, &[("jid", jid)]),
        Notice::GroupEnded(ended) => group_ended_text(ended),
        Notice::Other(text) => text.clone(),
    }
}

/// Why we are out of a group; the room's own reason (someone else's words) is appended.
pub fn group_ended_text(ended: &GroupEnded) -> String {
    let with = |text: Msg, reason: &Option<String>| match reason {
        Some(reason) => tf(
            Msg::GroupEndedWithReason,
            &[("text", t(text)), ("reason", reason)],
        ),
        None => tf(Msg::GroupEndedPlain, &[("text", t(text))]),
    };
    match ended {
        GroupEnded::Kicked { reason } => with(Msg::GroupKicked, reason),
        GroupEnded::Banned { reason } => with(Msg::GroupBanned, reason),
        GroupEnded::Closed { reason } => with(Msg::GroupClosed, reason),
        GroupEnded::Removed => t(Msg::GroupRemoved).to_owned(),
        GroupEnded::NickConflict => t(Msg::GroupNickConflict).to_owned(),
        GroupEnded::MembersOnly => t(Msg::GroupMembersOnly).to_owned(),
        GroupEnded::Forbidden => t(Msg::GroupForbidden).to_owned(),
        GroupEnded::NeedsPassword => t(Msg::GroupNeedsPassword).to_owned(),
        GroupEnded::NotFound => t(Msg::GroupNotFound).to_owned(),
        GroupEnded::CreationNotAllowed => t(Msg::GroupCreationNotAllowed).to_owned(),
        GroupEnded::Full => t(Msg::GroupFull).to_owned(),
        GroupEnded::Refused { condition } => tf(Msg::GroupRefused, &[("condition", condition)]),
    }
}

pub fn cannot_write_text(why: &CannotWrite) -> String {
    match why {
        CannotWrite::NoVoice => t(Msg::GroupNoVoice).to_owned(),
        CannotWrite::Joining => t(Msg::GroupJoining).to_owned(),
        CannotWrite::NotIn(Some(ended)) => group_ended_text(ended),
        CannotWrite::NotIn(None) => t(Msg::GroupNotIn).to_owned(),
    }
}

/// How end-to-end encryption works in a group, or why it is not available there.
pub fn group_encryption_note(private: bool) -> &'static str {
    if private {
        t(Msg::GroupEncryptionNotePrivate)
    } else {
        t(Msg::GroupEncryptionNoteUnavailable)
    }
}
