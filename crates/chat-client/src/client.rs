use std::collections::{HashMap, VecDeque};

use chat_store::{Account, Changes, ConversationId, Millis, Store};
use xmpp_protocol::{BareJid, Credentials, Event, ScramKeys, Session, SessionConfig, SessionError};
use zeroize::Zeroizing;

use crate::error::{ClientError, LoginError};
use crate::events::{Availability, ClientEvent, ConnectionState};
use crate::ids::random_id;
use crate::stored_login::{stale_login_reason, UNPROVEN_KEYS_SETTING};

/// What the login form hands over. The password lives only until SCRAM has derived its keys.
pub struct LoginRequest {
    pub jid: String,
    pub password: Zeroizing<String>,
    pub websocket_url: String,
}

/// Where the client is in its life: only an established account reconnects on its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Phase {
    Idle,
    /// First login with a password: failures go back to the login form.
    LoggingIn,
    /// The account exists on this device: failures are retried.
    Established,
}

/// The Jibber client core. Feed it frames and time, drain frames and events.
pub struct Client<S: Store> {
    pub(crate) store: S,
    pub(crate) session: Option<Session>,
    pub(crate) account: Option<Account>,
    pub(crate) phase: Phase,
    /// The stored SCRAM keys have not logged in once yet (see `stored_login`).
    pub(crate) keys_unproven: bool,
    connection: ConnectionState,
    pub(crate) events: VecDeque<ClientEvent>,
    pub(crate) active: Option<ConversationId>,
    pub(crate) presence: HashMap<String, HashMap<String, Availability>>,
    pub(crate) sync: crate::sync::SyncState,
    pub(crate) contacts: crate::contacts::ContactsState,
    pub(crate) ephemeral: crate::ephemeral::EphemeralState,
    pub(crate) omemo: crate::omemo::OmemoState,
    pub(crate) upload: crate::upload::UploadState,
    pub(crate) groups: crate::groups::GroupsState,
    pub(crate) read_sync: crate::read_sync::ReadSyncState,
    /// The duplicate check's batch read for the events being handled.
    pub(crate) known_ids: crate::known_ids::KnownIds,
}

impl<S: Store> Client<S> {
    pub fn new(store: S) -> Self {
        Self {
            store,
            session: None,
            account: None,
            phase: Phase::Idle,
            keys_unproven: false,
            connection: ConnectionState::Disconnected,
            events: VecDeque::new(),
            active: None,
            presence: HashMap::new(),
            sync: crate::sync::SyncState::default(),
            contacts: Default::default(),
            ephemeral: Default::default(),
            omemo: Default::default(),
            upload: Default::default(),
            groups: Default::default(),
            read_sync: Default::default(),
            known_ids: Default::default(),
        }
    }

    pub fn store(&self) -> &S {
        &self.store
    }

    pub fn account(&self) -> Option<&Account> {
        self.account.as_ref()
    }

    pub fn connection(&self) -> &ConnectionState {
        &self.connection
    }

    /// Loads what this device remembers, so the UI can show it before any network traffic.
    /// Returns whether an account that can reconnect on its own was found.
    pub async fn restore(&mut self) -> Result<bool, ClientError> {
        let Some(account) = self.store.account().await? else {
            self.events.push_back(ClientEvent::LoggedOut);
            return Ok(false);
        };
        let can_resume = account.credentials.is_some() && account.websocket_url.is_some();
        self.events.push_back(ClientEvent::LoggedIn {
            jid: account.jid.clone(),
        });
        self.events
            .push_back(ClientEvent::Roster(self.store.roster().await?));
        self.events.push_back(ClientEvent::Conversations(
            self.store.conversations().await?,
        ));
        self.account = Some(account.clone());
        self.keys_unproven = self.store.setting(UNPROVEN_KEYS_SETTING).await?.is_some();
        self.load_contacts().await?;
        self.load_groups().await?;
        if !can_resume {
            self.events.push_back(ClientEvent::NeedPassword {
                jid: account.jid.clone(),
                reason: crate::PasswordPrompt::EnterToConnect,
            });
        }
        self.account = Some(account);
        self.phase = if can_resume {
            Phase::Established
        } else {
            Phase::Idle
        };
        Ok(can_resume)
    }

    /// Starts a first login. The caller opens a WebSocket to `request.websocket_url` and
    /// then pumps frames.
    pub fn start_login(&mut self, request: LoginRequest, now: Millis) -> Result<(), LoginError> {
        let jid: BareJid = request
            .jid
            .trim()
            .parse()
            .map_err(|e| LoginError::InvalidJid(format!("{e}")))?;
        let mut account = match &self.account {
            Some(a) if a.jid == jid.to_string() => a.clone(),
            _ => Account::new(jid.to_string()),
        };
        account.websocket_url = Some(request.websocket_url);
        self.account = Some(account);
        self.session = Some(new_session(
            jid,
            None,
            Credentials::Password(request.password),
            now,
        ));
        self.phase = Phase::LoggingIn;
        self.set_connection(ConnectionState::Connecting);
        Ok(())
    }

    /// Starts a connection for the stored account without a password. Returns the URL to
    /// open, or `None` if this device cannot log in on its own.
    pub fn start_resume(&mut self, now: Millis) -> Option<String> {
        let account = self.account.as_ref()?;
        let url = account.websocket_url.clone()?;
        let keys: ScramKeys = serde_json::from_str(&account.credentials.as_ref()?.0).ok()?;
        let jid: BareJid = account.jid.parse().ok()?;
        // A connection attempt still under way is replaced: keep what it would have resumed.
        if let Some(state) = self.session.take().and_then(|old| old.resume_state()) {
            self.sync.resume = Some(state);
        }
        // The server picks the resource: two tabs of one account asking for the same one would
        // keep replacing each other's session (a `conflict` reconnect loop).
        let mut session = new_session(jid, None, Credentials::Scram(keys), now);
        if let Some(resume) = self.sync.resume.take() {
            session.set_resume(resume);
        }
        self.session = Some(session);
        self.phase = Phase::Established;
        self.set_connection(ConnectionState::Connecting);
        Some(url)
    }

    /// A resumed stream counts as established like a fresh one.
    pub(crate) fn mark_established(&mut self) {
        self.phase = Phase::Established;
    }

    /// Whether the driver should reconnect after the connection drops.
    pub fn should_reconnect(&self) -> bool {
        self.phase == Phase::Established
    }

    /// The socket closed or failed. `reason` is shown to the user.
    pub fn connection_lost(&mut self, reason: crate::Disconnect, retry_at: Option<Millis>) {
        let already_failed = self.session.is_none();
        // Kept for the next connection of this page: a resumed stream loses nothing.
        self.sync.resume = self
            .session
            .take()
            .and_then(|session| session.resume_state());
        self.presence.clear();
        self.contacts_session_ended();
        self.groups_session_ended();
        if already_failed
            && matches!(
                self.connection,
                ConnectionState::Error(_) | ConnectionState::Disconnected
            )
        {
            // The session failure already told the user why; keep that message visible.
            return;
        }
        match self.phase {
            Phase::LoggingIn => {
                self.phase = Phase::Idle;
                self.set_connection(ConnectionState::Disconnected);
                self.events
                    .push_back(ClientEvent::LoginFailed(LoginError::Unreachable(reason)));
            }
            Phase::Established => self.set_connection(ConnectionState::Offline { retry_at }),
            Phase::Idle => self.set_connection(ConnectionState::Disconnected),
        }
    }

    pub fn poll_transmit(&mut self) -> Option<String> {
        self.session.as_mut()?.poll_transmit()
    }

    pub fn poll_event(&mut self) -> Option<ClientEvent> {
        self.events.pop_front()
    }

    /// The nearest deadline: the session's timers or the next purge of expired messages.
    pub fn poll_timeout(&self) -> Option<Millis> {
        let session = self.session.as_ref().and_then(Session::poll_timeout);
        [session, self.purge_deadline(), self.read_sync_deadline()]
            .into_iter()
            .flatten()
            .min()
    }

    pub async fn handle_timeout(&mut self, now: Millis) -> Result<(), ClientError> {
        if let Some(session) = self.session.as_mut() {
            session.handle_timeout(now);
        }
        self.publish_held_displayed(now);
        self.drain_session(now).await?;
        self.purge_if_due(now).await
    }

    /// Feeds one WebSocket frame. Protocol failures end the session (the driver closes the
    /// socket); storage failures are reported and do not.
    pub async fn handle_frame(&mut self, frame: &str, now: Millis) -> Result<(), ClientError> {
        self.handle_frames(std::iter::once(frame), now).await
    }

    /// Like [`Client::handle_frame`] for frames that arrived together: what they change is
    /// stored in one transaction, so a burst of messages costs one write, not one each.
    pub async fn handle_frames<'a>(
        &mut self,
        frames: impl IntoIterator<Item = &'a str>,
        now: Millis,
    ) -> Result<(), ClientError> {
        let Some(session) = self.session.as_mut() else {
            return Ok(());
        };
        let mut result = Ok(());
        for frame in frames {
            result = session.handle_frame(frame, now);
            if result.is_err() {
                break;
            }
        }
        // Events queued before a failure (e.g. a message before a stream error) still count.
        let drained = self.drain_session(now).await;
        if let Err(error) = result {
            self.session_failed(error);
        }
        drained?;
        // A late timer (background tab, sleep) is caught by whatever wakes the driver first.
        self.purge_if_due(now).await
    }

    /// Whether the session has ended and the socket should be closed.
    pub fn session_ended(&self) -> bool {
        self.session.is_none()
    }

    fn session_failed(&mut self, error: SessionError) {
        self.session = None;
        self.sync.resume = None;
        self.contacts_session_ended();
        self.groups_session_ended();
        let login_error = login_error_for(&error);
        match (self.phase, &login_error) {
            (Phase::LoggingIn, _) => {
                self.phase = Phase::Idle;
                self.set_connection(ConnectionState::Disconnected);
                self.events.push_back(ClientEvent::LoginFailed(login_error));
            }
            (Phase::Established, LoginError::NotAuthorized) => {
                self.phase = Phase::Idle;
                self.set_connection(ConnectionState::Error(
                    crate::ConnectionProblem::StoredLoginRejected,
                ));
                let jid = self
                    .account
                    .as_ref()
                    .map(|a| a.jid.clone())
                    .unwrap_or_default();
                self.events.push_back(ClientEvent::NeedPassword {
                    jid,
                    reason: stale_login_reason(&error, self.keys_unproven),
                });
            }
            _ => self.set_connection(ConnectionState::Error(crate::ConnectionProblem::Login(
                login_error,
            ))),
        }
    }

    pub(crate) async fn drain_session(&mut self, now: Millis) -> Result<(), ClientError> {
        self.read_sync.clock = self.read_sync.clock.max(now);
        let mut changes = Changes::default();
        let mut failure = None;
        // The events queued so far go together, so their duplicate checks share one read;
        // events that handling them queues form the next round.
        loop {
            let events: Vec<Event> = match self.session.as_mut() {
                Some(session) => std::iter::from_fn(|| session.poll_event()).collect(),
                None => Vec::new(),
            };
            if events.is_empty() {
                break;
            }
            let handled = self.handle_session_events(events, now, &mut changes).await;
            self.known_ids.clear();
            failure = failure.or(handled.err());
        }
        self.flush_group_views();
        // One marker for everything that arrived in the open chat meanwhile.
        if let Some((conversation, newest)) = self.sync.displayed_due.take() {
            self.send_displayed(&conversation, &newest);
        }
        // What was handled is kept even when something else was not.
        self.save(changes).await?;
        match failure {
            Some(error) => Err(self.arrivals_not_handled(error)),
            None => Ok(()),
        }
    }

    /// Handles every event, even after one fails (a failed read must not drop the rest of a
    /// burst); the first failure is returned.
    async fn handle_session_events(
        &mut self,
        events: Vec<Event>,
        now: Millis,
        changes: &mut Changes,
    ) -> Result<(), ClientError> {
        // A failed batch read only means each arrival's check reads on its own.
        if self.prefetch_known_ids(&events).await.is_err() {
            self.known_ids.clear();
        }
        let mut failure = None;
        for event in events {
            if let Err(error) = self.handle_session_event(event, now, changes).await {
                failure = failure.or(Some(error));
            }
        }
        failure.map_or(Ok(()), Err)
    }

    /// The server counts what it handed us as received, but an arrival whose handling failed
    /// (a storage read, say) may not be stored: like a failed write, the archive has to be read
    /// again before the stream may skip past it.
    fn arrivals_not_handled(&mut self, error: ClientError) -> ClientError {
        self.sync.note_unsaved_arrivals();
        if let ClientError::Store(store_error) = &error {
            self.events
                .push_back(ClientEvent::StorageError(crate::StorageProblem::Store(
                    store_error.clone(),
                )));
        }
        error
    }

    /// Sends `iq` if the session is online; its id, for matching the answer.
    pub(crate) fn send_iq_online(&mut self, iq: xmpp_protocol::Iq, now: Millis) -> Option<String> {
        let session = self
            .session
            .as_mut()
            .filter(|s| s.state() == xmpp_protocol::SessionState::Online)?;
        Some(session.send_iq(iq, now))
    }

    pub(crate) async fn save(&mut self, changes: Changes) -> Result<(), ClientError> {
        if changes.is_empty() {
            return Ok(());
        }
        // What the batch read found may be out of date once anything is written.
        self.known_ids.clear();
        let touched_conversations = !changes.conversation_upserts.is_empty();
        let messages = changes.message_upserts.clone();
        if let Err(error) = self.store.save_changes(changes).await {
            self.sync.note_unsaved_arrivals();
            self.events
                .push_back(ClientEvent::StorageError(crate::StorageProblem::Store(
                    error.clone(),
                )));
            return Err(error.into());
        }
        for message in messages {
            self.note_stored_expiry(&message);
            self.events.push_back(ClientEvent::Message(message));
        }
        if touched_conversations {
            self.events.push_back(ClientEvent::Conversations(
                self.store.conversations().await?,
            ));
        }
        Ok(())
    }

    pub(crate) fn set_connection(&mut self, state: ConnectionState) {
        if self.connection != state {
            self.connection = state.clone();
            self.events.push_back(ClientEvent::Connection(state));
        }
    }

    /// Ends the session. With `forget`, everything this device stored is deleted too.
    pub async fn logout(&mut self, forget: bool) -> Result<(), ClientError> {
        if let Some(session) = self.session.as_mut() {
            session.send_presence(xmpp_protocol::Presence::unavailable());
            session.close();
        }
        self.phase = Phase::Idle;
        if forget {
            self.store.clear_all().await?;
        } else if let Some(mut account) = self.account.take() {
            // Keep history but drop the keys, so this device cannot log in again by itself.
            account.credentials = None;
            self.store
                .save_changes(Changes {
                    account: Some(Some(account)),
                    ..Changes::default()
                })
                .await?;
        }
        self.account = None;
        self.presence.clear();
        self.sync = crate::sync::SyncState::default();
        self.contacts = Default::default();
        self.ephemeral = Default::default();
        self.groups = Default::default();
        self.read_sync = Default::default();
        self.set_connection(ConnectionState::Disconnected);
        self.events.push_back(ClientEvent::LoggedOut);
        Ok(())
    }

    /// Frames still queued after `logout` (presence and close) must reach the server before
    /// the socket closes; the driver calls this and then drops the session.
    pub fn finish_logout(&mut self) {
        self.session = None;
    }
}

fn new_session(
    jid: BareJid,
    resource: Option<String>,
    credentials: Credentials,
    now: Millis,
) -> Session {
    let config = SessionConfig {
        jid,
        resource,
        credentials,
        client_nonce: random_id(),
        iq_timeout_ms: 30_000,
    };
    Session::new(config, now)
}

fn login_error_for(error: &SessionError) -> LoginError {
    match error {
        SessionError::Sasl(sasl) if sasl.is_not_authorized() => LoginError::NotAuthorized,
        SessionError::Sasl(sasl) => LoginError::Refused(sasl.to_string()),
        SessionError::Stream(stream) => LoginError::Refused(stream.to_string()),
        other => LoginError::Protocol(other.to_string()),
    }
}
