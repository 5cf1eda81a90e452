//! The server side of SCRAM-SHA-1, so the in-process server checks proofs for real.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha1::{Digest, Sha1};

pub const ITERATIONS: u32 = 4096;

fn hmac(key: &[u8], data: &[u8]) -> Vec<u8> {
    let mut mac = <Hmac<Sha1> as Mac>::new_from_slice(key).unwrap();
    mac.update(data);
    mac.finalize().into_bytes().to_vec()
}

pub struct ScramExchange {
    client_first_bare: String,
    server_first: String,
    salt: Vec<u8>,
    password: String,
    pub username: String,
}

impl ScramExchange {
    /// Parses `n,,n=user,r=nonce` and answers the server-first message.
    pub fn start(
        client_first: &str,
        password_of: impl Fn(&str) -> Option<String>,
        salt: &[u8],
    ) -> Option<(Self, String)> {
        let bare = client_first.strip_prefix("n,,")?;
        let mut user = None;
        let mut nonce = None;
        for part in bare.split(',') {
            if let Some(v) = part.strip_prefix("n=") {
                user = Some(v.replace("=2C", ",").replace("=3D", "="));
            } else if let Some(v) = part.strip_prefix("r=") {
                nonce = Some(v.to_owned());
            }
        }
        let username = user?;
        let password = password_of(&username)?;
        let server_first = format!(
            "r={}srvnonce,s={},i={}",
            nonce?,
            B64.encode(salt),
            ITERATIONS
        );
        let exchange = Self {
            client_first_bare: bare.to_owned(),
            server_first: server_first.clone(),
            salt: salt.to_vec(),
            password,
            username,
        };
        Some((exchange, server_first))
    }

    /// Checks the client's proof; on success returns the server-final message.
    pub fn finish(&self, client_final: &str) -> Option<String> {
        let (without_proof, proof) = client_final.rsplit_once(",p=")?;
        let proof = B64.decode(proof).ok()?;
        let mut salted = [0u8; 20];
        pbkdf2::pbkdf2_hmac::<Sha1>(
            self.password.as_bytes(),
            &self.salt,
            ITERATIONS,
            &mut salted,
        );
        let client_key = hmac(&salted, b"Client Key");
        let stored_key = Sha1::digest(&client_key).to_vec();
        let auth_message = format!(
            "{},{},{}",
            self.client_first_bare, self.server_first, without_proof
        );
        let signature = hmac(&stored_key, auth_message.as_bytes());
        if proof.len() != signature.len() {
            return None;
        }
        let recovered: Vec<u8> = proof.iter().zip(&signature).map(|(a, b)| a ^ b).collect();
        if Sha1::digest(&recovered).to_vec() != stored_key {
            return None;
        }
        let server_key = hmac(&salted, b"Server Key");
        Some(format!(
            "v={}",
            B64.encode(hmac(&server_key, auth_message.as_bytes()))
        ))
    }
}
