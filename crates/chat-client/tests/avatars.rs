//! Avatars reaching the client: a PEP notification leads to one fetch of the data node; the
//! image is shown only if it is an image of the announced hash and not too large. XEP-0153
//! hashes in presence lead to a vCard fetch with the same checks. Contacts' caps (XEP-0115) are
//! asked once per version and cached only when the answer matches the hash.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use chat_client::ClientEvent;
use futures::executor::block_on;
use support::server::FakeServer;
use support::{pump, Device};
use xmpp_protocol::avatar::{avatar_hash, MAX_AVATAR_BYTES};
use xmpp_protocol::xml::parse_element;

const NOW: u64 = 1_790_000_000_000;
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0";

fn alice() -> (FakeServer, Device) {
    let mut server = FakeServer::new("localhost");
    server.add_account("alice", "alice-pass");
    let mut device = Device::new();
    device.login(&mut server, "alice@localhost", "alice-pass", NOW);
    pump(&mut server, &mut [&mut device], NOW);
    device.take_events();
    (server, device)
}

fn feed(device: &mut Device, frame: &str) {
    block_on(device.client.handle_frame(frame, NOW)).unwrap();
}

/// The frames the client wants to send now (taken out of the way of the fake server).
fn sent(device: &mut Device) -> Vec<String> {
    std::iter::from_fn(|| device.client.poll_transmit()).collect()
}

fn metadata_event(hash: &str) -> String {
    format!(
        "<message xmlns='jabber:client' from='bob@localhost' to='alice@localhost' type='headline'>\
         <event xmlns='http://jabber.org/protocol/pubsub#event'><items node='urn:xmpp:avatar:metadata'><item id='{hash}'>\
         <metadata xmlns='urn:xmpp:avatar:metadata'><info id='{hash}' bytes='20' type='image/png' width='1' height='1'/></metadata>\
         </item></items></event></message>"
    )
}

fn data_result(id: &str, hash: &str, data: &str) -> String {
    format!(
        "<iq xmlns='jabber:client' from='bob@localhost' type='result' id='{id}'><pubsub xmlns='http://jabber.org/protocol/pubsub'>\
         <items node='urn:xmpp:avatar:data'><item id='{hash}'><data xmlns='urn:xmpp:avatar:data'>{data}</data></item></items></pubsub></iq>"
    )
}

/// Announces `hash`, answers the fetch with `data`, returns the avatar events.
fn announce_and_answer(device: &mut Device, hash: &str, data: &str) -> Vec<Option<String>> {
    feed(device, &metadata_event(hash));
    let frames = sent(device);
    let request = frames
        .iter()
        .find(|f| f.contains("urn:xmpp:avatar:data"))
        .expect("the data node is asked for");
    let element = parse_element(request).unwrap();
    assert_eq!(element.attr("to"), Some("bob@localhost"));
    assert!(
        request.contains(&format!("id=\"{hash}\"")),
        "only the announced item is fetched: {request}"
    );
    feed(
        device,
        &data_result(element.attr("id").unwrap(), hash, data),
    );
    device
        .take_events()
        .into_iter()
        .filter_map(|e| match e {
            ClientEvent::Avatar { jid, data_url } if jid == "bob@localhost" => Some(data_url),
            _ => None,
        })
        .collect()
}

#[test]
fn a_pep_avatar_is_fetched_once_checked_and_cached() {
    let (_server, mut alice) = alice();
    let hash = avatar_hash(PNG);
    let shown = announce_and_answer(&mut alice, &hash, &B64.encode(PNG));
    assert_eq!(shown.len(), 1);
    assert!(shown[0]
        .as_deref()
        .unwrap()
        .starts_with("data:image/png;base64,"));
    // The same announcement again costs nothing: no second fetch.
    feed(&mut alice, &metadata_event(&hash));
    assert!(!sent(&mut alice)
        .iter()
        .any(|f| f.contains("urn:xmpp:avatar:data")));

    // A reload shows it from storage before any network traffic.
    let mut reloaded = Device::with_store(alice.store.clone());
    block_on(reloaded.client.restore()).unwrap();
    assert!(reloaded.take_events().iter().any(
        |e| matches!(e, ClientEvent::Avatar { jid, data_url: Some(_) } if jid == "bob@localhost")
    ));
}

#[test]
fn lying_huge_and_non_image_avatars_are_ignored() {
    let (_server, mut alice) = alice();
    let wrong_hash = "0123456789abcdef0123456789abcdef01234567";
    assert!(
        announce_and_answer(&mut alice, wrong_hash, &B64.encode(PNG)).is_empty(),
        "a different hash is dropped"
    );

    let svg = b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>";
    assert!(
        announce_and_answer(&mut alice, &avatar_hash(svg), &B64.encode(svg)).is_empty(),
        "not an image we show"
    );

    let mut huge = PNG.to_vec();
    huge.resize(MAX_AVATAR_BYTES + 10, 7);
    assert!(
        announce_and_answer(&mut alice, &avatar_hash(&huge), &B64.encode(&huge)).is_empty(),
        "too large"
    );

    assert!(announce_and_answer(&mut alice, &avatar_hash(PNG), "%%% not base64 %%%").is_empty());
}

#[test]
fn a_vcard_hash_in_presence_fetches_the_vcard_photo() {
    let (_server, mut alice) = alice();
    let hash = avatar_hash(PNG);
    feed(&mut alice, &format!(
        "<presence xmlns='jabber:client' from='bob@localhost/phone'><x xmlns='vcard-temp:x:update'><photo>{hash}</photo></x></presence>"
    ));
    let frames = sent(&mut alice);
    let request = frames
        .iter()
        .find(|f| f.contains("vcard-temp"))
        .expect("the vCard is asked for");
    let id = parse_element(request)
        .unwrap()
        .attr("id")
        .unwrap()
        .to_owned();
    feed(&mut alice, &format!(
        "<iq xmlns='jabber:client' from='bob@localhost' type='result' id='{id}'><vCard xmlns='vcard-temp'><PHOTO><TYPE>image/png</TYPE><BINVAL>{}</BINVAL></PHOTO></vCard></iq>",
        B64.encode(PNG)
    ));
    assert!(alice.take_events().iter().any(
        |e| matches!(e, ClientEvent::Avatar { jid, data_url: Some(_) } if jid == "bob@localhost")
    ));
}

#[test]
fn contacts_caps_are_asked_once_verified_and_cached() {
    use xmpp_protocol::caps::Caps;
    use xmpp_protocol::disco::{DiscoInfo, Identity};
    let (_server, mut alice) = alice();
    let info = DiscoInfo {
        identities: vec![Identity {
            category: "client".into(),
            kind: "phone".into(),
            lang: None,
            name: Some("Other".into()),
        }],
        features: vec![
            "urn:xmpp:receipts".into(),
            "http://jabber.org/protocol/caps".into(),
        ],
        ..DiscoInfo::default()
    };
    let caps = Caps::for_info("https://other.example", &info);
    let presence = |resource: &str| {
        format!(
            "<presence xmlns='jabber:client' from='bob@localhost/{resource}'>{}</presence>",
            xmpp_protocol::xml::Element::from(&caps).to_xml()
        )
    };
    // A forged answer (other features under the same hash) is not cached.
    feed(&mut alice, &presence("phone"));
    let request = sent(&mut alice)
        .into_iter()
        .find(|f| f.contains("disco#info"))
        .expect("caps are asked for");
    let request = parse_element(&request).unwrap();
    assert_eq!(request.attr("to"), Some("bob@localhost/phone"));
    let forged = DiscoInfo {
        features: vec!["urn:xmpp:evil".into()],
        node: Some(caps.disco_node()),
        ..info.clone()
    };
    feed(
        &mut alice,
        &format!(
            "<iq xmlns='jabber:client' from='bob@localhost/phone' type='result' id='{}'>{}</iq>",
            request.attr("id").unwrap(),
            xmpp_protocol::xml::Element::from(&forged).to_xml()
        ),
    );
    assert!(!alice
        .client
        .contact_supports("bob@localhost/phone", "urn:xmpp:evil"));

    feed(&mut alice, &presence("tablet"));
    let request = sent(&mut alice)
        .into_iter()
        .find(|f| f.contains("disco#info"))
        .expect("asked again after a bad answer");
    let request = parse_element(&request).unwrap();
    let genuine = DiscoInfo {
        node: Some(caps.disco_node()),
        ..info.clone()
    };
    feed(
        &mut alice,
        &format!(
            "<iq xmlns='jabber:client' from='bob@localhost/tablet' type='result' id='{}'>{}</iq>",
            request.attr("id").unwrap(),
            xmpp_protocol::xml::Element::from(&genuine).to_xml()
        ),
    );
    assert!(alice
        .client
        .contact_supports("bob@localhost/tablet", "urn:xmpp:receipts"));

    // Another resource with the same caps costs no request.
    feed(&mut alice, &presence("laptop"));
    assert!(!sent(&mut alice).iter().any(|f| f.contains("disco#info")));
    assert!(alice
        .client
        .contact_supports("bob@localhost/laptop", "urn:xmpp:receipts"));
}

#[test]
fn contacts_nicknames_arrive_by_pep_and_survive_a_reload() {
    let (_server, mut alice) = alice();
    let event = |nick: &str| {
        format!("<message xmlns='jabber:client' from='bob@localhost' type='headline'><event xmlns='http://jabber.org/protocol/pubsub#event'>\
                 <items node='http://jabber.org/protocol/nick'><item id='current'><nick xmlns='http://jabber.org/protocol/nick'>{nick}</nick></item></items></event></message>")
    };
    feed(&mut alice, &event("Bobby &lt;3"));
    let nicks = alice
        .take_events()
        .into_iter()
        .filter_map(|e| match e {
            ClientEvent::ContactNicks(n) => Some(n),
            _ => None,
        })
        .next_back();
    assert_eq!(
        nicks.unwrap().get("bob@localhost").map(String::as_str),
        Some("Bobby <3")
    );
    let mut reloaded = Device::with_store(alice.store.clone());
    block_on(reloaded.client.restore()).unwrap();
    assert!(reloaded
        .take_events()
        .iter()
        .any(|e| matches!(e, ClientEvent::ContactNicks(n) if n.contains_key("bob@localhost"))));

    block_on(alice.client.set_nick("  Alice\n in Wonderland ", NOW)).unwrap();
    let published = sent(&mut alice)
        .into_iter()
        .find(|f| f.contains("http://jabber.org/protocol/nick"))
        .expect("published on PEP");
    assert!(published.contains("Alice in Wonderland"), "{published}");
}
