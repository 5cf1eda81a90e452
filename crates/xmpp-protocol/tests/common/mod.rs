#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, dead_code)]
//! A scripted server for session tests: it sends the frames Prosody really sends
//! (tests/fixtures/stream-features.*.xml) and computes the SCRAM server side independently,
//! with the hash crates directly rather than through the client code under test.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha1::{Digest, Sha1};
use sha2::Sha256;
use zeroize::Zeroizing;

use xmpp_protocol::xml::{parse_element, Element};
use xmpp_protocol::{BareJid, Credentials, Event, FullJid, Session, SessionConfig, SessionState};

pub const PRE_AUTH_FEATURES: &str = include_str!("../fixtures/stream-features.pre-auth.xml");
pub const POST_AUTH_FEATURES: &str = include_str!("../fixtures/stream-features.post-auth.xml");
pub const SERVER_OPEN: &str =
    "<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' xml:lang='en' id='9f1c2a' from='localhost' version='1.0'/>";
pub const SASL_NS: &str = "urn:ietf:params:xml:ns:xmpp-sasl";
pub const CLIENT_NONCE: &str = "cN0nce-Test-1234";
pub const PASSWORD: &str = "correct horse";

pub fn config(credentials: Credentials) -> SessionConfig {
    SessionConfig {
        jid: "alice@localhost".parse().unwrap(),
        resource: Some("web".into()),
        credentials,
        client_nonce: CLIENT_NONCE.into(),
        iq_timeout_ms: 30_000,
    }
}

pub fn password(password: &str) -> Credentials {
    Credentials::Password(Zeroizing::new(password.to_owned()))
}

/// Every frame the session has queued, parsed.
pub fn sent(session: &mut Session) -> Vec<Element> {
    std::iter::from_fn(|| session.poll_transmit())
        .map(|frame| parse_element(&frame).unwrap())
        .collect()
}

pub fn events(session: &mut Session) -> Vec<Event> {
    std::iter::from_fn(|| session.poll_event()).collect()
}

/// The only frame queued.
pub fn sent_one(session: &mut Session) -> Element {
    let mut frames = sent(session);
    assert_eq!(
        frames.len(),
        1,
        "expected exactly one frame, got {frames:?}"
    );
    frames.remove(0)
}

pub fn sasl_text(element: &Element) -> String {
    String::from_utf8(STANDARD.decode(element.text()).unwrap()).unwrap()
}

pub fn sasl_frame(name: &str, data: &str) -> String {
    format!(
        "<{name} xmlns='{SASL_NS}'>{}</{name}>",
        STANDARD.encode(data)
    )
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hash {
    Sha1,
    Sha256,
}

/// The server half of SCRAM.
pub struct ScramServer {
    pub hash: Hash,
    pub password: String,
    pub salt: Vec<u8>,
    pub iterations: u32,
    server_first: String,
    client_first_bare: String,
    /// Sign with the wrong key, as an impostor without the password would.
    pub forge_signature: bool,
}

impl ScramServer {
    pub fn new(hash: Hash, password: &str) -> Self {
        Self {
            hash,
            password: password.into(),
            salt: b"prosody-salt-0001".to_vec(),
            iterations: 4096,
            server_first: String::new(),
            client_first_bare: String::new(),
            forge_signature: false,
        }
    }

    pub fn mechanism(&self) -> &'static str {
        match self.hash {
            Hash::Sha1 => "SCRAM-SHA-1",
            Hash::Sha256 => "SCRAM-SHA-256",
        }
    }

    fn hmac(&self, key: &[u8], data: &[u8]) -> Vec<u8> {
        match self.hash {
            Hash::Sha1 => {
                let mut mac = Hmac::<Sha1>::new_from_slice(key).unwrap();
                mac.update(data);
                mac.finalize().into_bytes().to_vec()
            }
            Hash::Sha256 => {
                let mut mac = Hmac::<Sha256>::new_from_slice(key).unwrap();
                mac.update(data);
                mac.finalize().into_bytes().to_vec()
            }
        }
    }

    fn hash(&self, data: &[u8]) -> Vec<u8> {
        match self.hash {
            Hash::Sha1 => Sha1::digest(data).to_vec(),
            Hash::Sha256 => Sha256::digest(data).to_vec(),
        }
    }

    fn salted_password(&self) -> Vec<u8> {
        match self.hash {
            Hash::Sha1 => pbkdf2::pbkdf2_hmac_array::<Sha1, 20>(
                self.password.as_bytes(),
                &self.salt,
                self.iterations,
            )
            .to_vec(),
            Hash::Sha256 => pbkdf2::pbkdf2_hmac_array::<Sha256, 32>(
                self.password.as_bytes(),
                &self.salt,
                self.iterations,
            )
            .to_vec(),
        }
    }

    /// Reads the client-first message and returns the server-first message.
    pub fn first(&mut self, client_first: &str) -> String {
        let bare = client_first
            .strip_prefix("n,,")
            .expect("gs2 header without channel binding");
        let nonce = bare
            .split(',')
            .find_map(|part| part.strip_prefix("r="))
            .expect("client nonce");
        self.client_first_bare = bare.to_owned();
        self.server_first = format!(
            "r={nonce}srvNonce42,s={},i={}",
            STANDARD.encode(&self.salt),
            self.iterations
        );
        self.server_first.clone()
    }

    /// Verifies the proof in the client-final message; returns the server-final message.
    pub fn verify(&self, client_final: &str) -> Option<String> {
        let (without_proof, proof) = client_final.rsplit_once(",p=")?;
        let auth_message = format!(
            "{},{},{}",
            self.client_first_bare, self.server_first, without_proof
        );
        let salted = self.salted_password();
        let client_key = self.hmac(&salted, b"Client Key");
        let stored_key = self.hash(&client_key);
        let signature = self.hmac(&stored_key, auth_message.as_bytes());
        let expected: Vec<u8> = client_key
            .iter()
            .zip(&signature)
            .map(|(a, b)| a ^ b)
            .collect();
        if STANDARD.decode(proof).ok()? != expected {
            return None;
        }
        let server_key = if self.forge_signature {
            vec![0; salted.len()]
        } else {
            self.hmac(&salted, b"Server Key")
        };
        Some(format!(
            "v={}",
            STANDARD.encode(self.hmac(&server_key, auth_message.as_bytes()))
        ))
    }
}

pub fn features_offering(mechanisms: &[&str]) -> String {
    let list: String = mechanisms
        .iter()
        .map(|m| format!("<mechanism>{m}</mechanism>"))
        .collect();
    format!("<features xmlns='http://etherx.jabber.org/streams'><mechanisms xmlns='{SASL_NS}'>{list}</mechanisms></features>")
}

/// Drives SASL to success with `server`, starting after the client's `<open/>`, using
/// `features` as the pre-auth features. Returns the frames after success (the re-open).
pub fn authenticate(session: &mut Session, server: &mut ScramServer, features: &str) {
    assert_eq!(sent_one(session).name, "open");
    session.handle_frame(SERVER_OPEN, 0).unwrap();
    session.handle_frame(features, 0).unwrap();
    let auth = sent_one(session);
    assert!(auth.is("auth", SASL_NS));
    assert_eq!(auth.attr("mechanism"), Some(server.mechanism()));
    let server_first = server.first(&sasl_text(&auth));
    session
        .handle_frame(&sasl_frame("challenge", &server_first), 0)
        .unwrap();
    let response = sent_one(session);
    let server_final = server
        .verify(&sasl_text(&response))
        .expect("the client proves the password");
    session
        .handle_frame(&sasl_frame("success", &server_final), 0)
        .unwrap();
}

pub fn bind_result(id: &str, jid: &str) -> String {
    format!(
        "<iq xmlns='jabber:client' type='result' id='{id}'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><jid>{jid}</jid></bind></iq>"
    )
}

/// A session that went through the whole Prosody login and is online as alice@localhost/web,
/// with the login's frames and events drained. The server refused stream management, so
/// only the stanzas under test go out (see `online_session_with_sm`).
pub fn online_session() -> Session {
    let mut session = online_session_with_sm();
    assert!(sent_one(&mut session).is("enable", "urn:xmpp:sm:3"));
    session
        .handle_frame("<failed xmlns='urn:xmpp:sm:3'/>", 0)
        .unwrap();
    session
}

/// Like `online_session`, with the `<enable/>` request still queued.
pub fn online_session_with_sm() -> Session {
    let mut session = Session::new(config(password(PASSWORD)), 0);
    let mut server = ScramServer::new(Hash::Sha1, PASSWORD);
    authenticate(&mut session, &mut server, PRE_AUTH_FEATURES);
    assert_eq!(sent_one(&mut session).name, "open");
    session.handle_frame(SERVER_OPEN, 0).unwrap();
    session.handle_frame(POST_AUTH_FEATURES, 0).unwrap();
    let bind = sent_one(&mut session);
    session
        .handle_frame(
            &bind_result(bind.attr("id").unwrap(), "alice@localhost/web"),
            0,
        )
        .unwrap();
    assert_eq!(session.state(), SessionState::Online);
    let jid: FullJid = "alice@localhost/web".parse().unwrap();
    assert!(events(&mut session).contains(&Event::Online { jid }));
    session
}

pub fn own_bare() -> BareJid {
    "alice@localhost".parse().unwrap()
}
