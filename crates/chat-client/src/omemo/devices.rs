//! What the UI shows and changes about OMEMO: this device's fingerprint, a contact's devices
//! with their keys and trust, trust decisions, and the per-chat encryption switch.

use chat_store::{Changes, ConversationId, EncryptionPreference, Millis, Store};
use omemo::{DeviceAddress, Fingerprint, Version};

use crate::client::Client;
use crate::error::{ClientError, OmemoError};
use crate::events::ClientEvent;

pub use omemo::Trust;

/// One device of an account, as a fingerprint list shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OmemoDevice {
    pub jid: String,
    pub device_id: u32,
    /// The key in use, as 8 groups of 8 hex digits; `None` until a key was seen.
    pub fingerprint: Option<Vec<String>>,
    /// The same key as one hex string, to name it in a trust decision.
    pub fingerprint_hex: Option<String>,
    pub trust: Option<Trust>,
    /// Listed in a current device list (not a device removed by its owner).
    pub active: bool,
    pub this_device: bool,
}

impl<S: Store> Client<S> {
    /// This device's OMEMO identity, once it exists.
    pub fn own_omemo_device(&self) -> Option<OmemoDevice> {
        let machine = self.omemo.machine.as_ref()?;
        let fingerprint = machine.fingerprint();
        Some(OmemoDevice {
            jid: machine.own_jid().to_owned(),
            device_id: machine.device_id(),
            fingerprint: Some(fingerprint.to_groups()),
            fingerprint_hex: Some(fingerprint.to_hex()),
            trust: Some(Trust::Verified),
            active: true,
            this_device: true,
        })
    }

    /// Every known device of `jid` (for the own account: the other devices).
    pub fn omemo_devices(&self, jid: &str) -> Vec<OmemoDevice> {
        let Some(machine) = self.omemo.machine.as_ref() else {
            return Vec::new();
        };
        machine
            .devices(jid)
            .into_iter()
            .filter(|info| {
                !(jid == machine.own_jid() && info.device.device_id == machine.device_id())
            })
            .map(|info| OmemoDevice {
                jid: info.device.jid.clone(),
                device_id: info.device.device_id,
                fingerprint: info.current_key.as_ref().map(|k| k.fingerprint.to_groups()),
                fingerprint_hex: info.current_key.as_ref().map(|k| k.fingerprint.to_hex()),
                trust: info.current_key.as_ref().map(|k| k.trust),
                active: !info.active_in.is_empty(),
                this_device: false,
            })
            .collect()
    }

    /// Emits [`ClientEvent::OmemoDevices`] for `jid` (the UI asks when it shows them).
    pub fn emit_omemo_devices(&mut self, jid: &str) {
        let devices = self.omemo_devices(jid);
        self.events.push_back(ClientEvent::OmemoDevices {
            jid: jid.to_owned(),
            devices,
        });
    }

    /// Whether `jid`'s device lists have not been fetched on this stream yet.
    pub(crate) fn omemo_unknown(&self, jid: &str) -> bool {
        !self.device_lists_known(jid)
    }

    /// Whether `jid` has any device that can receive OMEMO messages (as far as known).
    pub fn has_omemo_devices(&self, jid: &str) -> bool {
        self.omemo.machine.as_ref().is_some_and(|m| {
            [Version::Omemo2, Version::Legacy]
                .iter()
                .any(|v| !m.recipient(jid, *v).devices.is_empty())
        })
    }

    /// The `xmpp:` URI a QR code carries so another device can verify this one.
    pub fn own_verification_uri(&self) -> Option<String> {
        let machine = self.omemo.machine.as_ref()?;
        Some(omemo::machine::verification_uri(
            machine.own_jid(),
            &[(machine.device_id(), machine.fingerprint())],
        ))
    }

    /// Records the user's trust decision about the key `fingerprint_hex` of a device.
    pub async fn set_device_trust(
        &mut self,
        jid: &str,
        device_id: u32,
        fingerprint_hex: &str,
        trust: Trust,
        now: Millis,
    ) -> Result<(), ClientError> {
        let fingerprint = Fingerprint::parse(fingerprint_hex).map_err(|e| rejected(&e))?;
        let machine = self
            .omemo
            .machine
            .as_mut()
            .ok_or(ClientError::Omemo(OmemoError::NotReady))?;
        let omemo_changes = machine
            .set_trust(
                &DeviceAddress::new(jid, device_id),
                &fingerprint,
                trust,
                now,
            )
            .map_err(|e| rejected(&e))?;
        let mut changes = Changes::default();
        self.persist_omemo(&omemo_changes, &mut changes);
        self.save(changes).await?;
        self.emit_omemo_devices(jid);
        Ok(())
    }

    /// Marks every device a verification link (a scanned QR code, or a pasted `xmpp:` URI)
    /// names as verified. Returns the account the link is for.
    pub async fn verify_with_uri(&mut self, uri: &str, now: Millis) -> Result<String, ClientError> {
        let (jid, devices) =
            omemo::machine::parse_verification_uri(uri).map_err(|e| rejected(&e))?;
        let machine = self
            .omemo
            .machine
            .as_mut()
            .ok_or(ClientError::Omemo(OmemoError::NotReady))?;
        let mut omemo_changes = omemo::Changes::default();
        for (device_id, fingerprint) in devices {
            let changes = machine
                .set_trust(
                    &DeviceAddress::new(jid.as_str(), device_id),
                    &fingerprint,
                    Trust::Verified,
                    now,
                )
                .map_err(|e| rejected(&e))?;
            super::merge_omemo_changes(&mut omemo_changes, changes);
        }
        let mut changes = Changes::default();
        self.persist_omemo(&omemo_changes, &mut changes);
        self.save(changes).await?;
        self.emit_omemo_devices(&jid);
        Ok(jid)
    }

    /// Takes one of the account's other devices (a lost phone, an old browser) off the device
    /// lists, so nobody encrypts for it any more.
    pub async fn remove_own_device(
        &mut self,
        device_id: u32,
        now: Millis,
    ) -> Result<(), ClientError> {
        let machine = self
            .omemo
            .machine
            .as_mut()
            .ok_or(ClientError::Omemo(OmemoError::NotReady))?;
        if device_id == machine.device_id() {
            return Err(ClientError::Omemo(OmemoError::CannotRemoveOwnDevice));
        }
        let own = machine.own_jid().to_owned();
        let mut changes = Changes::default();
        for version in [Version::Legacy, Version::Omemo2] {
            let Some(machine) = self.omemo.machine.as_mut() else {
                break;
            };
            let remaining: Vec<u32> = machine
                .own_device_list(version)
                .into_iter()
                .filter(|id| *id != device_id)
                .collect();
            let update = machine.receive_device_list(&own, version, &remaining, now);
            self.persist_omemo(&update.changes, &mut changes);
            self.publish_device_list(version, now);
        }
        self.save(changes).await?;
        self.emit_omemo_devices(&own);
        Ok(())
    }

    /// Turns end-to-end encryption on or off (or back to automatic) for a conversation.
    pub async fn set_encryption(
        &mut self,
        conversation: &ConversationId,
        preference: EncryptionPreference,
    ) -> Result<(), ClientError> {
        let mut changes = Changes::default();
        let mut row = self.conversation_for_update(conversation, &changes).await?;
        if row.encryption == preference {
            return Ok(());
        }
        row.encryption = preference;
        crate::incoming::upsert_conversation(&mut changes, row);
        self.save(changes).await
    }
}

/// A fingerprint, link or trust decision the OMEMO machine does not accept (its words).
fn rejected(error: &impl std::fmt::Display) -> ClientError {
    ClientError::Omemo(OmemoError::Rejected {
        detail: error.to_string(),
    })
}
