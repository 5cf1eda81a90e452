//! Why a request, the connection, storage or a file transfer failed, worded in the reader's
//! language from the client's typed reasons. Details from elsewhere (a server's error text,
//! the browser's or a parser's words) are kept as they came.

use chat_client::signup::SignupProblem;
use chat_client::{
    ClientError, ConnectionProblem, Disconnect, HistoryProblem, InputProblem, LoginError,
    OmemoError, PasswordPrompt, SettingsProblem, StorageProblem, TransferError,
};
use chat_store::retention::TimerError;
use chat_store::StoreError;
use xmpp_protocol::register::RegistrationRefusal;
use xmpp_protocol::uri::UriError;

use crate::i18n::{t, tf, Msg};
use crate::message_reasons::send_failure_text;
use crate::notices::refusal_text;

/// What a failed request from the UI says.
pub fn client_error_text(error: &ClientError) -> String {
    match error {
        ClientError::Store(error) => store_error_text(error),
        ClientError::NotLoggedIn => t(Msg::ErrorNotLoggedIn).to_owned(),
        ClientError::InvalidJid(detail) => tf(Msg::LoginErrorInvalidJid, &[("detail", detail)]),
        ClientError::NotConnected => t(Msg::ErrorNotConnected).to_owned(),
        ClientError::ShuttingDown => t(Msg::ErrorShuttingDown).to_owned(),
        ClientError::Input(problem) => input_problem_text(problem),
        ClientError::Omemo(OmemoError::NotReady) => t(Msg::ErrorOmemoNotReady).to_owned(),
        ClientError::Omemo(OmemoError::Rejected { detail }) => {
            tf(Msg::ErrorOmemoRejected, &[("detail", detail)])
        }
        ClientError::Omemo(OmemoError::CannotRemoveOwnDevice) => {
            t(Msg::ErrorCannotRemoveOwnDevice).to_owned()
        }
        ClientError::NotSent(failure) => send_failure_text(failure),
        ClientError::KeysPending => t(Msg::ErrorKeysPending).to_owned(),
        ClientError::Transfer(error) => transfer_error_text(error),
    }
}

pub fn input_problem_text(problem: &InputProblem) -> String {
    let msg = match problem {
        InputProblem::MessageGone => Msg::InputMessageGone,
        InputProblem::NotOwnMessage => Msg::InputNotOwnMessage,
        InputProblem::EmptyCorrection => Msg::InputEmptyCorrection,
        InputProblem::BadNickname => Msg::InputBadNickname,
        InputProblem::NickNotAddressable => Msg::InputNickNotAddressable,
        InputProblem::JoinGroupFirst => Msg::InputJoinGroupFirst,
        InputProblem::NoModeration => Msg::InputNoModeration,
        InputProblem::NoGroupIdYet => Msg::InputNoGroupIdYet,
        InputProblem::ChooseSomeone => Msg::InputChooseSomeone,
        InputProblem::NoUploads => Msg::InputNoUploads,
        InputProblem::FileTooLarge { max_mb } => {
            return tf(Msg::InputFileTooLarge, &[("mb", &max_mb.to_string())])
        }
        InputProblem::EnterAddress => Msg::InputEnterAddress,
        InputProblem::OwnAddress => Msg::InputOwnAddress,
        InputProblem::CannotBlockSelf => Msg::InputCannotBlockSelf,
        InputProblem::NotAnAddress { input, detail } => {
            return tf(
                Msg::InputNotAnAddress,
                &[("input", input), ("detail", detail)],
            )
        }
        InputProblem::NotAGroupAddress => Msg::InputNotAGroupAddress,
        InputProblem::ShortPassword { min } => {
            return tf(Msg::InputShortPassword, &[("n", &min.to_string())])
        }
        InputProblem::Unacceptable { detail } => {
            return tf(Msg::InputUnacceptable, &[("detail", detail)])
        }
    };
    t(msg).to_owned()
}

pub fn store_error_text(error: &StoreError) -> String {
    match error {
        StoreError::Unavailable(detail) => tf(Msg::StoreUnavailable, &[("detail", detail)]),
        StoreError::QuotaExceeded(detail) => tf(Msg::StoreFull, &[("detail", detail)]),
        StoreError::Corrupt { what, reason } => {
            tf(Msg::StoreCorrupt, &[("what", what), ("detail", reason)])
        }
        StoreError::Blocked(detail) => tf(Msg::StoreBlocked, &[("detail", detail)]),
        StoreError::Backend(detail) => tf(Msg::StoreFailed, &[("detail", detail)]),
    }
}

pub fn storage_problem_text(problem: &StorageProblem) -> String {
    match problem {
        StorageProblem::Store(error) => store_error_text(error),
        StorageProblem::OmemoKeysUnreadable { detail } => {
            tf(Msg::StoreOmemoKeysUnreadable, &[("detail", detail)])
        }
        StorageProblem::OmemoKeysNotSaved { detail } => {
            tf(Msg::StoreOmemoKeysNotSaved, &[("detail", detail)])
        }
    }
}

pub fn history_problem_text(problem: &HistoryProblem) -> String {
    match problem {
        HistoryProblem::Offline => t(Msg::HistoryOffline).to_owned(),
        HistoryProblem::ArchiveRefused(reason) => tf(
            Msg::HistoryArchiveRefused,
            &[("reason", &refusal_text(reason))],
        ),
        HistoryProblem::GroupHistory { room } => tf(Msg::HistoryGroup, &[("room", room)]),
        HistoryProblem::Store(error) => store_error_text(error),
        HistoryProblem::Client(error) => client_error_text(error),
    }
}

pub fn connection_problem_text(problem: &ConnectionProblem) -> String {
    match problem {
        ConnectionProblem::StoredLoginRejected => t(Msg::ConnectionStoredLoginRejected).to_owned(),
        ConnectionProblem::StreamError { detail } => {
            tf(Msg::ConnectionStreamError, &[("detail", detail)])
        }
        ConnectionProblem::Login(error) => login_error_text(error),
    }
}

/// Why a login failed; the detail (the server's or a parser's own words) is kept as it came.
pub fn login_error_text(error: &LoginError) -> String {
    let (msg, detail) = match error {
        LoginError::InvalidJid(detail) => (Msg::LoginErrorInvalidJid, detail.clone()),
        LoginError::NotAuthorized => (Msg::LoginErrorNotAuthorized, String::new()),
        LoginError::Unreachable(reason) => (Msg::LoginErrorUnreachable, disconnect_text(reason)),
        LoginError::NotWebSocketUrl { url } => {
            return tf(Msg::LoginErrorNotWebsocketUrl, &[("url", url)])
        }
        LoginError::Protocol(detail) => (Msg::LoginErrorProtocol, detail.clone()),
        LoginError::Refused(detail) => (Msg::LoginErrorRefused, detail.clone()),
        LoginError::Storage(error) => (Msg::LoginErrorStorage, store_error_text(error)),
    };
    tf(msg, &[("detail", &detail)])
}

/// Why the connection went away, as a clause ("Could not reach the server: {detail}").
pub fn disconnect_text(reason: &Disconnect) -> String {
    match reason {
        Disconnect::Closed { code, reason } => {
            let closed = tf(Msg::DisconnectClosed, &[("code", &code.to_string())]);
            match reason {
                Some(reason) => tf(
                    Msg::GroupEndedWithReason,
                    &[("text", &closed), ("reason", reason)],
                ),
                None => closed,
            }
        }
        Disconnect::SocketError(detail) if !detail.is_empty() => {
            tf(Msg::DisconnectSocketError, &[("detail", detail)])
        }
        Disconnect::SocketError(_) | Disconnect::SocketFailed => {
            t(Msg::DisconnectSocketFailed).to_owned()
        }
        Disconnect::SessionEnded => t(Msg::DisconnectSessionEnded).to_owned(),
        Disconnect::DeviceOffline => t(Msg::DisconnectDeviceOffline).to_owned(),
    }
}

pub fn password_prompt_text(prompt: PasswordPrompt) -> &'static str {
    t(match prompt {
        PasswordPrompt::EnterToConnect => Msg::PasswordPromptEnter,
        PasswordPrompt::MayHaveChanged => Msg::PasswordPromptMayHaveChanged,
        PasswordPrompt::ServerDrawsNewSalt => Msg::PasswordPromptNewSalt,
    })
}

pub fn transfer_error_text(error: &TransferError) -> String {
    match error {
        TransferError::SlotRefused { detail } => {
            tf(Msg::TransferSlotRefused, &[("detail", detail)])
        }
        TransferError::SlotTimeout => t(Msg::TransferSlotTimeout).to_owned(),
        TransferError::NoSlot => t(Msg::TransferNoSlot).to_owned(),
        TransferError::BadSlot { detail } => tf(Msg::TransferBadSlot, &[("detail", detail)]),
        TransferError::TooLarge => t(Msg::TransferTooLarge).to_owned(),
        TransferError::Refused { status } => {
            tf(Msg::TransferRefused, &[("status", &status.to_string())])
        }
        TransferError::NotAvailable { status } => tf(
            Msg::TransferNotAvailable,
            &[("status", &status.to_string())],
        ),
        TransferError::ConnectionFailed => t(Msg::TransferConnectionFailed).to_owned(),
        TransferError::Cancelled => t(Msg::TransferCancelled).to_owned(),
        TransferError::Browser { detail } => tf(Msg::TransferBrowser, &[("detail", detail)]),
        TransferError::Unreadable => t(Msg::TransferUnreadable).to_owned(),
        TransferError::CannotShow => t(Msg::TransferCannotShow).to_owned(),
        TransferError::Unusable { detail } => tf(Msg::TransferUnusable, &[("detail", detail)]),
    }
}

pub fn signup_problem_text(problem: &SignupProblem) -> String {
    match problem {
        SignupProblem::NotADomain => t(Msg::SignupNotADomain).to_owned(),
        SignupProblem::NotDiscovered { domain } => {
            tf(Msg::SignupNotDiscovered, &[("domain", domain)])
        }
        SignupProblem::Refused(refusal) => registration_refusal_text(refusal),
    }
}

/// The server's own text, when it gave one, follows ours.
fn with_detail(text: &str, detail: &Option<String>) -> String {
    match detail.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        Some(detail) => tf(
            Msg::GroupEndedWithReason,
            &[("text", text), ("reason", detail)],
        ),
        None => tf(Msg::GroupEndedPlain, &[("text", text)]),
    }
}

fn registration_refusal_text(refusal: &RegistrationRefusal) -> String {
    match refusal {
        RegistrationRefusal::Conflict => t(Msg::SignupTaken).to_owned(),
        RegistrationRefusal::NotAcceptable(text) => with_detail(t(Msg::SignupNotAcceptable), text),
        RegistrationRefusal::NotAllowed(text) => with_detail(t(Msg::SignupNotAllowed), text),
        RegistrationRefusal::RateLimited(text) => with_detail(t(Msg::SignupRateLimited), text),
        RegistrationRefusal::Other { condition, text } => {
            with_detail(&tf(Msg::SignupRefused, &[("condition", condition)]), text)
        }
        RegistrationRefusal::Timeout => t(Msg::SignupTimeout).to_owned(),
        RegistrationRefusal::ConnectionLost => t(Msg::SignupConnectionLost).to_owned(),
        RegistrationRefusal::Protocol(detail) => tf(Msg::LoginErrorProtocol, &[("detail", detail)]),
    }
}

pub fn settings_problem_text(problem: &SettingsProblem) -> String {
    match problem {
        SettingsProblem::NotAForm => t(Msg::SettingsNotAForm).to_owned(),
        SettingsProblem::NotOpened(reason) => {
            tf(Msg::SettingsNotOpened, &[("reason", &refusal_text(reason))])
        }
        SettingsProblem::NotSaved(reason) => {
            tf(Msg::SettingsNotSaved, &[("reason", &refusal_text(reason))])
        }
    }
}

/// Why a typed disappearing-message timer is not accepted.
pub fn timer_error_text(error: &TimerError) -> String {
    match error {
        TimerError::NotANumber(typed) => tf(Msg::TimerNotANumber, &[("typed", typed)]),
        TimerError::TooShort => t(Msg::TimerTooShort).to_owned(),
        TimerError::TooLong => t(Msg::TimerTooLong).to_owned(),
    }
}

/// Why an `xmpp:` link is not followed.
pub fn uri_error_text(error: &UriError) -> String {
    match error {
        UriError::NotXmpp => t(Msg::UriNotXmpp).to_owned(),
        UriError::TooLong => t(Msg::UriTooLong).to_owned(),
        UriError::BadEscape => t(Msg::UriBadEscape).to_owned(),
        UriError::BadAddress => t(Msg::UriBadAddress).to_owned(),
        UriError::Authority => t(Msg::UriAuthority).to_owned(),
        UriError::UnknownAction(action) => tf(Msg::UriUnknownAction, &[("action", action)]),
        UriError::BadFingerprint => t(Msg::UriBadFingerprint).to_owned(),
        UriError::TooManyFingerprints => t(Msg::UriTooManyFingerprints).to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::assert_worded_in_both;
    use chat_client::Refusal;

    fn refusals() -> Vec<Refusal> {
        vec![
            Refusal::NoAnswer,
            Refusal::Error {
                condition: "forbidden".into(),
                text: None,
            },
            Refusal::Error {
                condition: "forbidden".into(),
                text: Some("Nope".into()),
            },
        ]
    }

    fn inputs() -> Vec<InputProblem> {
        vec![
            InputProblem::MessageGone,
            InputProblem::NotOwnMessage,
            InputProblem::EmptyCorrection,
            InputProblem::BadNickname,
            InputProblem::NickNotAddressable,
            InputProblem::JoinGroupFirst,
            InputProblem::NoModeration,
            InputProblem::NoGroupIdYet,
            InputProblem::ChooseSomeone,
            InputProblem::NoUploads,
            InputProblem::FileTooLarge { max_mb: 10 },
            InputProblem::EnterAddress,
            InputProblem::OwnAddress,
            InputProblem::CannotBlockSelf,
            InputProblem::NotAnAddress {
                input: "bob@".into(),
                detail: "empty domain".into(),
            },
            InputProblem::NotAGroupAddress,
            InputProblem::ShortPassword { min: 8 },
            InputProblem::Unacceptable {
                detail: "too big".into(),
            },
        ]
    }

    fn stores() -> Vec<StoreError> {
        vec![
            StoreError::Unavailable("x".into()),
            StoreError::QuotaExceeded("x".into()),
            StoreError::Corrupt {
                what: "messages".into(),
                reason: "x".into(),
            },
            StoreError::Blocked("x".into()),
            StoreError::Backend("x".into()),
        ]
    }

    fn transfers() -> Vec<TransferError> {
        vec![
            TransferError::SlotRefused {
                detail: "not-acceptable".into(),
            },
            TransferError::SlotTimeout,
            TransferError::NoSlot,
            TransferError::BadSlot {
                detail: "no put".into(),
            },
            TransferError::TooLarge,
            TransferError::Refused { status: 403 },
            TransferError::NotAvailable { status: 404 },
            TransferError::ConnectionFailed,
            TransferError::Cancelled,
            TransferError::Browser {
                detail: "send".into(),
            },
            TransferError::Unreadable,
            TransferError::CannotShow,
            TransferError::Unusable {
                detail: "bad link".into(),
            },
        ]
    }

    fn client_errors() -> Vec<ClientError> {
        let mut all = vec![
            ClientError::NotLoggedIn,
            ClientError::InvalidJid("x".into()),
            ClientError::NotConnected,
            ClientError::ShuttingDown,
            ClientError::Omemo(OmemoError::NotReady),
            ClientError::Omemo(OmemoError::Rejected { detail: "x".into() }),
            ClientError::Omemo(OmemoError::CannotRemoveOwnDevice),
            ClientError::NotSent(chat_store::SendFailure::GroupAlone),
            ClientError::KeysPending,
        ];
        all.extend(stores().into_iter().map(ClientError::Store));
        all.extend(inputs().into_iter().map(ClientError::Input));
        all.extend(transfers().into_iter().map(ClientError::Transfer));
        all
    }

    fn disconnects() -> Vec<Disconnect> {
        vec![
            Disconnect::Closed {
                code: 1006,
                reason: None,
            },
            Disconnect::Closed {
                code: 1000,
                reason: Some("bye".into()),
            },
            Disconnect::SocketError("bad URL".into()),
            Disconnect::SocketError(String::new()),
            Disconnect::SocketFailed,
            Disconnect::SessionEnded,
            Disconnect::DeviceOffline,
        ]
    }

    #[test]
    fn every_client_error_is_worded_in_both_languages() {
        assert_worded_in_both(|| client_errors().iter().map(client_error_text).collect());
    }

    #[test]
    fn timer_and_link_errors_are_worded_in_both_languages() {
        assert_worded_in_both(|| {
            let mut texts: Vec<String> = [
                TimerError::NotANumber("soon".into()),
                TimerError::TooShort,
                TimerError::TooLong,
            ]
            .iter()
            .map(timer_error_text)
            .collect();
            texts.extend(
                [
                    UriError::NotXmpp,
                    UriError::TooLong,
                    UriError::BadEscape,
                    UriError::BadAddress,
                    UriError::Authority,
                    UriError::UnknownAction("pubsub".into()),
                    UriError::BadFingerprint,
                    UriError::TooManyFingerprints,
                ]
                .iter()
                .map(uri_error_text),
            );
            texts
        });
    }

    #[test]
    fn storage_history_and_connection_problems_are_worded_in_both_languages() {
        assert_worded_in_both(|| {
            let mut texts: Vec<String> = stores()
                .into_iter()
                .map(|e| storage_problem_text(&StorageProblem::Store(e)))
                .collect();
            texts.push(storage_problem_text(&StorageProblem::OmemoKeysUnreadable {
                detail: "x".into(),
            }));
            texts.push(storage_problem_text(&StorageProblem::OmemoKeysNotSaved {
                detail: "x".into(),
            }));
            let mut history = vec![
                HistoryProblem::Offline,
                HistoryProblem::GroupHistory {
                    room: "team@conference.example.org".into(),
                },
                HistoryProblem::Store(StoreError::Backend("x".into())),
                HistoryProblem::Client(ClientError::NotConnected),
            ];
            history.extend(refusals().into_iter().map(HistoryProblem::ArchiveRefused));
            texts.extend(history.iter().map(history_problem_text));
            let mut connection = vec![
                ConnectionProblem::StoredLoginRejected,
                ConnectionProblem::StreamError {
                    detail: "conflict".into(),
                },
                ConnectionProblem::Login(LoginError::NotAuthorized),
                ConnectionProblem::Login(LoginError::InvalidJid("x".into())),
                ConnectionProblem::Login(LoginError::NotWebSocketUrl {
                    url: "http://x".into(),
                }),
                ConnectionProblem::Login(LoginError::Protocol("x".into())),
                ConnectionProblem::Login(LoginError::Refused("x".into())),
                ConnectionProblem::Login(LoginError::Storage(StoreError::Backend("x".into()))),
            ];
            connection.extend(
                disconnects()
                    .into_iter()
                    .map(|d| ConnectionProblem::Login(LoginError::Unreachable(d))),
            );
            texts.extend(connection.iter().map(connection_problem_text));
            texts.extend(disconnects().iter().map(disconnect_text));
            texts.extend(
                [
                    PasswordPrompt::EnterToConnect,
                    PasswordPrompt::MayHaveChanged,
                    PasswordPrompt::ServerDrawsNewSalt,
                ]
                .into_iter()
                .map(|p| password_prompt_text(p).to_owned()),
            );
            texts
        });
    }

    #[test]
    fn sign_up_and_room_settings_problems_are_worded_in_both_languages() {
        assert_worded_in_both(|| {
            let mut problems = vec![
                SignupProblem::NotADomain,
                SignupProblem::NotDiscovered {
                    domain: "example.org".into(),
                },
            ];
            for refusal in [
                RegistrationRefusal::Conflict,
                RegistrationRefusal::NotAcceptable(None),
                RegistrationRefusal::NotAcceptable(Some("weak password".into())),
                RegistrationRefusal::NotAllowed(None),
                RegistrationRefusal::RateLimited(Some("later".into())),
                RegistrationRefusal::Other {
                    condition: "conflict".into(),
                    text: None,
                },
                RegistrationRefusal::Timeout,
                RegistrationRefusal::ConnectionLost,
                RegistrationRefusal::Protocol("bad form".into()),
            ] {
                problems.push(SignupProblem::Refused(refusal));
            }
            let mut texts: Vec<String> = problems.iter().map(signup_problem_text).collect();
            texts.push(settings_problem_text(&SettingsProblem::NotAForm));
            for reason in refusals() {
                texts.push(settings_problem_text(&SettingsProblem::NotOpened(
                    reason.clone(),
                )));
                texts.push(settings_problem_text(&SettingsProblem::NotSaved(reason)));
            }
            texts
        });
    }
}
