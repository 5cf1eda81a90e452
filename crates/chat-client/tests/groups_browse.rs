//! Browsing the MUC service's rooms against the in-process server: the service is found
//! through the domain's disco, public rooms are listed (hidden ones are not), a shown room is
//! described with its occupant count, and a listed room can be joined.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use chat_client::{ClientEvent, DirectoryRoom, GroupPreset, RoomStatus};
use futures::executor::block_on;
use support::server::FakeServer;
use support::{logged_in, pump, server_with, Device};

const NOW: u64 = 1_790_000_000_000;

fn server() -> FakeServer {
    server_with(&["alice", "bob"])
}

fn last_directory(device: &mut Device) -> (Vec<DirectoryRoom>, Option<chat_client::Refusal>) {
    device
        .take_events()
        .into_iter()
        .rev()
        .find_map(|e| match e {
            ClientEvent::RoomDirectory { rooms, problem } => Some((rooms, problem)),
            _ => None,
        })
        .expect("a directory event")
}

#[test]
fn public_rooms_are_listed_described_and_joined_from_the_list() {
    let mut server = server();
    let mut alice = logged_in(&mut server, "alice", NOW);
    for (name, preset) in [
        (
            "News <b>",
            GroupPreset::PublicChannel {
                only_owners_write: false,
            },
        ),
        ("Secret", GroupPreset::PrivateGroup),
    ] {
        block_on(alice.client.create_group(name, None, preset, NOW)).unwrap();
        pump(&mut server, &mut [&mut alice], NOW);
    }

    let mut bob = logged_in(&mut server, "bob", NOW);
    bob.client.browse_rooms(NOW).unwrap();
    pump(&mut server, &mut [&mut bob], NOW);
    let (rooms, problem) = last_directory(&mut bob);
    assert_eq!(problem, None);
    assert_eq!(
        rooms.len(),
        1,
        "the hidden private group is not listed: {rooms:?}"
    );
    let news = rooms[0].clone();
    assert!(news.jid.starts_with("news-b-") && news.jid.ends_with("@conference.localhost"));
    assert_eq!(news.name.as_deref(), Some("News <b>"), "names are text");
    assert_eq!(news.occupants, None, "not described before it is shown");

    bob.client
        .describe_rooms(std::slice::from_ref(&news.jid), NOW);
    pump(&mut server, &mut [&mut bob], NOW);
    let (rooms, _) = last_directory(&mut bob);
    assert_eq!(rooms[0].occupants, Some(1), "alice is in it");

    // A room already described is not asked again.
    let before = server.received.len();
    bob.client
        .describe_rooms(std::slice::from_ref(&news.jid), NOW);
    pump(&mut server, &mut [&mut bob], NOW);
    assert_eq!(server.received.len(), before);

    block_on(bob.client.join_room(&news.jid, None, None, NOW)).unwrap();
    pump(&mut server, &mut [&mut alice, &mut bob], NOW);
    let view = bob
        .client
        .rooms()
        .into_iter()
        .find(|r| r.jid == news.jid)
        .unwrap();
    assert_eq!(view.status, RoomStatus::Joined);
}

#[test]
fn a_service_that_refuses_to_list_says_so() {
    let mut server = server();
    let mut bob = logged_in(&mut server, "bob", NOW);
    server.refuse_room_listing();
    bob.client.browse_rooms(NOW).unwrap();
    pump(&mut server, &mut [&mut bob], NOW);
    let (rooms, problem) = last_directory(&mut bob);
    assert!(rooms.is_empty());
    assert!(
        matches!(problem, Some(chat_client::Refusal::Error { .. })),
        "{problem:?}"
    );
}

#[test]
fn legacy_xep_0048_bookmarks_are_joined_at_login() {
    let mut server = server();
    let mut alice = logged_in(&mut server, "alice", NOW);
    let preset = GroupPreset::PublicChannel {
        only_owners_write: false,
    };
    block_on(
        alice
            .client
            .create_group("Old", Some("old@conference.localhost"), preset, NOW),
    )
    .unwrap();
    pump(&mut server, &mut [&mut alice], NOW);
    server.set_legacy_bookmarks(
        "bob@localhost",
        "<storage xmlns='storage:bookmarks'><conference jid='old@conference.localhost' name='The old room' autojoin='true'><nick>bobby</nick></conference><conference jid='skip@conference.localhost'/></storage>",
    );
    let bob = logged_in(&mut server, "bob", NOW);
    let rooms = bob.client.rooms();
    assert_eq!(rooms.len(), 1, "only the autojoin bookmark: {rooms:?}");
    assert_eq!(rooms[0].jid, "old@conference.localhost");
    assert_eq!(rooms[0].nick, "bobby");
    assert_eq!(rooms[0].status, RoomStatus::Joined);

    // The account had XEP-0048 bookmarks: a join and a leave keep that storage in step.
    let mut bob = bob;
    block_on(
        alice
            .client
            .create_group("New", Some("new@conference.localhost"), preset, NOW),
    )
    .unwrap();
    pump(&mut server, &mut [&mut alice, &mut bob], NOW);
    block_on(
        bob.client
            .join_room("new@conference.localhost", None, None, NOW),
    )
    .unwrap();
    pump(&mut server, &mut [&mut alice, &mut bob], NOW);
    let stored = server.legacy_bookmarks("bob@localhost").unwrap();
    assert!(stored.contains("new@conference.localhost"), "{stored}");
    assert!(stored.contains("old@conference.localhost"), "{stored}");
    block_on(bob.client.leave_room("old@conference.localhost", NOW)).unwrap();
    pump(&mut server, &mut [&mut alice, &mut bob], NOW);
    let stored = server.legacy_bookmarks("bob@localhost").unwrap();
    assert!(!stored.contains("old@conference.localhost"), "{stored}");
    assert!(stored.contains("new@conference.localhost"), "{stored}");
}
