//! One OMEMO session with one remote device, as a value: every operation takes the current
//! state and returns the next one (to persist before anything is sent) with its output.
//! The state is never changed in place, so a failed decryption leaves nothing to roll back.

use hmac::Mac;
use rand_core::CryptoRngCore;
use serde::{Deserialize, Serialize};

use crate::aes_cbc;
use crate::error::SessionError;
use crate::identity::IdentityKeyPair;
use crate::kdf;
use crate::keys::{IdentityPublicKey, PrivateKey, PublicKey};
use crate::payload::KeyMaterial;
use crate::prekeys::{Bundle, OneTimePreKey, SignedPreKey};
use crate::ratchet::Ratchet;
use crate::version::Version;
use crate::wire::{KeyExchange, RatchetMessage};
use crate::x3dh;

/// Which side started the session (OMEMO 2 authenticates `initiator ‖ responder` identities).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Role {
    Initiator,
    Responder,
}

/// Kept by the initiator until the first message from the peer decrypts: until then every
/// outgoing message is wrapped in the same key exchange, so a lost first message does no harm.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct PendingKeyExchange {
    prekey_id: u32,
    signed_prekey_id: u32,
    registration_id: Option<u32>,
}

/// The persisted state of a session.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Session {
    version: Version,
    role: Role,
    local_identity: IdentityPublicKey,
    remote_identity: IdentityPublicKey,
    remote_identity_curve25519: PublicKey,
    /// The initiator's ephemeral key; identifies repeats of the key exchange.
    base_key: PublicKey,
    pending_key_exchange: Option<PendingKeyExchange>,
    ratchet: Ratchet,
}

/// The secrets the initiator draws at random, for callers (and tests) that supply them.
#[derive(Debug)]
pub struct InitiatorSecrets {
    pub ephemeral: PrivateKey,
    pub ratchet: PrivateKey,
    /// The bundle's one-time prekey to use.
    pub prekey_id: u32,
}

/// The result of [`Session::encrypt`].
#[derive(Debug)]
pub struct Encrypted {
    /// The next state, to persist before the message is sent.
    pub session: Session,
    /// The `<key>` element content.
    pub message: Vec<u8>,
    /// The message is a key exchange (`prekey='true'` / `kex='true'`).
    pub is_key_exchange: bool,
}

/// The result of [`Session::decrypt`] and [`Session::decrypt_key_exchange`].
#[derive(Debug)]
pub struct Decrypted {
    /// The next state, to persist.
    pub session: Session,
    pub key_material: KeyMaterial,
    /// The message's index in its sending chain (python-omemo and the XEP answer with an empty
    /// message once a chain grows long).
    pub counter: u32,
}

/// The result of [`Session::accept`].
#[derive(Debug)]
pub struct Accepted {
    pub session: Session,
    pub key_material: KeyMaterial,
    /// The one-time prekey this used up: remove it from the store and the bundle.
    pub consumed_prekey_id: Option<u32>,
}

impl Session {
    /// Starts a session with a device from its bundle (active X3DH), choosing a one-time
    /// prekey and drawing the ephemeral and ratchet keys from `rng`. `registration_id` is
    /// written into legacy key exchanges (libsignal clients send their device id there).
    pub fn initiate(
        own_identity: &IdentityKeyPair,
        bundle: &Bundle,
        registration_id: Option<u32>,
        rng: &mut impl CryptoRngCore,
    ) -> Result<Session, SessionError> {
        let count = u64::try_from(bundle.prekeys.len()).unwrap_or(u64::MAX);
        if count == 0 {
            return Err(SessionError::BundleWithoutPreKeys);
        }
        let index = usize::try_from(rng.next_u64() % count).unwrap_or(0);
        let prekey = bundle
            .prekeys
            .get(index)
            .ok_or(SessionError::BundleWithoutPreKeys)?;
        let secrets = InitiatorSecrets {
            ephemeral: PrivateKey::generate(rng),
            ratchet: PrivateKey::generate(rng),
            prekey_id: prekey.id,
        };
        Self::initiate_with(own_identity, bundle, secrets, registration_id)
    }

    /// [`Session::initiate`] with the random choices supplied.
    pub fn initiate_with(
        own_identity: &IdentityKeyPair,
        bundle: &Bundle,
        secrets: InitiatorSecrets,
        registration_id: Option<u32>,
    ) -> Result<Session, SessionError> {
        bundle.verify().map_err(SessionError::BundleSignature)?;
        let version = bundle.version();
        let prekey = bundle
            .prekeys
            .iter()
            .find(|prekey| prekey.id == secrets.prekey_id)
            .ok_or(SessionError::UnknownBundlePreKey {
                id: secrets.prekey_id,
            })?;
        let remote_identity_curve25519 = bundle.identity_key.to_curve25519()?;
        let agreed = x3dh::initiate(
            version,
            own_identity.private_key(),
            &secrets.ephemeral,
            &remote_identity_curve25519,
            &bundle.signed_prekey,
            Some(&prekey.key),
        )?;
        let ratchet = Ratchet::initiator(
            version,
            agreed.root_key,
            secrets.ratchet,
            &bundle.signed_prekey,
        )?;
        Ok(Session {
            version,
            role: Role::Initiator,
            local_identity: own_identity.public_for(version),
            remote_identity: bundle.identity_key,
            remote_identity_curve25519,
            base_key: secrets.ephemeral.public_key(),
            pending_key_exchange: Some(PendingKeyExchange {
                prekey_id: prekey.id,
                signed_prekey_id: bundle.signed_prekey_id,
                registration_id,
            }),
            ratchet,
        })
    }

    /// Builds the responder's session from a received key exchange (passive X3DH) and
    /// decrypts the message inside it. The caller looks the prekeys up by the ids in
    /// `exchange` and, when the exchange repeats one already accepted (same base key, see
    /// [`Session::matches_key_exchange`]), uses [`Session::decrypt_key_exchange`] instead.
    pub fn accept(
        own_identity: &IdentityKeyPair,
        exchange: &KeyExchange,
        signed_prekey: &SignedPreKey,
        one_time_prekey: Option<&OneTimePreKey>,
        rng: &mut impl CryptoRngCore,
    ) -> Result<Accepted, SessionError> {
        let version = exchange.version();
        if signed_prekey.id != exchange.signed_prekey_id {
            return Err(SessionError::SignedPreKeyMismatch {
                requested: exchange.signed_prekey_id,
                given: signed_prekey.id,
            });
        }
        let given_prekey_id = one_time_prekey.map(|prekey| prekey.id);
        if given_prekey_id != exchange.prekey_id {
            return Err(SessionError::PreKeyMismatch {
                requested: exchange.prekey_id,
                given: given_prekey_id,
            });
        }
        let remote_identity_curve25519 = exchange.identity_key.to_curve25519()?;
        let agreed = x3dh::respond(
            version,
            own_identity.private_key(),
            signed_prekey.private_key(),
            one_time_prekey.map(OneTimePreKey::private_key),
            &remote_identity_curve25519,
            &exchange.base_key,
        )?;
        let session = Session {
            version,
            role: Role::Responder,
            local_identity: own_identity.public_for(version),
            remote_identity: exchange.identity_key,
            remote_identity_curve25519,
            base_key: exchange.base_key,
            pending_key_exchange: None,
            ratchet: Ratchet::responder(
                version,
                agreed.root_key,
                signed_prekey.private_key().clone(),
            ),
        };
        let decrypted = session.decrypt(&exchange.message, rng)?;
        Ok(Accepted {
            session: decrypted.session,
            key_material: decrypted.key_material,
            consumed_prekey_id: exchange.prekey_id,
        })
    }

    /// Encrypts key material for the remote device.
    pub fn encrypt(&self, key_material: &KeyMaterial) -> Result<Encrypted, SessionError> {
        let mut next = self.clone();
        let (header, seed) = next.ratchet.next_sending_key()?;
        let keys = kdf::message_keys(self.version, &seed);
        let ciphertext = aes_cbc::encrypt(&keys.cipher_key, &keys.iv, key_material.as_bytes());
        let authenticated = RatchetMessage::authenticated_part(self.version, &header, &ciphertext);
        let mut mac = kdf::new_hmac(&keys.mac_key);
        mac.update(&self.mac_prefix(true));
        mac.update(&authenticated);
        let full_mac = mac.finalize().into_bytes();
        let truncated = full_mac
            .get(..self.version.mac_len())
            .ok_or(SessionError::MacMismatch)?;
        let message = RatchetMessage::assemble(self.version, authenticated, truncated);
        let (message, is_key_exchange) = match &self.pending_key_exchange {
            Some(pending) => (
                KeyExchange {
                    prekey_id: Some(pending.prekey_id),
                    signed_prekey_id: pending.signed_prekey_id,
                    base_key: self.base_key,
                    identity_key: self.local_identity,
                    registration_id: pending.registration_id,
                    message,
                }
                .encode(),
                true,
            ),
            None => (message, false),
        };
        Ok(Encrypted {
            session: next,
            message,
            is_key_exchange,
        })
    }

    /// Decrypts a ratchet message (not a key exchange) from the remote device. `rng` supplies
    /// the new ratchet key when the message starts a new chain.
    pub fn decrypt(
        &self,
        message: &[u8],
        rng: &mut impl CryptoRngCore,
    ) -> Result<Decrypted, SessionError> {
        let parsed = RatchetMessage::parse(self.version, message)?;
        let mut next = self.clone();
        let seed = next.ratchet.receiving_key(&parsed.header, rng)?;
        let keys = kdf::message_keys(self.version, &seed);
        if parsed.mac.len() != self.version.mac_len() {
            return Err(SessionError::MacMismatch);
        }
        let mut mac = kdf::new_hmac(&keys.mac_key);
        mac.update(&self.mac_prefix(false));
        mac.update(&parsed.authenticated);
        mac.verify_truncated_left(&parsed.mac)
            .map_err(|_| SessionError::MacMismatch)?;
        let plaintext = aes_cbc::decrypt(&keys.cipher_key, &keys.iv, &parsed.ciphertext)
            .ok_or(SessionError::Padding)?;
        next.pending_key_exchange = None;
        Ok(Decrypted {
            session: next,
            key_material: KeyMaterial::from_bytes(plaintext.to_vec()),
            counter: parsed.header.counter,
        })
    }

    /// Whether `exchange` is a repeat of the key exchange that created this (responder)
    /// session: initiators resend it until they hear back.
    pub fn matches_key_exchange(&self, exchange: &KeyExchange) -> bool {
        self.role == Role::Responder
            && exchange.base_key == self.base_key
            && exchange.identity_key == self.remote_identity
    }

    /// Decrypts the message inside a repeated key exchange with this session.
    pub fn decrypt_key_exchange(
        &self,
        exchange: &KeyExchange,
        rng: &mut impl CryptoRngCore,
    ) -> Result<Decrypted, SessionError> {
        if exchange.version() != self.version {
            return Err(SessionError::VersionMismatch {
                expected: self.version,
                found: exchange.version(),
            });
        }
        if !self.matches_key_exchange(exchange) {
            return Err(SessionError::ForeignKeyExchange);
        }
        self.decrypt(&exchange.message, rng)
    }

    /// What the MAC covers before the message: legacy `IK_sender ‖ IK_receiver` (33-byte
    /// forms, so the order flips with the direction), OMEMO 2 `IK_initiator ‖ IK_responder`.
    pub(crate) fn mac_prefix(&self, local_is_sender: bool) -> Vec<u8> {
        let local_first = match self.version {
            Version::Legacy => local_is_sender,
            Version::Omemo2 => self.role == Role::Initiator,
        };
        let (first, second) = if local_first {
            (&self.local_identity, &self.remote_identity)
        } else {
            (&self.remote_identity, &self.local_identity)
        };
        let mut prefix = first.to_wire();
        prefix.extend(second.to_wire());
        prefix
    }

    pub fn version(&self) -> Version {
        self.version
    }

    pub fn role(&self) -> Role {
        self.role
    }

    /// The remote identity key as transmitted (compare it with the bundle / trust store).
    pub fn remote_identity(&self) -> &IdentityPublicKey {
        &self.remote_identity
    }

    /// The remote identity in Curve25519 form, the basis of its fingerprint.
    pub fn remote_identity_curve25519(&self) -> PublicKey {
        self.remote_identity_curve25519
    }

    pub fn local_identity(&self) -> &IdentityPublicKey {
        &self.local_identity
    }

    pub fn base_key(&self) -> PublicKey {
        self.base_key
    }

    /// True while outgoing messages are still wrapped in the key exchange.
    pub fn is_key_exchange_pending(&self) -> bool {
        self.pending_key_exchange.is_some()
    }

    /// False for a responder session before it has received anything.
    pub fn can_send(&self) -> bool {
        self.ratchet.can_send()
    }

    /// The peer's ratchet key of the newest chain received on this session, if any.
    pub fn remote_ratchet_key(&self) -> Option<PublicKey> {
        self.ratchet.newest_remote_key()
    }

    /// Message keys kept for messages not received yet (bounded).
    pub fn stored_skipped_keys(&self) -> usize {
        self.ratchet.stored_skipped_keys()
    }
}
