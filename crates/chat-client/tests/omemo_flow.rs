//! OMEMO between Jibber clients through the in-process server: keys published over PEP,
//! messages encrypted once device lists and bundles are fetched, decrypted on the other side,
//! on the sender's other device (carbons) and after a reload; the server only sees
//! ciphertext; a chat with encryption on never falls back to plaintext.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use chat_client::Trust;
use chat_store::{
    ConversationId, DeliveryState, Direction, EncryptionPreference, Message, MessageEncryption,
    Store,
};
use futures::executor::block_on;
use support::server::FakeServer;
use support::{alice_and_bob, logged_in, pump, server_with_friends, Device};

const NOW: u64 = 1_790_000_000_000;
const LEGACY_DEVICES: &str = "eu.siacs.conversations.axolotl.devicelist";
const OMEMO2_DEVICES: &str = "urn:xmpp:omemo:2:devices";

fn chat(peer: &str) -> ConversationId {
    ConversationId::direct(format!("{peer}@localhost"))
}

fn messages(device: &Device, peer: &str) -> Vec<Message> {
    block_on(device.store.messages(&chat(peer), None, 1000))
        .unwrap()
        .messages
}

fn send(device: &mut Device, peer: &str, body: &str, now: u64) -> Message {
    block_on(device.client.send_message(&chat(peer), body, now)).unwrap()
}

fn frames_of(server: &FakeServer, device: &Device) -> String {
    let conn = device.conn.unwrap();
    server
        .received
        .iter()
        .filter(|(c, _)| *c == conn)
        .map(|(_, f)| f.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

fn assert_encrypted_in(device: &Device, peer: &str, body: &str) {
    let found = messages(device, peer)
        .into_iter()
        .find(|m| m.body == body)
        .unwrap_or_else(|| panic!("{body:?} missing: {:?}", messages(device, peer)));
    assert!(
        matches!(found.encryption, MessageEncryption::Omemo { .. }),
        "{found:?}"
    );
}

#[test]
fn two_clients_publish_keys_and_talk_encrypted_without_plaintext_on_the_wire() {
    let mut server = server_with_friends();
    let (mut alice, mut bob) = alice_and_bob(&mut server, NOW);
    let alice_id = alice.client.own_omemo_device().unwrap().device_id;
    let legacy_list = server.pep_items("alice@localhost", LEGACY_DEVICES);
    assert_eq!(legacy_list.len(), 1);
    assert!(
        legacy_list[0]
            .to_xml()
            .contains(&format!("id=\"{alice_id}\"")),
        "{}",
        legacy_list[0].to_xml()
    );
    assert_eq!(server.pep_items("alice@localhost", OMEMO2_DEVICES).len(), 1);
    assert_eq!(
        server
            .pep_items("bob@localhost", "urn:xmpp:omemo:2:bundles")
            .len(),
        1
    );

    let sent = send(&mut alice, "bob", "the secret plan", NOW + 1);
    assert_eq!(sent.state, DeliveryState::Pending, "waits for bob's keys");
    pump(&mut server, &mut [&mut alice, &mut bob], NOW + 1);
    assert_encrypted_in(&bob, "alice", "the secret plan");
    assert_encrypted_in(&alice, "bob", "the secret plan");
    assert!(
        !frames_of(&server, &alice).contains("secret plan"),
        "plaintext left alice's device"
    );
    assert!(
        frames_of(&server, &alice).contains("urn:xmpp:omemo:2"),
        "bob has OMEMO 2, so it is preferred"
    );

    send(&mut bob, "alice", "understood", NOW + 2);
    pump(&mut server, &mut [&mut alice, &mut bob], NOW + 2);
    assert_encrypted_in(&alice, "bob", "understood");
    assert!(!frames_of(&server, &bob).contains("understood"));
    let bob_devices = alice.client.omemo_devices("bob@localhost");
    assert_eq!(bob_devices.len(), 1);
    assert_eq!(
        bob_devices[0].trust,
        Some(Trust::Trusted),
        "blind trust before verification"
    );
    assert_eq!(
        bob_devices[0].fingerprint,
        bob.client.own_omemo_device().unwrap().fingerprint
    );
}

#[test]
fn sessions_survive_a_reload_and_a_second_device_reads_carbons() {
    let mut server = server_with_friends();
    let (mut alice, mut bob) = alice_and_bob(&mut server, NOW);
    send(&mut alice, "bob", "first", NOW + 1);
    pump(&mut server, &mut [&mut alice, &mut bob], NOW + 1);
    assert_encrypted_in(&bob, "alice", "first");

    // Bob reloads: same storage, new client; the sessions continue.
    let store = bob.store.clone();
    bob.drop_connection(&mut server, NOW + 2);
    server.expire_hibernated();
    let mut bob = Device::with_store(store);
    assert!(bob.restore_and_resume(&mut server, NOW + 3_000));
    pump(&mut server, &mut [&mut alice, &mut bob], NOW + 3_000);
    send(&mut alice, "bob", "after the reload", NOW + 3_001);
    send(&mut bob, "alice", "still here", NOW + 3_002);
    pump(&mut server, &mut [&mut alice, &mut bob], NOW + 3_002);
    assert_encrypted_in(&bob, "alice", "after the reload");
    assert_encrypted_in(&alice, "bob", "still here");

    // A second device of alice: her next message is encrypted for it too and read from the carbon.
    let mut laptop = logged_in(&mut server, "alice", NOW + 4_000);
    pump(
        &mut server,
        &mut [&mut alice, &mut bob, &mut laptop],
        NOW + 4_000,
    );
    assert_eq!(
        alice.client.omemo_devices("alice@localhost").len(),
        1,
        "alice's phone learnt of the laptop"
    );
    send(&mut alice, "bob", "for every device", NOW + 4_001);
    pump(
        &mut server,
        &mut [&mut alice, &mut bob, &mut laptop],
        NOW + 4_001,
    );
    assert_encrypted_in(&bob, "alice", "for every device");
    let copy = messages(&laptop, "bob")
        .into_iter()
        .find(|m| m.body == "for every device")
        .expect("the carbon was decrypted");
    assert_eq!(copy.direction, Direction::Out);
}

#[test]
fn a_chat_with_encryption_on_never_sends_plaintext() {
    let mut server = server_with_friends();
    server.add_account("dave", "dave-pass");
    server.befriend("alice", "dave");
    let mut alice = logged_in(&mut server, "alice", NOW);
    // Dave never used OMEMO: nothing published.
    block_on(
        alice
            .client
            .set_encryption(&chat("dave"), EncryptionPreference::On),
    )
    .unwrap();
    send(&mut alice, "dave", "for dave only", NOW + 1);
    pump(&mut server, &mut [&mut alice], NOW + 1);
    let stored = messages(&alice, "dave");
    let DeliveryState::Failed(reason) = &stored[0].state else {
        panic!("expected a refusal: {stored:?}")
    };
    assert_eq!(
        **reason,
        chat_store::FailReason::from(chat_store::SendFailure::NoOmemoDevice {
            peer: "dave@localhost".into()
        })
    );
    assert!(!frames_of(&server, &alice).contains("for dave only"));

    // Automatic encryption with someone without OMEMO is plain, as the chat header says.
    block_on(
        alice
            .client
            .set_encryption(&chat("dave"), EncryptionPreference::Auto),
    )
    .unwrap();
    send(&mut alice, "dave", "hello dave", NOW + 2);
    pump(&mut server, &mut [&mut alice], NOW + 2);
    assert!(frames_of(&server, &alice).contains("hello dave"));
}

#[test]
fn a_distrusted_device_gets_nothing_and_the_message_is_refused() {
    let mut server = server_with_friends();
    let (mut alice, mut bob) = alice_and_bob(&mut server, NOW);
    send(&mut alice, "bob", "hello", NOW + 1);
    pump(&mut server, &mut [&mut alice, &mut bob], NOW + 1);
    let device = alice.client.omemo_devices("bob@localhost").remove(0);
    block_on(alice.client.set_device_trust(
        "bob@localhost",
        device.device_id,
        device.fingerprint_hex.as_deref().unwrap(),
        Trust::Distrusted,
        NOW + 2,
    ))
    .unwrap();
    send(&mut alice, "bob", "not for that key", NOW + 3);
    pump(&mut server, &mut [&mut alice, &mut bob], NOW + 3);
    let refused = messages(&alice, "bob")
        .into_iter()
        .find(|m| m.body == "not for that key")
        .unwrap();
    let DeliveryState::Failed(reason) = refused.state else {
        panic!("expected a refusal")
    };
    assert!(
        matches!(&*reason, chat_store::Stored::Code(chat_store::SendFailure::NotEncryptedFor { devices, .. })
            if devices.iter().any(|d| d.trouble == chat_store::DeviceTrouble::Distrusted)),
        "{reason:?}"
    );
    assert!(!frames_of(&server, &alice).contains("not for that key"));
}

#[test]
fn a_tab_without_the_keys_refuses_to_downgrade_and_takes_over_when_allowed() {
    let mut server = server_with_friends();
    server.add_account("dave", "dave-pass");
    server.befriend("alice", "dave");
    let mut bob = logged_in(&mut server, "bob", NOW);
    let mut tab = Device::new();
    block_on(tab.client.set_omemo_allowed(false, NOW)).unwrap();
    tab.login(&mut server, "alice@localhost", "alice-pass", NOW);
    pump(&mut server, &mut [&mut tab, &mut bob], NOW);
    assert!(
        tab.client.own_omemo_device().is_none(),
        "keys stay untouched"
    );

    send(&mut tab, "bob", "bob has OMEMO", NOW + 1);
    send(&mut tab, "dave", "dave does not", NOW + 2);
    pump(&mut server, &mut [&mut tab, &mut bob], NOW + 2);
    let refused = messages(&tab, "bob").remove(0);
    let DeliveryState::Failed(reason) = refused.state else {
        panic!("expected a refusal: {refused:?}")
    };
    assert_eq!(
        *reason,
        chat_store::FailReason::from(chat_store::SendFailure::CannotEncrypt {
            why: chat_store::OmemoUnavailable::OtherTab
        })
    );
    assert!(!frames_of(&server, &tab).contains("bob has OMEMO"));
    assert!(
        frames_of(&server, &tab).contains("dave does not"),
        "a contact without OMEMO is written to in plaintext"
    );

    block_on(tab.client.set_omemo_allowed(true, NOW + 3)).unwrap();
    pump(&mut server, &mut [&mut tab, &mut bob], NOW + 3);
    send(&mut tab, "bob", "now encrypted", NOW + 4);
    pump(&mut server, &mut [&mut tab, &mut bob], NOW + 4);
    assert_encrypted_in(&bob, "alice", "now encrypted");
}

#[test]
fn a_verification_link_marks_devices_verified_and_a_lost_device_can_be_removed() {
    let mut server = server_with_friends();
    let (mut alice, mut bob) = alice_and_bob(&mut server, NOW);
    send(&mut alice, "bob", "hello", NOW + 1);
    pump(&mut server, &mut [&mut alice, &mut bob], NOW + 1);
    let link = bob.client.own_verification_uri().unwrap();
    assert_eq!(
        block_on(alice.client.verify_with_uri(&link, NOW + 2)).unwrap(),
        "bob@localhost"
    );
    assert_eq!(
        alice.client.omemo_devices("bob@localhost")[0].trust,
        Some(Trust::Verified)
    );
    assert!(block_on(
        alice
            .client
            .verify_with_uri("xmpp:bob@localhost?omemo-sid-1=nothex", NOW + 2)
    )
    .is_err());

    // Alice's old laptop is gone: her phone takes it off her device lists.
    let mut laptop = logged_in(&mut server, "alice", NOW + 3);
    pump(
        &mut server,
        &mut [&mut alice, &mut bob, &mut laptop],
        NOW + 3,
    );
    let laptop_id = laptop.client.own_omemo_device().unwrap().device_id;
    laptop.drop_connection(&mut server, NOW + 4);
    server.expire_hibernated();
    assert!(
        block_on(
            alice
                .client
                .remove_own_device(alice.client.own_omemo_device().unwrap().device_id, NOW + 5)
        )
        .is_err(),
        "not itself"
    );
    block_on(alice.client.remove_own_device(laptop_id, NOW + 5)).unwrap();
    pump(&mut server, &mut [&mut alice, &mut bob], NOW + 5);
    let list = server.pep_items("alice@localhost", OMEMO2_DEVICES)[0].to_xml();
    assert!(!list.contains(&laptop_id.to_string()), "{list}");
    assert!(alice
        .client
        .omemo_devices("alice@localhost")
        .iter()
        .all(|d| d.device_id != laptop_id || !d.active));
}

#[test]
fn a_reloaded_page_that_resumes_its_stream_still_reads_and_writes_encrypted() {
    let mut server = server_with_friends();
    let (mut alice, mut bob) = alice_and_bob(&mut server, NOW);
    send(&mut alice, "bob", "first", NOW + 1);
    pump(&mut server, &mut [&mut alice, &mut bob], NOW + 1);
    let saved = bob.client.saved_resume().unwrap();
    let store = bob.store.clone();
    server.disconnect(bob.conn.take().unwrap());
    let mut page = Device::with_store(store);
    block_on(page.client.restore()).unwrap();
    page.client.restore_resume(&saved);
    page.client.start_resume(NOW + 2).unwrap();
    page.conn = Some(server.connect());
    pump(&mut server, &mut [&mut alice, &mut page], NOW + 2);
    assert!(
        frames_of(&server, &page).contains("<resume"),
        "the stream was resumed"
    );
    send(&mut alice, "bob", "after the reload", NOW + 3);
    send(&mut page, "alice", "reply after the reload", NOW + 4);
    pump(&mut server, &mut [&mut alice, &mut page], NOW + 4);
    assert_encrypted_in(&page, "alice", "after the reload");
    assert_encrypted_in(&alice, "bob", "reply after the reload");
}

#[test]
fn on_ejabberd_two_devices_keep_their_omemo2_bundles_and_nothing_is_reported() {
    let mut server = server_with_friends();
    server.pep.ejabberd_publish_options = true;
    let (mut alice, mut bob) = alice_and_bob(&mut server, NOW);
    let mut laptop = logged_in(&mut server, "alice", NOW + 1);
    pump(
        &mut server,
        &mut [&mut alice, &mut bob, &mut laptop],
        NOW + 1,
    );
    assert!(
        server
            .pep
            .refused_publishes
            .iter()
            .any(|n| n == "urn:xmpp:omemo:2:bundles"),
        "max_items was offered and refused"
    );
    assert_eq!(
        server
            .pep_items("alice@localhost", "urn:xmpp:omemo:2:bundles")
            .len(),
        2,
        "the bundles node keeps one item per device"
    );
    for device in [&mut alice, &mut bob, &mut laptop] {
        let problems: Vec<_> = device
            .take_events()
            .into_iter()
            .filter(|e| matches!(e, chat_client::ClientEvent::OmemoKeysNotPublished { .. }))
            .collect();
        assert!(problems.is_empty(), "{problems:?}");
    }
    send(&mut bob, "alice", "to both of you", NOW + 2);
    pump(
        &mut server,
        &mut [&mut alice, &mut bob, &mut laptop],
        NOW + 2,
    );
    assert_encrypted_in(&alice, "bob", "to both of you");
    assert_encrypted_in(&laptop, "bob", "to both of you");
}
