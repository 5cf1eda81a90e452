//! Replies (XEP-0461) against the in-process server: encrypted and plain 1:1 replies, replies
//! in groups (the room's stanza-id and the author's nick), and what other clients may send:
//! valid fallbacks are stripped, hostile ones leave the body whole.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use chat_store::{ConversationId, Direction, EncryptionPreference, Message, Store};
use futures::executor::block_on;
use support::server::FakeServer;
use support::{
    alice_and_bob, alice_and_bob_in_open_channel, frames_from, pump, server_with_friends, Device,
};

const NOW: u64 = 1_790_000_000_000;

fn chat(peer: &str) -> ConversationId {
    ConversationId::direct(format!("{peer}@localhost"))
}

fn messages(device: &Device, conversation: &ConversationId) -> Vec<Message> {
    block_on(device.store.messages(conversation, None, 100))
        .unwrap()
        .messages
}

fn only(device: &Device, conversation: &ConversationId, body: &str) -> Message {
    let found: Vec<Message> = messages(device, conversation)
        .into_iter()
        .filter(|m| m.body == body)
        .collect();
    assert_eq!(
        found.len(),
        1,
        "one {body:?} in {:?}",
        messages(device, conversation)
    );
    found.into_iter().next().unwrap()
}

#[test]
fn an_encrypted_reply_names_the_original_and_hides_it_from_the_server() {
    let mut server = server_with_friends();
    let (mut alice, mut bob) = alice_and_bob(&mut server, NOW);
    let question = block_on(
        alice
            .client
            .send_message(&chat("bob"), "cake tonight?", NOW + 1),
    )
    .unwrap();
    pump(&mut server, &mut [&mut alice, &mut bob], NOW + 1);
    let at_bob = only(&bob, &chat("alice"), "cake tonight?");
    assert!(matches!(
        at_bob.encryption,
        chat_store::MessageEncryption::Omemo { .. }
    ));

    block_on(
        bob.client
            .send_reply(&chat("alice"), "yes please", &at_bob.id, NOW + 2),
    )
    .unwrap();
    pump(&mut server, &mut [&mut alice, &mut bob], NOW + 2);

    let reply = only(&alice, &chat("bob"), "yes please");
    assert_eq!(reply.direction, Direction::In);
    let to = reply
        .meta
        .reply
        .as_ref()
        .expect("the reply says what it answers");
    assert!(question.has_id(&to.id), "{to:?} names alice's message");
    assert_eq!(to.author.as_deref(), Some("alice@localhost"));
    assert_eq!(
        to.quote, "cake tonight?",
        "the quote comes from inside the encryption"
    );
    let own = only(&bob, &chat("alice"), "yes please");
    assert_eq!(
        own.meta.reply.as_ref().map(|r| r.id.as_str()),
        Some(to.id.as_str())
    );
    let sent = frames_from(&server, bob.conn.unwrap()).join("\n");
    assert!(!sent.contains("cake tonight?"), "the quote is encrypted");
    assert!(
        !sent.contains("urn:xmpp:reply:0"),
        "so is what it replies to"
    );
}

#[test]
fn a_plain_reply_carries_the_reply_element_and_the_quote_fallback() {
    let mut server = server_with_friends();
    let (mut alice, mut bob) = alice_and_bob(&mut server, NOW);
    for device in [&mut alice, &mut bob] {
        let peer = if device.client.account().unwrap().jid.starts_with("alice") {
            "bob"
        } else {
            "alice"
        };
        block_on(
            device
                .client
                .set_encryption(&chat(peer), EncryptionPreference::Off),
        )
        .unwrap();
    }
    block_on(
        alice
            .client
            .send_message(&chat("bob"), "line one\nline two", NOW + 1),
    )
    .unwrap();
    pump(&mut server, &mut [&mut alice, &mut bob], NOW + 1);
    let original = only(&bob, &chat("alice"), "line one\nline two");
    block_on(
        bob.client
            .send_reply(&chat("alice"), "both lines?", &original.id, NOW + 2),
    )
    .unwrap();
    pump(&mut server, &mut [&mut alice, &mut bob], NOW + 2);
    let sent = frames_from(&server, bob.conn.unwrap()).join("\n");
    assert!(
        sent.contains("&gt; line one\n&gt; line two\nboth lines?")
            || sent.contains("> line one\n> line two\nboth lines?"),
        "{sent}"
    );
    assert!(sent.contains("urn:xmpp:reply:0") && sent.contains("urn:xmpp:fallback:0"));
    let reply = only(&alice, &chat("bob"), "both lines?");
    assert_eq!(reply.meta.reply.unwrap().quote, "line one\nline two");
}

#[test]
fn other_clients_replies_are_stripped_only_when_their_fallback_is_valid() {
    let mut server = server_with_friends();
    let (mut alice, mut bob) = alice_and_bob(&mut server, NOW);
    let conn = alice.conn.unwrap();
    let stanza = |id: &str, body: &str, range: &str| {
        format!(
            "<message xmlns='jabber:client' from='bob@localhost/phone' to='alice@localhost' type='chat' id='{id}'><body>{body}</body><reply xmlns='urn:xmpp:reply:0' to='alice@localhost/web' id='unknown-1'/><fallback xmlns='urn:xmpp:fallback:0' for='urn:xmpp:reply:0'>{range}</fallback></message>"
        )
    };
    server.deliver_raw(
        conn,
        &stanza("r1", "&gt; what time?\n8pm", "<body start='0' end='13'/>"),
    );
    server.deliver_raw(
        conn,
        &stanza(
            "r2",
            "&gt; q\nhostile",
            "<body start='0' end='4000000000'/>",
        ),
    );
    server.deliver_raw(
        conn,
        &stanza("r3", "&gt; q\nreversed", "<body start='5' end='1'/>"),
    );
    server.deliver_raw(
        conn,
        &stanza("r4", "&gt; only a quote\n", "<body start='0' end='17'/>"),
    );
    pump(&mut server, &mut [&mut alice, &mut bob], NOW + 1);

    let valid = only(&alice, &chat("bob"), "8pm");
    let to = valid.meta.reply.clone().unwrap();
    assert_eq!(to.id, "unknown-1");
    assert_eq!(
        to.quote, "what time?",
        "the original is not here: its quote is kept"
    );
    // A correction of the reply quotes the original again; only the new text replaces it.
    server.deliver_raw(conn, "<message xmlns='jabber:client' from='bob@localhost/phone' to='alice@localhost' type='chat' id='r5'><body>&gt; what time?\n9pm</body><replace xmlns='urn:xmpp:message-correct:0' id='r1'/><reply xmlns='urn:xmpp:reply:0' id='unknown-1'/><fallback xmlns='urn:xmpp:fallback:0' for='urn:xmpp:reply:0'><body start='0' end='13'/></fallback></message>");
    pump(&mut server, &mut [&mut alice, &mut bob], NOW + 2);
    let corrected = only(&alice, &chat("bob"), "9pm");
    assert_eq!(corrected.id, valid.id);
    assert_eq!(corrected.meta.reply.unwrap().quote, "what time?");
    for body in ["> q\nhostile", "> q\nreversed", "> only a quote\n"] {
        let whole = only(&alice, &chat("bob"), body);
        assert_eq!(
            whole.meta.reply.unwrap().quote,
            "",
            "{body:?} is shown whole"
        );
    }
}

#[test]
fn in_a_group_a_reply_names_the_rooms_id_and_the_authors_nick() {
    let mut server = FakeServer::new("localhost");
    for user in ["alice", "bob"] {
        server.add_account(user, &format!("{user}-pass"));
    }
    let (mut alice, mut bob, room) = alice_and_bob_in_open_channel(&mut server, NOW);
    let group = ConversationId::group(room.clone());
    block_on(
        alice
            .client
            .send_message(&group, "who brings cake?", NOW + 1),
    )
    .unwrap();
    pump(&mut server, &mut [&mut alice, &mut bob], NOW + 1);
    let at_bob = only(&bob, &group, "who brings cake?");
    let room_id = at_bob.stanza_id.clone().expect("the room gave it an id");

    block_on(bob.client.send_reply(&group, "me", &at_bob.id, NOW + 2)).unwrap();
    pump(&mut server, &mut [&mut alice, &mut bob], NOW + 2);
    let sent = frames_from(&server, bob.conn.unwrap()).join("\n");
    assert!(
        sent.contains(&format!("to='{room}/{}'", at_bob.sender))
            || sent.contains(&format!("to=\"{room}/{}\"", at_bob.sender)),
        "{sent}"
    );
    let reply = only(&alice, &group, "me");
    let to = reply.meta.reply.unwrap();
    assert_eq!(to.id, room_id);
    assert_eq!(to.author.as_deref(), Some(at_bob.sender.as_str()));
    let original = only(&alice, &group, "who brings cake?");
    assert!(
        original.has_id(&to.id),
        "alice finds her message by the room's id"
    );
}
