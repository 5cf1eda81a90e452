use thiserror::Error;

/// Why a login did not succeed, in words the login form can show.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum LoginError {
    #[error("That address is not valid: {0}")]
    InvalidJid(String),
    #[error("Wrong address or password.")]
    NotAuthorized,
    #[error("Could not reach the server: {0}")]
    Unreachable(String),
    #[error("The server sent data Jibber could not understand: {0}")]
    Protocol(String),
    #[error("The server refused the login: {0}")]
    Refused(String),
    #[error("Could not save the account on this device: {0}")]
    Storage(String),
}

#[derive(Debug, Error)]
pub enum ClientError {
    #[error(transparent)]
    Store(#[from] chat_store::StoreError),
    #[error("not logged in")]
    NotLoggedIn,
    #[error("invalid address: {0}")]
    InvalidJid(String),
    #[error("not connected; try again when Jibber is online")]
    NotConnected,
    #[error("{0}")]
    InvalidInput(String),
    #[error("encryption: {0}")]
    Omemo(String),
}
