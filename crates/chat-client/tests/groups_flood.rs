//! A presence flood: 5,000 occupants joining a room arrive in the driver's batches of frames,
//! and the UI hears about the room and its occupants once per batch, not once per presence.
//! Hostile nicks in the flood come out cleaned.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use chat_client::{ClientEvent, GroupPreset};
use futures::executor::block_on;
use support::server::FakeServer;
use support::{logged_in, pump};

const NOW: u64 = 1_790_000_000_000;
const FLOOD: usize = 5_000;
/// Frames the browser driver hands over at once (`web::driver`).
const BATCH: usize = 200;

#[test]
fn five_thousand_presences_make_a_bounded_number_of_ui_events() {
    let mut server = FakeServer::new("localhost");
    server.add_account("alice", "alice-pass");
    let mut alice = logged_in(&mut server, "alice", NOW);
    let preset = GroupPreset::PublicChannel {
        only_owners_write: false,
    };
    let room = block_on(alice.client.create_group(
        "Big",
        Some("big@conference.localhost"),
        preset,
        NOW,
    ))
    .unwrap();
    pump(&mut server, &mut [&mut alice], NOW);
    alice.take_events();

    let frames: Vec<String> = (0..FLOOD)
        .map(|i| {
            let nick = if i == 0 {
                // A hostile nick: markup, very long. (Bidi overrides and control characters
                // are refused by the JID rules before any nick is read; see below.)
                format!("<b>evil</b>{}", "x".repeat(900))
            } else {
                format!("guest{i}")
            };
            let nick = nick.replace('<', "&lt;");
            format!("<presence xmlns='jabber:client' from='{room}/{nick}' to='alice@localhost/jibber'><x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='none' role='participant'/></x></presence>")
        })
        .collect();
    for batch in frames.chunks(BATCH) {
        block_on(
            alice
                .client
                .handle_frames(batch.iter().map(String::as_str), NOW),
        )
        .unwrap();
    }
    let events = alice.take_events();
    let occupant_events = events
        .iter()
        .filter(|e| matches!(e, ClientEvent::Occupants { .. }))
        .count();
    let room_events = events
        .iter()
        .filter(|e| matches!(e, ClientEvent::Rooms(_)))
        .count();
    let batches = FLOOD.div_ceil(BATCH);
    assert!(
        occupant_events <= batches,
        "{occupant_events} occupant updates for {batches} batches"
    );
    assert!(
        room_events <= batches,
        "{room_events} room updates for {batches} batches"
    );
    assert!(occupant_events > 0);

    let (shown, total) = alice.client.occupants(&room);
    assert_eq!(total, FLOOD + 1, "everyone and alice");
    assert!(shown.len() <= chat_client::OCCUPANTS_SHOWN);
    let evil = shown.iter().find(|o| o.nick.contains("evil")).unwrap();
    let cleaned = chat_client::clean_nick("\u{202e}evil\u{85}\u{7}nick");
    assert_eq!(
        cleaned, "evilnick",
        "bidi overrides and control characters are dropped"
    );
    assert!(evil.nick.chars().count() <= 64, "long nicks are cut");
    assert!(
        evil.nick.contains("<b>"),
        "markup stays text, for the UI to show as text"
    );
}
