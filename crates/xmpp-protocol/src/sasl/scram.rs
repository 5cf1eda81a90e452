//! The SCRAM client (RFC 5802, RFC 7677), gs2 header `n,,` (no channel binding).
//!
//! It works from either the password or previously derived [`ScramKeys`]; with keys it only
//! authenticates while the server still uses the same salt and iteration count, and it always
//! verifies the server's signature, so a server that does not know the password cannot pretend
//! to.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha1::Digest;
use zeroize::Zeroizing;

use super::saslprep::{escape_username, saslprep};
use super::{SaslError, ScramKeys, ScramMechanism};

/// The lowest iteration count accepted (RFC 5802 §5.1 recommends at least 4096).
pub const MIN_ITERATIONS: u32 = 4096;
/// The highest iteration count accepted, so a hostile server cannot make us spin for minutes.
pub const MAX_ITERATIONS: u32 = 1_000_000;

/// base64("n,,"): the gs2 header echoed in the final message.
const CHANNEL_BINDING: &str = "biws";

/// What the client proves knowledge of.
pub enum ScramSecret {
    Password(Zeroizing<String>),
    Keys(ScramKeys),
}

enum State {
    Initial,
    SentFinal {
        auth_message: String,
        keys: ScramKeys,
    },
    Verified {
        keys: ScramKeys,
    },
}

pub struct ScramClient {
    mechanism: ScramMechanism,
    secret: ScramSecret,
    client_nonce: String,
    client_first_bare: String,
    state: State,
}

impl std::fmt::Debug for ScramClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ScramClient")
            .field("mechanism", &self.mechanism)
            .finish_non_exhaustive()
    }
}

macro_rules! with_hash {
    ($mechanism:expr, $hash:ident => $body:expr) => {
        match $mechanism {
            ScramMechanism::ScramSha1 => {
                type $hash = sha1::Sha1;
                $body
            }
            ScramMechanism::ScramSha256 => {
                type $hash = sha2::Sha256;
                $body
            }
        }
    };
}

impl ScramClient {
    /// `client_nonce` comes from the caller's random source: printable ASCII without ','.
    pub fn new(
        mechanism: ScramMechanism,
        username: &str,
        secret: ScramSecret,
        client_nonce: &str,
    ) -> Result<Self, SaslError> {
        if client_nonce.is_empty() || !client_nonce.bytes().all(is_nonce_char) {
            return Err(SaslError::InvalidNonce);
        }
        let secret = match secret {
            ScramSecret::Password(password) => {
                ScramSecret::Password(Zeroizing::new(saslprep(&password, "password")?))
            }
            ScramSecret::Keys(keys) => {
                check_keys(&keys, mechanism)?;
                ScramSecret::Keys(keys)
            }
        };
        let username = escape_username(&saslprep(username, "username")?);
        Ok(Self {
            mechanism,
            secret,
            client_nonce: client_nonce.to_owned(),
            client_first_bare: format!("n={username},r={client_nonce}"),
            state: State::Initial,
        })
    }

    pub fn mechanism(&self) -> ScramMechanism {
        self.mechanism
    }

    /// The initial response sent with `<auth>`.
    pub fn client_first(&self) -> String {
        format!("n,,{}", self.client_first_bare)
    }

    /// Answers the server-first message with the client-final message (carrying the proof).
    pub fn handle_server_first(&mut self, message: &[u8]) -> Result<String, SaslError> {
        if !matches!(self.state, State::Initial) {
            return Err(SaslError::UnexpectedMessage {
                message: "server-first message",
                state: "awaiting the server's signature",
            });
        }
        let server_first = std::str::from_utf8(message).map_err(|_| malformed("not UTF-8"))?;
        let params = ServerFirst::parse(server_first)?;
        if !params.nonce.starts_with(&self.client_nonce)
            || params.nonce.len() == self.client_nonce.len()
        {
            return Err(SaslError::NonceMismatch);
        }
        let keys = self.keys_for(&params)?;
        let without_proof = format!("c={CHANNEL_BINDING},r={}", params.nonce);
        let auth_message = format!("{},{server_first},{without_proof}", self.client_first_bare);
        let stored_key =
            Zeroizing::new(with_hash!(self.mechanism, H => H::digest(&keys.client_key).to_vec()));
        let signature = Zeroizing::new(hmac(self.mechanism, &stored_key, auth_message.as_bytes())?);
        let proof: Zeroizing<Vec<u8>> = Zeroizing::new(
            keys.client_key
                .iter()
                .zip(signature.iter())
                .map(|(key, sig)| key ^ sig)
                .collect(),
        );
        self.state = State::SentFinal { auth_message, keys };
        Ok(format!(
            "{without_proof},p={}",
            STANDARD.encode(proof.as_slice())
        ))
    }

    /// Verifies the server-final message; on success returns the keys to store.
    pub fn handle_server_final(&mut self, message: &[u8]) -> Result<ScramKeys, SaslError> {
        let State::SentFinal { auth_message, keys } = &self.state else {
            return Err(SaslError::UnexpectedMessage {
                message: "server-final message",
                state: "not awaiting it",
            });
        };
        let server_final = std::str::from_utf8(message).map_err(|_| malformed("not UTF-8"))?;
        let first = server_final.split(',').next().unwrap_or_default();
        if let Some(reason) = first.strip_prefix("e=") {
            return Err(SaslError::ServerError {
                reason: reason.to_owned(),
            });
        }
        let signature = first
            .strip_prefix("v=")
            .ok_or(malformed("expected v= or e="))?;
        let signature = STANDARD
            .decode(signature)
            .map_err(|_| SaslError::InvalidBase64 {
                field: "server signature",
            })?;
        let valid = with_hash!(self.mechanism, H => {
            let mut mac = <Hmac<H> as Mac>::new_from_slice(&keys.server_key)
                .map_err(|_| SaslError::InvalidStoredKeys { reason: "unusable server key" })?;
            mac.update(auth_message.as_bytes());
            mac.verify_slice(&signature).is_ok()
        });
        if !valid {
            return Err(SaslError::ServerSignatureMismatch);
        }
        let keys = keys.clone();
        self.state = State::Verified { keys: keys.clone() };
        Ok(keys)
    }

    /// The keys, once the server has proven itself.
    pub fn verified_keys(&self) -> Option<&ScramKeys> {
        match &self.state {
            State::Verified { keys } => Some(keys),
            _ => None,
        }
    }

    pub fn awaiting_server_final(&self) -> bool {
        matches!(self.state, State::SentFinal { .. })
    }

    fn keys_for(&self, params: &ServerFirst<'_>) -> Result<ScramKeys, SaslError> {
        match &self.secret {
            ScramSecret::Password(password) => {
                let mut salted = Zeroizing::new(vec![0u8; self.mechanism.output_len()]);
                with_hash!(self.mechanism, H => pbkdf2::pbkdf2_hmac::<H>(
                    password.as_bytes(), &params.salt, params.iterations, &mut salted,
                ));
                Ok(ScramKeys {
                    mechanism: self.mechanism,
                    salt: params.salt.clone(),
                    iterations: params.iterations,
                    client_key: hmac(self.mechanism, &salted, b"Client Key")?,
                    server_key: hmac(self.mechanism, &salted, b"Server Key")?,
                })
            }
            ScramSecret::Keys(keys) => {
                if keys.salt != params.salt || keys.iterations != params.iterations {
                    return Err(SaslError::StoredKeysStale {
                        stored_iterations: keys.iterations,
                        server_iterations: params.iterations,
                        salt_changed: keys.salt != params.salt,
                    });
                }
                Ok(keys.clone())
            }
        }
    }
}

struct ServerFirst<'a> {
    nonce: &'a str,
    salt: Vec<u8>,
    iterations: u32,
}

impl<'a> ServerFirst<'a> {
    fn parse(message: &'a str) -> Result<Self, SaslError> {
        if message.starts_with("m=") {
            return Err(malformed("it requires an unsupported mandatory extension"));
        }
        let mut parts = message.split(',');
        let mut field = |prefix: &'static str, reason: &'static str| {
            parts
                .next()
                .and_then(|part| part.strip_prefix(prefix))
                .ok_or(malformed(reason))
        };
        let nonce = field("r=", "expected r=<nonce> first")?;
        let salt = field("s=", "expected s=<salt> second")?;
        let iterations = field("i=", "expected i=<iterations> third")?;
        if !nonce.bytes().all(is_nonce_char) {
            return Err(malformed(
                "the nonce contains characters outside printable ASCII",
            ));
        }
        let salt = STANDARD
            .decode(salt)
            .map_err(|_| SaslError::InvalidBase64 { field: "salt" })?;
        if salt.is_empty() {
            return Err(malformed("the salt is empty"));
        }
        let iterations: u32 = iterations
            .parse()
            .map_err(|_| malformed("the iteration count is not a number"))?;
        if iterations < MIN_ITERATIONS {
            return Err(SaslError::IterationCountTooLow {
                iterations,
                minimum: MIN_ITERATIONS,
            });
        }
        if iterations > MAX_ITERATIONS {
            return Err(SaslError::IterationCountTooHigh {
                iterations,
                maximum: MAX_ITERATIONS,
            });
        }
        Ok(Self {
            nonce,
            salt,
            iterations,
        })
    }
}

fn check_keys(keys: &ScramKeys, mechanism: ScramMechanism) -> Result<(), SaslError> {
    if keys.mechanism != mechanism {
        return Err(SaslError::InvalidStoredKeys {
            reason: "they were derived for another mechanism",
        });
    }
    let len = mechanism.output_len();
    if keys.client_key.len() != len || keys.server_key.len() != len {
        return Err(SaslError::InvalidStoredKeys {
            reason: "the key lengths do not fit the mechanism",
        });
    }
    Ok(())
}

fn hmac(mechanism: ScramMechanism, key: &[u8], data: &[u8]) -> Result<Vec<u8>, SaslError> {
    with_hash!(mechanism, H => {
        let mut mac = <Hmac<H> as Mac>::new_from_slice(key)
            .map_err(|_| SaslError::InvalidStoredKeys { reason: "unusable key" })?;
        mac.update(data);
        Ok(mac.finalize().into_bytes().to_vec())
    })
}

/// RFC 5802 `printable`: 0x21–0x7E except ','.
fn is_nonce_char(b: u8) -> bool {
    (0x21..=0x7E).contains(&b) && b != b','
}

fn malformed(reason: &'static str) -> SaslError {
    SaslError::MalformedServerMessage { reason }
}
