//! The login half of the session: stream header, features, SASL, stream restart, resource
//! binding and the optional legacy session.

use super::pending::Purpose;
use super::{Credentials, Event, Phase, Session, SessionError};
use crate::bind::{bind_request, session_request, BindResult};
use crate::features::StreamFeatures;
use crate::jid::FullJid;
use crate::payload::ParseError;
use crate::sasl::{
    abort_element, auth_element, choose_mechanism, response_element, SaslClient, SaslError,
    SaslServerMessage,
};
use crate::stanza::{ErrorCondition, ErrorType, Iq, IqKind, StanzaError};
use crate::xml::Element;
use crate::Millis;

impl Session {
    pub(super) fn handle_open(&mut self, version: Option<String>) -> Result<(), SessionError> {
        match self.phase {
            Phase::AwaitingOpen { authenticated } => {
                if version.as_deref() != Some("1.0") {
                    return Err(self.fail(SessionError::UnsupportedVersion { version }));
                }
                self.phase = Phase::AwaitingFeatures { authenticated };
                Ok(())
            }
            Phase::Closed | Phase::Failed => Ok(()),
            _ => Err(self.fail(SessionError::UnexpectedFrame("<open/>".into()))),
        }
    }

    pub(super) fn handle_element(
        &mut self,
        element: Element,
        now: Millis,
    ) -> Result<(), SessionError> {
        match self.phase {
            Phase::AwaitingFeatures { authenticated } => {
                self.handle_features(&element, authenticated, now)
            }
            Phase::Authenticating { .. } => self.handle_sasl(&element),
            Phase::Binding { .. } | Phase::EstablishingSession => {
                self.handle_login_iq(&element, now)
            }
            Phase::Resuming { .. } => self.handle_resume_answer(&element, now),
            Phase::Online if super::stream_mgmt::is_sm(&element) => {
                self.handle_sm_element(&element);
                Ok(())
            }
            Phase::Online => {
                self.route(element);
                Ok(())
            }
            Phase::AwaitingOpen { .. } => Err(self.unexpected(&element)),
            Phase::Closed | Phase::Failed => Ok(()),
        }
    }

    fn handle_features(
        &mut self,
        element: &Element,
        authenticated: bool,
        now: Millis,
    ) -> Result<(), SessionError> {
        let features = match StreamFeatures::try_from(element) {
            Ok(features) => features,
            Err(error) => {
                return Err(self.malformed_or_unexpected(element, "stream features", &error))
            }
        };
        if authenticated {
            // Kept for `features()`: later code asks what the server offers (CSI, ...).
            self.features = Some(features.clone());
            self.resume_or_bind(features, now)
        } else {
            self.start_sasl(features)
        }
    }

    fn start_sasl(&mut self, features: StreamFeatures) -> Result<(), SessionError> {
        let Some(credentials) = self.credentials.take() else {
            return Err(self.fail(SessionError::UnexpectedFrame(
                "a second round of SASL features".into(),
            )));
        };
        let Some(username) = self.jid.node().map(str::to_owned) else {
            return Err(self.fail(SaslError::EmptyCredential { field: "username" }.into()));
        };
        let offered = features.mechanisms;
        let client = match credentials {
            Credentials::Password(password) => match choose_mechanism(&offered, true) {
                Some(mechanism) => {
                    SaslClient::with_password(mechanism, &username, &password, &self.client_nonce)
                }
                None => return Err(self.fail(SessionError::NoUsableMechanism { offered })),
            },
            Credentials::Scram(keys) => {
                if !offered.iter().any(|name| name == keys.mechanism.as_str()) {
                    return Err(self.fail(SessionError::NoUsableMechanism { offered }));
                }
                SaslClient::with_keys(keys, &username, &self.client_nonce)
            }
        };
        let client = match client {
            Ok(client) => client,
            Err(error) => return Err(self.fail(error.into())),
        };
        self.send_element(auth_element(client.mechanism(), &client.initial_response()));
        self.phase = Phase::Authenticating {
            client: Box::new(client),
        };
        Ok(())
    }

    fn handle_sasl(&mut self, element: &Element) -> Result<(), SessionError> {
        let message = match SaslServerMessage::try_from(element) {
            Ok(message) => message,
            Err(error) => {
                return Err(self.malformed_or_unexpected(element, "SASL message", &error))
            }
        };
        let Phase::Authenticating { client } = &mut self.phase else {
            return Ok(());
        };
        match message {
            SaslServerMessage::Challenge(data) => match client.handle_challenge(&data) {
                Ok(response) => {
                    self.send_element(response_element(&response));
                    Ok(())
                }
                Err(error) => {
                    self.send_element(abort_element());
                    Err(self.fail(error.into()))
                }
            },
            SaslServerMessage::Success(data) => {
                let mechanism = client.mechanism().as_str().to_owned();
                match client.handle_success(&data) {
                    Ok(keys) => {
                        self.events
                            .push_back(Event::Authenticated { mechanism, keys });
                        self.phase = Phase::AwaitingOpen {
                            authenticated: true,
                        };
                        self.send_open();
                        Ok(())
                    }
                    Err(error) => Err(self.fail(error.into())),
                }
            }
            SaslServerMessage::Failure { condition, text } => {
                Err(self.fail(SaslServerMessage::failure_error(&condition, text).into()))
            }
        }
    }

    pub(super) fn start_bind(
        &mut self,
        features: &StreamFeatures,
        now: Millis,
    ) -> Result<(), SessionError> {
        if !features.bind {
            return Err(self.fail(SessionError::BindNotOffered));
        }
        let iq = Iq::set(
            None,
            self.next_stanza_id(),
            bind_request(self.resource.as_deref()),
        );
        self.track(&iq, now, Purpose::Bind);
        self.phase = Phase::Binding {
            session_required: features.session_required,
        };
        self.send_element(iq.into());
        Ok(())
    }

    fn handle_login_iq(&mut self, element: &Element, now: Millis) -> Result<(), SessionError> {
        if element.name != "iq" {
            return Err(self.unexpected(element));
        }
        let iq = match Iq::try_from(element) {
            Ok(iq) => iq,
            Err(error) => return Err(self.malformed_or_unexpected(element, "IQ", &error)),
        };
        if iq.is_request() {
            self.send_element(Iq::error_for(&iq, StanzaError::service_unavailable()).into());
            return Ok(());
        }
        let own = self.jid.clone();
        let Some(pending) = self.pending.take_answer(&iq.id, iq.from.as_ref(), &own) else {
            return Ok(());
        };
        let error = iq.error.clone().unwrap_or_else(undefined_error);
        match (pending.purpose, iq.kind) {
            (Purpose::Bind, IqKind::Result) => {
                let result = iq.payload.as_ref().map(BindResult::try_from);
                match result {
                    Some(Ok(BindResult { jid })) => self.bound(jid, now),
                    Some(Err(error)) => Err(self.fail(malformed("bind result", &error))),
                    None => Err(self.fail(SessionError::MalformedLoginElement {
                        what: "bind result",
                        reason: "it carries no <bind/>".into(),
                    })),
                }
            }
            (Purpose::Bind, _) => Err(self.fail(SessionError::BindFailed(error))),
            (Purpose::Session, IqKind::Result) => {
                match self.bound_jid.clone() {
                    Some(jid) => self.go_online(jid),
                    None => {
                        return Err(self.fail(SessionError::UnexpectedFrame(
                            "a session result before binding".into(),
                        )))
                    }
                }
                Ok(())
            }
            (Purpose::Session, _) => Err(self.fail(SessionError::SessionFailed(error))),
            // Requests queued before login have not been sent, so nothing else can be answered.
            (Purpose::Roster { .. } | Purpose::Caller, _) => Ok(()),
        }
    }

    fn bound(&mut self, jid: FullJid, now: Millis) -> Result<(), SessionError> {
        self.bound_jid = Some(jid.clone());
        let session_required = matches!(
            self.phase,
            Phase::Binding {
                session_required: true
            }
        );
        if session_required {
            let iq = Iq::set(None, self.next_stanza_id(), session_request());
            self.track(&iq, now, Purpose::Session);
            self.phase = Phase::EstablishingSession;
            self.send_element(iq.into());
        } else {
            self.go_online(jid);
        }
        Ok(())
    }

    fn go_online(&mut self, jid: FullJid) {
        self.phase = Phase::Online;
        self.enable_stream_management();
        self.events.push_back(Event::Online { jid });
        for element in std::mem::take(&mut self.outbox) {
            self.send_element(element);
        }
    }

    pub(super) fn unexpected(&mut self, element: &Element) -> SessionError {
        let description = format!("<{} xmlns='{}'/>", element.name, element.ns);
        self.fail(SessionError::UnexpectedFrame(description))
    }

    fn malformed_or_unexpected(
        &mut self,
        element: &Element,
        what: &'static str,
        error: &ParseError,
    ) -> SessionError {
        if error.is_wrong_element() {
            self.unexpected(element)
        } else {
            self.fail(malformed(what, error))
        }
    }
}

fn malformed(what: &'static str, error: &ParseError) -> SessionError {
    SessionError::MalformedLoginElement {
        what,
        reason: error.to_string(),
    }
}

/// Stands in for an `<error/>` the server left out.
pub(super) fn undefined_error() -> StanzaError {
    StanzaError::new(ErrorType::Cancel, ErrorCondition::UndefinedCondition)
}
