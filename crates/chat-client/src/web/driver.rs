use std::rc::Rc;

use chat_store::{ConversationId, MessagePage, Millis, Store};

/// The most frames handled in one go (one storage transaction): large enough for a burst,
/// small enough that the page stays responsive between batches.
const FRAME_BATCH: usize = 200;
use futures::channel::{mpsc, oneshot};
use futures::StreamExt;
use zeroize::Zeroizing;

use super::contacts::{ContactCommand, Signup};
use super::{discovery::discover_websocket, handle::ClientHandle, now, socket::Socket};
use crate::ClientError;
use crate::{Backoff, Client, ClientEvent, LoginError, LoginRequest};

/// Deployment defaults (from the hosting page's `config.json`).
#[derive(Clone, Debug, Default)]
pub struct DriverConfig {
    pub websocket_url: Option<String>,
    /// The domain `websocket_url` serves; `None` means it serves every domain.
    pub domain: Option<String>,
}

pub(crate) enum Command {
    Login {
        jid: String,
        password: Zeroizing<String>,
        websocket_url: Option<String>,
    },
    Send {
        conversation: ConversationId,
        body: String,
    },
    OpenDirect {
        jid: String,
        reply: oneshot::Sender<Result<ConversationId, ClientError>>,
    },
    SetActive(Option<ConversationId>),
    LoadMessages {
        conversation: ConversationId,
        before: Option<(Millis, String)>,
        limit: usize,
        reply: oneshot::Sender<Result<MessagePage, ClientError>>,
    },
    Logout {
        forget: bool,
    },
    LoadOlder(ConversationId),
    SetTyping {
        conversation: ConversationId,
        typing: bool,
    },
    Contacts(ContactCommand),
    Retention(super::retention::RetentionCommand),
    Files(super::files::FileCommand),
    Groups(super::groups::GroupCommand),
}

pub(crate) enum Input {
    Command(Command),
    SocketOpen(u64),
    /// `None` when the frame was not text.
    Frame(u64, Option<String>),
    /// Frames of one connection handled together (made from queued `Frame`s).
    Frames(u64, Vec<String>),
    SocketClosed(u64, crate::Disconnect),
    Timer(u64),
    Reconnect(u64),
    ReconnectNow,
    /// The browser says the device lost its network.
    BrowserOffline,
    /// This tab now holds the lock on the OMEMO keys.
    OmemoKeysGranted,
}

/// Starts the driver task and returns the UI's handle to it.
pub fn spawn<S: Store + 'static>(
    store: S,
    config: DriverConfig,
    on_event: Rc<dyn Fn(ClientEvent)>,
) -> ClientHandle {
    let (tx, rx) = mpsc::unbounded();
    let driver = Driver {
        client: Client::new(store),
        config,
        inputs: tx.clone(),
        on_event,
        socket: None,
        generation: 0,
        timer_generation: 0,
        backoff: Backoff::new(),
        signup: None,
        signup_url: None,
        signup_password: None,
        pending_login: None,
        slots: Default::default(),
        tab_resume: Default::default(),
    };
    wasm_bindgen_futures::spawn_local(driver.run(rx));
    watch_network(&tx);
    super::groups::schedule_self_pings(&tx);
    ClientHandle { inputs: tx }
}

pub(crate) struct Driver<S: Store> {
    pub(crate) client: Client<S>,
    config: DriverConfig,
    inputs: mpsc::UnboundedSender<Input>,
    pub(crate) on_event: Rc<dyn Fn(ClientEvent)>,
    pub(crate) socket: Option<Socket>,
    /// Identifies the current socket; inputs from older ones are ignored.
    pub(crate) generation: u64,
    timer_generation: u64,
    backoff: Backoff,
    /// A sign-up using the socket while nobody is logged in.
    pub(crate) signup: Option<Signup>,
    pub(crate) signup_url: Option<String>,
    pub(crate) signup_password: Option<Zeroizing<String>>,
    /// A login to start after the current input (after sign-up): address, password, URL.
    pub(crate) pending_login: Option<(String, Zeroizing<String>, Option<String>)>,
    /// Upload slot requests waiting for the service.
    pub(crate) slots: super::files::PendingSlots,
    /// The resumption last written to `sessionStorage`, to write only changes.
    tab_resume: crate::resume_copy::ResumeCopy,
}

impl<S: Store + 'static> Driver<S> {
    async fn run(mut self, mut inputs: mpsc::UnboundedReceiver<Input>) {
        if super::tab_lock::request_omemo_lock(&self.inputs) {
            let _ = self.client.set_omemo_allowed(false, now()).await;
        }
        match self.client.restore_at(now()).await {
            Ok(true) => {
                let saved = super::tab_resume::SessionStorage::get()
                    .and_then(|mut storage| crate::resume_copy::take(&mut storage));
                if let Some(saved) = saved {
                    self.client.restore_resume(&saved);
                }
                self.resume()
            }
            Ok(false) => {}
            Err(error) => (self.on_event)(ClientEvent::StorageError(match error {
                crate::ClientError::Store(error) => crate::StorageProblem::Store(error),
                other => {
                    crate::StorageProblem::Store(chat_store::StoreError::Backend(other.to_string()))
                }
            })),
        }
        self.pump();
        let mut deferred = None;
        loop {
            let input = match deferred.take() {
                Some(input) => input,
                None => match inputs.next().await {
                    Some(input) => input,
                    None => break,
                },
            };
            // Frames that queued up while the previous input was handled go together.
            let input = match input {
                Input::Frame(generation, frame) => {
                    let mut frames = vec![frame.unwrap_or_default()];
                    while frames.len() < FRAME_BATCH {
                        match inputs.try_recv() {
                            Ok(Input::Frame(next, frame)) if next == generation => {
                                frames.push(frame.unwrap_or_default())
                            }
                            Ok(other) => {
                                deferred = Some(other);
                                break;
                            }
                            Err(_) => break,
                        }
                    }
                    Input::Frames(generation, frames)
                }
                other => other,
            };
            // A timer armed before the latest one: its successor is set, and re-arming here
            // would keep every superseded timer alive (at a due deadline, firing in a loop
            // that never reaches the current one).
            if matches!(input, Input::Timer(generation) if generation != self.timer_generation) {
                continue;
            }
            if !self.signup_input(&input) {
                self.handle(input).await;
                self.settle_signup();
            }
            self.after_contacts_input().await;
            self.pump();
        }
    }

    async fn handle(&mut self, input: Input) {
        match input {
            Input::Command(command) => self.command(command).await,
            Input::SocketOpen(generation) if generation == self.generation => {
                if let Some(socket) = self.socket.as_mut() {
                    socket.mark_open();
                }
            }
            Input::Frames(generation, frames) if generation == self.generation => {
                // Storage errors are already reported as events; the session goes on.
                let _ = self
                    .client
                    .handle_frames(frames.iter().map(String::as_str), now())
                    .await;
                if self.client.connection() == &crate::ConnectionState::Online {
                    self.backoff.reset();
                }
                if self.client.session_ended() {
                    self.drop_socket_and_maybe_retry(crate::Disconnect::SessionEnded);
                }
            }
            Input::SocketClosed(generation, reason) if generation == self.generation => {
                self.drop_socket_and_maybe_retry(reason);
            }
            Input::Timer(generation) if generation == self.timer_generation => {
                let _ = self.client.handle_timeout(now()).await;
            }
            Input::Reconnect(generation) if generation == self.generation => self.resume(),
            // Also when an attempt is still opening: it may be stuck on the network that was down.
            Input::ReconnectNow
                if self.socket.as_ref().is_none_or(|s| !s.is_open())
                    && self.client.should_reconnect() =>
            {
                self.resume()
            }
            // A socket can take minutes to notice a dead network; the browser knows at once.
            Input::OmemoKeysGranted => {
                let _ = self.client.set_omemo_allowed(true, now()).await;
            }
            Input::BrowserOffline if self.socket.is_some() => {
                self.drop_socket_and_maybe_retry(crate::Disconnect::DeviceOffline)
            }
            _ => {}
        }
    }

    async fn command(&mut self, command: Command) {
        match command {
            Command::Login {
                jid,
                password,
                websocket_url,
            } => self.login(jid, password, websocket_url).await,
            Command::Send { conversation, body } => {
                let _ = self.client.send_message(&conversation, &body, now()).await;
            }
            Command::OpenDirect { jid, reply } => {
                let result = self.client.open_direct(&jid).await;
                let _ = reply.send(result);
            }
            Command::SetActive(conversation) => {
                let _ = self.client.set_active_conversation(conversation).await;
            }
            Command::LoadMessages {
                conversation,
                before,
                limit,
                reply,
            } => {
                let result = self.client.messages(&conversation, before, limit).await;
                let _ = reply.send(result);
            }
            Command::SetTyping {
                conversation,
                typing,
            } => self.client.set_typing(&conversation, typing),
            Command::LoadOlder(conversation) => {
                if let Err(error) = self.client.load_older(&conversation, now()).await {
                    (self.on_event)(ClientEvent::HistoryUnavailable(match error {
                        crate::ClientError::Store(error) => crate::HistoryProblem::Store(error),
                        other => crate::HistoryProblem::Client(other),
                    }));
                }
            }
            Command::Logout { forget } => self.logout(forget).await,
            Command::Contacts(command) => self.contact_command(command).await,
            Command::Retention(command) => self.retention_command(command).await,
            Command::Files(command) => self.file_command(command).await,
            Command::Groups(command) => self.group_command(command).await,
        }
    }

    pub(crate) async fn logout(&mut self, forget: bool) {
        let _ = self.client.logout(forget).await;
        self.flush_transmit();
        self.client.finish_logout();
        self.generation += 1;
        self.socket = None;
    }

    pub(crate) async fn login(
        &mut self,
        jid: String,
        password: Zeroizing<String>,
        websocket_url: Option<String>,
    ) {
        let url = match websocket_url.filter(|u| !u.trim().is_empty()) {
            Some(url) => url.trim().to_owned(),
            None => self.websocket_url_for(&jid).await,
        };
        if !crate::discovery::is_websocket_url(&url) {
            (self.on_event)(ClientEvent::LoginFailed(LoginError::NotWebSocketUrl {
                url,
            }));
            return;
        }
        let request = LoginRequest {
            jid,
            password,
            websocket_url: url.clone(),
        };
        if let Err(error) = self.client.start_login(request, now()) {
            (self.on_event)(ClientEvent::LoginFailed(error));
            return;
        }
        self.open_socket(&url);
    }

    pub(crate) async fn websocket_url_for(&self, jid: &str) -> String {
        let domain = jid
            .rsplit('@')
            .next()
            .unwrap_or(jid)
            .split('/')
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        match (&self.config.websocket_url, &self.config.domain) {
            (Some(url), None) => url.clone(),
            (Some(url), Some(d)) if d.eq_ignore_ascii_case(&domain) => url.clone(),
            _ => discover_websocket(&domain).await,
        }
    }

    fn resume(&mut self) {
        if let Some(url) = self.client.start_resume(now()) {
            self.open_socket(&url);
        }
    }

    pub(crate) fn open_socket(&mut self, url: &str) {
        self.generation += 1;
        match Socket::open(url, self.generation, self.inputs.clone()) {
            Ok(socket) => self.socket = Some(socket),
            Err(reason) => {
                self.socket = None;
                let _ = self
                    .inputs
                    .unbounded_send(Input::SocketClosed(self.generation, reason));
            }
        }
    }

    fn drop_socket_and_maybe_retry(&mut self, reason: crate::Disconnect) {
        self.socket = None;
        self.generation += 1;
        let retry_at = self.client.should_reconnect().then(|| {
            let delay = self.backoff.next_delay(js_sys::Math::random());
            let generation = self.generation;
            let inputs = self.inputs.clone();
            wasm_bindgen_futures::spawn_local(async move {
                gloo_timers::future::TimeoutFuture::new(delay.min(u32::MAX as u64) as u32).await;
                let _ = inputs.unbounded_send(Input::Reconnect(generation));
            });
            now() + delay
        });
        self.client.connection_lost(reason, retry_at);
    }

    /// Sends queued frames, delivers events, and re-arms the protocol timer.
    fn pump(&mut self) {
        self.flush_transmit();
        while let Some(event) = self.client.poll_event() {
            if !self.answer_slot(&event) {
                (self.on_event)(event);
            }
        }
        if let Some(mut storage) = super::tab_resume::SessionStorage::get() {
            self.tab_resume
                .keep(&mut storage, self.client.resume_snapshot());
        }
        self.arm_timer();
    }

    fn flush_transmit(&mut self) {
        let Some(socket) = self.socket.as_ref().filter(|s| s.is_open()) else {
            return;
        };
        while let Some(frame) = self.client.poll_transmit() {
            if socket.send(&frame).is_err() {
                break;
            }
        }
    }

    fn arm_timer(&mut self) {
        self.timer_generation += 1;
        let signup_deadline = self
            .signup
            .as_ref()
            .and_then(|s| s.registration.poll_timeout());
        let purge = self.client.purge_wake_at(now());
        let Some(deadline) = [self.client.poll_timeout(), signup_deadline, purge]
            .into_iter()
            .flatten()
            .min()
        else {
            return;
        };
        let delay = deadline.saturating_sub(now()).min(u32::MAX as u64) as u32;
        let generation = self.timer_generation;
        let inputs = self.inputs.clone();
        wasm_bindgen_futures::spawn_local(async move {
            gloo_timers::future::TimeoutFuture::new(delay).await;
            let _ = inputs.unbounded_send(Input::Timer(generation));
        });
    }
}

/// Forwards the browser's `online` / `offline` events: reconnect as soon as the network is
/// back instead of waiting for the back-off. The listeners live as long as the page.
fn watch_network(inputs: &mpsc::UnboundedSender<Input>) {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    let Some(window) = web_sys::window() else {
        return;
    };
    for (name, online) in [("online", true), ("offline", false)] {
        let tx = inputs.clone();
        let listener = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
            let _ = tx.unbounded_send(if online {
                Input::ReconnectNow
            } else {
                Input::BrowserOffline
            });
        });
        if window
            .add_event_listener_with_callback(name, listener.as_ref().unchecked_ref())
            .is_ok()
        {
            listener.forget();
        }
    }
}
