//! Opening a received `<encrypted>`: decrypt, check the OMEMO 2 envelope, and turn failures
//! into an explanation shown in place of the body (never the fallback body).

use chat_store::{Changes, MessageEncryption, Millis, OmemoUnavailable, Store, Unreadable};
use omemo::{DecryptError, Version};
use xmpp_protocol::omemo::{Envelope, OmemoEncrypted};
use xmpp_protocol::xml::Element;
use xmpp_protocol::{ns, BareJid};

use super::{rng, wire};
use crate::client::Client;
use crate::error::ClientError;

/// What a received message holds once opened.
pub(crate) enum Opened {
    /// Not an OMEMO message: use its body.
    Plain,
    /// Nothing to show: an empty OMEMO message (session upkeep), a duplicate, our own echo.
    Nothing,
    Content {
        body: String,
        encryption: MessageEncryption,
        /// What the sender put beside the body where only the recipient sees it (an OMEMO 2
        /// envelope's content); with legacy OMEMO the stanza's own payloads.
        payloads: Vec<Element>,
    },
}

impl Opened {
    /// The body, encryption and payloads to store for `message`; `None` when there is nothing
    /// to show.
    pub(crate) fn into_parts(
        self,
        message: &xmpp_protocol::Message,
    ) -> Option<(String, MessageEncryption, Vec<Element>)> {
        match self {
            Opened::Plain => Some((
                message.body.clone().unwrap_or_default(),
                MessageEncryption::Plain,
                message.payloads.clone(),
            )),
            Opened::Nothing => None,
            Opened::Content {
                body,
                encryption,
                payloads,
            } => Some((body, encryption, payloads)),
        }
    }
}

/// Whether a message carries something to show: a body, or an OMEMO `<encrypted>` element
/// (OMEMO 2 messages may come without any body).
pub(crate) fn carries_content(message: &xmpp_protocol::Message) -> bool {
    message.body.is_some() || is_encrypted(message)
}

pub(crate) fn is_encrypted(message: &xmpp_protocol::Message) -> bool {
    message
        .payloads
        .iter()
        .any(|p| p.is("encrypted", ns::OMEMO_LEGACY) || p.is("encrypted", ns::OMEMO2))
}

fn undecryptable(reason: Unreadable) -> Opened {
    Opened::Content {
        body: String::new(),
        encryption: MessageEncryption::Undecryptable {
            reason: reason.into(),
        },
        payloads: Vec::new(),
    }
}

impl<S: Store> Client<S> {
    /// Decrypts `message` from `sender` if it is an OMEMO message. `recipient` is the bare JID
    /// it was addressed to (checked against the OMEMO 2 envelope).
    pub(crate) async fn open_omemo(
        &mut self,
        message: &xmpp_protocol::Message,
        sender: &BareJid,
        recipient: &BareJid,
        sent_at: Option<Millis>,
        now: Millis,
        changes: &mut Changes,
    ) -> Result<Opened, ClientError> {
        if !is_encrypted(message) {
            return Ok(Opened::Plain);
        }
        let Some(encrypted) = OmemoEncrypted::all_in(message)
            .into_iter()
            .find_map(Result::ok)
        else {
            return Ok(undecryptable(Unreadable::Malformed));
        };
        let has_payload = encrypted.has_payload();
        if self.omemo.held_elsewhere {
            // The tab holding the keys stores it, readable, in the storage both tabs share.
            return Ok(Opened::Nothing);
        }
        let (Some(own), Some(machine)) = (self.own_bare(), self.omemo.machine.as_mut()) else {
            let why = self
                .omemo_unavailable_reason()
                .unwrap_or(OmemoUnavailable::KeysNotReady);
            return Ok(if has_payload {
                undecryptable(Unreadable::Unavailable { why })
            } else {
                Opened::Nothing
            });
        };
        let Some(incoming) =
            wire::encrypted_in(&encrypted, sender, &own, machine.device_id(), sent_at)
        else {
            return Ok(Opened::Nothing);
        };
        let Ok(mut rng) = rng::crypto_rng() else {
            return Ok(undecryptable(Unreadable::Unavailable {
                why: OmemoUnavailable::NoRandomness,
            }));
        };
        let outcome = machine.decrypt(&incoming, now, &mut rng);
        self.persist_omemo(&outcome.changes, changes);
        self.run_follow_ups(outcome.follow_ups, now, changes)
            .await?;
        let decrypted = match outcome.result {
            Ok(decrypted) => decrypted,
            Err(error) if error.is_silent() || !has_payload => return Ok(Opened::Nothing),
            Err(error) => return Ok(undecryptable(unreadable(&error))),
        };
        let Some(plaintext) = decrypted.plaintext else {
            return Ok(Opened::Nothing);
        };
        let body = match incoming.version {
            Version::Legacy => plaintext
                .as_str()
                .map(|body| (body.to_owned(), message.payloads.clone()))
                .map_err(|_| "its text is not valid UTF-8".to_owned()),
            Version::Omemo2 => Envelope::from_plaintext(plaintext.as_bytes())
                .map_err(|error| error.to_string())
                .and_then(|envelope| {
                    envelope
                        .validate(sender, recipient, false)
                        .map(|()| envelope)
                        .map_err(|error| error.to_string())
                })
                .map(|envelope| {
                    let payloads = envelope
                        .allowed_content()
                        .filter(|element| !element.is("body", ns::CLIENT))
                        .cloned()
                        .collect();
                    (envelope.body().unwrap_or_default(), payloads)
                }),
        };
        Ok(match body {
            Ok((body, payloads)) => Opened::Content {
                body,
                payloads,
                encryption: MessageEncryption::Omemo {
                    device_id: decrypted.sender.device.device_id,
                    trusted: decrypted.sender.trust.allows_sending(),
                },
            },
            Err(detail) => undecryptable(Unreadable::Refused { detail }),
        })
    }
}

/// What a decryption failure means for the reader.
fn unreadable(error: &DecryptError) -> Unreadable {
    match error {
        DecryptError::NotForThisDevice { .. } => Unreadable::NotForThisDevice,
        DecryptError::SentBeforeThisDeviceExisted { .. } => Unreadable::BeforeThisDevice,
        DecryptError::NoSession { .. } => Unreadable::NoSession,
        DecryptError::UnknownPreKey { .. } | DecryptError::UnknownSignedPreKey { .. } => {
            Unreadable::UsedPreKey
        }
        DecryptError::Distrusted { .. } => Unreadable::Distrusted,
        DecryptError::IdentityChanged { .. } => Unreadable::IdentityChanged,
        DecryptError::Tampered(_) | DecryptError::PayloadTampered(_) => Unreadable::Tampered,
        other => Unreadable::Failed {
            detail: other.to_string(),
        },
    }
}
