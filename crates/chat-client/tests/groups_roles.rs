//! Roles and affiliations against the in-process server: voice, moderator, kick and ban, the
//! member-list editor's lists, one IQ per JID, and refusals said in words.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use chat_client::{Affiliation, ClientEvent, GroupEnded, Notice, Role, RoomMember, RoomStatus};
use support::server::FakeServer;
use support::{alice_and_bob_in_open_channel, pump, server_with, Device};

const NOW: u64 = 1_790_000_000_000;

fn server() -> FakeServer {
    server_with(&["alice", "bob", "carol"])
}

fn role_of(device: &Device, room: &str, nick: &str) -> String {
    let (occupants, _) = device.client.occupants(room);
    occupants
        .into_iter()
        .find(|o| o.nick == nick)
        .map(|o| o.role)
        .unwrap_or_else(|| "gone".into())
}

fn notices(device: &mut Device) -> Vec<Notice> {
    device
        .take_events()
        .into_iter()
        .filter_map(|e| match e {
            ClientEvent::Notice(notice) => Some(notice),
            _ => None,
        })
        .collect()
}

fn last_members(device: &mut Device) -> Vec<RoomMember> {
    device
        .take_events()
        .into_iter()
        .rev()
        .find_map(|e| match e {
            ClientEvent::RoomMembers { members, .. } => Some(members),
            _ => None,
        })
        .expect("a member list")
}

#[test]
fn a_moderator_gives_and_takes_voice_and_moderation_then_kicks() {
    let mut server = server();
    let (mut alice, mut bob, room) = alice_and_bob_in_open_channel(&mut server, NOW);
    assert_eq!(role_of(&alice, &room, "bob"), "participant");

    for (role, expected) in [
        (Role::Moderator, "moderator"),
        (Role::Visitor, "visitor"),
        (Role::Participant, "participant"),
    ] {
        alice
            .client
            .set_room_role(&room, "bob", role, None, NOW)
            .unwrap();
        pump(&mut server, &mut [&mut alice, &mut bob], NOW);
        assert_eq!(role_of(&alice, &room, "bob"), expected);
        assert_eq!(
            role_of(&bob, &room, "bob"),
            expected,
            "bob sees his own role"
        );
    }

    alice
        .client
        .set_room_role(&room, "bob", Role::None, Some("spam\u{202e}"), NOW)
        .unwrap();
    pump(&mut server, &mut [&mut alice, &mut bob], NOW);
    assert_eq!(role_of(&alice, &room, "bob"), "gone");
    let view = bob
        .client
        .rooms()
        .into_iter()
        .find(|r| r.jid == room)
        .unwrap();
    match view.status {
        RoomStatus::NotJoined(Some(GroupEnded::Kicked { .. } | GroupEnded::Removed)) => {}
        other => panic!("bob should be out: {other:?}"),
    }
    assert!(server
        .room(&room)
        .unwrap()
        .admin_batch_sizes
        .iter()
        .all(|n| *n == 1));
}

#[test]
fn refusals_are_said_in_words() {
    let mut server = server();
    let (mut alice, mut bob, room) = alice_and_bob_in_open_channel(&mut server, NOW);
    bob.take_events();
    bob.client
        .set_room_role(&room, "alice", Role::None, None, NOW)
        .unwrap();
    pump(&mut server, &mut [&mut alice, &mut bob], NOW);
    let said = notices(&mut bob);
    assert!(
        said.contains(&Notice::GroupActionRefused {
            action: chat_client::GroupAction::SetRole {
                nick: "alice".into(),
                role: "none".into()
            },
            why: chat_client::GroupRefusal::Forbidden
        }),
        "{said:?}"
    );
    bob.client
        .set_room_affiliation_with_reason(&room, "carol@localhost", Affiliation::Outcast, None, NOW)
        .unwrap();
    pump(&mut server, &mut [&mut alice, &mut bob], NOW);
    let said = notices(&mut bob);
    assert!(
        said.iter().any(|n| matches!(n, Notice::GroupActionRefused {
            action: chat_client::GroupAction::SetAffiliation { jid, affiliation },
            ..
        } if jid == "carol@localhost" && affiliation == "outcast")),
        "{said:?}"
    );
    assert!(bob
        .client
        .set_room_affiliation_with_reason(&room, "not a jid@@", Affiliation::Member, None, NOW)
        .is_err());
}

#[test]
fn the_member_list_editor_reads_and_changes_the_lists_one_iq_per_jid() {
    let mut server = server();
    let (mut alice, mut bob, room) = alice_and_bob_in_open_channel(&mut server, NOW);
    alice.client.request_room_members(&room, NOW).unwrap();
    pump(&mut server, &mut [&mut alice, &mut bob], NOW);
    let members = last_members(&mut alice);
    assert_eq!(
        members,
        vec![RoomMember {
            jid: "alice@localhost".into(),
            affiliation: "owner".into()
        }]
    );

    for (jid, affiliation) in [
        ("bob@localhost", Affiliation::Admin),
        ("carol@localhost", Affiliation::Member),
    ] {
        alice
            .client
            .set_room_affiliation(&room, jid, affiliation, NOW)
            .unwrap();
    }
    alice
        .client
        .set_room_affiliation_with_reason(
            &room,
            "mallory@evil.example",
            Affiliation::Outcast,
            Some("spam"),
            NOW,
        )
        .unwrap();
    pump(&mut server, &mut [&mut alice, &mut bob], NOW);
    let fake = server.room(&room).unwrap();
    assert_eq!(fake.affiliations.get("bob@localhost").unwrap(), "admin");
    assert_eq!(
        fake.affiliations.get("mallory@evil.example").unwrap(),
        "outcast"
    );
    assert!(
        fake.admin_batch_sizes.iter().all(|n| *n == 1),
        "one item per IQ"
    );
    let members = last_members(&mut alice);
    assert_eq!(members.len(), 4, "{members:?}");
    assert!(members.contains(&RoomMember {
        jid: "carol@localhost".into(),
        affiliation: "member".into()
    }));

    // Removing someone from the list is affiliation none.
    alice
        .client
        .set_room_affiliation(&room, "carol@localhost", Affiliation::None, NOW)
        .unwrap();
    pump(&mut server, &mut [&mut alice, &mut bob], NOW);
    let members = last_members(&mut alice);
    assert!(members.iter().all(|m| m.jid != "carol@localhost"));
    // The server's own list agrees after a fresh read.
    alice.client.request_room_members(&room, NOW).unwrap();
    pump(&mut server, &mut [&mut alice, &mut bob], NOW);
    assert_eq!(last_members(&mut alice).len(), 3);
}
