//! Roles and affiliations (XEP-0045 §8–§10): voice, moderator, kick (by nick, for this visit),
//! member, admin, owner, ban (by real JID, lasting), and the room's affiliation lists for the
//! member-list editor. One IQ per change: Prosody applies only the first item of a batch.

use std::collections::BTreeMap;

use chat_store::{Millis, Store};
use xmpp_protocol::muc::{AdminQuery, Affiliation, Role};
use xmpp_protocol::profile::clean_text;
use xmpp_protocol::{BareJid, Iq, Jid, StanzaError};

use super::commands::parse_room;
use super::iq::{Answer, GroupRequest};
use crate::client::Client;
use crate::error::ClientError;
use crate::events::ClientEvent;
use crate::ids::random_id;
use crate::notices::{GroupAction, GroupRefusal, Notice};

/// Longest reason sent with a kick or ban.
const MAX_REASON_CHARS: usize = 500;
/// Most entries read from one affiliation list (a hostile room could send more).
const MAX_LISTED: usize = 5000;
/// The lists the member-list editor shows.
const LISTS: [Affiliation; 4] = [
    Affiliation::Owner,
    Affiliation::Admin,
    Affiliation::Member,
    Affiliation::Outcast,
];

/// Someone on a room's affiliation lists, as the member-list editor shows them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoomMember {
    pub jid: String,
    /// "owner", "admin", "member" or "outcast" (banned).
    pub affiliation: String,
}

/// What the user tried, for the notice when the room refuses it.
fn refusal(action: GroupAction, error: Option<&StanzaError>) -> Notice {
    Notice::GroupActionRefused {
        action,
        why: GroupRefusal::from_error(error),
    }
}

fn reason_text(reason: Option<&str>) -> Option<String> {
    reason
        .map(|r| clean_text(r, MAX_REASON_CHARS, true))
        .filter(|r| !r.trim().is_empty())
}

fn parse_target(jid: &str) -> Result<BareJid, ClientError> {
    jid.trim()
        .parse()
        .map_err(|e| ClientError::InvalidJid(format!("{e}")))
}

impl<S: Store> Client<S> {
    /// Changes occupant `nick`'s role: participant (voice), visitor (no voice), moderator, or
    /// none (kick, with an optional reason).
    pub fn set_room_role(
        &mut self,
        room: &str,
        nick: &str,
        role: Role,
        reason: Option<&str>,
        now: Millis,
    ) -> Result<(), ClientError> {
        let room = parse_room(room)?;
        if nick.is_empty() {
            return Err(crate::InputProblem::ChooseSomeone.into());
        }
        let reason = reason_text(reason);
        let iq = Iq::set(
            Some(Jid::Bare(room.clone())),
            random_id(),
            AdminQuery::set_role(nick, role, reason.as_deref()),
        );
        let action = GroupAction::SetRole {
            nick: nick.to_owned(),
            role: role.as_str().to_owned(),
        };
        self.send_requested_group_iq(iq, GroupRequest::Role { room, action }, now)
    }

    /// Changes `jid`'s affiliation with a reason (bans say why): one IQ.
    pub fn set_room_affiliation_with_reason(
        &mut self,
        room: &str,
        jid: &str,
        affiliation: Affiliation,
        reason: Option<&str>,
        now: Millis,
    ) -> Result<(), ClientError> {
        let room = parse_room(room)?;
        let target = parse_target(jid)?;
        let reason = reason_text(reason);
        let iq = Iq::set(
            Some(Jid::Bare(room.clone())),
            random_id(),
            AdminQuery::set_affiliation(&target, affiliation, reason.as_deref()),
        );
        self.send_requested_group_iq(
            iq,
            GroupRequest::Affiliation {
                room,
                target,
                affiliation,
            },
            now,
        )
    }

    /// Asks the room for its owners, admins, members and banned (one IQ per list); the lists
    /// arrive as [`ClientEvent::RoomMembers`].
    pub fn request_room_members(&mut self, room: &str, now: Millis) -> Result<(), ClientError> {
        let room = parse_room(room)?;
        if let Some(entry) = self.groups.rooms.get_mut(&room) {
            entry.members.clear();
        }
        for affiliation in LISTS {
            let iq = Iq::get(
                Some(Jid::Bare(room.clone())),
                random_id(),
                AdminQuery::list(affiliation),
            );
            let purpose = GroupRequest::AffiliationList {
                room: room.clone(),
                affiliation,
            };
            self.send_requested_group_iq(iq, purpose, now)?;
        }
        Ok(())
    }

    pub(crate) fn on_affiliation_list(
        &mut self,
        room: &BareJid,
        affiliation: Affiliation,
        answer: Answer<'_>,
    ) {
        let listed = match answer {
            Ok(payload) => payload
                .map(AdminQuery::try_from)
                .and_then(Result::ok)
                .map(|query| {
                    query
                        .items
                        .into_iter()
                        .take(MAX_LISTED)
                        .filter_map(|item| item.jid.map(|j| j.to_bare().to_string()))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default(),
            Err(error) => {
                // Admins may not read the owner list on some servers: only say so for members.
                if affiliation == Affiliation::Member {
                    self.notice(refusal(GroupAction::ReadMemberList, error));
                }
                return;
            }
        };
        if let Some(entry) = self.groups.rooms.get_mut(room) {
            entry.members.retain(|_, a| *a != affiliation);
            for jid in listed {
                entry.members.insert(jid, affiliation);
            }
        }
        self.emit_members(room);
    }

    /// The answer to one affiliation change: the editor's lists follow a success, a refusal
    /// is said in words.
    pub(crate) fn on_affiliation_changed(
        &mut self,
        room: &BareJid,
        target: &BareJid,
        affiliation: Affiliation,
        answer: Answer<'_>,
    ) {
        if let Err(error) = answer {
            let action = GroupAction::SetAffiliation {
                jid: target.to_string(),
                affiliation: affiliation.as_str().to_owned(),
            };
            self.notice(refusal(action, error));
            return;
        }
        if let Some(entry) = self.groups.rooms.get_mut(room) {
            if affiliation == Affiliation::None {
                entry.members.remove(&target.to_string());
            } else {
                entry.members.insert(target.to_string(), affiliation);
            }
        }
        self.emit_members(room);
    }

    pub(crate) fn on_role_changed(&mut self, action: GroupAction, answer: Answer<'_>) {
        if let Err(error) = answer {
            self.notice(refusal(action, error));
        }
    }

    fn emit_members(&mut self, room: &BareJid) {
        let Some(entry) = self.groups.rooms.get(room) else {
            return;
        };
        let members = entry
            .members
            .iter()
            .map(|(jid, affiliation)| RoomMember {
                jid: jid.clone(),
                affiliation: affiliation.as_str().to_owned(),
            })
            .collect();
        self.events.push_back(ClientEvent::RoomMembers {
            room: room.to_string(),
            members,
        });
    }
}

/// A room's affiliation lists by real JID.
pub(crate) type Members = BTreeMap<String, Affiliation>;
