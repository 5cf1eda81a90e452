#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Archive (XEP-0313), paging (XEP-0059) and forwarding (XEP-0297): parse → serialise → parse,
//! the captured Prosody result, and the results that must be refused.

use xmpp_protocol::mam::{ArchiveFin, ArchiveQuery, ArchiveResult, ArchiveResultError};
use xmpp_protocol::rsm::ResultSet;
use xmpp_protocol::xml::{parse_element, Element};
use xmpp_protocol::{BareJid, Message};

fn message(xml: &str) -> Message {
    Message::try_from(&parse_element(xml).unwrap()).unwrap()
}

#[test]
fn query_round_trips_with_filter_and_paging() {
    let query = ArchiveQuery {
        query_id: "q1".into(),
        with: Some("bob@example.org".parse().unwrap()),
        start: Some(1_790_000_000_000),
        set: ResultSet::after("arch-9", 50),
    };
    let element = Element::from(query.clone());
    assert!(element.to_xml().contains("<value>urn:xmpp:mam:2</value>"));
    assert_eq!(
        ArchiveQuery::try_from(&parse_element(&element.to_xml()).unwrap()).unwrap(),
        query
    );
    let last_page = ArchiveQuery {
        query_id: "q2".into(),
        with: None,
        start: None,
        set: ResultSet::before(None, 20),
    };
    let again = ArchiveQuery::try_from(&Element::from(last_page.clone())).unwrap();
    assert_eq!(again, last_page);
}

#[test]
fn reads_the_captured_prosody_result() {
    let own: BareJid = "alice@localhost".parse().unwrap();
    let captured = message(include_str!(
        "fixtures/muc-mam-result-omemo2.received-by-alice.xml"
    ));
    // A MUC archive answers from the room, which is not our own archive.
    assert!(matches!(
        ArchiveResult::from_message(&captured, &own),
        Some(Err(ArchiveResultError::NotOurArchive { .. }))
    ));
    let wrapper = captured
        .payloads
        .iter()
        .find(|p| p.name == "result")
        .unwrap();
    let result = ArchiveResult::try_from(wrapper).unwrap();
    assert_eq!(result.id, "fxa6jXiL1Agn0EUPS5fdIJ_Z");
    assert_eq!(
        result.query_id.as_deref(),
        Some("93458916c6f54bfdb47fac1582ca02f2")
    );
    assert!(result.forwarded.delay.is_some());
    assert_eq!(
        ArchiveResult::try_from(&Element::from(result.clone())).unwrap(),
        result
    );
}

#[test]
fn own_archive_results_are_accepted_and_malformed_ones_refused() {
    let own: BareJid = "alice@example.org".parse().unwrap();
    let good = message(
        "<message xmlns='jabber:client' to='alice@example.org/web'><result xmlns='urn:xmpp:mam:2' queryid='q' id='a1'>\
         <forwarded xmlns='urn:xmpp:forward:0'><delay xmlns='urn:xmpp:delay' stamp='2026-11-24T08:00:00Z'/>\
         <message xmlns='jabber:client' from='bob@example.org/x' to='alice@example.org' type='chat'><body>old</body></message>\
         </forwarded></result></message>",
    );
    let result = ArchiveResult::from_message(&good, &own).unwrap().unwrap();
    assert_eq!(result.forwarded.message.body.as_deref(), Some("old"));
    let no_message = message(
        "<message xmlns='jabber:client'><result xmlns='urn:xmpp:mam:2' queryid='q' id='a1'><forwarded xmlns='urn:xmpp:forward:0'/></result></message>",
    );
    assert!(matches!(
        ArchiveResult::from_message(&no_message, &own),
        Some(Err(ArchiveResultError::Malformed(_)))
    ));
    let forged = good.clone();
    let forged = Message {
        from: Some("mallory@example.org".parse().unwrap()),
        ..forged
    };
    assert!(matches!(
        ArchiveResult::from_message(&forged, &own),
        Some(Err(ArchiveResultError::NotOurArchive { .. }))
    ));
}

#[test]
fn fin_and_result_sets_round_trip() {
    let fin = ArchiveFin {
        complete: true,
        set: ResultSet {
            first: Some("a1".into()),
            last: Some("a9".into()),
            count: Some(9),
            ..ResultSet::default()
        },
    };
    assert_eq!(
        ArchiveFin::try_from(&parse_element(&Element::from(fin.clone()).to_xml()).unwrap())
            .unwrap(),
        fin
    );
    let bad =
        parse_element("<set xmlns='http://jabber.org/protocol/rsm'><count>many</count></set>")
            .unwrap();
    assert!(!ResultSet::try_from(&bad).unwrap_err().is_wrong_element());
}
