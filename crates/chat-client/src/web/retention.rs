//! The UI's retention and history commands, and how the driver runs them.

use chat_store::{ConversationId, Retention, Store};
use futures::channel::oneshot;

use super::driver::{Command, Driver, Input};
use super::handle::ClientHandle;
use super::now;

pub(crate) enum RetentionCommand {
    Send {
        conversation: ConversationId,
        body: String,
        timer_ms: Option<u64>,
    },
    SetDefault(Retention),
    SetChat {
        conversation: ConversationId,
        retention: Option<Retention>,
        no_archive: bool,
    },
    HonourPeerTimers(bool),
    ClearHistory(Option<ConversationId>),
    /// Log out and delete everything stored; answered once that is done.
    Forget(oneshot::Sender<()>),
}

impl ClientHandle {
    fn retention(&self, command: RetentionCommand) {
        let _ = self
            .inputs
            .unbounded_send(Input::Command(Command::Retention(command)));
    }

    /// Sends a message that disappears after `timer_ms` (or sooner, if the chat says so).
    pub fn send_disappearing(&self, conversation: ConversationId, body: String, timer_ms: u64) {
        self.retention(RetentionCommand::Send {
            conversation,
            body,
            timer_ms: Some(timer_ms),
        });
    }

    pub fn set_default_retention(&self, retention: Retention) {
        self.retention(RetentionCommand::SetDefault(retention));
    }

    /// A chat's own timer (`None`: the default) and whether its disappearing messages ask the
    /// server not to archive them.
    pub fn set_chat_retention(
        &self,
        conversation: ConversationId,
        retention: Option<Retention>,
        no_archive: bool,
    ) {
        self.retention(RetentionCommand::SetChat {
            conversation,
            retention,
            no_archive,
        });
    }

    pub fn set_honour_peer_timers(&self, honour: bool) {
        self.retention(RetentionCommand::HonourPeerTimers(honour));
    }

    /// Logs out and deletes everything this device stored; returns once that is done, so the
    /// page can delete the database itself.
    pub async fn forget_device(&self) {
        let (reply, done) = oneshot::channel();
        self.retention(RetentionCommand::Forget(reply));
        let _ = done.await;
    }

    /// Deletes one chat's history on this device, or every chat's with `None`.
    pub fn clear_history(&self, conversation: Option<ConversationId>) {
        self.retention(RetentionCommand::ClearHistory(conversation));
    }
}

impl<S: Store + 'static> Driver<S> {
    // Storage errors are reported as events by the client; nothing else to do with them here.
    pub(crate) async fn retention_command(&mut self, command: RetentionCommand) {
        if let RetentionCommand::Forget(reply) = command {
            self.logout(true).await;
            let _ = reply.send(());
            return;
        }
        let client = &mut self.client;
        let _ = match command {
            RetentionCommand::Send {
                conversation,
                body,
                timer_ms,
            } => client
                .send_message_with(&conversation, &body, timer_ms, now())
                .await
                .map(|_| ()),
            RetentionCommand::SetDefault(retention) => {
                client.set_default_retention(retention, now()).await
            }
            RetentionCommand::SetChat {
                conversation,
                retention,
                no_archive,
            } => {
                client
                    .set_chat_retention(&conversation, retention, no_archive, now())
                    .await
            }
            RetentionCommand::HonourPeerTimers(honour) => {
                client.set_honour_peer_timers(honour).await
            }
            RetentionCommand::ClearHistory(conversation) => {
                client.clear_history(conversation.as_ref(), now()).await
            }
            RetentionCommand::Forget(_) => Ok(()),
        };
    }
}
