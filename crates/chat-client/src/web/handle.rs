use chat_store::{ConversationId, MessagePage, Millis};
use futures::channel::{mpsc::UnboundedSender, oneshot};
use zeroize::Zeroizing;

use super::driver::{Command, Input};
use crate::ClientError;

/// What the UI holds: a cheap, cloneable way to send commands to the driver task.
#[derive(Clone)]
pub struct ClientHandle {
    pub(crate) inputs: UnboundedSender<Input>,
}

impl ClientHandle {
    fn command(&self, command: Command) {
        // The driver lives as long as the page; a closed channel means the page is going away.
        let _ = self.inputs.unbounded_send(Input::Command(command));
    }

    /// Logs in with a password. `websocket_url` empty means "find it" (config, then XEP-0156).
    pub fn login(&self, jid: String, password: Zeroizing<String>, websocket_url: Option<String>) {
        self.command(Command::Login {
            jid,
            password,
            websocket_url,
        });
    }

    pub fn send_message(&self, conversation: ConversationId, body: String) {
        self.command(Command::Send { conversation, body });
    }

    /// Opens (creating if needed) a 1:1 chat; answers with its id or why the address is bad.
    pub async fn open_direct(&self, jid: String) -> Result<ConversationId, ClientError> {
        let (reply, answer) = oneshot::channel();
        self.command(Command::OpenDirect { jid, reply });
        answer.await.unwrap_or(Err(ClientError::ShuttingDown))
    }

    pub fn set_active(&self, conversation: Option<ConversationId>) {
        self.command(Command::SetActive(conversation));
    }

    pub async fn load_messages(
        &self,
        conversation: ConversationId,
        before: Option<(Millis, String)>,
        limit: usize,
    ) -> Result<MessagePage, ClientError> {
        let (reply, answer) = oneshot::channel();
        self.command(Command::LoadMessages {
            conversation,
            before,
            limit,
            reply,
        });
        answer.await.unwrap_or(Err(ClientError::ShuttingDown))
    }

    /// The user is (or stopped) typing in `conversation`.
    pub fn set_typing(&self, conversation: ConversationId, typing: bool) {
        self.command(Command::SetTyping {
            conversation,
            typing,
        });
    }

    /// Asks the server's archive for the conversation's history before what this device has.
    pub fn load_older_from_server(&self, conversation: ConversationId) {
        self.command(Command::LoadOlder(conversation));
    }

    /// Logs out; with `forget`, deletes everything stored on this device.
    pub fn logout(&self, forget: bool) {
        self.command(Command::Logout { forget });
    }

    /// Retry now instead of waiting for the back-off (e.g. the user clicked "Reconnect").
    pub fn reconnect_now(&self) {
        let _ = self.inputs.unbounded_send(Input::ReconnectNow);
    }
}
