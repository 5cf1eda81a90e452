use super::{hex32, hex_field, vectors, OMEMO2};
use crate::identity::IdentityKeyPair;
use crate::kdf;
use crate::keys::{Ed25519PublicKey, IdentityPublicKey, PrivateKey, PublicKey};
use crate::prekeys::{Bundle, PreKeyPublic};
use crate::ratchet::Ratchet;
use crate::session::{InitiatorSecrets, Session};
use crate::version::Version;
use crate::x3dh;
use crate::xeddsa::{EdwardsForm, Signature};

fn path(rest: &str) -> String {
    format!("{OMEMO2}/{rest}")
}

fn private(rest: &str) -> PrivateKey {
    PrivateKey::from_bytes(hex32(&vectors(), &path(rest)))
}

fn public(rest: &str) -> PublicKey {
    PublicKey::from_bytes(hex32(&vectors(), &path(rest)))
}

#[test]
fn x3dh_ratchet_and_message_keys_match_the_vectors() {
    let v = vectors();
    let alice = private("msg1/x3dh/alice_identity_private");
    let ephemeral = private("msg1/x3dh/alice_ephemeral_private");
    assert_eq!(
        ephemeral.public_key(),
        public("msg1/x3dh/alice_ephemeral_public")
    );
    let bob_ik = Ed25519PublicKey::from_bytes(hex32(&v, &path("msg1/x3dh/bob_ik_ed25519")));
    let bob_curve = bob_ik.to_curve25519().unwrap();
    assert_eq!(bob_curve, public("msg1/x3dh/bob_ik_as_curve25519"));
    let spk = public("msg1/x3dh/bob_spk_public");
    let opk = public("msg1/x3dh/bob_pk_public");

    let out = x3dh::initiate(
        Version::Omemo2,
        &alice,
        &ephemeral,
        &bob_curve,
        &spk,
        Some(&opk),
    )
    .unwrap();
    let mut both = out.root_key.0.to_vec();
    both.extend_from_slice(&out.initial_chain_key.0);
    assert_eq!(both, hex_field(&v, &path("msg1/x3dh/hkdf_output_64")));
    assert_eq!(out.root_key.0, hex32(&v, &path("msg1/x3dh/root_key")));

    let ratchet = Ratchet::initiator(
        Version::Omemo2,
        out.root_key,
        private("msg1/ratchet/alice_ratchet_private"),
        &spk,
    )
    .unwrap();
    assert_eq!(
        ratchet.root_key().0,
        hex32(&v, &path("msg1/ratchet/root_key_after"))
    );
    let chain = ratchet.sending_chain_key().unwrap();
    assert_eq!(chain.0, hex32(&v, &path("msg1/ratchet/sending_chain_key")));
    let (seed, _) = kdf::chain_step(chain);
    assert_eq!(seed.0, hex32(&v, &path("msg1/ratchet/message_key_seed")));
    let keys = kdf::message_keys(Version::Omemo2, &seed);
    assert_eq!(keys.cipher_key, hex32(&v, &path("msg1/ratchet/cipher_key")));
    assert_eq!(keys.mac_key, hex32(&v, &path("msg1/ratchet/mac_key")));
    assert_eq!(keys.iv.to_vec(), hex_field(&v, &path("msg1/ratchet/iv")));
}

#[test]
fn associated_data_is_initiator_then_responder_with_the_published_ik() {
    let v = vectors();
    let alice = IdentityKeyPair::from_private(
        private("msg1/x3dh/alice_identity_private"),
        EdwardsForm::Natural,
    );
    assert_eq!(
        alice.ed25519_public().as_bytes(),
        &hex32(&v, &path("msg1/x3dh/alice_ik_ed25519"))
    );
    // The session only needs the bundle for X3DH; the signature is checked, so build the
    // bundle Bob would publish from his identity and a signature made with it.
    let bob =
        IdentityKeyPair::from_ed25519_seed(&hex32(&v, "primitives/bob_identity/ed25519_seed"));
    let spk = public("msg1/x3dh/bob_spk_public");
    let signature: Signature = bob.sign_with_nonce(Version::Omemo2, spk.as_bytes(), &[9; 64]);
    let bundle = Bundle {
        identity_key: IdentityPublicKey::Ed25519(Ed25519PublicKey::from_bytes(hex32(
            &v,
            &path("msg1/x3dh/bob_ik_ed25519"),
        ))),
        signed_prekey_id: 1,
        signed_prekey: spk,
        signed_prekey_signature: signature,
        prekeys: vec![PreKeyPublic {
            id: 2,
            key: public("msg1/x3dh/bob_pk_public"),
        }],
    };
    let secrets = InitiatorSecrets {
        ephemeral: private("msg1/x3dh/alice_ephemeral_private"),
        ratchet: private("msg1/ratchet/alice_ratchet_private"),
        prekey_id: 2,
    };
    let session = Session::initiate_with(&alice, &bundle, secrets, None).unwrap();
    let expected = hex_field(&v, &path("msg1/x3dh/associated_data"));
    assert_eq!(session.mac_prefix(true), expected);
    // Fixed order: the same prefix when the initiator receives.
    assert_eq!(session.mac_prefix(false), expected);
}
