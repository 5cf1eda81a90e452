//! OMEMO in private groups through the in-process server: the member set (affiliation lists
//! and present occupants, contacts or not), one encryption for all their devices, the own
//! reflection keeping its plaintext, decryption by the real JID from presences and from the
//! room's archive, who can't read, and never plaintext on the wire.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use chat_client::{ClientEvent, GroupPreset, GroupReader, ReaderStatus};
use chat_store::{
    ConversationId, DeliveryState, Direction, EncryptionPreference, Message, MessageEncryption,
};
use futures::executor::block_on;
use support::server::FakeServer;
use support::{frames_from, logged_in, pump, Device};

const NOW: u64 = 1_790_000_000_000;
const MUC_ADMIN: &str = "http://jabber.org/protocol/muc#admin";

/// alice, bob, carol and dave, none of them contacts of each other.
fn server() -> FakeServer {
    let mut server = FakeServer::new("localhost");
    for user in ["alice", "bob", "carol", "dave"] {
        server.add_account(user, &format!("{user}-pass"));
    }
    server
}

fn messages(device: &Device, room: &str) -> Vec<Message> {
    support::group_messages(device, room)
}

fn find(device: &Device, room: &str, body: &str) -> Message {
    messages(device, room)
        .into_iter()
        .find(|m| m.body == body)
        .unwrap_or_else(|| panic!("{body:?} missing: {:?}", messages(device, room)))
}

fn send(server: &mut FakeServer, devices: &mut [&mut Device], room: &str, body: &str) -> Message {
    let sent = block_on(
        devices[0]
            .client
            .send_message(&ConversationId::group(room), body, NOW),
    )
    .unwrap();
    pump(server, devices, NOW);
    sent
}

fn wire_of(server: &FakeServer, device: &Device) -> String {
    frames_from(server, device.conn.unwrap()).join("\n")
}

fn status_of(readers: &[GroupReader], jid: &str) -> ReaderStatus {
    readers
        .iter()
        .find(|r| r.jid == jid)
        .unwrap_or_else(|| panic!("{jid} is not among {readers:?}"))
        .status
        .clone()
}

/// alice's private group "Team" with bob (invited, joined) and carol (invited, never online:
/// no OMEMO device).
fn team(server: &mut FakeServer) -> (Device, Device, String) {
    let mut alice = logged_in(server, "alice", NOW);
    let room = block_on(alice.client.create_group(
        "Team",
        Some("team@conference.localhost"),
        GroupPreset::PrivateGroup,
        NOW,
    ))
    .unwrap();
    pump(server, &mut [&mut alice], NOW);
    for invitee in ["bob@localhost", "carol@localhost"] {
        block_on(alice.client.invite_to_room(&room, invitee, None, NOW)).unwrap();
    }
    pump(server, &mut [&mut alice], NOW);
    let mut bob = logged_in(server, "bob", NOW);
    block_on(bob.client.accept_invitation(&room, NOW)).unwrap();
    pump(server, &mut [&mut alice, &mut bob], NOW);
    (alice, bob, room)
}

#[test]
fn members_read_each_other_and_only_ciphertext_goes_over_the_wire() {
    let mut server = server();
    let (mut alice, mut bob, room) = team(&mut server);

    let sent = send(
        &mut server,
        &mut [&mut alice, &mut bob],
        &room,
        "the secret plan",
    );
    assert!(
        !wire_of(&server, &alice).contains("secret plan"),
        "plaintext left alice's device"
    );
    let at_bob = find(&bob, &room, "the secret plan");
    assert_eq!(at_bob.direction, Direction::In);
    assert_eq!(at_bob.sender, "alice");
    assert!(
        matches!(at_bob.encryption, MessageEncryption::Omemo { .. }),
        "{at_bob:?}"
    );
    // The room reflects the ciphertext; the message keeps the plaintext typed.
    let own = find(&alice, &room, "the secret plan");
    assert_eq!(own.id, sent.id);
    assert_eq!(own.state, DeliveryState::Sent);
    assert!(matches!(own.encryption, MessageEncryption::Omemo { .. }));
    assert_eq!(
        messages(&alice, &room).len(),
        1,
        "the reflection is not a second copy"
    );

    send(
        &mut server,
        &mut [&mut bob, &mut alice],
        &room,
        "count me in",
    );
    assert!(!wire_of(&server, &bob).contains("count me in"));
    let at_alice = find(&alice, &room, "count me in");
    assert_eq!(at_alice.sender, "bob");
    assert!(matches!(
        at_alice.encryption,
        MessageEncryption::Omemo { .. }
    ));

    // The member list came from one admin IQ per affiliation.
    let lists = wire_of(&server, &alice)
        .matches(&format!("<query xmlns=\"{MUC_ADMIN}\"><item affiliation="))
        .count();
    assert!(lists >= 3, "member, admin and owner lists asked for");
}

#[test]
fn who_cannot_read_is_listed_and_nobody_readable_means_not_sent() {
    let mut server = server();
    let (mut alice, mut bob, room) = team(&mut server);
    alice.drain_events();
    alice.client.show_group_readers(&room, NOW);
    pump(&mut server, &mut [&mut alice, &mut bob], NOW);
    let readers = alice.client.group_readers(&room);
    assert_eq!(readers.len(), 2, "{readers:?}");
    assert_eq!(status_of(&readers, "bob@localhost"), ReaderStatus::Ready);
    assert_eq!(
        status_of(&readers, "carol@localhost"),
        ReaderStatus::NoDevices,
        "carol never used an OMEMO client"
    );
    assert!(alice
        .take_events()
        .iter()
        .any(|e| matches!(e, ClientEvent::GroupReaders { room: r, readers } if *r == room && readers.len() == 2)));

    // Without bob (he leaves the group for good) nobody could read: the message fails,
    // nothing goes out in plaintext.
    block_on(bob.client.leave_room(&room, NOW)).unwrap();
    pump(&mut server, &mut [&mut alice, &mut bob], NOW);
    server
        .room_mut(&room)
        .unwrap()
        .affiliations
        .remove("bob@localhost");
    // Rejoining reads the member lists again.
    if let Some(conn) = alice.conn.take() {
        server.disconnect(conn);
    }
    let mut alice = Device::with_store(alice.store.clone());
    assert!(alice.restore_and_resume(&mut server, NOW));
    pump(&mut server, &mut [&mut alice], NOW);
    let failed = send(
        &mut server,
        &mut [&mut alice],
        &room,
        "nobody can read this",
    );
    let stored = find(&alice, &room, "nobody can read this");
    assert!(
        matches!(
            &stored.state,
            DeliveryState::Failed(reason) if matches!(**reason, chat_store::Stored::Code(
                chat_store::SendFailure::GroupNobodyCanRead { .. }
            ))
        ),
        "{stored:?} (sent as {failed:?})"
    );
    assert!(!wire_of(&server, &alice).contains("nobody can read"));

    // Switched off explicitly, the group gets plaintext.
    block_on(
        alice
            .client
            .set_encryption(&ConversationId::group(&room), EncryptionPreference::Off),
    )
    .unwrap();
    send(&mut server, &mut [&mut alice], &room, "plain on purpose");
    assert!(wire_of(&server, &alice).contains("plain on purpose"));
}

#[test]
fn history_from_the_room_archive_is_decrypted_by_the_real_jid_it_names() {
    let mut server = server();
    let (mut alice, mut bob, room) = team(&mut server);
    // Sessions exist both ways before bob goes away.
    send(&mut server, &mut [&mut alice, &mut bob], &room, "before");
    send(&mut server, &mut [&mut bob, &mut alice], &room, "ack");

    // bob reloads later: alice wrote while he was away and has left since, so only the
    // archive's `<x/>` item says who "alice" was.
    let bob_store = bob.store.clone();
    if let Some(conn) = bob.conn.take() {
        server.disconnect(conn);
    }
    pump(&mut server, &mut [&mut alice], NOW);
    send(&mut server, &mut [&mut alice], &room, "while you were away");
    block_on(alice.client.leave_room(&room, NOW)).unwrap();
    pump(&mut server, &mut [&mut alice], NOW);

    let mut bob = Device::with_store(bob_store);
    bob.login(&mut server, "bob@localhost", "bob-pass", NOW);
    pump(&mut server, &mut [&mut bob], NOW);
    let caught_up = find(&bob, &room, "while you were away");
    assert_eq!(caught_up.sender, "alice");
    assert!(
        matches!(caught_up.encryption, MessageEncryption::Omemo { .. }),
        "{caught_up:?}"
    );
}

#[test]
fn an_encrypted_message_from_someone_whose_address_is_unknown_says_so() {
    let mut server = server();
    let (mut alice, _bob, room) = team(&mut server);
    let frame = include_str!(
        "../../xmpp-protocol/tests/fixtures/muc/omemo2-groupchat.received-by-carol.xml"
    )
    .trim()
    .replace(
        "lab-omemo@conference.localhost/alice",
        &format!("{room}/ghost"),
    )
    .replace("lab-omemo@conference.localhost", &room)
    .replace("carol@localhost/muc-test", "alice@localhost")
    .replacen("<message ", "<message xmlns='jabber:client' ", 1);
    server.deliver_raw(alice.conn.unwrap(), &frame);
    pump(&mut server, &mut [&mut alice], NOW);
    let ghost = messages(&alice, &room)
        .into_iter()
        .find(|m| m.sender == "ghost")
        .unwrap();
    assert!(ghost.body.is_empty());
    assert!(
        matches!(
            &ghost.encryption,
            MessageEncryption::Undecryptable { reason }
                if **reason == chat_store::Stored::Code(chat_store::Unreadable::UnknownGroupSender)
        ),
        "{ghost:?}"
    );
}

#[test]
fn our_other_device_in_the_group_reads_what_this_one_sent() {
    let mut server = server();
    let (mut alice, mut bob, room) = team(&mut server);
    // alice's laptop comes online later and joins the group from her bookmarks.
    let mut laptop = logged_in(&mut server, "alice", NOW);
    pump(&mut server, &mut [&mut alice, &mut bob, &mut laptop], NOW);
    send(
        &mut server,
        &mut [&mut alice, &mut bob, &mut laptop],
        &room,
        "from my phone",
    );
    let mirrored = find(&laptop, &room, "from my phone");
    assert_eq!(mirrored.direction, Direction::Out, "{mirrored:?}");
    assert!(
        matches!(mirrored.encryption, MessageEncryption::Omemo { .. }),
        "{mirrored:?}"
    );
    assert_eq!(find(&bob, &room, "from my phone").direction, Direction::In);
}
