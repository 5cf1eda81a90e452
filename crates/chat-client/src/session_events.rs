//! What each event of the session means to the client: the one dispatch from the protocol's
//! events to the modules that handle them, and what going online starts.

use chat_store::{Changes, Millis, Store, StoredCredentials};
use xmpp_protocol::Event;

use crate::client::{Client, Phase};
use crate::error::ClientError;
use crate::events::{ClientEvent, ConnectionState};
use crate::stored_login::UNPROVEN_KEYS_SETTING;

impl<S: Store> Client<S> {
    pub(crate) async fn handle_session_event(
        &mut self,
        event: Event,
        now: Millis,
        changes: &mut Changes,
    ) -> Result<(), ClientError> {
        match event {
            Event::Authenticated { keys, .. } => {
                if let (Some(keys), Some(account)) = (keys, self.account.as_mut()) {
                    if let Ok(json) = serde_json::to_string(&keys) {
                        account.credentials = Some(StoredCredentials(json));
                    }
                }
                // Keys from a password login are unproven until they log in themselves.
                self.keys_unproven = self.phase == Phase::LoggingIn;
                let marker = self.keys_unproven.then(|| "true".to_owned());
                changes
                    .settings
                    .push((UNPROVEN_KEYS_SETTING.to_owned(), marker));
            }
            Event::Online { jid } => self.on_online(jid, now, changes).await?,
            Event::Resumed { .. } => {
                self.on_resumed(now, changes).await?;
                self.rejoin_rooms(now);
            }
            Event::ResumeFailed => self.sync.in_flight.clear(),
            Event::StanzaAcked { id } => self.on_acked(&id, changes).await?,
            // Answers to the archive and carbons queries go to sync; every other answer to contacts.
            Event::IqResult { id, payload } => {
                if !self
                    .on_iq_answer(&id, Ok(payload.as_ref()), now, changes)
                    .await?
                    && !self
                        .on_omemo_iq_answer(&id, Ok(payload.as_ref()), now, changes)
                        .await?
                    && !self.on_upload_iq_answer(&id, Ok(payload.as_ref()), now)
                    && !self
                        .on_groups_iq_answer(&id, Ok(payload.as_ref()), now, changes)
                        .await?
                {
                    self.on_contacts_event(Event::IqResult { id, payload }, now, changes)
                        .await?;
                }
            }
            Event::IqError { id, error } => {
                if !self
                    .on_iq_answer(&id, Err(Some(&error)), now, changes)
                    .await?
                    && !self
                        .on_omemo_iq_answer(&id, Err(Some(&error)), now, changes)
                        .await?
                    && !self.on_upload_iq_answer(&id, Err(Some(&error)), now)
                    && !self
                        .on_groups_iq_answer(&id, Err(Some(&error)), now, changes)
                        .await?
                {
                    self.on_contacts_event(Event::IqError { id, error }, now, changes)
                        .await?;
                }
            }
            Event::IqTimeout { id } => {
                if !self.on_iq_answer(&id, Err(None), now, changes).await?
                    && !self
                        .on_omemo_iq_answer(&id, Err(None), now, changes)
                        .await?
                    && !self.on_upload_iq_answer(&id, Err(None), now)
                    && !self
                        .on_groups_iq_answer(&id, Err(None), now, changes)
                        .await?
                {
                    self.on_contacts_event(Event::IqTimeout { id }, now, changes)
                        .await?;
                }
            }
            Event::Message(message) => {
                if self.on_omemo_pep_event(&message, now, changes).await? {
                    return Ok(());
                }
                if self.on_group_message(&message, now, changes).await? {
                    return Ok(());
                }
                self.on_pep_event(&message, now, changes).await?;
                self.on_message(message, now, changes).await?
            }
            Event::Presence(presence) => {
                if !self.on_group_presence(&presence, now, changes).await? {
                    self.on_presence_stanza(presence, now, changes).await?
                }
            }
            Event::Roster(query) => self.on_roster(query, changes).await?,
            Event::RosterPush(item) => self.on_roster_push(item, changes).await?,
            Event::StreamError(error) => {
                self.set_connection(ConnectionState::Error(
                    crate::ConnectionProblem::StreamError {
                        detail: error.to_string(),
                    },
                ));
            }
            Event::Closed => {}
            other => self.on_contacts_event(other, now, changes).await?,
        }
        Ok(())
    }

    async fn on_online(
        &mut self,
        jid: xmpp_protocol::FullJid,
        now: Millis,
        changes: &mut Changes,
    ) -> Result<(), ClientError> {
        let Some(account) = self.account.as_mut() else {
            return Ok(());
        };
        account.resource = Some(jid.resource().to_owned());
        let roster_version = account.roster_version.clone();
        changes.account = Some(Some(account.clone()));
        let first_login = self.phase == Phase::LoggingIn;
        self.phase = Phase::Established;
        if first_login {
            self.events.push_back(ClientEvent::LoggedIn {
                jid: jid.to_bare().to_string(),
            });
        }
        self.set_connection(ConnectionState::Online);
        if let Some(session) = self.session.as_mut() {
            session.request_roster(roster_version, now);
        }
        // Before the archive query: the settings decide what of its answer may be stored.
        self.retention_online(now).await?;
        self.read_sync_online(now);
        self.omemo_online(now, changes).await?;
        self.discover_upload(now);
        self.start_sync(now, changes).await?;
        self.contacts_online(now).await?;
        self.groups_online(now).await?;
        self.flush_outbox(now, changes).await
    }
}
