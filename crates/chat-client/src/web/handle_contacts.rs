//! The UI's commands for contacts, presence, avatars and the account.

use futures::channel::oneshot;
use xmpp_protocol::register::RegistrationAnswers;
use zeroize::Zeroizing;

use super::contacts::{ContactCommand, Reply};
use super::driver::{Command, Input};
use super::handle::ClientHandle;
use crate::ClientError;
use crate::{NewContact, OwnShow};

impl ClientHandle {
    fn contacts(&self, command: ContactCommand) {
        let _ = self
            .inputs
            .unbounded_send(Input::Command(Command::Contacts(command)));
    }

    /// Sends a command that answers, and waits for the answer (an error says why, in words).
    async fn ask(&self, make: impl FnOnce(Reply) -> ContactCommand) -> Result<(), ClientError> {
        let (reply, answer) = oneshot::channel();
        self.contacts(make(reply));
        answer.await.unwrap_or(Err(ClientError::ShuttingDown))
    }

    pub async fn add_contact(&self, contact: NewContact) -> Result<(), ClientError> {
        self.ask(|reply| ContactCommand::Add(contact, reply)).await
    }

    pub async fn approve(&self, jid: String, ask_back: bool) -> Result<(), ClientError> {
        self.ask(|reply| ContactCommand::Approve {
            jid,
            ask_back,
            reply,
        })
        .await
    }

    pub async fn deny(&self, jid: String) -> Result<(), ClientError> {
        self.ask(|reply| ContactCommand::Deny { jid, reply }).await
    }

    pub async fn block(&self, jid: String) -> Result<(), ClientError> {
        self.ask(|reply| ContactCommand::Block { jid, reply }).await
    }

    pub async fn unblock(&self, jid: String) -> Result<(), ClientError> {
        self.ask(|reply| ContactCommand::Unblock { jid, reply })
            .await
    }

    pub async fn edit_contact(
        &self,
        jid: String,
        name: Option<String>,
        groups: Vec<String>,
    ) -> Result<(), ClientError> {
        self.ask(|reply| ContactCommand::Edit {
            jid,
            name,
            groups,
            reply,
        })
        .await
    }

    pub async fn remove_contact(&self, jid: String) -> Result<(), ClientError> {
        self.ask(|reply| ContactCommand::Remove { jid, reply })
            .await
    }

    pub fn set_presence(&self, show: OwnShow, status: String) {
        self.contacts(ContactCommand::SetPresence { show, status });
    }

    pub fn set_nick(&self, nick: String) {
        self.contacts(ContactCommand::SetNick(nick));
    }

    /// Publishes an avatar the UI already resized and encoded (PNG or JPEG bytes).
    pub async fn set_avatar(
        &self,
        bytes: Vec<u8>,
        width: u16,
        height: u16,
    ) -> Result<(), ClientError> {
        self.ask(|reply| ContactCommand::SetAvatar {
            bytes,
            width,
            height,
            reply,
        })
        .await
    }

    /// The user went idle at `since` (ms), or is back (`None`).
    pub fn set_idle(&self, since: Option<u64>) {
        self.contacts(ContactCommand::SetIdle(since));
    }

    /// The tab became visible (`true`) or hidden.
    pub fn set_visible(&self, visible: bool) {
        self.contacts(ContactCommand::SetVisible(visible));
    }

    pub async fn change_password(&self, password: Zeroizing<String>) -> Result<(), ClientError> {
        self.ask(|reply| ContactCommand::ChangePassword { password, reply })
            .await
    }

    pub async fn delete_account(&self) -> Result<(), ClientError> {
        self.ask(|reply| ContactCommand::DeleteAccount { reply })
            .await
    }

    /// Asks for a contact's profile and last activity (when their details are opened).
    pub fn request_contact_details(&self, jid: String) {
        self.contacts(ContactCommand::RequestDetails(jid));
    }

    /// Saves our basic profile fields; the outcome arrives as a notice.
    pub async fn set_profile(&self, profile: crate::Profile) -> Result<(), ClientError> {
        self.ask(|reply| ContactCommand::SetProfile { profile, reply })
            .await
    }

    /// Asks `domain` for its registration form; answered with `ClientEvent::Registration`.
    pub fn signup_start(&self, domain: String, websocket_url: Option<String>) {
        self.contacts(ContactCommand::SignupStart {
            domain,
            websocket_url,
        });
    }

    pub fn signup_submit(
        &self,
        username: String,
        password: Zeroizing<String>,
        extra: Vec<(String, String)>,
    ) {
        self.contacts(ContactCommand::SignupSubmit(RegistrationAnswers {
            username,
            password,
            extra,
        }));
    }

    pub fn signup_cancel(&self) {
        self.contacts(ContactCommand::SignupCancel);
    }
}
