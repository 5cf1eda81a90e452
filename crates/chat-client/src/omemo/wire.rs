//! Between the stanza types of `xmpp-protocol` and the plain data of the `omemo` crate: bundles
//! both ways, outgoing `<encrypted>` elements, and received ones narrowed to this device.

use omemo::{
    Bundle, Ed25519PublicKey, IdentityPublicKey, IncomingMessage, KeyError, OutgoingMessage,
    PreKeyPublic, PublicKey, ReceivedKey, Signature, Version,
};
use xmpp_protocol::omemo::{
    DeviceId, LegacyBundle, LegacyEncrypted, LegacyKey, Omemo2Bundle, Omemo2Encrypted, Omemo2Key,
    Omemo2Recipient, OmemoEncrypted, PreKey,
};
use xmpp_protocol::BareJid;

/// A published bundle that cannot be used, and why.
#[derive(Debug, thiserror::Error)]
pub(crate) enum BundleError {
    #[error("{0}")]
    Key(#[from] KeyError),
    #[error("its signature is not 64 bytes")]
    Signature,
}

/// The parts both bundle versions share, with the version's key encoding (`0x05 ‖ u` legacy,
/// raw bytes in OMEMO 2).
struct WireBundle<'a> {
    identity_key: IdentityPublicKey,
    signed_pre_key_id: u32,
    signed_pre_key: &'a [u8],
    signature: &'a [u8],
    pre_keys: &'a [PreKey],
    read_key: fn(&'static str, &[u8]) -> Result<PublicKey, KeyError>,
}

fn bundle_in(wire: WireBundle<'_>) -> Result<Bundle, BundleError> {
    let prekeys = wire
        .pre_keys
        .iter()
        .map(|prekey| {
            Ok(PreKeyPublic {
                id: prekey.id,
                key: (wire.read_key)("one-time prekey", &prekey.public_key)?,
            })
        })
        .collect::<Result<Vec<_>, KeyError>>()?;
    Ok(Bundle {
        identity_key: wire.identity_key,
        signed_prekey_id: wire.signed_pre_key_id,
        signed_prekey: (wire.read_key)("signed prekey", wire.signed_pre_key)?,
        signed_prekey_signature: Signature::from_slice(wire.signature)
            .map_err(|_| BundleError::Signature)?,
        prekeys,
    })
}

pub(crate) fn legacy_bundle_in(bundle: &LegacyBundle) -> Result<Bundle, BundleError> {
    bundle_in(WireBundle {
        identity_key: IdentityPublicKey::Curve25519(PublicKey::from_djb(
            "identity key",
            &bundle.identity_key,
        )?),
        signed_pre_key_id: bundle.signed_pre_key_id,
        signed_pre_key: &bundle.signed_pre_key,
        signature: &bundle.signed_pre_key_signature,
        pre_keys: &bundle.pre_keys,
        read_key: PublicKey::from_djb,
    })
}

pub(crate) fn omemo2_bundle_in(bundle: &Omemo2Bundle) -> Result<Bundle, BundleError> {
    bundle_in(WireBundle {
        identity_key: IdentityPublicKey::Ed25519(Ed25519PublicKey::from_slice(
            "identity key",
            &bundle.identity_key,
        )?),
        signed_pre_key_id: bundle.signed_pre_key_id,
        signed_pre_key: &bundle.signed_pre_key,
        signature: &bundle.signed_pre_key_signature,
        pre_keys: &bundle.pre_keys,
        read_key: PublicKey::from_slice,
    })
}

pub(crate) fn legacy_bundle_out(bundle: &Bundle) -> LegacyBundle {
    LegacyBundle {
        signed_pre_key_id: bundle.signed_prekey_id,
        signed_pre_key: bundle.signed_prekey.to_djb().to_vec(),
        signed_pre_key_signature: bundle.signed_prekey_signature.as_bytes().to_vec(),
        identity_key: bundle.identity_key.to_wire(),
        pre_keys: bundle
            .prekeys
            .iter()
            .map(|p| PreKey {
                id: p.id,
                public_key: p.key.to_djb().to_vec(),
            })
            .collect(),
    }
}

pub(crate) fn omemo2_bundle_out(bundle: &Bundle) -> Omemo2Bundle {
    Omemo2Bundle {
        signed_pre_key_id: bundle.signed_prekey_id,
        signed_pre_key: bundle.signed_prekey.as_bytes().to_vec(),
        signed_pre_key_signature: bundle.signed_prekey_signature.as_bytes().to_vec(),
        identity_key: bundle.identity_key.to_wire(),
        pre_keys: bundle
            .prekeys
            .iter()
            .map(|p| PreKey {
                id: p.id,
                public_key: p.key.as_bytes().to_vec(),
            })
            .collect(),
    }
}

/// Device ids on the wire are 1..2^31; the machine never makes others, so a failure here is
/// a device id that came from a hostile list, dropped with its key.
fn device_id(id: u32) -> Option<DeviceId> {
    DeviceId::new(id).ok()
}

/// The `<encrypted>` element for what the machine produced.
pub(crate) fn encrypted_out(message: OutgoingMessage) -> Option<OmemoEncrypted> {
    let sid = device_id(message.sender_device_id)?;
    Some(match message.version {
        Version::Legacy => OmemoEncrypted::Legacy(LegacyEncrypted {
            sid,
            keys: message
                .keys
                .into_iter()
                .filter_map(|key| {
                    Some(LegacyKey {
                        rid: device_id(key.device.device_id)?,
                        prekey: key.is_key_exchange,
                        data: key.data,
                    })
                })
                .collect(),
            iv: message.iv.unwrap_or_default(),
            payload: message.payload,
        }),
        Version::Omemo2 => {
            let mut recipients: Vec<Omemo2Recipient> = Vec::new();
            for key in message.keys {
                let (Ok(jid), Some(rid)) = (
                    key.device.jid.parse::<BareJid>(),
                    device_id(key.device.device_id),
                ) else {
                    continue;
                };
                let entry = Omemo2Key {
                    rid,
                    kex: key.is_key_exchange,
                    data: key.data,
                };
                match recipients.iter_mut().find(|r| r.jid == jid) {
                    Some(recipient) => recipient.keys.push(entry),
                    None => recipients.push(Omemo2Recipient {
                        jid,
                        keys: vec![entry],
                    }),
                }
            }
            OmemoEncrypted::Omemo2(Omemo2Encrypted {
                sid,
                recipients,
                payload: message.payload,
            })
        }
    })
}

/// What the machine needs of a received `<encrypted>`: the keys addressed to this device.
pub(crate) fn encrypted_in(
    encrypted: &OmemoEncrypted,
    sender: &BareJid,
    own: &BareJid,
    own_device: u32,
    sent_at_ms: Option<u64>,
) -> Option<IncomingMessage> {
    let rid = device_id(own_device)?;
    let (version, sid, keys, iv, payload) = match encrypted {
        OmemoEncrypted::Legacy(legacy) => (
            Version::Legacy,
            legacy.sid,
            legacy
                .keys_for(rid)
                .map(|k| ReceivedKey {
                    device_id: k.rid.get(),
                    data: k.data.clone(),
                    is_key_exchange: k.prekey,
                })
                .collect(),
            Some(legacy.iv.clone()),
            legacy.payload.clone(),
        ),
        OmemoEncrypted::Omemo2(omemo2) => (
            Version::Omemo2,
            omemo2.sid,
            omemo2
                .key_for(own, rid)
                .map(|k| ReceivedKey {
                    device_id: k.rid.get(),
                    data: k.data.clone(),
                    is_key_exchange: k.kex,
                })
                .into_iter()
                .collect(),
            None,
            omemo2.payload.clone(),
        ),
    };
    Some(IncomingMessage {
        version,
        sender_jid: sender.to_string(),
        sender_device_id: sid.get(),
        keys,
        iv,
        payload,
        sent_at_ms,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_published_bundle_reads_back_as_the_same_bundle_in_both_versions() {
        let mut rng = <rand_chacha::ChaCha20Rng as rand_core::SeedableRng>::seed_from_u64(7);
        let (machine, _) = omemo::OmemoMachine::create(
            "alice@example.org",
            &[],
            omemo::Config::default(),
            1_000,
            &mut rng,
        );
        for version in [Version::Legacy, Version::Omemo2] {
            let bundle = machine.bundle(version);
            let read = match version {
                Version::Legacy => legacy_bundle_in(&legacy_bundle_out(&bundle)).unwrap(),
                Version::Omemo2 => omemo2_bundle_in(&omemo2_bundle_out(&bundle)).unwrap(),
            };
            assert_eq!(read, bundle);
            assert!(read.verify().is_ok());
        }
    }

    #[test]
    fn a_bundle_with_a_short_key_is_refused_not_panicked_on() {
        let bundle = LegacyBundle {
            signed_pre_key_id: 1,
            signed_pre_key: vec![5; 3],
            signed_pre_key_signature: vec![0; 64],
            identity_key: vec![5; 33],
            pre_keys: vec![],
        };
        assert!(legacy_bundle_in(&bundle).is_err());
        let bundle = Omemo2Bundle {
            signed_pre_key_id: 1,
            signed_pre_key: vec![0; 32],
            signed_pre_key_signature: vec![0; 10],
            identity_key: vec![0; 32],
            pre_keys: vec![],
        };
        assert!(matches!(
            omemo2_bundle_in(&bundle),
            Err(BundleError::Signature | BundleError::Key(_))
        ));
    }
}
