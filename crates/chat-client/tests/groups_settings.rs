//! An owner's room settings against the in-process server: the form arrives whole, edited
//! values are saved and the room's name follows, a non-owner's save is refused in words.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use chat_client::{ClientEvent, RoomSettings};
use support::{alice_and_bob_in_open_channel, pump, server_with, Device};

const NOW: u64 = 1_790_000_000_000;
const NAME: &str = "muc#roomconfig_roomname";

fn last_settings(device: &mut Device) -> RoomSettings {
    device
        .take_events()
        .into_iter()
        .rev()
        .find_map(|e| match e {
            ClientEvent::RoomSettings { settings, .. } => Some(settings),
            _ => None,
        })
        .expect("a settings event")
}

#[test]
fn an_owner_edits_the_servers_form_and_the_name_follows() {
    let mut server = server_with(&["alice", "bob"]);
    let (mut alice, mut bob, room) = alice_and_bob_in_open_channel(&mut server, NOW);

    alice.client.request_room_settings(&room, NOW).unwrap();
    pump(&mut server, &mut [&mut alice, &mut bob], NOW);
    let RoomSettings::Form(mut form) = last_settings(&mut alice) else {
        panic!("alice should get the form");
    };
    assert_eq!(
        form.form_type(),
        Some("http://jabber.org/protocol/muc#roomconfig")
    );
    assert!(form
        .fields
        .iter()
        .any(|f| f.kind == chat_client::FieldKind::Boolean));
    assert!(form.set_text(NAME, "Renamed <b>"));

    alice
        .client
        .submit_room_settings(&room, &form, NOW)
        .unwrap();
    pump(&mut server, &mut [&mut alice, &mut bob], NOW);
    assert_eq!(last_settings(&mut alice), RoomSettings::Saved);
    let name = |device: &Device| {
        device
            .client
            .rooms()
            .into_iter()
            .find(|r| r.jid == room)
            .and_then(|r| r.name)
    };
    assert_eq!(name(&alice).as_deref(), Some("Renamed <b>"));
    assert_eq!(
        name(&bob).as_deref(),
        Some("Renamed <b>"),
        "bob hears status 104 and reads the new name"
    );

    // A cancelled dialog changes nothing and reports nothing.
    alice.client.cancel_room_settings(&room, NOW).unwrap();
    pump(&mut server, &mut [&mut alice, &mut bob], NOW);
    assert!(alice
        .take_events()
        .iter()
        .all(|e| !matches!(e, ClientEvent::RoomSettings { .. })));
    assert_eq!(name(&alice).as_deref(), Some("Renamed <b>"));
}

#[test]
fn a_non_owners_save_is_refused_with_the_reason() {
    let mut server = server_with(&["alice", "bob"]);
    let (mut alice, mut bob, room) = alice_and_bob_in_open_channel(&mut server, NOW);
    bob.client.request_room_settings(&room, NOW).unwrap();
    pump(&mut server, &mut [&mut alice, &mut bob], NOW);
    let RoomSettings::Form(mut form) = last_settings(&mut bob) else {
        panic!("the in-process server hands the form to anyone");
    };
    assert!(form.set_text(NAME, "Hijacked"));
    bob.client.submit_room_settings(&room, &form, NOW).unwrap();
    pump(&mut server, &mut [&mut alice, &mut bob], NOW);
    match last_settings(&mut bob) {
        RoomSettings::Failed(reason) => assert_eq!(
            reason,
            chat_client::SettingsProblem::NotSaved(chat_client::Refusal::Error {
                condition: "forbidden".into(),
                text: None
            })
        ),
        other => panic!("bob's save should be refused: {other:?}"),
    }
    assert!(bob.client.request_room_settings("not a room", NOW).is_err());
}
