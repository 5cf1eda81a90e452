//! Profiles and last activity against the in-process server: nothing is asked until details
//! are opened; our own profile is saved into our vCard; last activity is the time since the
//! contact's logout, and unknown when the server refuses to say.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use chat_client::{ClientError, ClientEvent, LastSeen, Notice, Profile};
use futures::executor::block_on;
use support::server::FakeServer;
use support::{pump, Device};

const NOW: u64 = 1_790_000_000_000;
const HOURS_3: u64 = 3 * 3600 * 1000;

fn server() -> FakeServer {
    let mut server = FakeServer::new("localhost");
    for user in ["alice", "bob", "mallory"] {
        server.add_account(user, &format!("{user}-pass"));
    }
    server
}

fn profiles_of(events: &[ClientEvent], jid: &str) -> Vec<Option<Profile>> {
    events
        .iter()
        .filter_map(|e| match e {
            ClientEvent::ContactProfile { jid: j, profile } if j == jid => Some(profile.clone()),
            _ => None,
        })
        .collect()
}

fn last_seen_of(events: &[ClientEvent], jid: &str) -> Vec<Option<LastSeen>> {
    events
        .iter()
        .filter_map(|e| match e {
            ClientEvent::LastActivity { jid: j, seen } if j == jid => Some(seen.clone()),
            _ => None,
        })
        .collect()
}

fn alice_profile() -> Profile {
    Profile {
        full_name: Some("Alice Liddell".into()),
        url: Some("https://alice.example/".into()),
        note: Some("Down the\nrabbit hole".into()),
        ..Profile::default()
    }
}

#[test]
fn a_saved_profile_is_what_a_contact_sees_and_nothing_is_asked_at_login() {
    let mut server = server();
    let mut alice = support::logged_in(&mut server, "alice", NOW);
    let mut bob = support::logged_in(&mut server, "bob", NOW);
    assert!(
        !server
            .received
            .iter()
            .any(|(_, f)| f.contains("vcard-temp'/>") || f.contains("jabber:iq:last")),
        "no profile requests at login"
    );

    // A URL that is not a web address is dropped before it is sent.
    let mut profile = alice_profile();
    profile.org = Some("  \u{202e}Wonderland\u{7}  ".into());
    alice
        .client
        .set_profile(
            Profile {
                email: Some("alice@example.com".into()),
                ..profile.clone()
            },
            NOW,
        )
        .unwrap();
    pump(&mut server, &mut [&mut alice, &mut bob], NOW);
    let events = alice.take_events();
    let expected = Profile {
        email: Some("alice@example.com".into()),
        org: Some("Wonderland".into()),
        ..alice_profile()
    };
    assert_eq!(
        profiles_of(&events, "alice@localhost"),
        vec![Some(expected.clone())]
    );
    assert!(events
        .iter()
        .any(|e| matches!(e, ClientEvent::Notice(Notice::ProfileSaved))));

    bob.take_events();
    bob.client
        .request_contact_details("alice@localhost/phone", NOW)
        .unwrap();
    pump(&mut server, &mut [&mut alice, &mut bob], NOW);
    assert_eq!(
        profiles_of(&bob.take_events(), "alice@localhost"),
        vec![Some(expected)]
    );

    // Saving again only changes the basic fields; a second save keeps what the first wrote.
    alice
        .client
        .set_profile(
            Profile {
                full_name: Some("Alice L.".into()),
                ..Profile::default()
            },
            NOW,
        )
        .unwrap();
    pump(&mut server, &mut [&mut alice, &mut bob], NOW);
    bob.client
        .request_contact_details("alice@localhost", NOW)
        .unwrap();
    pump(&mut server, &mut [&mut alice, &mut bob], NOW);
    let seen = profiles_of(&bob.take_events(), "alice@localhost");
    assert_eq!(
        seen,
        vec![Some(Profile {
            full_name: Some("Alice L.".into()),
            ..Profile::default()
        })]
    );

    // Opening our own profile asks for the vCard only.
    alice.take_events();
    let before = server.received.len();
    alice
        .client
        .request_contact_details("alice@localhost", NOW)
        .unwrap();
    pump(&mut server, &mut [&mut alice, &mut bob], NOW);
    assert_eq!(
        profiles_of(&alice.take_events(), "alice@localhost").len(),
        1
    );
    assert!(!server.received[before..]
        .iter()
        .any(|(_, f)| f.contains("jabber:iq:last")));
}

#[test]
fn a_contact_without_a_vcard_has_an_empty_profile() {
    let mut server = server();
    let mut bob = support::logged_in(&mut server, "bob", NOW);
    bob.take_events();
    bob.client
        .request_contact_details("mallory@localhost", NOW)
        .unwrap();
    pump(&mut server, &mut [&mut bob], NOW);
    assert_eq!(
        profiles_of(&bob.take_events(), "mallory@localhost"),
        vec![Some(Profile::default())]
    );
}

#[test]
fn last_activity_is_the_time_since_logout_and_unknown_to_strangers() {
    let mut server = server();
    server.befriend("alice", "bob");
    let mut alice = support::logged_in(&mut server, "alice", NOW);
    let mut bob = support::logged_in(&mut server, "bob", NOW);
    let mut mallory = support::logged_in(&mut server, "mallory", NOW);
    block_on(alice.client.logout(false)).unwrap();
    pump(&mut server, &mut [&mut alice, &mut bob, &mut mallory], NOW);

    server.clock += HOURS_3;
    let later = NOW + HOURS_3;
    bob.take_events();
    bob.client
        .request_contact_details("alice@localhost", later)
        .unwrap();
    pump(&mut server, &mut [&mut bob], later);
    assert_eq!(
        last_seen_of(&bob.take_events(), "alice@localhost"),
        vec![Some(LastSeen {
            at: NOW,
            status: None
        })]
    );

    // Not a contact of alice's: the server answers forbidden, shown as unknown.
    mallory.take_events();
    mallory
        .client
        .request_contact_details("alice@localhost", later)
        .unwrap();
    pump(&mut server, &mut [&mut mallory], later);
    assert_eq!(
        last_seen_of(&mallory.take_events(), "alice@localhost"),
        vec![None]
    );
}

#[test]
fn details_cannot_be_asked_offline_or_for_a_bad_address() {
    let mut server = server();
    let mut bob = support::logged_in(&mut server, "bob", NOW);
    assert!(matches!(
        bob.client.request_contact_details("not an address@", NOW),
        Err(ClientError::InvalidJid(_))
    ));
    block_on(bob.client.logout(false)).unwrap();
    pump(&mut server, &mut [&mut bob], NOW);
    let mut offline = Device::new();
    assert!(matches!(
        offline
            .client
            .request_contact_details("alice@localhost", NOW),
        Err(ClientError::NotConnected)
    ));
    assert!(matches!(
        offline.client.set_profile(alice_profile(), NOW),
        Err(ClientError::NotConnected)
    ));
}
