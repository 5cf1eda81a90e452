//! Sharing files: the upload service is found through disco, slots are asked for (and refused
//! above the server's limit), and a shared file's link goes out with XEP-0066 so other clients
//! show the file.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use chat_client::ClientEvent;
use chat_store::{ConversationId, EncryptionPreference};
use futures::executor::block_on;
use support::server::upload::UPLOAD_LIMIT;
use support::{alice_and_bob, pump, server_with_friends};

const NOW: u64 = 1_790_000_000_000;

#[test]
fn the_upload_service_is_found_and_grants_slots_within_its_limit() {
    let mut server = server_with_friends();
    let (mut alice, mut bob) = alice_and_bob(&mut server, NOW);
    assert!(
        alice.events.iter().any(|e| matches!(
            e,
            ClientEvent::UploadAvailable {
                max_bytes: Some(UPLOAD_LIMIT)
            }
        )),
        "{:?}",
        alice.events
    );

    let request = alice
        .client
        .request_upload_slot("cat/../photo.png", 10, Some("image/png".into()), NOW + 1)
        .unwrap();
    pump(&mut server, &mut [&mut alice, &mut bob], NOW + 1);
    let slot = alice.take_events().into_iter().find_map(|e| match e {
        ClientEvent::UploadSlot { request: r, slot } if r == request => Some(slot),
        _ => None,
    });
    let slot = slot.expect("an answer").expect("a slot");
    assert!(
        slot.get_url.ends_with("/cat..photo.png"),
        "path separators are taken out of the name: {}",
        slot.get_url
    );
    assert_eq!(
        slot.put_headers,
        vec![("Authorization".to_owned(), "Bearer t".to_owned())]
    );
    let too_big = alice
        .client
        .request_upload_slot("film.mp4", UPLOAD_LIMIT + 1, None, NOW + 2)
        .unwrap_err();
    assert!(too_big.to_string().contains("too large"), "{too_big}");

    // In plaintext chats the link goes with out-of-band data.
    let chat = ConversationId::direct("bob@localhost".to_owned());
    block_on(
        alice
            .client
            .set_encryption(&chat, EncryptionPreference::Off),
    )
    .unwrap();
    assert!(!block_on(alice.client.shares_encrypted(&chat)).unwrap());
    block_on(alice.client.send_message(&chat, &slot.get_url, NOW + 3)).unwrap();
    pump(&mut server, &mut [&mut alice, &mut bob], NOW + 3);
    let sent = server
        .received
        .iter()
        .map(|(_, f)| f.as_str())
        .find(|f| f.contains("<body>https://"))
        .expect("the link was sent");
    assert!(
        sent.contains("jabber:x:oob") && sent.contains(&format!("<url>{}</url>", slot.get_url)),
        "{sent}"
    );

    // With encryption on (automatic, bob has OMEMO), files are encrypted before upload.
    block_on(
        alice
            .client
            .set_encryption(&chat, EncryptionPreference::Auto),
    )
    .unwrap();
    assert!(block_on(alice.client.shares_encrypted(&chat)).unwrap());
}
