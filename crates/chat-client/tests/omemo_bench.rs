//! OMEMO speed in the browser, for `make bench` (scripts/bench.sh): encrypting one message
//! for 100 devices and decrypting 1,000 messages, in both versions, through the machine API
//! the client uses. Each result is printed as one `BENCH {json}` console line (median of a few
//! runs, so one slow first run of not yet optimised code does not decide it); the checks make
//! it a test too. It runs only when asked for (`--test omemo_bench`), never in `make test`:
//! `cargo test --release --target wasm32-unknown-unknown -p chat-client --test omemo_bench -- --nocapture`
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use omemo::{
    Config, DeviceAddress, EncryptRequest, FetchedBundle, IncomingMessage, OmemoMachine,
    OutgoingMessage, ReceivedKey, Recipient, SessionAddress, Version,
};
use rand_chacha::rand_core::SeedableRng;
use rand_chacha::ChaCha20Rng;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{console_log, wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

const NOW: u64 = 1_790_000_000_000;
const SENDER: &str = "alice@example.org";
const RECEIVER: &str = "bob@example.org";
const DEVICES: usize = 100;
const MESSAGES: usize = 1000;
/// One run in a debug build: its times mean nothing, and five would outlast the runner's timeout.
const RUNS: usize = if cfg!(debug_assertions) { 1 } else { 5 };

/// `performance.now()`: sub-millisecond where `Date.now()` is not.
fn now_ms() -> f64 {
    let performance = js_sys::Reflect::get(&js_sys::global(), &"performance".into()).unwrap();
    let now: js_sys::Function = js_sys::Reflect::get(&performance, &"now".into())
        .unwrap()
        .unchecked_into();
    now.call0(&performance).unwrap().as_f64().unwrap()
}

fn time<T>(work: impl FnOnce() -> T) -> (T, f64) {
    let start = now_ms();
    let out = work();
    (out, now_ms() - start)
}

fn report(name: &str, mut times: Vec<f64>) {
    times.sort_by(f64::total_cmp);
    let round = |ms: f64| (ms * 10.0).round() / 10.0;
    let (median, min, max) = (times[times.len() / 2], times[0], times[times.len() - 1]);
    console_log!(
        "BENCH {{\"name\":\"{name}\",\"ms\":{},\"min_ms\":{},\"max_ms\":{},\"runs\":{}}}",
        round(median),
        round(min),
        round(max),
        times.len()
    );
}

fn label(version: Version) -> &'static str {
    match version {
        Version::Legacy => "legacy",
        Version::Omemo2 => "omemo2",
    }
}

/// What the machine encrypts: the body (legacy) or a XEP-0420 envelope of a usual size (OMEMO 2).
fn plaintext(version: Version, text: &str) -> String {
    match version {
        Version::Legacy => text.to_owned(),
        Version::Omemo2 => format!(
            "<envelope xmlns='urn:xmpp:sce:1'><content><body xmlns='jabber:client'>{text}</body>\
             </content><rpad>8f3a0c1e5b7d</rpad><from jid='{SENDER}'/></envelope>"
        ),
    }
}

/// A device with few prekeys: the work measured is the sender's, setup should be cheap.
fn device(jid: &str, rng: &mut ChaCha20Rng) -> OmemoMachine {
    let config = Config {
        prekey_count: 5,
        ..Config::default()
    };
    OmemoMachine::create(jid, &[], config, NOW, rng).0
}

fn address(machine: &OmemoMachine) -> DeviceAddress {
    DeviceAddress::new(machine.own_jid(), machine.device_id())
}

fn recipient(machine: &OmemoMachine) -> Recipient {
    Recipient {
        jid: machine.own_jid().to_owned(),
        devices: vec![machine.device_id()],
    }
}

fn fetched_bundle(machine: &OmemoMachine, version: Version) -> FetchedBundle {
    FetchedBundle {
        device: address(machine),
        bundle: machine.bundle(version),
    }
}

/// The `<encrypted>` element as `to`'s XML layer hands it over: its own key and the payload.
fn incoming(message: &OutgoingMessage, from: &str, to: &OmemoMachine) -> IncomingMessage {
    IncomingMessage {
        version: message.version,
        sender_jid: from.to_owned(),
        sender_device_id: message.sender_device_id,
        keys: message
            .keys
            .iter()
            .filter(|key| key.device == address(to))
            .map(|key| ReceivedKey {
                device_id: key.device.device_id,
                data: key.data.clone(),
                is_key_exchange: key.is_key_exchange,
            })
            .collect(),
        iv: message.iv.clone(),
        payload: message.payload.clone(),
        sent_at_ms: None,
    }
}

fn encrypt(
    sender: &mut OmemoMachine,
    version: Version,
    text: &str,
    recipients: &[Recipient],
    bundles: &[FetchedBundle],
    rng: &mut ChaCha20Rng,
) -> OutgoingMessage {
    let body = plaintext(version, text);
    let request = EncryptRequest {
        version,
        plaintext: body.as_bytes(),
        recipients,
        own_devices: &[],
        bundles,
    };
    let outcome = sender.encrypt(&request, NOW, rng).unwrap();
    assert!(outcome.failures.is_empty(), "{:?}", outcome.failures);
    outcome.message.unwrap()
}

fn assert_decrypts(
    machine: &mut OmemoMachine,
    message: &OutgoingMessage,
    text: &str,
    rng: &mut ChaCha20Rng,
) {
    let outcome = machine.decrypt(&incoming(message, SENDER, machine), NOW, rng);
    let decrypted = outcome.result.unwrap().plaintext.unwrap();
    assert_eq!(
        decrypted.as_bytes(),
        plaintext(message.version, text).as_bytes()
    );
}

/// A group chat of 100 members with one device each (as in a MUC): the first message starts
/// 100 sessions from fetched bundles (X3DH), the second only steps their ratchets. Each run
/// is a new sender device, so every run starts sessions again.
#[wasm_bindgen_test]
fn encrypt_one_message_for_100_devices() {
    let mut rng = ChaCha20Rng::seed_from_u64(100);
    let mut members: Vec<OmemoMachine> = (0..DEVICES)
        .map(|n| device(&format!("member{n}@example.org"), &mut rng))
        .collect();
    let recipients: Vec<Recipient> = members.iter().map(recipient).collect();
    for version in Version::ALL {
        let bundles: Vec<FetchedBundle> = members
            .iter()
            .map(|member| fetched_bundle(member, version))
            .collect();
        let (mut new_times, mut existing_times) = (Vec::new(), Vec::new());
        let mut last = None;
        for _ in 0..RUNS {
            let mut sender = device(SENDER, &mut rng);
            let (first, ms) = time(|| {
                encrypt(
                    &mut sender,
                    version,
                    "hello all",
                    &recipients,
                    &bundles,
                    &mut rng,
                )
            });
            new_times.push(ms);
            let (second, ms) = time(|| {
                encrypt(
                    &mut sender,
                    version,
                    "hello again",
                    &recipients,
                    &[],
                    &mut rng,
                )
            });
            existing_times.push(ms);
            assert_eq!(first.keys.len(), DEVICES);
            assert!(first.keys.iter().all(|key| key.is_key_exchange));
            assert_eq!(second.keys.len(), DEVICES);
            last = Some((first, second));
        }
        let name = label(version);
        report(
            &format!("{name} encrypt {DEVICES} devices (new sessions)"),
            new_times,
        );
        report(
            &format!("{name} encrypt {DEVICES} devices (existing sessions)"),
            existing_times,
        );
        // Every member reads the last run's messages (earlier runs used the same prekeys).
        let (first, second) = last.unwrap();
        for member in &mut members {
            assert_decrypts(member, &first, "hello all", &mut rng);
            assert_decrypts(member, &second, "hello again", &mut rng);
        }
    }
}

/// One sender, one established session (the receiver has answered the key exchange), 1,000
/// messages in a row as a catch-up brings them. Each run is a new pair of devices.
#[wasm_bindgen_test]
fn decrypt_1000_messages_from_one_sender() {
    let mut rng = ChaCha20Rng::seed_from_u64(1000);
    let texts: Vec<String> = (0..MESSAGES).map(|n| format!("message {n}")).collect();
    for version in Version::ALL {
        let mut times = Vec::new();
        for _ in 0..RUNS {
            let mut sender = device(SENDER, &mut rng);
            let mut receiver = device(RECEIVER, &mut rng);
            let _ = receiver.receive_device_list(SENDER, version, &[sender.device_id()], NOW);
            let _ = sender.receive_device_list(RECEIVER, version, &[receiver.device_id()], NOW);
            let to_receiver = [recipient(&receiver)];
            let bundles = [fetched_bundle(&receiver, version)];
            let hello = encrypt(
                &mut sender,
                version,
                "hello",
                &to_receiver,
                &bundles,
                &mut rng,
            );
            assert_decrypts(&mut receiver, &hello, "hello", &mut rng);
            // The answer to the key exchange: from now on the sender sends plain ratchet messages.
            let to_sender = SessionAddress {
                device: address(&sender),
                version,
            };
            let answer = receiver
                .encrypt_empty(&to_sender, None, NOW, &mut rng)
                .unwrap();
            let answer = incoming(&answer.message, RECEIVER, &sender);
            assert!(sender
                .decrypt(&answer, NOW, &mut rng)
                .result
                .unwrap()
                .plaintext
                .is_none());

            let messages: Vec<IncomingMessage> = texts
                .iter()
                .map(|text| {
                    let message = encrypt(&mut sender, version, text, &to_receiver, &[], &mut rng);
                    incoming(&message, SENDER, &receiver)
                })
                .collect();
            assert!(messages
                .iter()
                .all(|message| !message.keys[0].is_key_exchange));
            let (outcomes, ms) = time(|| {
                messages
                    .iter()
                    .map(|message| receiver.decrypt(message, NOW, &mut rng))
                    .collect::<Vec<_>>()
            });
            times.push(ms);
            for (outcome, text) in outcomes.into_iter().zip(&texts) {
                let decrypted = outcome.result.unwrap().plaintext.unwrap();
                assert_eq!(decrypted.as_bytes(), plaintext(version, text).as_bytes());
            }
        }
        report(
            &format!("{} decrypt {MESSAGES} messages", label(version)),
            times,
        );
    }
}
