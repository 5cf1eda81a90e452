//! Sending in a chat with OMEMO on: the peer's and our own device lists first, bundles for
//! devices without a session, then one encryption for all. A message waits (pending) while
//! keys are fetched and never leaves in plaintext once the chat is encrypted.

use chat_store::{
    Changes, DeliveryState, DeviceProblem, DeviceTrouble, EncryptionPreference, Message,
    MessageEncryption, Millis, OmemoUnavailable, SendFailure, Store,
};
use omemo::{
    DeviceFailureReason, EncryptRequest, FetchedBundle, OmemoMachine, SessionAddress, Version,
};
use xmpp_protocol::omemo::Envelope;
use xmpp_protocol::xml::Element;
use xmpp_protocol::{BareJid, Jid, MessageKind};

use super::{rng, wire, BundleFetch};
use crate::client::Client;
use crate::error::ClientError;

/// How a pending message goes out.
enum Route {
    Plain,
    Encrypted(Version),
    /// Device lists or bundles are on their way.
    Wait,
    Refuse(SendFailure),
}

/// What to encrypt: the text, more elements beside it (OMEMO 2 only) and the JID the OMEMO 2
/// envelope names as recipient (the contact, or the group's address).
pub(crate) struct Content<'a> {
    pub text: &'a str,
    pub extra: Vec<Element>,
    pub envelope_to: &'a BareJid,
    pub version: Version,
}

/// One encryption for several JIDs.
pub(crate) struct Encrypted {
    /// `None` when no device at all got a key.
    pub encrypted: Option<xmpp_protocol::omemo::OmemoEncrypted>,
    pub device_id: u32,
    /// The JIDs none of whose devices got a key.
    pub left_out: Vec<String>,
    /// Why devices were left out, for the user.
    pub reasons: Vec<DeviceProblem>,
}

/// Random padding length range for the OMEMO 2 envelope (XEP-0420 suggests up to 200).
const MAX_RPAD: usize = 200;

impl<S: Store> Client<S> {
    /// Sends a pending message, encrypted when its chat says so. Returns it as it now stands.
    pub(crate) async fn send_pending(
        &mut self,
        mut message: Message,
        now: Millis,
        changes: &mut Changes,
    ) -> Result<Message, ClientError> {
        if !self.is_online() {
            return Ok(message);
        }
        let conversation = self
            .conversation_for_update(&message.conversation, changes)
            .await?;
        let peer = message.conversation.jid.clone();
        match self.route(&peer, conversation.encryption, now) {
            Route::Plain => Ok(self.transmit(message, changes)),
            Route::Wait => {
                self.omemo.waiting.retain(|m| m.id != message.id);
                self.omemo.waiting.push(message.clone());
                Ok(message)
            }
            Route::Refuse(reason) => {
                message.state = DeliveryState::Failed(reason.into());
                changes.message_upserts.retain(|m| m.id != message.id);
                changes.message_upserts.push(message.clone());
                Ok(message)
            }
            Route::Encrypted(version) => self.send_encrypted(message, version, now, changes),
        }
    }

    pub(crate) fn is_online(&self) -> bool {
        self.session
            .as_ref()
            .is_some_and(|s| s.state() == xmpp_protocol::SessionState::Online)
    }

    fn route(&mut self, peer: &str, preference: EncryptionPreference, now: Millis) -> Route {
        if preference == EncryptionPreference::Off {
            return Route::Plain;
        }
        let Some(own) = self.own_bare().map(|j| j.to_string()) else {
            return Route::Plain;
        };
        for jid in [peer, own.as_str()] {
            for version in [Version::Legacy, Version::Omemo2] {
                self.fetch_device_list(jid, version, now);
            }
        }
        if !self.device_lists_known(peer) || !self.device_lists_known(&own) {
            return Route::Wait;
        }
        if self.omemo.machine.is_none() {
            // Without keys this device cannot encrypt, but it still knows whether the contact
            // could read encrypted messages: only then is plaintext the automatic choice.
            let peer_has_omemo = [Version::Legacy, Version::Omemo2]
                .iter()
                .any(|v| self.omemo.listed.get(&(peer.to_owned(), *v)) == Some(&true));
            let why = self
                .omemo_unavailable_reason()
                .unwrap_or(OmemoUnavailable::KeysNotReady);
            return match preference {
                EncryptionPreference::Auto if !peer_has_omemo => Route::Plain,
                _ => Route::Refuse(SendFailure::CannotEncrypt { why }),
            };
        }
        let Some(machine) = self.omemo.machine.as_ref() else {
            return Route::Plain;
        };
        let version = [Version::Omemo2, Version::Legacy]
            .into_iter()
            .find(|v| !machine.recipient(peer, *v).devices.is_empty());
        let Some(version) = version else {
            return match preference {
                EncryptionPreference::On => Route::Refuse(SendFailure::NoOmemoDevice {
                    peer: peer.to_owned(),
                }),
                _ => Route::Plain,
            };
        };
        let recipients = [machine.recipient(peer, version)];
        if self.fetch_missing_bundles(&recipients, version, now) {
            Route::Wait
        } else {
            Route::Encrypted(version)
        }
    }

    /// Asks for the bundles of every device of `recipients` and of our other devices that has
    /// no session in `version`; whether any of them is still on its way.
    pub(crate) fn fetch_missing_bundles(
        &mut self,
        recipients: &[omemo::Recipient],
        version: Version,
        now: Millis,
    ) -> bool {
        let Some(machine) = self.omemo.machine.as_ref() else {
            return false;
        };
        let own_devices = machine.own_other_devices(version);
        let missing = machine.missing_bundles(version, recipients, &own_devices);
        for device in &missing {
            self.fetch_bundle(device, version, now);
        }
        missing.iter().any(|device| {
            matches!(
                self.omemo.bundles.get(&(device.clone(), version)),
                Some(BundleFetch::Waiting)
            )
        })
    }

    /// What goes inside the encryption for `message`: a reply's quote travels inside it, with
    /// OMEMO 2 the reply elements too, with legacy OMEMO (body only) the quoted fallback alone.
    pub(crate) fn encrypted_text(message: &Message, version: Version) -> (String, Vec<Element>) {
        match crate::replies::outgoing_reply(message) {
            Some(reply) if version == Version::Omemo2 => (reply.body, reply.payloads),
            Some(reply) => (reply.body, Vec::new()),
            None => (message.body.clone(), Vec::new()),
        }
    }

    fn send_encrypted(
        &mut self,
        mut message: Message,
        version: Version,
        now: Millis,
        changes: &mut Changes,
    ) -> Result<Message, ClientError> {
        let Ok(to) = message.conversation.jid.parse::<BareJid>() else {
            return Ok(self.transmit(message, changes));
        };
        let (text, extra) = Self::encrypted_text(&message, version);
        let (encrypted, device_id) =
            match self.encrypt_content(&to, &text, extra, version, now, changes) {
                Ok(done) => done,
                Err(reason) => return Ok(self.fail(message, reason, changes)),
            };
        let mut stanza = xmpp_protocol::Message {
            to: Some(Jid::Bare(to)),
            id: Some(message.id.clone()),
            kind: MessageKind::Chat,
            origin_id: Some(message.id.clone()),
            ..Default::default()
        };
        encrypted.attach_to(&mut stanza);
        record_encrypted(&mut message, device_id, changes);
        self.hand_over(&message, stanza);
        // New sessions show the peer's keys for the first time.
        let peer = message.conversation.jid.clone();
        self.emit_omemo_devices(&peer);
        Ok(message)
    }

    /// Encrypts `text` for `to`'s devices and the account's other devices; the reason (for
    /// the user) when the contact would get nothing.
    pub(crate) fn encrypt_text(
        &mut self,
        to: &BareJid,
        text: &str,
        version: Version,
        now: Millis,
        changes: &mut Changes,
    ) -> Result<(xmpp_protocol::omemo::OmemoEncrypted, u32), SendFailure> {
        self.encrypt_content(to, text, Vec::new(), version, now, changes)
    }

    /// [`Client::encrypt_text`] with more elements beside the body (OMEMO 2 only: legacy
    /// OMEMO carries the body alone).
    pub(crate) fn encrypt_content(
        &mut self,
        to: &BareJid,
        text: &str,
        extra: Vec<Element>,
        version: Version,
        now: Millis,
        changes: &mut Changes,
    ) -> Result<(xmpp_protocol::omemo::OmemoEncrypted, u32), SendFailure> {
        let peer = to.to_string();
        let content = Content {
            text,
            extra,
            envelope_to: to,
            version,
        };
        let outcome = self.encrypt_for(std::slice::from_ref(&peer), content, now, changes)?;
        match outcome {
            Encrypted {
                encrypted: Some(encrypted),
                device_id,
                left_out,
                ..
            } if !left_out.contains(&peer) => Ok((encrypted, device_id)),
            Encrypted { reasons, .. } => Err(SendFailure::NotEncryptedFor {
                peer,
                devices: reasons,
            }),
        }
    }

    /// Encrypts `content` once for the devices of every JID in `peers` and the account's other
    /// devices (a 1:1 chat has one peer, a private group its members). Who got nothing is in
    /// the answer; `Err` only when the machine cannot encrypt at all.
    pub(crate) fn encrypt_for(
        &mut self,
        peers: &[String],
        content: Content<'_>,
        now: Millis,
        changes: &mut Changes,
    ) -> Result<Encrypted, SendFailure> {
        let version = content.version;
        let not_ready = SendFailure::CannotEncrypt {
            why: OmemoUnavailable::KeysNotReady,
        };
        let own = self.own_bare().ok_or_else(|| not_ready.clone())?;
        let mut rng = rng::crypto_rng().map_err(|why| SendFailure::CannotEncrypt { why })?;
        let machine = self.omemo.machine.as_mut().ok_or(not_ready)?;
        let plaintext = match version {
            Version::Legacy => content.text.as_bytes().to_vec(),
            Version::Omemo2 => envelope(
                content.text,
                content.extra,
                &own,
                content.envelope_to,
                now,
                &mut rng,
            )
            .to_plaintext(),
        };
        let plaintext = zeroize::Zeroizing::new(plaintext);
        let recipients: Vec<omemo::Recipient> = peers
            .iter()
            .map(|peer| machine.recipient(peer, version))
            .collect();
        let own_devices = machine.own_other_devices(version);
        let bundles = ready_bundles(
            &self.omemo.bundles,
            machine,
            version,
            &recipients,
            &own_devices,
        );
        let request = EncryptRequest {
            version,
            plaintext: &plaintext,
            recipients: &recipients,
            own_devices: &own_devices,
            bundles: &bundles,
        };
        let outcome = machine.encrypt(&request, now, &mut rng).map_err(|error| {
            SendFailure::EncryptionFailed {
                detail: error.to_string(),
            }
        })?;
        let device_id = machine.device_id();
        self.persist_omemo(&outcome.changes, changes);
        let reasons: Vec<DeviceProblem> = outcome
            .failures
            .iter()
            .map(|failure| DeviceProblem {
                jid: failure.device.jid.clone(),
                device_id: failure.device.device_id,
                trouble: match self.omemo.bundles.get(&(failure.device.clone(), version)) {
                    Some(BundleFetch::Failed(trouble)) => trouble.clone(),
                    _ => device_trouble(&failure.reason),
                },
            })
            .collect();
        Ok(Encrypted {
            encrypted: outcome.message.and_then(wire::encrypted_out),
            device_id,
            left_out: outcome.jids_without_keys,
            reasons,
        })
    }

    /// How a message in `conversation` goes out right now: `Ok(None)` in plaintext,
    /// `Ok(Some(version))` encrypted, `Err` with the reason when it cannot go now.
    pub(crate) async fn encryption_now(
        &mut self,
        conversation: &chat_store::ConversationId,
        now: Millis,
    ) -> Result<Option<Version>, ClientError> {
        let preference = self
            .store
            .conversation(conversation)
            .await
            .ok()
            .flatten()
            .map(|c| c.encryption)
            .unwrap_or_default();
        match self.route(&conversation.jid, preference, now) {
            Route::Plain => Ok(None),
            Route::Encrypted(version) => Ok(Some(version)),
            Route::Wait => Err(ClientError::KeysPending),
            Route::Refuse(reason) => Err(ClientError::NotSent(reason)),
        }
    }

    pub(crate) fn fail(
        &mut self,
        mut message: Message,
        reason: SendFailure,
        changes: &mut Changes,
    ) -> Message {
        message.state = DeliveryState::Failed(reason.into());
        changes.message_upserts.retain(|m| m.id != message.id);
        changes.message_upserts.push(message.clone());
        message
    }

    /// Something OMEMO waited for arrived: messages that were waiting try again.
    pub(crate) async fn omemo_progress(
        &mut self,
        now: Millis,
        changes: &mut Changes,
    ) -> Result<(), ClientError> {
        for message in std::mem::take(&mut self.omemo.waiting) {
            self.send_routed(message, now, changes).await?;
        }
        self.emit_private_group_readers(now);
        Ok(())
    }

    /// An empty message to one device (answering a key exchange, a heartbeat, or a rebuilt
    /// session), archived so the device gets it when it comes back.
    pub(crate) fn send_empty(
        &mut self,
        address: &SessionAddress,
        bundle: Option<&omemo::Bundle>,
        now: Millis,
        changes: &mut Changes,
    ) {
        let Ok(mut rng) = rng::crypto_rng() else {
            return;
        };
        let Some(machine) = self.omemo.machine.as_mut() else {
            return;
        };
        let Ok(empty) = machine.encrypt_empty(address, bundle, now, &mut rng) else {
            return;
        };
        self.persist_omemo(&empty.changes, changes);
        let (Ok(to), Some(encrypted)) = (
            address.device.jid.parse::<BareJid>(),
            wire::encrypted_out(empty.message),
        ) else {
            return;
        };
        let id = crate::ids::random_id();
        let mut stanza = xmpp_protocol::Message {
            to: Some(Jid::Bare(to)),
            id: Some(id),
            kind: MessageKind::Chat,
            ..Default::default()
        };
        encrypted.attach_to(&mut stanza);
        if let Some(session) = self.session.as_mut() {
            session.send_message(stanza);
        }
    }
}

/// Why the OMEMO machine gave a device no key, as the user is told.
fn device_trouble(reason: &DeviceFailureReason) -> DeviceTrouble {
    match reason {
        DeviceFailureReason::Distrusted { .. } => DeviceTrouble::Distrusted,
        DeviceFailureReason::Undecided { .. } => DeviceTrouble::Undecided,
        DeviceFailureReason::NoBundle | DeviceFailureReason::BundleWithoutPreKeys => {
            DeviceTrouble::NoBundle
        }
        other => DeviceTrouble::Unusable {
            detail: other.to_string(),
        },
    }
}

/// Marks `message` as sent encrypted by this device, in the batch saved before it leaves.
pub(crate) fn record_encrypted(message: &mut Message, device_id: u32, changes: &mut Changes) {
    message.encryption = MessageEncryption::Omemo {
        device_id,
        trusted: true,
    };
    changes.message_upserts.retain(|m| m.id != message.id);
    changes.message_upserts.push(message.clone());
}

fn envelope(
    body: &str,
    extra: Vec<Element>,
    own: &BareJid,
    to: &BareJid,
    now: Millis,
    rng: &mut impl rand_core::RngCore,
) -> Envelope {
    let length = (rng.next_u32() as usize) % (MAX_RPAD + 1);
    let mut random = vec![0u8; length];
    rng.fill_bytes(&mut random);
    let rpad = Envelope::rpad_from_random(&random);
    let mut envelope = Envelope::with_body(
        body,
        rpad,
        own.clone(),
        Some(Jid::Bare(to.clone())),
        Some(now),
    );
    envelope.content.extend(extra);
    envelope
}

fn ready_bundles(
    fetched: &std::collections::HashMap<(omemo::DeviceAddress, Version), BundleFetch>,
    machine: &OmemoMachine,
    version: Version,
    recipients: &[omemo::Recipient],
    own_devices: &[u32],
) -> Vec<FetchedBundle> {
    machine
        .missing_bundles(version, recipients, own_devices)
        .into_iter()
        .filter_map(|device| match fetched.get(&(device.clone(), version)) {
            Some(BundleFetch::Ready(bundle)) => Some(FetchedBundle {
                device,
                bundle: bundle.clone(),
            }),
            _ => None,
        })
        .collect()
}
