//! The client against an in-process server: login, chat, reload, failures.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use chat_client::{ClientEvent, ConnectionState, LoginError};
use chat_store::{ConversationId, DeliveryState, Direction, Store};
use futures::executor::block_on;
use support::server::FakeServer;
use support::{pump, server_with_friends, Device};

const NOW: u64 = 1_790_000_000_000;

fn logged_in(server: &mut FakeServer, user: &str) -> Device {
    support::logged_in(server, user, NOW)
}

fn messages(device: &Device, peer: &str) -> Vec<chat_store::Message> {
    block_on(
        device
            .store
            .messages(&ConversationId::direct(peer), None, 100),
    )
    .unwrap()
    .messages
}

#[test]
fn login_stores_scram_keys_not_the_password_and_loads_the_roster() {
    let mut server = server_with_friends();
    let mut alice = logged_in(&mut server, "alice");
    let events = alice.take_events();
    assert!(events.contains(&ClientEvent::LoggedIn {
        jid: "alice@localhost".into()
    }));
    let account = block_on(alice.store.account())
        .unwrap()
        .expect("account stored");
    let credentials = account.credentials.as_ref().expect("SCRAM keys stored");
    assert!(
        !credentials.0.contains("alice-pass"),
        "the password itself must never be stored"
    );
    assert_eq!(account.roster_version.as_deref(), Some("v1"));
    let roster = block_on(alice.store.roster()).unwrap();
    assert_eq!(
        roster.iter().map(|r| r.jid.as_str()).collect::<Vec<_>>(),
        ["bob@localhost"]
    );
    assert!(events
        .iter()
        .any(|e| matches!(e, ClientEvent::Roster(items) if items.len() == 1)));
}

#[test]
fn two_users_chat_both_ways_and_both_sides_store_it() {
    let mut server = server_with_friends();
    let mut alice = logged_in(&mut server, "alice");
    let mut bob = logged_in(&mut server, "bob");
    pump(&mut server, &mut [&mut alice, &mut bob], NOW);
    let bob_presence = alice.take_events().into_iter().any(|e| {
        matches!(e, ClientEvent::Presence { ref jid, availability: chat_client::Availability::Available, .. } if jid == "bob@localhost")
    });
    assert!(bob_presence, "alice sees bob online");

    let to_bob = ConversationId::direct("bob@localhost");
    let sent = block_on(
        alice
            .client
            .send_message(&to_bob, "Hi Bob <b>!</b>", NOW + 1),
    )
    .unwrap();
    assert_eq!(
        sent.state,
        DeliveryState::Pending,
        "pending until the server acknowledges it"
    );
    pump(&mut server, &mut [&mut alice, &mut bob], NOW + 2);
    assert_eq!(
        messages(&alice, "bob@localhost")[0].state,
        DeliveryState::Delivered,
        "bob's client sent a receipt"
    );
    let to_alice = ConversationId::direct("alice@localhost");
    block_on(bob.client.send_message(&to_alice, "Hello Alice", NOW + 3)).unwrap();
    pump(&mut server, &mut [&mut alice, &mut bob], NOW + 4);

    let at_bob = messages(&bob, "alice@localhost");
    assert_eq!(
        at_bob
            .iter()
            .map(|m| (m.direction, m.body.as_str()))
            .collect::<Vec<_>>(),
        [
            (Direction::In, "Hi Bob <b>!</b>"),
            (Direction::Out, "Hello Alice")
        ]
    );
    assert!(
        at_bob[0].stanza_id.is_some(),
        "the archive id is kept for dedupe"
    );
    let at_alice = messages(&alice, "bob@localhost");
    assert_eq!(
        at_alice.iter().map(|m| m.body.as_str()).collect::<Vec<_>>(),
        ["Hi Bob <b>!</b>", "Hello Alice"]
    );

    let bob_conversations = block_on(bob.store.conversations()).unwrap();
    assert_eq!(bob_conversations[0].id, to_alice);
    assert_eq!(
        bob_conversations[0].unread, 1,
        "bob has not opened the chat"
    );
    block_on(bob.client.set_active_conversation(Some(to_alice.clone()))).unwrap();
    assert_eq!(
        block_on(bob.store.conversation(&to_alice))
            .unwrap()
            .unwrap()
            .unread,
        0
    );
}

#[test]
fn reload_restores_history_and_reconnects_without_the_password() {
    let mut server = server_with_friends();
    let mut alice = logged_in(&mut server, "alice");
    let mut bob = logged_in(&mut server, "bob");
    block_on(bob.client.send_message(
        &ConversationId::direct("alice@localhost"),
        "before reload",
        NOW,
    ))
    .unwrap();
    pump(&mut server, &mut [&mut alice, &mut bob], NOW);

    let mut reloaded = Device::with_store(alice.store.clone());
    drop(alice);
    assert!(reloaded.restore_and_resume(&mut server, NOW + 10));
    let restored = reloaded.take_events();
    assert!(
        restored
            .iter()
            .any(|e| matches!(e, ClientEvent::Conversations(c) if c.len() == 1)),
        "history is shown before connecting"
    );
    pump(&mut server, &mut [&mut reloaded, &mut bob], NOW + 10);
    assert_eq!(reloaded.client.connection(), &ConnectionState::Online);
    let auths: Vec<&String> = server
        .received
        .iter()
        .map(|(_, f)| f)
        .filter(|f| f.contains("<auth"))
        .collect();
    assert!(
        auths.last().unwrap().contains("SCRAM-SHA-1"),
        "resumed with SCRAM keys"
    );
    assert_eq!(
        messages(&reloaded, "bob@localhost")[0].body,
        "before reload"
    );
}

#[test]
fn wrong_password_is_reported_and_nothing_is_stored() {
    let mut server = server_with_friends();
    let mut alice = Device::new();
    alice.login(&mut server, "alice@localhost", "wrong", NOW);
    pump(&mut server, &mut [&mut alice], NOW);
    let events = alice.take_events();
    assert!(
        events.contains(&ClientEvent::LoginFailed(LoginError::NotAuthorized)),
        "{events:?}"
    );
    assert!(!alice.client.should_reconnect());
    assert!(block_on(alice.store.account()).unwrap().is_none());
}

#[test]
fn a_changed_password_asks_for_it_again() {
    let mut server = server_with_friends();
    let alice = logged_in(&mut server, "alice");
    server.set_password("alice", "changed-elsewhere");
    let mut reloaded = Device::with_store(alice.store.clone());
    assert!(reloaded.restore_and_resume(&mut server, NOW));
    pump(&mut server, &mut [&mut reloaded], NOW);
    let events = reloaded.take_events();
    assert!(
        events
            .iter()
            .any(|e| matches!(e, ClientEvent::NeedPassword { .. })),
        "{events:?}"
    );
    assert!(
        !reloaded.client.should_reconnect(),
        "no retry loop with stale keys"
    );
}

/// The reason of the one `NeedPassword` among `events`.
fn need_password_reason(events: &[ClientEvent]) -> chat_client::PasswordPrompt {
    let reasons: Vec<&chat_client::PasswordPrompt> = events
        .iter()
        .filter_map(|e| match e {
            ClientEvent::NeedPassword { reason, .. } => Some(reason),
            _ => None,
        })
        .collect();
    assert_eq!(reasons.len(), 1, "{events:?}");
    *reasons[0]
}

fn auth_attempts(server: &FakeServer) -> usize {
    server
        .received
        .iter()
        .filter(|(_, f)| f.contains("<auth"))
        .count()
}

/// A reload on the same storage: restored, and one attempt with the stored keys.
fn reload(server: &mut FakeServer, device: &Device, now: u64) -> Device {
    let mut reloaded = Device::with_store(device.store.clone());
    assert!(reloaded.restore_and_resume(server, now));
    pump(server, &mut [&mut reloaded], now);
    reloaded
}

#[test]
fn a_server_with_a_new_salt_at_every_login_gets_the_password_asked_with_the_reason_and_no_loop() {
    // ejabberd with `auth_password_format: plain`: the stored keys never fit the next login.
    let mut server = server_with_friends();
    server.fresh_salt_per_login = true;
    let alice = logged_in(&mut server, "alice");
    let mut reloaded = reload(&mut server, &alice, NOW);
    let reason = need_password_reason(&reloaded.take_events());
    assert_eq!(reason, chat_client::PasswordPrompt::ServerDrawsNewSalt);
    assert!(
        !reloaded.client.should_reconnect(),
        "no retry with keys that cannot work"
    );
    let attempts = auth_attempts(&server);
    block_on(reloaded.client.handle_timeout(NOW + 600_000)).unwrap();
    pump(&mut server, &mut [&mut reloaded], NOW + 600_000);
    assert_eq!(auth_attempts(&server), attempts, "nothing tried on its own");

    // The password logs in again, and the next reload explains itself the same way.
    reloaded.login(&mut server, "alice@localhost", "alice-pass", NOW + 1);
    pump(&mut server, &mut [&mut reloaded], NOW + 1);
    assert_eq!(reloaded.client.connection(), &ConnectionState::Online);
    let mut again = reload(&mut server, &reloaded, NOW + 2);
    assert_eq!(
        need_password_reason(&again.take_events()),
        chat_client::PasswordPrompt::ServerDrawsNewSalt
    );
}

#[test]
fn keys_that_logged_in_before_do_not_blame_the_server_for_a_new_salt() {
    let mut server = server_with_friends();
    let alice = logged_in(&mut server, "alice");
    let mut proven = reload(&mut server, &alice, NOW);
    assert_eq!(proven.client.connection(), &ConnectionState::Online);
    proven.take_events();
    // The account's salt changes afterwards (a password change elsewhere does that).
    server.fresh_salt_per_login = true;
    let mut later = reload(&mut server, &proven, NOW + 1);
    let reason = need_password_reason(&later.take_events());
    assert_eq!(reason, chat_client::PasswordPrompt::MayHaveChanged);
}

#[test]
fn malformed_data_from_the_server_fails_the_login_cleanly() {
    let mut server = server_with_friends();
    server.inject_next = Some("<open xmlns='urn:ietf:params:xml:ns:xmpp-framing'><unclosed".into());
    let mut alice = Device::new();
    alice.login(&mut server, "alice@localhost", "alice-pass", NOW);
    pump(&mut server, &mut [&mut alice], NOW);
    let events = alice.take_events();
    assert!(
        events
            .iter()
            .any(|e| matches!(e, ClientEvent::LoginFailed(LoginError::Protocol(_)))),
        "{events:?}"
    );
    // The form can be used again right away.
    alice.login(&mut server, "alice@localhost", "alice-pass", NOW + 1);
    pump(&mut server, &mut [&mut alice], NOW + 1);
    assert_eq!(alice.client.connection(), &ConnectionState::Online);
}

#[test]
fn messages_written_offline_are_sent_once_on_reconnect() {
    let mut server = server_with_friends();
    let mut alice = logged_in(&mut server, "alice");
    let mut bob = logged_in(&mut server, "bob");
    alice.drop_connection(&mut server, NOW);
    assert!(matches!(
        alice.client.connection(),
        ConnectionState::Offline { .. }
    ));
    let to_bob = ConversationId::direct("bob@localhost");
    let queued = block_on(
        alice
            .client
            .send_message(&to_bob, "written in a tunnel", NOW + 1),
    )
    .unwrap();
    assert_eq!(queued.state, DeliveryState::Pending);
    assert_eq!(block_on(alice.store.pending_messages()).unwrap().len(), 1);

    assert!(alice.client.start_resume(NOW + 2).is_some());
    alice.conn = Some(server.connect());
    pump(&mut server, &mut [&mut alice, &mut bob], NOW + 2);
    assert!(block_on(alice.store.pending_messages()).unwrap().is_empty());
    let at_bob = messages(&bob, "alice@localhost");
    assert_eq!(
        at_bob.iter().map(|m| m.body.as_str()).collect::<Vec<_>>(),
        ["written in a tunnel"]
    );
    assert_eq!(
        messages(&alice, "bob@localhost")[0].state,
        DeliveryState::Delivered
    );
}

#[test]
fn offline_messages_arrive_with_server_time_and_duplicates_are_dropped() {
    let mut server = server_with_friends();
    let an_hour_ago = NOW - 3_600_000;
    server.clock = an_hour_ago;
    let mut bob = logged_in(&mut server, "bob");
    block_on(bob.client.send_message(
        &ConversationId::direct("alice@localhost"),
        "while you were away",
        NOW,
    ))
    .unwrap();
    pump(&mut server, &mut [&mut bob], NOW);

    let mut alice = logged_in(&mut server, "alice");
    let received = messages(&alice, "bob@localhost");
    assert_eq!(received.len(), 1);
    assert_eq!(
        received[0].timestamp, an_hour_ago,
        "the server's stamp (XEP-0203 / archive) is the message time"
    );

    // The same stanza again (a redelivery) must not show twice.
    let duplicate = format!(
        "<message xmlns='jabber:client' from='bob@localhost/r1' to='alice@localhost' type='chat' id='x'><body>while you were away</body><stanza-id xmlns='urn:xmpp:sid:0' by='alice@localhost' id='{}'/></message>",
        received[0].stanza_id.clone().unwrap()
    );
    block_on(alice.client.handle_frame(&duplicate, NOW + 5)).unwrap();
    assert_eq!(messages(&alice, "bob@localhost").len(), 1);
    alice.drain_events();
}
