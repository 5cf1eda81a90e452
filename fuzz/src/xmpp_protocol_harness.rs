//! Fuzz target bodies for `xmpp-protocol`. The fuzz targets call these and
//! `crates/xmpp-protocol/tests/fuzz_corpus.rs` includes this file to replay the committed corpora
//! through exactly the same code. A panic (including a failed assertion) is a finding; each
//! function returns whether the input got past the first parser, so the replay can tell that
//! its corpus still reaches the deeper code.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, dead_code)]

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha1::Sha1;

use xmpp_protocol::bind::BindResult;
use xmpp_protocol::features::StreamFeatures;
use xmpp_protocol::framing::parse_frame;
use xmpp_protocol::omemo;
use xmpp_protocol::ping::Ping;
use xmpp_protocol::sasl::{SaslServerMessage, ScramClient, ScramSecret};
use xmpp_protocol::xml::{parse_element, Element, Node};
use xmpp_protocol::{dataforms, mds, reply};
use xmpp_protocol::{
    Credentials, Frame, Iq, Message, Presence, RosterItem, RosterQuery, ScramKeys, ScramMechanism,
    Session, SessionConfig, SessionState, Stanza, StanzaError, StreamError,
};

/// Separates frames in `session` inputs; NUL cannot occur in XML, so it never splits one.
pub const FRAME_SEPARATOR: u8 = 0;
/// Separates the server-first from the server-final message in `sasl_scram` inputs.
pub const SASL_SEPARATOR: u8 = 0;

/// Accepted elements survive serialisation: writing and re-reading gives the same tree.
pub fn xml_parse(data: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(data) else {
        return false;
    };
    let Ok(element) = parse_element(text) else {
        return false;
    };
    assert_reparses(&element);
    true
}

/// Frames survive serialisation; stanza frames go through the typed conversions.
pub fn frame(data: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(data) else {
        return false;
    };
    let Ok(frame) = parse_frame(text) else {
        return false;
    };
    let again = parse_frame(&frame.to_xml()).expect("a serialised frame parses");
    match (&frame, &again) {
        (Frame::Stanza(element), Frame::Stanza(reread)) => {
            assert_eq!(
                normalised(reread),
                normalised(element),
                "stanza changed by a round trip"
            );
            typed_conversions(element);
        }
        _ => assert_eq!(again, frame, "frame changed by a serialisation round trip"),
    }
    true
}

/// Every typed `TryFrom<&Element>` on every element of the parsed tree.
pub fn stanza(data: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(data) else {
        return false;
    };
    let Ok(element) = parse_element(text) else {
        return false;
    };
    for_each_element(&element, &mut typed_conversions);
    true
}

/// A session that logged in through the scripted server, then fed the input as frames
/// separated by [`FRAME_SEPARATOR`], with a timeout check after each. Everything it sends must
/// be well-formed XML. Returns whether any frame was a well-formed element.
pub fn session(data: &[u8]) -> bool {
    let mut session = online_session();
    let mut now = 1;
    let mut any_element = false;
    for chunk in data.split(|byte| *byte == FRAME_SEPARATOR) {
        let frame = String::from_utf8_lossy(chunk);
        any_element |= parse_element(&frame).is_ok();
        // Errors are expected for hostile frames; the session must stay usable for the caller.
        let _ = session.handle_frame(&frame, now);
        now += 10_000;
        session.handle_timeout(now);
        drain(&mut session);
    }
    session.close();
    drain(&mut session);
    any_element
}

/// How far a `sasl_scram` input got.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScramProgress {
    RejectedServerFirst,
    RejectedServerFinal,
    ServerVerified,
}

/// The SCRAM client (stored keys, so no PBKDF2 per input) fed an arbitrary server-first and,
/// if that is accepted, an arbitrary server-final message. The first byte picks the hash.
pub fn sasl_scram(data: &[u8]) -> bool {
    sasl_scram_progress(data) != ScramProgress::RejectedServerFirst
}

pub fn sasl_scram_progress(data: &[u8]) -> ScramProgress {
    let Some((&selector, rest)) = data.split_first() else {
        return ScramProgress::RejectedServerFirst;
    };
    let mechanism = if selector & 1 == 0 {
        ScramMechanism::ScramSha1
    } else {
        ScramMechanism::ScramSha256
    };
    let mut client = ScramClient::new(
        mechanism,
        LOGIN_USER,
        ScramSecret::Keys(fixed_keys(mechanism)),
        CLIENT_NONCE,
    )
    .expect("fixed keys and nonce are valid");
    let (server_first, server_final) = match rest.iter().position(|byte| *byte == SASL_SEPARATOR) {
        Some(at) => (&rest[..at], &rest[at + 1..]),
        None => (rest, &[][..]),
    };
    let Ok(client_final) = client.handle_server_first(server_first) else {
        return ScramProgress::RejectedServerFirst;
    };
    assert!(
        client_final.starts_with("c=biws,r="),
        "client-final message: {client_final}"
    );
    assert!(
        client_final.contains(",p="),
        "client-final message without proof: {client_final}"
    );
    assert!(
        client.handle_server_first(server_first).is_err(),
        "a second server-first was accepted"
    );
    match client.handle_server_final(server_final) {
        Ok(keys) => {
            assert_eq!(keys, fixed_keys(mechanism));
            assert!(client.verified_keys().is_some());
            ScramProgress::ServerVerified
        }
        Err(_) => {
            assert!(client.verified_keys().is_none());
            ScramProgress::RejectedServerFinal
        }
    }
}

fn assert_reparses(element: &Element) {
    let xml = element.to_xml();
    let again = parse_element(&xml)
        .unwrap_or_else(|error| panic!("serialised element does not parse ({error}): {xml}"));
    assert_eq!(
        normalised(&again),
        normalised(element),
        "element changed by a serialisation round trip: {xml}"
    );
}

/// Adjacent text nodes and empty ones cannot be told apart once written out.
fn normalised(element: &Element) -> Element {
    let mut out = Element {
        children: Vec::new(),
        ..element.clone()
    };
    for child in &element.children {
        match child {
            Node::Element(child) => out.children.push(Node::Element(normalised(child))),
            Node::Text(text) if text.is_empty() => {}
            Node::Text(text) => match out.children.last_mut() {
                Some(Node::Text(previous)) => previous.push_str(text),
                _ => out.children.push(Node::Text(text.clone())),
            },
        }
    }
    out
}

fn for_each_element(element: &Element, visit: &mut impl FnMut(&Element)) {
    visit(element);
    for child in element.child_elements() {
        for_each_element(child, visit);
    }
}

/// Runs every typed parser; what one accepts must serialise to an element it accepts again
/// as the same value.
fn typed_conversions(element: &Element) {
    round_trip::<Stanza>(element, Element::from);
    round_trip::<Message>(element, Element::from);
    round_trip::<Presence>(element, Element::from);
    round_trip::<Iq>(element, Element::from);
    round_trip::<StanzaError>(element, Element::from);
    round_trip::<StreamError>(element, Element::from);
    round_trip::<RosterItem>(element, Element::from);
    round_trip::<RosterQuery>(element, Element::from);
    round_trip::<Ping>(element, Element::from);
    round_trip::<BindResult>(element, |bind| Element::from(&bind));
    round_trip::<reply::Reply>(element, |reply| Element::from(&reply));
    // A read-state item as a PubSub `<item>` would carry it.
    let _ = mds::Displayed::from_item(element.attr("id"), element.child_elements().next());
    omemo_conversions(element);
    // XEP-0004 forms as servers send them: room configuration, registration, search.
    round_trip::<dataforms::DataForm>(element, Element::from);
    // These two are only ever read, never written by the client.
    let _ = StreamFeatures::try_from(element);
    let _ = SaslServerMessage::try_from(element);
    if let Ok(stanza) = Stanza::try_from(element) {
        let payloads = match &stanza {
            Stanza::Message(message) => {
                // Hostile fallback ranges must never panic, whatever the body.
                let _ =
                    reply::split_fallback(message.body.as_deref().unwrap_or(""), &message.payloads);
                &message.payloads
            }
            Stanza::Presence(presence) => &presence.payloads,
            Stanza::Iq(_) => return,
        };
        for payload in payloads {
            let _ = StanzaError::try_from(payload);
        }
    }
}

/// The OMEMO elements (XEP-0384, XEP-0420 envelopes, PubSub and data forms around them).
fn omemo_conversions(element: &Element) {
    round_trip::<omemo::Encryption>(element, Element::from);
    round_trip::<omemo::StoreHint>(element, Element::from);
    round_trip::<omemo::OmemoEncrypted>(element, Element::from);
    round_trip::<omemo::Omemo2Key>(element, Element::from);
    round_trip::<omemo::Omemo2Recipient>(element, Element::from);
    round_trip::<omemo::Omemo2Encrypted>(element, Element::from);
    round_trip::<omemo::LegacyKey>(element, Element::from);
    round_trip::<omemo::LegacyEncrypted>(element, Element::from);
    round_trip::<omemo::LegacyDeviceList>(element, Element::from);
    round_trip::<omemo::Omemo2Device>(element, Element::from);
    round_trip::<omemo::Omemo2DeviceList>(element, Element::from);
    round_trip::<omemo::FormField>(element, Element::from);
    round_trip::<omemo::DataForm>(element, Element::from);
    round_trip::<omemo::Envelope>(element, Element::from);
    round_trip::<omemo::LegacyBundle>(element, Element::from);
    round_trip::<omemo::Omemo2Bundle>(element, Element::from);
    round_trip::<omemo::PubSubItem>(element, Element::from);
    round_trip::<omemo::ItemsResult>(element, Element::from);
    round_trip::<omemo::ItemsEvent>(element, Element::from);
    round_trip::<omemo::ItemsRequest>(element, Element::from);
    round_trip::<omemo::PublishRequest>(element, Element::from);
    round_trip::<omemo::NodeConfiguration>(element, Element::from);
}

/// What a parser accepts must serialise to an element it accepts again, and that element
/// must serialise the same: a fixed point after one round. (Values themselves may differ:
/// some types keep notes on what they set aside, which are not written out.)
fn round_trip<T>(element: &Element, write: impl Fn(T) -> Element)
where
    T: for<'a> TryFrom<&'a Element>,
{
    let Ok(value) = T::try_from(element) else {
        return;
    };
    let written = write(value);
    assert_reparses(&written);
    let again = T::try_from(&written).ok();
    let Some(again) = again else {
        panic!(
            "{} rejects its own serialisation {}",
            std::any::type_name::<T>(),
            written.to_xml()
        );
    };
    let rewritten = write(again);
    assert_eq!(
        normalised(&rewritten),
        normalised(&written),
        "{} changed by a second round trip through {}",
        std::any::type_name::<T>(),
        written.to_xml()
    );
}

fn drain(session: &mut Session) {
    while let Some(frame) = session.poll_transmit() {
        if let Err(error) = parse_element(&frame) {
            panic!("the session sent malformed XML ({error}): {frame}");
        }
    }
    while session.poll_event().is_some() {}
}

const LOGIN_USER: &str = "alice";
const CLIENT_NONCE: &str = "fuzzClientNonce";
const SALT: &[u8] = b"fuzz-salt-0001";
const ITERATIONS: u32 = 4096;
const SASL_NS: &str = "urn:ietf:params:xml:ns:xmpp-sasl";
const SERVER_OPEN: &str =
    "<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' xml:lang='en' id='f1' from='localhost' version='1.0'/>";
const PRE_AUTH_FEATURES: &str = "<features xmlns='http://etherx.jabber.org/streams'><mechanisms \
     xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>SCRAM-SHA-1</mechanism><mechanism>PLAIN</mechanism>\
     </mechanisms></features>";
const POST_AUTH_FEATURES: &str = "<features xmlns='http://etherx.jabber.org/streams'><bind \
     xmlns='urn:ietf:params:xml:ns:xmpp-bind'><required/></bind><session \
     xmlns='urn:ietf:params:xml:ns:xmpp-session'><optional/></session></features>";

/// Stored keys need not come from a password: any bytes of the right length authenticate
/// against a server that holds the same ones.
fn fixed_keys(mechanism: ScramMechanism) -> ScramKeys {
    let len = mechanism.output_len();
    ScramKeys {
        mechanism,
        salt: SALT.to_vec(),
        iterations: ITERATIONS,
        client_key: vec![0x11; len],
        server_key: vec![0x22; len],
    }
}

/// The server-first message matching [`fixed_keys`], as seeds use it.
pub fn server_first_message() -> String {
    format!(
        "r={CLIENT_NONCE}srv,s={},i={ITERATIONS}",
        STANDARD.encode(SALT)
    )
}

fn online_session() -> Session {
    let keys = fixed_keys(ScramMechanism::ScramSha1);
    let config = SessionConfig {
        jid: "alice@localhost".parse().unwrap(),
        resource: Some("fuzz".into()),
        credentials: Credentials::Scram(keys.clone()),
        client_nonce: CLIENT_NONCE.into(),
        iq_timeout_ms: 30_000,
    };
    let mut session = Session::new(config, 0);
    session.handle_frame(SERVER_OPEN, 0).unwrap();
    session.handle_frame(PRE_AUTH_FEATURES, 0).unwrap();
    let auth = last_sent(&mut session);
    let client_first = sasl_text(&auth);
    let client_first_bare = client_first.strip_prefix("n,,").unwrap().to_owned();
    let server_first = server_first_message();
    session
        .handle_frame(&sasl_frame("challenge", &server_first), 0)
        .unwrap();
    let client_final = sasl_text(&last_sent(&mut session));
    let (without_proof, _) = client_final.rsplit_once(",p=").unwrap();
    let auth_message = format!("{client_first_bare},{server_first},{without_proof}");
    let mut mac = Hmac::<Sha1>::new_from_slice(&keys.server_key).unwrap();
    mac.update(auth_message.as_bytes());
    let server_final = format!("v={}", STANDARD.encode(mac.finalize().into_bytes()));
    session
        .handle_frame(&sasl_frame("success", &server_final), 0)
        .unwrap();
    session.handle_frame(SERVER_OPEN, 0).unwrap();
    session.handle_frame(POST_AUTH_FEATURES, 0).unwrap();
    let bind = last_sent(&mut session);
    let bind_result = format!(
        "<iq xmlns='jabber:client' type='result' id='{}'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'>\
         <jid>alice@localhost/fuzz</jid></bind></iq>",
        bind.attr("id").unwrap()
    );
    session.handle_frame(&bind_result, 0).unwrap();
    drain(&mut session);
    assert_eq!(session.state(), SessionState::Online);
    session
}

fn last_sent(session: &mut Session) -> Element {
    let frames: Vec<String> = std::iter::from_fn(|| session.poll_transmit()).collect();
    parse_element(frames.last().unwrap()).unwrap()
}

fn sasl_text(element: &Element) -> String {
    String::from_utf8(STANDARD.decode(element.text()).unwrap()).unwrap()
}

fn sasl_frame(name: &str, data: &str) -> String {
    format!(
        "<{name} xmlns='{SASL_NS}'>{}</{name}>",
        STANDARD.encode(data)
    )
}

/// A `sasl_scram` input the client accepts completely: the matching server-first message and
/// the server's genuine signature. Seeds start from it.
pub fn sasl_scram_seed(mechanism: ScramMechanism) -> Vec<u8> {
    let keys = fixed_keys(mechanism);
    let mut client = ScramClient::new(
        mechanism,
        LOGIN_USER,
        ScramSecret::Keys(keys.clone()),
        CLIENT_NONCE,
    )
    .unwrap();
    let server_first = server_first_message();
    let client_final = client.handle_server_first(server_first.as_bytes()).unwrap();
    let (without_proof, _) = client_final.rsplit_once(",p=").unwrap();
    let client_first_bare = client
        .client_first()
        .strip_prefix("n,,")
        .unwrap()
        .to_owned();
    let auth_message = format!("{client_first_bare},{server_first},{without_proof}");
    let signature = match mechanism {
        ScramMechanism::ScramSha1 => {
            let mut mac = Hmac::<Sha1>::new_from_slice(&keys.server_key).unwrap();
            mac.update(auth_message.as_bytes());
            mac.finalize().into_bytes().to_vec()
        }
        ScramMechanism::ScramSha256 => {
            let mut mac = Hmac::<sha2::Sha256>::new_from_slice(&keys.server_key).unwrap();
            mac.update(auth_message.as_bytes());
            mac.finalize().into_bytes().to_vec()
        }
    };
    let selector = match mechanism {
        ScramMechanism::ScramSha1 => 0,
        ScramMechanism::ScramSha256 => 1,
    };
    let mut seed = vec![selector];
    seed.extend_from_slice(server_first.as_bytes());
    seed.push(SASL_SEPARATOR);
    seed.extend_from_slice(format!("v={}", STANDARD.encode(signature)).as_bytes());
    seed
}
