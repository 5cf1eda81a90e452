//! Managing the account on the server (XEP-0077 while logged in): change the password, delete
//! the account. Creating one happens before login, with `xmpp_protocol::register::Registration`
//! driven by the browser driver.

use chat_store::{Millis, Store};
use xmpp_protocol::register::RegisterQuery;
use xmpp_protocol::Iq;
use zeroize::Zeroizing;

use crate::client::Client;
use crate::contacts::PendingRequest;
use crate::error::ClientError;
use crate::events::ClientEvent;
use crate::notices::Notice;

/// Passwords shorter than this are refused before they reach the server.
pub const MIN_PASSWORD_CHARS: usize = 8;

impl<S: Store> Client<S> {
    /// Asks the server to change the password. Once it confirms, the driver logs in again with
    /// the new one ([`Client::take_relogin_password`]), because the stored SCRAM keys were
    /// derived from the old password.
    pub fn change_password(
        &mut self,
        new_password: Zeroizing<String>,
        now: Millis,
    ) -> Result<(), ClientError> {
        if new_password.chars().count() < MIN_PASSWORD_CHARS {
            return Err(crate::InputProblem::ShortPassword {
                min: MIN_PASSWORD_CHARS,
            }
            .into());
        }
        let own = self.own_jid().ok_or(ClientError::NotLoggedIn)?;
        let username = own.split('@').next().unwrap_or_default().to_owned();
        let payload = RegisterQuery::change_password(&username, &new_password);
        if !self.send_tracked(
            Iq::set(None, "", payload),
            PendingRequest::ChangePassword,
            now,
        ) {
            return Err(ClientError::NotConnected);
        }
        self.contacts.relogin_password = Some(new_password);
        Ok(())
    }

    pub(crate) fn on_password_changed(
        &mut self,
        answer: Result<Option<xmpp_protocol::xml::Element>, crate::Refusal>,
    ) {
        match answer {
            Ok(_) => self
                .events
                .push_back(ClientEvent::Notice(Notice::PasswordChanged)),
            Err(reason) => {
                self.contacts.relogin_password = None;
                self.notice(Notice::PasswordNotChanged { reason });
            }
        }
    }

    /// The new password after a confirmed change, once: the driver reconnects with it.
    pub fn take_relogin_password(&mut self) -> Option<Zeroizing<String>> {
        let confirmed = !self
            .contacts
            .pending
            .values()
            .any(|p| *p == PendingRequest::ChangePassword);
        if confirmed {
            self.contacts.relogin_password.take()
        } else {
            None
        }
    }

    /// Deletes the account on the server; everything on this device goes with it once the
    /// server confirms.
    pub fn delete_account(&mut self, now: Millis) -> Result<(), ClientError> {
        if !self.send_tracked(
            Iq::set(None, "", RegisterQuery::remove_account()),
            PendingRequest::DeleteAccount,
            now,
        ) {
            return Err(ClientError::NotConnected);
        }
        Ok(())
    }

    pub(crate) async fn on_account_deleted(
        &mut self,
        answer: Result<Option<xmpp_protocol::xml::Element>, crate::Refusal>,
        _now: Millis,
    ) -> Result<(), ClientError> {
        match answer {
            Ok(_) => {
                self.logout(true).await?;
                self.events
                    .push_back(ClientEvent::Notice(Notice::AccountDeleted));
            }
            Err(reason) => self.notice(Notice::AccountNotDeleted { reason }),
        }
        Ok(())
    }
}
