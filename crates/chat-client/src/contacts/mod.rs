//! Contacts beyond the roster list itself: subscription requests, the block list, avatars,
//! our own presence (status, idle, caps) and what contacts report about themselves.
//!
//! Small state that must survive a reload is kept as JSON settings (the `Store`'s key-value
//! part), written in the same batch as the change that caused it.

mod avatars;
mod blocking;
mod caps;
mod iq;
mod nicks;
mod own_presence;
mod profile;
mod subscriptions;

use std::collections::HashMap;

use chat_store::{Changes, Millis, Store};
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use xmpp_protocol::{Event, Presence, PresenceKind};

use crate::client::Client;
use crate::error::ClientError;
use crate::events::ClientEvent;
use crate::notices::Notice;

pub use iq::PendingRequest;
pub use own_presence::{OwnPresence, OwnShow};
pub use profile::LastSeen;
pub use subscriptions::NewContact;

/// At most this many unanswered requests are kept; the server keeps the rest and offers them
/// again at the next login (RFC 6121 §3.1.3), so a request storm costs nothing but a wait.
pub const MAX_REQUESTS: usize = 500;

const REQUESTS_KEY: &str = "contacts.requests";
const BLOCKLIST_KEY: &str = "contacts.blocklist";
const OWN_PRESENCE_KEY: &str = "contacts.own-presence";
const AVATAR_INDEX_KEY: &str = "avatars.index";
const NICKS_KEY: &str = "contacts.nicks";

/// Someone asking to see our presence.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubscriptionRequest {
    pub jid: String,
    /// The nickname they sent along (XEP-0172), cleaned up; shown as text only.
    #[serde(default)]
    pub nick: Option<String>,
    pub received_at: Millis,
}

/// Per-account contact state kept by the client.
#[derive(Default)]
pub(crate) struct ContactsState {
    pub loaded: bool,
    pub requests: Vec<SubscriptionRequest>,
    pub blocklist: Vec<String>,
    pub own: OwnPresence,
    /// Contact bare JID → SHA-1 of the avatar shown for them.
    pub avatars: HashMap<String, String>,
    /// Verified feature lists by caps version (XEP-0115), also stored as `caps:VER`.
    pub caps: HashMap<String, Vec<String>>,
    /// Full JID of a contact's client → its caps version.
    pub resource_caps: HashMap<String, String>,
    /// Contacts' own nicknames (XEP-0172), shown when the roster has no name for them.
    pub nicks: HashMap<String, String>,
    /// IQs sent by this module, by id.
    pub pending: HashMap<String, PendingRequest>,
    /// A new password to log in with once the server confirmed the change.
    pub relogin_password: Option<zeroize::Zeroizing<String>>,
    /// The page is hidden (XEP-0352 inactive).
    pub client_inactive: bool,
}

pub(crate) fn read_json<T: DeserializeOwned>(value: Option<String>) -> Option<T> {
    value.and_then(|text| serde_json::from_str(&text).ok())
}

pub(crate) fn write_json<T: Serialize>(changes: &mut Changes, key: &str, value: &T) {
    if let Ok(text) = serde_json::to_string(value) {
        changes.settings.retain(|(k, _)| k != key);
        changes.settings.push((key.to_owned(), Some(text)));
    }
}

impl<S: Store> Client<S> {
    /// Loads the stored contact state once per account and tells the UI about it.
    pub(crate) async fn load_contacts(&mut self) -> Result<(), ClientError> {
        if self.contacts.loaded {
            return Ok(());
        }
        self.contacts.loaded = true;
        self.contacts.requests =
            read_json(self.store.setting(REQUESTS_KEY).await?).unwrap_or_default();
        self.contacts.blocklist =
            read_json(self.store.setting(BLOCKLIST_KEY).await?).unwrap_or_default();
        self.contacts.own =
            read_json(self.store.setting(OWN_PRESENCE_KEY).await?).unwrap_or_default();
        self.contacts.avatars =
            read_json(self.store.setting(AVATAR_INDEX_KEY).await?).unwrap_or_default();
        self.contacts.nicks = read_json(self.store.setting(NICKS_KEY).await?).unwrap_or_default();
        self.events
            .push_back(ClientEvent::ContactNicks(self.contacts.nicks.clone()));
        self.events.push_back(ClientEvent::SubscriptionRequests(
            self.contacts.requests.clone(),
        ));
        self.events
            .push_back(ClientEvent::BlockList(self.contacts.blocklist.clone()));
        self.events
            .push_back(ClientEvent::OwnPresence(self.contacts.own.clone()));
        self.emit_cached_avatars().await
    }

    /// Called when the session is online, before the initial presence goes out.
    pub(crate) async fn contacts_online(&mut self, now: Millis) -> Result<(), ClientError> {
        self.load_contacts().await?;
        if let Some(session) = self.session.as_mut() {
            session.accept_iq_namespace(xmpp_protocol::ns::BLOCKING);
            session.accept_iq_namespace(xmpp_protocol::ns::DISCO_INFO);
        }
        self.request_blocklist(now);
        self.send_own_presence();
        Ok(())
    }

    /// Every presence stanza: subscription management here, availability in `on_presence`.
    pub(crate) async fn on_presence_stanza(
        &mut self,
        presence: Presence,
        now: Millis,
        changes: &mut Changes,
    ) -> Result<(), ClientError> {
        match presence.kind {
            PresenceKind::Subscribe
            | PresenceKind::Subscribed
            | PresenceKind::Unsubscribe
            | PresenceKind::Unsubscribed => {
                self.on_subscription_presence(presence, now, changes).await
            }
            PresenceKind::Available | PresenceKind::Unavailable => {
                self.on_caps(&presence, now).await?;
                self.on_contact_details(&presence, now, changes).await?;
                self.on_presence(presence);
                Ok(())
            }
            PresenceKind::Probe | PresenceKind::Error => Ok(()),
        }
    }

    /// Session events other than the ones the core handles: IQ answers, requests to us, PEP.
    pub(crate) async fn on_contacts_event(
        &mut self,
        event: Event,
        now: Millis,
        changes: &mut Changes,
    ) -> Result<(), ClientError> {
        match event {
            Event::IqResult { id, payload } => {
                self.on_contacts_iq_answer(&id, Ok(payload), now, changes)
                    .await
            }
            Event::IqError { id, error } => {
                self.on_contacts_iq_answer(&id, Err(crate::Refusal::from(&error)), now, changes)
                    .await
            }
            Event::IqTimeout { id } => {
                self.on_contacts_iq_answer(&id, Err(crate::Refusal::NoAnswer), now, changes)
                    .await
            }
            Event::IncomingIq(iq) => self.on_incoming_iq(iq, changes),
            Event::RosterVersion(ver) => {
                if let Some(account) = self.account.as_mut() {
                    account.roster_version = Some(ver);
                    changes.account = Some(Some(account.clone()));
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }

    /// The session is gone: its IQs will never be answered, and contacts' clients are offline.
    pub(crate) fn contacts_session_ended(&mut self) {
        let password_change_unanswered = self
            .contacts
            .pending
            .values()
            .any(|p| *p == PendingRequest::ChangePassword);
        self.contacts.pending.clear();
        self.contacts.resource_caps.clear();
        if password_change_unanswered {
            self.contacts.relogin_password = None;
            self.notice(Notice::PasswordMayNotHaveChanged);
        }
    }

    /// A short message for the user about something that did not work.
    pub(crate) fn notice(&mut self, notice: impl Into<Notice>) {
        self.events.push_back(ClientEvent::Notice(notice.into()));
    }

    pub(crate) fn own_jid(&self) -> Option<String> {
        self.account.as_ref().map(|a| a.jid.clone())
    }
}
