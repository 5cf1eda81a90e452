//! Private messages to occupants (XEP-0045 §7.5) against the in-process server: each is its own
//! direct chat with the occupant's full JID, sent as plaintext `type='chat'` with `muc#user`,
//! and answers land in the same chat.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use chat_client::{private_chat_id, private_chat_occupant};
use chat_store::{ConversationId, DeliveryState, Direction, Message, MessageEncryption};
use futures::executor::block_on;
use support::server::FakeServer;
use support::{
    alice_and_bob_in_open_channel, frames_from, pump, server_with, stored_messages, Device,
};

const NOW: u64 = 1_790_000_000_000;

fn server() -> FakeServer {
    server_with(&["alice", "bob"])
}

fn messages(device: &Device, id: &ConversationId) -> Vec<Message> {
    stored_messages(device, id)
}

#[test]
fn a_private_message_is_its_own_chat_with_the_occupant_both_ways() {
    let mut server = server();
    let (mut alice, mut bob, room) = alice_and_bob_in_open_channel(&mut server, NOW);
    let to_bob = block_on(alice.client.open_private_chat(&room, "bob")).unwrap();
    assert_eq!(to_bob, ConversationId::direct(format!("{room}/bob")));
    assert_eq!(
        private_chat_occupant(&to_bob).unwrap().to_string(),
        format!("{room}/bob")
    );
    assert!(private_chat_occupant(&ConversationId::direct("bob@localhost")).is_none());

    block_on(alice.client.send_message(&to_bob, "psst, bob", NOW)).unwrap();
    pump(&mut server, &mut [&mut alice, &mut bob], NOW);
    let sent = frames_from(&server, alice.conn.unwrap())
        .into_iter()
        .find(|f| f.contains("psst, bob"))
        .unwrap()
        .to_owned();
    assert!(
        sent.contains("type=\"chat\"") || sent.contains("type='chat'"),
        "{sent}"
    );
    assert!(
        sent.contains("http://jabber.org/protocol/muc#user"),
        "{sent}"
    );
    assert!(
        !sent.contains("encrypted"),
        "private messages are plaintext: {sent}"
    );

    let from_alice = ConversationId::direct(format!("{room}/alice"));
    let got = messages(&bob, &from_alice);
    assert_eq!(
        got.len(),
        1,
        "bob has the message in his chat with alice in the room"
    );
    assert_eq!(got[0].body, "psst, bob");
    assert_eq!(got[0].direction, Direction::In);
    assert_eq!(got[0].encryption, MessageEncryption::Plain);
    assert!(
        messages(&bob, &ConversationId::group(room.clone())).is_empty(),
        "not in the room's timeline"
    );
    assert!(messages(&bob, &ConversationId::direct("alice@localhost")).is_empty());

    block_on(bob.client.send_message(&from_alice, "hi alice", NOW)).unwrap();
    pump(&mut server, &mut [&mut alice, &mut bob], NOW);
    let chat = messages(&alice, &to_bob);
    assert_eq!(chat.len(), 2);
    assert_eq!(chat[1].body, "hi alice");
    assert_eq!(chat[1].direction, Direction::In);
    assert_eq!(chat[0].state, DeliveryState::Sent);
}

#[test]
fn private_chats_need_a_valid_nick_and_the_room_joined() {
    let mut server = server();
    let (mut alice, mut bob, room) = alice_and_bob_in_open_channel(&mut server, NOW);
    assert!(private_chat_id("not a room", "bob").is_err());
    assert!(private_chat_id(&room, "").is_err());

    block_on(bob.client.leave_room(&room, NOW)).unwrap();
    pump(&mut server, &mut [&mut alice, &mut bob], NOW);
    let to_alice = block_on(bob.client.open_private_chat(&room, "alice")).unwrap();
    let sent = block_on(bob.client.send_message(&to_alice, "still there?", NOW)).unwrap();
    assert!(
        matches!(
            &sent.state,
            DeliveryState::Failed(reason) if **reason == chat_store::Stored::Code(
                chat_store::SendFailure::RejoinForPrivate
            )
        ),
        "{:?}",
        sent.state
    );
}
