//! SASL authentication (RFC 6120 §6): SCRAM-SHA-256, SCRAM-SHA-1 (RFC 5802/7677, without
//! channel binding, which browsers cannot offer) and PLAIN, plus the stored-key login that lets a
//! device reconnect without keeping the password.

mod client;
mod keys;
mod saslprep;
mod scram;
mod wire;

pub use client::{plain_message, SaslClient};
pub use keys::ScramKeys;
pub use saslprep::{escape_username, saslprep};
pub use scram::{ScramClient, ScramSecret, MAX_ITERATIONS, MIN_ITERATIONS};
pub use wire::{abort_element, auth_element, response_element, SaslServerMessage};

closed_enum! {
    /// Supported mechanisms, strongest first.
    pub enum Mechanism {
        ScramSha256 => "SCRAM-SHA-256",
        ScramSha1 => "SCRAM-SHA-1",
        Plain => "PLAIN",
    }
}

closed_enum! {
    /// The SCRAM variants, i.e. the hash function.
    pub enum ScramMechanism {
        ScramSha256 => "SCRAM-SHA-256",
        ScramSha1 => "SCRAM-SHA-1",
    }
}

impl ScramMechanism {
    /// Length of keys and signatures in bytes.
    pub fn output_len(&self) -> usize {
        match self {
            ScramMechanism::ScramSha256 => 32,
            ScramMechanism::ScramSha1 => 20,
        }
    }
}

impl From<ScramMechanism> for Mechanism {
    fn from(mechanism: ScramMechanism) -> Self {
        match mechanism {
            ScramMechanism::ScramSha256 => Mechanism::ScramSha256,
            ScramMechanism::ScramSha1 => Mechanism::ScramSha1,
        }
    }
}

impl Mechanism {
    pub fn scram(&self) -> Option<ScramMechanism> {
        match self {
            Mechanism::ScramSha256 => Some(ScramMechanism::ScramSha256),
            Mechanism::ScramSha1 => Some(ScramMechanism::ScramSha1),
            Mechanism::Plain => None,
        }
    }
}

/// The strongest mechanism we support among those `offered`. Without a password only SCRAM
/// (with stored keys) is possible.
pub fn choose_mechanism<S: AsRef<str>>(offered: &[S], have_password: bool) -> Option<Mechanism> {
    Mechanism::ALL
        .iter()
        .copied()
        .filter(|mechanism| have_password || mechanism.scram().is_some())
        .find(|mechanism| {
            offered
                .iter()
                .any(|name| name.as_ref() == mechanism.as_str())
        })
}

/// Why authentication failed. Nothing here ever contains the password or key material.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SaslError {
    #[error("the server refused the credentials{}", text_suffix(text))]
    NotAuthorized { text: Option<String> },
    #[error("authentication failed ({condition}){}", text_suffix(text))]
    Failure {
        condition: String,
        text: Option<String>,
    },
    #[error("the server ended SCRAM with an error: {reason}")]
    ServerError { reason: String },
    #[error("the server's SCRAM message is malformed: {reason}")]
    MalformedServerMessage { reason: &'static str },
    #[error("the server's {field} is not valid base64")]
    InvalidBase64 { field: &'static str },
    #[error("the server nonce does not extend the client nonce")]
    NonceMismatch,
    #[error("the server asks for {iterations} iterations; at least {minimum} are required")]
    IterationCountTooLow { iterations: u32, minimum: u32 },
    #[error("the server asks for {iterations} iterations; at most {maximum} are accepted")]
    IterationCountTooHigh { iterations: u32, maximum: u32 },
    #[error("the server's signature is wrong: it does not know the password")]
    ServerSignatureMismatch,
    #[error("the server reported success without proving it knows the password")]
    MissingServerSignature,
    #[error(
        "the stored keys no longer match the account (iterations {stored_iterations} stored, {server_iterations} now; salt changed: {salt_changed})"
    )]
    StoredKeysStale {
        stored_iterations: u32,
        server_iterations: u32,
        salt_changed: bool,
    },
    #[error("the stored keys are unusable: {reason}")]
    InvalidStoredKeys { reason: &'static str },
    #[error("the {field} contains a character SASLprep prohibits")]
    ProhibitedCharacter { field: &'static str },
    #[error("the {field} is empty")]
    EmptyCredential { field: &'static str },
    #[error("the client nonce must be non-empty printable ASCII without ','")]
    InvalidNonce,
    #[error("unexpected SASL {message} while {state}")]
    UnexpectedMessage {
        message: &'static str,
        state: &'static str,
    },
}

impl SaslError {
    /// True when the credentials were refused or the stored keys no longer fit: the user has
    /// to enter the password again. Other errors are protocol problems or attacks.
    pub fn is_not_authorized(&self) -> bool {
        matches!(
            self,
            SaslError::NotAuthorized { .. } | SaslError::StoredKeysStale { .. }
        )
    }
}

fn text_suffix(text: &Option<String>) -> String {
    text.as_ref()
        .map(|text| format!(": {text}"))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chooses_the_strongest_offered_mechanism() {
        let prosody = ["SCRAM-SHA-1", "PLAIN"];
        assert_eq!(choose_mechanism(&prosody, true), Some(Mechanism::ScramSha1));
        let modern = [
            "PLAIN",
            "SCRAM-SHA-1",
            "SCRAM-SHA-256",
            "SCRAM-SHA-256-PLUS",
        ];
        assert_eq!(
            choose_mechanism(&modern, true),
            Some(Mechanism::ScramSha256)
        );
        assert_eq!(choose_mechanism(&["PLAIN"], true), Some(Mechanism::Plain));
        assert_eq!(choose_mechanism(&["PLAIN"], false), None);
        assert_eq!(choose_mechanism(&["EXTERNAL", "DIGEST-MD5"], true), None);
        assert_eq!(choose_mechanism::<&str>(&[], true), None);
    }

    #[test]
    fn only_refusals_and_stale_keys_need_the_password_again() {
        assert!(SaslError::NotAuthorized { text: None }.is_not_authorized());
        assert!(SaslError::StoredKeysStale {
            stored_iterations: 1,
            server_iterations: 2,
            salt_changed: false
        }
        .is_not_authorized());
        assert!(!SaslError::ServerSignatureMismatch.is_not_authorized());
        assert_eq!(
            SaslError::NotAuthorized {
                text: Some("Invalid username or password".into())
            }
            .to_string(),
            "the server refused the credentials: Invalid username or password"
        );
    }
}
