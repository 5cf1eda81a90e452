#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! What the OMEMO builders write: fetch requests, node configuration after
//! `precondition-not-met`, the classification of publish errors, the clear-text companions of
//! an encrypted message, and SCE envelopes.

mod omemo_common;

use omemo_common::assert_same_xml;
use xmpp_protocol::ns;
use xmpp_protocol::omemo::publish::{
    legacy_bundle_node, legacy_bundle_node_device, omemo2_bundles_options, single_item_options,
    LEGACY_DEVICE_LIST_NODE, NOTIFY_FEATURES, OMEMO2_DEVICES_NODE,
};
use xmpp_protocol::omemo::{
    DataForm, DeviceId, Encryption, Envelope, FormKind, ItemsRequest, LegacyDeviceList,
    LegacyEncrypted, LegacyKey, NodeConfiguration, Omemo2Device, Omemo2DeviceList, OmemoEncrypted,
    PublishFailure, PublishRecovery, PublishRequest, StoreHint, FALLBACK_BODY,
};
use xmpp_protocol::stanza::{ErrorCondition, ErrorType, StanzaError};
use xmpp_protocol::xml::{parse_element, Element};
use xmpp_protocol::{BareJid, Message, MessageKind};

fn id(value: u32) -> DeviceId {
    DeviceId::new(value).unwrap()
}

fn xml(text: &str) -> Element {
    parse_element(text).unwrap()
}

#[test]
fn fetch_requests_name_the_right_nodes() {
    let cases = [
        (
            ItemsRequest::legacy_device_list(),
            r#"<pubsub xmlns="http://jabber.org/protocol/pubsub"><items node="eu.siacs.conversations.axolotl.devicelist"/></pubsub>"#,
        ),
        (
            ItemsRequest::omemo2_device_list(),
            r#"<pubsub xmlns="http://jabber.org/protocol/pubsub"><items node="urn:xmpp:omemo:2:devices"/></pubsub>"#,
        ),
        (
            ItemsRequest::legacy_bundle(id(1_768_406_947)),
            r#"<pubsub xmlns="http://jabber.org/protocol/pubsub"><items node="eu.siacs.conversations.axolotl.bundles:1768406947" max_items="1"/></pubsub>"#,
        ),
        (
            ItemsRequest::omemo2_bundle(id(42)),
            r#"<pubsub xmlns="http://jabber.org/protocol/pubsub"><items node="urn:xmpp:omemo:2:bundles"><item id="42"/></items></pubsub>"#,
        ),
    ];
    for (request, expected) in cases {
        let written = Element::from(&request);
        assert_same_xml(&xml(expected), &written, expected);
        assert_eq!(ItemsRequest::try_from(&written).unwrap(), request);
    }
}

#[test]
fn notify_features_subscribe_to_both_device_list_nodes() {
    let expected: Vec<String> = [LEGACY_DEVICE_LIST_NODE, OMEMO2_DEVICES_NODE]
        .iter()
        .map(|node| format!("{node}+notify"))
        .collect();
    assert_eq!(NOTIFY_FEATURES.to_vec(), expected);
}

#[test]
fn legacy_bundle_nodes_carry_the_device_id() {
    assert_eq!(
        legacy_bundle_node(id(7)),
        "eu.siacs.conversations.axolotl.bundles:7"
    );
    assert_eq!(
        legacy_bundle_node_device("eu.siacs.conversations.axolotl.bundles:7"),
        Some(Ok(id(7)))
    );
    assert!(matches!(
        legacy_bundle_node_device("eu.siacs.conversations.axolotl.bundles:0"),
        Some(Err(_))
    ));
    assert_eq!(
        legacy_bundle_node_device("eu.siacs.conversations.axolotl.devicelist"),
        None
    );
}

#[test]
fn publish_options_make_nodes_open_and_bundles_multi_item() {
    let single = single_item_options();
    assert_eq!(single.kind, FormKind::Submit);
    assert_eq!(single.form_type(), Some(ns::PUBSUB_PUBLISH_OPTIONS));
    assert_eq!(single.value("pubsub#access_model"), Some("open"));
    assert_eq!(single.value("pubsub#max_items"), Some("1"));
    assert_eq!(
        omemo2_bundles_options().value("pubsub#max_items"),
        Some("max")
    );

    let list = Omemo2DeviceList::new(vec![Omemo2Device {
        label: Some("Browser".into()),
        ..Omemo2Device::new(id(9))
    }]);
    let request = PublishRequest::omemo2_device_list(&list);
    assert_eq!(request.node, "urn:xmpp:omemo:2:devices");
    assert_eq!(request.item.id.as_deref(), Some("current"));
    let again = PublishRequest::try_from(&xml(&Element::from(&request).to_xml())).unwrap();
    assert_eq!(again, request);
    assert_eq!(
        Omemo2DeviceList::try_from(again.item.payload.as_ref().unwrap()).unwrap(),
        list
    );
}

#[test]
fn a_refused_option_can_be_dropped_and_the_node_configured_instead() {
    let request = PublishRequest::legacy_device_list(&LegacyDeviceList::new(vec![id(5)]));
    let retry = request.without_option("pubsub#max_items");
    let options = retry.options.as_ref().unwrap();
    assert_eq!(options.value("pubsub#max_items"), None);
    assert_eq!(options.value("pubsub#access_model"), Some("open"));
    assert_eq!(retry.item, request.item);

    let bundles = PublishRequest {
        node: "urn:xmpp:omemo:2:bundles".into(),
        options: Some(omemo2_bundles_options()),
        ..request.clone()
    };
    let configure = NodeConfiguration::matching(&bundles);
    assert_eq!(configure.node, "urn:xmpp:omemo:2:bundles");
    let form = configure.form.as_ref().unwrap();
    assert_eq!(
        (form.kind, form.form_type()),
        (FormKind::Submit, Some(ns::PUBSUB_NODE_CONFIG))
    );
    assert_eq!(form.value("pubsub#max_items"), Some("max"));
    assert_eq!(form.value("pubsub#access_model"), Some("open"));
    assert_eq!(
        form.fields
            .iter()
            .filter(|f| f.var.as_deref() == Some("FORM_TYPE"))
            .count(),
        1
    );
    let written = Element::from(&configure);
    assert!(written.is("pubsub", ns::PUBSUB_OWNER));
    assert_eq!(NodeConfiguration::try_from(&written).unwrap(), configure);

    let ask = Element::from(NodeConfiguration::request("urn:xmpp:omemo:2:bundles"));
    let expected = r#"<pubsub xmlns="http://jabber.org/protocol/pubsub#owner"><configure node="urn:xmpp:omemo:2:bundles"/></pubsub>"#;
    assert_same_xml(&xml(expected), &ask, "configure request");
}

#[test]
fn publish_errors_are_classified_for_the_retry_strategy() {
    let prosody = xml(
        r#"<iq xmlns="jabber:client" type="error" id="p1"><pubsub xmlns="http://jabber.org/protocol/pubsub"/><error type="cancel"><conflict xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/><precondition-not-met xmlns="http://jabber.org/protocol/pubsub#errors"/></error></iq>"#,
    );
    assert_eq!(
        PublishFailure::from_iq_element(&prosody),
        Some(Ok(PublishFailure::PreconditionNotMet))
    );
    let ejabberd = xml(
        r#"<iq xmlns="jabber:client" type="error" id="p2"><error type="wait"><resource-constraint xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/><text xmlns="urn:ietf:params:xml:ns:xmpp-stanzas">Unsupported publish-option: pubsub#max_items</text></error></iq>"#,
    );
    assert_eq!(
        PublishFailure::from_iq_element(&ejabberd),
        Some(Ok(PublishFailure::OptionRefused))
    );
    let forbidden = xml(
        r#"<error xmlns="jabber:client" type="auth"><forbidden xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/></error>"#,
    );
    assert_eq!(
        PublishFailure::from_error_element(&forbidden),
        Ok(PublishFailure::Other(ErrorCondition::Forbidden))
    );
    let typed = StanzaError::new(ErrorType::Cancel, ErrorCondition::Conflict);
    assert_eq!(
        PublishFailure::from_stanza_error(&typed),
        PublishFailure::PreconditionNotMet
    );
    let broken = xml(r#"<error xmlns="jabber:client"/>"#);
    assert!(PublishFailure::from_error_element(&broken).is_err());
    assert_eq!(
        PublishFailure::from_iq_element(&xml(
            r#"<iq xmlns="jabber:client" type="result" id="r"/>"#
        )),
        None
    );
}

#[test]
fn each_server_refusal_has_its_recovery() {
    let bundles = PublishRequest {
        node: "urn:xmpp:omemo:2:bundles".into(),
        options: Some(omemo2_bundles_options()),
        ..PublishRequest::legacy_device_list(&LegacyDeviceList::new(vec![id(7)]))
    };
    let prosody = StanzaError::new(ErrorType::Cancel, ErrorCondition::Conflict);
    assert_eq!(
        bundles.recovery(Some(&prosody)),
        PublishRecovery::ConfigureThenRepublish
    );
    // ejabberd 23.01: the item goes out with only the options it knows, the node is
    // configured after.
    let ejabberd = StanzaError::new(ErrorType::Wait, ErrorCondition::ResourceConstraint);
    let PublishRecovery::PublishReducedThenConfigure(reduced) = bundles.recovery(Some(&ejabberd))
    else {
        panic!("resource-constraint must drop the options ejabberd refuses");
    };
    assert_eq!(reduced.item, bundles.item);
    let options = reduced.options.as_ref().unwrap();
    assert_eq!(options.value("pubsub#max_items"), None);
    assert_eq!(options.value("pubsub#access_model"), Some("open"));
    assert_eq!(options.form_type(), Some(ns::PUBSUB_PUBLISH_OPTIONS));
    // Once only those are left, the same refusal has no further remedy: no loop.
    assert_eq!(reduced.recovery(Some(&ejabberd)), PublishRecovery::GiveUp);
    let bookmark_like = PublishRequest {
        options: Some(DataForm::submit(
            ns::PUBSUB_PUBLISH_OPTIONS,
            [
                ("pubsub#persist_items", "true"),
                ("pubsub#send_last_published_item", "never"),
                ("pubsub#access_model", "whitelist"),
            ],
        )),
        ..bundles.clone()
    };
    let PublishRecovery::PublishReducedThenConfigure(reduced) =
        bookmark_like.recovery(Some(&ejabberd))
    else {
        panic!("send_last_published_item is refused by ejabberd too");
    };
    let vars: Vec<_> = reduced
        .options
        .as_ref()
        .unwrap()
        .fields
        .iter()
        .filter_map(|f| f.var.clone())
        .collect();
    assert_eq!(
        vars,
        ["FORM_TYPE", "pubsub#persist_items", "pubsub#access_model"]
    );
    let forbidden = StanzaError::new(ErrorType::Auth, ErrorCondition::Forbidden);
    assert_eq!(bundles.recovery(Some(&forbidden)), PublishRecovery::GiveUp);
    assert_eq!(bundles.recovery(None), PublishRecovery::GiveUp);
}

fn sample_encrypted(payload: Option<Vec<u8>>) -> OmemoEncrypted {
    OmemoEncrypted::Legacy(LegacyEncrypted {
        sid: id(1),
        keys: vec![LegacyKey {
            rid: id(2),
            prekey: false,
            data: vec![0x33, 1, 2, 3],
        }],
        iv: vec![7; 12],
        payload,
    })
}

#[test]
fn encrypted_messages_carry_fallback_body_store_hint_and_eme() {
    let mut message = Message {
        to: Some("bob@example.org".parse().unwrap()),
        kind: MessageKind::Chat,
        ..Message::default()
    };
    sample_encrypted(Some(vec![9; 5])).attach_to(&mut message);
    assert_eq!(message.body.as_deref(), Some(FALLBACK_BODY));
    let reread = Message::try_from(&xml(&Element::from(&message).to_xml())).unwrap();
    assert_eq!(reread.find_payload::<StoreHint>(), Some(Ok(StoreHint)));
    assert_eq!(
        reread.find_payload::<Encryption>(),
        Some(Ok(Encryption::legacy_omemo()))
    );
    assert_eq!(
        OmemoEncrypted::all_in(&reread),
        vec![Ok(sample_encrypted(Some(vec![9; 5])))]
    );

    let mut transport = Message::default();
    sample_encrypted(None).attach_to(&mut transport);
    assert_eq!(transport.body, None, "key transport messages have no body");
    assert_eq!(transport.find_payload::<Encryption>(), None);
    assert_eq!(transport.find_payload::<StoreHint>(), Some(Ok(StoreHint)));

    let eme = Element::from(Encryption::omemo2());
    assert_same_xml(
        &xml(r#"<encryption xmlns="urn:xmpp:eme:0" namespace="urn:xmpp:omemo:2" name="OMEMO"/>"#),
        &eme,
        "eme",
    );
    let converse_style = Encryption::try_from(&xml(
        r#"<encryption xmlns="urn:xmpp:eme:0" namespace="urn:xmpp:omemo:2"/>"#,
    ))
    .unwrap();
    assert!(converse_style.is_omemo() && converse_style.name.is_none());
}

#[test]
fn mixed_stanzas_list_omemo2_first() {
    let omemo2 = xml(
        r#"<encrypted xmlns="urn:xmpp:omemo:2"><header sid="3"><keys jid="a@b"><key rid="4">AQID</key></keys></header></encrypted>"#,
    );
    let message = Message {
        payloads: vec![Element::from(sample_encrypted(None)), omemo2],
        ..Message::default()
    };
    let found: Vec<bool> = OmemoEncrypted::all_in(&message)
        .into_iter()
        .map(|r| matches!(r, Ok(OmemoEncrypted::Omemo2(_))))
        .collect();
    assert_eq!(found, [true, false]);
}

#[test]
fn envelopes_are_built_with_padding_and_checked_on_receipt() {
    let alice: BareJid = "alice@example.org".parse().unwrap();
    let room: BareJid = "room@muc.example.org".parse().unwrap();
    let rpad = Envelope::rpad_from_random(&[0xfb, 0xff, 0x00, 0x10]);
    assert_eq!(rpad, "-_8AEA", "URL-safe, unpadded");
    let time = xmpp_protocol::parse_datetime("2026-01-01T00:00:00Z").unwrap();
    let envelope = Envelope::with_body(
        "Hi <all> & \"you\"",
        rpad.clone(),
        alice.clone(),
        Some(room.clone().into()),
        Some(time),
    );
    let plaintext = envelope.to_plaintext();
    let read = Envelope::from_plaintext(&plaintext).unwrap();
    assert_eq!(read, envelope);
    assert_eq!(read.body().as_deref(), Some("Hi <all> & \"you\""));
    assert_eq!(read.rpad.as_deref(), Some(rpad.as_str()));
    read.validate(&alice, &room, true).unwrap();
    let expected = format!(
        r#"<envelope xmlns="urn:xmpp:sce:1"><content><body xmlns="jabber:client">Hi &lt;all&gt; &amp; "you"</body></content><rpad>{rpad}</rpad><from jid="alice@example.org"/><to jid="room@muc.example.org"/><time stamp="2026-01-01T00:00:00Z"/></envelope>"#
    );
    assert_same_xml(&xml(&expected), &Element::from(&envelope), "envelope");
}

#[test]
fn forbidden_envelope_content_is_not_offered() {
    let plaintext = br#"<envelope xmlns="urn:xmpp:sce:1"><content><store xmlns="urn:xmpp:hints"/><origin-id xmlns="urn:xmpp:sid:0" id="x"/><body xmlns="jabber:client">hi</body><reply xmlns="urn:xmpp:reply:0" id="y"/><encryption xmlns="urn:xmpp:eme:0" namespace="x"/></content><rpad>p</rpad></envelope>"#;
    let envelope = Envelope::from_plaintext(plaintext).unwrap();
    assert_eq!(envelope.content.len(), 5, "everything is kept as received");
    let allowed: Vec<&str> = envelope
        .allowed_content()
        .map(|e| e.name.as_str())
        .collect();
    assert_eq!(allowed, ["body", "reply"]);
}

#[test]
fn data_forms_round_trip_and_retype() {
    let form = DataForm::submit(
        ns::PUBSUB_PUBLISH_OPTIONS,
        [("pubsub#access_model", "open")],
    );
    let written = Element::from(&form);
    let expected = r#"<x xmlns="jabber:x:data" type="submit"><field var="FORM_TYPE" type="hidden"><value>http://jabber.org/protocol/pubsub#publish-options</value></field><field var="pubsub#access_model"><value>open</value></field></x>"#;
    assert_same_xml(&xml(expected), &written, "form");
    assert_eq!(DataForm::try_from(&written).unwrap(), form);
    let retyped = form.retyped(ns::PUBSUB_NODE_CONFIG);
    assert_eq!(retyped.form_type(), Some(ns::PUBSUB_NODE_CONFIG));
    assert_eq!(retyped.value("pubsub#access_model"), Some("open"));
    assert_eq!(retyped.fields.len(), 2);
    assert!(DataForm::try_from(&xml(r#"<x xmlns="jabber:x:data" type="bogus"/>"#)).is_err());
    assert!(DataForm::try_from(&xml(r#"<x xmlns="jabber:x:data"/>"#)).is_err());
}
