#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Typed stanzas and errors: what they read, what they write, what they refuse, and
//! parse(serialise(x)) == x for generated values.

use proptest::prelude::*;
use xmpp_protocol::payload::ParseError;
use xmpp_protocol::xml::{parse_element, Element};
use xmpp_protocol::{
    BareJid, ErrorCondition, ErrorType, Iq, IqKind, Jid, Message, MessageKind, Presence,
    PresenceKind, Show, StanzaError, StreamError, StreamErrorCondition,
};

fn parse<T: for<'a> TryFrom<&'a Element, Error = ParseError>>(xml: &str) -> Result<T, ParseError> {
    T::try_from(&parse_element(xml).unwrap())
}

fn round_trip<T>(value: T) -> T
where
    T: for<'a> TryFrom<&'a Element, Error = ParseError> + Into<Element>,
{
    let xml = value.into().to_xml();
    parse(&xml).unwrap_or_else(|e| panic!("{xml}: {e}"))
}

#[test]
fn chat_message_is_written_as_servers_expect() {
    let message = Message::chat("bob@example.org".parse().unwrap(), "hi <3 & bye", "m1");
    assert_eq!(
        Element::from(message.clone()).to_xml(),
        r#"<message xmlns="jabber:client" to="bob@example.org" id="m1" type="chat"><body>hi &lt;3 &amp; bye</body><origin-id xmlns="urn:xmpp:sid:0" id="m1"/></message>"#
    );
    assert_eq!(round_trip(message.clone()), message);
}

#[test]
fn message_reads_core_fields_and_extensions() {
    let message: Message = parse(
        r#"<message xmlns="jabber:client" from="Juliet@Example.com/balcony" to="romeo@example.net" id="x1" type="chat" xml:lang="en">
            <subject>Plans</subject><body>Wherefore art thou?</body><body xml:lang="de">Wo bist du?</body>
            <thread>e0ffe42b28561960c6b12b944a092794b9683a38</thread>
            <origin-id xmlns="urn:xmpp:sid:0" id="o1"/>
            <stanza-id xmlns="urn:xmpp:sid:0" id="s1" by="romeo@example.net"/>
            <stanza-id xmlns="urn:xmpp:sid:0" id="s2" by="room@muc.example.net"/>
            <delay xmlns="urn:xmpp:delay" from="example.com" stamp="2002-09-10T23:08:25Z">Offline Storage</delay>
            <request xmlns="urn:xmpp:receipts"/>
        </message>"#,
    )
    .unwrap();
    assert_eq!(
        message.from.as_ref().unwrap().to_string(),
        "juliet@example.com/balcony"
    );
    assert_eq!(message.kind, MessageKind::Chat);
    assert_eq!(message.lang.as_deref(), Some("en"));
    assert_eq!(message.subject.as_deref(), Some("Plans"));
    assert_eq!(message.body.as_deref(), Some("Wherefore art thou?"));
    assert_eq!(
        message.thread.as_deref(),
        Some("e0ffe42b28561960c6b12b944a092794b9683a38")
    );
    assert_eq!(message.origin_id.as_deref(), Some("o1"));
    assert_eq!(
        message.stanza_id_by(&"romeo@example.net".parse().unwrap()),
        Some("s1")
    );
    assert_eq!(message.stanza_ids.len(), 2);
    assert_eq!(message.delay, Some(1_031_699_305_000));
    let payloads: Vec<(&str, &str)> = message
        .payloads
        .iter()
        .map(|p| (p.name.as_str(), p.ns.as_str()))
        .collect();
    assert_eq!(
        payloads,
        [("body", "jabber:client"), ("request", "urn:xmpp:receipts")]
    );
    assert_eq!(round_trip(message.clone()), message);
}

#[test]
fn message_types_and_errors() {
    let unknown: Message = parse(r#"<message xmlns="jabber:client" type="shout"/>"#).unwrap();
    assert_eq!(
        unknown.kind,
        MessageKind::Normal,
        "RFC 6121 §5.2.2: unknown types are normal"
    );
    let error: Message = parse(
        r#"<message xmlns="jabber:client" type="error" id="m1"><error type="cancel"><item-not-found xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/></error></message>"#,
    )
    .unwrap();
    assert_eq!(error.kind, MessageKind::Error);
    assert_eq!(
        error.error,
        Some(StanzaError::new(
            ErrorType::Cancel,
            ErrorCondition::ItemNotFound
        ))
    );
    assert_eq!(round_trip(error.clone()), error);
    for kind in MessageKind::ALL {
        let message = Message {
            kind: *kind,
            ..Message::default()
        };
        assert_eq!(round_trip(message.clone()), message);
    }
}

#[test]
fn malformed_extensions_stay_as_payloads() {
    let message: Message = parse(
        r#"<message xmlns="jabber:client"><delay xmlns="urn:xmpp:delay" stamp="yesterday"/><stanza-id xmlns="urn:xmpp:sid:0" id="s"/><origin-id xmlns="urn:xmpp:sid:0"/></message>"#,
    )
    .unwrap();
    assert_eq!(
        (
            message.delay,
            message.stanza_ids.len(),
            message.origin_id.as_deref()
        ),
        (None, 0, None)
    );
    assert_eq!(message.payloads.len(), 3);
}

#[test]
fn stanza_parse_errors_are_specific() {
    let not_mine = parse::<Message>(r#"<presence xmlns="jabber:client"/>"#).unwrap_err();
    assert!(not_mine.is_wrong_element());
    assert!(parse::<Message>(r#"<message xmlns="urn:other"/>"#)
        .unwrap_err()
        .is_wrong_element());
    assert!(matches!(
        parse::<Message>(r#"<message xmlns="jabber:client" from="@bad"/>"#),
        Err(ParseError::InvalidJid {
            element: "message",
            attribute: "from",
            ..
        })
    ));
    assert_eq!(
        parse::<Iq>(r#"<iq xmlns="jabber:client" type="get"><ping xmlns="urn:xmpp:ping"/></iq>"#),
        Err(ParseError::MissingAttribute {
            element: "iq",
            attribute: "id"
        })
    );
    assert_eq!(
        parse::<Iq>(r#"<iq xmlns="jabber:client" id="1"><ping xmlns="urn:xmpp:ping"/></iq>"#),
        Err(ParseError::MissingAttribute {
            element: "iq",
            attribute: "type"
        })
    );
    assert!(matches!(
        parse::<Iq>(r#"<iq xmlns="jabber:client" id="1" type="fetch"/>"#),
        Err(ParseError::InvalidAttribute {
            attribute: "type",
            ..
        })
    ));
    assert_eq!(
        parse::<Iq>(r#"<iq xmlns="jabber:client" id="1" type="get"/>"#),
        Err(ParseError::MissingChild {
            element: "iq",
            child: "payload"
        })
    );
    assert!(matches!(
        parse::<Presence>(r#"<presence xmlns="jabber:client" type="away"/>"#),
        Err(ParseError::InvalidAttribute {
            attribute: "type",
            ..
        })
    ));
    assert!(matches!(
        parse::<Presence>(r#"<presence xmlns="jabber:client" type="available"/>"#),
        Err(ParseError::InvalidAttribute {
            attribute: "type",
            ..
        })
    ));
    assert!(matches!(
        parse::<Presence>(r#"<presence xmlns="jabber:client"><show>busy</show></presence>"#),
        Err(ParseError::InvalidContent {
            element: "show",
            ..
        })
    ));
    assert!(matches!(
        parse::<Presence>(r#"<presence xmlns="jabber:client"><priority>200</priority></presence>"#),
        Err(ParseError::InvalidContent {
            element: "priority",
            ..
        })
    ));
}

#[test]
fn presence_reads_and_writes_availability() {
    assert_eq!(
        Element::from(Presence::available()).to_xml(),
        r#"<presence xmlns="jabber:client"/>"#
    );
    assert_eq!(
        Element::from(Presence::unavailable()).to_xml(),
        r#"<presence xmlns="jabber:client" type="unavailable"/>"#
    );
    let to: BareJid = "bob@example.org".parse().unwrap();
    assert_eq!(
        Element::from(Presence::subscription(PresenceKind::Subscribe, to)).to_xml(),
        r#"<presence xmlns="jabber:client" to="bob@example.org" type="subscribe"/>"#
    );
    let presence: Presence = parse(
        r#"<presence xmlns="jabber:client" from="bob@example.org/phone"><show> dnd </show><status>In a meeting</status><priority>-5</priority><c xmlns="http://jabber.org/protocol/caps" hash="sha-1" node="n" ver="v"/></presence>"#,
    )
    .unwrap();
    assert_eq!(presence.show, Some(Show::Dnd));
    assert_eq!(presence.status.as_deref(), Some("In a meeting"));
    assert_eq!(presence.priority, -5);
    assert_eq!(presence.payloads.len(), 1);
    assert_eq!(round_trip(presence.clone()), presence);
    for kind in PresenceKind::ALL {
        let presence = Presence::new(*kind);
        assert_eq!(round_trip(presence.clone()), presence);
    }
}

#[test]
fn iq_answers_address_the_requester() {
    let request: Iq = parse(r#"<iq xmlns="jabber:client" from="localhost" id="p1" type="get"><ping xmlns="urn:xmpp:ping"/></iq>"#).unwrap();
    assert!(request.is_request());
    assert_eq!(request.payload_name(), Some(("ping", "urn:xmpp:ping")));
    let result = Iq::result_for(&request, None);
    assert_eq!(
        Element::from(result).to_xml(),
        r#"<iq xmlns="jabber:client" to="localhost" id="p1" type="result"/>"#
    );
    let error = Iq::error_for(&request, StanzaError::service_unavailable());
    assert_eq!(
        Element::from(error.clone()).to_xml(),
        r#"<iq xmlns="jabber:client" to="localhost" id="p1" type="error"><error type="cancel"><service-unavailable xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/></error></iq>"#
    );
    assert_eq!(round_trip(error.clone()), error);
    assert_eq!(round_trip(request.clone()), request);
}

#[test]
fn iq_errors_echo_the_request_and_tolerate_missing_error_elements() {
    let iq: Iq = parse(
        r#"<iq xmlns="jabber:client" id="r1" type="error"><query xmlns="jabber:iq:roster"/><error type="auth"><forbidden xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/><text xmlns="urn:ietf:params:xml:ns:xmpp-stanzas">no</text></error></iq>"#,
    )
    .unwrap();
    assert_eq!(iq.kind, IqKind::Error);
    assert_eq!(iq.payload_name(), Some(("query", "jabber:iq:roster")));
    assert_eq!(
        iq.error,
        Some(StanzaError::new(ErrorType::Auth, ErrorCondition::Forbidden).with_text("no"))
    );
    let bare: Iq = parse(r#"<iq xmlns="jabber:client" id="r2" type="error"/>"#).unwrap();
    assert_eq!(bare.error, None);
}

#[test]
fn stanza_errors_keep_unknown_conditions() {
    let error: StanzaError = parse(
        r#"<error xmlns="jabber:client" type="wait"><policy-violation-2 xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/><custom xmlns="urn:app"/></error>"#,
    )
    .unwrap();
    assert_eq!(
        error.condition,
        ErrorCondition::Other("policy-violation-2".into())
    );
    assert_eq!(error.kind, ErrorType::Wait);
    assert_eq!(round_trip(error.clone()), error);
    assert_eq!(
        parse::<StanzaError>(
            r#"<error xmlns="jabber:client"><gone xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/></error>"#
        ),
        Err(ParseError::MissingAttribute {
            element: "error",
            attribute: "type"
        })
    );
    assert_eq!(
        parse::<StanzaError>(r#"<error xmlns="jabber:client" type="cancel"/>"#),
        Err(ParseError::MissingChild {
            element: "error",
            child: "condition"
        })
    );
    for condition in ErrorCondition::KNOWN {
        let error = StanzaError::new(ErrorType::Modify, condition.clone()).with_text("why");
        assert_eq!(round_trip(error.clone()), error);
    }
    assert_eq!(
        StanzaError::service_unavailable().to_string(),
        "service-unavailable (cancel)"
    );
}

#[test]
fn stream_errors_read_prosody_style() {
    let error: StreamError = parse(
        "<stream:error xmlns:stream='http://etherx.jabber.org/streams'><conflict xmlns='urn:ietf:params:xml:ns:xmpp-streams'/><text xmlns='urn:ietf:params:xml:ns:xmpp-streams'>Replaced by new connection</text></stream:error>",
    )
    .unwrap();
    assert_eq!(error.condition, StreamErrorCondition::Conflict);
    assert_eq!(error.to_string(), "conflict: Replaced by new connection");
    assert_eq!(round_trip(error.clone()), error);
    for condition in StreamErrorCondition::KNOWN {
        let error = StreamError::new(condition.clone());
        assert_eq!(round_trip(error.clone()), error);
    }
    assert!(
        parse::<StreamError>(r#"<error xmlns="jabber:client" type="cancel"/>"#)
            .unwrap_err()
            .is_wrong_element()
    );
}

fn arb_jid() -> impl Strategy<Value = Option<Jid>> {
    proptest::option::of(
        (
            "[a-z]{1,6}",
            "[a-z]{1,6}\\.[a-z]{2,3}",
            proptest::option::of("[A-Za-z0-9 ]{1,8}"),
        )
            .prop_map(|(node, domain, resource)| {
                let bare = BareJid::from_parts(Some(&node), &domain).unwrap();
                match resource {
                    Some(resource) => Jid::Full(bare.with_resource(&resource).unwrap()),
                    None => Jid::Bare(bare),
                }
            }),
    )
}

fn arb_text() -> impl Strategy<Value = Option<String>> {
    proptest::option::of("[ -~äö☃\n]{0,16}")
}

prop_compose! {
    fn arb_message()(
        from in arb_jid(), to in arb_jid(), id in proptest::option::of("[a-z0-9-]{1,10}"),
        kind in proptest::sample::select(MessageKind::ALL),
        body in arb_text(), subject in arb_text(), thread in arb_text(),
        origin_id in proptest::option::of("[a-z0-9]{1,8}"),
        stanza_ids in proptest::collection::vec((arb_jid(), "[a-z0-9]{1,8}"), 0..3),
        delay in proptest::option::of(0u64..4_102_444_800_000),
        extra in proptest::collection::vec("[a-z]{1,6}", 0..3),
    ) -> Message {
        Message {
            from, to, id, kind, lang: None, body, subject, thread, error: None, origin_id,
            stanza_ids: stanza_ids.into_iter().filter_map(|(by, id)| by.map(|by| (by, id))).collect(),
            delay,
            payloads: extra.into_iter().map(|name| Element::builder(name, "urn:example:ext").attr("k", "v").build()).collect(),
        }
    }
}

prop_compose! {
    fn arb_presence()(
        from in arb_jid(), to in arb_jid(), id in proptest::option::of("[a-z0-9-]{1,10}"),
        kind in proptest::sample::select(PresenceKind::ALL),
        show in proptest::option::of(proptest::sample::select(Show::ALL)),
        status in arb_text(), priority in any::<i8>(),
    ) -> Presence {
        Presence { from, to, id, kind, lang: Some("en".into()), show, status, priority, error: None, payloads: vec![] }
    }
}

proptest! {
    #[test]
    fn messages_survive_serialise_then_parse(message in arb_message()) {
        prop_assert_eq!(round_trip(message.clone()), message);
    }

    #[test]
    fn presences_survive_serialise_then_parse(presence in arb_presence()) {
        prop_assert_eq!(round_trip(presence.clone()), presence);
    }

    #[test]
    fn iqs_survive_serialise_then_parse(
        to in arb_jid(), id in "[a-z0-9]{1,8}",
        kind in proptest::sample::select(IqKind::ALL),
        condition in proptest::sample::select(ErrorCondition::KNOWN),
    ) {
        let payload = Element::builder("query", "urn:example:q").attr("a", "b").build();
        let iq = Iq {
            from: None, to, id, kind,
            payload: Some(payload),
            error: (kind == IqKind::Error).then(|| StanzaError::new(ErrorType::Cancel, condition.clone())),
        };
        prop_assert_eq!(round_trip(iq.clone()), iq);
    }
}
