//! The registration exchange on its own unauthenticated stream: `<open/>`, features, ask for
//! the form, send the answers, `<close/>`. The caller logs in afterwards on a new stream, as
//! with any account.

use std::collections::VecDeque;

use super::{answer, RegisterQuery, RegistrationAnswers, RegistrationForm};
use crate::features::StreamFeatures;
use crate::framing::{close_frame, open_frame, parse_frame, Frame};
use crate::stanza::{ErrorCondition, Iq, IqKind, StanzaError};
use crate::xml::Element;
use crate::Millis;

/// How long the server gets for each step before the attempt is given up.
const STEP_TIMEOUT_MS: Millis = 30_000;

/// Why the server did not create the account, in the user's terms.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RegistrationRefusal {
    #[error("That username is already taken. Choose another one.")]
    Conflict,
    #[error("The server did not accept these details{}", detail(.0))]
    NotAcceptable(Option<String>),
    #[error("This server does not allow creating accounts from an app{}", detail(.0))]
    NotAllowed(Option<String>),
    #[error("Too many accounts were created recently; try again later{}", detail(.0))]
    RateLimited(Option<String>),
    #[error("The server refused the registration ({condition}){}", detail(.text))]
    Other {
        condition: String,
        text: Option<String>,
    },
    #[error("The server did not answer in time.")]
    Timeout,
    /// The connection dropped before the server answered.
    #[error("The connection to the server was lost.")]
    ConnectionLost,
    #[error("The server sent something Jibber could not understand: {0}")]
    Protocol(String),
}

fn detail(text: &Option<String>) -> String {
    text.as_deref()
        .filter(|t| !t.trim().is_empty())
        .map(|t| format!(": {}", t.trim()))
        .unwrap_or_else(|| ".".into())
}

impl From<&StanzaError> for RegistrationRefusal {
    fn from(error: &StanzaError) -> Self {
        let text = error.text.clone();
        match error.condition {
            ErrorCondition::Conflict => RegistrationRefusal::Conflict,
            ErrorCondition::NotAcceptable | ErrorCondition::BadRequest => {
                RegistrationRefusal::NotAcceptable(text)
            }
            ErrorCondition::NotAllowed
            | ErrorCondition::Forbidden
            | ErrorCondition::PolicyViolation
            | ErrorCondition::ServiceUnavailable
            | ErrorCondition::FeatureNotImplemented => RegistrationRefusal::NotAllowed(text),
            ErrorCondition::ResourceConstraint => RegistrationRefusal::RateLimited(text),
            ref other => RegistrationRefusal::Other {
                condition: other.name().to_owned(),
                text,
            },
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegistrationEvent {
    /// The server's form; answer with [`Registration::submit`].
    Form(RegistrationForm),
    /// The account exists; the stream is being closed.
    Registered,
    /// The attempt is over (the stream is being closed); show the reason.
    Refused(RegistrationRefusal),
}

#[derive(Debug)]
enum Phase {
    AwaitingOpen,
    AwaitingFeatures,
    AwaitingForm { id: String },
    FormShown { query: RegisterQuery },
    Submitting { id: String, query: RegisterQuery },
    Done,
}

/// One registration attempt. See the module documentation.
#[derive(Debug)]
pub struct Registration {
    domain: String,
    id_prefix: String,
    next_id: u64,
    phase: Phase,
    finished: bool,
    deadline: Option<Millis>,
    transmit: VecDeque<String>,
    events: VecDeque<RegistrationEvent>,
}

impl Registration {
    /// Starts the exchange with `domain`; `id_prefix` (fresh random text) keeps ids unique.
    pub fn new(domain: &str, id_prefix: &str, now: Millis) -> Self {
        let mut registration = Self {
            domain: domain.to_owned(),
            id_prefix: id_prefix.to_owned(),
            next_id: 0,
            phase: Phase::AwaitingOpen,
            finished: false,
            deadline: Some(now.saturating_add(STEP_TIMEOUT_MS)),
            transmit: VecDeque::new(),
            events: VecDeque::new(),
        };
        registration.transmit.push_back(open_frame(domain));
        registration
    }

    pub fn domain(&self) -> &str {
        &self.domain
    }

    pub fn poll_transmit(&mut self) -> Option<String> {
        self.transmit.pop_front()
    }

    pub fn poll_event(&mut self) -> Option<RegistrationEvent> {
        self.events.pop_front()
    }

    pub fn poll_timeout(&self) -> Option<Millis> {
        self.deadline
    }

    pub fn is_done(&self) -> bool {
        self.finished
    }

    pub fn handle_timeout(&mut self, now: Millis) {
        if self.deadline.is_some_and(|deadline| deadline <= now) {
            self.finish(Some(RegistrationEvent::Refused(
                RegistrationRefusal::Timeout,
            )));
        }
    }

    /// The socket closed before the exchange finished.
    pub fn connection_lost(&mut self) {
        if !self.is_done() {
            self.events.push_back(RegistrationEvent::Refused(
                RegistrationRefusal::ConnectionLost,
            ));
            self.finished = true;
            self.phase = Phase::Done;
            self.deadline = None;
        }
    }

    pub fn handle_frame(&mut self, frame: &str, now: Millis) {
        if self.is_done() || frame.trim().is_empty() {
            return;
        }
        let frame = match parse_frame(frame) {
            Ok(frame) => frame,
            Err(error) => return self.protocol_error(error.to_string()),
        };
        let phase = std::mem::replace(&mut self.phase, Phase::Done);
        match (phase, frame) {
            (Phase::AwaitingOpen, Frame::Open { .. }) => self.phase = Phase::AwaitingFeatures,
            (Phase::AwaitingFeatures, Frame::Stanza(element))
                if StreamFeatures::try_from(&element).is_ok() =>
            {
                // Servers that do not announce the feature may still answer; the answer decides.
                let id = self.send_iq(IqKind::Get, RegisterQuery::request(), now);
                self.phase = Phase::AwaitingForm { id };
            }
            (Phase::AwaitingForm { id }, Frame::Stanza(element)) => {
                match answer_to(&element, &id) {
                    Some(Ok(iq)) => self.on_form(iq),
                    Some(Err(error)) => self.refuse(&error),
                    None => self.phase = Phase::AwaitingForm { id },
                }
            }
            (Phase::Submitting { id, query }, Frame::Stanza(element)) => {
                match answer_to(&element, &id) {
                    Some(Ok(_)) => self.finish(Some(RegistrationEvent::Registered)),
                    // A wrong answer can be corrected: the form stays usable.
                    Some(Err(error))
                        if matches!(
                            error.condition,
                            ErrorCondition::Conflict | ErrorCondition::NotAcceptable
                        ) =>
                    {
                        self.deadline = None;
                        self.events.push_back(RegistrationEvent::Refused(
                            RegistrationRefusal::from(&error),
                        ));
                        self.phase = Phase::FormShown { query };
                    }
                    Some(Err(error)) => self.refuse(&error),
                    None => self.phase = Phase::Submitting { id, query },
                }
            }
            (phase @ Phase::FormShown { .. }, Frame::Stanza(_)) => self.phase = phase,
            (_, Frame::Close { .. }) => {
                self.protocol_error("the server closed the connection".into())
            }
            (_, Frame::Stanza(element)) if element.name == "error" => self.protocol_error(format!(
                "stream error {}",
                element
                    .child_elements()
                    .next()
                    .map(|c| c.name.clone())
                    .unwrap_or_default()
            )),
            (_, other) => self.protocol_error(format!("unexpected {}", other.to_xml())),
        }
    }

    /// Sends the user's answers to the form the server sent.
    pub fn submit(&mut self, answers: &RegistrationAnswers, now: Millis) {
        if !matches!(self.phase, Phase::FormShown { .. }) {
            return;
        }
        let Phase::FormShown { query } = std::mem::replace(&mut self.phase, Phase::Done) else {
            return;
        };
        let id = self.send_iq(IqKind::Set, answer(&query, answers), now);
        self.phase = Phase::Submitting { id, query };
    }

    /// Gives up (the user left the sign-up screen).
    pub fn cancel(&mut self) {
        self.finish(None);
    }

    fn on_form(&mut self, iq: Iq) {
        let query = match iq.payload.as_ref().map(RegisterQuery::try_from) {
            Some(Ok(query)) => query,
            Some(Err(error)) => return self.protocol_error(error.to_string()),
            None => return self.protocol_error("the registration form is empty".into()),
        };
        let form = RegistrationForm::from_query(&query);
        self.deadline = None;
        let web_only = matches!(form, RegistrationForm::WebOnly { .. });
        self.events.push_back(RegistrationEvent::Form(form));
        if web_only {
            self.finish(None);
        } else {
            self.phase = Phase::FormShown { query };
        }
    }

    fn send_iq(&mut self, kind: IqKind, payload: Element, now: Millis) -> String {
        self.next_id += 1;
        let id = format!("{}-reg{}", self.id_prefix, self.next_id);
        let iq = match kind {
            IqKind::Set => Iq::set(None, id.clone(), payload),
            _ => Iq::get(None, id.clone(), payload),
        };
        self.transmit.push_back(Element::from(iq).to_xml());
        self.deadline = Some(now.saturating_add(STEP_TIMEOUT_MS));
        id
    }

    fn refuse(&mut self, error: &StanzaError) {
        self.finish(Some(RegistrationEvent::Refused(RegistrationRefusal::from(
            error,
        ))));
    }

    fn protocol_error(&mut self, reason: String) {
        self.finish(Some(RegistrationEvent::Refused(
            RegistrationRefusal::Protocol(reason),
        )));
    }

    fn finish(&mut self, event: Option<RegistrationEvent>) {
        if self.finished {
            return;
        }
        self.finished = true;
        self.events.extend(event);
        self.phase = Phase::Done;
        self.deadline = None;
        self.transmit.push_back(close_frame());
    }
}

/// `Some(Ok)` for the result of request `id`, `Some(Err)` for its error, `None` for anything else.
fn answer_to(element: &Element, id: &str) -> Option<Result<Iq, StanzaError>> {
    let iq = Iq::try_from(element).ok()?;
    if iq.id != id || iq.is_request() {
        return None;
    }
    match iq.kind {
        IqKind::Error => Some(Err(iq.error.clone().unwrap_or_else(|| {
            StanzaError::new(crate::ErrorType::Cancel, ErrorCondition::UndefinedCondition)
        }))),
        _ => Some(Ok(iq)),
    }
}
