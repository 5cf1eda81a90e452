use super::{hex32, hex_field, vectors, ScriptedRng, LEGACY};
use crate::identity::IdentityKeyPair;
use crate::kdf;
use crate::keys::IdentityPublicKey;
use crate::keys::{PrivateKey, PublicKey, SecretKey};
use crate::payload::KeyMaterial;
use crate::prekeys::{Bundle, OneTimePreKey, PreKeyPublic, SignedPreKey};
use crate::ratchet::Ratchet;
use crate::session::{InitiatorSecrets, Session};
use crate::version::Version;
use crate::wire::KeyExchange;
use crate::x3dh;
use crate::xeddsa::{EdwardsForm, Signature};

fn path(rest: &str) -> String {
    format!("{LEGACY}/{rest}")
}

fn private(rest: &str) -> PrivateKey {
    PrivateKey::from_bytes(hex32(&vectors(), &path(rest)))
}

fn public(rest: &str) -> PublicKey {
    PublicKey::from_bytes(hex32(&vectors(), &path(rest)))
}

#[test]
fn x3dh_dh_outputs_and_hkdf_match_the_vectors() {
    let v = vectors();
    let alice = private("msg1/x3dh/alice_identity_private");
    let ephemeral = private("msg1/x3dh/alice_ephemeral_private");
    let bob_identity = public("msg1/x3dh/bob_identity_curve25519_public");
    let spk = public("msg1/x3dh/bob_signed_prekey_public");
    let opk = public("msg1/x3dh/bob_prekey_public");

    assert_eq!(
        ephemeral.public_key(),
        public("msg1/x3dh/alice_ephemeral_public")
    );
    let dh1 = alice.diffie_hellman(&spk, "spk").unwrap();
    let dh2 = ephemeral.diffie_hellman(&bob_identity, "ik").unwrap();
    let dh3 = ephemeral.diffie_hellman(&spk, "spk").unwrap();
    let dh4 = ephemeral.diffie_hellman(&opk, "opk").unwrap();
    assert_eq!(dh1.as_bytes(), &hex32(&v, &path("msg1/x3dh/dh1_IKa_SPKb")));
    assert_eq!(dh2.as_bytes(), &hex32(&v, &path("msg1/x3dh/dh2_EKa_IKb")));
    assert_eq!(dh3.as_bytes(), &hex32(&v, &path("msg1/x3dh/dh3_EKa_SPKb")));
    assert_eq!(dh4.as_bytes(), &hex32(&v, &path("msg1/x3dh/dh4_EKa_OPKb")));

    let out = x3dh::initiate(
        Version::Legacy,
        &alice,
        &ephemeral,
        &bob_identity,
        &spk,
        Some(&opk),
    )
    .unwrap();
    let mut both = out.root_key.0.to_vec();
    both.extend_from_slice(&out.initial_chain_key.0);
    assert_eq!(both, hex_field(&v, &path("msg1/x3dh/hkdf_output_64")));
    assert_eq!(out.root_key.0, hex32(&v, &path("msg1/x3dh/root_key")));
    assert_eq!(
        out.initial_chain_key.0,
        hex32(&v, &path("msg1/x3dh/initial_chain_key_unused"))
    );

    let bob =
        IdentityKeyPair::from_ed25519_seed(&hex32(&v, "primitives/bob_identity/ed25519_seed"));
    let responded = x3dh::respond(
        Version::Legacy,
        bob.private_key(),
        &private("msg1/x3dh/bob_signed_prekey_private"),
        Some(&private("msg1/x3dh/bob_prekey_private")),
        &alice.public_key(),
        &ephemeral.public_key(),
    )
    .unwrap();
    assert_eq!(responded.root_key.0, out.root_key.0);
}

#[test]
fn first_ratchet_step_chain_and_message_keys_match_the_vectors() {
    let v = vectors();
    let root = SecretKey(hex32(&v, &path("msg1/x3dh/root_key")));
    let ratchet_private = private("msg1/ratchet/alice_ratchet_private");
    let spk = public("msg1/x3dh/bob_signed_prekey_public");
    assert_eq!(
        ratchet_private.public_key(),
        public("msg1/ratchet/alice_ratchet_public")
    );
    assert_eq!(
        ratchet_private
            .diffie_hellman(&spk, "spk")
            .unwrap()
            .as_bytes(),
        &hex32(&v, &path("msg1/ratchet/dh_ratchet_output"))
    );

    let ratchet = Ratchet::initiator(Version::Legacy, root, ratchet_private, &spk).unwrap();
    assert_eq!(
        ratchet.root_key().0,
        hex32(&v, &path("msg1/ratchet/root_key_after"))
    );
    let chain = ratchet.sending_chain_key().unwrap();
    assert_eq!(chain.0, hex32(&v, &path("msg1/ratchet/sending_chain_key")));

    let (seed, next) = kdf::chain_step(chain);
    assert_eq!(
        seed.0,
        hex32(&v, &path("msg1/ratchet/message_key_seed_hmac01"))
    );
    assert_eq!(
        next.0,
        hex32(&v, &path("msg1/ratchet/next_chain_key_hmac02"))
    );

    let keys = kdf::message_keys(Version::Legacy, &seed);
    assert_eq!(keys.cipher_key, hex32(&v, &path("msg1/ratchet/cipher_key")));
    assert_eq!(keys.mac_key, hex32(&v, &path("msg1/ratchet/mac_key")));
    assert_eq!(keys.iv.to_vec(), hex_field(&v, &path("msg1/ratchet/iv")));
}

#[test]
fn responder_ratchet_matches_the_reply_vectors() {
    let v = vectors();
    let root0 = SecretKey(hex32(&v, &path("msg1/x3dh/root_key")));
    let spk_private = private("msg1/x3dh/bob_signed_prekey_private");
    let alice_ratchet = public("msg1/ratchet/alice_ratchet_public");

    // Bob's receiving step under his signed prekey reproduces Alice's sending chain.
    let dh = spk_private
        .diffie_hellman(&alice_ratchet, "ratchet")
        .unwrap();
    let (root1, receiving) = kdf::root_step(Version::Legacy, &root0, &dh);
    assert_eq!(
        root1.0,
        hex32(
            &v,
            &path("msg2_bob_to_alice/root_key_after_bob_receiving_step")
        )
    );
    assert_eq!(
        receiving.0,
        hex32(&v, &path("msg1/ratchet/sending_chain_key"))
    );

    let mut ratchet = Ratchet::responder(Version::Legacy, root0, spk_private);
    let header = crate::ratchet::MessageHeader {
        ratchet_key: alice_ratchet,
        counter: 0,
        previous_counter: 0,
    };
    let bob_ratchet = hex_field(&v, &path("msg2_bob_to_alice/bob_ratchet_private"));
    let seed = ratchet
        .receiving_key(&header, &mut ScriptedRng::new(&[&bob_ratchet]))
        .unwrap();
    assert_eq!(
        seed.0,
        hex32(&v, &path("msg1/ratchet/message_key_seed_hmac01"))
    );
    assert_eq!(
        ratchet.root_key().0,
        hex32(
            &v,
            &path("msg2_bob_to_alice/root_key_after_bob_sending_step")
        )
    );
    let sending = ratchet.sending_chain_key().unwrap();
    assert_eq!(
        sending.0,
        hex32(&v, &path("msg2_bob_to_alice/bob_sending_chain_key"))
    );
    let (seed, _) = kdf::chain_step(sending);
    assert_eq!(
        seed.0,
        hex32(&v, &path("msg2_bob_to_alice/message_key_seed"))
    );
}

#[test]
fn mac_prefixes_are_sender_then_receiver() {
    use base64::Engine as _;
    let v = vectors();
    let b64 = |rest: &str| {
        base64::engine::general_purpose::STANDARD
            .decode(super::field(&v, &path(rest)).as_str().unwrap())
            .unwrap()
    };
    let alice = IdentityKeyPair::from_private(
        private("msg1/x3dh/alice_identity_private"),
        EdwardsForm::Natural,
    );
    let bob =
        IdentityKeyPair::from_ed25519_seed(&hex32(&v, "primitives/bob_identity/ed25519_seed"));
    let bundle = Bundle {
        identity_key: IdentityPublicKey::Curve25519(
            PublicKey::from_djb("ik", &b64("bob_bundle_fields/identityKey_b64")).unwrap(),
        ),
        signed_prekey_id: 1,
        signed_prekey: PublicKey::from_djb("spk", &b64("bob_bundle_fields/signedPreKeyPublic_b64"))
            .unwrap(),
        signed_prekey_signature: Signature::from_slice(&b64(
            "bob_bundle_fields/signedPreKeySignature_b64",
        ))
        .unwrap(),
        prekeys: vec![PreKeyPublic {
            id: 3,
            key: public("msg1/x3dh/bob_prekey_public"),
        }],
    };
    let secrets = InitiatorSecrets {
        ephemeral: private("msg1/x3dh/alice_ephemeral_private"),
        ratchet: private("msg1/ratchet/alice_ratchet_private"),
        prekey_id: 3,
    };
    let alice_session = Session::initiate_with(&alice, &bundle, secrets, None).unwrap();
    assert_eq!(
        alice_session.mac_prefix(true),
        hex_field(&v, &path("msg1/x3dh/associated_data_alice_to_bob"))
    );

    let sent = alice_session
        .encrypt(&KeyMaterial::from_bytes(vec![7; 32]))
        .unwrap();
    let exchange = KeyExchange::parse(Version::Legacy, &sent.message).unwrap();
    let mut signing_rng = ScriptedRng::new(&[&[0u8; 128]]);
    let spk = SignedPreKey::new(
        1,
        private("msg1/x3dh/bob_signed_prekey_private"),
        &bob,
        0,
        &mut signing_rng,
    );
    let opk = OneTimePreKey::new(3, private("msg1/x3dh/bob_prekey_private"));
    let bob_ratchet = hex_field(&v, &path("msg2_bob_to_alice/bob_ratchet_private"));
    let accepted = Session::accept(
        &bob,
        &exchange,
        &spk,
        Some(&opk),
        &mut ScriptedRng::new(&[&bob_ratchet]),
    )
    .unwrap();
    assert_eq!(
        accepted.session.mac_prefix(true),
        hex_field(&v, &path("msg2_bob_to_alice/mac_input_prefix"))
    );
    assert_eq!(
        accepted.session.mac_prefix(false),
        alice_session.mac_prefix(true)
    );
}
