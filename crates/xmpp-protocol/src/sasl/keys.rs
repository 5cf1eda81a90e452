//! What a device keeps instead of the password: the SCRAM client and server keys. They let us
//! log in again and verify the server, but are not the password, so a stolen copy does not
//! reveal it (and cannot be replayed against other services).

use std::fmt;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use super::ScramMechanism;

/// Keys derived from the password by a successful SCRAM exchange. Zeroized on drop; `Debug`
/// prints only the public parameters. Serialised with the binary fields in base64.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, Zeroize, ZeroizeOnDrop)]
pub struct ScramKeys {
    #[zeroize(skip)]
    pub mechanism: ScramMechanism,
    #[serde(with = "base64_bytes")]
    pub salt: Vec<u8>,
    pub iterations: u32,
    #[serde(with = "base64_bytes")]
    pub client_key: Vec<u8>,
    #[serde(with = "base64_bytes")]
    pub server_key: Vec<u8>,
}

impl fmt::Debug for ScramKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ScramKeys")
            .field("mechanism", &self.mechanism)
            .field("iterations", &self.iterations)
            .field("salt", &"<redacted>")
            .field("client_key", &"<redacted>")
            .field("server_key", &"<redacted>")
            .finish()
    }
}

mod base64_bytes {
    use super::*;

    pub fn serialize<S: Serializer>(bytes: &[u8], serializer: S) -> Result<S::Ok, S::Error> {
        let encoded = Zeroizing::new(STANDARD.encode(bytes));
        serializer.serialize_str(&encoded)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<u8>, D::Error> {
        let encoded = Zeroizing::new(String::deserialize(deserializer)?);
        STANDARD
            .decode(encoded.as_bytes())
            .map_err(serde::de::Error::custom)
    }
}

impl Serialize for ScramMechanism {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for ScramMechanism {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = String::deserialize(deserializer)?;
        name.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn sample() -> ScramKeys {
        ScramKeys {
            mechanism: ScramMechanism::ScramSha256,
            salt: b"salt".to_vec(),
            iterations: 4096,
            client_key: vec![1; 32],
            server_key: vec![2; 32],
        }
    }

    #[test]
    fn debug_never_shows_key_material() {
        let printed = format!("{:?}", sample());
        assert!(printed.contains("4096") && printed.contains("ScramSha256"));
        assert!(
            !printed.contains("[1, 1")
                && !printed.contains("[2, 2")
                && !printed.contains("115, 97")
        );
    }

    #[test]
    fn serialises_as_base64_json_and_back() {
        let json = serde_json::to_string(&sample()).unwrap();
        assert_eq!(
            json,
            r#"{"mechanism":"SCRAM-SHA-256","salt":"c2FsdA==","iterations":4096,"client_key":"AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=","server_key":"AgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgI="}"#
        );
        assert_eq!(serde_json::from_str::<ScramKeys>(&json).unwrap(), sample());
        assert!(
            serde_json::from_str::<ScramKeys>(&json.replace("SCRAM-SHA-256", "PLAIN")).is_err()
        );
    }

    #[test]
    fn zeroize_clears_the_key_material() {
        let mut keys = sample();
        keys.zeroize();
        assert!(keys.salt.is_empty() && keys.client_key.is_empty() && keys.server_key.is_empty());
        assert_eq!(keys.iterations, 0);
    }
}
