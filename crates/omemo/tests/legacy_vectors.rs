//! The legacy (`eu.siacs.conversations.axolotl`) conversation of the vectors, byte for byte,
//! through the public session API: Alice -> Bob key exchange, Bob -> Alice reply, Alice's
//! second message after a DH step, Bob's key-transport message, and a real Conversations
//! key exchange for the parser.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{b64, hex, hex32, text, to_b64, vectors, xml_elements, DrbgRng, ScriptedRng, LEGACY};
use omemo::payload::legacy;
use omemo::xeddsa::EdwardsForm;
use omemo::{
    Bundle, IdentityKeyPair, IdentityPublicKey, InitiatorSecrets, KeyExchange, KeyMaterial,
    OneTimePreKey, PreKeyPublic, PrivateKey, PublicKey, RatchetMessage, Role, Session, Signature,
    SignedPreKey, Version,
};
use serde_json::Value;

fn path(rest: &str) -> String {
    format!("{LEGACY}/{rest}")
}

fn private(v: &Value, rest: &str) -> PrivateKey {
    PrivateKey::from_bytes(hex32(v, &path(rest)))
}

fn alice(v: &Value) -> IdentityKeyPair {
    // python-oldmemo was given Alice's raw Curve25519 key; its Ed25519 form keeps the natural sign.
    IdentityKeyPair::from_private(
        private(v, "msg1/x3dh/alice_identity_private"),
        EdwardsForm::Natural,
    )
}

fn bob(v: &Value) -> IdentityKeyPair {
    IdentityKeyPair::from_ed25519_seed(&hex32(v, "primitives/bob_identity/ed25519_seed"))
}

/// Bob's published bundle, from its base64 fields and prekeys.
fn bob_bundle(v: &Value) -> Bundle {
    let xml = text(v, &path("bob_bundle_xml"));
    Bundle {
        identity_key: IdentityPublicKey::Curve25519(
            PublicKey::from_djb(
                "ik",
                &b64(text(v, &path("bob_bundle_fields/identityKey_b64"))),
            )
            .unwrap(),
        ),
        signed_prekey_id: u32::try_from(
            common::field(v, &path("msg1/x3dh/bob_signed_prekey_id"))
                .as_u64()
                .unwrap(),
        )
        .unwrap(),
        signed_prekey: PublicKey::from_djb(
            "spk",
            &b64(text(v, &path("bob_bundle_fields/signedPreKeyPublic_b64"))),
        )
        .unwrap(),
        signed_prekey_signature: Signature::from_slice(&b64(text(
            v,
            &path("bob_bundle_fields/signedPreKeySignature_b64"),
        )))
        .unwrap(),
        prekeys: xml_elements(xml, "preKeyPublic")
            .iter()
            .map(|(attributes, body)| PreKeyPublic {
                id: common::xml_attribute(attributes, "preKeyId")
                    .parse()
                    .unwrap(),
                key: PublicKey::from_djb("opk", &b64(body)).unwrap(),
            })
            .collect(),
    }
}

fn prekey_id(v: &Value) -> u32 {
    u32::try_from(
        common::field(v, &path("msg1/x3dh/bob_prekey_id"))
            .as_u64()
            .unwrap(),
    )
    .unwrap()
}

fn alice_initial_session(v: &Value, registration_id: Option<u32>) -> Session {
    let secrets = InitiatorSecrets {
        ephemeral: private(v, "msg1/x3dh/alice_ephemeral_private"),
        ratchet: private(v, "msg1/ratchet/alice_ratchet_private"),
        prekey_id: prekey_id(v),
    };
    Session::initiate_with(&alice(v), &bob_bundle(v), secrets, registration_id).unwrap()
}

fn msg1_key_material(v: &Value) -> KeyMaterial {
    KeyMaterial::from_bytes(hex(v, &path("msg1/ratchet_plaintext_key_and_tag")))
}

fn bob_prekeys(v: &Value) -> (SignedPreKey, OneTimePreKey) {
    let spk = SignedPreKey::new(
        1,
        private(v, "msg1/x3dh/bob_signed_prekey_private"),
        &bob(v),
        0,
        &mut DrbgRng::seeded(9),
    );
    assert_eq!(
        spk.public_key().as_bytes(),
        &hex32(v, &path("msg1/x3dh/bob_signed_prekey_public"))
    );
    let opk = OneTimePreKey::new(prekey_id(v), private(v, "msg1/x3dh/bob_prekey_private"));
    assert_eq!(
        opk.public_key().as_bytes(),
        &hex32(v, &path("msg1/x3dh/bob_prekey_public"))
    );
    (spk, opk)
}

/// Bob's session after accepting msg1, with his new ratchet key from the vectors.
fn bob_after_msg1(v: &Value) -> Session {
    let exchange = KeyExchange::parse(
        Version::Legacy,
        &hex(v, &path("msg1/prekey_whisper_message")),
    )
    .unwrap();
    let (spk, opk) = bob_prekeys(v);
    let mut rng = ScriptedRng::new(&[&hex(v, &path("msg2_bob_to_alice/bob_ratchet_private"))]);
    let accepted = Session::accept(&bob(v), &exchange, &spk, Some(&opk), &mut rng).unwrap();
    assert!(rng.is_exhausted());
    accepted.session
}

#[test]
fn payload_of_msg1_is_aes128_gcm_with_a_12_byte_iv() {
    let v = vectors();
    let key: [u8; 16] = hex(&v, &path("msg1/aes128gcm_key")).try_into().unwrap();
    let iv = hex(&v, &path("msg1/aes128gcm_iv"));
    let plaintext = text(&v, &path("msg1/plaintext_utf8"));
    let (material, payload) = legacy::encrypt_with(&key, &iv, plaintext.as_bytes()).unwrap();
    assert_eq!(
        payload.ciphertext,
        hex(&v, &path("msg1/payload_ciphertext_no_tag"))
    );
    assert_eq!(material, msg1_key_material(&v));
    assert_eq!(
        material.as_bytes()[16..].to_vec(),
        hex(&v, &path("msg1/aes128gcm_tag"))
    );
}

#[test]
fn alice_first_message_is_byte_exact() {
    let v = vectors();
    let session = alice_initial_session(&v, None);
    assert_eq!(session.role(), Role::Initiator);
    assert!(session.is_key_exchange_pending());
    assert_eq!(
        session.base_key().as_bytes(),
        &hex32(&v, &path("msg1/x3dh/alice_ephemeral_public"))
    );
    let sent = session.encrypt(&msg1_key_material(&v)).unwrap();
    assert!(sent.is_key_exchange);
    let expected = hex(&v, &path("msg1/prekey_whisper_message"));
    assert_eq!(sent.message, expected);
    assert_eq!(
        to_b64(&sent.message),
        text(&v, &path("msg1/prekey_whisper_message_b64"))
    );

    let exchange = KeyExchange::parse(Version::Legacy, &sent.message).unwrap();
    assert_eq!(exchange.message, hex(&v, &path("msg1/whisper_message")));
    assert_eq!(exchange.prekey_id, Some(prekey_id(&v)));
    assert_eq!(exchange.registration_id, None);

    let with_registration = alice_initial_session(&v, Some(1_111_111_111))
        .encrypt(&msg1_key_material(&v))
        .unwrap();
    assert_eq!(
        with_registration.message,
        hex(&v, &path("msg1/same_with_registrationId"))
    );
}

#[test]
fn bob_decrypts_msg1_and_its_payload() {
    let v = vectors();
    let exchange = KeyExchange::parse(
        Version::Legacy,
        &b64(text(&v, &path("msg1/prekey_whisper_message_b64"))),
    )
    .unwrap();
    let (spk, opk) = bob_prekeys(&v);
    let mut rng = ScriptedRng::new(&[&hex(&v, &path("msg2_bob_to_alice/bob_ratchet_private"))]);
    let accepted = Session::accept(&bob(&v), &exchange, &spk, Some(&opk), &mut rng).unwrap();
    assert_eq!(accepted.key_material, msg1_key_material(&v));
    assert_eq!(accepted.consumed_prekey_id, Some(prekey_id(&v)));
    assert_eq!(accepted.session.role(), Role::Responder);
    assert_eq!(
        accepted.session.remote_identity_curve25519().as_bytes(),
        &hex32(&v, "primitives/alice_identity/curve25519_public")
    );
    assert!(accepted.session.matches_key_exchange(&exchange));

    let body = legacy::decrypt(
        accepted.key_material.as_bytes(),
        &hex(&v, &path("msg1/aes128gcm_iv")),
        &hex(&v, &path("msg1/payload_ciphertext_no_tag")),
    )
    .unwrap();
    assert_eq!(
        body.as_slice(),
        text(&v, &path("msg1/plaintext_utf8")).as_bytes()
    );

    // The key exchange repeated (the initiator resends it until answered) is a duplicate for
    // this session, not a new session.
    assert_eq!(
        accepted
            .session
            .decrypt_key_exchange(&exchange, &mut DrbgRng::seeded(1))
            .unwrap_err(),
        omemo::SessionError::DuplicateMessage { counter: 0 }
    );
}

#[test]
fn bob_reply_and_alice_second_message_are_byte_exact() {
    let v = vectors();
    let bob_session = bob_after_msg1(&v);

    // msg2: Bob -> Alice, a plain WhisperMessage with MAC over Bob ‖ Alice.
    let key2 = hex(&v, &path("msg2_bob_to_alice/aes128gcm_key"));
    let mut material2 = key2.clone();
    material2.extend(hex(&v, &path("msg2_bob_to_alice/aes128gcm_tag")));
    let sent2 = bob_session
        .encrypt(&KeyMaterial::from_bytes(material2.clone()))
        .unwrap();
    assert!(!sent2.is_key_exchange);
    assert_eq!(
        sent2.message,
        hex(&v, &path("msg2_bob_to_alice/whisper_message"))
    );

    // Alice decrypts it; her DH step draws her second ratchet key.
    let alice_session = alice_initial_session(&v, None)
        .encrypt(&msg1_key_material(&v))
        .unwrap()
        .session;
    let mut rng = ScriptedRng::new(&[&hex(&v, &path("msg3_alice_to_bob/alice_ratchet2_private"))]);
    let received2 = alice_session.decrypt(&sent2.message, &mut rng).unwrap();
    assert!(rng.is_exhausted());
    assert_eq!(received2.key_material.as_bytes(), material2.as_slice());
    assert!(!received2.session.is_key_exchange_pending());
    let body2 = legacy::decrypt(
        received2.key_material.as_bytes(),
        &hex(&v, &path("msg2_bob_to_alice/aes128gcm_iv")),
        &hex(&v, &path("msg2_bob_to_alice/payload_ciphertext_no_tag")),
    )
    .unwrap();
    assert_eq!(
        body2.as_slice(),
        text(&v, &path("msg2_bob_to_alice/plaintext_utf8")).as_bytes()
    );

    // msg3: Alice -> Bob, n = 0 and pn = 1 after her DH step, no longer a key exchange.
    let mut material3 = hex(&v, &path("msg3_alice_to_bob/aes128gcm_key"));
    material3.extend(hex(&v, &path("msg3_alice_to_bob/aes128gcm_tag")));
    let sent3 = received2
        .session
        .encrypt(&KeyMaterial::from_bytes(material3.clone()))
        .unwrap();
    assert!(!sent3.is_key_exchange);
    assert_eq!(
        sent3.message,
        hex(&v, &path("msg3_alice_to_bob/whisper_message"))
    );
    let header = RatchetMessage::parse(Version::Legacy, &sent3.message)
        .unwrap()
        .header;
    assert_eq!(header.counter, 0);
    assert_eq!(header.previous_counter, 1);

    // Bob decrypts msg3 and its payload.
    let received3 = sent2
        .session
        .decrypt(&sent3.message, &mut DrbgRng::seeded(3))
        .unwrap();
    assert_eq!(received3.key_material.as_bytes(), material3.as_slice());
    let body3 = legacy::decrypt(
        received3.key_material.as_bytes(),
        &hex(&v, &path("msg3_alice_to_bob/aes128gcm_iv")),
        &hex(&v, &path("msg3_alice_to_bob/payload_ciphertext_no_tag")),
    )
    .unwrap();
    assert_eq!(
        body3.as_slice(),
        text(&v, &path("msg3_alice_to_bob/plaintext_utf8")).as_bytes()
    );
}

#[test]
fn bob_key_transport_message_decrypts_and_re_encrypts_byte_exact() {
    let v = vectors();
    let bob_after_msg2 = bob_after_msg1(&v)
        .encrypt(&KeyMaterial::from_bytes(vec![0; 32]))
        .unwrap()
        .session;
    let alice_session = alice_initial_session(&v, None)
        .encrypt(&msg1_key_material(&v))
        .unwrap()
        .session;
    let mut rng = ScriptedRng::new(&[&hex(&v, &path("msg3_alice_to_bob/alice_ratchet2_private"))]);
    let alice_after_msg2 = alice_session
        .decrypt(
            &hex(&v, &path("msg2_bob_to_alice/whisper_message")),
            &mut rng,
        )
        .unwrap()
        .session;

    // Only the XML carries this message's `<key>`; it has an `<iv>` and no `<payload>`.
    let xml = text(&v, &path("empty_message_xml"));
    assert!(xml_elements(xml, "payload").is_empty());
    let key = b64(&xml_elements(xml, "key")[0].1);
    let received = alice_after_msg2
        .decrypt(&key, &mut DrbgRng::seeded(4))
        .unwrap();
    let expected_len = usize::try_from(
        common::field(&v, &path("empty_message_ratchet_plaintext_len"))
            .as_u64()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(received.key_material.as_bytes().len(), expected_len);
    assert_eq!(received.counter, 1);

    let resent = bob_after_msg2.encrypt(&received.key_material).unwrap();
    assert_eq!(resent.message, key);
}

#[test]
fn real_conversations_key_exchange_parses() {
    let v = vectors();
    let raw = b64(text(&v, "real_world_parse_only/prekey_whisper_message_b64"));
    let expect =
        |rest: &str| common::field(&v, &format!("real_world_parse_only/expect/{rest}")).clone();
    assert_eq!(raw[0], 0x33);
    assert_eq!(
        format!("{:02x}", raw[0]),
        expect("version_byte").as_str().unwrap()
    );

    let exchange = KeyExchange::parse(Version::Legacy, &raw).unwrap();
    let number = |rest: &str| u32::try_from(expect(rest).as_u64().unwrap()).unwrap();
    assert_eq!(exchange.prekey_id, Some(number("preKeyId_f1")));
    assert_eq!(exchange.signed_prekey_id, number("signedPreKeyId_f6"));
    assert_eq!(exchange.registration_id, Some(number("registrationId_f5")));
    assert_eq!(
        exchange.base_key.to_djb().len(),
        usize::try_from(number("baseKey_f2_len")).unwrap()
    );
    assert_eq!(
        exchange.identity_key.to_wire().len(),
        usize::try_from(number("identityKey_f3_len")).unwrap()
    );

    let inner = &exchange.message;
    assert_eq!(
        inner.len(),
        usize::try_from(number("inner_whisper/len")).unwrap()
    );
    assert_eq!(
        format!("{:02x}", inner[0]),
        expect("inner_whisper/version_byte").as_str().unwrap()
    );
    let message = RatchetMessage::parse(Version::Legacy, inner).unwrap();
    assert_eq!(message.header.counter, number("inner_whisper/counter_f2"));
    assert_eq!(
        message.header.previous_counter,
        number("inner_whisper/previousCounter_f3")
    );
    assert_eq!(
        message.ciphertext.len(),
        usize::try_from(number("inner_whisper/ciphertext_f4_len")).unwrap()
    );
    assert_eq!(
        message.mac,
        common::decode_hex(expect("inner_whisper/mac_last8").as_str().unwrap())
    );

    // Re-encoding in field order gives back libsignal-java's bytes.
    assert_eq!(exchange.encode(), raw);
}

#[test]
fn session_debug_output_and_json_hide_nothing_they_should_not() {
    let v = vectors();
    let session = bob_after_msg1(&v);
    let printed = format!("{session:?}");
    for secret in [
        "msg1/x3dh/root_key",
        "msg1/x3dh/bob_signed_prekey_private",
        "msg2_bob_to_alice/root_key_after_bob_sending_step",
        "msg2_bob_to_alice/bob_sending_chain_key",
        "msg2_bob_to_alice/bob_ratchet_private",
        "msg1/ratchet/next_chain_key_hmac02",
    ] {
        assert!(
            !printed.contains(text(&v, &path(secret))),
            "{secret} printed"
        );
    }
    assert!(printed.contains("redacted"));
    // The persisted form does hold the state (it is what the store saves) and restores it.
    let restored: Session =
        serde_json::from_str(&serde_json::to_string(&session).unwrap()).unwrap();
    let sent = restored
        .encrypt(&KeyMaterial::from_bytes(vec![0; 32]))
        .unwrap();
    let original = session
        .encrypt(&KeyMaterial::from_bytes(vec![0; 32]))
        .unwrap();
    assert_eq!(sent.message, original.message);
}
