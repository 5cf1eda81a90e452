#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! An online session: routing, the requests it answers itself, IQ tracking and timeouts,
//! roster results and pushes, stream errors and closing.

mod common;

use common::*;
use xmpp_protocol::xml::Element;
use xmpp_protocol::{
    ErrorCondition, Event, Iq, IqKind, Jid, Message, MessageKind, Presence, PresenceKind,
    RosterItem, RosterQuery, SessionError, SessionState, StreamErrorCondition, Subscription,
};

const FRAMING: &str = "urn:ietf:params:xml:ns:xmpp-framing";
const STANZAS: &str = "urn:ietf:params:xml:ns:xmpp-stanzas";

fn error_condition(reply: &Element) -> String {
    let error = reply
        .get_child("error", "jabber:client")
        .expect("an <error/> child");
    error
        .child_elements()
        .find(|c| c.ns == STANZAS)
        .unwrap()
        .name
        .clone()
}

#[test]
fn messages_and_presences_become_events() {
    let mut session = online_session();
    session
        .handle_frame("<message xmlns='jabber:client' from='bob@localhost/phone' to='alice@localhost/web' type='chat' id='m1'><body>hi</body></message>", 10)
        .unwrap();
    session.handle_frame("<presence xmlns='jabber:client' from='bob@localhost/phone'><show>away</show></presence>", 10).unwrap();
    let events = events(&mut session);
    let [Event::Message(message), Event::Presence(presence)] = events.as_slice() else {
        panic!("{events:?}")
    };
    assert_eq!(
        (message.kind, message.body.as_deref()),
        (MessageKind::Chat, Some("hi"))
    );
    assert_eq!(
        presence.from.as_ref().unwrap().to_string(),
        "bob@localhost/phone"
    );
    assert!(sent(&mut session).is_empty());
}

#[test]
fn outgoing_stanzas_are_sent_at_once() {
    let mut session = online_session();
    session.send_message(Message::chat(
        "bob@localhost".parse().unwrap(),
        "hello",
        "m2",
    ));
    session.send_presence(Presence::new(PresenceKind::Unavailable));
    assert_eq!(
        session.poll_transmit().as_deref(),
        Some(
            r#"<message xmlns="jabber:client" to="bob@localhost" id="m2" type="chat"><body>hello</body><origin-id xmlns="urn:xmpp:sid:0" id="m2"/></message>"#
        )
    );
    assert_eq!(
        session.poll_transmit().as_deref(),
        Some(r#"<presence xmlns="jabber:client" type="unavailable"/>"#)
    );
}

#[test]
fn iq_results_errors_and_spoofed_answers() {
    let mut session = online_session();
    let to: Jid = "pubsub.localhost".parse().unwrap();
    let payload = Element::builder("pubsub", "http://jabber.org/protocol/pubsub").build();
    let id = session.send_iq(Iq::get(Some(to.clone()), "", payload.clone()), 100);
    assert!(!id.is_empty());
    let request = sent_one(&mut session);
    assert_eq!(
        (request.attr("id"), request.attr("to")),
        (Some(id.as_str()), Some("pubsub.localhost"))
    );

    let spoofed =
        format!("<iq xmlns='jabber:client' from='mallory@evil.example' type='result' id='{id}'/>");
    session.handle_frame(&spoofed, 200).unwrap();
    assert!(
        events(&mut session).is_empty(),
        "an answer from elsewhere is ignored"
    );

    let result = format!("<iq xmlns='jabber:client' from='pubsub.localhost' type='result' id='{id}'><pubsub xmlns='http://jabber.org/protocol/pubsub'/></iq>");
    session.handle_frame(&result, 300).unwrap();
    assert_eq!(
        events(&mut session),
        vec![Event::IqResult {
            id: id.clone(),
            payload: Some(payload.clone())
        }]
    );
    session.handle_frame(&result, 300).unwrap();
    assert!(
        events(&mut session).is_empty(),
        "a duplicate answer is ignored"
    );

    let second = session.send_iq(Iq::set(Some(to), "custom-id", payload), 400);
    assert_eq!(second, "custom-id");
    session
        .handle_frame(
            "<iq xmlns='jabber:client' from='pubsub.localhost' type='error' id='custom-id'><error type='auth'><forbidden xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>",
            500,
        )
        .unwrap();
    let events = events(&mut session);
    let [Event::IqError { id, error }] = events.as_slice() else {
        panic!("{events:?}")
    };
    assert_eq!(
        (id.as_str(), &error.condition),
        ("custom-id", &ErrorCondition::Forbidden)
    );
}

#[test]
fn iqs_time_out_and_late_answers_are_dropped() {
    let mut session = online_session();
    assert_eq!(session.poll_timeout(), None);
    let payload = Element::builder("query", "http://jabber.org/protocol/disco#info").build();
    let first = session.send_iq(Iq::get(None, "", payload.clone()), 1_000);
    let second = session.send_iq(Iq::get(None, "", payload), 2_000);
    assert_ne!(first, second);
    assert_eq!(session.poll_timeout(), Some(31_000));
    session.handle_timeout(30_999);
    assert!(events(&mut session).is_empty());
    session.handle_timeout(31_000);
    assert_eq!(
        events(&mut session),
        vec![Event::IqTimeout { id: first.clone() }]
    );
    assert_eq!(session.poll_timeout(), Some(32_000));
    session
        .handle_frame(
            &format!("<iq xmlns='jabber:client' type='result' id='{first}'/>"),
            31_500,
        )
        .unwrap();
    assert!(events(&mut session).is_empty());
    session.handle_timeout(40_000);
    assert_eq!(events(&mut session), vec![Event::IqTimeout { id: second }]);
    assert_eq!(session.poll_timeout(), None);
    assert_eq!(
        session.state(),
        SessionState::Online,
        "a caller's timeout does not end the session"
    );
}

#[test]
fn roster_results_with_and_without_changes() {
    let mut session = online_session();
    let id = session.request_roster(None, 0);
    let request = sent_one(&mut session);
    assert_eq!(request.attr("type"), Some("get"));
    assert!(request
        .get_child("query", "jabber:iq:roster")
        .unwrap()
        .attr("ver")
        .is_none());
    session
        .handle_frame(
            &format!(
                "<iq xmlns='jabber:client' to='alice@localhost/web' type='result' id='{id}'><query xmlns='jabber:iq:roster' ver='v7'>\
                 <item jid='bob@localhost' name='Bob' subscription='both'><group>Friends</group></item>\
                 <item jid='carol@localhost' ask='subscribe'/></query></iq>"
            ),
            0,
        )
        .unwrap();
    let events_now = events(&mut session);
    let [Event::Roster(roster)] = events_now.as_slice() else {
        panic!("{events_now:?}")
    };
    assert_eq!(roster.ver.as_deref(), Some("v7"));
    assert_eq!(roster.items.len(), 2);
    assert_eq!(
        (
            roster.items[0].subscription,
            roster.items[0].groups.as_slice()
        ),
        (Subscription::Both, ["Friends".to_owned()].as_slice())
    );
    assert!(roster.items[1].ask);

    // Roster versioning: "your copy is current" is an empty result.
    let id = session.request_roster(Some("v7".into()), 0);
    assert_eq!(
        sent_one(&mut session)
            .get_child("query", "jabber:iq:roster")
            .unwrap()
            .attr("ver"),
        Some("v7")
    );
    session
        .handle_frame(
            &format!("<iq xmlns='jabber:client' type='result' id='{id}'/>"),
            0,
        )
        .unwrap();
    assert_eq!(
        events(&mut session),
        vec![Event::Roster(RosterQuery {
            ver: Some("v7".into()),
            items: vec![]
        })]
    );
}

#[test]
fn roster_pushes_from_our_server_are_acknowledged() {
    let mut session = online_session();
    for from in ["", " from='alice@localhost'"] {
        session
            .handle_frame(
                &format!(
                    "<iq xmlns='jabber:client'{from} type='set' id='push1'><query xmlns='jabber:iq:roster' ver='v8'>\
                     <item jid='dave@localhost' subscription='remove'/></query></iq>"
                ),
                0,
            )
            .unwrap();
        let reply = sent_one(&mut session);
        assert_eq!(
            (reply.attr("type"), reply.attr("id")),
            (Some("result"), Some("push1"))
        );
        let expected = RosterItem {
            subscription: Subscription::Remove,
            ..RosterItem::new("dave@localhost".parse().unwrap())
        };
        assert_eq!(
            events(&mut session),
            vec![
                Event::RosterPush(expected),
                Event::RosterVersion("v8".into())
            ]
        );
    }
}

#[test]
fn roster_pushes_from_anyone_else_are_refused() {
    let mut session = online_session();
    for from in ["mallory@evil.example", "alice@localhost/other", "localhost"] {
        session
            .handle_frame(
                &format!("<iq xmlns='jabber:client' from='{from}' type='set' id='evil'><query xmlns='jabber:iq:roster'><item jid='mallory@evil.example'/></query></iq>"),
                0,
            )
            .unwrap();
        let reply = sent_one(&mut session);
        assert_eq!(
            (reply.attr("type"), reply.attr("to")),
            (Some("error"), Some(from))
        );
        assert_eq!(error_condition(&reply), "service-unavailable");
        assert!(events(&mut session).is_empty(), "{from}");
    }
    session
        .handle_frame(
            "<iq xmlns='jabber:client' type='set' id='two'><query xmlns='jabber:iq:roster'><item jid='a@localhost'/><item jid='b@localhost'/></query></iq>",
            0,
        )
        .unwrap();
    assert_eq!(error_condition(&sent_one(&mut session)), "bad-request");
    assert!(events(&mut session).is_empty());
}

#[test]
fn pings_are_answered() {
    let mut session = online_session();
    session.handle_frame("<iq xmlns='jabber:client' from='localhost' type='get' id='ping1'><ping xmlns='urn:xmpp:ping'/></iq>", 0).unwrap();
    assert_eq!(
        session.poll_transmit().as_deref(),
        Some(r#"<iq xmlns="jabber:client" to="localhost" id="ping1" type="result"/>"#)
    );
    assert!(events(&mut session).is_empty());
}

#[test]
fn unknown_requests_are_refused_unless_claimed() {
    let mut session = online_session();
    let version = "<iq xmlns='jabber:client' from='bob@localhost/phone' type='get' id='v1'><query xmlns='jabber:iq:version'/></iq>";
    session.handle_frame(version, 0).unwrap();
    let reply = sent_one(&mut session);
    assert_eq!(
        (reply.attr("type"), reply.attr("to"), reply.attr("id")),
        (Some("error"), Some("bob@localhost/phone"), Some("v1"))
    );
    assert_eq!(error_condition(&reply), "service-unavailable");
    assert_eq!(
        reply
            .get_child("error", "jabber:client")
            .unwrap()
            .attr("type"),
        Some("cancel")
    );
    assert!(events(&mut session).is_empty());

    session.accept_iq_namespace("jabber:iq:version");
    session.handle_frame(version, 0).unwrap();
    assert!(sent(&mut session).is_empty());
    let events = events(&mut session);
    let [Event::IncomingIq(iq)] = events.as_slice() else {
        panic!("{events:?}")
    };
    assert_eq!((iq.kind, iq.id.as_str()), (IqKind::Get, "v1"));
    session.send_iq(Iq::result_for(iq, None), 0);
    assert_eq!(
        sent_one(&mut session).attr("to"),
        Some("bob@localhost/phone")
    );
}

#[test]
fn malformed_stanzas_are_reported_and_the_session_continues() {
    let mut session = online_session();
    session
        .handle_frame(
            "<message xmlns='jabber:client' from='@nobody'><body>x</body></message>",
            0,
        )
        .unwrap();
    session
        .handle_frame(
            "<iq xmlns='jabber:client' from='bob@localhost' type='get' id='bad'/>",
            0,
        )
        .unwrap();
    let events = events(&mut session);
    assert_eq!(events.len(), 2);
    assert!(
        events
            .iter()
            .all(|e| matches!(e, Event::MalformedStanza { .. })),
        "{events:?}"
    );
    let reply = sent_one(&mut session);
    assert_eq!(
        (reply.attr("type"), reply.attr("id"), reply.attr("to")),
        (Some("error"), Some("bad"), Some("bob@localhost"))
    );
    assert_eq!(error_condition(&reply), "bad-request");
    assert_eq!(session.state(), SessionState::Online);
}

#[test]
fn unknown_top_level_elements_are_passed_on() {
    let mut session = online_session();
    session
        .handle_frame("<custom xmlns='urn:example:unknown'/>", 0)
        .unwrap();
    assert_eq!(
        events(&mut session),
        vec![Event::UnknownElement(Element::new(
            "custom",
            "urn:example:unknown"
        ))]
    );
    assert_eq!(session.state(), SessionState::Online);
}

#[test]
fn a_stream_error_mid_session_fails_it() {
    let mut session = online_session();
    session.request_roster(None, 0);
    sent(&mut session);
    assert_eq!(session.poll_timeout(), Some(30_000));
    let error = session
        .handle_frame(
            "<stream:error xmlns:stream='http://etherx.jabber.org/streams'><conflict xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>\
             <text xmlns='urn:ietf:params:xml:ns:xmpp-streams'>Replaced by new connection</text></stream:error>",
            0,
        )
        .unwrap_err();
    let SessionError::Stream(stream_error) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(stream_error.condition, StreamErrorCondition::Conflict);
    assert_eq!(
        stream_error.text.as_deref(),
        Some("Replaced by new connection")
    );
    assert_eq!(
        events(&mut session),
        vec![Event::StreamError(stream_error.clone())]
    );
    assert_eq!(session.state(), SessionState::Failed);
    assert!(sent_one(&mut session).is("close", FRAMING));
    assert_eq!(session.poll_timeout(), None);
    session.send_message(Message::chat("bob@localhost".parse().unwrap(), "lost", "x"));
    assert!(
        sent(&mut session).is_empty(),
        "nothing is sent after the stream failed"
    );
}

#[test]
fn malformed_xml_mid_session_fails_it() {
    let mut session = online_session();
    let error = session
        .handle_frame("<message xmlns='jabber:client'><body>unclosed</message>", 0)
        .unwrap_err();
    assert!(matches!(error, SessionError::Xml(_)), "{error:?}");
    assert_eq!(session.state(), SessionState::Failed);
    let frames = sent(&mut session);
    assert_eq!(frames.len(), 2);
    assert!(frames[0].has_child("not-well-formed", "urn:ietf:params:xml:ns:xmpp-streams"));
    for garbage in ["\u{0}", "<a>&xxe;</a>", "<!DOCTYPE x>"] {
        let mut session = online_session();
        assert!(
            matches!(session.handle_frame(garbage, 0), Err(SessionError::Xml(_))),
            "{garbage:?}"
        );
    }
}

#[test]
fn whitespace_keepalives_are_ignored() {
    let mut session = online_session();
    session.handle_frame(" \r\n", 0).unwrap();
    assert!(events(&mut session).is_empty());
    assert_eq!(session.state(), SessionState::Online);
}

#[test]
fn closing_is_orderly_from_either_side() {
    let mut ours = online_session();
    ours.close();
    assert_eq!(ours.state(), SessionState::Closed);
    assert!(sent_one(&mut ours).is("close", FRAMING));
    ours.send_presence(Presence::available());
    ours.close();
    assert!(
        sent(&mut ours).is_empty(),
        "nothing after </close>, and only one close"
    );
    // The server may still deliver stanzas before it closes.
    ours.handle_frame(
        "<message xmlns='jabber:client' from='bob@localhost/x'><body>last</body></message>",
        0,
    )
    .unwrap();
    ours.handle_frame("<close xmlns='urn:ietf:params:xml:ns:xmpp-framing'/>", 0)
        .unwrap();
    let events_ours = events(&mut ours);
    assert!(
        matches!(events_ours.as_slice(), [Event::Message(_), Event::Closed]),
        "{events_ours:?}"
    );
    assert!(sent(&mut ours).is_empty());

    let mut theirs = online_session();
    theirs
        .handle_frame("<close xmlns='urn:ietf:params:xml:ns:xmpp-framing'/>", 0)
        .unwrap();
    assert!(
        sent_one(&mut theirs).is("close", FRAMING),
        "the close is answered"
    );
    assert_eq!(events(&mut theirs), vec![Event::Closed]);
    assert_eq!(theirs.state(), SessionState::Closed);
    assert_eq!(theirs.bound_jid().unwrap().to_bare(), own_bare());
}
