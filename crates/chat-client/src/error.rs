//! Why something failed, as typed reasons the UI words in the reader's language. `Display`
//! (English) is for logs only; details that came from elsewhere (a server's text, the
//! browser's or a parser's message) travel as fields, as they came.

use chat_store::{SendFailure, StoreError};
use thiserror::Error;

/// Why the connection went away, or could not be made.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum Disconnect {
    /// The WebSocket closed with `code`; `reason` is the server's own text, when it gave one.
    #[error("connection closed (code {code}){}", reason.as_deref().map(|r| format!(": {r}")).unwrap_or_default())]
    Closed { code: u16, reason: Option<String> },
    /// The browser could not open the WebSocket (its words).
    #[error("the WebSocket could not be opened: {0}")]
    SocketError(String),
    /// The WebSocket failed (browsers give no detail).
    #[error("the WebSocket connection failed")]
    SocketFailed,
    #[error("the session ended")]
    SessionEnded,
    #[error("this device is offline")]
    DeviceOffline,
}

/// Why a login did not succeed.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum LoginError {
    /// The address is not a JID; the parser's detail.
    #[error("invalid address: {0}")]
    InvalidJid(String),
    #[error("wrong address or password")]
    NotAuthorized,
    #[error("server unreachable: {0}")]
    Unreachable(Disconnect),
    #[error("not a WebSocket URL: {url}")]
    NotWebSocketUrl { url: String },
    /// The server sent something Jibber could not understand (technical detail).
    #[error("protocol error: {0}")]
    Protocol(String),
    /// The server refused the login (its condition and text).
    #[error("login refused: {0}")]
    Refused(String),
    #[error("the account could not be saved: {0}")]
    Storage(StoreError),
}

/// What the connection indicator explains.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum ConnectionProblem {
    /// The kept keys no longer log in (password changed elsewhere).
    #[error("the stored login no longer works")]
    StoredLoginRejected,
    /// The server closed the stream with an error (its condition and text).
    #[error("the server ended the connection: {detail}")]
    StreamError { detail: String },
    #[error("{0}")]
    Login(LoginError),
}

/// Why the password is asked for again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PasswordPrompt {
    /// Nothing is kept that could log in: enter it to connect.
    EnterToConnect,
    /// The kept keys were refused: the password may have changed.
    MayHaveChanged,
    /// The server draws a new salt at every login, so no kept keys can work there.
    ServerDrawsNewSalt,
}

/// Something the user typed or chose cannot be used.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum InputProblem {
    #[error("that message is gone")]
    MessageGone,
    #[error("only your own messages can be changed")]
    NotOwnMessage,
    #[error("a correction needs some text")]
    EmptyCorrection,
    #[error("that nickname cannot be used in a group")]
    BadNickname,
    #[error("that nickname cannot be addressed")]
    NickNotAddressable,
    #[error("join the group first")]
    JoinGroupFirst,
    #[error("the group's server cannot remove messages")]
    NoModeration,
    #[error("the message has no id from the group yet")]
    NoGroupIdYet,
    #[error("choose someone in the group")]
    ChooseSomeone,
    #[error("the server does not accept file uploads")]
    NoUploads,
    #[error("the file is too large (at most {max_mb} MB)")]
    FileTooLarge { max_mb: u64 },
    #[error("enter an address")]
    EnterAddress,
    #[error("that is your own address")]
    OwnAddress,
    #[error("you cannot block yourself")]
    CannotBlockSelf,
    /// `input` is not an address; the parser's detail.
    #[error("{input:?} is not an address: {detail}")]
    NotAnAddress { input: String, detail: String },
    #[error("not a group address")]
    NotAGroupAddress,
    #[error("a password needs at least {min} characters")]
    ShortPassword { min: usize },
    /// The reactions, avatar or other data is not acceptable (technical detail).
    #[error("not acceptable: {detail}")]
    Unacceptable { detail: String },
}

/// An OMEMO request that could not be carried out.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum OmemoError {
    #[error("OMEMO is not ready on this device")]
    NotReady,
    /// A fingerprint or trust decision that does not apply (technical detail).
    #[error("{detail}")]
    Rejected { detail: String },
    #[error("this device cannot remove itself")]
    CannotRemoveOwnDevice,
}

/// A file transfer (upload, download, showing a file) that did not work.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum TransferError {
    /// The upload service refused the slot (its condition and text).
    #[error("the upload service refused the file: {detail}")]
    SlotRefused { detail: String },
    #[error("the upload service did not answer in time")]
    SlotTimeout,
    #[error("the upload service gave no upload address")]
    NoSlot,
    /// The upload service's answer is malformed (technical detail).
    #[error("the upload service answered oddly: {detail}")]
    BadSlot { detail: String },
    #[error("the file server says the file is too large")]
    TooLarge,
    #[error("the file server refused the file (HTTP {status})")]
    Refused { status: u16 },
    #[error("the file is not available (HTTP {status})")]
    NotAvailable { status: u16 },
    #[error("the connection to the file server failed")]
    ConnectionFailed,
    #[error("cancelled")]
    Cancelled,
    /// The browser refused a step (its words).
    #[error("the browser refused: {detail}")]
    Browser { detail: String },
    #[error("the file could not be read")]
    Unreadable,
    #[error("the file could not be shown")]
    CannotShow,
    /// The shared file's link or content is not usable (technical detail).
    #[error("the file is not usable: {detail}")]
    Unusable { detail: String },
}

#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum ClientError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("not logged in")]
    NotLoggedIn,
    /// The address is not a JID; the parser's detail.
    #[error("invalid address: {0}")]
    InvalidJid(String),
    #[error("not connected")]
    NotConnected,
    /// The page is going away.
    #[error("shutting down")]
    ShuttingDown,
    #[error("{0}")]
    Input(#[from] InputProblem),
    #[error("encryption: {0}")]
    Omemo(#[from] OmemoError),
    /// Encrypting (or otherwise sending) it is not possible now.
    #[error("not sent: {0:?}")]
    NotSent(SendFailure),
    /// Encryption keys are still being fetched.
    #[error("encryption keys are still being fetched")]
    KeysPending,
    #[error("file transfer: {0}")]
    Transfer(#[from] TransferError),
}
