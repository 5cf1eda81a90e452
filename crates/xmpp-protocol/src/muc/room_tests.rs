#![allow(clippy::unwrap_used)]
use super::*;
use crate::muc::MucItem;
use crate::stanza::{ErrorType, StanzaError};
use crate::xml::Element;

fn room() -> Room {
    Room::new("room@conference.localhost".parse().unwrap(), "alice")
}

fn presence(nick: &str, kind: PresenceKind, user: MucUser) -> Presence {
    let mut presence = Presence::new(kind);
    presence.from = Some(format!("room@conference.localhost/{nick}").parse().unwrap());
    presence.payloads.push(Element::from(&user));
    presence
}

fn user(affiliation: Affiliation, role: Role, status: &[u16]) -> MucUser {
    MucUser {
        item: Some(MucItem {
            affiliation,
            role,
            jid: None,
            ..MucItem::default()
        }),
        status: status.iter().copied().map(StatusCode).collect(),
        destroy: None,
    }
}

fn joined(room: &mut Room, role: Role) {
    let events = room.handle_presence(&presence(
        "alice",
        PresenceKind::Available,
        user(Affiliation::Member, role, &[100, 110]),
    ));
    assert!(events.contains(&RoomEvent::Joined { created: false }));
}

#[test]
fn others_first_then_self_presence_completes_the_join() {
    let mut room = room();
    room.handle_presence(&presence(
        "bob",
        PresenceKind::Available,
        user(Affiliation::Owner, Role::Moderator, &[]),
    ));
    assert_eq!(room.state, RoomState::Joining);
    joined(&mut room, Role::Participant);
    assert!(room.can_write());
    assert!(room.non_anonymous);
    assert_eq!(room.occupant_count(), 2);
    let left = room.handle_presence(&presence(
        "bob",
        PresenceKind::Unavailable,
        user(Affiliation::Owner, Role::None, &[]),
    ));
    assert_eq!(left, vec![RoomEvent::OccupantsChanged]);
    assert_eq!(room.occupant_count(), 1);
}

#[test]
fn status_201_says_the_join_created_the_room() {
    let mut room = room();
    let events = room.handle_presence(&presence(
        "alice",
        PresenceKind::Available,
        user(Affiliation::Owner, Role::Moderator, &[110, 201]),
    ));
    assert!(events.contains(&RoomEvent::Joined { created: true }));
    assert_eq!(room.own_affiliation(), Affiliation::Owner);
}

#[test]
fn visitors_cannot_write_until_given_voice() {
    let mut room = room();
    joined(&mut room, Role::Visitor);
    assert!(room.is_joined());
    assert!(!room.can_write());
    room.handle_presence(&presence(
        "alice",
        PresenceKind::Available,
        user(Affiliation::Member, Role::Participant, &[110]),
    ));
    assert!(
        room.can_write(),
        "a role change arrives as a new self-presence"
    );
}

#[test]
fn nick_conflict_and_refusals_end_the_join() {
    let mut room = room();
    let mut error = Presence::new(PresenceKind::Error);
    error.from = Some("room@conference.localhost/alice".parse().unwrap());
    error.error = Some(StanzaError::new(
        ErrorType::Cancel,
        ErrorCondition::Conflict,
    ));
    assert_eq!(
        room.handle_presence(&error),
        vec![RoomEvent::Ended(RoomState::NickConflict)]
    );
    room.rejoin("alice2");
    error.error = Some(StanzaError::new(
        ErrorType::Auth,
        ErrorCondition::RegistrationRequired,
    ));
    error.from = Some("room@conference.localhost/alice2".parse().unwrap());
    room.handle_presence(&error);
    assert_eq!(
        room.state,
        RoomState::Refused(ErrorCondition::RegistrationRequired)
    );
}

#[test]
fn kicks_bans_and_destruction_are_told_apart() {
    for (status, expected) in [
        (307, RoomState::Kicked { reason: None }),
        (301, RoomState::Banned { reason: None }),
        (322, RoomState::Removed),
        (0, RoomState::Left),
    ] {
        let mut room = room();
        joined(&mut room, Role::Participant);
        let codes: Vec<u16> = [110, status].into_iter().filter(|c| *c != 0).collect();
        let events = room.handle_presence(&presence(
            "alice",
            PresenceKind::Unavailable,
            user(Affiliation::None, Role::None, &codes),
        ));
        assert_eq!(events, vec![RoomEvent::Ended(expected.clone())]);
        assert_eq!(room.state, expected);
        assert!(!room.can_write());
    }
    let mut room = room();
    joined(&mut room, Role::Participant);
    let mut gone = user(Affiliation::None, Role::None, &[110]);
    gone.destroy = Some(crate::muc::occupant::Destroy {
        alternate: None,
        reason: Some("bye".into()),
    });
    room.handle_presence(&presence("alice", PresenceKind::Unavailable, gone));
    assert!(matches!(room.state, RoomState::Destroyed { .. }));
}

#[test]
fn nick_changes_and_assigned_nicks() {
    let mut room = room();
    let events = room.handle_presence(&presence(
        "Alice",
        PresenceKind::Available,
        user(Affiliation::Member, Role::Participant, &[110, 210]),
    ));
    assert!(events.contains(&RoomEvent::NickChanged("Alice".into())));
    assert_eq!(room.nick, "Alice");
}

#[test]
fn presences_from_elsewhere_and_garbage_are_ignored() {
    let mut room = room();
    let mut other = presence(
        "bob",
        PresenceKind::Available,
        user(Affiliation::Owner, Role::Moderator, &[110]),
    );
    other.from = Some("elsewhere@conference.localhost/bob".parse().unwrap());
    assert!(room.handle_presence(&other).is_empty());
    let mut bare = other.clone();
    bare.from = Some("room@conference.localhost".parse().unwrap());
    assert!(room.handle_presence(&bare).is_empty());
    let mut no_x = Presence::available();
    no_x.from = Some("room@conference.localhost/bob".parse().unwrap());
    assert!(room.handle_presence(&no_x).is_empty());
    assert_eq!(room.state, RoomState::Joining);
}

#[test]
fn a_presence_flood_is_capped() {
    let mut room = room();
    for i in 0..(MAX_OCCUPANTS + 50) {
        room.handle_presence(&presence(
            &format!("n{i}"),
            PresenceKind::Available,
            user(Affiliation::None, Role::Participant, &[]),
        ));
    }
    assert_eq!(room.occupants.len(), MAX_OCCUPANTS);
}
