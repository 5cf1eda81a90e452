//! The OMEMO 2 (`urn:xmpp:omemo:2`) conversation of the vectors, byte for byte, through the
//! public API: payload encryption, Alice's key exchange, Bob accepting it, Bob's empty reply.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{
    b64, generator_private_key_for, hex, hex32, omemo2_bundle_from_xml, text, vectors,
    xml_attribute, xml_elements, DrbgRng, ScriptedRng, OMEMO2,
};
use omemo::payload::omemo2;
use omemo::xeddsa::EdwardsForm;
use omemo::{
    Ed25519PublicKey, IdentityKeyPair, IdentityPublicKey, InitiatorSecrets, KeyExchange,
    KeyMaterial, OneTimePreKey, PrivateKey, RatchetMessage, Role, Session, SignedPreKey, Version,
};
use serde_json::Value;

fn path(rest: &str) -> String {
    format!("{OMEMO2}/{rest}")
}

fn private(v: &Value, rest: &str) -> PrivateKey {
    PrivateKey::from_bytes(hex32(v, &path(rest)))
}

fn alice(v: &Value) -> IdentityKeyPair {
    IdentityKeyPair::from_private(
        private(v, "msg1/x3dh/alice_identity_private"),
        EdwardsForm::Natural,
    )
}

fn bob(v: &Value) -> IdentityKeyPair {
    IdentityKeyPair::from_ed25519_seed(&hex32(v, "primitives/bob_identity/ed25519_seed"))
}

fn number(v: &Value, rest: &str) -> u32 {
    u32::try_from(common::field(v, &path(rest)).as_u64().unwrap()).unwrap()
}

fn alice_initial_session(v: &Value) -> Session {
    let bundle = omemo2_bundle_from_xml(text(v, &path("bob_bundle_xml")));
    let secrets = InitiatorSecrets {
        ephemeral: private(v, "msg1/x3dh/alice_ephemeral_private"),
        ratchet: private(v, "msg1/ratchet/alice_ratchet_private"),
        prekey_id: number(v, "msg1/x3dh/bob_pk_id"),
    };
    Session::initiate_with(&alice(v), &bundle, secrets, None).unwrap()
}

fn msg1_key_material(v: &Value) -> KeyMaterial {
    KeyMaterial::from_bytes(hex(v, &path("msg1/ratchet_plaintext_key_and_hmac_48")))
}

/// Bob accepts msg1. His prekey private keys are recovered from the generator's DRBG.
fn bob_accepts_msg1(v: &Value) -> omemo::Accepted {
    let exchange =
        KeyExchange::parse(Version::Omemo2, &hex(v, &path("msg1/omemo_key_exchange"))).unwrap();
    let spk_private = generator_private_key_for(&hex32(v, &path("msg1/x3dh/bob_spk_public")));
    let pk_private = generator_private_key_for(&hex32(v, &path("msg1/x3dh/bob_pk_public")));
    let spk = SignedPreKey::new(
        number(v, "msg1/x3dh/bob_spk_id"),
        spk_private,
        &bob(v),
        0,
        &mut DrbgRng::seeded(5),
    );
    let pk = OneTimePreKey::new(number(v, "msg1/x3dh/bob_pk_id"), pk_private);
    let mut rng = ScriptedRng::new(&[&hex(
        v,
        &path("empty_message_bob_to_alice/bob_ratchet_private"),
    )]);
    let accepted = Session::accept(&bob(v), &exchange, &spk, Some(&pk), &mut rng).unwrap();
    assert!(rng.is_exhausted());
    accepted
}

#[test]
fn payload_is_hkdf_aes256_cbc_hmac() {
    let v = vectors();
    let key = hex32(&v, &path("msg1/payload_key_32"));
    let envelope = text(&v, &path("msg1/sce_envelope_utf8"));
    let (material, ciphertext) = omemo2::encrypt_with_key(&key, envelope.as_bytes());
    assert_eq!(ciphertext, hex(&v, &path("msg1/payload_ciphertext")));
    assert_eq!(material, msg1_key_material(&v));
    assert_eq!(
        material.as_bytes()[32..].to_vec(),
        hex(&v, &path("msg1/payload_hmac_16"))
    );
    let decrypted = omemo2::decrypt(material.as_bytes(), &ciphertext).unwrap();
    assert_eq!(decrypted.as_slice(), envelope.as_bytes());

    // The `<payload>` of the stanza carries the same bytes.
    let xml = text(&v, &path("msg1_encrypted_xml"));
    assert_eq!(b64(&xml_elements(xml, "payload")[0].1), ciphertext);
}

#[test]
fn alice_key_exchange_is_byte_exact() {
    let v = vectors();
    let session = alice_initial_session(&v);
    assert_eq!(
        session.local_identity(),
        &IdentityPublicKey::Ed25519(Ed25519PublicKey::from_bytes(hex32(
            &v,
            &path("msg1/x3dh/alice_ik_ed25519")
        )))
    );
    let sent = session.encrypt(&msg1_key_material(&v)).unwrap();
    assert!(sent.is_key_exchange);
    assert_eq!(sent.message, hex(&v, &path("msg1/omemo_key_exchange")));

    let exchange = KeyExchange::parse(Version::Omemo2, &sent.message).unwrap();
    assert_eq!(
        exchange.message,
        hex(&v, &path("msg1/omemo_authenticated_message"))
    );
    assert_eq!(exchange.prekey_id, Some(number(&v, "msg1/x3dh/bob_pk_id")));
    assert_eq!(
        exchange.signed_prekey_id,
        number(&v, "msg1/x3dh/bob_spk_id")
    );
    assert_eq!(
        exchange.base_key.as_bytes(),
        &hex32(&v, &path("msg1/x3dh/alice_ephemeral_public"))
    );

    // The `<key kex='true'>` of the stanza is the same key exchange.
    let xml = text(&v, &path("msg1_encrypted_xml"));
    let (attributes, body) = &xml_elements(xml, "key")[0];
    assert_eq!(xml_attribute(attributes, "kex"), "true");
    assert_eq!(b64(body), sent.message);
}

#[test]
fn bob_accepts_and_decrypts_the_envelope() {
    let v = vectors();
    let accepted = bob_accepts_msg1(&v);
    assert_eq!(accepted.key_material, msg1_key_material(&v));
    assert_eq!(
        accepted.consumed_prekey_id,
        Some(number(&v, "msg1/x3dh/bob_pk_id"))
    );
    assert_eq!(accepted.session.role(), Role::Responder);
    assert_eq!(
        accepted.session.remote_identity_curve25519(),
        alice(&v).curve25519_public()
    );
    let envelope = omemo2::decrypt(
        accepted.key_material.as_bytes(),
        &hex(&v, &path("msg1/payload_ciphertext")),
    )
    .unwrap();
    assert_eq!(
        envelope.as_slice(),
        text(&v, &path("msg1/sce_envelope_utf8")).as_bytes()
    );
}

#[test]
fn bob_empty_message_keeps_initiator_first_associated_data() {
    let v = vectors();
    let bob_session = bob_accepts_msg1(&v).session;
    let sent = bob_session.encrypt(&omemo2::empty_key_material()).unwrap();
    assert!(!sent.is_key_exchange);
    let expected = hex(
        &v,
        &path("empty_message_bob_to_alice/omemo_authenticated_message"),
    );
    assert_eq!(sent.message, expected);
    let xml = text(&v, &path("empty_message_bob_to_alice/xml"));
    assert_eq!(b64(&xml_elements(xml, "key")[0].1), expected);
    assert!(xml_elements(xml, "payload").is_empty());

    // Alice decrypts it (new chain: she draws a ratchet key) and stops sending key exchanges.
    let alice_session = alice_initial_session(&v)
        .encrypt(&msg1_key_material(&v))
        .unwrap()
        .session;
    let received = alice_session
        .decrypt(&expected, &mut DrbgRng::seeded(6))
        .unwrap();
    assert_eq!(received.key_material.as_bytes(), &[0u8; 32]);
    assert!(!received.session.is_key_exchange_pending());
    let reply = received
        .session
        .encrypt(&KeyMaterial::from_bytes(vec![1; 48]))
        .unwrap();
    assert!(!reply.is_key_exchange);
    let header = RatchetMessage::parse(Version::Omemo2, &reply.message)
        .unwrap()
        .header;
    assert_eq!((header.counter, header.previous_counter), (0, 1));
}
