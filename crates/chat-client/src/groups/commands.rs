//! What the user asks for: join, leave, create, invite, change the subject.

use chat_store::{Changes, Millis, Store};
use xmpp_protocol::muc::room::{Room, RoomState};
use xmpp_protocol::muc::{self, AdminQuery, Affiliation, DirectInvite, RoomPreset};
use xmpp_protocol::{BareJid, Iq, Jid};

use super::iq::GroupRequest;
use super::views::GroupPreset;
use super::{KnownRoom, RoomEntry};
use crate::client::Client;
use crate::error::ClientError;
use crate::ids::random_id;
use crate::notices::Notice;

/// Longest nick we ask for.
const MAX_OWN_NICK_CHARS: usize = 64;

pub(crate) fn parse_room(room: &str) -> Result<BareJid, ClientError> {
    let jid: BareJid = room
        .trim()
        .parse()
        .map_err(|e| ClientError::InvalidJid(format!("{e}")))?;
    if jid.node().is_none() {
        return Err(crate::InputProblem::NotAGroupAddress.into());
    }
    Ok(jid)
}

impl<S: Store> Client<S> {
    /// Joins `room` (remembered, bookmarked with autojoin). The nick defaults to the
    /// account's local part.
    pub async fn join_room(
        &mut self,
        room: &str,
        nick: Option<&str>,
        password: Option<&str>,
        now: Millis,
    ) -> Result<(), ClientError> {
        let jid = parse_room(room)?;
        self.start_room(jid, nick, password, None, now).await
    }

    /// Creates a group on the server's conference service (`conference.DOMAIN` unless `address`
    /// names a full room address) with a preset, configured as soon as the server says the
    /// join created it.
    pub async fn create_group(
        &mut self,
        name: &str,
        address: Option<&str>,
        preset: GroupPreset,
        now: Millis,
    ) -> Result<String, ClientError> {
        let own = self.own_bare().ok_or(ClientError::NotLoggedIn)?;
        let jid = match address.map(str::trim).filter(|a| !a.is_empty()) {
            Some(address) => parse_room(address)?,
            None => {
                let local = room_local_part(name);
                let service = self
                    .muc_service()
                    .unwrap_or_else(|| format!("conference.{}", own.domain()));
                parse_room(&format!("{local}@{service}"))?
            }
        };
        let preset = match preset {
            GroupPreset::PrivateGroup => RoomPreset::PrivateGroup,
            GroupPreset::PublicChannel { only_owners_write } => {
                RoomPreset::PublicChannel { only_owners_write }
            }
        };
        self.start_room(
            jid.clone(),
            None,
            None,
            Some((preset, name.trim().to_owned())),
            now,
        )
        .await?;
        Ok(jid.to_string())
    }

    async fn start_room(
        &mut self,
        jid: BareJid,
        nick: Option<&str>,
        password: Option<&str>,
        create: Option<(RoomPreset, String)>,
        now: Millis,
    ) -> Result<(), ClientError> {
        let own = self.own_bare().ok_or(ClientError::NotLoggedIn)?;
        let nick = nick
            .map(|n| {
                n.trim()
                    .chars()
                    .take(MAX_OWN_NICK_CHARS)
                    .collect::<String>()
            })
            .filter(|n| !n.is_empty())
            .or_else(|| self.groups.rooms.get(&jid).map(|e| e.known.nick.clone()))
            .unwrap_or_else(|| own.node().unwrap_or("me").to_owned());
        if muc::occupant_jid(&jid, &nick).is_err() {
            return Err(crate::InputProblem::BadNickname.into());
        }
        let name = create
            .as_ref()
            .map(|(_, name)| name.clone())
            .filter(|n| !n.is_empty());
        let entry = self.groups.rooms.entry(jid.clone()).or_insert_with(|| {
            RoomEntry::new(
                Room::new(jid.clone(), nick.clone()),
                KnownRoom {
                    jid: jid.to_string(),
                    nick: nick.clone(),
                    name: None,
                    password: None,
                },
            )
        });
        entry.known.nick = nick.clone();
        if name.is_some() {
            entry.known.name = name;
        }
        if password.is_some() {
            entry.known.password = password.map(str::to_owned);
        }
        entry.create = create;
        entry.problem = None;
        entry.room.rejoin(nick);
        let bookmark = self.bookmark_for(&jid);
        let mut changes = Changes::default();
        self.persist_rooms(&mut changes);
        self.ensure_group_conversation(&jid, &mut changes).await?;
        self.save(changes).await?;
        self.send_join(&jid, now);
        if let Some(bookmark) = bookmark {
            self.publish_bookmark(&bookmark, now);
        }
        self.emit_rooms();
        Ok(())
    }

    /// Sends the join presence for a remembered room.
    pub(crate) fn send_join(&mut self, room: &BareJid, _now: Millis) {
        let Some(entry) = self.groups.rooms.get_mut(room) else {
            return;
        };
        if entry.room.state != RoomState::Joining {
            let nick = entry.known.nick.clone();
            entry.room.rejoin(nick);
        }
        self.send_join_with_current_nick(room, _now);
    }

    pub(crate) fn send_join_with_current_nick(&mut self, room: &BareJid, _now: Millis) {
        let Some(entry) = self.groups.rooms.get(room) else {
            return;
        };
        let Ok(mut presence) =
            muc::join_presence(room, &entry.room.nick, entry.known.password.as_deref())
        else {
            return;
        };
        // Our status and caps go along, as in any directed presence.
        if let Some(own) = self.own_presence_stanza() {
            presence.show = own.show;
            presence.status = own.status;
            presence.payloads.extend(own.payloads);
        }
        if let Some(session) = self
            .session
            .as_mut()
            .filter(|s| s.state() == xmpp_protocol::SessionState::Online)
        {
            session.send_presence(presence);
        }
    }

    /// Leaves `room` and forgets it (and its bookmark); its history stays.
    pub async fn leave_room(&mut self, room: &str, now: Millis) -> Result<(), ClientError> {
        let jid = parse_room(room)?;
        let Some(entry) = self.groups.rooms.remove(&jid) else {
            return Ok(());
        };
        if let (Ok(presence), Some(session)) = (
            muc::leave_presence(&jid, &entry.room.nick),
            self.session.as_mut(),
        ) {
            session.send_presence(presence);
        }
        self.retract_bookmark(&jid, now);
        let mut changes = Changes::default();
        self.persist_rooms(&mut changes);
        self.save(changes).await?;
        self.emit_rooms();
        Ok(())
    }

    /// Invites `invitee`. In a members-only room an owner or admin first makes them a member
    /// (one IQ), then sends the direct invitation (XEP-0249) once the room agreed.
    pub async fn invite_to_room(
        &mut self,
        room: &str,
        invitee: &str,
        reason: Option<&str>,
        now: Millis,
    ) -> Result<(), ClientError> {
        let jid = parse_room(room)?;
        let invitee: BareJid = invitee
            .trim()
            .parse()
            .map_err(|e| ClientError::InvalidJid(format!("{e}")))?;
        let entry = self
            .groups
            .rooms
            .get(&jid)
            .filter(|e| e.room.is_joined())
            .ok_or(ClientError::Input(crate::InputProblem::JoinGroupFirst))?;
        let manages = matches!(
            entry.room.own_affiliation(),
            Affiliation::Owner | Affiliation::Admin
        );
        let reason = reason.map(str::to_owned).filter(|r| !r.trim().is_empty());
        // Until the room's disco#info is known (just created), membership is granted anyway: it
        // is harmless in an open room and required in a members-only one.
        if manages && (entry.features.members_only || !entry.features.known) {
            let iq = Iq::set(
                Some(Jid::Bare(jid.clone())),
                random_id(),
                AdminQuery::set_affiliation(&invitee, Affiliation::Member, None),
            );
            self.send_group_iq(
                iq,
                GroupRequest::GrantMembership {
                    room: jid,
                    invitee,
                    reason,
                },
                now,
            );
        } else {
            self.send_direct_invite(&jid, &invitee, reason);
        }
        Ok(())
    }

    pub(crate) fn send_direct_invite(
        &mut self,
        room: &BareJid,
        invitee: &BareJid,
        reason: Option<String>,
    ) {
        let password = self
            .groups
            .rooms
            .get(room)
            .and_then(|e| e.known.password.clone());
        let invite = DirectInvite {
            room: room.clone(),
            password,
            reason,
        };
        if let Some(session) = self.session.as_mut() {
            session.send_message(invite.message(invitee, &random_id()));
        }
        self.notice(Notice::InvitationSent {
            invitee: invitee.to_string(),
        });
    }

    /// Changes the room's subject (moderators, or anyone if the room allows it).
    pub fn set_room_subject(&mut self, room: &str, subject: &str) -> Result<(), ClientError> {
        let jid = parse_room(room)?;
        let session = self.session.as_mut().ok_or(ClientError::NotConnected)?;
        session.send_message(muc::subject_message(&jid, subject.trim()));
        Ok(())
    }

    /// Sets `jid`'s affiliation in `room` (member, admin, owner, none, outcast): one IQ each.
    pub fn set_room_affiliation(
        &mut self,
        room: &str,
        jid: &str,
        affiliation: Affiliation,
        now: Millis,
    ) -> Result<(), ClientError> {
        self.set_room_affiliation_with_reason(room, jid, affiliation, None, now)
    }
}

/// A room address part from a group's name: lowercase letters, digits and dashes, plus a
/// random suffix so two groups with one name do not collide.
fn room_local_part(name: &str) -> String {
    let mut slug: String = name
        .trim()
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    slug = slug
        .split('-')
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    slug.truncate(32);
    let suffix: String = random_id()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .take(6)
        .collect();
    let suffix = suffix.to_lowercase();
    if slug.is_empty() {
        format!("group-{suffix}")
    } else {
        format!("{slug}-{suffix}")
    }
}

#[cfg(test)]
mod tests {
    use super::room_local_part;

    #[test]
    fn room_addresses_come_from_names() {
        let local = room_local_part("Team Ünïcode & Co!");
        assert!(local.starts_with("team-n-code-co-"), "{local}");
        assert!(room_local_part("  ").starts_with("group-"));
        assert!(room_local_part(&"x".repeat(500)).len() < 50);
    }
}
