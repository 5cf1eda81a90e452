//! The driver's side of file sharing: slot requests answered when the service replies, and
//! whether a chat's files are encrypted. The transfer itself (`http.rs`) runs outside the
//! driver task so a large upload never holds up messages.

use std::collections::HashMap;

use chat_store::{ConversationId, Store};
use futures::channel::oneshot;
use xmpp_protocol::upload::Slot;

use super::driver::Driver;
use super::now;
use crate::ClientError;

pub(crate) type SlotReply = oneshot::Sender<Result<Slot, ClientError>>;

pub(crate) enum FileCommand {
    RequestSlot {
        filename: String,
        size: u64,
        content_type: Option<String>,
        reply: SlotReply,
    },
    SharesEncrypted {
        conversation: ConversationId,
        reply: oneshot::Sender<Result<bool, ClientError>>,
    },
}

/// Slot requests waiting for the service, by request id.
#[derive(Default)]
pub(crate) struct PendingSlots(HashMap<String, SlotReply>);

impl<S: Store + 'static> Driver<S> {
    pub(crate) async fn file_command(&mut self, command: FileCommand) {
        match command {
            FileCommand::RequestSlot {
                filename,
                size,
                content_type,
                reply,
            } => {
                match self
                    .client
                    .request_upload_slot(&filename, size, content_type, now())
                {
                    Ok(request) => {
                        self.slots.0.insert(request, reply);
                    }
                    Err(error) => {
                        let _ = reply.send(Err(error));
                    }
                }
            }
            FileCommand::SharesEncrypted {
                conversation,
                reply,
            } => {
                let _ = reply.send(self.client.shares_encrypted(&conversation).await);
            }
        }
    }

    /// Answers the slot request an event is about; returns false for other events.
    pub(crate) fn answer_slot(&mut self, event: &crate::ClientEvent) -> bool {
        let crate::ClientEvent::UploadSlot { request, slot } = event else {
            return false;
        };
        if let Some(reply) = self.slots.0.remove(request) {
            let _ = reply.send(slot.clone().map_err(ClientError::Transfer));
        }
        true
    }
}
