//! Writes the seed inputs of every target into `corpus/<target>/`, named by content hash.
//! The seeds come from the captured stanzas of `xmpp-protocol`, the OMEMO vectors and
//! messages produced by the harnesses' own fixtures. Run from `fuzz/`:
//! `cargo run --example write_seeds`, then minimise with `cargo fuzz cmin`.

use std::fs;
use std::path::{Path, PathBuf};

use jibber_fuzz::omemo_harness::{encode_fields, omemo_decrypt_seeds, Fields};
use jibber_fuzz::xmpp_protocol_harness::{sasl_scram_seed, server_first_message, FRAME_SEPARATOR};
use omemo::payload::{legacy, omemo2};
use sha2::{Digest, Sha256};
use xmpp_protocol::ScramMechanism;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let fixtures = root.join("../crates/xmpp-protocol/tests/fixtures");
    let mut stanzas: Vec<Vec<u8>> = Vec::new();
    for entry in fs::read_dir(&fixtures)? {
        let path = entry?.path();
        if path.extension().is_some_and(|extension| extension == "xml") {
            stanzas.push(fs::read(path)?);
        }
    }
    stanzas.sort();
    let framing = [
        "<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' xml:lang='en' id='f1' from='localhost' version='1.0'/>",
        "<close xmlns='urn:ietf:params:xml:ns:xmpp-framing' see-other-uri='wss://other.example/ws'/>",
        "<stream:error xmlns:stream='http://etherx.jabber.org/streams'><host-unknown \
         xmlns='urn:ietf:params:xml:ns:xmpp-streams'/><text xmlns='urn:ietf:params:xml:ns:xmpp-streams'>bye</text></stream:error>",
        "<iq xmlns='jabber:client' type='get' id='p1' from='localhost'><ping xmlns='urn:xmpp:ping'/></iq>",
        "<iq xmlns='jabber:client' type='set' id='r1'><query xmlns='jabber:iq:roster' ver='v2'><item \
         jid='bob@localhost' name='Bob' subscription='both'><group>Friends</group></item></query></iq>",
        "<message xmlns='jabber:client' type='error' id='m1' from='bob@localhost'><error type='cancel'>\
         <item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>",
    ];
    stanzas.extend(framing.iter().map(|frame| frame.as_bytes().to_vec()));
    for target in ["xml_parse", "frame", "stanza"] {
        write_all(&root, target, &stanzas)?;
    }
    let mut session = stanzas.clone();
    session.push(stanzas.join(&FRAME_SEPARATOR));
    write_all(&root, "session", &session)?;

    let mut sasl = vec![
        sasl_scram_seed(ScramMechanism::ScramSha1),
        sasl_scram_seed(ScramMechanism::ScramSha256),
    ];
    let mut error = vec![0];
    error.extend_from_slice(server_first_message().as_bytes());
    error.push(0);
    error.extend_from_slice(b"e=invalid-proof");
    sasl.push(error);
    write_all(&root, "sasl_scram", &sasl)?;

    let host_meta = [
        r#"{"links":[{"rel":"urn:xmpp:alt-connections:xbosh","href":"https://example.org/http-bind"},{"rel":"urn:xmpp:alt-connections:websocket","href":"ws://example.org/ws"},{"rel":"urn:xmpp:alt-connections:websocket","href":"wss://example.org/ws"}]}"#,
        "<?xml version='1.0' encoding='utf-8'?>\n<XRD xmlns='http://docs.oasis-open.org/ns/xri/xrd-1.0'>\n  <Link \
         rel=\"urn:xmpp:alt-connections:websocket\" href=\"wss://127.0.0.1:5281/xmpp-websocket\"/>\n</XRD>",
    ];
    write_all(
        &root,
        "host_meta",
        &host_meta.map(|doc| doc.as_bytes().to_vec()),
    )?;

    let decrypt = omemo_decrypt_seeds();
    write_all(&root, "omemo_decrypt", &decrypt)?;
    let mut wire = Vec::new();
    for seed in &decrypt {
        let mut fields = Fields::new(seed);
        let flags = fields.flags();
        let mut input = vec![flags & 1];
        input.extend_from_slice(&fields.field());
        wire.push(input);
    }
    let vectors: serde_json::Value = serde_json::from_str(&fs::read_to_string(
        root.join("../crates/omemo/tests/vectors/omemo_vectors.json"),
    )?)?;
    for (version, path) in [
        (
            0u8,
            "/legacy_eu.siacs.conversations.axolotl/msg1/whisper_message",
        ),
        (
            0,
            "/legacy_eu.siacs.conversations.axolotl/msg1/prekey_whisper_message",
        ),
        (
            1,
            "/omemo2_urn:xmpp:omemo:2/msg1/omemo_authenticated_message",
        ),
        (1, "/omemo2_urn:xmpp:omemo:2/msg1/omemo_key_exchange"),
    ] {
        let hex = vectors
            .pointer(path)
            .and_then(|value| value.as_str())
            .ok_or(path)?;
        let mut input = vec![version];
        input.extend(decode_hex(hex));
        wire.push(input);
    }
    write_all(&root, "omemo_wire", &wire)?;

    let mut payload = Vec::new();
    for (iv, body) in [(&[7u8; 12][..], &b"hello"[..]), (&[9u8; 16][..], &b""[..])] {
        let (material, sealed) = legacy::encrypt_with(&[3; 16], iv, body)?;
        payload.push(encode_fields(
            0,
            &[material.as_bytes(), &sealed.iv, &sealed.ciphertext],
        ));
        let mut joined = sealed.ciphertext.clone();
        joined.extend_from_slice(&material.as_bytes()[16..]);
        payload.push(encode_fields(
            0,
            &[&material.as_bytes()[..16], &sealed.iv, &joined],
        ));
    }
    for body in [&b"<envelope xmlns='urn:xmpp:sce:1'/>"[..], &b""[..]] {
        let (material, ciphertext) = omemo2::encrypt_with_key(&[5; 32], body);
        payload.push(encode_fields(1, &[material.as_bytes(), &ciphertext]));
    }
    write_all(&root, "omemo_payload", &payload)?;
    Ok(())
}

fn decode_hex(text: &str) -> Vec<u8> {
    text.as_bytes()
        .chunks(2)
        .filter_map(|pair| {
            std::str::from_utf8(pair)
                .ok()
                .and_then(|pair| u8::from_str_radix(pair, 16).ok())
        })
        .collect()
}

fn write_all(root: &Path, target: &str, inputs: &[Vec<u8>]) -> std::io::Result<()> {
    let dir = root.join("corpus").join(target);
    fs::create_dir_all(&dir)?;
    for input in inputs {
        let name: String = Sha256::digest(input)
            .iter()
            .take(10)
            .map(|byte| format!("{byte:02x}"))
            .collect();
        fs::write(dir.join(format!("seed-{name}")), input)?;
    }
    println!("{target}: {} seeds", inputs.len());
    Ok(())
}
