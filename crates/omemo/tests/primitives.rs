//! `primitives` section of the vectors, plus both versions' bundle signatures.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{
    b64, hex, hex32, omemo2_bundle_from_xml, text, vectors, xml_attribute, xml_elements, DrbgRng,
    LEGACY, OMEMO2,
};
use omemo::payload::legacy;
use omemo::xeddsa::{self, EdwardsForm};
use omemo::{
    Bundle, Ed25519PublicKey, IdentityKeyPair, IdentityPublicKey, PrivateKey, PublicKey, Signature,
    SignatureError, Version,
};

#[test]
fn alice_libsignal_style_identity_matches_the_vectors() {
    let v = vectors();
    let private = PrivateKey::from_bytes(hex32(
        &v,
        "primitives/alice_identity/curve25519_private_clamped",
    ));
    let curve = hex32(&v, "primitives/alice_identity/curve25519_public");
    let natural = IdentityKeyPair::from_private(private.clone(), EdwardsForm::Natural);
    let sign_zero = IdentityKeyPair::from_private(private, EdwardsForm::SignBitZero);

    assert_eq!(natural.curve25519_public().as_bytes(), &curve);
    assert_eq!(
        natural.ed25519_public().as_bytes(),
        &hex32(&v, "primitives/alice_identity/ed25519_public_actual_sign")
    );
    assert_eq!(
        natural.ed25519_public().sign_bit(),
        u8::try_from(
            common::field(&v, "primitives/alice_identity/ed25519_sign_bit")
                .as_u64()
                .unwrap()
        )
        .unwrap()
    );
    assert_eq!(
        sign_zero.ed25519_public().as_bytes(),
        &hex32(&v, "primitives/alice_identity/ed25519_public_sign0")
    );
    // Montgomery -> Edwards with sign 0 gives the same key as the XEdDSA form.
    assert_eq!(
        PublicKey::from_bytes(curve).to_ed25519(0).unwrap(),
        sign_zero.ed25519_public()
    );
}

#[test]
fn bob_seed_identity_and_conversions_match_the_vectors() {
    let v = vectors();
    let bob =
        IdentityKeyPair::from_ed25519_seed(&hex32(&v, "primitives/bob_identity/ed25519_seed"));
    assert_eq!(
        bob.private_key().expose_bytes(),
        &hex32(
            &v,
            "primitives/bob_identity/private_scalar_clamped_sha512_seed"
        )
    );
    let curve = PublicKey::from_bytes(hex32(&v, "primitives/bob_identity/curve25519_public"));
    let ed = Ed25519PublicKey::from_bytes(hex32(&v, "primitives/bob_identity/ed25519_public"));
    assert_eq!(bob.curve25519_public(), curve);
    assert_eq!(bob.ed25519_public(), ed);
    assert_eq!(ed.sign_bit(), 1);
    assert_eq!(ed.to_curve25519().unwrap(), curve);
    assert_eq!(curve.to_ed25519(1).unwrap(), ed);
    assert_ne!(curve.to_ed25519(0).unwrap(), ed);
}

#[test]
fn xeddsa_known_answer_and_verification() {
    let v = vectors();
    let private = hex32(&v, "primitives/xeddsa_kat/private");
    let message = hex(&v, "primitives/xeddsa_kat/message");
    let nonce: [u8; 64] = hex(&v, "primitives/xeddsa_kat/nonce_Z").try_into().unwrap();
    let expected = hex(&v, "primitives/xeddsa_kat/signature");

    let (signature, sign_bit) = xeddsa::sign(&private, EdwardsForm::SignBitZero, &message, &nonce);
    assert_eq!(signature.as_bytes().to_vec(), expected);
    assert_eq!(sign_bit, 0);

    let curve = PublicKey::from_bytes(hex32(
        &v,
        "primitives/xeddsa_kat/verify_with_curve25519_public",
    ));
    xeddsa::verify_curve25519(&curve, &message, &signature).unwrap();
    xeddsa::verify_ed25519(&curve.to_ed25519(0).unwrap(), &message, &signature).unwrap();

    // The same through the identity API (legacy and OMEMO 2 forms coincide for sign bit 0).
    let identity =
        IdentityKeyPair::from_private(PrivateKey::from_bytes(private), EdwardsForm::SignBitZero);
    assert_eq!(
        identity.sign_with_nonce(Version::Legacy, &message, &nonce),
        signature
    );
    assert_eq!(
        identity.sign_with_nonce(Version::Omemo2, &message, &nonce),
        signature
    );
}

#[test]
fn libsignal_style_signature_with_sign_bit_is_reproduced_and_verifies() {
    let v = vectors();
    let curve = PublicKey::from_bytes(hex32(
        &v,
        "primitives/libsignal_style_signature/curve25519_public",
    ));
    let message = hex(&v, "primitives/libsignal_style_signature/message");
    let expected =
        Signature::from_slice(&hex(&v, "primitives/libsignal_style_signature/signature")).unwrap();
    assert_eq!(expected.as_bytes()[63] >> 7, 1);
    xeddsa::verify_curve25519(&curve, &message, &expected).unwrap();

    // python-oldmemo's signing with the natural Edwards key and the same nonce.
    let bob =
        IdentityKeyPair::from_ed25519_seed(&hex32(&v, "primitives/bob_identity/ed25519_seed"));
    let nonce: [u8; 64] = hex(&v, "primitives/xeddsa_kat/nonce_Z").try_into().unwrap();
    assert_eq!(
        bob.sign_with_nonce(Version::Legacy, &message, &nonce),
        expected
    );

    // Without the bit it is a plain Ed25519 signature for the natural (sign 1) key, and it
    // does not verify against the sign-0 conversion.
    let plain = bob.sign_with_nonce(Version::Omemo2, &message, &nonce);
    xeddsa::verify_ed25519(&bob.ed25519_public(), &message, &plain).unwrap();
    assert_eq!(
        xeddsa::verify_ed25519(&curve.to_ed25519(0).unwrap(), &message, &plain),
        Err(SignatureError::Mismatch)
    );
}

#[test]
fn signatures_fail_on_other_messages_keys_and_flipped_bits() {
    let v = vectors();
    let curve = PublicKey::from_bytes(hex32(
        &v,
        "primitives/xeddsa_kat/verify_with_curve25519_public",
    ));
    let message = hex(&v, "primitives/xeddsa_kat/message");
    let signature = Signature::from_slice(&hex(&v, "primitives/xeddsa_kat/signature")).unwrap();

    let mut other = message.clone();
    other[5] ^= 1;
    assert_eq!(
        xeddsa::verify_curve25519(&curve, &other, &signature),
        Err(SignatureError::Mismatch)
    );
    let alice = PublicKey::from_bytes(hex32(&v, "primitives/alice_identity/curve25519_public"));
    assert_eq!(
        xeddsa::verify_curve25519(&alice, &message, &signature),
        Err(SignatureError::Mismatch)
    );
    for byte in [0usize, 31, 32, 62] {
        let mut bytes = *signature.as_bytes();
        bytes[byte] ^= 0x04;
        assert!(
            xeddsa::verify_curve25519(&curve, &message, &Signature::from_bytes(bytes)).is_err()
        );
    }
    let mut huge_s = *signature.as_bytes();
    huge_s[32..63].fill(0xff);
    huge_s[63] = 0x7f;
    assert_eq!(
        xeddsa::verify_curve25519(&curve, &message, &Signature::from_bytes(huge_s)),
        Err(SignatureError::NonCanonicalScalar)
    );
    assert_eq!(
        Signature::from_slice(&[0; 63]),
        Err(SignatureError::InvalidLength { actual: 63 })
    );
}

#[test]
fn fresh_identities_sign_verifiably_in_both_versions() {
    let mut rng = DrbgRng::seeded(1);
    for form in [EdwardsForm::SignBitZero, EdwardsForm::Natural] {
        for _ in 0..8 {
            let identity = IdentityKeyPair::generate(&mut rng);
            let identity = IdentityKeyPair::from_private(identity.private_key().clone(), form);
            let message = b"signed prekey bytes";
            let legacy = identity.sign(Version::Legacy, message, &mut rng);
            xeddsa::verify_curve25519(&identity.curve25519_public(), message, &legacy).unwrap();
            let v2 = identity.sign(Version::Omemo2, message, &mut rng);
            xeddsa::verify_ed25519(&identity.ed25519_public(), message, &v2).unwrap();
        }
    }
}

#[test]
fn aes_gcm_with_a_16_byte_iv_matches_the_vector() {
    let v = vectors();
    let key: [u8; 16] = hex(&v, "primitives/aes128gcm_16byte_iv/key")
        .try_into()
        .unwrap();
    let iv = hex(&v, "primitives/aes128gcm_16byte_iv/iv");
    let plaintext = text(&v, "primitives/aes128gcm_16byte_iv/plaintext_utf8");
    let (material, payload) = legacy::encrypt_with(&key, &iv, plaintext.as_bytes()).unwrap();
    assert_eq!(
        payload.ciphertext,
        hex(&v, "primitives/aes128gcm_16byte_iv/ciphertext_no_tag")
    );
    assert_eq!(payload.iv, iv);
    assert_eq!(
        material.as_bytes().to_vec(),
        hex(
            &v,
            "primitives/aes128gcm_16byte_iv/ratchet_plaintext_key_and_tag"
        )
    );
    let mut tagged = key.to_vec();
    tagged.extend(hex(&v, "primitives/aes128gcm_16byte_iv/tag"));
    assert_eq!(material.as_bytes().to_vec(), tagged);
    let decrypted = legacy::decrypt(material.as_bytes(), &iv, &payload.ciphertext).unwrap();
    assert_eq!(decrypted.as_slice(), plaintext.as_bytes());
}

#[test]
fn legacy_bundles_verify_libsignal_style() {
    let v = vectors();
    let identity = b64(text(
        &v,
        &format!("{LEGACY}/bob_bundle_fields/identityKey_b64"),
    ));
    let spk = b64(text(
        &v,
        &format!("{LEGACY}/bob_bundle_fields/signedPreKeyPublic_b64"),
    ));
    let signature = b64(text(
        &v,
        &format!("{LEGACY}/bob_bundle_fields/signedPreKeySignature_b64"),
    ));
    assert_eq!(
        signature[63] >> 7,
        1,
        "python-oldmemo sets the sign bit for Bob"
    );
    let mut bundle = Bundle {
        identity_key: IdentityPublicKey::Curve25519(PublicKey::from_djb("ik", &identity).unwrap()),
        signed_prekey_id: 1,
        signed_prekey: PublicKey::from_djb("spk", &spk).unwrap(),
        signed_prekey_signature: Signature::from_slice(&signature).unwrap(),
        prekeys: Vec::new(),
    };
    bundle.verify().unwrap();
    assert_eq!(bundle.version(), Version::Legacy);
    assert_eq!(bundle.identity_key.to_wire(), identity);

    // Alice's legacy bundle (libsignal-style private key, natural sign 1) from the bundle XML.
    let alice_xml = text(&v, &format!("{LEGACY}/alice_bundle_xml"));
    let alice_ik = b64(&xml_elements(alice_xml, "identityKey")[0].1);
    let alice_spk = &xml_elements(alice_xml, "signedPreKeyPublic")[0];
    let alice_sig = b64(&xml_elements(alice_xml, "signedPreKeySignature")[0].1);
    let alice_bundle = Bundle {
        identity_key: IdentityPublicKey::Curve25519(PublicKey::from_djb("ik", &alice_ik).unwrap()),
        signed_prekey_id: xml_attribute(&alice_spk.0, "signedPreKeyId")
            .parse()
            .unwrap(),
        signed_prekey: PublicKey::from_djb("spk", &b64(&alice_spk.1)).unwrap(),
        signed_prekey_signature: Signature::from_slice(&alice_sig).unwrap(),
        prekeys: Vec::new(),
    };
    alice_bundle.verify().unwrap();

    // Bob's signature does not cover another signed prekey.
    bundle.signed_prekey = alice_bundle.signed_prekey;
    assert_eq!(bundle.verify(), Err(SignatureError::Mismatch));
}

#[test]
fn omemo2_bundle_verifies_as_plain_ed25519() {
    let v = vectors();
    let xml = text(&v, &format!("{OMEMO2}/bob_bundle_xml"));
    let bundle = omemo2_bundle_from_xml(xml);
    bundle.verify().unwrap();
    assert_eq!(bundle.version(), Version::Omemo2);
    assert_eq!(
        bundle.identity_key,
        IdentityPublicKey::Ed25519(Ed25519PublicKey::from_bytes(hex32(
            &v,
            &format!("{OMEMO2}/msg1/x3dh/bob_ik_ed25519")
        )))
    );
    assert_eq!(
        bundle.signed_prekey.as_bytes(),
        &hex32(&v, &format!("{OMEMO2}/msg1/x3dh/bob_spk_public"))
    );
    let used = bundle.prekeys.iter().find(|p| p.id == 2).unwrap();
    assert_eq!(
        used.key.as_bytes(),
        &hex32(&v, &format!("{OMEMO2}/msg1/x3dh/bob_pk_public"))
    );

    // The legacy rule (signature over 0x05 ‖ spk) does not accept it.
    let ik = match bundle.identity_key {
        IdentityPublicKey::Ed25519(ik) => ik,
        IdentityPublicKey::Curve25519(_) => unreachable!(),
    };
    let as_legacy = Bundle {
        identity_key: IdentityPublicKey::Curve25519(ik.to_curve25519().unwrap()),
        ..bundle.clone()
    };
    assert_eq!(as_legacy.verify(), Err(SignatureError::Mismatch));
}

#[test]
fn local_bundles_verify_in_both_versions() {
    let mut rng = DrbgRng::seeded(2);
    let identity = IdentityKeyPair::generate(&mut rng);
    let spk = omemo::SignedPreKey::generate(7, &identity, 1_700_000_000_000, &mut rng);
    let prekeys = omemo::OneTimePreKey::generate_batch(1, 5, &mut rng);
    for version in [Version::Legacy, Version::Omemo2] {
        let bundle = Bundle::from_local(version, &identity, &spk, &prekeys);
        bundle.verify().unwrap();
        assert_eq!(bundle.version(), version);
        assert_eq!(bundle.signed_prekey_id, 7);
        assert_eq!(
            bundle.prekeys.iter().map(|p| p.id).collect::<Vec<_>>(),
            vec![1, 2, 3, 4, 5]
        );
    }
    assert_eq!(spk.created_at_ms, 1_700_000_000_000);
}

#[test]
fn omemo2_bundle_signed_libsignal_style_is_accepted_like_libomemo_c_does() {
    let v = vectors();
    let bob =
        IdentityKeyPair::from_ed25519_seed(&hex32(&v, "primitives/bob_identity/ed25519_seed"));
    let spk = PrivateKey::from_bytes([8; 32]).public_key();
    // Natural form with sign bit 1: the legacy convention sets bit 7 of byte 63.
    let signature = bob.sign_with_nonce(Version::Legacy, spk.as_bytes(), &[1; 64]);
    assert_eq!(signature.as_bytes()[63] >> 7, 1);
    let bundle = Bundle {
        identity_key: bob.public_for(Version::Omemo2),
        signed_prekey_id: 1,
        signed_prekey: spk,
        signed_prekey_signature: signature,
        prekeys: Vec::new(),
    };
    bundle.verify().unwrap();
    let other = Bundle {
        signed_prekey: PrivateKey::from_bytes([9; 32]).public_key(),
        ..bundle
    };
    assert!(other.verify().is_err());
}
