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

#[test]
fn a_moderator_removes_a_message_for_everyone() {
    let mut server = server();
    let (mut alice, mut bob, room) = alice_and_bob_in_open_channel(&mut server, NOW);
    block_on(
        bob.client
            .send_message(&ConversationId::group(&room), "buy cheap pills", NOW),
    )
    .unwrap();
    block_on(
        bob.client
            .send_message(&ConversationId::group(&room), "sorry", NOW),
    )
    .unwrap();
    pump(&mut server, &mut [&mut alice, &mut bob], NOW);
    let spam = messages(&alice, &room)
        .into_iter()
        .find(|m| m.body == "buy cheap pills")
        .unwrap();

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

    block_on(
        alice
            .client
            .moderate_message(&room, &spam.id, Some("spam"), NOW),
    )
    .unwrap();
    pump(&mut server, &mut [&mut alice, &mut bob], NOW);
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
