//! The driver's contact, presence and account commands, and the sign-up exchange, which runs
//! on the driver's socket while nobody is logged in.

use chat_store::Store;
use futures::channel::oneshot;
use xmpp_protocol::register::{Registration, RegistrationAnswers};
use zeroize::Zeroizing;

use super::driver::{Driver, Input};
use super::now;
use crate::signup::{update_for, SignupUpdate};
use crate::ClientError;
use crate::{ClientEvent, NewContact, OwnShow};

pub(crate) type Reply = oneshot::Sender<Result<(), ClientError>>;

pub(crate) enum ContactCommand {
    Add(NewContact, Reply),
    SetEncryption {
        conversation: chat_store::ConversationId,
        preference: chat_store::EncryptionPreference,
        reply: Reply,
    },
    SetDeviceTrust {
        jid: String,
        device_id: u32,
        fingerprint: String,
        trust: crate::Trust,
        reply: Reply,
    },
    ShowOmemoDevices(String),
    /// Who can read a private group (a room address).
    ShowGroupReaders(String),
    ChangeMessage {
        conversation: chat_store::ConversationId,
        id: String,
        change: super::handle_edits::MessageChange,
        reply: Reply,
    },
    VerifyWithUri {
        uri: String,
        reply: Reply,
    },
    RemoveOwnDevice {
        device_id: u32,
        reply: Reply,
    },
    Approve {
        jid: String,
        ask_back: bool,
        reply: Reply,
    },
    Deny {
        jid: String,
        reply: Reply,
    },
    Block {
        jid: String,
        reply: Reply,
    },
    Unblock {
        jid: String,
        reply: Reply,
    },
    Edit {
        jid: String,
        name: Option<String>,
        groups: Vec<String>,
        reply: Reply,
    },
    Remove {
        jid: String,
        reply: Reply,
    },
    SetPresence {
        show: OwnShow,
        status: String,
    },
    SetNick(String),
    SetAvatar {
        bytes: Vec<u8>,
        width: u16,
        height: u16,
        reply: Reply,
    },
    SetIdle(Option<u64>),
    SetVisible(bool),
    ChangePassword {
        password: Zeroizing<String>,
        reply: Reply,
    },
    DeleteAccount {
        reply: Reply,
    },
    RequestDetails(String),
    SetProfile {
        profile: crate::Profile,
        reply: Reply,
    },
    SignupStart {
        domain: String,
        websocket_url: Option<String>,
    },
    SignupSubmit(RegistrationAnswers),
    SignupCancel,
}

/// A sign-up in progress: the exchange and the username it is for.
pub(crate) struct Signup {
    pub registration: Registration,
    pub username: String,
}

fn answer(reply: Reply, result: Result<(), crate::ClientError>) {
    let _ = reply.send(result);
}

impl<S: Store + 'static> Driver<S> {
    pub(crate) async fn contact_command(&mut self, command: ContactCommand) {
        let client = &mut self.client;
        match command {
            ContactCommand::Add(contact, reply) => {
                answer(reply, client.add_contact(contact, now()).await)
            }
            ContactCommand::SetEncryption {
                conversation,
                preference,
                reply,
            } => answer(
                reply,
                client.set_encryption(&conversation, preference).await,
            ),
            ContactCommand::SetDeviceTrust {
                jid,
                device_id,
                fingerprint,
                trust,
                reply,
            } => answer(
                reply,
                client
                    .set_device_trust(&jid, device_id, &fingerprint, trust, now())
                    .await,
            ),
            ContactCommand::VerifyWithUri { uri, reply } => {
                answer(reply, client.verify_with_uri(&uri, now()).await.map(|_| ()))
            }
            ContactCommand::RemoveOwnDevice { device_id, reply } => {
                answer(reply, client.remove_own_device(device_id, now()).await)
            }
            ContactCommand::ChangeMessage {
                conversation,
                id,
                change,
                reply,
            } => {
                let result = match change {
                    super::handle_edits::MessageChange::Correct(body) => {
                        client
                            .correct_message(&conversation, &id, &body, now())
                            .await
                    }
                    super::handle_edits::MessageChange::Retract => {
                        client.retract_message(&conversation, &id).await
                    }
                    super::handle_edits::MessageChange::React(emojis) => {
                        client.react(&conversation, &id, emojis).await
                    }
                    super::handle_edits::MessageChange::Reply(body) => client
                        .send_reply(&conversation, &body, &id, now())
                        .await
                        .map(|_| ()),
                };
                answer(reply, result)
            }
            ContactCommand::ShowOmemoDevices(jid) => client.emit_omemo_devices(&jid),
            ContactCommand::ShowGroupReaders(room) => client.show_group_readers(&room, now()),
            ContactCommand::Approve {
                jid,
                ask_back,
                reply,
            } => answer(reply, client.approve_subscription(&jid, ask_back).await),
            ContactCommand::Deny { jid, reply } => answer(reply, client.deny(&jid).await),
            ContactCommand::Block { jid, reply } => answer(reply, client.block(&jid, now()).await),
            ContactCommand::Unblock { jid, reply } => {
                answer(reply, client.unblock(&jid, now()).await)
            }
            ContactCommand::Edit {
                jid,
                name,
                groups,
                reply,
            } => answer(reply, client.edit_contact(&jid, name, groups, now()).await),
            ContactCommand::Remove { jid, reply } => {
                answer(reply, client.remove_contact(&jid, now()).await)
            }
            ContactCommand::SetPresence { show, status } => {
                let _ = client.set_own_presence(show, &status).await;
            }
            ContactCommand::SetNick(nick) => {
                let _ = client.set_nick(&nick, now()).await;
            }
            ContactCommand::SetAvatar {
                bytes,
                width,
                height,
                reply,
            } => answer(reply, client.set_avatar(bytes, width, height, now()).await),
            ContactCommand::SetIdle(since) => client.set_idle(since),
            ContactCommand::SetVisible(visible) => client.set_client_active(visible),
            ContactCommand::ChangePassword { password, reply } => {
                answer(reply, client.change_password(password, now()))
            }
            ContactCommand::DeleteAccount { reply } => answer(reply, client.delete_account(now())),
            // Details opened while offline simply stay unknown; the UI says so.
            ContactCommand::RequestDetails(jid) => {
                let _ = client.request_contact_details(&jid, now());
            }
            ContactCommand::SetProfile { profile, reply } => {
                answer(reply, client.set_profile(profile, now()))
            }
            ContactCommand::SignupStart {
                domain,
                websocket_url,
            } => self.start_signup(domain, websocket_url).await,
            ContactCommand::SignupSubmit(answers) => {
                if let Some(signup) = self.signup.as_mut() {
                    signup.username = answers.username.clone();
                    signup.registration.submit(&answers, now());
                    self.signup_password = Some(answers.password.clone());
                }
            }
            ContactCommand::SignupCancel => {
                if let Some(mut signup) = self.signup.take() {
                    signup.registration.cancel();
                    self.flush_signup(&mut signup);
                    self.socket = None;
                    self.generation += 1;
                }
            }
        }
    }

    async fn start_signup(&mut self, domain: String, websocket_url: Option<String>) {
        let domain = domain.trim().trim_start_matches('@').to_ascii_lowercase();
        if domain.is_empty() || domain.contains('@') || domain.contains('/') || domain.contains(' ')
        {
            (self.on_event)(ClientEvent::Registration(SignupUpdate::Refused {
                reason: crate::signup::SignupProblem::NotADomain,
                can_retry: false,
            }));
            return;
        }
        let url = match websocket_url.filter(|u| !u.trim().is_empty()) {
            Some(url) => url.trim().to_owned(),
            None => self.websocket_url_for(&format!("x@{domain}")).await,
        };
        if !crate::discovery::is_websocket_url(&url) {
            (self.on_event)(ClientEvent::Registration(SignupUpdate::Refused {
                reason: crate::signup::SignupProblem::NotDiscovered { domain },
                can_retry: false,
            }));
            return;
        }
        self.signup = Some(Signup {
            registration: Registration::new(&domain, &crate::random_id(), now()),
            username: String::new(),
        });
        self.signup_url = Some(url.clone());
        self.open_socket(&url);
    }

    /// Inputs for the sign-up socket; returns whether `input` was one.
    pub(crate) fn signup_input(&mut self, input: &Input) -> bool {
        let Some(mut signup) = self.signup.take() else {
            return false;
        };
        let handled = match input {
            Input::Frames(generation, frames) if *generation == self.generation => {
                for frame in frames {
                    signup.registration.handle_frame(frame, now());
                }
                true
            }
            Input::SocketClosed(generation, _) if *generation == self.generation => {
                signup.registration.connection_lost();
                true
            }
            Input::SocketOpen(generation) if *generation == self.generation => {
                if let Some(socket) = self.socket.as_mut() {
                    socket.mark_open();
                }
                true
            }
            Input::Timer(_) => {
                signup.registration.handle_timeout(now());
                false
            }
            _ => false,
        };
        self.signup = Some(signup);
        self.settle_signup();
        handled
    }

    /// Sends what the sign-up queued, reports its events, and closes its socket once done.
    /// Runs after every input, commands included (a submit queues frames).
    pub(crate) fn settle_signup(&mut self) {
        let Some(mut signup) = self.signup.take() else {
            return;
        };
        self.flush_signup(&mut signup);
        if signup.registration.is_done() {
            self.socket = None;
            self.generation += 1;
        } else {
            self.signup = Some(signup);
        }
    }

    fn flush_signup(&mut self, signup: &mut Signup) {
        if let Some(socket) = self.socket.as_ref().filter(|s| s.is_open()) {
            while let Some(frame) = signup.registration.poll_transmit() {
                if socket.send(&frame).is_err() {
                    break;
                }
            }
        }
        let finished = signup.registration.is_done();
        let domain = signup.registration.domain().to_owned();
        while let Some(event) = signup.registration.poll_event() {
            let update = update_for(event, &domain, &signup.username, finished);
            if let SignupUpdate::Registered { jid } = &update {
                // The new account logs in like any other, with the password just chosen.
                if let Some(password) = self.signup_password.take() {
                    self.pending_login = Some((jid.clone(), password, self.signup_url.clone()));
                }
            }
            (self.on_event)(ClientEvent::Registration(update));
        }
    }

    /// After a confirmed password change, reconnect with the new password so that fresh
    /// SCRAM keys replace the stored ones.
    pub(crate) async fn after_contacts_input(&mut self) {
        if let Some((jid, password, url)) = self.pending_login.take() {
            self.login(jid, password, url).await;
            return;
        }
        if let Some(password) = self.client.take_relogin_password() {
            let jid = self
                .client
                .account()
                .map(|a| a.jid.clone())
                .unwrap_or_default();
            let url = self.client.account().and_then(|a| a.websocket_url.clone());
            self.client.finish_logout();
            self.socket = None;
            self.generation += 1;
            self.login(jid, password, url).await;
        }
    }
}
