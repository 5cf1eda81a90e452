#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! The XML of the deterministic OMEMO vectors (python-oldmemo/python-twomemo, copied to
//! tests/fixtures/omemo-vectors/): each element reads as the bytes the vectors record and
//! says the same after serialisation.

mod omemo_common;

use omemo_common::{assert_same_xml, b64, fixture_dir, hex, round_trip};
use serde_json::Value;
use xmpp_protocol::omemo::{
    DeviceId, Envelope, LegacyBundle, LegacyEncrypted, Omemo2Bundle, Omemo2DeviceList,
    Omemo2Encrypted,
};
use xmpp_protocol::xml::{parse_element, Element};
use xmpp_protocol::BareJid;

fn vectors() -> Value {
    let text = std::fs::read_to_string(fixture_dir().join("omemo-vectors/vectors.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn text<'a>(value: &'a Value, path: &str) -> &'a str {
    path.split('/')
        .fold(value, |v, key| &v[key])
        .as_str()
        .unwrap_or_else(|| panic!("{path} is not a string"))
}

fn element(value: &Value, path: &str) -> Element {
    parse_element(text(value, path)).unwrap()
}

fn id(value: u32) -> DeviceId {
    DeviceId::new(value).unwrap()
}

#[test]
fn legacy_bundles_match_the_recorded_fields() {
    let v = vectors();
    let bob: LegacyBundle = round_trip(&element(&v, "legacy/bob_bundle_xml"), "bob bundle");
    assert_eq!(
        bob.identity_key,
        b64(text(&v, "legacy/bob_bundle_fields/identityKey_b64"))
    );
    assert_eq!(
        bob.signed_pre_key,
        b64(text(&v, "legacy/bob_bundle_fields/signedPreKeyPublic_b64"))
    );
    assert_eq!(
        bob.signed_pre_key_signature,
        b64(text(
            &v,
            "legacy/bob_bundle_fields/signedPreKeySignature_b64"
        ))
    );
    assert!(bob
        .pre_keys
        .iter()
        .all(|pk| pk.public_key.len() == 33 && pk.public_key[0] == 0x05));
    let alice: LegacyBundle = round_trip(&element(&v, "legacy/alice_bundle_xml"), "alice bundle");
    assert_eq!(alice.identity_key.first(), Some(&0x05));
}

#[test]
fn legacy_first_message_carries_the_recorded_bytes() {
    let v = vectors();
    let encrypted: LegacyEncrypted =
        round_trip(&element(&v, "legacy/msg1_encrypted_xml"), "legacy msg1");
    assert_eq!(encrypted.sid, id(1_111_111_111));
    assert_eq!(encrypted.keys.len(), 1);
    assert_eq!(
        (encrypted.keys[0].rid, encrypted.keys[0].prekey),
        (id(2_000_000_002), true)
    );
    assert_eq!(
        encrypted.keys[0].data,
        hex(text(&v, "legacy/msg1_prekey_whisper_message_hex"))
    );
    assert_eq!(encrypted.iv, hex(text(&v, "legacy/msg1_iv_hex")));
    assert_eq!(
        encrypted.payload,
        Some(hex(text(&v, "legacy/msg1_payload_hex")))
    );
}

#[test]
fn legacy_empty_message_is_a_key_transport() {
    let v = vectors();
    let encrypted: LegacyEncrypted =
        round_trip(&element(&v, "legacy/empty_message_xml"), "legacy empty");
    assert!(encrypted.is_key_transport());
    assert_eq!(encrypted.sid, id(2_000_000_002));
    assert_eq!(encrypted.keys_for(id(1_111_111_111)).count(), 1);
}

#[test]
fn omemo2_bundle_matches_the_recorded_keys() {
    let v = vectors();
    let bundle: Omemo2Bundle = round_trip(&element(&v, "omemo2/bob_bundle_xml"), "omemo2 bundle");
    assert_eq!(
        bundle.identity_key,
        hex(text(&v, "omemo2/bob_ik_ed25519_hex"))
    );
    assert_eq!(
        u64::from(bundle.signed_pre_key_id),
        v["omemo2"]["bob_spk_id"].as_u64().unwrap()
    );
    assert_eq!(
        bundle.signed_pre_key,
        hex(text(&v, "omemo2/bob_spk_public_hex"))
    );
    let pk_id = u32::try_from(v["omemo2"]["bob_pk_id"].as_u64().unwrap()).unwrap();
    assert_eq!(
        bundle.pre_key(pk_id).unwrap().public_key,
        hex(text(&v, "omemo2/bob_pk_public_hex"))
    );
}

#[test]
fn omemo2_device_list_reads_both_devices() {
    let v = vectors();
    let list: Omemo2DeviceList = round_trip(&element(&v, "omemo2/device_list_xml"), "device list");
    assert_eq!(
        list.ids().collect::<Vec<_>>(),
        [id(2_000_000_002), id(12345)]
    );
    assert!(list.rejected.is_empty());
}

#[test]
fn omemo2_first_message_carries_the_recorded_bytes() {
    let v = vectors();
    let encrypted: Omemo2Encrypted =
        round_trip(&element(&v, "omemo2/msg1_encrypted_xml"), "omemo2 msg1");
    assert_eq!(encrypted.sid, id(1_111_111_111));
    let bob: BareJid = "bob@example.org".parse().unwrap();
    let key = encrypted.key_for(&bob, id(2_000_000_002)).unwrap();
    assert!(key.kex);
    assert_eq!(key.data, hex(text(&v, "omemo2/msg1_key_exchange_hex")));
    assert_eq!(
        encrypted.payload,
        Some(hex(text(&v, "omemo2/msg1_payload_hex")))
    );
}

#[test]
fn omemo2_empty_message_has_no_payload() {
    let v = vectors();
    let encrypted: Omemo2Encrypted =
        round_trip(&element(&v, "omemo2/empty_message_xml"), "omemo2 empty");
    assert!(encrypted.is_empty_message());
    let alice: BareJid = "alice@example.org".parse().unwrap();
    let key = encrypted.key_for(&alice, id(1_111_111_111)).unwrap();
    assert!(!key.kex);
    assert_eq!(
        key.data,
        hex(text(&v, "omemo2/empty_message_authenticated_hex"))
    );
}

#[test]
fn omemo2_envelope_reads_and_checks_its_sender() {
    let v = vectors();
    let plaintext = text(&v, "omemo2/msg1_sce_envelope");
    let envelope = Envelope::from_plaintext(plaintext.as_bytes()).unwrap();
    assert_eq!(envelope.body().as_deref(), Some("Hello Bob! (OMEMO 2)"));
    assert_eq!(envelope.rpad.as_deref(), Some("abcd"));
    let alice: BareJid = "alice@example.org".parse().unwrap();
    let bob: BareJid = "bob@example.org".parse().unwrap();
    envelope.validate(&alice, &bob, false).unwrap();
    assert!(
        envelope.validate(&alice, &bob, true).is_err(),
        "group chat envelopes need <to/>"
    );
    let written = Element::from(&envelope);
    assert_same_xml(&parse_element(plaintext).unwrap(), &written, "envelope");
    assert_eq!(
        Envelope::from_plaintext(&envelope.to_plaintext()).unwrap(),
        envelope
    );
}
