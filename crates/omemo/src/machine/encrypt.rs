//! Encrypting a message once for many devices, and empty messages for one.

use std::fmt;

use rand_core::CryptoRngCore;

use super::error::{DeviceFailure, DeviceFailureReason, EncryptError};
use super::fingerprint::Fingerprint;
use super::records::{DeviceAddress, SessionAddress, SessionRecord};
use super::state::{Changes, Touched};
use super::{OmemoMachine, Recipient};
use crate::error::SessionError;
use crate::payload::{self, KeyMaterial};
use crate::prekeys::Bundle;
use crate::session::Session;
use crate::version::Version;

/// A message to encrypt. Its `Debug` output leaves the plaintext out.
#[derive(Clone, Copy)]
pub struct EncryptRequest<'a> {
    pub version: Version,
    /// Legacy: the UTF-8 body. OMEMO 2: the XEP-0420 envelope.
    pub plaintext: &'a [u8],
    /// The contacts (or MUC members) and their devices.
    pub recipients: &'a [Recipient],
    /// The own account's other devices (this device is left out anyway).
    pub own_devices: &'a [u32],
    /// Bundles fetched for devices without a session ([`OmemoMachine::missing_bundles`]).
    pub bundles: &'a [FetchedBundle],
}

impl fmt::Debug for EncryptRequest<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EncryptRequest")
            .field("version", &self.version)
            .field(
                "plaintext",
                &format_args!("<{} bytes redacted>", self.plaintext.len()),
            )
            .field("recipients", &self.recipients)
            .field("own_devices", &self.own_devices)
            .field("bundles", &self.bundles)
            .finish()
    }
}

/// A bundle the client fetched and decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchedBundle {
    pub device: DeviceAddress,
    pub bundle: Bundle,
}

/// One `<key>` element: for `device`, the ratchet message (or key exchange) as bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyElement {
    /// OMEMO 2 groups keys by `device.jid` (`<keys jid>`); legacy only writes the id.
    pub device: DeviceAddress,
    pub data: Vec<u8>,
    /// `prekey='true'` (legacy) / `kex='true'` (OMEMO 2).
    pub is_key_exchange: bool,
}

/// The content of an `<encrypted>` element, for the XML layer to serialise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingMessage {
    pub version: Version,
    /// The `sid`: this device.
    pub sender_device_id: u32,
    pub keys: Vec<KeyElement>,
    /// Legacy `<iv>` (present in empty messages too); `None` in OMEMO 2.
    pub iv: Option<Vec<u8>>,
    /// The `<payload>`; `None` for an empty message.
    pub payload: Option<Vec<u8>>,
}

/// The result of [`OmemoMachine::encrypt`].
#[derive(Debug)]
pub struct EncryptOutcome {
    /// `None` when no device at all could be encrypted for.
    pub message: Option<OutgoingMessage>,
    /// The devices left out, and why.
    pub failures: Vec<DeviceFailure>,
    /// Recipients none of whose devices got a key (a UI should warn before sending).
    pub jids_without_keys: Vec<String>,
    /// New sessions, advanced ratchets, keys seen for the first time: persist before sending.
    pub changes: Changes,
}

/// The result of [`OmemoMachine::encrypt_empty`].
#[derive(Debug)]
pub struct EmptyMessage {
    pub message: OutgoingMessage,
    pub changes: Changes,
}

/// What stays the same for every device of one message.
struct Sending<'a> {
    version: Version,
    material: &'a KeyMaterial,
    /// Content goes only to trusted keys; empty messages carry nothing and go to any key.
    check_trust: bool,
    /// Start a new session from the bundle even when one exists (rebuilding a session).
    fresh_session: bool,
    now: u64,
}

impl OmemoMachine {
    /// Encrypts `request.plaintext` once and its key for every trusted device of the
    /// recipients and the own account. Devices without a session need a bundle in
    /// `request.bundles`; untrusted ones and those that fail are listed in `failures`.
    pub fn encrypt(
        &mut self,
        request: &EncryptRequest<'_>,
        now: u64,
        rng: &mut impl CryptoRngCore,
    ) -> Result<EncryptOutcome, EncryptError> {
        let (material, iv, payload) = match request.version {
            Version::Legacy => {
                let (material, encrypted) = payload::legacy::encrypt(request.plaintext, rng)?;
                (material, Some(encrypted.iv), encrypted.ciphertext)
            }
            Version::Omemo2 => {
                let (material, ciphertext) = payload::omemo2::encrypt(request.plaintext, rng);
                (material, None, ciphertext)
            }
        };
        let sending = Sending {
            version: request.version,
            material: &material,
            check_trust: true,
            fresh_session: false,
            now,
        };
        let mut touched = Touched::default();
        let mut keys = Vec::new();
        let mut failures = Vec::new();
        for device in self.targets(request.recipients, request.own_devices) {
            let bundle = request
                .bundles
                .iter()
                .find(|fetched| fetched.device == device)
                .map(|fetched| &fetched.bundle);
            match self.encrypt_for(&device, bundle, &sending, rng, &mut touched) {
                Ok(key) => keys.push(key),
                Err(reason) => failures.push(DeviceFailure { device, reason }),
            }
        }
        let mut jids_without_keys: Vec<String> = request
            .recipients
            .iter()
            .filter(|recipient| !keys.iter().any(|key| key.device.jid == recipient.jid))
            .map(|recipient| recipient.jid.clone())
            .collect();
        jids_without_keys.sort();
        jids_without_keys.dedup();
        let message = (!keys.is_empty()).then(|| OutgoingMessage {
            version: request.version,
            sender_device_id: self.device_id(),
            keys,
            iv,
            payload: Some(payload),
        });
        Ok(EncryptOutcome {
            message,
            failures,
            jids_without_keys,
            changes: self.state.changes_for(&touched),
        })
    }

    /// An empty message (no payload) for one device, as [`super::FollowUp::SendEmptyMessage`]
    /// and [`super::FollowUp::RebuildSession`] ask. With a bundle, a new session is started
    /// from it (the current one is archived); without, the existing session is used. Empty
    /// messages carry no content, so they go to keys of any trust.
    pub fn encrypt_empty(
        &mut self,
        address: &SessionAddress,
        bundle: Option<&Bundle>,
        now: u64,
        rng: &mut impl CryptoRngCore,
    ) -> Result<EmptyMessage, DeviceFailure> {
        let version = address.version;
        let (material, iv) = match version {
            Version::Legacy => {
                let material = payload::legacy::key_transport(rng);
                let mut iv = vec![0u8; payload::legacy::IV_LEN];
                rng.fill_bytes(&mut iv);
                (material, Some(iv))
            }
            Version::Omemo2 => (payload::omemo2::empty_key_material(), None),
        };
        let sending = Sending {
            version,
            material: &material,
            check_trust: false,
            fresh_session: bundle.is_some(),
            now,
        };
        let mut touched = Touched::default();
        let key = self
            .encrypt_for(&address.device, bundle, &sending, rng, &mut touched)
            .map_err(|reason| DeviceFailure {
                device: address.device.clone(),
                reason,
            })?;
        let message = OutgoingMessage {
            version,
            sender_device_id: self.device_id(),
            keys: vec![key],
            iv,
            payload: None,
        };
        Ok(EmptyMessage {
            message,
            changes: self.state.changes_for(&touched),
        })
    }

    fn encrypt_for(
        &mut self,
        device: &DeviceAddress,
        bundle: Option<&Bundle>,
        sending: &Sending<'_>,
        rng: &mut impl CryptoRngCore,
        touched: &mut Touched,
    ) -> Result<KeyElement, DeviceFailureReason> {
        let address = SessionAddress {
            device: device.clone(),
            version: sending.version,
        };
        let existing = self.state.sessions.get(&address).cloned();
        let mut record = match (existing, bundle) {
            (Some(record), _) if !sending.fresh_session => {
                let fingerprint = Fingerprint::of(record.current.remote_identity())
                    .map_err(DeviceFailureReason::InvalidIdentityKey)?;
                self.admit(device, &fingerprint, sending, touched)?;
                record
            }
            (existing, Some(bundle)) => {
                let session = self.start_session(device, bundle, sending, rng, touched)?;
                match existing {
                    Some(mut record) => {
                        record.replace_current(session, self.config.max_archived_sessions);
                        record
                    }
                    None => SessionRecord::new(address.clone(), session),
                }
            }
            (_, None) => return Err(DeviceFailureReason::NoBundle),
        };
        let encrypted = record
            .current
            .encrypt(sending.material)
            .map_err(DeviceFailureReason::Session)?;
        record.current = encrypted.session;
        // Whatever we send answers the peer's newest chain: no heartbeat is owed for it.
        record.answered_ratchet_key = record.current.remote_ratchet_key();
        self.state.sessions.insert(address.clone(), record);
        touched.sessions.insert(address);
        Ok(KeyElement {
            device: device.clone(),
            data: encrypted.message,
            is_key_exchange: encrypted.is_key_exchange,
        })
    }

    /// Starts a session from a bundle, after checking it and the trust in its key.
    fn start_session(
        &mut self,
        device: &DeviceAddress,
        bundle: &Bundle,
        sending: &Sending<'_>,
        rng: &mut impl CryptoRngCore,
        touched: &mut Touched,
    ) -> Result<Session, DeviceFailureReason> {
        if bundle.version() != sending.version {
            return Err(DeviceFailureReason::BundleVersionMismatch {
                expected: sending.version,
                found: bundle.version(),
            });
        }
        let fingerprint = Fingerprint::of(&bundle.identity_key)
            .map_err(DeviceFailureReason::InvalidIdentityKey)?;
        bundle
            .verify()
            .map_err(DeviceFailureReason::BadBundleSignature)?;
        if bundle.prekeys.is_empty() {
            return Err(DeviceFailureReason::BundleWithoutPreKeys);
        }
        self.admit(device, &fingerprint, sending, touched)?;
        // libsignal clients put their device id in the registration id; do the same.
        let registration_id = (sending.version == Version::Legacy).then_some(self.device_id());
        Session::initiate(
            &self.state.own_device.identity,
            bundle,
            registration_id,
            rng,
        )
        .map_err(|error| match error {
            SessionError::BundleWithoutPreKeys => DeviceFailureReason::BundleWithoutPreKeys,
            SessionError::BundleSignature(source) => {
                DeviceFailureReason::BadBundleSignature(source)
            }
            other => DeviceFailureReason::InvalidBundle(other),
        })
    }

    /// Records a key seen for the first time (BTBV) and, for content, refuses untrusted keys.
    fn admit(
        &mut self,
        device: &DeviceAddress,
        fingerprint: &Fingerprint,
        sending: &Sending<'_>,
        touched: &mut Touched,
    ) -> Result<(), DeviceFailureReason> {
        let (record, is_new) = self.trust_record(device, fingerprint, sending.now);
        let trust = record.trust;
        if is_new {
            self.store_trust_record(record, touched);
        }
        if !sending.check_trust || trust.allows_sending() {
            return Ok(());
        }
        Err(match trust {
            super::Trust::Distrusted => DeviceFailureReason::Distrusted {
                fingerprint: *fingerprint,
            },
            _ => DeviceFailureReason::Undecided {
                fingerprint: *fingerprint,
            },
        })
    }
}
