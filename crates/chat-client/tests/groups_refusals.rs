//! Why a group would not let us in, said in words, against the in-process server: members
//! only, banned, and a forged invitation to a room that does not exist (never created by
//! accepting it).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use chat_client::{Affiliation, ClientEvent, GroupEnded, Notice, RoomStatus};
use futures::executor::block_on;
use support::{alice_and_bob_in_open_channel, pump, server_with, Device};

const NOW: u64 = 1_790_000_000_000;

fn refusal(device: &Device, room: &str) -> GroupEnded {
    let view = device
        .client
        .rooms()
        .into_iter()
        .find(|r| r.jid == room)
        .expect("the room is listed");
    match view.status {
        RoomStatus::NotJoined(Some(reason)) => reason,
        other => panic!("{room} should have refused: {other:?}"),
    }
}

#[test]
fn a_banned_person_hears_that_they_are_banned_when_joining_again() {
    let mut server = server_with(&["alice", "bob"]);
    let (mut alice, mut bob, room) = alice_and_bob_in_open_channel(&mut server, NOW);
    alice
        .client
        .set_room_affiliation_with_reason(&room, "bob@localhost", Affiliation::Outcast, None, NOW)
        .unwrap();
    pump(&mut server, &mut [&mut alice, &mut bob], NOW);
    block_on(bob.client.join_room(&room, None, None, NOW)).unwrap();
    pump(&mut server, &mut [&mut alice, &mut bob], NOW);
    // XEP-0045 refuses a banned person's join with `forbidden`, which the UI words as banned.
    assert!(
        matches!(
            refusal(&bob, &room),
            GroupEnded::Forbidden | GroupEnded::Banned { .. }
        ),
        "{:?}",
        refusal(&bob, &room)
    );
}

#[test]
fn accepting_an_invitation_to_a_room_gone_since_removes_it_with_a_reason() {
    let mut server = server_with(&["alice", "bob"]);
    let (mut alice, mut bob, room) = alice_and_bob_in_open_channel(&mut server, NOW);
    block_on(bob.client.leave_room(&room, NOW)).unwrap();
    block_on(
        alice
            .client
            .invite_to_room(&room, "bob@localhost", None, NOW),
    )
    .unwrap();
    pump(&mut server, &mut [&mut alice, &mut bob], NOW);
    assert!(bob.client.invitations().iter().any(|i| i.room == room));
    // The room disappears between the invitation and its acceptance (or never existed: an
    // invitation anyone could forge). Joining it would create it, with bob as its owner.
    server.forget_room(&room);
    bob.take_events();

    block_on(bob.client.accept_invitation(&room, NOW)).unwrap();
    pump(&mut server, &mut [&mut alice, &mut bob], NOW);
    assert!(bob.client.invitations().iter().all(|i| i.room != room));
    let notices: Vec<Notice> = bob
        .take_events()
        .into_iter()
        .filter_map(|e| match e {
            ClientEvent::Notice(notice) => Some(notice),
            _ => None,
        })
        .collect();
    assert!(
        notices.contains(&Notice::InvitationRoomGone { room: room.clone() }),
        "{notices:?}"
    );
    assert!(
        bob.client.rooms().iter().all(|r| r.jid != room),
        "accepting never creates the room"
    );
}
