#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Every stanza captured from Prosody and slixmpp-omemo (tests/fixtures/, one element per
//! file) parses, survives serialise → parse unchanged, and the stanzas among them survive the
//! typed round trip too.

use std::path::PathBuf;

use xmpp_protocol::xml::{parse_element, Element};
use xmpp_protocol::{
    parse_datetime, Iq, IqKind, Jid, Message, MessageKind, Presence, PresenceKind, Stanza,
};

fn fixtures() -> Vec<(String, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut files: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "xml"))
        .map(|path| {
            (
                path.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(&path).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

fn fixture(name: &str) -> Element {
    let text = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name),
    )
    .unwrap();
    parse_element(&text).unwrap()
}

#[test]
fn every_fixture_round_trips_through_the_tree() {
    let files = fixtures();
    assert_eq!(files.len(), 44, "all captured samples are present");
    for (name, text) in files {
        let element = parse_element(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        let again =
            parse_element(&element.to_xml()).unwrap_or_else(|e| panic!("{name} reserialised: {e}"));
        assert_eq!(again, element, "{name}");
        assert_eq!(again.to_xml(), element.to_xml(), "{name}");
    }
}

#[test]
fn every_stanza_fixture_round_trips_as_a_typed_stanza() {
    let mut stanzas = 0;
    for (name, text) in fixtures() {
        let element = parse_element(&text).unwrap();
        if !matches!(element.name.as_str(), "message" | "presence" | "iq") {
            continue;
        }
        stanzas += 1;
        let typed = Stanza::try_from(&element).unwrap_or_else(|e| panic!("{name}: {e}"));
        let serialised = Element::from(typed.clone()).to_xml();
        let reparsed = Stanza::try_from(&parse_element(&serialised).unwrap())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(reparsed, typed, "{name}");
        let child_count = element.child_elements().count();
        let typed_children = Element::from(typed).child_elements().count();
        assert_eq!(
            typed_children, child_count,
            "{name}: no child element is lost or invented"
        );
    }
    assert_eq!(stanzas, 40);
}

#[test]
fn reads_the_fields_of_a_muc_message() {
    let message = Message::try_from(&fixture(
        "muc-omemo-legacy-groupchat-echo.received-by-alice.xml",
    ))
    .unwrap();
    assert_eq!(message.kind, MessageKind::Groupchat);
    assert_eq!(
        message.from.unwrap().to_string(),
        "lab-omemo@conference.localhost/bob-bot"
    );
    assert_eq!(message.to.unwrap().to_string(), "alice@localhost/muc-test");
    assert_eq!(
        message.id.as_deref(),
        Some("909dd8518dac4db7ba22dffff184b9e3")
    );
    assert_eq!(message.lang.as_deref(), Some("en"));
    assert_eq!(
        message.body.as_deref(),
        Some("This message is OMEMO encrypted.")
    );
    let room: Jid = "lab-omemo@conference.localhost".parse().unwrap();
    assert_eq!(
        message.stanza_ids,
        vec![(room.clone(), "ojDF3ba9KTJTzsXzDnPJjuY2".to_owned())]
    );
    let names: Vec<&str> = message.payloads.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["store", "encrypted", "encryption", "occupant-id"]);
}

#[test]
fn reads_a_delayed_message_inside_a_mam_result() {
    let outer = Message::try_from(&fixture("muc-mam-result-omemo2.received-by-alice.xml")).unwrap();
    let result = outer.payloads.first().unwrap();
    assert!(result.is("result", "urn:xmpp:mam:2"));
    let forwarded = result.get_child("forwarded", "urn:xmpp:forward:0").unwrap();
    let delay = forwarded.get_child("delay", "urn:xmpp:delay").unwrap();
    assert_eq!(
        parse_datetime(delay.attr("stamp").unwrap()),
        Ok(1_795_504_385_000)
    );
    let inner =
        Message::try_from(forwarded.get_child("message", "jabber:client").unwrap()).unwrap();
    assert_eq!(inner.kind, MessageKind::Groupchat);
    assert_eq!(
        inner.body.as_deref(),
        Some("This message is OMEMO:2 encrypted.")
    );
    assert!(inner
        .payloads
        .iter()
        .any(|p| p.is("encrypted", "urn:xmpp:omemo:2")));
}

#[test]
fn reads_a_message_without_body_and_its_archive_id() {
    let message =
        Message::try_from(&fixture("omemo2-empty-message.received-by-alice.xml")).unwrap();
    assert_eq!(message.kind, MessageKind::Normal);
    assert_eq!(message.body, None);
    let own: Jid = "alice@localhost".parse().unwrap();
    assert_eq!(message.stanza_id_by(&own), Some("Tnvi0Sp0i4pkfPCs3kgTDJga"));
}

#[test]
fn reads_muc_self_presence() {
    let presence = Presence::try_from(&fixture("muc-self-presence.alice.xml")).unwrap();
    assert_eq!(presence.kind, PresenceKind::Available);
    assert_eq!(presence.show, None);
    assert_eq!(presence.priority, 0);
    assert_eq!(presence.from.unwrap().resource(), Some("alice"));
    let muc = presence
        .payloads
        .iter()
        .find(|p| p.is("x", "http://jabber.org/protocol/muc#user"))
        .unwrap();
    let codes: Vec<&str> = muc
        .children_named("status", "http://jabber.org/protocol/muc#user")
        .filter_map(|s| s.attr("code"))
        .collect();
    assert_eq!(codes, ["100", "110"]);
}

#[test]
fn reads_iq_results_and_requests() {
    let disco = Iq::try_from(&fixture("disco-info.account.xml")).unwrap();
    assert_eq!(disco.kind, IqKind::Result);
    assert_eq!(disco.id, "2dd2a29b6a9b428f9559dc4fbda9eab5");
    assert_eq!(
        disco.payload_name(),
        Some(("query", "http://jabber.org/protocol/disco#info"))
    );
    let publish = Iq::try_from(&fixture("pep-publish-twomemo-devicelist.iq.xml")).unwrap();
    assert_eq!(publish.kind, IqKind::Set);
    assert_eq!(publish.to.as_ref().unwrap().to_string(), "alice@localhost");
    assert_eq!(
        publish.payload_name(),
        Some(("pubsub", "http://jabber.org/protocol/pubsub"))
    );
}
