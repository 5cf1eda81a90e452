#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Logging in against a scripted Prosody: SCRAM with the password and with stored keys, PLAIN,
//! resource binding, the legacy session, and every way login can fail.

mod common;

use common::*;
use xmpp_protocol::sasl::SaslError;
use xmpp_protocol::xml::Element;
use xmpp_protocol::{
    Credentials, ErrorCondition, Event, Message, Presence, ScramKeys, ScramMechanism, Session,
    SessionError, SessionState, StreamErrorCondition,
};

const FRAMING: &str = "urn:ietf:params:xml:ns:xmpp-framing";

fn keys_from(events: &[Event]) -> ScramKeys {
    events
        .iter()
        .find_map(|event| match event {
            Event::Authenticated {
                keys: Some(keys), ..
            } => Some(keys.clone()),
            _ => None,
        })
        .expect("an Authenticated event with keys")
}

#[test]
fn full_login_with_a_password_against_prosody_frames() {
    let mut session = Session::new(config(password(PASSWORD)), 1_000);
    assert_eq!(session.state(), SessionState::Connecting);
    assert_eq!(
        session.poll_transmit().as_deref(),
        Some(r#"<open xmlns="urn:ietf:params:xml:ns:xmpp-framing" to="localhost" version="1.0"/>"#)
    );
    session.handle_frame(SERVER_OPEN, 1_000).unwrap();
    assert_eq!(session.state(), SessionState::Connecting);

    // Prosody offers SCRAM-SHA-1 and PLAIN; the stronger one is used.
    session.handle_frame(PRE_AUTH_FEATURES, 1_000).unwrap();
    assert_eq!(session.state(), SessionState::Authenticating);
    let auth = sent_one(&mut session);
    assert_eq!(auth.attr("mechanism"), Some("SCRAM-SHA-1"));
    assert_eq!(sasl_text(&auth), format!("n,,n=alice,r={CLIENT_NONCE}"));

    let mut server = ScramServer::new(Hash::Sha1, PASSWORD);
    let server_first = server.first(&sasl_text(&auth));
    session
        .handle_frame(&sasl_frame("challenge", &server_first), 1_000)
        .unwrap();
    let response = sent_one(&mut session);
    assert!(response.is("response", SASL_NS));
    let server_final = server
        .verify(&sasl_text(&response))
        .expect("the proof is valid");
    session
        .handle_frame(&sasl_frame("success", &server_final), 1_000)
        .unwrap();

    // Stream restart after SASL.
    assert_eq!(session.state(), SessionState::Binding);
    let reopen = sent_one(&mut session);
    assert!(reopen.is("open", FRAMING));
    let keys = keys_from(&events(&mut session));
    assert_eq!(
        (keys.mechanism, keys.iterations, keys.salt.as_slice()),
        (ScramMechanism::ScramSha1, 4096, server.salt.as_slice())
    );

    session.handle_frame(SERVER_OPEN, 1_000).unwrap();
    session.handle_frame(POST_AUTH_FEATURES, 1_000).unwrap();
    let bind = sent_one(&mut session);
    assert_eq!(bind.attr("type"), Some("set"));
    let request = bind
        .get_child("bind", "urn:ietf:params:xml:ns:xmpp-bind")
        .unwrap();
    assert_eq!(
        request
            .child_text("resource", "urn:ietf:params:xml:ns:xmpp-bind")
            .as_deref(),
        Some("web")
    );

    // Prosody marks <session/> optional: online straight after binding.
    session
        .handle_frame(
            &bind_result(bind.attr("id").unwrap(), "alice@localhost/web"),
            1_000,
        )
        .unwrap();
    assert_eq!(session.state(), SessionState::Online);
    assert_eq!(
        session.bound_jid().unwrap().to_string(),
        "alice@localhost/web"
    );
    assert_eq!(
        events(&mut session),
        vec![Event::Online {
            jid: "alice@localhost/web".parse().unwrap()
        }]
    );
    // Prosody offers XEP-0198: acknowledgements (and resumption) are switched on at once.
    let enable = sent_one(&mut session);
    assert!(
        enable.is("enable", "urn:xmpp:sm:3") && enable.attr("resume") == Some("true"),
        "{}",
        enable.to_xml()
    );
    assert_eq!(
        session.poll_timeout(),
        None,
        "the bind request is no longer pending"
    );
}

#[test]
fn reconnects_with_stored_keys_instead_of_the_password() {
    let mut first = Session::new(config(password(PASSWORD)), 0);
    let mut server = ScramServer::new(Hash::Sha1, PASSWORD);
    authenticate(&mut first, &mut server, PRE_AUTH_FEATURES);
    let keys = keys_from(&events(&mut first));

    let mut second = Session::new(config(Credentials::Scram(keys.clone())), 0);
    authenticate(&mut second, &mut server, PRE_AUTH_FEATURES);
    let again = events(&mut second);
    assert_eq!(
        again,
        vec![Event::Authenticated {
            mechanism: "SCRAM-SHA-1".into(),
            keys: Some(keys)
        }]
    );
    assert_eq!(second.state(), SessionState::Binding);
}

#[test]
fn stale_stored_keys_fail_with_a_typed_error_and_abort() {
    let mut server = ScramServer::new(Hash::Sha1, PASSWORD);
    let mut first = Session::new(config(password(PASSWORD)), 0);
    authenticate(&mut first, &mut server, PRE_AUTH_FEATURES);
    let keys = keys_from(&events(&mut first));

    server.iterations = 10_000; // the account's password was reset on the server
    let mut session = Session::new(config(Credentials::Scram(keys)), 0);
    sent(&mut session);
    session.handle_frame(SERVER_OPEN, 0).unwrap();
    session.handle_frame(PRE_AUTH_FEATURES, 0).unwrap();
    let auth = sent_one(&mut session);
    let server_first = server.first(&sasl_text(&auth));
    let error = session
        .handle_frame(&sasl_frame("challenge", &server_first), 0)
        .unwrap_err();
    assert_eq!(
        error,
        SessionError::Sasl(SaslError::StoredKeysStale {
            stored_iterations: 4096,
            server_iterations: 10_000,
            salt_changed: false
        })
    );
    assert!(matches!(&error, SessionError::Sasl(sasl) if sasl.is_not_authorized()));
    assert_eq!(session.state(), SessionState::Failed);
    let frames = sent(&mut session);
    assert!(frames[0].is("abort", SASL_NS));
    assert!(frames[1].is("close", FRAMING));
}

#[test]
fn a_wrong_password_is_reported_with_the_servers_text() {
    let mut session = Session::new(config(password("wrong")), 0);
    sent(&mut session);
    session.handle_frame(SERVER_OPEN, 0).unwrap();
    session.handle_frame(PRE_AUTH_FEATURES, 0).unwrap();
    let mut server = ScramServer::new(Hash::Sha1, PASSWORD);
    let server_first = server.first(&sasl_text(&sent_one(&mut session)));
    session
        .handle_frame(&sasl_frame("challenge", &server_first), 0)
        .unwrap();
    assert_eq!(server.verify(&sasl_text(&sent_one(&mut session))), None);
    let failure = format!("<failure xmlns='{SASL_NS}'><not-authorized/><text xml:lang='en'>Invalid username or password</text></failure>");
    let error = session.handle_frame(&failure, 0).unwrap_err();
    assert_eq!(
        error,
        SessionError::Sasl(SaslError::NotAuthorized {
            text: Some("Invalid username or password".into())
        })
    );
    assert_eq!(session.state(), SessionState::Failed);
    assert!(sent_one(&mut session).is("close", FRAMING));
    assert!(events(&mut session).is_empty());
    // Anything after the failure is ignored.
    assert_eq!(session.handle_frame(SERVER_OPEN, 0), Ok(()));
}

#[test]
fn other_sasl_failures_keep_their_condition() {
    let mut session = Session::new(config(password(PASSWORD)), 0);
    sent(&mut session);
    session.handle_frame(SERVER_OPEN, 0).unwrap();
    session.handle_frame(PRE_AUTH_FEATURES, 0).unwrap();
    let error = session
        .handle_frame(
            &format!("<failure xmlns='{SASL_NS}'><account-disabled/></failure>"),
            0,
        )
        .unwrap_err();
    assert_eq!(
        error,
        SessionError::Sasl(SaslError::Failure {
            condition: "account-disabled".into(),
            text: None
        })
    );
}

#[test]
fn an_impostor_server_is_detected_by_its_signature() {
    let mut session = Session::new(config(password(PASSWORD)), 0);
    sent(&mut session);
    session.handle_frame(SERVER_OPEN, 0).unwrap();
    session.handle_frame(PRE_AUTH_FEATURES, 0).unwrap();
    let mut server = ScramServer::new(Hash::Sha1, PASSWORD);
    server.forge_signature = true;
    let server_first = server.first(&sasl_text(&sent_one(&mut session)));
    session
        .handle_frame(&sasl_frame("challenge", &server_first), 0)
        .unwrap();
    let server_final = server.verify(&sasl_text(&sent_one(&mut session))).unwrap();
    let error = session
        .handle_frame(&sasl_frame("success", &server_final), 0)
        .unwrap_err();
    assert_eq!(
        error,
        SessionError::Sasl(SaslError::ServerSignatureMismatch)
    );
    assert!(
        events(&mut session).is_empty(),
        "no Authenticated event for an unverified server"
    );
}

#[test]
fn success_before_the_exchange_is_not_trusted() {
    let mut session = Session::new(config(password(PASSWORD)), 0);
    sent(&mut session);
    session.handle_frame(SERVER_OPEN, 0).unwrap();
    session.handle_frame(PRE_AUTH_FEATURES, 0).unwrap();
    let error = session
        .handle_frame(&format!("<success xmlns='{SASL_NS}'/>"), 0)
        .unwrap_err();
    assert_eq!(error, SessionError::Sasl(SaslError::MissingServerSignature));
}

#[test]
fn prefers_scram_sha_256_when_offered() {
    let mut session = Session::new(config(password(PASSWORD)), 0);
    let mut server = ScramServer::new(Hash::Sha256, PASSWORD);
    authenticate(
        &mut session,
        &mut server,
        &features_offering(&["PLAIN", "SCRAM-SHA-1", "SCRAM-SHA-256"]),
    );
    assert_eq!(
        keys_from(&events(&mut session)).mechanism,
        ScramMechanism::ScramSha256
    );
}

#[test]
fn plain_is_used_when_it_is_all_the_server_offers() {
    let mut session = Session::new(config(password(PASSWORD)), 0);
    sent(&mut session);
    session.handle_frame(SERVER_OPEN, 0).unwrap();
    session
        .handle_frame(&features_offering(&["PLAIN"]), 0)
        .unwrap();
    let auth = sent_one(&mut session);
    assert_eq!(auth.attr("mechanism"), Some("PLAIN"));
    assert_eq!(sasl_text(&auth), format!("\0alice\0{PASSWORD}"));
    session
        .handle_frame(&format!("<success xmlns='{SASL_NS}'/>"), 0)
        .unwrap();
    assert_eq!(
        events(&mut session),
        vec![Event::Authenticated {
            mechanism: "PLAIN".into(),
            keys: None
        }]
    );
    assert!(sent_one(&mut session).is("open", FRAMING));
}

#[test]
fn no_usable_mechanism_lists_what_was_offered() {
    let mut session = Session::new(config(password(PASSWORD)), 0);
    sent(&mut session);
    session.handle_frame(SERVER_OPEN, 0).unwrap();
    let error = session
        .handle_frame(&features_offering(&["EXTERNAL", "X-OAUTH2"]), 0)
        .unwrap_err();
    assert_eq!(
        error,
        SessionError::NoUsableMechanism {
            offered: vec!["EXTERNAL".into(), "X-OAUTH2".into()]
        }
    );
    assert_eq!(session.state(), SessionState::Failed);
}

#[test]
fn stored_keys_need_their_own_mechanism() {
    let mut server = ScramServer::new(Hash::Sha256, PASSWORD);
    let mut first = Session::new(config(password(PASSWORD)), 0);
    authenticate(
        &mut first,
        &mut server,
        &features_offering(&["SCRAM-SHA-256"]),
    );
    let keys = keys_from(&events(&mut first));
    let mut session = Session::new(config(Credentials::Scram(keys)), 0);
    sent(&mut session);
    session.handle_frame(SERVER_OPEN, 0).unwrap();
    let error = session.handle_frame(PRE_AUTH_FEATURES, 0).unwrap_err();
    assert_eq!(
        error,
        SessionError::NoUsableMechanism {
            offered: vec!["SCRAM-SHA-1".into(), "PLAIN".into()]
        }
    );
}

#[test]
fn a_required_legacy_session_is_established_before_going_online() {
    let mut session = Session::new(config(password(PASSWORD)), 0);
    authenticate(
        &mut session,
        &mut ScramServer::new(Hash::Sha1, PASSWORD),
        PRE_AUTH_FEATURES,
    );
    sent(&mut session);
    events(&mut session);
    session.handle_frame(SERVER_OPEN, 0).unwrap();
    session
        .handle_frame(
            "<features xmlns='http://etherx.jabber.org/streams'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/>\
             <session xmlns='urn:ietf:params:xml:ns:xmpp-session'/></features>",
            0,
        )
        .unwrap();
    let bind = sent_one(&mut session);
    session
        .handle_frame(
            &bind_result(bind.attr("id").unwrap(), "alice@localhost/web"),
            0,
        )
        .unwrap();
    assert_eq!(session.state(), SessionState::Binding);
    assert!(events(&mut session).is_empty());
    let establish = sent_one(&mut session);
    assert!(establish.has_child("session", "urn:ietf:params:xml:ns:xmpp-session"));
    session
        .handle_frame(
            &format!(
                "<iq xmlns='jabber:client' type='result' id='{}'/>",
                establish.attr("id").unwrap()
            ),
            0,
        )
        .unwrap();
    assert_eq!(session.state(), SessionState::Online);
    assert_eq!(
        events(&mut session),
        vec![Event::Online {
            jid: "alice@localhost/web".parse().unwrap()
        }]
    );
}

#[test]
fn a_server_assigned_resource_is_accepted() {
    let mut config = config(password(PASSWORD));
    config.resource = None;
    let mut session = Session::new(config, 0);
    authenticate(
        &mut session,
        &mut ScramServer::new(Hash::Sha1, PASSWORD),
        PRE_AUTH_FEATURES,
    );
    sent(&mut session);
    session.handle_frame(SERVER_OPEN, 0).unwrap();
    session.handle_frame(POST_AUTH_FEATURES, 0).unwrap();
    let bind = sent_one(&mut session);
    assert_eq!(
        bind.get_child("bind", "urn:ietf:params:xml:ns:xmpp-bind")
            .unwrap()
            .children
            .len(),
        0
    );
    session
        .handle_frame(
            &bind_result(bind.attr("id").unwrap(), "alice@localhost/7c1b5e"),
            0,
        )
        .unwrap();
    assert_eq!(session.bound_jid().unwrap().resource(), "7c1b5e");
}

#[test]
fn bind_errors_fail_the_login() {
    let mut session = Session::new(config(password(PASSWORD)), 0);
    authenticate(
        &mut session,
        &mut ScramServer::new(Hash::Sha1, PASSWORD),
        PRE_AUTH_FEATURES,
    );
    sent(&mut session);
    session.handle_frame(SERVER_OPEN, 0).unwrap();
    session.handle_frame(POST_AUTH_FEATURES, 0).unwrap();
    let id = sent_one(&mut session).attr("id").unwrap().to_owned();
    let reply = format!(
        "<iq xmlns='jabber:client' type='error' id='{id}'><error type='cancel'><conflict xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>"
    );
    let error = session.handle_frame(&reply, 0).unwrap_err();
    assert!(
        matches!(error, SessionError::BindFailed(ref e) if e.condition == ErrorCondition::Conflict),
        "{error:?}"
    );
    assert_eq!(session.state(), SessionState::Failed);
}

#[test]
fn features_without_bind_fail_the_login() {
    let mut session = Session::new(config(password(PASSWORD)), 0);
    authenticate(
        &mut session,
        &mut ScramServer::new(Hash::Sha1, PASSWORD),
        PRE_AUTH_FEATURES,
    );
    session.handle_frame(SERVER_OPEN, 0).unwrap();
    let error = session
        .handle_frame("<features xmlns='http://etherx.jabber.org/streams'/>", 0)
        .unwrap_err();
    assert_eq!(error, SessionError::BindNotOffered);
}

#[test]
fn stanzas_sent_before_login_wait_until_online() {
    let mut session = Session::new(config(password(PASSWORD)), 0);
    session.send_presence(Presence::available());
    session.send_message(Message::chat(
        "bob@localhost".parse().unwrap(),
        "early",
        "e1",
    ));
    authenticate(
        &mut session,
        &mut ScramServer::new(Hash::Sha1, PASSWORD),
        PRE_AUTH_FEATURES,
    );
    assert_eq!(
        sent_one(&mut session).name,
        "open",
        "nothing but the restart before binding"
    );
    session.handle_frame(SERVER_OPEN, 0).unwrap();
    session.handle_frame(POST_AUTH_FEATURES, 0).unwrap();
    let bind = sent_one(&mut session);
    session
        .handle_frame(
            &bind_result(bind.attr("id").unwrap(), "alice@localhost/web"),
            0,
        )
        .unwrap();
    let flushed: Vec<String> = sent(&mut session).iter().map(|e| e.name.clone()).collect();
    assert_eq!(
        flushed,
        ["enable", "presence", "message", "r"],
        "counting starts before the queued stanzas"
    );
}

#[test]
fn login_steps_time_out() {
    let mut session = Session::new(config(password(PASSWORD)), 0);
    authenticate(
        &mut session,
        &mut ScramServer::new(Hash::Sha1, PASSWORD),
        PRE_AUTH_FEATURES,
    );
    events(&mut session);
    session.handle_frame(SERVER_OPEN, 5_000).unwrap();
    session.handle_frame(POST_AUTH_FEATURES, 5_000).unwrap();
    let id = sent(&mut session)
        .last()
        .unwrap()
        .attr("id")
        .unwrap()
        .to_owned();
    assert_eq!(session.poll_timeout(), Some(35_000));
    session.handle_timeout(34_999);
    assert_eq!(session.state(), SessionState::Binding);
    session.handle_timeout(35_000);
    assert_eq!(session.state(), SessionState::Failed);
    assert_eq!(events(&mut session), vec![Event::IqTimeout { id }]);
    assert!(sent_one(&mut session).is("close", FRAMING));
}

#[test]
fn protocol_violations_during_login_are_fatal() {
    let start = || {
        let mut session = Session::new(config(password(PASSWORD)), 0);
        sent(&mut session);
        session
    };
    let mut old = start();
    let error = old.handle_frame(
        "<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' from='localhost' version='0.9'/>",
        0,
    );
    assert_eq!(
        error,
        Err(SessionError::UnsupportedVersion {
            version: Some("0.9".into())
        })
    );

    let mut early = start();
    assert!(matches!(
        early.handle_frame(PRE_AUTH_FEATURES, 0),
        Err(SessionError::UnexpectedFrame(_))
    ));

    let mut broken = start();
    broken.handle_frame(SERVER_OPEN, 0).unwrap();
    assert!(matches!(
        broken.handle_frame(
            "<features xmlns='http://etherx.jabber.org/streams'><mechanisms",
            0
        ),
        Err(SessionError::Xml(_))
    ));
    let frames = sent(&mut broken);
    let stream_error: &Element = &frames[0];
    assert!(stream_error.is("error", "http://etherx.jabber.org/streams"));
    assert!(stream_error.has_child(
        StreamErrorCondition::NotWellFormed.name(),
        "urn:ietf:params:xml:ns:xmpp-streams"
    ));
    assert!(frames[1].is("close", FRAMING));

    let mut unknown = start();
    assert!(matches!(
        unknown.handle_frame("<close xmlns='urn:ietf:params:xml:ns:xmpp-framing'/>", 0),
        Ok(())
    ));
    assert_eq!(unknown.state(), SessionState::Closed);
    assert_eq!(events(&mut unknown), vec![Event::Closed]);
}

#[test]
fn secrets_never_appear_in_debug_output() {
    let config = config(password(PASSWORD));
    assert!(!format!("{config:?}").contains(PASSWORD));
    let mut session = Session::new(config, 0);
    assert!(!format!("{session:?}").contains(PASSWORD));
    sent(&mut session);
    session.handle_frame(SERVER_OPEN, 0).unwrap();
    session
        .handle_frame(&features_offering(&["PLAIN"]), 0)
        .unwrap();
    assert!(!format!("{session:?}").contains(PASSWORD));
}
