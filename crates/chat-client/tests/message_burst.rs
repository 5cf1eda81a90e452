//! A burst of messages handed over in batches, as the browser driver does: every message is
//! stored exactly once, whether its copy is in the same batch, in an earlier one, comes as a
//! carbon or carries the archive's stanza-id, and the order of arrival is kept.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use chat_store::{ConversationId, Direction, Store};
use futures::executor::block_on;
use support::{logged_in, server_with_friends, Device};

const NOW: u64 = 1_790_000_000_000;

fn bob_chat() -> ConversationId {
    ConversationId::direct("bob@localhost".to_owned())
}

fn from_bob(id: &str, body: &str, extra: &str) -> String {
    format!(
        "<message xmlns='jabber:client' from='bob@localhost/phone' to='alice@localhost' type='chat' id='{id}'>\
         <body>{body}</body>{extra}</message>"
    )
}

fn origin(id: &str) -> String {
    format!("<origin-id xmlns='urn:xmpp:sid:0' id='{id}'/>")
}

fn archived(id: &str) -> String {
    format!("<stanza-id xmlns='urn:xmpp:sid:0' by='alice@localhost' id='{id}'/>")
}

/// A carbon of a message alice sent to bob from another device.
fn sent_carbon(origin_id: &str, body: &str) -> String {
    format!(
        "<message xmlns='jabber:client' from='alice@localhost' to='alice@localhost/jibber' type='chat'>\
         <sent xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'>\
         <message xmlns='jabber:client' from='alice@localhost/laptop' to='bob@localhost' type='chat' id='{origin_id}'>\
         <body>{body}</body>{}</message></forwarded></sent></message>",
        origin(origin_id)
    )
}

fn handle(device: &mut Device, frames: &[String], now: u64) {
    block_on(
        device
            .client
            .handle_frames(frames.iter().map(String::as_str), now),
    )
    .unwrap();
    device.drain_events();
}

fn stored(device: &Device) -> Vec<(Direction, String)> {
    block_on(device.store.messages(&bob_chat(), None, 1_000))
        .unwrap()
        .messages
        .into_iter()
        .map(|m| (m.direction, m.body))
        .collect()
}

#[test]
fn copies_within_a_batch_and_across_batches_are_stored_once() {
    let mut server = server_with_friends();
    let mut alice = logged_in(&mut server, "alice", NOW);

    let mut first: Vec<String> = (0..50)
        .map(|n| from_bob(&format!("m{n}"), &format!("burst {n}"), ""))
        .collect();
    // Copies inside the batch: the same stanza id, the same origin-id, the same archive id.
    first.push(from_bob("m7", "burst 7", ""));
    first.push(from_bob("o1", "with origin", &origin("origin-1")));
    first.push(from_bob("o1-again", "with origin", &origin("origin-1")));
    first.push(from_bob("a1", "archived", &archived("archive-1")));
    first.push(from_bob("a1-again", "archived", &archived("archive-1")));
    first.push(sent_carbon("mine-1", "from my laptop"));
    first.push(sent_carbon("mine-1", "from my laptop"));
    handle(&mut alice, &first, NOW + 1);

    let mut expected: Vec<(Direction, String)> = (0..50)
        .map(|n| (Direction::In, format!("burst {n}")))
        .collect();
    expected.push((Direction::In, "with origin".to_owned()));
    expected.push((Direction::In, "archived".to_owned()));
    expected.push((Direction::Out, "from my laptop".to_owned()));
    assert_eq!(stored(&alice), expected, "the first batch, each once");

    // The next batch repeats what the first stored, by every kind of id, between new ones.
    let second = vec![
        from_bob("m50", "burst 50", ""),
        from_bob("m3", "burst 3", ""),
        from_bob("o1-third", "with origin", &origin("origin-1")),
        from_bob("a1-third", "archived", &archived("archive-1")),
        sent_carbon("mine-1", "from my laptop"),
        from_bob("m51", "burst 51", ""),
    ];
    handle(&mut alice, &second, NOW + 2);
    expected.push((Direction::In, "burst 50".to_owned()));
    expected.push((Direction::In, "burst 51".to_owned()));
    assert_eq!(stored(&alice), expected, "copies from an earlier batch");

    // One frame alone takes the one-by-one check: still nothing doubled.
    handle(&mut alice, &[from_bob("m51", "burst 51", "")], NOW + 3);
    handle(&mut alice, &[from_bob("m52", "burst 52", "")], NOW + 3);
    expected.push((Direction::In, "burst 52".to_owned()));
    assert_eq!(stored(&alice), expected, "single frames");
}
