//! Groups against the in-process server's MUC service: creating with presets, invitations
//! (offline, mediated, from the archive), chatting, visitors, bookmarks and rejoining.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use chat_client::{CannotWrite, ClientEvent, GroupEnded, GroupPreset, RoomStatus, RoomView};
use chat_store::{ConversationId, DeliveryState, Direction, EncryptionPreference, Message};
use futures::executor::block_on;
use support::server::FakeServer;
use support::{logged_in, pump, Device};

const NOW: u64 = 1_790_000_000_000;
const BOOKMARKS: &str = "urn:xmpp:bookmarks:1";

fn server() -> FakeServer {
    let mut server = FakeServer::new("localhost");
    for user in ["alice", "bob", "carol"] {
        server.add_account(user, &format!("{user}-pass"));
    }
    server
}

fn room_view(device: &Device, room: &str) -> RoomView {
    device
        .client
        .rooms()
        .into_iter()
        .find(|r| r.jid == room)
        .unwrap_or_else(|| panic!("{room} is not among the rooms"))
}

fn messages(device: &Device, room: &str) -> Vec<Message> {
    support::group_messages(device, room)
}

fn create(server: &mut FakeServer, device: &mut Device, name: &str, preset: GroupPreset) -> String {
    let room = block_on(device.client.create_group(
        name,
        Some(&format!("{}@conference.localhost", name.to_lowercase())),
        preset,
        NOW,
    ))
    .unwrap();
    pump(server, &mut [device], NOW);
    room
}

/// A public channel where everyone may write.
fn open_channel(server: &mut FakeServer, device: &mut Device) -> String {
    let preset = GroupPreset::PublicChannel {
        only_owners_write: false,
    };
    create(server, device, "Open", preset)
}

fn send(server: &mut FakeServer, devices: &mut [&mut Device], room: &str, body: &str) {
    block_on(
        devices[0]
            .client
            .send_message(&ConversationId::group(room), body, NOW),
    )
    .unwrap();
    pump(server, devices, NOW);
}

#[test]
fn a_private_group_is_configured_from_the_preset_and_bookmarked() {
    let mut server = server();
    let mut alice = logged_in(&mut server, "alice", NOW);
    let room = create(&mut server, &mut alice, "Team", GroupPreset::PrivateGroup);
    assert_eq!(room, "team@conference.localhost");
    let fake = server.room(&room).unwrap();
    assert!(fake.members_only && fake.non_anonymous && !fake.public && !fake.locked);
    let view = room_view(&alice, &room);
    assert_eq!(view.status, RoomStatus::Joined);
    assert_eq!(view.affiliation, "owner");
    assert!(view.cannot_write.is_none());
    assert!(
        view.members_only,
        "disco#info after configuring says members only"
    );
    assert_eq!(view.name.as_deref(), Some("Team"));
    let bookmarks = server.pep_items("alice@localhost", BOOKMARKS);
    assert_eq!(bookmarks.len(), 1);
    assert_eq!(bookmarks[0].attr("autojoin"), Some("true"));
}

#[test]
fn bob_invited_while_offline_finds_the_invitation_accepts_and_they_chat() {
    let mut server = server();
    let mut alice = logged_in(&mut server, "alice", NOW);
    let room = create(&mut server, &mut alice, "Team", GroupPreset::PrivateGroup);
    block_on(
        alice
            .client
            .invite_to_room(&room, "bob@localhost", Some("our team"), NOW),
    )
    .unwrap();
    pump(&mut server, &mut [&mut alice], NOW);
    let fake = server.room(&room).unwrap();
    assert_eq!(
        fake.affiliations.get("bob@localhost").map(String::as_str),
        Some("member")
    );
    assert!(
        fake.admin_batch_sizes.iter().all(|n| *n == 1),
        "one item per IQ"
    );

    let mut bob = logged_in(&mut server, "bob", NOW);
    let inbox = bob.client.invitations().to_vec();
    assert_eq!(inbox.len(), 1, "{inbox:?}");
    assert_eq!(inbox[0].room, room);
    assert_eq!(inbox[0].inviter, "alice@localhost");
    assert_eq!(inbox[0].reason.as_deref(), Some("our team"));
    assert!(bob
        .take_events()
        .iter()
        .any(|e| matches!(e, ClientEvent::Invitations(list) if list.len() == 1)));
    assert!(
        messages(&bob, &room).is_empty()
            && block_on(
                bob.client
                    .messages(&ConversationId::direct("alice@localhost"), None, 10)
            )
            .unwrap()
            .messages
            .is_empty(),
        "an invitation is not a chat message"
    );

    block_on(bob.client.accept_invitation(&room, NOW)).unwrap();
    pump(&mut server, &mut [&mut alice, &mut bob], NOW);
    assert!(bob.client.invitations().is_empty());
    assert_eq!(room_view(&bob, &room).status, RoomStatus::Joined);
    assert_eq!(room_view(&bob, &room).role, "participant");

    send(
        &mut server,
        &mut [&mut alice, &mut bob],
        &room,
        "hello team",
    );
    send(&mut server, &mut [&mut bob, &mut alice], &room, "hi alice");

    let at_alice = messages(&alice, &room);
    assert_eq!(
        at_alice.len(),
        2,
        "the reflection is not a second copy: {at_alice:?}"
    );
    assert_eq!(at_alice[0].direction, Direction::Out);
    assert_eq!(at_alice[0].state, DeliveryState::Sent);
    assert!(
        at_alice[0].stanza_id.is_some(),
        "the reflection brought the room's id"
    );
    assert_eq!(at_alice[1].sender, "bob");
    assert_eq!(at_alice[1].direction, Direction::In);
    let at_bob = messages(&bob, &room);
    assert_eq!(at_bob.len(), 2, "{at_bob:?}");
    assert_eq!(at_bob[0].sender, "alice");
    assert_eq!(at_bob[0].body, "hello team");

    let (occupants, total) = alice.client.occupants(&room);
    assert_eq!(total, 2);
    assert_eq!(occupants[0].nick, "alice", "moderators first");
    assert_eq!(occupants[1].jid.as_deref(), Some("bob@localhost"));
}

#[test]
fn a_fresh_device_finds_invitations_in_the_archive_and_declines_mediated_ones() {
    let mut server = server();
    let mut alice = logged_in(&mut server, "alice", NOW);
    let room = open_channel(&mut server, &mut alice);
    let mut bob = logged_in(&mut server, "bob", NOW);
    // A mediated invitation (XEP-0045 §7.8.2), as other clients send.
    let relay = xmpp_protocol::muc::invite::mediated_invite_message(
        &room.parse().unwrap(),
        &"bob@localhost".parse().unwrap(),
        None,
    );
    let frame = xmpp_protocol::Element::from(xmpp_protocol::Stanza::Message(relay)).to_xml();
    server.handle(alice.conn.unwrap(), &frame);
    pump(&mut server, &mut [&mut alice, &mut bob], NOW);
    assert_eq!(bob.client.invitations().len(), 1);
    assert!(bob.client.invitations()[0].mediated);

    // Another device of bob's, with nothing stored, reads the archive.
    let bob_laptop = logged_in(&mut server, "bob", NOW);
    assert_eq!(bob_laptop.client.invitations().len(), 1, "from the archive");

    block_on(bob.client.decline_invitation(&room)).unwrap();
    pump(&mut server, &mut [&mut alice, &mut bob], NOW);
    assert!(bob.client.invitations().is_empty());
    assert!(server
        .received
        .iter()
        .any(|(_, frame)| frame.contains("<decline")));
}

#[test]
fn in_a_channel_where_only_owners_write_a_visitor_cannot_write() {
    let mut server = server();
    let mut alice = logged_in(&mut server, "alice", NOW);
    let room = create(
        &mut server,
        &mut alice,
        "News",
        GroupPreset::PublicChannel {
            only_owners_write: true,
        },
    );
    assert!(server.room(&room).unwrap().moderated);
    let mut carol = logged_in(&mut server, "carol", NOW);
    block_on(carol.client.join_room(&room, None, None, NOW)).unwrap();
    pump(&mut server, &mut [&mut alice, &mut carol], NOW);
    let view = room_view(&carol, &room);
    assert_eq!(view.status, RoomStatus::Joined);
    assert_eq!(view.role, "visitor");
    assert_eq!(view.cannot_write, Some(CannotWrite::NoVoice));
    assert!(!view.private, "a public channel can't be encrypted");

    send(
        &mut server,
        &mut [&mut alice, &mut carol],
        &room,
        "announcement",
    );
    assert_eq!(messages(&carol, &room).len(), 1);
    send(&mut server, &mut [&mut carol, &mut alice], &room, "can I?");
    let mine = messages(&carol, &room);
    let refused = mine.iter().find(|m| m.body == "can I?").unwrap();
    assert!(
        matches!(refused.state, DeliveryState::Failed(_)),
        "{refused:?}"
    );
    assert_eq!(messages(&alice, &room).len(), 1, "nothing reached the room");
}

#[test]
fn members_only_refusals_and_nick_conflicts_are_explained() {
    let mut server = server();
    let mut alice = logged_in(&mut server, "alice", NOW);
    let room = create(&mut server, &mut alice, "Team", GroupPreset::PrivateGroup);
    let mut carol = logged_in(&mut server, "carol", NOW);
    block_on(carol.client.join_room(&room, None, None, NOW)).unwrap();
    pump(&mut server, &mut [&mut alice, &mut carol], NOW);
    match room_view(&carol, &room).status {
        RoomStatus::NotJoined(Some(GroupEnded::MembersOnly)) => {}
        other => panic!("{other:?}"),
    }

    let open = open_channel(&mut server, &mut alice);
    block_on(carol.client.join_room(&open, Some("alice"), None, NOW)).unwrap();
    pump(&mut server, &mut [&mut alice, &mut carol], NOW);
    let view = room_view(&carol, &open);
    assert_eq!(
        view.status,
        RoomStatus::Joined,
        "joined again with another nick"
    );
    assert!(view.nick.starts_with("alice_"), "{}", view.nick);
}

#[test]
fn bookmarks_bring_rooms_and_history_to_a_reload_and_a_new_device() {
    let mut server = server();
    let mut alice = logged_in(&mut server, "alice", NOW);
    let room = create(&mut server, &mut alice, "Team", GroupPreset::PrivateGroup);
    // Alone in the group there is nobody to encrypt for: plaintext, chosen explicitly.
    block_on(
        alice
            .client
            .set_encryption(&ConversationId::group(&room), EncryptionPreference::Off),
    )
    .unwrap();
    send(&mut server, &mut [&mut alice], &room, "remember me");

    // A reload: the stored rooms are shown at once and joined again.
    let store = alice.store.clone();
    if let Some(conn) = alice.conn.take() {
        server.disconnect(conn);
    }
    let mut reloaded = Device::with_store(store);
    assert!(reloaded.restore_and_resume(&mut server, NOW));
    assert_eq!(
        reloaded.client.rooms().len(),
        1,
        "known before any network traffic"
    );
    pump(&mut server, &mut [&mut reloaded], NOW);
    assert_eq!(room_view(&reloaded, &room).status, RoomStatus::Joined);
    assert_eq!(
        messages(&reloaded, &room).len(),
        1,
        "catching up stores no copy"
    );

    // A new device: only the bookmark knows the room; the room's archive has the history.
    let mut laptop = logged_in(&mut server, "alice", NOW);
    let view = room_view(&laptop, &room);
    assert_eq!(view.status, RoomStatus::Joined, "{view:?}");
    let history = messages(&laptop, &room);
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].body, "remember me");
    assert_eq!(
        history[0].direction,
        Direction::Out,
        "our nick: sent from another device"
    );

    block_on(laptop.client.leave_room(&room, NOW)).unwrap();
    pump(&mut server, &mut [&mut laptop], NOW);
    assert!(laptop.client.rooms().is_empty());
    assert!(server.pep_items("alice@localhost", BOOKMARKS).is_empty());
}

#[test]
fn hostile_nicks_and_subjects_are_cleaned_and_strangers_are_ignored() {
    let mut server = server();
    let mut alice = logged_in(&mut server, "alice", NOW);
    let room = open_channel(&mut server, &mut alice);
    let conn = alice.conn.unwrap();
    let nick = format!("evil\u{202e}gnp.exe{}", "x".repeat(300));
    server.deliver_raw(conn, &format!("<presence xmlns='jabber:client' from='{room}/{nick}' to='alice@localhost'><x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='none' role='participant'/></x></presence>"));
    server.deliver_raw(conn, &format!("<message xmlns='jabber:client' type='groupchat' from='{room}/x' to='alice@localhost'><subject>Plans\u{202e} for today\t!</subject></message>"));
    server.deliver_raw(conn, "<message xmlns='jabber:client' type='groupchat' from='stranger@conference.localhost/x' to='alice@localhost'><body>spam</body></message>");
    pump(&mut server, &mut [&mut alice], NOW);
    let (occupants, _) = alice.client.occupants(&room);
    let evil = occupants
        .iter()
        .find(|o| o.nick.starts_with("evil"))
        .unwrap();
    assert!(!evil.nick.contains('\u{202e}'));
    assert!(evil.nick.chars().count() <= 64);
    assert_eq!(
        room_view(&alice, &room).subject.as_deref(),
        Some("Plans for today!")
    );
    assert!(messages(&alice, "stranger@conference.localhost").is_empty());
}

#[test]
fn an_encrypted_group_message_is_marked_unreadable_not_shown_as_its_fallback() {
    let mut server = server();
    let mut alice = logged_in(&mut server, "alice", NOW);
    let room = create(
        &mut server,
        &mut alice,
        "Lab-omemo",
        GroupPreset::PrivateGroup,
    );
    assert_eq!(room, "lab-omemo@conference.localhost");
    // Captured from Prosody: an OMEMO 2 groupchat message from another client.
    let frame = include_str!(
        "../../xmpp-protocol/tests/fixtures/muc/omemo2-groupchat.received-by-carol.xml"
    )
    .trim()
    .replace(
        "lab-omemo@conference.localhost/alice",
        "lab-omemo@conference.localhost/dave",
    )
    .replace("carol@localhost/muc-test", "alice@localhost")
    .replacen("<message ", "<message xmlns='jabber:client' ", 1);
    server.deliver_raw(alice.conn.unwrap(), &frame);
    pump(&mut server, &mut [&mut alice], NOW);
    let stored = messages(&alice, &room);
    let encrypted = stored.iter().find(|m| m.sender == "dave").unwrap();
    assert!(encrypted.body.is_empty(), "{encrypted:?}");
    assert!(matches!(
        encrypted.encryption,
        chat_store::MessageEncryption::Undecryptable { .. }
    ));
}

#[test]
fn a_room_that_forgot_us_is_joined_again_after_a_self_ping() {
    let mut server = server();
    let mut alice = logged_in(&mut server, "alice", NOW);
    let room = open_channel(&mut server, &mut alice);
    // The room restarts and loses its occupants, while our connection stays up.
    server.room_mut(&room).unwrap().occupants.clear();
    alice.client.self_ping_rooms(NOW);
    pump(&mut server, &mut [&mut alice], NOW);
    assert_eq!(room_view(&alice, &room).status, RoomStatus::Joined);
    assert_eq!(
        server.room(&room).unwrap().occupants.len(),
        1,
        "joined again"
    );
    let pings_before = server.received.len();
    alice.client.self_ping_rooms(NOW);
    pump(&mut server, &mut [&mut alice], NOW);
    let rejoins = server.received[pings_before..]
        .iter()
        .filter(|(_, frame)| frame.contains("<presence"))
        .count();
    assert_eq!(rejoins, 0, "still joined: nothing to do");
}

#[test]
fn an_invitation_to_a_room_that_does_not_exist_leaves_the_inbox() {
    let mut server = server();
    let mut bob = logged_in(&mut server, "bob", NOW);
    server.deliver_raw(
        bob.conn.unwrap(),
        "<message xmlns='jabber:client' from='mallory@localhost/x' to='bob@localhost'><x xmlns='jabber:x:conference' jid='nowhere@conference.localhost'/></message>",
    );
    pump(&mut server, &mut [&mut bob], NOW);
    assert!(
        bob.client.invitations().is_empty(),
        "{:?}",
        bob.client.invitations()
    );
}

#[test]
fn on_ejabberd_every_bookmark_survives_its_refusal_of_max_items() {
    let mut server = server();
    server.pep.ejabberd_publish_options = true;
    let mut alice = logged_in(&mut server, "alice", NOW);
    let team = create(&mut server, &mut alice, "Team", GroupPreset::PrivateGroup);
    let family = create(&mut server, &mut alice, "Family", GroupPreset::PrivateGroup);
    let refused = server
        .pep
        .refused_publishes
        .iter()
        .filter(|n| *n == BOOKMARKS);
    assert_eq!(refused.count(), 2, "each first publish carried max_items");
    let bookmarks = server.pep_items("alice@localhost", BOOKMARKS);
    assert_eq!(
        bookmarks.len(),
        2,
        "the node was configured for more than one item"
    );
    let notices: Vec<ClientEvent> = alice
        .take_events()
        .into_iter()
        .filter(|e| matches!(e, ClientEvent::Notice(_)))
        .collect();
    assert!(notices.is_empty(), "{notices:?}");

    let laptop = logged_in(&mut server, "alice", NOW);
    for room in [&team, &family] {
        assert_eq!(
            room_view(&laptop, room).status,
            RoomStatus::Joined,
            "{room}"
        );
    }
}
