//! XEP-0045 multi-user chat: the payloads a client reads and writes, and [`room::Room`], the
//! pure state machine of one joined room.
//!
//! Rooms are archived (MAM), so a join asks for no history (`maxstanzas='0'`): the archive is
//! the one source of past messages and nothing arrives twice.

pub mod admin;
pub mod bookmarks;
pub mod config;
pub mod directory;
pub mod invite;
pub mod legacy_bookmarks;
pub mod moderation;
pub mod occupant;
pub mod room;

use crate::jid::{BareJid, FullJid, Jid, JidError};
use crate::ns;
use crate::payload::{expect_element, required_attr, ParseError};
use crate::ping::Ping;
use crate::stanza::{Iq, Message, MessageKind, Presence};
use crate::xml::Element;

pub use admin::{AdminItem, AdminQuery};
pub use bookmarks::Bookmark;
pub use config::RoomPreset;
pub use invite::{DirectInvite, Invitation, MediatedDecline, MediatedInvite};
pub use occupant::{MucItem, MucUser, OccupantId, StatusCode};
pub use room::{Occupant, Room, RoomEvent, RoomState};

closed_enum! {
    /// A long-lived relation to the room (XEP-0045 §5.2).
    #[derive(Default)]
    pub enum Affiliation {
        Owner => "owner",
        Admin => "admin",
        Member => "member",
        Outcast => "outcast",
        #[default]
        None => "none",
    }
}

closed_enum! {
    /// What an occupant may do during this visit (XEP-0045 §5.1).
    #[derive(Default)]
    pub enum Role {
        Moderator => "moderator",
        Participant => "participant",
        Visitor => "visitor",
        #[default]
        None => "none",
    }
}

impl Role {
    /// Visitors (and non-occupants) cannot send to the room in a moderated room.
    pub fn has_voice(self) -> bool {
        matches!(self, Role::Moderator | Role::Participant)
    }
}

impl Affiliation {
    /// Members, admins and owners are on the room's member list (private groups: who to
    /// invite, whose keys to encrypt for).
    pub fn is_member(self) -> bool {
        matches!(
            self,
            Affiliation::Owner | Affiliation::Admin | Affiliation::Member
        )
    }
}

/// The address of occupant `nick` in `room`.
pub fn occupant_jid(room: &BareJid, nick: &str) -> Result<FullJid, JidError> {
    room.with_resource(nick)
}

/// The join presence (XEP-0045 §7.2): no history (the archive has it), optional password.
pub fn join_presence(
    room: &BareJid,
    nick: &str,
    password: Option<&str>,
) -> Result<Presence, JidError> {
    let x = Element::builder("x", ns::MUC)
        .append(
            Element::builder("history", ns::MUC)
                .attr("maxstanzas", "0")
                .build(),
        )
        .append_all(password.map(|p| Element::builder("password", ns::MUC).text(p).build()))
        .build();
    let mut presence = Presence::available();
    presence.to = Some(Jid::Full(occupant_jid(room, nick)?));
    presence.payloads.push(x);
    Ok(presence)
}

/// The presence that leaves a room (XEP-0045 §7.14).
pub fn leave_presence(room: &BareJid, nick: &str) -> Result<Presence, JidError> {
    let mut presence = Presence::unavailable();
    presence.to = Some(Jid::Full(occupant_jid(room, nick)?));
    Ok(presence)
}

/// A message to everyone in the room; `id` is also the XEP-0359 origin-id, which is how the
/// room's reflection of it is recognised.
pub fn groupchat_message(room: &BareJid, body: &str, id: &str) -> Message {
    Message {
        to: Some(Jid::Bare(room.clone())),
        id: Some(id.to_owned()),
        kind: MessageKind::Groupchat,
        body: Some(body.to_owned()),
        origin_id: Some(id.to_owned()),
        ..Message::default()
    }
}

/// Changes the room's subject (XEP-0045 §8.1).
pub fn subject_message(room: &BareJid, subject: &str) -> Message {
    Message {
        to: Some(Jid::Bare(room.clone())),
        kind: MessageKind::Groupchat,
        subject: Some(subject.to_owned()),
        ..Message::default()
    }
}

/// A room's subject change: a groupchat message with `<subject/>` and no body (XEP-0045 §8.1).
/// An empty subject clears it.
pub fn subject_of(message: &Message) -> Option<&str> {
    if message.kind != MessageKind::Groupchat || message.body.is_some() {
        return None;
    }
    message.subject.as_deref()
}

/// XEP-0410 self-ping: a ping to our own occupant JID says whether we are still joined.
pub fn self_ping(room: &BareJid, nick: &str, id: &str) -> Result<Iq, JidError> {
    Ok(Iq::get(
        Some(Jid::Full(occupant_jid(room, nick)?)),
        id,
        Element::from(Ping),
    ))
}

/// What a self-ping's answer means (XEP-0410 §3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SelfPingVerdict {
    Joined,
    /// Gone from the room (`not-acceptable`, `not-allowed`...): join again.
    NotJoined,
    /// The room or its service did not answer in time; try again later, do not rejoin yet.
    Unknown,
}

/// Reads a self-ping answer: `Ok` or the error condition's name, `None` on timeout.
pub fn self_ping_verdict(answer: Option<Result<(), &str>>) -> SelfPingVerdict {
    match answer {
        None => SelfPingVerdict::Unknown,
        Some(Ok(())) => SelfPingVerdict::Joined,
        // The occupant exists; the client just does not answer pings through the room.
        Some(Err("service-unavailable" | "feature-not-implemented")) => SelfPingVerdict::Joined,
        Some(Err("remote-server-not-found" | "remote-server-timeout" | "item-not-found")) => {
            SelfPingVerdict::Unknown
        }
        Some(Err(_)) => SelfPingVerdict::NotJoined,
    }
}

/// `<x xmlns='http://jabber.org/protocol/muc'/>`, read to recognise join presences (tests,
/// the fake server) and its password.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct JoinRequest {
    pub password: Option<String>,
    pub max_stanzas: Option<u32>,
}

impl TryFrom<&Element> for JoinRequest {
    type Error = ParseError;

    fn try_from(element: &Element) -> Result<Self, ParseError> {
        expect_element(element, "x", ns::MUC)?;
        let max_stanzas = match element.get_child("history", ns::MUC) {
            Some(history) if history.attr("maxstanzas").is_some() => {
                let value = required_attr(history, "history", "maxstanzas")?;
                Some(value.parse().map_err(|_| ParseError::InvalidAttribute {
                    element: "history",
                    attribute: "maxstanzas",
                    value: value.to_owned(),
                    reason: "not a count".into(),
                })?)
            }
            _ => None,
        };
        Ok(JoinRequest {
            password: element.child_text("password", ns::MUC),
            max_stanzas,
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn join_asks_for_no_history_and_carries_the_password() {
        let room: BareJid = "room@conference.localhost".parse().unwrap();
        let presence = join_presence(&room, "alice", Some("secret")).unwrap();
        assert_eq!(
            presence.to.as_ref().unwrap().to_string(),
            "room@conference.localhost/alice"
        );
        let join = presence.find_payload::<JoinRequest>().unwrap().unwrap();
        assert_eq!(join.max_stanzas, Some(0));
        assert_eq!(join.password.as_deref(), Some("secret"));
        assert!(
            join_presence(&room, "", None).is_err(),
            "an empty nick is no JID"
        );
    }

    #[test]
    fn subject_changes_are_bodyless_groupchat_messages() {
        let room: BareJid = "room@conference.localhost".parse().unwrap();
        let message = subject_message(&room, "Plans");
        assert_eq!(subject_of(&message), Some("Plans"));
        let chat = groupchat_message(&room, "hi", "id1");
        assert_eq!(subject_of(&chat), None);
        assert_eq!(chat.origin_id.as_deref(), Some("id1"));
    }

    #[test]
    fn self_ping_answers_follow_xep_0410() {
        assert_eq!(self_ping_verdict(Some(Ok(()))), SelfPingVerdict::Joined);
        assert_eq!(
            self_ping_verdict(Some(Err("service-unavailable"))),
            SelfPingVerdict::Joined
        );
        assert_eq!(
            self_ping_verdict(Some(Err("not-acceptable"))),
            SelfPingVerdict::NotJoined
        );
        assert_eq!(
            self_ping_verdict(Some(Err("remote-server-timeout"))),
            SelfPingVerdict::Unknown
        );
        assert_eq!(self_ping_verdict(None), SelfPingVerdict::Unknown);
        let room: BareJid = "room@conference.localhost".parse().unwrap();
        let iq = self_ping(&room, "alice", "p1").unwrap();
        assert!(iq.payload.unwrap().is("ping", ns::PING));
    }
}
