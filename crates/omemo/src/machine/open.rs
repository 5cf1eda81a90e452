//! Opening one received `<key>`: finding or building the session that decrypts it, without
//! changing any state (the caller commits the result once the payload decrypted too).

use rand_core::CryptoRngCore;

use super::error::DecryptError;
use super::fingerprint::Fingerprint;
use super::records::{DeviceAddress, SessionAddress, SessionRecord, Trust, TrustRecord};
use super::OmemoMachine;
use crate::error::{SessionError, WireError};
use crate::payload::KeyMaterial;
use crate::ratchet::MessageHeader;
use crate::session::{Decrypted as SessionDecrypted, Session};
use crate::version::Version;
use crate::wire::{KeyExchange, RatchetMessage};

/// A key that decrypted, with everything to store if the payload decrypts as well.
pub(super) struct Opened {
    pub(super) address: SessionAddress,
    pub(super) record: SessionRecord,
    pub(super) key_material: KeyMaterial,
    pub(super) header: MessageHeader,
    pub(super) trust: TrustRecord,
    pub(super) trust_is_new: bool,
    /// Set when the key was a new key exchange: the session was just started by the peer.
    pub(super) started: Option<Started>,
}

pub(super) struct Started {
    pub(super) consumed_prekey_id: Option<u32>,
}

impl OmemoMachine {
    pub(super) fn open_key(
        &self,
        sender: &DeviceAddress,
        version: Version,
        data: &[u8],
        marked_key_exchange: bool,
        now: u64,
        rng: &mut impl CryptoRngCore,
    ) -> Result<Opened, DecryptError> {
        // Some old clients omitted `prekey='true'`: a key that only parses as a key exchange
        // is one.
        let is_key_exchange = marked_key_exchange
            || (RatchetMessage::parse(version, data).is_err()
                && KeyExchange::parse(version, data).is_ok());
        let address = SessionAddress {
            device: sender.clone(),
            version,
        };
        if is_key_exchange {
            self.open_key_exchange(address, data, now, rng)
        } else {
            self.open_ratchet_message(address, data, now, rng)
        }
    }

    fn open_ratchet_message(
        &self,
        address: SessionAddress,
        data: &[u8],
        now: u64,
        rng: &mut impl CryptoRngCore,
    ) -> Result<Opened, DecryptError> {
        let header = RatchetMessage::parse(address.version, data)
            .map_err(DecryptError::Malformed)?
            .header;
        let record = self
            .state
            .sessions
            .get(&address)
            .ok_or_else(|| DecryptError::NoSession {
                device: address.device.clone(),
            })?;
        let fingerprint = Fingerprint::of(record.current.remote_identity())
            .map_err(|error| DecryptError::Session(SessionError::Key(error)))?;
        let (trust, trust_is_new) = self.admit_sender(&address.device, &fingerprint, now)?;
        let (index, decrypted) = try_sessions(record, |session| session.decrypt(data, rng))?;
        let mut record = record.clone();
        record.promote(index, decrypted.session);
        Ok(Opened {
            address,
            record,
            key_material: decrypted.key_material,
            header,
            trust,
            trust_is_new,
            started: None,
        })
    }

    fn open_key_exchange(
        &self,
        address: SessionAddress,
        data: &[u8],
        now: u64,
        rng: &mut impl CryptoRngCore,
    ) -> Result<Opened, DecryptError> {
        let version = address.version;
        let exchange = KeyExchange::parse(version, data).map_err(DecryptError::Malformed)?;
        let fingerprint = Fingerprint::of(&exchange.identity_key)
            .map_err(|error| DecryptError::Malformed(WireError::Key(error)))?;
        let header = RatchetMessage::parse(version, &exchange.message)
            .map_err(DecryptError::Malformed)?
            .header;
        let (trust, trust_is_new) = self.admit_sender(&address.device, &fingerprint, now)?;
        let existing = self.state.sessions.get(&address);
        if let Some(record) = existing {
            // The initiator repeats its key exchange until it hears back: decrypt with the
            // session it built, never build a second one (its prekey is used up).
            if record
                .all()
                .any(|session| session.matches_key_exchange(&exchange))
            {
                let (index, decrypted) = try_sessions(record, |session| {
                    if session.matches_key_exchange(&exchange) {
                        session.decrypt_key_exchange(&exchange, rng)
                    } else {
                        Err(SessionError::ForeignKeyExchange)
                    }
                })?;
                let mut record = record.clone();
                record.promote(index, decrypted.session);
                return Ok(Opened {
                    address,
                    record,
                    key_material: decrypted.key_material,
                    header,
                    trust,
                    trust_is_new,
                    started: None,
                });
            }
            let known = Fingerprint::of(record.current.remote_identity())
                .map_err(|error| DecryptError::Session(SessionError::Key(error)))?;
            if known != fingerprint {
                return Err(DecryptError::IdentityChanged {
                    device: address.device.clone(),
                    known,
                    received: fingerprint,
                });
            }
        }
        let own = &self.state.own_device;
        let signed_prekey = own.find_signed_prekey(exchange.signed_prekey_id).ok_or(
            DecryptError::UnknownSignedPreKey {
                signed_prekey_id: exchange.signed_prekey_id,
            },
        )?;
        let one_time_prekey = match exchange.prekey_id {
            Some(id) => Some(
                &self
                    .state
                    .prekeys
                    .get(&id)
                    .ok_or(DecryptError::UnknownPreKey { prekey_id: id })?
                    .prekey,
            ),
            None => None,
        };
        let accepted = Session::accept(
            &own.identity,
            &exchange,
            signed_prekey,
            one_time_prekey,
            rng,
        )
        .map_err(DecryptError::from_session)?;
        let record = match existing {
            Some(record) => {
                let mut record = record.clone();
                record.replace_current(accepted.session, self.config.max_archived_sessions);
                record
            }
            None => SessionRecord::new(address.clone(), accepted.session),
        };
        Ok(Opened {
            address,
            record,
            key_material: accepted.key_material,
            header,
            trust,
            trust_is_new,
            started: Some(Started {
                consumed_prekey_id: accepted.consumed_prekey_id,
            }),
        })
    }

    /// The sender's trust record (new keys per BTBV); distrusted keys are refused before
    /// anything is decrypted.
    fn admit_sender(
        &self,
        device: &DeviceAddress,
        fingerprint: &Fingerprint,
        now: u64,
    ) -> Result<(TrustRecord, bool), DecryptError> {
        let (record, is_new) = self.trust_record(device, fingerprint, now);
        if record.trust == Trust::Distrusted {
            return Err(DecryptError::Distrusted {
                device: device.clone(),
                fingerprint: *fingerprint,
            });
        }
        Ok((record, is_new))
    }
}

/// Tries the current session, then the archived ones; the first that decrypts wins. When all
/// fail, a duplicate anywhere is reported as such (the message was read already), otherwise
/// the current session's error.
fn try_sessions(
    record: &SessionRecord,
    mut attempt: impl FnMut(&Session) -> Result<SessionDecrypted, SessionError>,
) -> Result<(usize, SessionDecrypted), DecryptError> {
    let mut errors = Vec::new();
    for (index, session) in record.all().enumerate() {
        match attempt(session) {
            Ok(decrypted) => return Ok((index, decrypted)),
            Err(error) => errors.push(error),
        }
    }
    let duplicate = errors
        .iter()
        .find(|error| matches!(error, SessionError::DuplicateMessage { .. }));
    let error = duplicate
        .or_else(|| {
            errors
                .iter()
                .find(|error| **error != SessionError::ForeignKeyExchange)
        })
        .or(errors.first())
        .cloned()
        .unwrap_or(SessionError::ForeignKeyExchange);
    Err(DecryptError::from_session(error))
}
