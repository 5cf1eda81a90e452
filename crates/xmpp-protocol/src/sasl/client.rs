//! One object per login attempt that speaks whichever mechanism was chosen, so the session
//! drives PLAIN and SCRAM the same way: initial response, challenges, success.

use zeroize::Zeroizing;

use super::saslprep::saslprep;
use super::scram::{ScramClient, ScramSecret};
use super::{Mechanism, SaslError, ScramKeys};

/// PLAIN (RFC 4616) message: empty authorisation id, then username and password.
pub fn plain_message(username: &str, password: &str) -> Result<Zeroizing<Vec<u8>>, SaslError> {
    let username = saslprep(username, "username")?;
    let password = Zeroizing::new(saslprep(password, "password")?);
    let mut message = Zeroizing::new(Vec::with_capacity(username.len() + password.len() + 2));
    message.push(0);
    message.extend_from_slice(username.as_bytes());
    message.push(0);
    message.extend_from_slice(password.as_bytes());
    Ok(message)
}

pub enum SaslClient {
    Plain { message: Zeroizing<Vec<u8>> },
    Scram(Box<ScramClient>),
}

impl std::fmt::Debug for SaslClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SaslClient::Plain { .. } => f.write_str("SaslClient::Plain(<redacted>)"),
            SaslClient::Scram(scram) => f.debug_tuple("SaslClient::Scram").field(scram).finish(),
        }
    }
}

impl SaslClient {
    /// A client for `mechanism` with the password.
    pub fn with_password(
        mechanism: Mechanism,
        username: &str,
        password: &str,
        client_nonce: &str,
    ) -> Result<Self, SaslError> {
        match mechanism.scram() {
            Some(scram) => {
                let secret = ScramSecret::Password(Zeroizing::new(password.to_owned()));
                Ok(SaslClient::Scram(Box::new(ScramClient::new(
                    scram,
                    username,
                    secret,
                    client_nonce,
                )?)))
            }
            None => Ok(SaslClient::Plain {
                message: plain_message(username, password)?,
            }),
        }
    }

    /// A SCRAM client working from stored keys.
    pub fn with_keys(
        keys: ScramKeys,
        username: &str,
        client_nonce: &str,
    ) -> Result<Self, SaslError> {
        let mechanism = keys.mechanism;
        Ok(SaslClient::Scram(Box::new(ScramClient::new(
            mechanism,
            username,
            ScramSecret::Keys(keys),
            client_nonce,
        )?)))
    }

    pub fn mechanism(&self) -> Mechanism {
        match self {
            SaslClient::Plain { .. } => Mechanism::Plain,
            SaslClient::Scram(scram) => scram.mechanism().into(),
        }
    }

    /// The data sent with `<auth>`.
    pub fn initial_response(&self) -> Zeroizing<Vec<u8>> {
        match self {
            SaslClient::Plain { message } => message.clone(),
            SaslClient::Scram(scram) => Zeroizing::new(scram.client_first().into_bytes()),
        }
    }

    /// Answers a `<challenge>`. Some servers send SCRAM's server-final as a challenge; it is
    /// verified here and answered with an empty response.
    pub fn handle_challenge(&mut self, data: &[u8]) -> Result<Vec<u8>, SaslError> {
        match self {
            SaslClient::Plain { .. } => Err(SaslError::UnexpectedMessage {
                message: "challenge",
                state: "using PLAIN",
            }),
            SaslClient::Scram(scram) if scram.awaiting_server_final() => {
                scram.handle_server_final(data)?;
                Ok(Vec::new())
            }
            SaslClient::Scram(scram) => Ok(scram.handle_server_first(data)?.into_bytes()),
        }
    }

    /// Handles `<success>` and its additional data. Returns the keys to store after SCRAM.
    pub fn handle_success(&mut self, data: &[u8]) -> Result<Option<ScramKeys>, SaslError> {
        match self {
            SaslClient::Plain { .. } => Ok(None),
            SaslClient::Scram(scram) => {
                if let Some(keys) = scram.verified_keys() {
                    return Ok(Some(keys.clone()));
                }
                if !scram.awaiting_server_final() || data.is_empty() {
                    return Err(SaslError::MissingServerSignature);
                }
                scram.handle_server_final(data).map(Some)
            }
        }
    }
}
