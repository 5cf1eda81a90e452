//! OMEMO devices for the ratchet benchmarks, through the machine API the client uses.

use omemo::{
    Config, DeviceAddress, EncryptRequest, FetchedBundle, IncomingMessage, OmemoMachine,
    OutgoingMessage, ReceivedKey, Recipient, Version,
};
use rand_chacha::rand_core::SeedableRng;
use rand_chacha::ChaCha20Rng;

pub const NOW: u64 = 1_790_000_000_000;

pub fn rng(seed: u64) -> ChaCha20Rng {
    ChaCha20Rng::seed_from_u64(seed)
}

/// A device with few prekeys, so that creating one costs little next to what is measured.
pub fn device(jid: &str, rng: &mut ChaCha20Rng) -> OmemoMachine {
    let config = Config {
        prekey_count: 5,
        ..Config::default()
    };
    OmemoMachine::create(jid, &[], config, NOW, rng).0
}

pub fn recipient(machine: &OmemoMachine) -> Recipient {
    Recipient {
        jid: machine.own_jid().to_owned(),
        devices: vec![machine.device_id()],
    }
}

pub fn bundle(machine: &OmemoMachine, version: Version) -> FetchedBundle {
    FetchedBundle {
        device: address(machine),
        bundle: machine.bundle(version),
    }
}

/// Encrypts `text` from `sender` for `to`, starting a session from `bundles` when given.
pub fn encrypt(
    sender: &mut OmemoMachine,
    version: Version,
    text: &str,
    to: &[Recipient],
    bundles: &[FetchedBundle],
    rng: &mut ChaCha20Rng,
) -> OutgoingMessage {
    let request = EncryptRequest {
        version,
        plaintext: text.as_bytes(),
        recipients: to,
        own_devices: &[],
        bundles,
    };
    let outcome = sender.encrypt(&request, NOW, rng).expect("encrypts");
    assert!(outcome.failures.is_empty(), "{:?}", outcome.failures);
    outcome.message.expect("a message")
}

pub fn address(machine: &OmemoMachine) -> DeviceAddress {
    DeviceAddress::new(machine.own_jid(), machine.device_id())
}

/// `message` as the XML layer of the device `own` hands it over: only the key meant for it.
pub fn incoming(message: &OutgoingMessage, sender: &str, own: &DeviceAddress) -> IncomingMessage {
    IncomingMessage {
        version: message.version,
        sender_jid: sender.to_owned(),
        sender_device_id: message.sender_device_id,
        keys: message
            .keys
            .iter()
            .filter(|key| &key.device == own)
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

/// Two devices whose session is established both ways (the receiver has answered).
pub fn established_pair(version: Version, rng: &mut ChaCha20Rng) -> (OmemoMachine, OmemoMachine) {
    let mut alice = device("alice@example.org", rng);
    let mut bob = device("bob@example.org", rng);
    let hello = encrypt(
        &mut alice,
        version,
        "hello",
        &[recipient(&bob)],
        &[bundle(&bob, version)],
        rng,
    );
    let outcome = bob.decrypt(
        &incoming(&hello, "alice@example.org", &address(&bob)),
        NOW,
        rng,
    );
    outcome.result.expect("bob reads the key exchange");
    let answer = encrypt(&mut bob, version, "hi", &[recipient(&alice)], &[], rng);
    let outcome = alice.decrypt(
        &incoming(&answer, "bob@example.org", &address(&alice)),
        NOW,
        rng,
    );
    outcome.result.expect("alice reads the answer");
    (alice, bob)
}
