//! Finding the server's file upload service (XEP-0363) and asking it for slots. The upload
//! itself is an HTTP PUT the browser driver makes; the file's link then goes out as a message.

use std::collections::HashMap;

use chat_store::{ConversationId, EncryptionPreference, Millis, Store};
use xmpp_protocol::disco::DiscoInfo;
use xmpp_protocol::upload::{disco_items, disco_items_request, upload_service, Slot, SlotRequest};
use xmpp_protocol::xml::Element;
use xmpp_protocol::{Iq, Jid, StanzaError};

use crate::client::Client;
use crate::error::{ClientError, TransferError};
use crate::events::ClientEvent;

/// Services asked about at most: a server lists a handful of components.
const MAX_SERVICES: usize = 20;

#[derive(Debug)]
enum UploadIq {
    Items,
    Info(String),
    Slot,
}

#[derive(Default)]
pub(crate) struct UploadState {
    /// The upload service's address and its size limit, once found.
    service: Option<(String, Option<u64>)>,
    iqs: HashMap<String, UploadIq>,
}

impl<S: Store> Client<S> {
    /// Asks the server which of its services takes uploads.
    pub(crate) fn discover_upload(&mut self, now: Millis) {
        let Some(domain) = self.own_bare().map(|jid| jid.domain().to_owned()) else {
            return;
        };
        let Ok(to) = domain.parse::<Jid>() else {
            return;
        };
        if let Some(session) = self.session.as_mut() {
            let id = session.send_iq(Iq::get(Some(to), "", disco_items_request()), now);
            self.upload.iqs.insert(id, UploadIq::Items);
        }
    }

    /// Routes an IQ answer to uploads; returns false if it was not theirs.
    pub(crate) fn on_upload_iq_answer(
        &mut self,
        id: &str,
        answer: Result<Option<&Element>, Option<&StanzaError>>,
        now: Millis,
    ) -> bool {
        let Some(purpose) = self.upload.iqs.remove(id) else {
            return false;
        };
        match (purpose, answer) {
            (UploadIq::Items, Ok(Some(payload))) => {
                let items = disco_items(payload, MAX_SERVICES).unwrap_or_default();
                for item in items.into_iter().filter(|item| item.node.is_none()) {
                    let Ok(to) = item.jid.parse::<Jid>() else {
                        continue;
                    };
                    if let Some(session) = self.session.as_mut() {
                        let id =
                            session.send_iq(Iq::get(Some(to), "", DiscoInfo::request(None)), now);
                        self.upload.iqs.insert(id, UploadIq::Info(item.jid));
                    }
                }
            }
            (UploadIq::Info(jid), Ok(Some(payload))) => {
                let info = DiscoInfo::try_from(payload).ok();
                if let Some(info) = &info {
                    // The same walk over the domain's services finds the MUC service.
                    self.note_muc_service(&jid, info);
                }
                let limit = info.as_ref().and_then(upload_service);
                if let (Some(limit), None) = (limit, &self.upload.service) {
                    self.upload.service = Some((jid, limit));
                    self.events
                        .push_back(ClientEvent::UploadAvailable { max_bytes: limit });
                }
            }
            (UploadIq::Slot, answer) => {
                let slot = match answer {
                    Ok(Some(payload)) => {
                        Slot::try_from(payload).map_err(|e| TransferError::BadSlot {
                            detail: e.to_string(),
                        })
                    }
                    Ok(None) => Err(TransferError::NoSlot),
                    Err(Some(error)) => Err(TransferError::SlotRefused {
                        detail: error.to_string(),
                    }),
                    Err(None) => Err(TransferError::SlotTimeout),
                };
                self.events.push_back(ClientEvent::UploadSlot {
                    request: id.to_owned(),
                    slot,
                });
            }
            _ => {}
        }
        true
    }

    /// Asks for a place to upload a file of `size` bytes; the answer comes as
    /// [`ClientEvent::UploadSlot`] with the returned request id.
    pub fn request_upload_slot(
        &mut self,
        filename: &str,
        size: u64,
        content_type: Option<String>,
        now: Millis,
    ) -> Result<String, ClientError> {
        let (service, limit) = self
            .upload
            .service
            .clone()
            .ok_or(ClientError::Input(crate::InputProblem::NoUploads))?;
        if let Some(limit) = limit.filter(|limit| size > *limit) {
            return Err(crate::InputProblem::FileTooLarge {
                max_mb: limit / 1_000_000,
            }
            .into());
        }
        let to = service
            .parse::<Jid>()
            .map_err(|e| ClientError::InvalidJid(e.to_string()))?;
        // Path separators and control characters have no business in a name the server may echo.
        let filename: String = filename
            .chars()
            .filter(|c| !c.is_control() && *c != '/' && *c != '\\')
            .take(200)
            .collect();
        let request = SlotRequest {
            filename: if filename.is_empty() {
                "file".into()
            } else {
                filename
            },
            size,
            content_type,
        };
        let session = self
            .session
            .as_mut()
            .filter(|s| s.state() == xmpp_protocol::SessionState::Online)
            .ok_or(ClientError::NotConnected)?;
        let id = session.send_iq(Iq::get(Some(to), "", Element::from(&request)), now);
        self.upload.iqs.insert(id.clone(), UploadIq::Slot);
        Ok(id)
    }

    /// Whether a file shared in `conversation` must be encrypted before upload: whenever its
    /// messages would be (or may be, until the contact's keys are known).
    pub async fn shares_encrypted(
        &self,
        conversation: &ConversationId,
    ) -> Result<bool, ClientError> {
        let preference = self
            .store
            .conversation(conversation)
            .await?
            .map(|c| c.encryption)
            .unwrap_or_default();
        Ok(match preference {
            EncryptionPreference::Off => false,
            EncryptionPreference::On => true,
            EncryptionPreference::Auto => {
                self.has_omemo_devices(&conversation.jid) || self.omemo_unknown(&conversation.jid)
            }
        })
    }
}
