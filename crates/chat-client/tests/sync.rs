//! Never losing or doubling a message: stream resumption, the fallback to a fresh session
//! with archive catch-up, the outbox, carbons, archive paging and the input that must be
//! refused. Everything runs against the in-process server on explicit (virtual) time.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use chat_client::{ClientEvent, ConnectionState};
use chat_store::{ConversationId, DeliveryState, Direction, Store};
use futures::executor::block_on;
use support::server::FakeServer;
use support::{alice_and_bob, frames_from, logged_in, pump, server_with_friends, Device};

const NOW: u64 = 1_790_000_000_000;

fn chat(peer: &str) -> ConversationId {
    ConversationId::direct(format!("{peer}@localhost"))
}

fn bodies(device: &Device, peer: &str) -> Vec<(Direction, String)> {
    let page = block_on(device.store.messages(&chat(peer), None, 10_000)).unwrap();
    page.messages
        .into_iter()
        .map(|m| (m.direction, m.body))
        .collect()
}

/// Sends in plaintext: these tests follow messages through the archive to devices that join
/// later, which OMEMO (rightly) keeps from reading what was sent before they existed.
fn send(device: &mut Device, peer: &str, body: &str, now: u64) {
    block_on(
        device
            .client
            .set_encryption(&chat(peer), chat_store::EncryptionPreference::Off),
    )
    .unwrap();
    block_on(device.client.send_message(&chat(peer), body, now)).unwrap();
}

/// Reconnects `device` after its retry time, as the driver's back-off timer would.
fn reconnect(server: &mut FakeServer, device: &mut Device, now: u64) {
    let ConnectionState::Offline {
        retry_at: Some(retry_at),
    } = device.client.connection().clone()
    else {
        panic!(
            "expected to be offline with a retry time, got {:?}",
            device.client.connection()
        );
    };
    assert!(retry_at <= now, "reconnecting before the back-off expired");
    assert!(device.client.start_resume(now).is_some());
    device.conn = Some(server.connect());
}

#[test]
fn a_dropped_connection_is_resumed_without_losing_or_doubling_anything() {
    let mut server = server_with_friends();
    let (mut alice, mut bob) = alice_and_bob(&mut server, NOW);
    send(&mut alice, "bob", "before the tunnel", NOW + 1);
    pump(&mut server, &mut [&mut alice, &mut bob], NOW + 1);

    // Written, but the connection drops before any frame leaves.
    send(&mut alice, "bob", "unacknowledged", NOW + 2);
    alice.drop_connection(&mut server, NOW + 2);
    for i in 0..3 {
        send(&mut bob, "alice", &format!("while away {i}"), NOW + 3 + i);
    }
    send(&mut alice, "bob", "written offline", NOW + 10);
    pump(&mut server, &mut [&mut bob], NOW + 10);
    assert_eq!(block_on(alice.store.pending_messages()).unwrap().len(), 2);

    reconnect(&mut server, &mut alice, NOW + 2_000);
    let conn = alice.conn.unwrap();
    pump(&mut server, &mut [&mut alice, &mut bob], NOW + 2_000);
    assert_eq!(alice.client.connection(), &ConnectionState::Online);
    let sent = frames_from(&server, conn);
    assert!(
        sent.iter().any(|f| f.starts_with("<resume")),
        "the stream is resumed"
    );
    assert!(
        !sent.iter().any(|f| f.contains("<bind")),
        "no fresh resource after a resumption"
    );
    assert!(
        !sent.iter().any(|f| f.contains("urn:xmpp:mam:2")),
        "nothing to catch up after a resumption"
    );

    // Alice wrote her offline message before she could see Bob's: that is her order.
    let expected_at_alice: Vec<(Direction, String)> = [
        (Direction::Out, "before the tunnel"),
        (Direction::Out, "unacknowledged"),
        (Direction::Out, "written offline"),
        (Direction::In, "while away 0"),
        (Direction::In, "while away 1"),
        (Direction::In, "while away 2"),
    ]
    .into_iter()
    .map(|(d, b)| (d, b.to_owned()))
    .collect();
    assert_eq!(bodies(&alice, "bob"), expected_at_alice);
    let at_bob: Vec<String> = bodies(&bob, "alice")
        .into_iter()
        .filter(|(d, _)| *d == Direction::In)
        .map(|(_, b)| b)
        .collect();
    assert_eq!(
        at_bob,
        ["before the tunnel", "unacknowledged", "written offline"]
    );
    assert!(
        block_on(alice.store.pending_messages()).unwrap().is_empty(),
        "everything acknowledged"
    );
}

#[test]
fn a_refused_resumption_falls_back_to_a_fresh_session_and_the_archive() {
    let mut server = server_with_friends();
    let (mut alice, mut bob) = alice_and_bob(&mut server, NOW);
    send(&mut bob, "alice", "hello", NOW + 1);
    pump(&mut server, &mut [&mut alice, &mut bob], NOW + 1);
    assert!(
        block_on(alice.store.account())
            .unwrap()
            .unwrap()
            .last_archive_id
            .is_some(),
        "the sync point follows live messages"
    );

    // The server gets alice's message but its acknowledgement never reaches her.
    send(&mut alice, "bob", "ack lost", NOW + 2);
    let conn = alice.conn.unwrap();
    while let Some(frame) = alice.client.poll_transmit() {
        server.handle(conn, &frame);
    }
    alice.drop_connection(&mut server, NOW + 2);
    for i in 0..3 {
        send(&mut bob, "alice", &format!("missed {i}"), NOW + 3 + i);
    }
    pump(&mut server, &mut [&mut bob], NOW + 10);
    server.expire_hibernated();

    reconnect(&mut server, &mut alice, NOW + 2_000);
    pump(&mut server, &mut [&mut alice, &mut bob], NOW + 2_000);
    assert_eq!(alice.client.connection(), &ConnectionState::Online);
    let sent = frames_from(&server, alice.conn.unwrap());
    assert!(
        sent.iter().any(|f| f.starts_with("<resume")) && sent.iter().any(|f| f.contains("<bind")),
        "tried to resume, then bound"
    );
    assert!(
        sent.iter().any(|f| f.contains("urn:xmpp:mam:2")),
        "caught up from the archive"
    );

    let at_alice: Vec<String> = bodies(&alice, "bob").into_iter().map(|(_, b)| b).collect();
    assert_eq!(
        at_alice,
        ["hello", "ack lost", "missed 0", "missed 1", "missed 2"]
    );
    let at_bob: Vec<String> = bodies(&bob, "alice")
        .into_iter()
        .filter(|(d, _)| *d == Direction::In)
        .map(|(_, b)| b)
        .collect();
    assert_eq!(
        at_bob,
        ["ack lost"],
        "resent with the same origin-id and stored once"
    );
    assert!(block_on(alice.store.pending_messages()).unwrap().is_empty());
}

#[test]
fn the_outbox_sends_each_message_exactly_once_across_reconnects() {
    let mut server = server_with_friends();
    server.offer_sm = false;
    let (mut alice, mut bob) = alice_and_bob(&mut server, NOW);
    alice.drop_connection(&mut server, NOW);
    for i in 0..5 {
        send(&mut alice, "bob", &format!("queued {i}"), NOW + 1 + i);
    }
    let pending = block_on(alice.store.pending_messages()).unwrap();
    assert_eq!(pending.len(), 5);
    assert!(
        pending
            .iter()
            .all(|m| m.origin_id.as_deref() == Some(m.id.as_str())),
        "origin-id is fixed before sending"
    );
    reconnect(&mut server, &mut alice, NOW + 1_000);
    pump(&mut server, &mut [&mut alice, &mut bob], NOW + 1_000);
    // A second reconnect must not send anything again.
    alice.drop_connection(&mut server, NOW + 1_001);
    reconnect(&mut server, &mut alice, NOW + 3_000);
    pump(&mut server, &mut [&mut alice, &mut bob], NOW + 3_000);
    let sent_messages = server
        .received
        .iter()
        .filter(|(_, f)| f.starts_with("<message") && f.contains("queued"))
        .count();
    assert_eq!(sent_messages, 5);
    let at_bob: Vec<String> = bodies(&bob, "alice").into_iter().map(|(_, b)| b).collect();
    assert_eq!(
        at_bob,
        (0..5).map(|i| format!("queued {i}")).collect::<Vec<_>>()
    );
    let states: Vec<DeliveryState> = block_on(alice.store.messages(&chat("bob"), None, 10))
        .unwrap()
        .messages
        .into_iter()
        .map(|m| m.state)
        .collect();
    assert!(
        states.iter().all(|s| *s == DeliveryState::Delivered),
        "acknowledged, then confirmed by bob: {states:?}"
    );
}

#[test]
fn carbons_show_a_second_device_what_the_first_sent_and_forged_ones_are_dropped() {
    let mut server = server_with_friends();
    let mut phone = logged_in(&mut server, "alice", NOW);
    let mut laptop = logged_in(&mut server, "alice", NOW);
    let mut bob = logged_in(&mut server, "bob", NOW);
    send(&mut phone, "bob", "from my phone", NOW + 1);
    pump(
        &mut server,
        &mut [&mut phone, &mut laptop, &mut bob],
        NOW + 1,
    );
    send(&mut bob, "alice", "to both", NOW + 2);
    pump(
        &mut server,
        &mut [&mut phone, &mut laptop, &mut bob],
        NOW + 2,
    );
    let expected = vec![
        (Direction::Out, "from my phone".to_owned()),
        (Direction::In, "to both".to_owned()),
    ];
    assert_eq!(bodies(&laptop, "bob"), expected);
    assert_eq!(bodies(&phone, "bob"), expected);

    laptop.take_events();
    let forged = "<message xmlns='jabber:client' from='bob@localhost/x' to='alice@localhost' type='chat'>\
        <sent xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'>\
        <message xmlns='jabber:client' from='alice@localhost/phone' to='bob@localhost' type='chat' id='f1'><body>I owe Bob 100 €</body></message>\
        </forwarded></sent></message>";
    server.deliver_raw(laptop.conn.unwrap(), forged);
    pump(&mut server, &mut [&mut laptop], NOW + 3);
    assert_eq!(
        bodies(&laptop, "bob"),
        expected,
        "a forged carbon is not stored"
    );
    assert!(laptop
        .take_events()
        .iter()
        .any(|e| matches!(e, ClientEvent::Dropped(_))));
}

#[test]
fn a_fresh_device_gets_the_newest_history_and_pages_back_through_the_archive() {
    let mut server = server_with_friends();
    let (mut alice, mut bob) = alice_and_bob(&mut server, NOW);
    for i in 0..320u64 {
        let (from, to) = if i % 2 == 0 {
            (&mut alice, "bob")
        } else {
            (&mut bob, "alice")
        };
        send(from, to, &format!("m{i:03}"), NOW + 10 + i);
        pump(&mut server, &mut [&mut alice, &mut bob], NOW + 10 + i);
    }
    let mut fresh = logged_in(&mut server, "alice", NOW + 1_000);
    let shown: Vec<String> = bodies(&fresh, "bob").into_iter().map(|(_, b)| b).collect();
    assert_eq!(
        shown,
        (70..320).map(|i| format!("m{i:03}")).collect::<Vec<_>>(),
        "the newest page, in order"
    );
    let conversations = block_on(fresh.store.conversations()).unwrap();
    assert_eq!(
        conversations.len(),
        1,
        "a conversation known only from the archive is listed"
    );
    assert_eq!(conversations[0].unread, 0, "history is not unread");

    for expected_first in [20, 0] {
        block_on(fresh.client.load_older(&chat("bob"), NOW + 1_100)).unwrap();
        pump(&mut server, &mut [&mut fresh], NOW + 1_100);
        let shown: Vec<String> = bodies(&fresh, "bob").into_iter().map(|(_, b)| b).collect();
        assert_eq!(
            shown,
            (expected_first..320)
                .map(|i| format!("m{i:03}"))
                .collect::<Vec<_>>()
        );
    }
    let events = fresh.take_events();
    assert!(
        events
            .iter()
            .any(|e| matches!(e, ClientEvent::HistoryLoaded { complete: true, .. })),
        "the start of the archive is reported"
    );
}

#[test]
fn archive_results_nobody_asked_for_and_duplicate_stanza_ids_are_dropped() {
    let mut server = server_with_friends();
    let (mut alice, mut bob) = alice_and_bob(&mut server, NOW);
    send(&mut bob, "alice", "once", NOW + 1);
    pump(&mut server, &mut [&mut alice, &mut bob], NOW + 1);
    let stanza_id = block_on(alice.store.messages(&chat("bob"), None, 10))
        .unwrap()
        .messages[0]
        .stanza_id
        .clone()
        .unwrap();
    let conn = alice.conn.unwrap();
    let unsolicited = "<message xmlns='jabber:client' to='alice@localhost/r1'><result xmlns='urn:xmpp:mam:2' queryid='not-mine' id='arch-x'>\
        <forwarded xmlns='urn:xmpp:forward:0'><delay xmlns='urn:xmpp:delay' stamp='2026-11-24T08:00:00Z'/>\
        <message xmlns='jabber:client' from='bob@localhost/r9' to='alice@localhost' type='chat'><body>planted</body></message>\
        </forwarded></result></message>";
    server.deliver_raw(conn, unsolicited);
    let duplicate = format!(
        "<message xmlns='jabber:client' from='bob@localhost/r2' to='alice@localhost' type='chat' id='other'><body>once</body>\
         <stanza-id xmlns='urn:xmpp:sid:0' by='alice@localhost' id='{stanza_id}'/></message>"
    );
    server.deliver_raw(conn, &duplicate);
    pump(&mut server, &mut [&mut alice], NOW + 2);
    assert_eq!(bodies(&alice, "bob"), [(Direction::In, "once".to_owned())]);
}

#[test]
fn an_archive_that_forgot_the_sync_point_is_read_from_its_newest_page() {
    let mut server = server_with_friends();
    let (mut alice, mut bob) = alice_and_bob(&mut server, NOW);
    send(&mut bob, "alice", "kept", NOW + 1);
    pump(&mut server, &mut [&mut alice, &mut bob], NOW + 1);
    let store = alice.store.clone();
    let mut account = block_on(store.account()).unwrap().unwrap();
    account.last_archive_id = Some("expired-long-ago".into());
    block_on(store.save_changes(chat_store::Changes {
        account: Some(Some(account)),
        ..Default::default()
    }))
    .unwrap();
    drop(alice);
    let mut reloaded = Device::with_store(store);
    assert!(reloaded.restore_and_resume(&mut server, NOW + 5));
    pump(&mut server, &mut [&mut reloaded], NOW + 5);
    assert_eq!(
        bodies(&reloaded, "bob"),
        [(Direction::In, "kept".to_owned())]
    );
    let account = block_on(reloaded.store.account()).unwrap().unwrap();
    assert_ne!(account.last_archive_id.as_deref(), Some("expired-long-ago"));
}

#[test]
fn a_delayed_batch_older_than_what_we_typed_meanwhile_keeps_its_order() {
    let mut server = server_with_friends();
    let (mut alice, mut bob) = alice_and_bob(&mut server, NOW);
    alice.drop_connection(&mut server, NOW + 1);
    for i in 0..20 {
        send(&mut bob, "alice", &format!("queued {i:02}"), NOW + 2 + i);
    }
    pump(&mut server, &mut [&mut bob], NOW + 30);
    // Alice types for a while; her messages are newer than the queued ones' whole-second stamps.
    send(&mut alice, "bob", "typed while away", NOW + 5_000);
    server.expire_hibernated();
    reconnect(&mut server, &mut alice, NOW + 6_000);
    pump(&mut server, &mut [&mut alice, &mut bob], NOW + 6_000);
    let incoming: Vec<String> = bodies(&alice, "bob")
        .into_iter()
        .filter(|(d, _)| *d == Direction::In)
        .map(|(_, b)| b)
        .collect();
    assert_eq!(
        incoming,
        (0..20)
            .map(|i| format!("queued {i:02}"))
            .collect::<Vec<_>>()
    );
}

#[test]
fn a_live_message_crossing_the_catch_up_is_stored_after_what_the_archive_returns() {
    let mut server = server_with_friends();
    let (mut alice, mut bob) = alice_and_bob(&mut server, NOW);
    send(&mut bob, "alice", "hello", NOW + 1);
    pump(&mut server, &mut [&mut alice, &mut bob], NOW + 1);
    alice.drop_connection(&mut server, NOW + 2);
    // The archive stamps these within the second alice comes back in.
    server.clock = NOW + 2_000;
    for i in 0..3 {
        send(&mut bob, "alice", &format!("missed {i}"), NOW + 2_000 + i);
    }
    pump(&mut server, &mut [&mut bob], NOW + 2_010);
    server.expire_hibernated();
    server.before_archive_results = Some(
        "<message xmlns='jabber:client' from='bob@localhost/r9' to='alice@localhost' type='chat' id='live1'><body>live during catch-up</body></message>".into(),
    );
    reconnect(&mut server, &mut alice, NOW + 2_500);
    pump(&mut server, &mut [&mut alice, &mut bob], NOW + 2_500);
    let incoming: Vec<String> = bodies(&alice, "bob").into_iter().map(|(_, b)| b).collect();
    assert_eq!(
        incoming,
        [
            "hello",
            "missed 0",
            "missed 1",
            "missed 2",
            "live during catch-up"
        ]
    );
}

#[test]
fn a_long_absence_keeps_the_archive_times_and_order() {
    let mut server = server_with_friends();
    let (mut alice, mut bob) = alice_and_bob(&mut server, NOW);
    send(&mut bob, "alice", "hello", NOW + 1);
    pump(&mut server, &mut [&mut alice, &mut bob], NOW + 1);
    alice.drop_connection(&mut server, NOW + 2);
    let hour = 3_600_000;
    server.clock = NOW + hour;
    for i in 0..30 {
        send(
            &mut bob,
            "alice",
            &format!("an hour later {i:02}"),
            NOW + hour + i,
        );
    }
    pump(&mut server, &mut [&mut bob], NOW + hour + 50);
    server.expire_hibernated();
    send(&mut alice, "bob", "typed hours later", NOW + 3 * hour);
    reconnect(&mut server, &mut alice, NOW + 3 * hour + 10);
    pump(
        &mut server,
        &mut [&mut alice, &mut bob],
        NOW + 3 * hour + 10,
    );
    let page = block_on(alice.store.messages(&chat("bob"), None, 100))
        .unwrap()
        .messages;
    let bodies: Vec<&str> = page.iter().map(|m| m.body.as_str()).collect();
    let mut expected = vec!["hello".to_owned()];
    expected.extend((0..30).map(|i| format!("an hour later {i:02}")));
    expected.push("typed hours later".into());
    assert_eq!(bodies, expected);
    assert!(
        page[1].timestamp < NOW + 2 * hour,
        "the archive's time is kept after a long absence"
    );
}

#[test]
fn messages_the_resumption_acknowledges_are_not_sent_again() {
    let mut server = server_with_friends();
    let (mut alice, mut bob) = alice_and_bob(&mut server, NOW);
    alice.drop_connection(&mut server, NOW);
    send(&mut alice, "bob", "typed offline", NOW + 1);
    reconnect(&mut server, &mut alice, NOW + 2_000);
    // The server gets the message on the resumed stream, but its ack is lost with the link.
    let conn = alice.conn.unwrap();
    let sent_it = |server: &FakeServer| {
        frames_from(server, conn)
            .iter()
            .any(|f| f.contains("typed offline"))
    };
    for _ in 0..20 {
        while let Some(frame) = alice.client.poll_transmit() {
            server.handle(conn, &frame);
        }
        if sent_it(&server) {
            break;
        }
        for frame in server.take_frames(conn) {
            block_on(alice.client.handle_frame(&frame, NOW + 2_000)).unwrap();
        }
    }
    assert!(sent_it(&server));
    assert_eq!(
        block_on(alice.store.pending_messages()).unwrap().len(),
        1,
        "the ack has not reached alice"
    );
    alice.drop_connection(&mut server, NOW + 2_001);
    reconnect(&mut server, &mut alice, NOW + 5_000);
    let second = alice.conn.unwrap();
    pump(&mut server, &mut [&mut alice, &mut bob], NOW + 5_000);
    assert!(
        !frames_from(&server, second)
            .iter()
            .any(|f| f.contains("typed offline")),
        "the <resumed h/> acknowledged it"
    );
    assert_eq!(
        block_on(alice.store.messages(&chat("bob"), None, 10))
            .unwrap()
            .messages[0]
            .state,
        DeliveryState::Delivered
    );
    assert_eq!(
        bodies(&bob, "alice"),
        [(Direction::In, "typed offline".to_owned())]
    );
}

#[test]
fn receipts_and_markers_show_delivered_and_read_and_reading_on_one_device_clears_the_other() {
    let mut server = server_with_friends();
    let mut phone = logged_in(&mut server, "alice", NOW);
    let mut laptop = logged_in(&mut server, "alice", NOW);
    let mut bob = logged_in(&mut server, "bob", NOW);
    send(&mut bob, "alice", "did you see this?", NOW + 1);
    pump(
        &mut server,
        &mut [&mut phone, &mut laptop, &mut bob],
        NOW + 1,
    );
    let state_at_bob = |bob: &Device| {
        block_on(bob.store.messages(&chat("alice"), None, 10))
            .unwrap()
            .messages[0]
            .state
            .clone()
    };
    assert_eq!(state_at_bob(&bob), DeliveryState::Delivered);
    let unread = |device: &Device| {
        block_on(device.store.conversation(&chat("bob")))
            .unwrap()
            .unwrap()
            .unread
    };
    assert_eq!((unread(&phone), unread(&laptop)), (1, 1));

    block_on(phone.client.set_active_conversation(Some(chat("bob")))).unwrap();
    pump(
        &mut server,
        &mut [&mut phone, &mut laptop, &mut bob],
        NOW + 2,
    );
    assert_eq!(
        unread(&laptop),
        0,
        "read on the phone, so read on the laptop"
    );
    assert_eq!(state_at_bob(&bob), DeliveryState::Read);
    let mut conversations = laptop.take_events().into_iter().filter_map(|e| match e {
        ClientEvent::Conversations(list) => Some(list),
        _ => None,
    });
    assert_eq!(
        conversations.next_back().unwrap()[0].unread,
        0,
        "the laptop's list is told"
    );

    // A read marker from someone else for our message in another chat changes nothing here.
    let forged = "<message xmlns='jabber:client' from='mallory@localhost/x' to='alice@localhost'><displayed xmlns='urn:xmpp:chat-markers:0' id='nope'/></message>";
    server.deliver_raw(laptop.conn.unwrap(), forged);
    pump(&mut server, &mut [&mut laptop], NOW + 3);
    assert_eq!(block_on(laptop.store.conversations()).unwrap().len(), 1);
}

#[test]
fn paging_back_skips_archive_pages_that_hold_only_markers() {
    let mut server = server_with_friends();
    let (mut alice, mut bob) = alice_and_bob(&mut server, NOW);
    for i in 0..5u64 {
        send(&mut bob, "alice", &format!("old {i}"), NOW + 1 + i);
        pump(&mut server, &mut [&mut alice, &mut bob], NOW + 1 + i);
    }
    for _ in 0..300 {
        server.archive_marker("alice", "bob");
    }
    for i in 0..5u64 {
        send(&mut bob, "alice", &format!("new {i}"), NOW + 100 + i);
        pump(&mut server, &mut [&mut alice, &mut bob], NOW + 100 + i);
    }
    let mut fresh = logged_in(&mut server, "alice", NOW + 1_000);
    let shown = |device: &Device| {
        bodies(device, "bob")
            .into_iter()
            .map(|(_, b)| b)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        shown(&fresh),
        (0..5).map(|i| format!("new {i}")).collect::<Vec<_>>()
    );
    for _ in 0..10 {
        if shown(&fresh).len() == 10 {
            break;
        }
        block_on(fresh.client.load_older(&chat("bob"), NOW + 1_100)).unwrap();
        pump(&mut server, &mut [&mut fresh], NOW + 1_100);
    }
    let mut expected: Vec<String> = (0..5).map(|i| format!("old {i}")).collect();
    expected.extend((0..5).map(|i| format!("new {i}")));
    assert_eq!(
        shown(&fresh),
        expected,
        "each page continues where the last one ended"
    );
}

#[test]
fn typing_is_shown_to_the_peer_once_per_change_and_ends_with_the_message() {
    let mut server = server_with_friends();
    let (mut alice, mut bob) = alice_and_bob(&mut server, NOW);
    alice.take_events();
    bob.client.set_typing(&chat("alice"), true);
    bob.client.set_typing(&chat("alice"), true);
    pump(&mut server, &mut [&mut alice, &mut bob], NOW + 1);
    let typing: Vec<bool> = alice
        .take_events()
        .into_iter()
        .filter_map(|e| match e {
            ClientEvent::Typing { jid, typing } if jid == "bob@localhost" => Some(typing),
            _ => None,
        })
        .collect();
    assert_eq!(typing, [true], "one notification for one change");
    send(&mut bob, "alice", "done typing", NOW + 2);
    pump(&mut server, &mut [&mut alice, &mut bob], NOW + 2);
    assert!(alice.take_events().contains(&ClientEvent::Typing {
        jid: "bob@localhost".into(),
        typing: false
    }));
    assert_eq!(
        bodies(&alice, "bob"),
        [(Direction::In, "done typing".to_owned())],
        "a chat state alone is not a message"
    );
}

#[test]
fn a_fresh_device_reads_past_an_archive_end_full_of_markers() {
    let mut server = server_with_friends();
    let (mut alice, mut bob) = alice_and_bob(&mut server, NOW);
    for i in 0..5u64 {
        send(&mut bob, "alice", &format!("m{i}"), NOW + 1 + i);
        pump(&mut server, &mut [&mut alice, &mut bob], NOW + 1 + i);
    }
    for _ in 0..300 {
        server.archive_marker("alice", "bob");
    }
    let fresh = logged_in(&mut server, "alice", NOW + 1_000);
    assert_eq!(
        bodies(&fresh, "bob")
            .into_iter()
            .map(|(_, b)| b)
            .collect::<Vec<_>>(),
        ["m0", "m1", "m2", "m3", "m4"]
    );
    let account = block_on(fresh.store.account()).unwrap().unwrap();
    assert_eq!(
        account.last_archive_id,
        server.newest_archive_id("alice"),
        "the sync point is the newest entry, not the page it stopped at"
    );
}

#[test]
fn a_retransmitted_duplicate_late_in_the_archive_keeps_its_first_place() {
    let mut server = server_with_friends();
    let (mut alice, mut bob) = alice_and_bob(&mut server, NOW);
    for i in 0..3u64 {
        send(&mut bob, "alice", &format!("m{i}"), NOW + 1 + i);
        pump(&mut server, &mut [&mut alice, &mut bob], NOW + 1 + i);
    }
    let first = block_on(bob.store.messages(&chat("alice"), None, 10))
        .unwrap()
        .messages[0]
        .clone();
    for _ in 0..300 {
        server.archive_marker("alice", "bob");
    }
    // The same message again, as after a lost acknowledgement: archived a second time.
    let again = format!(
        "<message xmlns='jabber:client' to='alice@localhost' type='chat' id='{0}'><body>m0</body><origin-id xmlns='urn:xmpp:sid:0' id='{0}'/></message>",
        first.id
    );
    server.handle(bob.conn.unwrap(), &again);
    let mut fresh = logged_in(&mut server, "alice", NOW + 1_000);
    for _ in 0..10 {
        block_on(fresh.client.load_older(&chat("bob"), NOW + 1_100)).unwrap();
        pump(&mut server, &mut [&mut fresh], NOW + 1_100);
    }
    assert_eq!(
        bodies(&fresh, "bob")
            .into_iter()
            .map(|(_, b)| b)
            .collect::<Vec<_>>(),
        ["m0", "m1", "m2"]
    );
}

#[test]
fn replacing_a_stuck_connection_attempt_still_resumes_the_stream() {
    let mut server = server_with_friends();
    let (mut alice, _bob) = alice_and_bob(&mut server, NOW);
    alice.drop_connection(&mut server, NOW);
    reconnect(&mut server, &mut alice, NOW + 2_000);
    // The network came back while that attempt hung: the driver starts over at once.
    let stuck = alice.conn.take().unwrap();
    server.disconnect(stuck);
    assert!(alice.client.start_resume(NOW + 2_500).is_some());
    alice.conn = Some(server.connect());
    let conn = alice.conn.unwrap();
    pump(&mut server, &mut [&mut alice], NOW + 2_500);
    assert_eq!(alice.client.connection(), &ConnectionState::Online);
    let sent = frames_from(&server, conn);
    assert!(
        sent.iter().any(|f| f.starts_with("<resume")) && !sent.iter().any(|f| f.contains("<bind")),
        "{sent:?}"
    );
}

#[test]
fn messages_caught_up_into_the_open_chat_are_marked_read_for_the_sender() {
    let mut server = server_with_friends();
    let (mut alice, mut bob) = alice_and_bob(&mut server, NOW);
    block_on(alice.client.set_active_conversation(Some(chat("bob")))).unwrap();
    alice.drop_connection(&mut server, NOW + 1);
    for i in 0..3 {
        send(&mut bob, "alice", &format!("missed {i}"), NOW + 2 + i);
    }
    pump(&mut server, &mut [&mut bob], NOW + 10);
    server.expire_hibernated();

    reconnect(&mut server, &mut alice, NOW + 2_000);
    pump(&mut server, &mut [&mut alice, &mut bob], NOW + 2_000);
    let frames = frames_from(&server, alice.conn.unwrap());
    // Chat markers travel in messages; the read state for other devices (XEP-0490) in an iq.
    let (markers, read_state): (Vec<&str>, Vec<&str>) = frames
        .into_iter()
        .filter(|f| f.contains("<displayed"))
        .partition(|f| f.starts_with("<message"));
    assert_eq!(
        markers.len(),
        1,
        "one marker for the whole page, not one per message: {markers:?}"
    );
    assert_eq!(
        read_state.len(),
        1,
        "one read-state publish: {read_state:?}"
    );
    let at_bob = block_on(bob.store.messages(&chat("alice"), None, 10))
        .unwrap()
        .messages;
    let states: Vec<(String, DeliveryState)> =
        at_bob.into_iter().map(|m| (m.body, m.state)).collect();
    assert!(
        states
            .iter()
            .all(|(_, state)| *state == DeliveryState::Read),
        "{states:?}"
    );
    let conversation = block_on(alice.store.conversation(&chat("bob")))
        .unwrap()
        .unwrap();
    assert_eq!(conversation.unread, 0, "the open chat has nothing unread");
}

#[test]
fn a_reloaded_page_resumes_the_stream_its_tab_saved() {
    let mut server = server_with_friends();
    let (mut alice, mut bob) = alice_and_bob(&mut server, NOW);
    send(&mut bob, "alice", "before the reload", NOW + 1);
    pump(&mut server, &mut [&mut alice, &mut bob], NOW + 1);
    // The page unloads: its socket goes without a stream close, so the server keeps the session.
    let saved = alice.client.saved_resume().expect("a resumable stream");
    let store = alice.store.clone();
    server.disconnect(alice.conn.take().unwrap());
    send(&mut bob, "alice", "during the reload", NOW + 2);
    pump(&mut server, &mut [&mut bob], NOW + 2);

    let mut page = Device::with_store(store);
    block_on(page.client.restore()).unwrap();
    page.client.restore_resume(&saved);
    page.client.restore_resume("{not json");
    assert!(page.client.start_resume(NOW + 3).is_some());
    page.conn = Some(server.connect());
    pump(&mut server, &mut [&mut page, &mut bob], NOW + 3);
    let sent = frames_from(&server, page.conn.unwrap());
    assert!(
        sent.iter().any(|f| f.starts_with("<resume")) && !sent.iter().any(|f| f.contains("<bind")),
        "resumed, not bound: {sent:?}"
    );
    assert!(
        !sent.iter().any(|f| f.contains("urn:xmpp:mam:2")),
        "nothing to catch up"
    );
    // The unloading page may have told the server it went inactive: the new one is in use.
    assert!(
        sent.iter()
            .any(|f| f.contains("<active xmlns=\"urn:xmpp:csi:0\"/>")),
        "the resumed stream is marked active again: {sent:?}"
    );
    let at_alice: Vec<String> = bodies(&page, "bob").into_iter().map(|(_, b)| b).collect();
    assert_eq!(at_alice, ["before the reload", "during the reload"]);
}

#[test]
fn arrivals_a_full_disk_could_not_store_come_back_from_the_archive() {
    let mut server = server_with_friends();
    let (mut alice, mut bob) = alice_and_bob(&mut server, NOW);
    send(&mut bob, "alice", "stored", NOW + 1);
    pump(&mut server, &mut [&mut alice, &mut bob], NOW + 1);
    alice.drain_events();

    alice
        .store
        .fail_saves_with(Some(chat_store::StoreError::QuotaExceeded(
            "the disk is full".into(),
        )));
    send(&mut bob, "alice", "while the disk was full", NOW + 2_000);
    pump(&mut server, &mut [&mut alice, &mut bob], NOW + 2_000);
    assert!(
        alice.take_events().iter().any(|e| matches!(
            e,
            ClientEvent::StorageError(chat_client::StorageProblem::Store(
                chat_store::StoreError::QuotaExceeded(_)
            ))
        )),
        "the full disk is reported"
    );
    assert_eq!(
        bodies(&alice, "bob"),
        [(Direction::In, "stored".to_owned())]
    );
    assert!(
        alice.client.saved_resume().is_none(),
        "a reload must not resume past what was lost"
    );

    // Space comes back; a newer message is stored but must not move the sync point past the lost one.
    alice.store.fail_saves_with(None);
    send(&mut bob, "alice", "after space was freed", NOW + 600_000);
    pump(&mut server, &mut [&mut alice, &mut bob], NOW + 600_000);
    let store = alice.store.clone();
    server.disconnect(alice.conn.take().unwrap());
    drop(alice);

    let mut reloaded = Device::with_store(store);
    assert!(reloaded.restore_and_resume(&mut server, NOW + 600_100));
    pump(&mut server, &mut [&mut reloaded], NOW + 600_100);
    let at_alice: Vec<String> = bodies(&reloaded, "bob")
        .into_iter()
        .map(|(_, b)| b)
        .collect();
    assert_eq!(
        at_alice,
        ["stored", "while the disk was full", "after space was freed"]
    );
}

#[test]
fn a_resumed_stream_reads_the_archive_again_after_a_failed_write() {
    let mut server = server_with_friends();
    let (mut alice, mut bob) = alice_and_bob(&mut server, NOW);
    alice
        .store
        .fail_saves_with(Some(chat_store::StoreError::QuotaExceeded(
            "the disk is full".into(),
        )));
    send(&mut bob, "alice", "lost for now", NOW + 1);
    pump(&mut server, &mut [&mut alice, &mut bob], NOW + 1);
    alice.store.fail_saves_with(None);
    alice.drop_connection(&mut server, NOW + 2);
    reconnect(&mut server, &mut alice, NOW + 10_000);
    pump(&mut server, &mut [&mut alice], NOW + 10_000);
    let sent = frames_from(&server, alice.conn.unwrap());
    assert!(
        sent.iter().any(|f| f.starts_with("<resume")),
        "resumed: {sent:?}"
    );
    assert!(
        sent.iter().any(|f| f.contains("urn:xmpp:mam:2")),
        "read the archive: {sent:?}"
    );
    assert_eq!(
        bodies(&alice, "bob"),
        [(Direction::In, "lost for now".to_owned())]
    );
}

#[test]
fn arrivals_whose_duplicate_check_failed_are_reported_and_come_back_from_the_archive() {
    let mut server = server_with_friends();
    let (mut alice, mut bob) = alice_and_bob(&mut server, NOW);
    alice
        .store
        .fail_lookups_with(Some(chat_store::StoreError::Backend(
            "the read failed".into(),
        )));
    for (n, body) in ["first", "second", "third"].into_iter().enumerate() {
        send(&mut bob, "alice", body, NOW + 1 + n as u64);
    }
    pump(&mut server, &mut [&mut alice, &mut bob], NOW + 10);
    assert!(
        alice.take_events().iter().any(|e| matches!(
            e,
            ClientEvent::StorageError(chat_client::StorageProblem::Store(
                chat_store::StoreError::Backend(_)
            ))
        )),
        "the failed read is reported"
    );
    assert!(
        alice.client.saved_resume().is_none(),
        "a reload must not resume past what could not be stored"
    );

    alice.store.fail_lookups_with(None);
    alice.drop_connection(&mut server, NOW + 20);
    reconnect(&mut server, &mut alice, NOW + 10_000);
    pump(&mut server, &mut [&mut alice], NOW + 10_000);
    let at_alice: Vec<String> = bodies(&alice, "bob").into_iter().map(|(_, b)| b).collect();
    assert_eq!(at_alice, ["first", "second", "third"]);
}
