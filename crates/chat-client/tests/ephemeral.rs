//! Disappearing messages against the in-process server on virtual time: expiry on every stored
//! message, the purge batch, the purge at start-up, nothing expired coming back through the
//! archive or carbons, XEP-0466 both ways, hostile timers, settings shared through PEP and
//! clearing history.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::rc::Rc;

use chat_client::ClientEvent;
use chat_store::{ConversationId, Direction, Message, Retention, Store};
use futures::executor::block_on;
use support::{alice_and_bob, frames_from, logged_in, pump, server_with_friends, Device};

const NOW: u64 = 1_790_000_000_000;
const FIVE_SECONDS: u64 = 5_000;

fn chat(peer: &str) -> ConversationId {
    ConversationId::direct(format!("{peer}@localhost"))
}

fn stored(device: &Device, peer: &str) -> Vec<Message> {
    block_on(device.store.messages(&chat(peer), None, 10_000))
        .unwrap()
        .messages
}

fn bodies(device: &Device, peer: &str) -> Vec<String> {
    stored(device, peer).into_iter().map(|m| m.body).collect()
}

fn send(device: &mut Device, peer: &str, body: &str, now: u64) -> Message {
    block_on(device.client.send_message(&chat(peer), body, now)).unwrap()
}

fn set_timer(device: &mut Device, peer: &str, ms: Option<u64>, no_archive: bool, now: u64) {
    block_on(device.client.set_chat_retention(
        &chat(peer),
        ms.map(Retention::After),
        no_archive,
        now,
    ))
    .unwrap();
}

/// What the driver does when its timer fires.
fn wake(device: &mut Device, now: u64) {
    block_on(device.client.handle_timeout(now)).unwrap();
    device.drain_events();
}

fn removed(events: &[ClientEvent]) -> Vec<String> {
    events
        .iter()
        .filter_map(|e| match e {
            ClientEvent::MessagesRemoved(ids) => Some(ids.clone()),
            _ => None,
        })
        .flatten()
        .collect()
}

#[test]
fn a_chat_timer_sets_the_expiry_and_one_purge_removes_everything_due() {
    let mut server = server_with_friends();
    let (mut alice, mut bob) = alice_and_bob(&mut server, NOW);
    set_timer(&mut alice, "bob", Some(FIVE_SECONDS), false, NOW);
    send(&mut bob, "alice", "one", NOW + 10);
    pump(&mut server, &mut [&mut alice, &mut bob], NOW + 10);
    send(&mut bob, "alice", "two", NOW + 20);
    pump(&mut server, &mut [&mut alice, &mut bob], NOW + 20);
    let ours = send(&mut alice, "bob", "three", NOW + 30);
    pump(&mut server, &mut [&mut alice, &mut bob], NOW + 30);

    let messages = stored(&alice, "bob");
    let expiries: Vec<Option<u64>> = messages.iter().map(|m| m.expires_at).collect();
    assert_eq!(
        expiries,
        [
            Some(NOW + 10 + FIVE_SECONDS),
            Some(NOW + 20 + FIVE_SECONDS),
            Some(ours.timestamp + FIVE_SECONDS)
        ]
    );
    assert_eq!(
        alice
            .client
            .poll_timeout()
            .map(|t| t.min(NOW + 10 + FIVE_SECONDS)),
        Some(NOW + 10 + FIVE_SECONDS),
        "the driver wakes no later than the first expiry"
    );
    assert!(alice.client.purge_wake_at(NOW + 30).unwrap() <= NOW + 10 + FIVE_SECONDS);

    alice.take_events();
    wake(&mut alice, NOW + 10 + FIVE_SECONDS - 1);
    assert_eq!(
        bodies(&alice, "bob"),
        ["one", "two", "three"],
        "never early"
    );
    wake(&mut alice, NOW + 25 + FIVE_SECONDS);
    assert_eq!(bodies(&alice, "bob"), ["three"]);
    let events = alice.take_events();
    let gone = removed(&events);
    assert_eq!(
        gone.len(),
        2,
        "both due messages go in one batch: {events:?}"
    );
    assert_eq!(
        events
            .iter()
            .filter(|e| matches!(e, ClientEvent::MessagesRemoved(_)))
            .count(),
        1
    );
    wake(&mut alice, NOW + 30 + FIVE_SECONDS);
    assert!(bodies(&alice, "bob").is_empty());
    assert_eq!(alice.client.purge_deadline(), None);
}

#[test]
fn outgoing_messages_carry_the_timer_and_the_peer_purges_them_too() {
    let mut server = server_with_friends();
    let (mut alice, mut bob) = alice_and_bob(&mut server, NOW);
    set_timer(&mut alice, "bob", Some(FIVE_SECONDS), false, NOW);
    let burn = send(&mut alice, "bob", "burn after reading", NOW + 1);
    pump(&mut server, &mut [&mut alice, &mut bob], NOW + 1);
    let sent = frames_from(&server, alice.conn.unwrap());
    // Found by id: in an encrypted chat the body is not in the stanza, the timer still is.
    let stanza = sent
        .iter()
        .find(|f| f.starts_with("<message") && f.contains(&format!("\"{}\"", burn.id)))
        .unwrap();
    assert!(stanza.contains("urn:xmpp:ephemeral:0") && stanza.contains("timer=\"5\""));
    assert!(
        !stanza.contains("no-permanent-store"),
        "archived unless the user asks otherwise"
    );

    let at_bob = stored(&bob, "alice");
    assert_eq!(at_bob[0].expires_at, Some(NOW + 1 + FIVE_SECONDS));
    wake(&mut bob, NOW + 1 + FIVE_SECONDS);
    assert!(bodies(&bob, "alice").is_empty(), "bob's client honoured it");

    // One message only, in a chat without a timer.
    set_timer(&mut alice, "bob", None, false, NOW + 10);
    block_on(
        alice
            .client
            .send_message_with(&chat("bob"), "just this one", Some(60_000), NOW + 10),
    )
    .unwrap();
    send(&mut alice, "bob", "this one stays", NOW + 11);
    pump(&mut server, &mut [&mut alice, &mut bob], NOW + 11);
    let at_bob = stored(&bob, "alice");
    assert_eq!(
        at_bob[0].expires_at,
        Some(NOW + 11 + 60_000),
        "counted from its arrival"
    );
    assert_eq!(at_bob[1].expires_at, None);

    // "Don't archive on the server" adds the XEP-0334 hint, to disappearing messages only.
    set_timer(&mut alice, "bob", Some(FIVE_SECONDS), true, NOW + 20);
    let off = send(&mut alice, "bob", "off the record", NOW + 21);
    pump(&mut server, &mut [&mut alice, &mut bob], NOW + 21);
    let sent = frames_from(&server, alice.conn.unwrap());
    let stanza = sent
        .iter()
        .find(|f| f.starts_with("<message") && f.contains(&format!("\"{}\"", off.id)))
        .unwrap();
    assert!(stanza.contains("no-permanent-store"));
}

#[test]
fn hostile_peer_timers_are_ignored_and_honouring_can_be_switched_off() {
    let mut server = server_with_friends();
    let mut alice = logged_in(&mut server, "alice", NOW);
    let conn = alice.conn.unwrap();
    let hostile = [
        "0",
        "-5",
        "abc",
        "1e9",
        "",
        "99999999999999999999999999",
        "315360001",
    ];
    for (i, timer) in hostile.iter().enumerate() {
        server.deliver_raw(conn, &format!(
            "<message xmlns='jabber:client' from='bob@localhost/x' to='alice@localhost' type='chat' id='h{i}'><body>hostile {i}</body><ephemeral xmlns='urn:xmpp:ephemeral:0' timer='{timer}'/></message>"
        ));
    }
    server.deliver_raw(conn, "<message xmlns='jabber:client' from='bob@localhost/x' to='alice@localhost' type='chat' id='m1'><body>no timer attribute</body><ephemeral xmlns='urn:xmpp:ephemeral:0'/></message>");
    alice.take_events();
    pump(&mut server, &mut [&mut alice], NOW + 1);
    let messages = stored(&alice, "bob");
    assert_eq!(messages.len(), hostile.len() + 1);
    assert!(messages.iter().all(|m| m.expires_at.is_none()));
    let dropped = alice
        .take_events()
        .iter()
        .filter(|e| matches!(e, ClientEvent::Dropped(_)))
        .count();
    assert_eq!(dropped, hostile.len() + 1, "each ignored timer is logged");

    block_on(alice.client.set_honour_peer_timers(false)).unwrap();
    server.deliver_raw(conn, "<message xmlns='jabber:client' from='bob@localhost/x' to='alice@localhost' type='chat' id='v1'><body>valid but declined</body><ephemeral xmlns='urn:xmpp:ephemeral:0' timer='5'/></message>");
    pump(&mut server, &mut [&mut alice], NOW + 2);
    assert_eq!(stored(&alice, "bob").last().unwrap().expires_at, None);
    block_on(alice.client.set_honour_peer_timers(true)).unwrap();
    server.deliver_raw(conn, "<message xmlns='jabber:client' from='bob@localhost/x' to='alice@localhost' type='chat' id='v2'><body>valid</body><ephemeral xmlns='urn:xmpp:ephemeral:0' timer='5'/></message>");
    pump(&mut server, &mut [&mut alice], NOW + 3);
    assert_eq!(
        stored(&alice, "bob").last().unwrap().expires_at,
        Some(NOW + 3 + FIVE_SECONDS)
    );
}

#[test]
fn what_expired_while_closed_is_purged_before_anything_is_shown() {
    let mut server = server_with_friends();
    let (mut alice, mut bob) = alice_and_bob(&mut server, NOW);
    set_timer(&mut alice, "bob", Some(FIVE_SECONDS), false, NOW);
    send(&mut bob, "alice", "expires while closed", NOW + 1);
    pump(&mut server, &mut [&mut alice, &mut bob], NOW + 1);
    set_timer(&mut alice, "bob", Some(60_000), false, NOW + 2);
    send(&mut bob, "alice", "still fresh", NOW + 3);
    pump(&mut server, &mut [&mut alice, &mut bob], NOW + 3);
    let store = alice.store.clone();
    drop(alice);

    let mut reloaded = Device::with_store(Rc::clone(&store));
    assert!(block_on(reloaded.client.restore_at(NOW + 30_000)).unwrap());
    let events = reloaded.take_events();
    let purged_at = events
        .iter()
        .position(|e| matches!(e, ClientEvent::MessagesRemoved(_)))
        .expect("purged at start-up");
    let shown_at = events
        .iter()
        .position(|e| matches!(e, ClientEvent::Conversations(_)))
        .unwrap();
    assert!(purged_at < shown_at, "purged before the UI gets anything");
    assert_eq!(bodies(&reloaded, "bob"), ["still fresh"]);
    assert_eq!(reloaded.client.purge_deadline(), Some(NOW + 3 + 60_000));
}

#[test]
fn expired_messages_do_not_return_from_the_archive_or_as_carbons() {
    let mut server = server_with_friends();
    let (mut phone, mut bob) = alice_and_bob(&mut server, NOW);
    set_timer(&mut phone, "bob", Some(FIVE_SECONDS), false, NOW);
    pump(&mut server, &mut [&mut phone, &mut bob], NOW);
    send(&mut bob, "alice", "secret", NOW + 1);
    pump(&mut server, &mut [&mut phone, &mut bob], NOW + 1);
    wake(&mut phone, NOW + 1 + FIVE_SECONDS);
    assert!(bodies(&phone, "bob").is_empty());

    // A new device learns the timer from PEP before the archive's newest page arrives.
    server.clock = NOW + 60_000;
    let mut laptop = logged_in(&mut server, "alice", NOW + 60_000);
    assert_eq!(
        block_on(laptop.store.conversation(&chat("bob")))
            .unwrap()
            .unwrap()
            .retention,
        Some(Retention::After(FIVE_SECONDS))
    );
    assert!(
        laptop
            .take_events()
            .iter()
            .all(|e| !matches!(e, ClientEvent::Message(m) if m.body == "secret")),
        "never stored, never shown"
    );
    assert!(bodies(&laptop, "bob").is_empty());

    // A carbon of a message older than the chat's window is not stored either; a fresh one is.
    let old_stamp = xmpp_protocol::format_datetime(NOW);
    for (id, stamp) in [("c1", Some(old_stamp.as_str())), ("c2", None)] {
        let delay = stamp
            .map(|s| format!("<delay xmlns='urn:xmpp:delay' stamp='{s}'/>"))
            .unwrap_or_default();
        server.deliver_raw(laptop.conn.unwrap(), &format!(
            "<message xmlns='jabber:client' from='alice@localhost' to='alice@localhost/laptop' type='chat'>\
            <received xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'>{delay}\
            <message xmlns='jabber:client' from='bob@localhost/x' to='alice@localhost/phone' type='chat' id='{id}'><body>carbon {id}</body></message>\
            </forwarded></received></message>"
        ));
    }
    pump(&mut server, &mut [&mut laptop], NOW + 60_000);
    assert_eq!(bodies(&laptop, "bob"), ["carbon c2"]);
}

#[test]
fn a_timer_set_on_one_device_reaches_the_others_through_private_pep() {
    let mut server = server_with_friends();
    let mut phone = logged_in(&mut server, "alice", NOW);
    let mut laptop = logged_in(&mut server, "alice", NOW);
    send(&mut laptop, "bob", "already here", NOW + 1);
    pump(&mut server, &mut [&mut phone, &mut laptop], NOW + 1);

    set_timer(&mut phone, "bob", Some(FIVE_SECONDS), true, NOW + 2);
    block_on(
        phone
            .client
            .set_default_retention(Retention::After(86_400_000), NOW + 2),
    )
    .unwrap();
    pump(&mut server, &mut [&mut phone, &mut laptop], NOW + 2);
    let publish = frames_from(&server, phone.conn.unwrap())
        .into_iter()
        .rev()
        .find(|f| f.contains("urn:jibber:retention:0") && f.contains("publish"))
        .unwrap()
        .to_owned();
    assert!(publish.contains("whitelist") && publish.contains("pubsub#persist_items"));

    let conversation = block_on(laptop.store.conversation(&chat("bob")))
        .unwrap()
        .unwrap();
    assert_eq!(conversation.retention, Some(Retention::After(FIVE_SECONDS)));
    let settings = laptop.client.retention_settings();
    assert_eq!(settings.default, Retention::After(86_400_000));
    assert!(settings.no_archive.contains("bob@localhost"));
    assert!(laptop
        .take_events()
        .iter()
        .any(|e| matches!(e, ClientEvent::RetentionSettings(_))));
    // The shorter timer applies to what the laptop already stored.
    let at_laptop = stored(&laptop, "bob");
    assert_eq!(at_laptop[0].direction, Direction::Out);
    assert!(at_laptop[0].expires_at.unwrap() <= NOW + 1 + FIVE_SECONDS);

    // A device that logs in later fetches the settings.
    let tablet = logged_in(&mut server, "alice", NOW + 3);
    assert_eq!(
        tablet.client.retention_settings().default,
        Retention::After(86_400_000)
    );
    assert_eq!(
        block_on(tablet.store.conversation(&chat("bob")))
            .unwrap()
            .unwrap()
            .retention,
        Some(Retention::After(FIVE_SECONDS))
    );

    // Notifications claiming to come from someone else are ignored.
    let forged = "<message xmlns='jabber:client' from='bob@localhost' to='alice@localhost' type='headline'>\
        <event xmlns='http://jabber.org/protocol/pubsub#event'><items node='urn:jibber:retention:0'><item id='current'>\
        <retention xmlns='urn:jibber:retention:0' default='off'/></item></items></event></message>";
    server.deliver_raw(laptop.conn.unwrap(), forged);
    pump(&mut server, &mut [&mut laptop], NOW + 4);
    assert_eq!(
        laptop.client.retention_settings().default,
        Retention::After(86_400_000)
    );
}

#[test]
fn cleared_history_stays_cleared_after_a_reload_and_scrolling_back() {
    let mut server = server_with_friends();
    let (mut alice, mut bob) = alice_and_bob(&mut server, NOW);
    for i in 0..3 {
        send(&mut bob, "alice", &format!("old {i}"), NOW + i);
        pump(&mut server, &mut [&mut alice, &mut bob], NOW + i);
    }
    send(&mut bob, "carol", "unrelated", NOW + 5);
    alice.take_events();
    block_on(alice.client.clear_history(Some(&chat("bob")), NOW + 10)).unwrap();
    assert!(bodies(&alice, "bob").is_empty());
    assert!(alice
        .take_events()
        .contains(&ClientEvent::HistoryCleared(Some(chat("bob")))));

    // Scrolling back asks the archive, which still has them: they are not stored again.
    block_on(alice.client.load_older(&chat("bob"), NOW + 11)).unwrap();
    pump(&mut server, &mut [&mut alice, &mut bob], NOW + 11);
    assert!(bodies(&alice, "bob").is_empty());
    // A live message is new even when this device's clock is behind what was cleared.
    server.deliver_raw(alice.conn.unwrap(), "<message xmlns='jabber:client' from='bob@localhost/x' to='alice@localhost' type='chat' id='behind'><body>clock behind</body></message>");
    pump(&mut server, &mut [&mut alice], NOW);
    assert_eq!(bodies(&alice, "bob"), ["clock behind"]);

    send(&mut bob, "alice", "new", NOW + 20);
    pump(&mut server, &mut [&mut alice, &mut bob], NOW + 20);
    let store = alice.store.clone();
    drop(alice);
    let mut reloaded = Device::with_store(store);
    assert!(reloaded.restore_and_resume(&mut server, NOW + 30));
    pump(&mut server, &mut [&mut reloaded, &mut bob], NOW + 30);
    assert_eq!(bodies(&reloaded, "bob"), ["clock behind", "new"]);

    block_on(reloaded.client.clear_history(None, NOW + 40)).unwrap();
    assert!(bodies(&reloaded, "bob").is_empty());
}

#[test]
fn a_late_wake_up_purges_and_a_clock_jump_back_purges_nothing_early() {
    let mut server = server_with_friends();
    let (mut alice, mut bob) = alice_and_bob(&mut server, NOW);
    set_timer(&mut alice, "bob", Some(FIVE_SECONDS), false, NOW);
    send(&mut bob, "alice", "soon gone", NOW + 1);
    pump(&mut server, &mut [&mut alice, &mut bob], NOW + 1);
    // Waking late (a background tab) purges at the first chance, however late.
    wake(&mut alice, NOW + 3_600_000);
    assert!(bodies(&alice, "bob").is_empty());
    // A clock that jumped back does not bring anything back or purge early.
    send(&mut bob, "alice", "after the jump", NOW + 2);
    pump(&mut server, &mut [&mut alice, &mut bob], NOW + 2);
    wake(&mut alice, NOW + 3);
    assert_eq!(bodies(&alice, "bob"), ["after the jump"]);
}
