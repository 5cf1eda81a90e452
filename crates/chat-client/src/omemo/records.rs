//! The OMEMO machine's state as store records: one per own device, prekey, session, device
//! list and trust decision, so each call rewrites only what it touched.

use chat_store::OmemoRecord;
use omemo::machine::{
    DeviceList, MachineState, OwnDevice, SessionAddress, SessionRecord, StoredPreKey, TrustRecord,
};
use omemo::Version;
use serde::de::DeserializeOwned;
use serde::Serialize;

const OWN: &str = "own";
const PREKEY: &str = "prekey/";
const SESSION: &str = "session/";
const DEVICES: &str = "devices/";
const TRUST: &str = "trust/";

fn version_tag(version: Version) -> &'static str {
    match version {
        Version::Legacy => "legacy",
        Version::Omemo2 => "2",
    }
}

fn session_key(address: &SessionAddress) -> String {
    format!(
        "{SESSION}{}/{}/{}",
        version_tag(address.version),
        address.device.jid,
        address.device.device_id
    )
}

fn record(key: String, value: &impl Serialize) -> Result<OmemoRecord, serde_json::Error> {
    Ok(OmemoRecord {
        key,
        value: serde_json::to_string(value)?,
    })
}

/// The store writes for one call's changes.
pub(crate) fn to_store(
    changes: &omemo::Changes,
    into: &mut chat_store::Changes,
) -> Result<(), serde_json::Error> {
    if let Some(own) = &changes.own_device {
        into.omemo_upserts.push(record(OWN.to_owned(), own)?);
    }
    for id in &changes.removed_prekeys {
        into.omemo_removals.push(format!("{PREKEY}{id}"));
    }
    for prekey in &changes.prekeys {
        into.omemo_upserts
            .push(record(format!("{PREKEY}{}", prekey.id()), prekey)?);
    }
    for address in &changes.removed_sessions {
        into.omemo_removals.push(session_key(address));
    }
    for session in &changes.sessions {
        into.omemo_upserts
            .push(record(session_key(&session.address), session)?);
    }
    for list in &changes.device_lists {
        into.omemo_upserts.push(record(
            format!("{DEVICES}{}/{}", version_tag(list.version), list.jid),
            list,
        )?);
    }
    for trust in &changes.trust {
        let key = format!(
            "{TRUST}{}/{}/{}",
            trust.device.jid,
            trust.device.device_id,
            trust.fingerprint.to_hex()
        );
        into.omemo_upserts.push(record(key, trust)?);
    }
    Ok(())
}

/// Why the saved state could not be read back.
#[derive(Debug, thiserror::Error)]
pub(crate) enum LoadError {
    #[error("the saved OMEMO record {key} is unreadable: {error}")]
    Corrupt {
        key: String,
        error: serde_json::Error,
    },
}

/// Rebuilds the state from every stored record; `None` when this device has no OMEMO identity
/// yet.
pub(crate) fn from_store(records: &[OmemoRecord]) -> Result<Option<MachineState>, LoadError> {
    let mut own: Option<OwnDevice> = None;
    let (mut prekeys, mut sessions, mut lists, mut trust) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for record in records {
        let key = record.key.as_str();
        if key == OWN {
            own = Some(decode::<OwnDevice>(record)?);
        } else if key.starts_with(PREKEY) {
            prekeys.push(decode::<StoredPreKey>(record)?);
        } else if key.starts_with(SESSION) {
            sessions.push(decode::<SessionRecord>(record)?);
        } else if key.starts_with(DEVICES) {
            lists.push(decode::<DeviceList>(record)?);
        } else if key.starts_with(TRUST) {
            trust.push(decode::<TrustRecord>(record)?);
        }
    }
    Ok(own.map(|own| MachineState::from_records(own, prekeys, sessions, lists, trust)))
}

fn decode<T: DeserializeOwned>(record: &OmemoRecord) -> Result<T, LoadError> {
    serde_json::from_str(&record.value).map_err(|error| LoadError::Corrupt {
        key: record.key.clone(),
        error,
    })
}
