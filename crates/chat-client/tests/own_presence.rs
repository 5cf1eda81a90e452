//! Our own presence: status and text kept across reloads, invisibility, idle time, caps, and
//! client state indication only towards servers that offer it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use chat_client::{Client, OwnShow};
use futures::executor::block_on;
use support::server::FakeServer;
use support::{logged_in, pump};
use xmpp_protocol::xml::parse_element;

const NOW: u64 = 1_790_000_000_000;

fn new_server() -> FakeServer {
    let mut server = FakeServer::new("localhost");
    server.add_account("alice", "alice-pass");
    server
}

fn presences_sent(server: &FakeServer, since: usize) -> Vec<xmpp_protocol::xml::Element> {
    server.received[since..]
        .iter()
        .filter_map(|(_, f)| parse_element(f).ok())
        .filter(|e| e.name == "presence")
        .collect()
}

#[test]
fn initial_presence_carries_caps_and_the_stored_status() {
    let mut server = new_server();
    let mut alice = logged_in(&mut server, "alice", NOW);
    let first = presences_sent(&server, 0);
    let caps = first[0]
        .get_child("c", "http://jabber.org/protocol/caps")
        .expect("caps in the initial presence");
    assert_eq!(caps.attr("hash"), Some("sha-1"));

    block_on(alice.client.set_own_presence(OwnShow::Dnd, "Focus time")).unwrap();
    alice.drop_connection(&mut server, NOW + 1);
    let before = server.received.len();
    assert!(alice.restore_and_resume(&mut server, NOW + 2));
    pump(&mut server, &mut [&mut alice], NOW + 2);
    let again = presences_sent(&server, before);
    assert_eq!(
        again[0].child_text("show", "jabber:client").as_deref(),
        Some("dnd"),
        "kept across a reload"
    );
    assert_eq!(
        again[0].child_text("status", "jabber:client").as_deref(),
        Some("Focus time")
    );
}

#[test]
fn invisible_sends_no_available_presence() {
    let mut server = new_server();
    let mut alice = logged_in(&mut server, "alice", NOW);
    let before = server.received.len();
    block_on(alice.client.set_own_presence(OwnShow::Invisible, "")).unwrap();
    pump(&mut server, &mut [&mut alice], NOW + 1);
    let sent = presences_sent(&server, before);
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].attr("type"), Some("unavailable"));

    alice.drop_connection(&mut server, NOW + 2);
    let before = server.received.len();
    assert!(alice.restore_and_resume(&mut server, NOW + 3));
    pump(&mut server, &mut [&mut alice], NOW + 3);
    assert!(
        presences_sent(&server, before)
            .iter()
            .all(|p| p.attr("type") == Some("unavailable")),
        "still invisible after a reload"
    );
}

#[test]
fn idle_time_goes_out_in_presence_and_csi_only_where_offered() {
    let mut server = new_server();
    let mut alice = logged_in(&mut server, "alice", NOW);
    let before = server.received.len();
    alice.client.set_idle(Some(NOW - 300_000));
    alice.client.set_client_active(false);
    pump(&mut server, &mut [&mut alice], NOW + 1);
    let frames: Vec<&String> = server.received[before..].iter().map(|(_, f)| f).collect();
    assert!(
        frames
            .iter()
            .any(|f| f.contains("urn:xmpp:idle:1") && f.contains("since=")),
        "{frames:?}"
    );
    assert!(
        frames
            .iter()
            .any(|f| f.contains("<inactive xmlns=\"urn:xmpp:csi:0\"/>")),
        "{frames:?}"
    );

    // A client without a session sends nothing, and a server without CSI is not sent the
    // nonza (it would be a stream error there).
    let mut offline: Client<chat_store::MemoryStore> = Client::new(chat_store::MemoryStore::new());
    offline.set_client_active(true);
    assert_eq!(offline.poll_transmit(), None);
    let mut plain = new_server();
    plain.offer_csi = false;
    let mut alice = logged_in(&mut plain, "alice", NOW);
    let before = plain.received.len();
    alice.client.set_client_active(false);
    pump(&mut plain, &mut [&mut alice], NOW + 1);
    assert!(!plain.received[before..]
        .iter()
        .any(|(_, f)| f.contains("urn:xmpp:csi:0")));
}
