//! Corrections, retractions and reactions in a group, against the in-process server (which
//! only relays `groupchat` messages to a room's occupants): each reaches every occupant, is
//! applied to the message it names, and is never stored as a message of its own; only a
//! message's author may correct or retract it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

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

fn only(device: &Device, room: &str, stanza_id: &Option<String>) -> Message {
    messages(device, room)
        .into_iter()
        .find(|m| &m.stanza_id == stanza_id)
        .unwrap()
}

/// Alice and Bob in a channel, with one message of Alice's that both have.
fn channel_with_message(server: &mut FakeServer, text: &str) -> (Device, Device, String, Message) {
    let (mut alice, mut bob, room) = alice_and_bob_in_open_channel(server, NOW);
    block_on(
        alice
            .client
            .send_message(&ConversationId::group(&room), text, NOW),
    )
    .unwrap();
    pump(server, &mut [&mut alice, &mut bob], NOW);
    let sent = messages(&alice, &room)
        .into_iter()
        .find(|m| m.body == text)
        .unwrap();
    assert!(
        sent.stanza_id.is_some(),
        "the room's reflection gave it an id"
    );
    (alice, bob, room, sent)
}

#[test]
fn a_correction_reaches_everyone_and_replaces_the_text() {
    let mut server = server();
    let (mut alice, mut bob, room, sent) = channel_with_message(&mut server, "helo all");
    block_on(alice.client.correct_message(
        &ConversationId::group(&room),
        &sent.id,
        "hello all",
        NOW + 1,
    ))
    .unwrap();
    pump(&mut server, &mut [&mut alice, &mut bob], NOW + 1);
    for device in [&alice, &bob] {
        let all = messages(device, &room);
        assert_eq!(
            all.len(),
            1,
            "the correction is not a message of its own: {all:?}"
        );
        assert_eq!(all[0].body, "hello all");
        assert!(all[0].meta.edited_at.is_some());
    }
}

#[test]
fn reactions_count_once_per_person_and_can_be_taken_back() {
    let mut server = server();
    let (mut alice, mut bob, room, sent) = channel_with_message(&mut server, "lunch?");
    let bobs_copy = only(&bob, &room, &sent.stanza_id);
    block_on(bob.client.react(
        &ConversationId::group(&room),
        &bobs_copy.id,
        vec!["👍".into()],
    ))
    .unwrap();
    pump(&mut server, &mut [&mut alice, &mut bob], NOW);
    let on_alice = only(&alice, &room, &sent.stanza_id);
    assert_eq!(on_alice.meta.reactions.len(), 1);
    assert_eq!(on_alice.meta.reactions[0].sender, "bob");
    assert_eq!(on_alice.meta.reactions[0].emojis, vec!["👍".to_owned()]);
    // Bob's own reaction came back from the room: still one, under his address.
    let on_bob = only(&bob, &room, &sent.stanza_id);
    assert_eq!(
        on_bob.meta.reactions.len(),
        1,
        "{:?}",
        on_bob.meta.reactions
    );
    assert_eq!(on_bob.meta.reactions[0].sender, "bob@localhost");

    block_on(
        bob.client
            .react(&ConversationId::group(&room), &bobs_copy.id, Vec::new()),
    )
    .unwrap();
    pump(&mut server, &mut [&mut alice, &mut bob], NOW);
    for device in [&alice, &bob] {
        assert!(only(device, &room, &sent.stanza_id)
            .meta
            .reactions
            .is_empty());
        assert_eq!(messages(device, &room).len(), 1);
    }
}

#[test]
fn the_author_retracts_for_everyone_and_the_fallback_is_not_a_message() {
    let mut server = server();
    let (mut alice, mut bob, room, sent) = channel_with_message(&mut server, "wrong room");
    block_on(
        alice
            .client
            .retract_message(&ConversationId::group(&room), &sent.id),
    )
    .unwrap();
    pump(&mut server, &mut [&mut alice, &mut bob], NOW);
    for device in [&alice, &bob] {
        let all = messages(device, &room);
        assert_eq!(all.len(), 1, "{all:?}");
        assert!(all[0].meta.retracted && all[0].body.is_empty());
    }
}

#[test]
fn nobody_else_may_correct_or_retract_a_message() {
    let mut server = server();
    let (mut alice, mut bob, room, sent) = channel_with_message(&mut server, "I said this");
    let stanza_id = sent.stanza_id.clone().unwrap();
    let origin_id = sent.origin_id.clone().unwrap();
    // Bob's client sends edits of Alice's message as if they were his own.
    for edit in [
        format!("<replace xmlns='urn:xmpp:message-correct:0' id='{origin_id}'/><body>I never said this</body>"),
        format!("<retract xmlns='urn:xmpp:message-retract:1' id='{stanza_id}'/><body>retracted</body>"),
    ] {
        let forged = format!(
            "<message xmlns='jabber:client' type='groupchat' from='{room}/bob' to='alice@localhost/jibber' id='f1'>{edit}</message>"
        );
        block_on(alice.client.handle_frame(&forged, NOW)).unwrap();
    }
    pump(&mut server, &mut [&mut alice, &mut bob], NOW);
    let all = messages(&alice, &room);
    assert_eq!(all.len(), 1, "no edit is stored as a message: {all:?}");
    assert_eq!(all[0].body, "I said this");
    assert!(!all[0].meta.retracted);
}

#[test]
fn an_unconfirmed_message_cannot_be_retracted_yet() {
    let mut server = server();
    let (mut alice, _bob, room) = alice_and_bob_in_open_channel(&mut server, NOW);
    block_on(
        alice
            .client
            .send_message(&ConversationId::group(&room), "in flight", NOW),
    )
    .unwrap();
    // Not pumped: the room has not reflected it, so it has no id everyone shares.
    let pending = messages(&alice, &room)
        .into_iter()
        .find(|m| m.body == "in flight")
        .unwrap();
    assert!(block_on(
        alice
            .client
            .retract_message(&ConversationId::group(&room), &pending.id)
    )
    .is_err());
}
