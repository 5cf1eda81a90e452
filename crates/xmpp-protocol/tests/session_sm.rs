#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! XEP-0198 in the session: acknowledgements, answering ack requests, resuming a dropped
//! stream with retransmission, and falling back to a fresh bind when resumption fails.

mod common;

use common::*;
use xmpp_protocol::{Event, Message, ResumeState, Session, SessionState};

const SM: &str = "urn:xmpp:sm:3";
const INCOMING: &str = "<message xmlns='jabber:client' from='bob@localhost/phone' to='alice@localhost/web' type='chat' id='b1'><body>hi</body></message>";

fn names(session: &mut Session) -> Vec<String> {
    sent(session).iter().map(|e| e.name.clone()).collect()
}

/// Online with resumption enabled as stream `S1`, everything drained.
fn resumable() -> Session {
    let mut session = online_session_with_sm();
    assert_eq!(names(&mut session), ["enable"]);
    session
        .handle_frame(
            "<enabled xmlns='urn:xmpp:sm:3' id='S1' resume='true' max='600'/>",
            0,
        )
        .unwrap();
    session
}

fn send(session: &mut Session, id: &str) {
    session.send_message(Message::chat("bob@localhost".parse().unwrap(), id, id));
}

/// A new session on a new connection, told to resume `state`, authenticated and sent features.
fn reconnect_with(state: ResumeState) -> Session {
    let mut session = Session::new(config(password(PASSWORD)), 0);
    session.set_resume(state);
    authenticate(
        &mut session,
        &mut ScramServer::new(Hash::Sha1, PASSWORD),
        PRE_AUTH_FEATURES,
    );
    assert_eq!(sent_one(&mut session).name, "open");
    session.handle_frame(SERVER_OPEN, 0).unwrap();
    session.handle_frame(POST_AUTH_FEATURES, 0).unwrap();
    events(&mut session);
    session
}

#[test]
fn messages_are_acknowledged_by_the_servers_count() {
    let mut session = resumable();
    send(&mut session, "m1");
    send(&mut session, "m2");
    assert_eq!(names(&mut session), ["message", "r", "message", "r"]);
    assert!(
        events(&mut session).is_empty(),
        "nothing is acknowledged before the server says so"
    );
    session
        .handle_frame("<a xmlns='urn:xmpp:sm:3' h='1'/>", 1)
        .unwrap();
    assert_eq!(
        events(&mut session),
        vec![Event::StanzaAcked { id: "m1".into() }]
    );
    // A count beyond what we sent acknowledges everything and nothing twice.
    session
        .handle_frame("<a xmlns='urn:xmpp:sm:3' h='7'/>", 2)
        .unwrap();
    session
        .handle_frame("<a xmlns='urn:xmpp:sm:3' h='7'/>", 2)
        .unwrap();
    assert_eq!(
        events(&mut session),
        vec![Event::StanzaAcked { id: "m2".into() }]
    );
}

#[test]
fn answers_ack_requests_with_the_number_of_stanzas_handled() {
    let mut session = resumable();
    session.handle_frame(INCOMING, 1).unwrap();
    session
        .handle_frame(
            "<presence xmlns='jabber:client' from='bob@localhost/phone'/>",
            1,
        )
        .unwrap();
    session
        .handle_frame("<r xmlns='urn:xmpp:sm:3'/>", 1)
        .unwrap();
    let answer = sent_one(&mut session);
    assert!(answer.is("a", SM));
    assert_eq!(answer.attr("h"), Some("2"));
    // A malformed ack is ignored rather than ending the stream.
    session
        .handle_frame("<a xmlns='urn:xmpp:sm:3' h='lots'/>", 1)
        .unwrap();
    assert_eq!(session.state(), SessionState::Online);
}

#[test]
fn a_dropped_stream_is_resumed_and_unacknowledged_messages_go_out_again() {
    let mut old = resumable();
    send(&mut old, "m1");
    send(&mut old, "m2");
    old.handle_frame("<a xmlns='urn:xmpp:sm:3' h='1'/>", 1)
        .unwrap();
    old.handle_frame(INCOMING, 1).unwrap();
    sent(&mut old);
    events(&mut old);
    let state = old.resume_state().expect("resumable");
    assert_eq!(
        (
            state.id.as_str(),
            state.inbound,
            state.acked,
            state.unacked.len()
        ),
        ("S1", 1, 1, 1)
    );

    let mut session = reconnect_with(state);
    let resume = sent_one(&mut session);
    assert!(resume.is("resume", SM));
    assert_eq!(
        (resume.attr("previd"), resume.attr("h")),
        (Some("S1"), Some("1"))
    );
    send(&mut session, "m3");
    session
        .handle_frame("<resumed xmlns='urn:xmpp:sm:3' previd='S1' h='1'/>", 2)
        .unwrap();
    assert_eq!(session.state(), SessionState::Online);
    assert_eq!(
        events(&mut session),
        vec![Event::Resumed {
            jid: "alice@localhost/web".parse().unwrap()
        }]
    );
    let resent: Vec<(String, Option<String>)> = sent(&mut session)
        .iter()
        .map(|e| (e.name.clone(), e.attr("id").map(str::to_owned)))
        .collect();
    assert_eq!(
        resent,
        [
            ("message".into(), Some("m2".into())),
            ("r".into(), None),
            ("message".into(), Some("m3".into())),
            ("r".into(), None)
        ]
    );
    session
        .handle_frame("<a xmlns='urn:xmpp:sm:3' h='3'/>", 3)
        .unwrap();
    assert_eq!(
        events(&mut session),
        vec![
            Event::StanzaAcked { id: "m2".into() },
            Event::StanzaAcked { id: "m3".into() }
        ]
    );
    // The incoming count carries on from the old stream.
    session
        .handle_frame("<r xmlns='urn:xmpp:sm:3'/>", 3)
        .unwrap();
    assert_eq!(sent_one(&mut session).attr("h"), Some("1"));
}

#[test]
fn a_connection_lost_while_resuming_keeps_the_stream_resumable() {
    let mut old = resumable();
    send(&mut old, "m1");
    let state = old.resume_state().unwrap();
    let mut waiting = Session::new(config(password(PASSWORD)), 0);
    waiting.set_resume(state.clone());
    assert_eq!(
        waiting.resume_state(),
        Some(state.clone()),
        "dropped before authenticating"
    );
    let resuming = reconnect_with(state.clone());
    assert_eq!(
        resuming.resume_state(),
        Some(state),
        "dropped while the server considered <resume/>"
    );
}

#[test]
fn a_refused_resumption_binds_a_fresh_resource() {
    let mut old = resumable();
    send(&mut old, "m1");
    let state = old.resume_state().unwrap();
    let mut session = reconnect_with(state);
    assert_eq!(sent_one(&mut session).name, "resume");
    session.handle_frame("<failed xmlns='urn:xmpp:sm:3'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></failed>", 2).unwrap();
    assert_eq!(events(&mut session), vec![Event::ResumeFailed]);
    let bind = sent_one(&mut session);
    session
        .handle_frame(
            &bind_result(bind.attr("id").unwrap(), "alice@localhost/new"),
            2,
        )
        .unwrap();
    assert!(events(&mut session).contains(&Event::Online {
        jid: "alice@localhost/new".parse().unwrap()
    }));
    assert_eq!(
        names(&mut session),
        ["enable"],
        "the old stream's stanzas are not replayed by the session"
    );
}

#[test]
fn without_stream_management_a_written_message_counts_as_acknowledged() {
    let mut session = online_session();
    send(&mut session, "m1");
    assert_eq!(names(&mut session), ["message"]);
    assert_eq!(
        events(&mut session),
        vec![Event::StanzaAcked { id: "m1".into() }]
    );
    assert!(session.resume_state().is_none());
}

#[test]
fn stanzas_other_than_messages_ask_for_an_ack_now_and_then_so_few_wait_for_one() {
    let mut session = resumable();
    for _ in 0..25 {
        session.send_presence(xmpp_protocol::Presence::available());
    }
    let names = names(&mut session);
    assert_eq!(names.iter().filter(|n| *n == "presence").count(), 25);
    let requests: Vec<usize> = names
        .iter()
        .enumerate()
        .filter(|(_, n)| *n == "r")
        .map(|(at, _)| at)
        .collect();
    // After the 10th and the 20th presence.
    assert_eq!(requests, [10, 21]);
    session
        .handle_frame("<a xmlns='urn:xmpp:sm:3' h='20'/>", 1)
        .unwrap();
    assert_eq!(session.resume_state().unwrap().unacked.len(), 5);
}
