//! The UI's commands for end-to-end encryption: the per-chat switch, trust decisions, and
//! asking for a contact's devices (they arrive as `ClientEvent::OmemoDevices`).

use chat_store::{ConversationId, EncryptionPreference};

use super::contacts::ContactCommand;
use super::driver::{Command, Input};
use super::handle::ClientHandle;
use crate::ClientError;
use crate::Trust;

impl ClientHandle {
    fn omemo(&self, command: ContactCommand) {
        let _ = self
            .inputs
            .unbounded_send(Input::Command(Command::Contacts(command)));
    }

    async fn ask_omemo(
        &self,
        make: impl FnOnce(super::contacts::Reply) -> ContactCommand,
    ) -> Result<(), ClientError> {
        let (reply, answer) = futures::channel::oneshot::channel();
        self.omemo(make(reply));
        answer.await.unwrap_or(Err(ClientError::ShuttingDown))
    }

    pub async fn set_encryption(
        &self,
        conversation: ConversationId,
        preference: EncryptionPreference,
    ) -> Result<(), ClientError> {
        self.ask_omemo(|reply| ContactCommand::SetEncryption {
            conversation,
            preference,
            reply,
        })
        .await
    }

    pub async fn set_device_trust(
        &self,
        jid: String,
        device_id: u32,
        fingerprint: String,
        trust: Trust,
    ) -> Result<(), ClientError> {
        self.ask_omemo(|reply| ContactCommand::SetDeviceTrust {
            jid,
            device_id,
            fingerprint,
            trust,
            reply,
        })
        .await
    }

    /// Verifies the devices a verification link (`xmpp:JID?omemo-sid-ID=FINGERPRINT;…`) names.
    pub async fn verify_with_uri(&self, uri: String) -> Result<(), ClientError> {
        self.ask_omemo(|reply| ContactCommand::VerifyWithUri { uri, reply })
            .await
    }

    /// Takes one of the account's other devices off its device lists.
    pub async fn remove_own_device(&self, device_id: u32) -> Result<(), ClientError> {
        self.ask_omemo(|reply| ContactCommand::RemoveOwnDevice { device_id, reply })
            .await
    }

    pub fn show_omemo_devices(&self, jid: String) {
        self.omemo(ContactCommand::ShowOmemoDevices(jid));
    }

    /// Asks who can read a private group; the answer comes as `ClientEvent::GroupReaders`.
    pub fn show_group_readers(&self, room: String) {
        self.omemo(ContactCommand::ShowGroupReaders(room));
    }
}
