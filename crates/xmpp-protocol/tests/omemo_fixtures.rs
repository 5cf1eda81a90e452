#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Every OMEMO-related stanza captured from Prosody and slixmpp-omemo: each OMEMO element in it
//! survives parse → serialise → parse, says the same thing after serialisation, and reads as
//! the values the capture shows.

mod omemo_common;

use omemo_common::{assert_same_xml, b64, descendants, fixture, fixtures_with_prefix, round_trip};
use xmpp_protocol::ns;
use xmpp_protocol::omemo::publish::{legacy_bundle_node, OMEMO2_BUNDLES_NODE};
use xmpp_protocol::omemo::{
    DataForm, DeviceId, Encryption, Envelope, ItemsEvent, ItemsResult, LegacyBundle,
    LegacyDeviceList, LegacyEncrypted, NodeConfiguration, Omemo2Bundle, Omemo2DeviceList,
    Omemo2Encrypted, OmemoEncrypted, OmemoNodeContent, PublishRequest, StoreHint,
};
use xmpp_protocol::xml::Element;
use xmpp_protocol::{BareJid, Iq, Message};

const MESSAGE_PREFIXES: [&str; 5] = [
    "omemo-legacy-",
    "omemo2-1to1-",
    "omemo2-empty-",
    "muc-omemo",
    "muc-mam-result-omemo",
];

fn id(value: u32) -> DeviceId {
    DeviceId::new(value).unwrap()
}

fn iq_payload(name: &str) -> Element {
    Iq::try_from(&fixture(name)).unwrap().payload.unwrap()
}

#[test]
fn every_captured_encrypted_element_round_trips() {
    let (mut legacy, mut omemo2, mut eme, mut store) = (0, 0, 0, 0);
    for (name, stanza) in fixtures_with_prefix(&MESSAGE_PREFIXES) {
        for element in descendants(&stanza, "encrypted", ns::OMEMO_LEGACY) {
            let typed: LegacyEncrypted = round_trip(element, &name);
            assert_eq!(typed.iv.len(), 12, "{name}");
            legacy += 1;
        }
        for element in descendants(&stanza, "encrypted", ns::OMEMO2) {
            let typed: Omemo2Encrypted = round_trip(element, &name);
            assert!(typed.key_count() > 0, "{name}");
            omemo2 += 1;
        }
        for element in descendants(&stanza, "encryption", ns::EME) {
            let typed: Encryption = round_trip(element, &name);
            assert!(typed.is_omemo(), "{name}");
            assert_eq!(typed.name.as_deref(), Some("OMEMO"), "{name}");
            eme += 1;
        }
        for element in descendants(&stanza, "store", ns::HINTS) {
            assert_eq!(StoreHint::try_from(element).unwrap(), StoreHint);
            assert_same_xml(element, &Element::from(StoreHint), &name);
            store += 1;
        }
    }
    assert_eq!(
        (legacy, omemo2),
        (13, 10),
        "every captured <encrypted> was visited"
    );
    assert_eq!(eme, 21, "the two body-less messages carry no EME");
    assert_eq!(store, 23, "every OMEMO message carries the store hint");
}

#[test]
fn messages_expose_their_encrypted_payload_and_its_eme_marker() {
    for (name, stanza) in fixtures_with_prefix(&MESSAGE_PREFIXES) {
        if name.starts_with("muc-mam-") {
            continue;
        }
        let message = Message::try_from(&stanza).unwrap();
        let found = OmemoEncrypted::all_in(&message);
        assert_eq!(found.len(), 1, "{name}");
        let encrypted = found.into_iter().next().unwrap().unwrap();
        let eme = message.find_payload::<Encryption>().transpose().unwrap();
        if encrypted.has_payload() {
            assert_eq!(eme, Some(encrypted.encryption()), "{name}");
            assert!(message.body.is_some(), "{name}: fallback body");
        } else {
            assert_eq!(eme, None, "{name}");
        }
    }
}

#[test]
fn legacy_prekey_message_reads_as_captured() {
    let message = Message::try_from(&fixture(
        "omemo-legacy-1to1-message.prekey.sent-by-alice.xml",
    ))
    .unwrap();
    let encrypted: LegacyEncrypted = message.find_payload().unwrap().unwrap();
    assert_eq!(encrypted.sid, id(2_012_765_071));
    assert_eq!(encrypted.keys.len(), 1);
    let key = &encrypted.keys[0];
    assert_eq!((key.rid, key.prekey), (id(1_768_406_947), true));
    assert_eq!(key.data[0], 0x33, "libsignal version byte");
    assert_eq!(encrypted.iv, b64("gYRZtiFO/gsN7bF+"));
    assert_eq!(encrypted.payload, Some(b64("PTkiiHhfHRQi/EjaI2iS")));
    assert!(!encrypted.is_key_transport());
}

#[test]
fn legacy_key_transport_has_no_payload() {
    let message = Message::try_from(&fixture(
        "omemo-legacy-empty-keytransport.received-by-alice.xml",
    ))
    .unwrap();
    let encrypted: LegacyEncrypted = message.find_payload().unwrap().unwrap();
    assert!(encrypted.is_key_transport());
    assert_eq!(encrypted.sid, id(1_768_406_947));
    assert_eq!(encrypted.keys_for(id(2_012_765_071)).count(), 1);
    assert!(!encrypted.keys[0].prekey);
}

#[test]
fn legacy_group_message_addresses_every_member_device() {
    let outer = fixture("muc-mam-result-omemo-legacy.received-by-alice.xml");
    let element = descendants(&outer, "encrypted", ns::OMEMO_LEGACY)[0];
    let encrypted = LegacyEncrypted::try_from(element).unwrap();
    let rids: Vec<(u32, bool)> = encrypted
        .keys
        .iter()
        .map(|key| (key.rid.get(), key.prekey))
        .collect();
    assert_eq!(
        rids,
        [
            (1_768_406_947, false),
            (1_804_257_753, true),
            (518_790_576, true)
        ]
    );
}

#[test]
fn omemo2_group_message_groups_keys_by_account() {
    let stanza = fixture("muc-omemo2-groupchat.sent-by-alice.xml");
    let message = Message::try_from(&stanza).unwrap();
    let encrypted: Omemo2Encrypted = message.find_payload().unwrap().unwrap();
    assert_eq!(encrypted.sid, id(2_012_765_071));
    let jids: Vec<String> = encrypted
        .recipients
        .iter()
        .map(|r| r.jid.to_string())
        .collect();
    assert_eq!(jids, ["bob@localhost", "carol@localhost"]);
    assert_eq!(encrypted.key_count(), 3);
    let bob: BareJid = "bob@localhost".parse().unwrap();
    assert!(encrypted.key_for(&bob, id(1_804_257_753)).unwrap().kex);
    assert!(!encrypted.key_for(&bob, id(1_768_406_947)).unwrap().kex);
    assert!(
        encrypted.key_for(&bob, id(518_790_576)).is_none(),
        "carol's device is not bob's"
    );
    let payload_text = descendants(&stanza, "payload", ns::OMEMO2)[0].text();
    assert_eq!(encrypted.payload, Some(b64(&payload_text)));
}

#[test]
fn omemo2_empty_message_has_only_a_header() {
    let message =
        Message::try_from(&fixture("omemo2-empty-message.received-by-alice.xml")).unwrap();
    let encrypted: Omemo2Encrypted = message.find_payload().unwrap().unwrap();
    assert!(encrypted.is_empty_message());
    assert_eq!(encrypted.recipients[0].jid.to_string(), "alice@localhost");
}

#[test]
fn device_list_events_and_results_round_trip() {
    let cases = [
        ("pep-event-oldmemo-devicelist.headline.xml", true),
        ("pep-event-twomemo-devicelist.headline.xml", true),
        ("pubsub-oldmemo-devicelist.iq-result.xml", false),
        ("pubsub-twomemo-devicelist.iq-result.xml", false),
    ];
    for (name, is_event) in cases {
        let (node, items) = if is_event {
            let message = Message::try_from(&fixture(name)).unwrap();
            let event_element = message
                .payloads
                .iter()
                .find(|p| p.is("event", ns::PUBSUB_EVENT))
                .unwrap();
            let event: ItemsEvent = round_trip(event_element, name);
            assert_eq!(
                event.items[0].publisher.as_ref().unwrap().to_string(),
                "bob@localhost"
            );
            (event.node, event.items)
        } else {
            let result: ItemsResult = round_trip(&iq_payload(name), name);
            (result.node, result.items)
        };
        let payload = items[0].payload.as_ref().unwrap();
        let ids: Vec<DeviceId> = match OmemoNodeContent::from_items(&node, &items)
            .unwrap()
            .unwrap()
        {
            OmemoNodeContent::LegacyDeviceList(list) => {
                let _: LegacyDeviceList = round_trip(payload, name);
                list.devices
            }
            OmemoNodeContent::Omemo2DeviceList(list) => {
                let _: Omemo2DeviceList = round_trip(payload, name);
                list.ids().collect()
            }
            other => panic!("{name}: {other:?}"),
        };
        assert_eq!(ids, [id(1_768_406_947)], "{name}");
        assert_eq!(items[0].id.as_deref(), Some("current"));
    }
}

#[test]
fn fetched_bundles_round_trip_and_read_as_captured() {
    let name = "pubsub-oldmemo-bundle.iq-result.xml";
    let result: ItemsResult = round_trip(&iq_payload(name), name);
    assert_eq!(result.node, legacy_bundle_node(id(1_768_406_947)));
    let bundle_element = result.items[0].payload.as_ref().unwrap();
    let bundle: LegacyBundle = round_trip(bundle_element, name);
    let expected_prekeys = descendants(bundle_element, "preKeyPublic", ns::OMEMO_LEGACY).len();
    assert_eq!(bundle.pre_keys.len(), expected_prekeys);
    assert_eq!(bundle.signed_pre_key_id, 1);
    assert_eq!(
        bundle.identity_key,
        b64("BdnhX6OlBAyG5rmw/0BGrlTjvkVURutoRcjS4/aH32VP")
    );
    assert!(bundle.pre_key(14).is_some());
    match OmemoNodeContent::from_items(&result.node, &result.items)
        .unwrap()
        .unwrap()
    {
        OmemoNodeContent::LegacyBundle {
            device,
            bundle: read,
        } => assert_eq!((device, read), (id(1_768_406_947), bundle)),
        other => panic!("{other:?}"),
    }

    let name = "pubsub-twomemo-bundle.iq-result.xml";
    let result: ItemsResult = round_trip(&iq_payload(name), name);
    assert_eq!(result.node, OMEMO2_BUNDLES_NODE);
    let bundle_element = result.items[0].payload.as_ref().unwrap();
    let bundle: Omemo2Bundle = round_trip(bundle_element, name);
    assert_eq!(
        bundle.pre_keys.len(),
        descendants(bundle_element, "pk", ns::OMEMO2).len()
    );
    assert_eq!(
        bundle.identity_key,
        b64("9qUn457IRwEK1zoGc3z/6ULIzGaVcCrRlpwehgzHBhA=")
    );
    match OmemoNodeContent::from_items(&result.node, &result.items)
        .unwrap()
        .unwrap()
    {
        OmemoNodeContent::Omemo2Bundles(bundles) => {
            assert_eq!(bundles, [(id(1_768_406_947), bundle)])
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn captured_publishes_round_trip_and_match_what_the_builders_write() {
    let own = id(2_012_765_071);
    for name in [
        "pep-publish-oldmemo-devicelist.iq.xml",
        "pep-publish-twomemo-devicelist.iq.xml",
        "pep-publish-oldmemo-bundle.iq.xml",
        "pep-publish-twomemo-bundle.iq.xml",
    ] {
        let payload = iq_payload(name);
        let request: PublishRequest = round_trip(&payload, name);
        let item = request.item.payload.as_ref().unwrap();
        let built = if name.contains("oldmemo-devicelist") {
            PublishRequest::legacy_device_list(&LegacyDeviceList::try_from(item).unwrap())
        } else if name.contains("twomemo-devicelist") {
            PublishRequest::omemo2_device_list(&Omemo2DeviceList::try_from(item).unwrap())
        } else if name.contains("oldmemo-bundle") {
            PublishRequest::legacy_bundle(own, &LegacyBundle::try_from(item).unwrap())
        } else {
            PublishRequest::omemo2_bundle(own, &Omemo2Bundle::try_from(item).unwrap())
        };
        assert_eq!(built, request, "{name}");
        assert_same_xml(&payload, &Element::from(&built), name);
    }
}

#[test]
fn captured_node_configuration_forms_read_their_values() {
    for (name, node, max_items) in [
        (
            "pep-node-config-oldmemo-devicelist.iq-result.xml",
            "eu.siacs.conversations.axolotl.devicelist",
            "1",
        ),
        (
            "pep-node-config-twomemo-bundles.iq-result.xml",
            OMEMO2_BUNDLES_NODE,
            "max",
        ),
    ] {
        let payload = iq_payload(name);
        let configuration = NodeConfiguration::try_from(&payload).unwrap();
        assert_eq!(configuration.node, node);
        let form = configuration.form.as_ref().unwrap();
        assert_eq!(form.form_type(), Some(ns::PUBSUB_NODE_CONFIG));
        assert_eq!(form.value("pubsub#access_model"), Some("open"));
        assert_eq!(form.value("pubsub#max_items"), Some(max_items));
        assert_eq!(form.fields.len(), 14);
        let field = form.field("pubsub#max_items").unwrap();
        assert_eq!(
            (field.kind.as_deref(), field.label.as_deref()),
            (Some("text-single"), Some("Max # of items to persist"))
        );
        // Options and validation hints are not kept, so compare the typed values.
        let again = NodeConfiguration::try_from(&Element::from(&configuration)).unwrap();
        assert_eq!(again, configuration);
        let form_again = DataForm::try_from(&Element::from(form)).unwrap();
        assert_eq!(&form_again, form);
    }
}

#[test]
fn captured_sce_envelope_reads_and_round_trips() {
    let element = fixture("omemo2-sce-envelope.plaintext.xml");
    let envelope = Envelope::try_from(&element).unwrap();
    assert_eq!(envelope.body().as_deref(), Some("omemo2 1:1 test"));
    assert_eq!(
        envelope.rpad.as_deref(),
        Some("VZsM-Tu3eIzCuO_q5vrdKzjoOgP2D4QyEcFpL0lkmyFM7IXt8O1o4Bj8nrQKunmP")
    );
    assert_eq!(
        envelope.time,
        Some(xmpp_protocol::parse_datetime("2026-11-24T07:12:58Z").unwrap())
    );
    let alice: BareJid = "alice@localhost".parse().unwrap();
    let bob: BareJid = "bob@localhost".parse().unwrap();
    envelope.validate(&alice, &bob, true).unwrap();
    let plaintext = envelope.to_plaintext();
    let again = Envelope::from_plaintext(&plaintext).unwrap();
    assert_eq!(again, envelope);
    // Affix order differs between senders; compare each affix on its own.
    let written = Element::from(&envelope);
    for (name, ns_) in [
        ("content", ns::SCE),
        ("rpad", ns::SCE),
        ("time", ns::SCE),
        ("to", ns::SCE),
        ("from", ns::SCE),
    ] {
        assert_same_xml(
            element.get_child(name, ns_).unwrap(),
            written.get_child(name, ns_).unwrap(),
            "envelope",
        );
    }
    assert_eq!(
        written.child_elements().count(),
        element.child_elements().count()
    );
}
