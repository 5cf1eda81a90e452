//! The client's typed notices and group reasons, worded in the reader's language.

use chat_client::{CannotWrite, GroupAction, GroupEnded, GroupRefusal, Notice, Refusal};

use crate::i18n::{t, tf, Msg};

pub fn notice_text(notice: &Notice) -> String {
    let reason = |msg: Msg, reason: &Refusal| tf(msg, &[("reason", &refusal_text(reason))]);
    match notice {
        Notice::ProfileSaved => t(Msg::NoticeProfileSaved).to_owned(),
        Notice::ProfileNotSaved { reason: why } => reason(Msg::NoticeProfileNotSaved, why),
        Notice::PasswordChanged => t(Msg::NoticePasswordChanged).to_owned(),
        Notice::PasswordNotChanged { reason: why } => reason(Msg::NoticePasswordNotChanged, why),
        Notice::PasswordMayNotHaveChanged => t(Msg::NoticePasswordMayNotHaveChanged).to_owned(),
        Notice::AccountDeleted => t(Msg::NoticeAccountDeleted).to_owned(),
        Notice::AccountNotDeleted { reason: why } => reason(Msg::NoticeAccountNotDeleted, why),
        Notice::InvitationSent { invitee } => tf(Msg::NoticeInvitationSent, &[("jid", invitee)]),
        Notice::NotSharingStatus { jid } => tf(Msg::NoticeNotSharingStatus, &[("jid", jid)]),
        Notice::GroupEnded(ended) => group_ended_text(ended),
        Notice::BlockFailed {
            jid,
            block,
            reason: why,
        } => {
            let msg = if *block {
                Msg::NoticeBlockFailed
            } else {
                Msg::NoticeUnblockFailed
            };
            tf(msg, &[("jid", jid), ("reason", &refusal_text(why))])
        }
        Notice::ContactNotChanged { jid, reason: why } => tf(
            Msg::NoticeContactNotChanged,
            &[("jid", jid), ("reason", &refusal_text(why))],
        ),
        Notice::NickNotPublished { reason: why } => reason(Msg::NoticeNickNotPublished, why),
        Notice::AvatarNotPublished { reason: why } => reason(Msg::NoticeAvatarNotPublished, why),
        Notice::BookmarksNotSynced { reason: why } => reason(Msg::NoticeBookmarksNotSynced, why),
        Notice::GroupSettingsMissing { fields } => tf(
            Msg::NoticeGroupSettingsMissing,
            &[("fields", &fields.join(", "))],
        ),
        Notice::GroupSettingsUnreadable { room } => {
            tf(Msg::NoticeGroupSettingsUnreadable, &[("room", room)])
        }
        Notice::GroupNotConfigured { room, reason: why } => tf(
            Msg::NoticeGroupNotConfigured,
            &[("room", room), ("reason", &refusal_text(why))],
        ),
        Notice::MessageNotRemoved { room, why } => tf(
            Msg::NoticeMessageNotRemoved,
            &[("room", room), ("why", &moderation_refusal_text(why))],
        ),
        Notice::GroupActionRefused { action, why } => tf(
            Msg::NoticeGroupActionRefused,
            &[
                ("action", &group_action_text(action)),
                ("why", &group_refusal_text(why)),
            ],
        ),
        Notice::InviteeNotMember {
            invitee,
            room,
            reason: why,
        } => tf(
            Msg::NoticeInviteeNotMember,
            &[
                ("jid", invitee),
                ("room", room),
                ("reason", &refusal_text(why)),
            ],
        ),
        Notice::GroupAlreadyExists { room } => tf(Msg::NoticeGroupAlreadyExists, &[("room", room)]),
        Notice::InvitationRoomGone { room } => tf(Msg::NoticeInvitationRoomGone, &[("room", room)]),
        Notice::RetentionNotShared { reason: why } => reason(Msg::NoticeRetentionNotShared, why),
    }
}

/// A server's refusal: its error condition (and its own text), or that it did not answer.
pub fn refusal_text(refusal: &Refusal) -> String {
    match refusal {
        Refusal::Error {
            condition,
            text: Some(text),
        } => tf(
            Msg::GroupEndedWithReason,
            &[("text", condition), ("reason", text)],
        ),
        Refusal::Error {
            condition,
            text: None,
        } => condition.clone(),
        Refusal::NoAnswer => t(Msg::ReasonNoAnswer).to_owned(),
    }
}

/// The protocol name of a refusal that has no words of its own.
fn condition_of(why: &GroupRefusal) -> &str {
    match why {
        GroupRefusal::Forbidden => "forbidden",
        GroupRefusal::NotAllowed => "not-allowed",
        GroupRefusal::NotFound => "item-not-found",
        GroupRefusal::Conflict => "conflict",
        GroupRefusal::BadRequest => "bad-request",
        GroupRefusal::Unsupported => "feature-not-implemented",
        GroupRefusal::Other { condition } => condition,
        GroupRefusal::NoAnswer => "",
    }
}

/// Why a group would not remove a message.
fn moderation_refusal_text(why: &GroupRefusal) -> String {
    match why {
        GroupRefusal::Forbidden => t(Msg::ModerationForbidden).to_owned(),
        GroupRefusal::NotFound => t(Msg::ModerationNotFound).to_owned(),
        GroupRefusal::Unsupported => t(Msg::GroupUnsupported).to_owned(),
        GroupRefusal::NoAnswer => t(Msg::GroupNoAnswer).to_owned(),
        other => tf(Msg::GroupRefusedIt, &[("condition", condition_of(other))]),
    }
}

/// Why a group refused a change of someone's role or affiliation.
fn group_refusal_text(why: &GroupRefusal) -> String {
    match why {
        GroupRefusal::Forbidden => t(Msg::RolesForbidden).to_owned(),
        GroupRefusal::NotAllowed => t(Msg::RolesNotAllowed).to_owned(),
        GroupRefusal::NotFound => t(Msg::RolesNotFound).to_owned(),
        GroupRefusal::Conflict => t(Msg::RolesLastOwner).to_owned(),
        GroupRefusal::BadRequest => t(Msg::RolesBadRequest).to_owned(),
        GroupRefusal::Unsupported => t(Msg::GroupUnsupported).to_owned(),
        GroupRefusal::NoAnswer => t(Msg::GroupNoAnswer).to_owned(),
        GroupRefusal::Other { condition } => tf(Msg::GroupRefusedIt, &[("condition", condition)]),
    }
}

/// What was asked, as the object of "Could not …".
fn group_action_text(action: &GroupAction) -> String {
    match action {
        GroupAction::ReadMemberList => t(Msg::ActionReadMemberList).to_owned(),
        GroupAction::SetRole { nick, role } => {
            let msg = match role.as_str() {
                "none" => Msg::ActionKick,
                "visitor" => Msg::ActionTakeVoice,
                "participant" => Msg::ActionGiveVoice,
                _ => Msg::ActionMakeModerator,
            };
            tf(msg, &[("nick", nick)])
        }
        GroupAction::SetAffiliation { jid, affiliation } => {
            let msg = match affiliation.as_str() {
                "outcast" => Msg::ActionBan,
                "none" => Msg::ActionRemoveAffiliation,
                "owner" => Msg::ActionMakeOwner,
                "admin" => Msg::ActionMakeAdmin,
                _ => Msg::ActionMakeMember,
            };
            tf(msg, &[("jid", jid)])
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{assert_worded_in_both, set_lang, Lang};

    fn refusal() -> Refusal {
        Refusal::Error {
            condition: "forbidden".into(),
            text: Some("Not you".into()),
        }
    }

    fn group_refusals() -> Vec<GroupRefusal> {
        vec![
            GroupRefusal::Forbidden,
            GroupRefusal::NotAllowed,
            GroupRefusal::NotFound,
            GroupRefusal::Conflict,
            GroupRefusal::BadRequest,
            GroupRefusal::Unsupported,
            GroupRefusal::Other {
                condition: "gone".into(),
            },
            GroupRefusal::NoAnswer,
        ]
    }

    fn notices() -> Vec<Notice> {
        let jid = || "bob@example.org".to_owned();
        let room = || "team@conference.example.org".to_owned();
        let mut all = vec![
            Notice::ProfileSaved,
            Notice::ProfileNotSaved { reason: refusal() },
            Notice::PasswordChanged,
            Notice::PasswordNotChanged {
                reason: Refusal::NoAnswer,
            },
            Notice::PasswordMayNotHaveChanged,
            Notice::AccountDeleted,
            Notice::AccountNotDeleted { reason: refusal() },
            Notice::InvitationSent { invitee: jid() },
            Notice::NotSharingStatus { jid: jid() },
            Notice::GroupEnded(GroupEnded::Removed),
            Notice::BlockFailed {
                jid: jid(),
                block: true,
                reason: refusal(),
            },
            Notice::BlockFailed {
                jid: jid(),
                block: false,
                reason: Refusal::NoAnswer,
            },
            Notice::ContactNotChanged {
                jid: jid(),
                reason: refusal(),
            },
            Notice::NickNotPublished { reason: refusal() },
            Notice::AvatarNotPublished { reason: refusal() },
            Notice::BookmarksNotSynced {
                reason: Refusal::NoAnswer,
            },
            Notice::GroupSettingsMissing {
                fields: vec!["muc#roomconfig_membersonly".into()],
            },
            Notice::GroupSettingsUnreadable { room: room() },
            Notice::GroupNotConfigured {
                room: room(),
                reason: refusal(),
            },
            Notice::InviteeNotMember {
                invitee: jid(),
                room: room(),
                reason: refusal(),
            },
            Notice::GroupAlreadyExists { room: room() },
            Notice::InvitationRoomGone { room: room() },
            Notice::RetentionNotShared {
                reason: Refusal::NoAnswer,
            },
        ];
        let actions = [
            GroupAction::ReadMemberList,
            GroupAction::SetRole {
                nick: "bob".into(),
                role: "none".into(),
            },
            GroupAction::SetRole {
                nick: "bob".into(),
                role: "visitor".into(),
            },
            GroupAction::SetRole {
                nick: "bob".into(),
                role: "participant".into(),
            },
            GroupAction::SetRole {
                nick: "bob".into(),
                role: "moderator".into(),
            },
        ]
        .into_iter()
        .chain(["outcast", "none", "owner", "admin", "member"].map(|a| {
            GroupAction::SetAffiliation {
                jid: jid(),
                affiliation: a.into(),
            }
        }));
        for action in actions {
            for why in group_refusals() {
                all.push(Notice::GroupActionRefused {
                    action: action.clone(),
                    why,
                });
            }
        }
        for why in group_refusals() {
            all.push(Notice::MessageNotRemoved { room: room(), why });
        }
        all
    }

    #[test]
    fn every_notice_is_worded_in_both_languages() {
        assert_worded_in_both(|| notices().iter().map(notice_text).collect());
    }

    #[test]
    fn a_servers_own_words_are_kept_and_a_silence_is_said() {
        set_lang(Lang::It);
        assert_eq!(refusal_text(&refusal()), "forbidden: Not you");
        assert_eq!(refusal_text(&Refusal::NoAnswer), t(Msg::ReasonNoAnswer));
        set_lang(Lang::En);
    }
}
