//! Key handling around the protocol: encodings, fingerprints, device ids, persistence and
//! `Debug` output that never shows secrets.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::DrbgRng;
use omemo::xeddsa::EdwardsForm;
use omemo::{
    generate_device_id, Bundle, IdentityKeyPair, KeyError, OneTimePreKey, PrivateKey, PublicKey,
    SignedPreKey, Version, MAX_PREKEY_ID,
};

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn legacy_key_encoding_is_strict_about_the_type_byte_and_lenient_about_its_absence() {
    let key = PrivateKey::from_bytes([3; 32]).public_key();
    let djb = key.to_djb();
    assert_eq!(djb[0], 0x05);
    assert_eq!(PublicKey::from_djb("k", &djb).unwrap(), key);
    assert_eq!(PublicKey::from_djb("k", key.as_bytes()).unwrap(), key);
    let mut other = djb;
    other[0] = 0x08;
    assert_eq!(
        PublicKey::from_djb("k", &other),
        Err(KeyError::UnknownKeyType {
            what: "k",
            found: 0x08
        })
    );
    assert_eq!(
        PublicKey::from_djb("k", &djb[..30]),
        Err(KeyError::InvalidLength {
            what: "k",
            expected: 33,
            actual: 30
        })
    );
    // 2^255 - 19 itself is not a canonical encoding.
    let mut p = [0xff; 32];
    p[0] = 0xed;
    p[31] = 0x7f;
    assert_eq!(
        PublicKey::from_slice("k", &p),
        Err(KeyError::NonCanonical { what: "k" })
    );
    p[0] = 0xec;
    assert!(PublicKey::from_slice("k", &p).is_ok());
}

#[test]
fn fingerprints_are_the_curve25519_key_in_hex_for_both_versions() {
    let mut rng = DrbgRng::seeded(31);
    let identity = IdentityKeyPair::generate(&mut rng);
    let fingerprint = identity.curve25519_public().fingerprint();
    assert_eq!(fingerprint.len(), 64);
    assert_eq!(fingerprint, hex(identity.curve25519_public().as_bytes()));
    let via_ed = identity
        .public_for(Version::Omemo2)
        .to_curve25519()
        .unwrap();
    assert_eq!(via_ed.fingerprint(), fingerprint);
}

#[test]
fn device_and_prekey_ids_stay_positive_31_bit() {
    let mut rng = DrbgRng::seeded(32);
    for _ in 0..1000 {
        let id = generate_device_id(&mut rng);
        assert!((1..=0x7fff_ffff).contains(&id));
    }
    let wrapped = OneTimePreKey::generate_batch(MAX_PREKEY_ID - 1, 4, &mut rng);
    let ids: Vec<u32> = wrapped.iter().map(|k| k.id).collect();
    assert_eq!(ids, vec![MAX_PREKEY_ID - 1, MAX_PREKEY_ID, 1, 2]);
}

#[test]
fn keys_and_bundles_survive_serialisation() {
    let mut rng = DrbgRng::seeded(33);
    for form in [EdwardsForm::SignBitZero, EdwardsForm::Natural] {
        let identity = IdentityKeyPair::from_private(PrivateKey::generate(&mut rng), form);
        let restored: IdentityKeyPair =
            serde_json::from_str(&serde_json::to_string(&identity).unwrap()).unwrap();
        assert_eq!(restored.ed25519_public(), identity.ed25519_public());
        assert_eq!(restored.curve25519_public(), identity.curve25519_public());
        assert_eq!(restored.form(), form);

        let spk = SignedPreKey::generate(3, &identity, 1_700_000_000_000, &mut rng);
        let spk_back: SignedPreKey =
            serde_json::from_str(&serde_json::to_string(&spk).unwrap()).unwrap();
        assert_eq!(spk_back.public_key(), spk.public_key());
        assert_eq!(spk_back.legacy_signature, spk.legacy_signature);
        assert_eq!(spk_back.omemo2_signature, spk.omemo2_signature);
        assert_eq!(spk_back.created_at_ms, spk.created_at_ms);

        let prekeys = OneTimePreKey::generate_batch(1, 3, &mut rng);
        for version in [Version::Legacy, Version::Omemo2] {
            let bundle = Bundle::from_local(version, &restored, &spk_back, &prekeys);
            let back: Bundle =
                serde_json::from_str(&serde_json::to_string(&bundle).unwrap()).unwrap();
            assert_eq!(back, bundle);
            back.verify().unwrap();
        }
    }
}

#[test]
fn debug_output_never_contains_private_keys() {
    let mut rng = DrbgRng::seeded(34);
    let identity = IdentityKeyPair::generate(&mut rng);
    let spk = SignedPreKey::generate(1, &identity, 0, &mut rng);
    let opk = OneTimePreKey::generate(1, &mut rng);
    let secrets = [
        hex(identity.private_key().expose_bytes()),
        hex(spk.private_key().expose_bytes()),
        hex(opk.private_key().expose_bytes()),
    ];
    let printed = format!("{identity:?} {spk:?} {opk:?} {:?}", identity.private_key());
    for secret in &secrets {
        assert!(!printed.contains(secret.as_str()));
    }
    assert!(printed.contains("redacted"));
    // Public parts stay visible for diagnostics.
    assert!(printed.contains(&hex(identity.curve25519_public().as_bytes())));
    let material = omemo::KeyMaterial::from_bytes(vec![0xab; 32]);
    assert!(!format!("{material:?}").contains("abab"));
}
