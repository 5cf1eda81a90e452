//! Read state across the user's devices (XEP-0490) against the in-process server: reading a
//! chat on one device clears its unread count on another that never saw the chat marker
//! (offline then), also when the read message only arrives later from the archive; the
//! publish survives a server that refuses `max_items` (ejabberd); strangers' items are ignored;
//! in groups the room's archive ids are published and applied; a read state held back (at most
//! one publish per chat every 2 s) never overwrites a later one from another device.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::rc::Rc;

use chat_store::{ConversationId, Store};
use futures::executor::block_on;
use support::server::FakeServer;
use support::{alice_and_bob_in_open_channel, logged_in, pump, server_with_friends, Device};

const NOW: u64 = 1_790_000_000_000;
const MDS: &str = "urn:xmpp:mds:displayed:0";

fn chat(peer: &str) -> ConversationId {
    ConversationId::direct(format!("{peer}@localhost"))
}

fn unread(device: &Device, peer: &str) -> u32 {
    block_on(device.store.conversation(&chat(peer)))
        .unwrap()
        .map_or(0, |c| c.unread)
}

/// The same browser storage logged in again with the password, as after logging out.
fn log_in_again(server: &mut FakeServer, device: &Device, now: u64) -> Device {
    let mut again = Device::with_store(Rc::clone(&device.store));
    again.login(server, "alice@localhost", "alice-pass", now);
    pump(server, &mut [&mut again], now);
    again
}

fn send_from_bob(
    server: &mut FakeServer,
    bob: &mut Device,
    others: &mut [&mut Device],
    body: &str,
    now: u64,
) {
    block_on(bob.client.send_message(&chat("alice"), body, now)).unwrap();
    let mut all: Vec<&mut Device> = vec![bob];
    all.extend(others.iter_mut().map(|d| &mut **d));
    pump(server, &mut all, now);
}

/// Alice on a phone and a laptop, bob on one device; bob's first message reached both of
/// alice's devices, then the laptop logged out (so it sees no chat marker from now on).
fn laptop_away_after(server: &mut FakeServer, first: &str) -> (Device, Device, Device) {
    let mut phone = logged_in(server, "alice", NOW);
    let mut laptop = logged_in(server, "alice", NOW);
    let mut bob = logged_in(server, "bob", NOW);
    send_from_bob(
        server,
        &mut bob,
        &mut [&mut phone, &mut laptop],
        first,
        NOW + 1,
    );
    assert_eq!(unread(&phone, "bob"), 1);
    assert_eq!(unread(&laptop, "bob"), 1);
    block_on(laptop.client.logout(false)).unwrap();
    pump(server, &mut [&mut laptop], NOW + 2);
    (phone, laptop, bob)
}

#[test]
fn a_device_that_missed_the_marker_learns_the_chat_was_read() {
    let mut server = server_with_friends();
    let (mut phone, laptop, mut bob) = laptop_away_after(&mut server, "are you there?");
    block_on(phone.client.set_active_conversation(Some(chat("bob")))).unwrap();
    pump(&mut server, &mut [&mut phone, &mut bob], NOW + 3);
    assert_eq!(unread(&phone, "bob"), 0);
    let items = server.pep_items("alice@localhost", MDS);
    assert_eq!(items.len(), 1, "one item for the chat read");
    assert!(
        items[0].to_xml().contains("by=\"alice@localhost\"")
            || items[0].to_xml().contains("by='alice@localhost'")
    );
    assert_eq!(
        unread(&laptop, "bob"),
        1,
        "the laptop was away: no marker reached it"
    );

    let laptop = log_in_again(&mut server, &laptop, NOW + 4);
    assert_eq!(unread(&laptop, "bob"), 0, "the read state came from PEP");

    // Live, through `+notify`: a new message read on the phone clears on the laptop too.
    let mut laptop = laptop;
    block_on(phone.client.set_active_conversation(None)).unwrap();
    send_from_bob(
        &mut server,
        &mut bob,
        &mut [&mut phone, &mut laptop],
        "still there?",
        NOW + 5,
    );
    assert_eq!(unread(&laptop, "bob"), 1);
    let publishes = server.pep_items("alice@localhost", MDS);
    block_on(phone.client.set_active_conversation(Some(chat("bob")))).unwrap();
    pump(
        &mut server,
        &mut [&mut phone, &mut laptop, &mut bob],
        NOW + 6,
    );
    // Read 3 ms after the previous publish: held back, so a burst read as it arrives is
    // published once, not once per batch. (The laptop, online, learns it from the carbon of
    // the chat marker meanwhile.)
    assert_eq!(server.pep_items("alice@localhost", MDS), publishes);
    let due = phone
        .client
        .poll_timeout()
        .expect("the held read state is due");
    assert!(
        due <= NOW + 3 + 2_000,
        "due {} ms after the first publish",
        due - NOW - 3
    );
    block_on(phone.client.handle_timeout(due)).unwrap();
    pump(&mut server, &mut [&mut phone, &mut laptop, &mut bob], due);
    assert_eq!(unread(&laptop, "bob"), 0);
    assert_ne!(
        server.pep_items("alice@localhost", MDS),
        publishes,
        "the newer message was published"
    );
}

#[test]
fn a_read_message_that_arrives_later_from_the_archive_clears_the_count() {
    let mut server = server_with_friends();
    // The laptop has seen the chat before, so what the archive brings later counts as unread.
    let (mut phone, laptop, mut bob) = laptop_away_after(&mut server, "zero");
    send_from_bob(&mut server, &mut bob, &mut [&mut phone], "one", NOW + 2);
    send_from_bob(&mut server, &mut bob, &mut [&mut phone], "two", NOW + 3);
    block_on(phone.client.set_active_conversation(Some(chat("bob")))).unwrap();
    pump(&mut server, &mut [&mut phone, &mut bob], NOW + 4);
    assert_eq!(
        unread(&laptop, "bob"),
        1,
        "\"zero\" is unread on the laptop"
    );

    // The read state is fetched before the archive has brought "one" and "two": the count is
    // cleared when "two" arrives.
    let laptop = log_in_again(&mut server, &laptop, NOW + 6);
    let bodies: Vec<String> = block_on(laptop.store.messages(&chat("bob"), None, 10))
        .unwrap()
        .messages
        .into_iter()
        .map(|m| m.body)
        .collect();
    assert_eq!(bodies, ["zero", "one", "two"], "caught up from the archive");
    assert_eq!(unread(&laptop, "bob"), 0, "read up to \"two\" on the phone");
}

#[test]
fn publishing_works_where_max_items_is_refused_and_strangers_are_ignored() {
    let mut server = server_with_friends();
    server.refuse_options_like_ejabberd();
    let (mut phone, laptop, mut bob) = laptop_away_after(&mut server, "hi");
    block_on(phone.client.set_active_conversation(Some(chat("bob")))).unwrap();
    pump(&mut server, &mut [&mut phone, &mut bob], NOW + 3);
    assert_eq!(
        server.pep_items("alice@localhost", MDS).len(),
        1,
        "published without max_items"
    );
    assert!(server
        .configured_nodes()
        .contains(&("alice@localhost".to_owned(), MDS.to_owned())));

    // Bob's server-side node (or a forged push) says nothing about alice's chats.
    let mut laptop = log_in_again(&mut server, &laptop, NOW + 4);
    assert_eq!(unread(&laptop, "bob"), 0);
    block_on(phone.client.set_active_conversation(None)).unwrap();
    send_from_bob(
        &mut server,
        &mut bob,
        &mut [&mut phone, &mut laptop],
        "again",
        NOW + 5,
    );
    assert_eq!(unread(&laptop, "bob"), 1);
    let stanza_id = block_on(laptop.store.messages(&chat("bob"), None, 10))
        .unwrap()
        .messages
        .last()
        .and_then(|m| m.stanza_id.clone())
        .unwrap();
    let forged = format!(
        "<message xmlns='jabber:client' from='bob@localhost' to='alice@localhost' type='headline'><event xmlns='http://jabber.org/protocol/pubsub#event'><items node='{MDS}'><item id='bob@localhost'><displayed xmlns='{MDS}'><stanza-id xmlns='urn:xmpp:sid:0' by='alice@localhost' id='{stanza_id}'/></displayed></item></items></event></message>"
    );
    server.deliver_raw(laptop.conn.unwrap(), &forged);
    let broken = format!(
        "<message xmlns='jabber:client' to='alice@localhost' type='headline'><event xmlns='http://jabber.org/protocol/pubsub#event'><items node='{MDS}'><item id='@@@'><displayed xmlns='{MDS}'/></item></items></event></message>"
    );
    server.deliver_raw(laptop.conn.unwrap(), &broken);
    pump(&mut server, &mut [&mut laptop], NOW + 6);
    assert_eq!(
        unread(&laptop, "bob"),
        1,
        "only the account's own node counts"
    );
}

#[test]
fn in_groups_the_rooms_archive_id_is_published_and_applied() {
    let mut server = server_with_friends();
    let (mut alice, mut bob, room) = alice_and_bob_in_open_channel(&mut server, NOW);
    let group = ConversationId::group(room.clone());
    let group_unread = |device: &Device| {
        block_on(device.store.conversation(&group))
            .unwrap()
            .map_or(0, |c| c.unread)
    };
    for (i, body) in ["first", "second"].into_iter().enumerate() {
        block_on(bob.client.send_message(&group, body, NOW + 1 + i as u64)).unwrap();
        pump(&mut server, &mut [&mut alice, &mut bob], NOW + 1 + i as u64);
    }
    assert_eq!(group_unread(&alice), 2);
    let messages = block_on(alice.store.messages(&group, None, 10))
        .unwrap()
        .messages;
    let first_id = messages[0].stanza_id.clone().expect("the room's id");

    // Another of alice's devices read up to "first": "second" stays unread.
    let event = format!(
        "<message xmlns='jabber:client' from='alice@localhost' to='alice@localhost' type='headline'><event xmlns='http://jabber.org/protocol/pubsub#event'><items node='{MDS}'><item id='{room}'><displayed xmlns='{MDS}'><stanza-id xmlns='urn:xmpp:sid:0' by='{room}' id='{first_id}'/></displayed></item></items></event></message>"
    );
    server.deliver_raw(alice.conn.unwrap(), &event);
    pump(&mut server, &mut [&mut alice], NOW + 3);
    assert_eq!(group_unread(&alice), 1);

    block_on(alice.client.set_active_conversation(Some(group.clone()))).unwrap();
    pump(&mut server, &mut [&mut alice, &mut bob], NOW + 4);
    assert_eq!(group_unread(&alice), 0);
    let second_id = messages[1].stanza_id.clone().unwrap();
    let published: Vec<String> = server
        .pep_items("alice@localhost", MDS)
        .iter()
        .map(|item| item.to_xml())
        .collect();
    assert!(
        published
            .iter()
            .any(|xml| xml.contains(&second_id) && xml.contains(&room)),
        "the room's id of the newest message, by the room: {published:?}"
    );
}

#[test]
fn a_read_state_held_back_never_overwrites_a_later_one_from_another_device() {
    let mut server = server_with_friends();
    let mut phone = logged_in(&mut server, "alice", NOW);
    let mut laptop = logged_in(&mut server, "alice", NOW);
    let mut bob = logged_in(&mut server, "bob", NOW);
    // The phone reads "one" as it arrives and publishes that; "two" comes within 2 s: held back.
    block_on(phone.client.set_active_conversation(Some(chat("bob")))).unwrap();
    send_from_bob(
        &mut server,
        &mut bob,
        &mut [&mut phone, &mut laptop],
        "one",
        NOW + 1,
    );
    let phones = server.pep_items("alice@localhost", MDS);
    assert_eq!(phones.len(), 1, "\"one\" published");
    send_from_bob(
        &mut server,
        &mut bob,
        &mut [&mut phone, &mut laptop],
        "two",
        NOW + 2,
    );
    assert_eq!(
        server.pep_items("alice@localhost", MDS),
        phones,
        "\"two\" held back"
    );

    // Meanwhile the laptop reads "three", a later message, and publishes it.
    block_on(phone.client.set_active_conversation(None)).unwrap();
    send_from_bob(
        &mut server,
        &mut bob,
        &mut [&mut phone, &mut laptop],
        "three",
        NOW + 3,
    );
    block_on(laptop.client.set_active_conversation(Some(chat("bob")))).unwrap();
    pump(
        &mut server,
        &mut [&mut phone, &mut laptop, &mut bob],
        NOW + 4,
    );
    let laptops = server.pep_items("alice@localhost", MDS);
    assert_ne!(laptops, phones, "the laptop published \"three\"");

    // The phone's 2 s pass: "two" is not published over "three".
    block_on(phone.client.handle_timeout(NOW + 10_000)).unwrap();
    pump(
        &mut server,
        &mut [&mut phone, &mut laptop, &mut bob],
        NOW + 10_000,
    );
    assert_eq!(server.pep_items("alice@localhost", MDS), laptops);
    assert_eq!(
        unread(&phone, "bob"),
        0,
        "the phone learnt \"three\" was read"
    );
}
