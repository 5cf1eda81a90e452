//! The UI's commands about one message: correct, retract, react, reply to it.

use chat_store::ConversationId;

use super::contacts::ContactCommand;
use super::driver::{Command, Input};
use super::handle::ClientHandle;
use crate::ClientError;

pub(crate) enum MessageChange {
    Correct(String),
    Retract,
    React(Vec<String>),
    /// A new message replying to this one, with this text (XEP-0461).
    Reply(String),
}

impl ClientHandle {
    async fn change(
        &self,
        conversation: ConversationId,
        id: String,
        change: MessageChange,
    ) -> Result<(), ClientError> {
        let (reply, answer) = futures::channel::oneshot::channel();
        let _ = self.inputs.unbounded_send(Input::Command(Command::Contacts(
            ContactCommand::ChangeMessage {
                conversation,
                id,
                change,
                reply,
            },
        )));
        answer.await.unwrap_or(Err(ClientError::ShuttingDown))
    }

    /// Replaces the text of one of our messages (XEP-0308).
    pub async fn correct_message(
        &self,
        conversation: ConversationId,
        id: String,
        body: String,
    ) -> Result<(), ClientError> {
        self.change(conversation, id, MessageChange::Correct(body))
            .await
    }

    /// Takes back one of our messages (XEP-0424).
    pub async fn retract_message(
        &self,
        conversation: ConversationId,
        id: String,
    ) -> Result<(), ClientError> {
        self.change(conversation, id, MessageChange::Retract).await
    }

    /// Sets our reactions to a message; an empty list removes them (XEP-0444).
    pub async fn react(
        &self,
        conversation: ConversationId,
        id: String,
        emojis: Vec<String>,
    ) -> Result<(), ClientError> {
        self.change(conversation, id, MessageChange::React(emojis))
            .await
    }

    /// Sends `body` as a reply to the message `id` (XEP-0461).
    pub async fn send_reply(
        &self,
        conversation: ConversationId,
        id: String,
        body: String,
    ) -> Result<(), ClientError> {
        self.change(conversation, id, MessageChange::Reply(body))
            .await
    }
}
