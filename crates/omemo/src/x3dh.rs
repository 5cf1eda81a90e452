//! X3DH as OMEMO uses it: four (or, without a one-time prekey, three) X25519 outputs into
//! `HKDF(0xFF³² ‖ DH1 ‖ DH2 ‖ DH3 [‖ DH4], salt = 0³², info = version label, 64)`.
//! The first 32 output bytes are the initial root key; libsignal's initial chain key
//! (bytes 32..64) is never used because the responder ratchets before sending.

use zeroize::Zeroizing;

use crate::error::KeyError;
use crate::kdf;
use crate::keys::{PrivateKey, PublicKey, SecretKey, SharedSecret};
use crate::version::Version;

pub(crate) struct X3dhOutput {
    pub(crate) root_key: SecretKey,
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) initial_chain_key: SecretKey,
}

/// The initiator's side: `own_identity` is IK_A, `ephemeral` EK_A.
pub(crate) fn initiate(
    version: Version,
    own_identity: &PrivateKey,
    ephemeral: &PrivateKey,
    their_identity: &PublicKey,
    their_signed_prekey: &PublicKey,
    their_one_time_prekey: Option<&PublicKey>,
) -> Result<X3dhOutput, KeyError> {
    let dh1 = own_identity.diffie_hellman(their_signed_prekey, "signed prekey")?;
    let dh2 = ephemeral.diffie_hellman(their_identity, "identity key")?;
    let dh3 = ephemeral.diffie_hellman(their_signed_prekey, "signed prekey")?;
    let dh4 = their_one_time_prekey
        .map(|key| ephemeral.diffie_hellman(key, "one-time prekey"))
        .transpose()?;
    Ok(derive(version, &dh1, &dh2, &dh3, dh4.as_ref()))
}

/// The responder's side, mirroring [`initiate`].
pub(crate) fn respond(
    version: Version,
    own_identity: &PrivateKey,
    own_signed_prekey: &PrivateKey,
    own_one_time_prekey: Option<&PrivateKey>,
    their_identity: &PublicKey,
    their_ephemeral: &PublicKey,
) -> Result<X3dhOutput, KeyError> {
    let dh1 = own_signed_prekey.diffie_hellman(their_identity, "identity key")?;
    let dh2 = own_identity.diffie_hellman(their_ephemeral, "base key")?;
    let dh3 = own_signed_prekey.diffie_hellman(their_ephemeral, "base key")?;
    let dh4 = own_one_time_prekey
        .map(|key| key.diffie_hellman(their_ephemeral, "base key"))
        .transpose()?;
    Ok(derive(version, &dh1, &dh2, &dh3, dh4.as_ref()))
}

pub(crate) fn derive(
    version: Version,
    dh1: &SharedSecret,
    dh2: &SharedSecret,
    dh3: &SharedSecret,
    dh4: Option<&SharedSecret>,
) -> X3dhOutput {
    let mut ikm = Zeroizing::new(Vec::with_capacity(32 * 5));
    ikm.extend_from_slice(&[0xff; 32]);
    for dh in [Some(dh1), Some(dh2), Some(dh3), dh4].into_iter().flatten() {
        ikm.extend_from_slice(dh.as_bytes());
    }
    let (root_key, initial_chain_key) =
        kdf::split64(kdf::hkdf::<64>(&ikm, &[0u8; 32], version.x3dh_info()));
    X3dhOutput {
        root_key,
        initial_chain_key,
    }
}
