#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Hostile and broken OMEMO input: every case is refused with a typed error that names what is
//! wrong (or, for device lists, set aside as the interop rules ask), and nothing panics.

mod omemo_common;

use omemo_common::parse;
use proptest::prelude::*;
use xmpp_protocol::omemo::pubsub::PubSubItem;
use xmpp_protocol::omemo::{
    DeviceId, Envelope, ItemsEvent, ItemsResult, LegacyBundle, LegacyDeviceList, LegacyEncrypted,
    Omemo2Bundle, Omemo2DeviceList, Omemo2Encrypted, OmemoEncrypted, OmemoNodeContent,
    PublishRequest, SceError, MAX_DEVICES, MAX_KEYS, MAX_PREKEYS,
};
use xmpp_protocol::payload::ParseError;
use xmpp_protocol::xml::{parse_element, Element};

const LEGACY: &str = "eu.siacs.conversations.axolotl";
const V2: &str = "urn:xmpp:omemo:2";
const KEY: &str = "MwohBb4TFF2fGczKhurTGvHojuJI5ddz";
const IV: &str = "alSNZPYsD2RqsWei";
const KEY32: &str = "aMebCdbXizceFkv+zYYuLDSk4IgWnWngT/xmh1K3RRU=";
const KEY33: &str = "BbCNSi4hi5ruEIh+gFZun9uto9c+6gn78ZGnLuprAUxc";
const SIG64: &str =
    "LgM/gXG/nA/qcMJ9HIFgcAuxdmvm9vhbUw3Xe1THrit+I0IgzYUL5QhyWjoDrkZfBYpNFUN1dhT6rR7l8wTXiQ==";

fn legacy(header_attrs: &str, header_body: &str, rest: &str) -> String {
    format!(
        r#"<encrypted xmlns="{LEGACY}"><header {header_attrs}>{header_body}</header>{rest}</encrypted>"#
    )
}

fn v2(header_attrs: &str, header_body: &str, rest: &str) -> String {
    format!(
        r#"<encrypted xmlns="{V2}"><header {header_attrs}>{header_body}</header>{rest}</encrypted>"#
    )
}

fn legacy_key(attrs: &str, data: &str) -> String {
    format!(r#"<key {attrs}>{data}</key>"#)
}

/// The error must be "malformed", and its message must mention `needle`.
fn assert_malformed(result: Result<impl std::fmt::Debug, ParseError>, needle: &str, case: &str) {
    let error = result.expect_err(case);
    assert!(!error.is_wrong_element(), "{case}: {error}");
    assert!(
        error.to_string().contains(needle),
        "{case}: {error:?} should mention {needle:?}"
    );
}

#[test]
fn legacy_refuses_bad_device_ids() {
    let iv = format!("<iv>{IV}</iv>");
    for sid in ["0", "2147483648", "4294967296", "-1", "abc", ""] {
        let xml = legacy(&format!(r#"sid="{sid}""#), &iv, "");
        let error = parse::<LegacyEncrypted>(&xml).unwrap_err();
        assert!(
            matches!(
                &error,
                ParseError::InvalidAttribute {
                    element: "header",
                    attribute: "sid",
                    ..
                }
            ),
            "sid={sid}: {error:?}"
        );
    }
    for rid in ["0", "2147483648", "99999999999999999999", "1.5"] {
        let body = format!("{}{iv}", legacy_key(&format!(r#"rid="{rid}""#), KEY));
        let error = parse::<LegacyEncrypted>(&legacy(r#"sid="1""#, &body, "")).unwrap_err();
        assert!(
            matches!(
                &error,
                ParseError::InvalidAttribute {
                    element: "key",
                    attribute: "rid",
                    ..
                }
            ),
            "rid={rid}: {error:?}"
        );
    }
    assert!(
        parse::<LegacyEncrypted>(&legacy(r#"sid="2147483647""#, &iv, "")).is_ok(),
        "the largest id is fine"
    );
}

#[test]
fn legacy_refuses_missing_parts() {
    let iv = format!("<iv>{IV}</iv>");
    let error = parse::<LegacyEncrypted>(&legacy("", &iv, "")).unwrap_err();
    assert_eq!(
        error,
        ParseError::MissingAttribute {
            element: "header",
            attribute: "sid"
        }
    );
    let error = parse::<LegacyEncrypted>(&legacy(r#"sid="5""#, &legacy_key(r#"rid="7""#, KEY), ""))
        .unwrap_err();
    assert_eq!(
        error,
        ParseError::MissingChild {
            element: "header",
            child: "iv"
        }
    );
    let error = parse::<LegacyEncrypted>(&format!(
        r#"<encrypted xmlns="{LEGACY}"><payload>AAAA</payload></encrypted>"#
    ))
    .unwrap_err();
    assert_eq!(
        error,
        ParseError::MissingChild {
            element: "encrypted",
            child: "header"
        }
    );
    let body = format!("{}{iv}", legacy_key("", KEY));
    assert_eq!(
        parse::<LegacyEncrypted>(&legacy(r#"sid="5""#, &body, "")).unwrap_err(),
        ParseError::MissingAttribute {
            element: "key",
            attribute: "rid"
        }
    );
}

#[test]
fn legacy_refuses_bad_base64_and_bad_lengths() {
    let iv = format!("<iv>{IV}</iv>");
    let cases = [
        (
            format!("{}{iv}", legacy_key(r#"rid="7""#, "not base64!")),
            String::new(),
            "not base64",
        ),
        (
            format!("{}{iv}", legacy_key(r#"rid="7""#, "")),
            String::new(),
            "must not be empty",
        ),
        (
            format!("{}<iv>@@@@</iv>", legacy_key(r#"rid="7""#, KEY)),
            String::new(),
            "not base64",
        ),
        (
            format!("{}<iv>AAAA</iv>", legacy_key(r#"rid="7""#, KEY)),
            String::new(),
            "expected 12 or 16",
        ),
        (
            format!("{}{iv}", legacy_key(r#"rid="7""#, KEY)),
            "<payload>%%%</payload>".to_owned(),
            "not base64",
        ),
        (
            format!("{}{iv}", legacy_key(r#"rid="7" prekey="yes""#, KEY)),
            String::new(),
            "xs:boolean",
        ),
    ];
    for (header, rest, needle) in cases {
        let xml = legacy(r#"sid="5""#, &header, &rest);
        assert_malformed(parse::<LegacyEncrypted>(&xml), needle, &xml);
    }
    let body = format!(
        "{}{iv}",
        legacy_key(r#"rid="7" prekey="1""#, &format!("\n  {KEY}\n"))
    );
    let read = parse::<LegacyEncrypted>(&legacy(r#"sid="5""#, &body, "")).unwrap();
    assert!(read.keys[0].prekey, "prekey='1' is an xs:boolean true");
}

#[test]
fn encrypted_refuses_unknown_and_repeated_children() {
    let iv = format!("<iv>{IV}</iv>");
    let key = legacy_key(r#"rid="7""#, KEY);
    let cases = [
        (
            legacy(r#"sid="5""#, &format!("{key}{iv}<extra/>"), ""),
            "unexpected child",
        ),
        (
            legacy(
                r#"sid="5""#,
                &format!("{key}{iv}"),
                "<unknown xmlns='urn:example'/>",
            ),
            "unexpected child",
        ),
        (
            legacy(r#"sid="5""#, &format!("{key}{iv}{iv}"), ""),
            "only once",
        ),
        (
            legacy(
                r#"sid="5""#,
                &format!("{key}{iv}"),
                "<payload>AAAA</payload><payload>AAAA</payload>",
            ),
            "only once",
        ),
        (
            format!(
                r#"<encrypted xmlns="{LEGACY}"><header sid="1">{iv}</header><header sid="2">{iv}</header></encrypted>"#
            ),
            "only once",
        ),
    ];
    for (xml, needle) in cases {
        assert_malformed(parse::<LegacyEncrypted>(&xml), needle, &xml);
    }
    let keys = format!(r#"<keys jid="a@b"><key rid="1">{KEY}</key><junk/></keys>"#);
    assert_malformed(
        parse::<Omemo2Encrypted>(&v2(r#"sid="5""#, &keys, "")),
        "unexpected child",
        "junk in keys",
    );
    assert_malformed(
        parse::<Omemo2Encrypted>(&v2(r#"sid="5""#, "<iv>AAAA</iv>", "")),
        "unexpected child",
        "iv in v2",
    );
}

#[test]
fn thousands_of_keys_are_refused() {
    let iv = format!("<iv>{IV}</iv>");
    let many: String = (1..=5000)
        .map(|rid| legacy_key(&format!(r#"rid="{rid}""#), "AA=="))
        .collect();
    let xml = legacy(r#"sid="5""#, &format!("{many}{iv}"), "");
    assert_malformed(
        parse::<LegacyEncrypted>(&xml),
        "more than 1000 keys",
        "5000 legacy keys",
    );

    let limit: String = (1..=MAX_KEYS)
        .map(|rid| legacy_key(&format!(r#"rid="{rid}""#), "AA=="))
        .collect();
    let read =
        parse::<LegacyEncrypted>(&legacy(r#"sid="5""#, &format!("{limit}{iv}"), "")).unwrap();
    assert_eq!(read.keys.len(), MAX_KEYS);

    // Spread over many <keys> elements, OMEMO 2 keys are still counted together.
    let spread: String = (1..=50)
        .map(|user| {
            let keys: String = (1..=100)
                .map(|rid| format!(r#"<key rid="{rid}">AA==</key>"#))
                .collect();
            format!(r#"<keys jid="user{user}@example.org">{keys}</keys>"#)
        })
        .collect();
    assert_malformed(
        parse::<Omemo2Encrypted>(&v2(r#"sid="5""#, &spread, "")),
        "more than 1000 keys",
        "5000 v2 keys",
    );
}

#[test]
fn omemo2_refuses_bad_recipients_and_attributes() {
    let cases = [
        (v2("", "", ""), "sid"),
        (v2(r#"sid="0""#, "", ""), "sid"),
        (
            v2(
                r#"sid="5""#,
                &format!(r#"<keys><key rid="1">{KEY}</key></keys>"#),
                "",
            ),
            "jid",
        ),
        (
            v2(
                r#"sid="5""#,
                &format!(r#"<keys jid="a@b/res"><key rid="1">{KEY}</key></keys>"#),
                "",
            ),
            "jid",
        ),
        (
            v2(
                r#"sid="5""#,
                &format!(r#"<keys jid="a@b"><key rid="3000000000">{KEY}</key></keys>"#),
                "",
            ),
            "rid",
        ),
        (
            v2(
                r#"sid="5""#,
                &format!(r#"<keys jid="a@b"><key rid="1" kex="maybe">{KEY}</key></keys>"#),
                "",
            ),
            "kex",
        ),
        (
            v2(
                r#"sid="5""#,
                r#"<keys jid="a@b"><key rid="1">*</key></keys>"#,
                "",
            ),
            "base64",
        ),
        (v2(r#"sid="5""#, "", "<payload>!!</payload>"), "base64"),
    ];
    for (xml, needle) in cases {
        assert_malformed(parse::<Omemo2Encrypted>(&xml), needle, &xml);
    }
}

#[test]
fn wrong_elements_are_reported_as_such() {
    let other = r#"<encrypted xmlns="urn:xmpp:openpgp:0"/>"#;
    assert!(parse::<LegacyEncrypted>(other)
        .unwrap_err()
        .is_wrong_element());
    assert!(parse::<Omemo2Encrypted>(other)
        .unwrap_err()
        .is_wrong_element());
    assert!(parse::<OmemoEncrypted>(other)
        .unwrap_err()
        .is_wrong_element());
    assert!(parse::<LegacyEncrypted>(&v2(r#"sid="1""#, "", ""))
        .unwrap_err()
        .is_wrong_element());
    assert!(parse::<LegacyBundle>(&format!(r#"<bundle xmlns="{V2}"/>"#))
        .unwrap_err()
        .is_wrong_element());
    assert!(
        parse::<Omemo2DeviceList>(&format!(r#"<list xmlns="{LEGACY}"/>"#))
            .unwrap_err()
            .is_wrong_element()
    );
    assert!(parse::<Envelope>(r#"<envelope xmlns="urn:xmpp:sce:0"/>"#)
        .unwrap_err()
        .is_wrong_element());
}

#[test]
fn device_lists_set_aside_unusable_devices() {
    let xml = format!(
        r#"<list xmlns="{LEGACY}"><device id="12"/><device id="0"/><device id="x"/><device/><device id="12"/><unknown/><device id="2147483647"/></list>"#
    );
    let list = parse::<LegacyDeviceList>(&xml).unwrap();
    assert_eq!(
        list.devices,
        [
            DeviceId::new(12).unwrap(),
            DeviceId::new(DeviceId::MAX).unwrap()
        ]
    );
    assert_eq!(list.rejected.len(), 3);
    assert!(
        matches!(&list.rejected[0], ParseError::InvalidAttribute { attribute: "id", value, .. } if value == "0")
    );
    assert!(matches!(
        &list.rejected[2],
        ParseError::MissingAttribute {
            attribute: "id",
            ..
        }
    ));

    let xml = format!(
        r#"<devices xmlns="{V2}"><device id="3" labelsig="???"/><device id="4" label="phone"/></devices>"#
    );
    let list = parse::<Omemo2DeviceList>(&xml).unwrap();
    assert_eq!(list.ids().collect::<Vec<_>>(), [DeviceId::new(4).unwrap()]);
    assert!(matches!(
        &list.rejected[..],
        [ParseError::InvalidContent { .. }]
    ));

    let crowd: String = (1..=MAX_DEVICES + 1)
        .map(|id| format!(r#"<device id="{id}"/>"#))
        .collect();
    let error = parse::<Omemo2DeviceList>(&format!(r#"<devices xmlns="{V2}">{crowd}</devices>"#))
        .unwrap_err();
    assert!(
        error.to_string().contains("more than 256 devices"),
        "{error}"
    );
}

fn legacy_bundle(spk: &str, spks: &str, ik: &str, prekeys: &str) -> String {
    format!(
        r#"<bundle xmlns="{LEGACY}"><signedPreKeyPublic signedPreKeyId="1">{spk}</signedPreKeyPublic><signedPreKeySignature>{spks}</signedPreKeySignature><identityKey>{ik}</identityKey><prekeys>{prekeys}</prekeys><future-extension/></bundle>"#
    )
}

#[test]
fn bundles_refuse_bad_keys() {
    let pk = |id: &str, key: &str| format!(r#"<preKeyPublic preKeyId="{id}">{key}</preKeyPublic>"#);
    let good = legacy_bundle(KEY33, SIG64, KEY33, &pk("1", KEY33));
    assert_eq!(
        parse::<LegacyBundle>(&good).unwrap().pre_keys.len(),
        1,
        "unknown children are ignored"
    );
    let cases = [
        (legacy_bundle(KEY32, SIG64, KEY33, ""), "expected 33"),
        (legacy_bundle(KEY33, KEY33, KEY33, ""), "expected 64"),
        (legacy_bundle(KEY33, SIG64, "Zm9v!", ""), "not base64"),
        (
            legacy_bundle(KEY33, SIG64, KEY33, &pk("-1", KEY33)),
            "preKeyId",
        ),
        (
            legacy_bundle(KEY33, SIG64, KEY33, &pk("4294967296", KEY33)),
            "preKeyId",
        ),
        (
            legacy_bundle(KEY33, SIG64, KEY33, &pk("2", "")),
            "expected 33",
        ),
        (
            format!(r#"<bundle xmlns="{LEGACY}"><identityKey>{KEY33}</identityKey></bundle>"#),
            "signedPreKeyPublic",
        ),
    ];
    for (xml, needle) in cases {
        assert_malformed(parse::<LegacyBundle>(&xml), needle, &xml);
    }
    let flood: String = (0..=MAX_PREKEYS)
        .map(|id| pk(&id.to_string(), KEY33))
        .collect();
    assert_malformed(
        parse::<LegacyBundle>(&legacy_bundle(KEY33, SIG64, KEY33, &flood)),
        "more than 1000",
        "prekey flood",
    );

    let v2_bundle = |ik: &str| {
        format!(
            r#"<bundle xmlns="{V2}"><spk id="1">{KEY32}</spk><spks>{SIG64}</spks><ik>{ik}</ik><prekeys/></bundle>"#
        )
    };
    assert!(parse::<Omemo2Bundle>(&v2_bundle(KEY32)).is_ok());
    assert_malformed(
        parse::<Omemo2Bundle>(&v2_bundle(KEY33)),
        "expected 32",
        "33-byte ik in v2",
    );
    let missing = format!(
        r#"<bundle xmlns="{V2}"><spk id="1">{KEY32}</spk><spks>{SIG64}</spks><ik>{KEY32}</ik></bundle>"#
    );
    assert_eq!(
        parse::<Omemo2Bundle>(&missing).unwrap_err(),
        ParseError::MissingChild {
            element: "bundle",
            child: "prekeys"
        }
    );
}

#[test]
fn node_contents_refuse_bad_device_ids() {
    let bundle = format!(
        r#"<bundle xmlns="{V2}"><spk id="1">{KEY32}</spk><spks>{SIG64}</spks><ik>{KEY32}</ik><prekeys/></bundle>"#
    );
    let item = |id: Option<&str>| PubSubItem {
        id: id.map(str::to_owned),
        publisher: None,
        payload: Some(parse_element(&bundle).unwrap()),
    };
    let read = |items: &[PubSubItem]| {
        OmemoNodeContent::from_items("urn:xmpp:omemo:2:bundles", items).unwrap()
    };
    assert!(matches!(
        read(&[item(Some("current"))]),
        Err(ParseError::InvalidAttribute {
            attribute: "id",
            ..
        })
    ));
    assert!(matches!(
        read(&[item(None)]),
        Err(ParseError::MissingAttribute {
            attribute: "id",
            ..
        })
    ));
    assert!(read(&[item(Some("77"))]).is_ok());
    let legacy_node =
        OmemoNodeContent::from_items("eu.siacs.conversations.axolotl.bundles:0", &[]).unwrap();
    assert!(matches!(
        legacy_node,
        Err(ParseError::InvalidAttribute {
            attribute: "node",
            ..
        })
    ));
    let empty_bundle =
        OmemoNodeContent::from_items("eu.siacs.conversations.axolotl.bundles:5", &[]).unwrap();
    assert!(matches!(
        empty_bundle,
        Err(ParseError::MissingChild {
            child: "bundle",
            ..
        })
    ));
    assert!(OmemoNodeContent::from_items("urn:xmpp:bookmarks:1", &[]).is_none());
    match OmemoNodeContent::from_items("urn:xmpp:omemo:2:devices", &[])
        .unwrap()
        .unwrap()
    {
        OmemoNodeContent::Omemo2DeviceList(list) => {
            assert!(list.devices.is_empty(), "no item means no devices")
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn pubsub_wrappers_refuse_malformed_input() {
    let items: String = (0..=1000).map(|i| format!(r#"<item id="{i}"/>"#)).collect();
    let xml = format!(
        r#"<pubsub xmlns="http://jabber.org/protocol/pubsub"><items node="n">{items}</items></pubsub>"#
    );
    assert_malformed(
        parse::<ItemsResult>(&xml),
        "more than 1000 items",
        "item flood",
    );
    let xml = r#"<pubsub xmlns="http://jabber.org/protocol/pubsub"><items/></pubsub>"#;
    assert_eq!(
        parse::<ItemsResult>(xml).unwrap_err(),
        ParseError::MissingAttribute {
            element: "items",
            attribute: "node"
        }
    );
    let xml = r#"<event xmlns="http://jabber.org/protocol/pubsub#event"><purge node="n"/></event>"#;
    assert_eq!(
        parse::<ItemsEvent>(xml).unwrap_err(),
        ParseError::MissingChild {
            element: "event",
            child: "items"
        }
    );
    let xml = r#"<event xmlns="http://jabber.org/protocol/pubsub#event"><items node="n"><item publisher="not a jid@@"/></items></event>"#;
    assert_malformed(parse::<ItemsEvent>(xml), "publisher", "bad publisher");
    let xml = r#"<pubsub xmlns="http://jabber.org/protocol/pubsub"><publish node="n"><item/></publish><publish-options/></pubsub>"#;
    assert_eq!(
        parse::<PublishRequest>(xml).unwrap_err(),
        ParseError::MissingChild {
            element: "publish-options",
            child: "x"
        }
    );
    let xml = r#"<pubsub xmlns="http://jabber.org/protocol/pubsub"><publish node="n"><item/></publish><publish node="m"><item/></publish></pubsub>"#;
    assert_malformed(parse::<PublishRequest>(xml), "only once", "two publishes");
}

#[test]
fn envelopes_refuse_malformed_plaintext() {
    assert!(matches!(
        Envelope::from_plaintext(&[0x3c, 0xff, 0xfe]),
        Err(SceError::NotUtf8 { valid_up_to: 1 })
    ));
    assert!(matches!(
        Envelope::from_plaintext(b"<envelope xmlns='urn:xmpp:sce:1'>"),
        Err(SceError::Xml(_))
    ));
    let missing = Envelope::from_plaintext(b"<envelope xmlns='urn:xmpp:sce:1'><rpad/></envelope>");
    assert_eq!(
        missing,
        Err(SceError::Malformed(ParseError::MissingChild {
            element: "envelope",
            child: "content"
        }))
    );
    let twice =
        b"<envelope xmlns='urn:xmpp:sce:1'><content/><from jid='a@b'/><from jid='c@d'/></envelope>";
    assert!(matches!(
        Envelope::from_plaintext(twice),
        Err(SceError::Malformed(ParseError::InvalidContent { .. }))
    ));
    let bad_time =
        b"<envelope xmlns='urn:xmpp:sce:1'><content/><time stamp='yesterday'/></envelope>";
    assert!(matches!(
        Envelope::from_plaintext(bad_time),
        Err(SceError::Malformed(ParseError::InvalidTimestamp { .. }))
    ));
    let bad_jid = b"<envelope xmlns='urn:xmpp:sce:1'><content/><from jid='@'/></envelope>";
    assert!(matches!(
        Envelope::from_plaintext(bad_jid),
        Err(SceError::Malformed(ParseError::InvalidJid { .. }))
    ));
    let doctype = b"<!DOCTYPE x><envelope xmlns='urn:xmpp:sce:1'><content/></envelope>";
    assert!(matches!(
        Envelope::from_plaintext(doctype),
        Err(SceError::Xml(_))
    ));
}

#[test]
fn envelope_checks_refuse_spoofed_addresses() {
    let plaintext = b"<envelope xmlns='urn:xmpp:sce:1'><content/><rpad>x</rpad><from jid='mallory@evil.example'/><to jid='room@muc.example'/></envelope>";
    let envelope = Envelope::from_plaintext(plaintext).unwrap();
    let alice = "alice@example.org".parse().unwrap();
    let room = "room@muc.example".parse().unwrap();
    let other_room = "other@muc.example".parse().unwrap();
    assert!(matches!(
        envelope.check_from(&alice),
        Err(SceError::FromMismatch { .. })
    ));
    assert!(envelope.check_to(&room, true).is_ok());
    assert!(matches!(
        envelope.check_to(&other_room, true),
        Err(SceError::ToMismatch { .. })
    ));
    let anonymous =
        Envelope::from_plaintext(b"<envelope xmlns='urn:xmpp:sce:1'><content/></envelope>")
            .unwrap();
    assert_eq!(anonymous.check_from(&alice), Err(SceError::MissingFrom));
    assert_eq!(anonymous.check_to(&room, true), Err(SceError::MissingTo));
    assert_eq!(anonymous.check_to(&room, false), Ok(()));
    let message = SceError::FromMismatch {
        expected: alice,
        found: "mallory@evil.example".parse().unwrap(),
    }
    .to_string();
    assert!(
        message.contains("mallory@evil.example") && message.contains("alice@example.org"),
        "{message}"
    );
}

/// Builds `<encrypted>` trees from arbitrary attribute values and text, which the XML layer
/// would escape: the parsers must answer Ok or a typed error, and Ok must survive a round trip.
fn arbitrary_encrypted(
    ns: &'static str,
    sid: String,
    rid: String,
    flag: String,
    data: String,
    jid: String,
) -> Element {
    let key = Element::builder("key", ns)
        .attr("rid", rid)
        .attr(if ns == V2 { "kex" } else { "prekey" }, flag)
        .text(data.clone())
        .build();
    let header = if ns == V2 {
        Element::builder("header", ns).attr("sid", sid).append(
            Element::builder("keys", ns)
                .attr("jid", jid)
                .append(key)
                .build(),
        )
    } else {
        Element::builder("header", ns)
            .attr("sid", sid)
            .append(key)
            .append(Element::builder("iv", ns).text(data.clone()).build())
    };
    Element::builder("encrypted", ns)
        .append(header.build())
        .append(Element::builder("payload", ns).text(data).build())
        .build()
}

proptest! {
    #[test]
    fn arbitrary_values_never_panic(
        sid in "[0-9]{0,12}|.{0,12}",
        rid in "[0-9]{0,12}|.{0,12}",
        flag in "true|false|1|0|.{0,5}",
        data in "[A-Za-z0-9+/=]{0,40}|.{0,40}",
        jid in "[a-z]{1,8}@[a-z]{1,8}|.{0,16}",
    ) {
        for ns in [LEGACY, V2] {
            let element = arbitrary_encrypted(ns, sid.clone(), rid.clone(), flag.clone(), data.clone(), jid.clone());
            if let Ok(typed) = OmemoEncrypted::try_from(&element) {
                let again = OmemoEncrypted::try_from(&parse_element(&Element::from(&typed).to_xml()).unwrap()).unwrap();
                prop_assert_eq!(again, typed);
            }
        }
    }

    #[test]
    fn generated_messages_round_trip(
        sid in 1u32..=DeviceId::MAX,
        keys in proptest::collection::vec((1u32..=DeviceId::MAX, any::<bool>(), proptest::collection::vec(any::<u8>(), 1..80)), 0..8),
        iv in proptest::collection::vec(any::<u8>(), 12..=12),
        payload in proptest::option::of(proptest::collection::vec(any::<u8>(), 0..64)),
    ) {
        let message = LegacyEncrypted {
            sid: DeviceId::new(sid).unwrap(),
            keys: keys.iter().map(|(rid, prekey, data)| xmpp_protocol::omemo::LegacyKey {
                rid: DeviceId::new(*rid).unwrap(), prekey: *prekey, data: data.clone(),
            }).collect(),
            iv,
            payload: payload.clone(),
        };
        let xml = Element::from(&message).to_xml();
        prop_assert_eq!(parse::<LegacyEncrypted>(&xml).unwrap(), message);
        let v2_message = Omemo2Encrypted {
            sid: DeviceId::new(sid).unwrap(),
            recipients: vec![xmpp_protocol::omemo::Omemo2Recipient {
                jid: "juliet@example.com".parse().unwrap(),
                keys: keys.into_iter().map(|(rid, kex, data)| xmpp_protocol::omemo::Omemo2Key {
                    rid: DeviceId::new(rid).unwrap(), kex, data,
                }).collect(),
            }],
            payload,
        };
        let xml = Element::from(&v2_message).to_xml();
        prop_assert_eq!(parse::<Omemo2Encrypted>(&xml).unwrap(), v2_message);
    }
}
