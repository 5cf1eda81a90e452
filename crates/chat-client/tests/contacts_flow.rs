//! Contacts against the in-process server: adding and approving, the RFC 6121 subscription
//! states each side ends up in, roster versioning, request storms, blocking, registration.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use chat_client::{Availability, ClientEvent, ConnectionState, NewContact, Notice, OwnShow};
use chat_store::{RosterItem, Store, Subscription};
use futures::executor::block_on;
use support::server::FakeServer;
use support::{pump, Device};
use xmpp_protocol::register::{Registration, RegistrationAnswers, RegistrationEvent};
use zeroize::Zeroizing;

const NOW: u64 = 1_790_000_000_000;

fn server() -> FakeServer {
    let mut server = FakeServer::new("localhost");
    for user in ["alice", "bob", "mallory"] {
        server.add_account(user, &format!("{user}-pass"));
    }
    server
}

fn logged_in(server: &mut FakeServer, user: &str) -> Device {
    support::logged_in(server, user, NOW)
}

fn roster_item(device: &Device, jid: &str) -> Option<RosterItem> {
    block_on(device.store.roster())
        .unwrap()
        .into_iter()
        .find(|item| item.jid == jid)
}

fn requests(device: &mut Device) -> Vec<String> {
    device
        .client
        .subscription_requests()
        .iter()
        .map(|r| r.jid.clone())
        .collect()
}

fn add(device: &mut Device, jid: &str) {
    let contact = NewContact {
        jid: jid.into(),
        name: Some("Alice".into()),
        groups: vec!["Friends".into(), " Friends ".into()],
        share_my_status: false,
    };
    block_on(device.client.add_contact(contact, NOW)).unwrap();
}

#[test]
fn bob_adds_alice_alice_approves_and_both_end_up_with_both() {
    let mut server = server();
    let mut alice = logged_in(&mut server, "alice");
    let mut bob = logged_in(&mut server, "bob");
    add(&mut bob, "alice@localhost");
    pump(&mut server, &mut [&mut alice, &mut bob], NOW);
    // RFC 6121 §3.1.2: "None + Pending Out" on bob's side, the request on alice's.
    let pending = roster_item(&bob, "alice@localhost").unwrap();
    assert_eq!(
        (pending.subscription, pending.ask),
        (Subscription::None, true)
    );
    assert_eq!(pending.name.as_deref(), Some("Alice"));
    assert_eq!(requests(&mut alice), ["bob@localhost"]);
    assert!(alice
        .take_events()
        .iter()
        .any(|e| matches!(e, ClientEvent::SubscriptionRequests(r) if r.len() == 1)));

    block_on(alice.client.approve_subscription("bob@localhost", true)).unwrap();
    pump(&mut server, &mut [&mut alice, &mut bob], NOW + 1);
    assert!(
        requests(&mut alice).is_empty(),
        "an answered request leaves the list"
    );
    // Alice asked back; bob's client accepts that on its own because bob asked first.
    assert_eq!(
        roster_item(&alice, "bob@localhost").unwrap().subscription,
        Subscription::Both
    );
    assert_eq!(
        roster_item(&bob, "alice@localhost").unwrap().subscription,
        Subscription::Both
    );
    assert!(
        requests(&mut bob).is_empty(),
        "bob is not asked about what he asked for"
    );

    bob.take_events();
    block_on(
        alice
            .client
            .set_own_presence(OwnShow::Away, "  In a meeting  "),
    )
    .unwrap();
    pump(&mut server, &mut [&mut alice, &mut bob], NOW + 2);
    let seen = bob.take_events().into_iter().any(|e| {
        matches!(e, ClientEvent::Presence { ref jid, availability: Availability::Away, status: Some(ref s) } if jid == "alice@localhost" && s == "In a meeting")
    });
    assert!(seen, "bob sees alice's new status text");
}

#[test]
fn denying_keeps_the_asker_pending_out_and_tells_them() {
    let mut server = server();
    let mut alice = logged_in(&mut server, "alice");
    let mut bob = logged_in(&mut server, "bob");
    add(&mut bob, "alice@localhost");
    pump(&mut server, &mut [&mut alice, &mut bob], NOW);
    block_on(alice.client.deny("bob@localhost")).unwrap();
    pump(&mut server, &mut [&mut alice, &mut bob], NOW + 1);
    assert!(requests(&mut alice).is_empty());
    let item = roster_item(&bob, "alice@localhost").unwrap();
    assert_eq!((item.subscription, item.ask), (Subscription::None, false));
    assert!(bob
        .take_events()
        .iter()
        .any(|e| matches!(e, ClientEvent::Notice(Notice::NotSharingStatus { .. }))));
}

#[test]
fn requests_wait_for_login_survive_a_reload_and_a_storm_is_capped() {
    let mut server = server();
    let mut bob = logged_in(&mut server, "bob");
    add(&mut bob, "alice@localhost");
    pump(&mut server, &mut [&mut bob], NOW);
    let mut alice = logged_in(&mut server, "alice");
    assert_eq!(
        requests(&mut alice),
        ["bob@localhost"],
        "a request made while offline arrives at login"
    );

    let reloaded = Device::with_store(alice.store.clone());
    let mut reloaded = reloaded;
    block_on(reloaded.client.restore()).unwrap();
    assert_eq!(requests(&mut reloaded), ["bob@localhost"]);

    for n in 0..(chat_client::MAX_REQUESTS + 100) {
        let frame = format!("<presence xmlns='jabber:client' from='spam{n}@localhost' to='alice@localhost' type='subscribe'><nick xmlns='http://jabber.org/protocol/nick'>Spammer {n}</nick></presence>");
        block_on(alice.client.handle_frame(&frame, NOW + 5)).unwrap();
    }
    assert_eq!(
        alice.client.subscription_requests().len(),
        chat_client::MAX_REQUESTS
    );
    assert_eq!(
        alice.client.subscription_requests()[1].nick.as_deref(),
        Some("Spammer 0")
    );
}

#[test]
fn invalid_addresses_and_oneself_are_refused_with_a_reason() {
    let mut server = server();
    let mut bob = logged_in(&mut server, "bob");
    for (jid, reason) in [
        ("", "enter an address"),
        ("bob@localhost", "your own"),
        ("a@b@c", "not an address"),
        ("@localhost", "not an address"),
    ] {
        let contact = NewContact {
            jid: jid.into(),
            ..NewContact::default()
        };
        let error = block_on(bob.client.add_contact(contact, NOW))
            .unwrap_err()
            .to_string();
        assert!(error.contains(reason), "{jid:?}: {error}");
    }
}

#[test]
fn roster_versioning_skips_the_download_when_nothing_changed() {
    let mut server = server();
    server.befriend("alice", "bob");
    let mut first_page = logged_in(&mut server, "alice");
    let version = block_on(first_page.store.account())
        .unwrap()
        .unwrap()
        .roster_version;
    first_page.drop_connection(&mut server, NOW);
    // A reload: a new client on the same storage (a resumed stream would not ask for the roster).
    let mut alice = Device::with_store(first_page.store.clone());
    drop(first_page);
    let before = server.received.len();
    assert!(alice.restore_and_resume(&mut server, NOW + 10));
    pump(&mut server, &mut [&mut alice], NOW + 10);
    let asked_with_version = server.received[before..].iter().any(|(_, f)| {
        f.contains("jabber:iq:roster")
            && f.contains(&format!("ver=\"{}\"", version.clone().unwrap()))
    });
    assert!(asked_with_version, "the stored version is sent");
    assert_eq!(
        roster_item(&alice, "bob@localhost").unwrap().subscription,
        Subscription::Both,
        "an empty answer keeps the stored roster"
    );

    // A push while online updates item and version.
    block_on(alice.client.edit_contact(
        "bob@localhost",
        Some("Bobby".into()),
        vec!["Work".into()],
        NOW + 11,
    ))
    .unwrap();
    pump(&mut server, &mut [&mut alice], NOW + 11);
    let item = roster_item(&alice, "bob@localhost").unwrap();
    assert_eq!(item.name.as_deref(), Some("Bobby"));
    assert_ne!(
        block_on(alice.store.account())
            .unwrap()
            .unwrap()
            .roster_version,
        version
    );

    block_on(alice.client.remove_contact("bob@localhost", NOW + 12)).unwrap();
    pump(&mut server, &mut [&mut alice], NOW + 12);
    assert_eq!(roster_item(&alice, "bob@localhost"), None);
}

#[test]
fn blocking_drops_their_messages_and_their_request() {
    let mut server = server();
    let mut alice = logged_in(&mut server, "alice");
    let mut mallory = logged_in(&mut server, "mallory");
    add(&mut mallory, "alice@localhost");
    pump(&mut server, &mut [&mut alice, &mut mallory], NOW);
    assert_eq!(requests(&mut alice), ["mallory@localhost"]);
    block_on(alice.client.block("mallory@localhost", NOW + 1)).unwrap();
    pump(&mut server, &mut [&mut alice, &mut mallory], NOW + 1);
    assert_eq!(alice.client.blocklist(), ["mallory@localhost"]);
    assert!(
        requests(&mut alice).is_empty(),
        "blocking answers the request"
    );
    let to_alice = chat_store::ConversationId::direct("alice@localhost");
    block_on(mallory.client.send_message(&to_alice, "spam", NOW + 2)).unwrap();
    pump(&mut server, &mut [&mut alice, &mut mallory], NOW + 2);
    let at_alice = block_on(alice.store.messages(
        &chat_store::ConversationId::direct("mallory@localhost"),
        None,
        10,
    ))
    .unwrap();
    assert!(at_alice.messages.is_empty());

    block_on(alice.client.unblock("mallory@localhost", NOW + 3)).unwrap();
    pump(&mut server, &mut [&mut alice], NOW + 3);
    assert!(alice.client.blocklist().is_empty());
    assert!(
        block_on(alice.client.block("alice@localhost", NOW)).is_err(),
        "one cannot block oneself"
    );
}

/// Runs a registration against the server until nothing moves.
fn run(
    server: &mut FakeServer,
    conn: usize,
    registration: &mut Registration,
) -> Vec<RegistrationEvent> {
    for _ in 0..20 {
        while let Some(frame) = registration.poll_transmit() {
            server.handle(conn, &frame);
        }
        for frame in server.take_frames(conn) {
            registration.handle_frame(&frame, NOW);
        }
    }
    std::iter::from_fn(|| registration.poll_event()).collect()
}

#[test]
fn a_new_user_registers_in_band_and_logs_in() {
    let mut server = server();
    let conn = server.connect();
    let mut registration = Registration::new("localhost", "t1", NOW);
    let events = run(&mut server, conn, &mut registration);
    assert!(
        matches!(events.as_slice(), [RegistrationEvent::Form(_)]),
        "{events:?}"
    );
    let answers = |user: &str| RegistrationAnswers {
        username: user.into(),
        password: Zeroizing::new("juliet-pass".into()),
        extra: vec![],
    };
    registration.submit(&answers("bob"), NOW);
    let events = run(&mut server, conn, &mut registration);
    assert!(
        matches!(events.as_slice(), [RegistrationEvent::Refused(r)] if r.to_string().contains("taken")),
        "{events:?}"
    );
    registration.submit(&answers("juliet"), NOW);
    assert_eq!(
        run(&mut server, conn, &mut registration),
        [RegistrationEvent::Registered]
    );
    logged_in(&mut server, "juliet");
}

#[test]
fn a_changed_password_is_used_for_the_next_login() {
    let mut server = server();
    let mut alice = logged_in(&mut server, "alice");
    let short = alice
        .client
        .change_password(Zeroizing::new("short".into()), NOW);
    assert!(short.unwrap_err().to_string().contains("at least"));
    alice
        .client
        .change_password(Zeroizing::new("a much longer one".into()), NOW)
        .unwrap();
    assert!(
        alice.client.take_relogin_password().is_none(),
        "not before the server confirmed"
    );
    pump(&mut server, &mut [&mut alice], NOW + 1);
    let events = alice.take_events();
    assert!(events
        .iter()
        .any(|e| matches!(e, ClientEvent::Notice(Notice::PasswordChanged))));
    let new_password = alice
        .client
        .take_relogin_password()
        .expect("the driver logs in again with it");
    assert_eq!(new_password.as_str(), "a much longer one");
    assert!(
        alice.client.take_relogin_password().is_none(),
        "handed out once"
    );

    let mut again = Device::new();
    again.login(&mut server, "alice@localhost", &new_password, NOW + 2);
    pump(&mut server, &mut [&mut again], NOW + 2);
    assert_eq!(again.client.connection(), &ConnectionState::Online);
}

#[test]
fn deleting_the_account_removes_it_on_the_server_and_on_this_device() {
    let mut server = server();
    let mut alice = logged_in(&mut server, "alice");
    alice.client.delete_account(NOW).unwrap();
    pump(&mut server, &mut [&mut alice], NOW + 1);
    let events = alice.take_events();
    assert!(events.contains(&ClientEvent::LoggedOut));
    assert!(events
        .iter()
        .any(|e| matches!(e, ClientEvent::Notice(Notice::AccountDeleted))));
    assert_eq!(
        block_on(alice.store.account()).unwrap(),
        None,
        "nothing is left on the device"
    );
    let mut retry = Device::new();
    retry.login(&mut server, "alice@localhost", "alice-pass", NOW + 2);
    pump(&mut server, &mut [&mut retry], NOW + 2);
    assert_ne!(
        retry.client.connection(),
        &ConnectionState::Online,
        "the account is gone on the server"
    );
}

#[test]
fn a_password_change_cut_off_by_a_dropped_connection_is_not_assumed() {
    let mut server = server();
    let mut alice = logged_in(&mut server, "alice");
    alice
        .client
        .change_password(Zeroizing::new("a much longer one".into()), NOW)
        .unwrap();
    alice.drop_connection(&mut server, NOW + 1);
    assert!(
        alice.client.take_relogin_password().is_none(),
        "the driver must not log in with an unconfirmed password"
    );
    assert!(alice
        .take_events()
        .iter()
        .any(|e| matches!(e, ClientEvent::Notice(Notice::PasswordMayNotHaveChanged))));
}
