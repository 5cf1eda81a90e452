//! Moderation (XEP-0425) against the in-process server: a moderator removes someone's message
//! for everyone, a participant cannot, and only the room's own announcement counts.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use chat_client::{ClientEvent, Notice};
use chat_store::{ConversationId, Message};
use futures::executor::block_on;
use support::server::FakeServer;
use support::{alice_and_bob_in_open_channel, pump, server_with, stored_messages, Device};

const NOW: u64 = 1_790_000_000_000;

fn server() -> FakeServer {
    server_with(&["alice", "bob"])
}

fn messages(device: &Device, room: &str) -> Vec<Message> {
    stored_messages(device, &ConversationId::group(room))
}

/// Bob writes `text` in the room; returns Alice's copy (with the room's id).
fn bob_says(
    server: &mut FakeServer,
    alice: &mut Device,
    bob: &mut Device,
    room: &str,
    text: &str,
) -> Message {
    block_on(
        bob.client
            .send_message(&ConversationId::group(room), text, NOW),
    )
    .unwrap();
    pump(server, &mut [alice, bob], NOW);
    messages(alice, room)
        .into_iter()
        .find(|m| m.body == text)
        .unwrap()
}

/// Alice, the room's moderator, removes `message` for everyone with the reason "spam".
fn alice_removes_as_spam(
    server: &mut FakeServer,
    alice: &mut Device,
    bob: &mut Device,
    room: &str,
    message: &Message,
) {
    block_on(
        alice
            .client
            .moderate_message(room, &message.id, Some("spam"), NOW),
    )
    .unwrap();
    pump(server, &mut [alice, bob], NOW);
}

#[test]
fn a_moderator_removes_a_message_for_everyone() {
    let mut server = server();
    let (mut alice, mut bob, room) = alice_and_bob_in_open_channel(&mut server, NOW);
    let spam = bob_says(&mut server, &mut alice, &mut bob, &room, "buy cheap pills");
    bob_says(&mut server, &mut alice, &mut bob, &room, "sorry");

    // Bob is no moderator: the room refuses, and he is told why.
    let bobs_copy = messages(&bob, &room)
        .into_iter()
        .find(|m| m.body == "sorry")
        .unwrap();
    bob.take_events();
    block_on(bob.client.moderate_message(&room, &bobs_copy.id, None, NOW)).unwrap();
    pump(&mut server, &mut [&mut alice, &mut bob], NOW);
    assert!(bob.take_events().iter().any(|e| matches!(
        e,
        ClientEvent::Notice(Notice::MessageNotRemoved {
            why: chat_client::GroupRefusal::Forbidden,
            ..
        })
    )));

    alice_removes_as_spam(&mut server, &mut alice, &mut bob, &room, &spam);
    for device in [&alice, &bob] {
        let all = messages(device, &room);
        let removed = all.iter().find(|m| m.stanza_id == spam.stanza_id).unwrap();
        assert!(removed.meta.retracted && removed.body.is_empty());
        assert_eq!(removed.meta.moderated.as_deref(), Some("spam"));
        assert!(all.iter().any(|m| m.body == "sorry"), "other messages stay");
        assert!(
            !all.iter()
                .any(|m| m.body.contains("removed by a moderator")),
            "the announcement's fallback body is not stored as a message"
        );
    }
}

#[test]
fn only_the_room_may_announce_a_moderation() {
    let mut server = server();
    let (mut alice, mut bob, room) = alice_and_bob_in_open_channel(&mut server, NOW);
    block_on(
        alice
            .client
            .send_message(&ConversationId::group(&room), "keep me", NOW),
    )
    .unwrap();
    pump(&mut server, &mut [&mut alice, &mut bob], NOW);
    let kept = messages(&bob, &room)
        .into_iter()
        .find(|m| m.body == "keep me")
        .unwrap();
    let forged = format!(
        "<message xmlns='jabber:client' type='groupchat' from='{room}/alice' to='bob@localhost'><retract id='{}' xmlns='urn:xmpp:message-retract:1'><moderated xmlns='urn:xmpp:message-moderate:1'/></retract></message>",
        kept.stanza_id.clone().unwrap()
    );
    block_on(bob.client.handle_frame(&forged, NOW)).unwrap();
    let after = messages(&bob, &room);
    assert!(after
        .iter()
        .any(|m| m.body == "keep me" && !m.meta.retracted));
    // A message this device does not know (no archive id) cannot be removed.
    assert!(block_on(
        alice
            .client
            .moderate_message(&room, "no-such-id", None, NOW)
    )
    .is_err());
}

#[test]
fn a_removal_in_the_rooms_history_applies_on_a_device_catching_up() {
    let mut server = server_with(&["alice", "bob", "carol"]);
    let (mut alice, mut bob, room) = alice_and_bob_in_open_channel(&mut server, NOW);
    let spam = bob_says(&mut server, &mut alice, &mut bob, &room, "buy cheap pills");
    alice_removes_as_spam(&mut server, &mut alice, &mut bob, &room, &spam);

    // Carol joins afterwards: she reads the message and its removal from the room's archive.
    let mut carol = support::logged_in(&mut server, "carol", NOW + 1);
    block_on(carol.client.join_room(&room, None, None, NOW + 1)).unwrap();
    pump(
        &mut server,
        &mut [&mut alice, &mut bob, &mut carol],
        NOW + 1,
    );
    let history = messages(&carol, &room);
    let removed = history
        .iter()
        .find(|m| m.stanza_id == spam.stanza_id)
        .expect("the message came from the archive");
    assert!(
        removed.meta.retracted && removed.body.is_empty(),
        "{removed:?}"
    );
    assert_eq!(removed.meta.moderated.as_deref(), Some("spam"));
    assert!(
        !history
            .iter()
            .any(|m| m.body.contains("removed by a moderator")),
        "the announcement is not a message: {history:?}"
    );
}
