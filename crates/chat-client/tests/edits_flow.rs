//! Changing messages after sending: corrections (encrypted in encrypted chats), retractions and
//! reactions reach the other side; nobody but the sender may correct or retract a message.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use chat_store::{ConversationId, Direction, Message, Store};
use futures::executor::block_on;
use support::server::FakeServer;
use support::{alice_and_bob, pump, server_with_friends, Device};

const NOW: u64 = 1_790_000_000_000;

fn chat(peer: &str) -> ConversationId {
    ConversationId::direct(format!("{peer}@localhost"))
}

fn find(device: &Device, peer: &str, direction: Direction) -> Vec<Message> {
    block_on(device.store.messages(&chat(peer), None, 100))
        .unwrap()
        .messages
        .into_iter()
        .filter(|m| m.direction == direction)
        .collect()
}

fn alice_frames(server: &FakeServer, alice: &Device) -> String {
    let conn = alice.conn.unwrap();
    server
        .received
        .iter()
        .filter(|(c, _)| *c == conn)
        .map(|(_, f)| f.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn corrections_retractions_and_reactions_reach_the_other_side() {
    let mut server = server_with_friends();
    let (mut alice, mut bob) = alice_and_bob(&mut server, NOW);
    let first = block_on(alice.client.send_message(&chat("bob"), "helo", NOW + 1)).unwrap();
    let second = block_on(
        alice
            .client
            .send_message(&chat("bob"), "see you at 5", NOW + 2),
    )
    .unwrap();
    pump(&mut server, &mut [&mut alice, &mut bob], NOW + 2);
    assert_eq!(find(&bob, "alice", Direction::In).len(), 2);

    block_on(
        alice
            .client
            .correct_message(&chat("bob"), &first.id, "hello there", NOW + 3),
    )
    .unwrap();
    pump(&mut server, &mut [&mut alice, &mut bob], NOW + 3);
    let at_bob = find(&bob, "alice", Direction::In);
    assert_eq!(at_bob[0].body, "hello there");
    assert!(at_bob[0].meta.edited_at.is_some());
    assert_eq!(
        find(&bob, "alice", Direction::In).len(),
        2,
        "a correction is not a new message"
    );
    assert!(
        !alice_frames(&server, &alice).contains("hello there"),
        "the corrected text is encrypted"
    );
    assert_eq!(find(&alice, "bob", Direction::Out)[0].body, "hello there");

    // Bob cannot rewrite or retract what alice wrote, even naming her message's id.
    let forged = format!(
        "<message xmlns='jabber:client' from='bob@localhost/x' to='alice@localhost' type='chat' id='f1'><body>I owe bob 100</body><replace xmlns='urn:xmpp:message-correct:0' id='{}'/></message>",
        first.id
    );
    server.deliver_raw(alice.conn.unwrap(), &forged);
    pump(&mut server, &mut [&mut alice, &mut bob], NOW + 4);
    assert_eq!(find(&alice, "bob", Direction::Out)[0].body, "hello there");
    assert!(
        find(&alice, "bob", Direction::In).is_empty(),
        "the forged correction is not stored as a message either"
    );

    bob.take_events();
    let bobs_copy = find(&bob, "alice", Direction::In)[1].clone();
    block_on(bob.client.react(
        &chat("alice"),
        &bobs_copy.id,
        vec!["👍".into(), "👍".into(), "🎉".into()],
    ))
    .unwrap();
    pump(&mut server, &mut [&mut alice, &mut bob], NOW + 5);
    let reacted = find(&alice, "bob", Direction::Out)[1].clone();
    assert_eq!(reacted.meta.reactions.len(), 1);
    assert_eq!(reacted.meta.reactions[0].sender, "bob@localhost");
    assert_eq!(reacted.meta.reactions[0].emojis, ["👍", "🎉"]);
    block_on(bob.client.react(&chat("alice"), &bobs_copy.id, vec![])).unwrap();
    pump(&mut server, &mut [&mut alice, &mut bob], NOW + 6);
    assert!(
        find(&alice, "bob", Direction::Out)[1]
            .meta
            .reactions
            .is_empty(),
        "an empty set takes them back"
    );

    block_on(alice.client.retract_message(&chat("bob"), &second.id)).unwrap();
    pump(&mut server, &mut [&mut alice, &mut bob], NOW + 7);
    let gone = find(&bob, "alice", Direction::In)[1].clone();
    assert!(gone.meta.retracted && gone.body.is_empty(), "{gone:?}");
    assert!(
        block_on(bob.client.retract_message(&chat("alice"), &gone.id)).is_err(),
        "only own messages"
    );
}
