//! Machines talking through a simulated server: PEP device lists and bundles, messages
//! routed to every device of a JID. Each party keeps a "store" that only ever sees the
//! `Changes` of the calls, so tests can check that the changes describe the state completely.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::{BTreeMap, BTreeSet};

use omemo::{
    Bundle, Changes, Config, DecryptOutcome, DeviceAddress, FetchedBundle, FollowUp,
    IncomingMessage, MachineState, OmemoMachine, OutgoingMessage, ReceivedKey, SessionAddress,
    Update, Version,
};

use super::DrbgRng;

pub const DAY: u64 = 24 * 60 * 60 * 1000;
pub const START: u64 = 1_770_000_000_000;

/// One device: its machine and what its store holds.
pub struct Party {
    pub machine: OmemoMachine,
    pub store: MachineState,
    /// Empty messages this party still owes (from follow-ups).
    pub owed: Vec<FollowUp>,
}

impl Party {
    pub fn jid(&self) -> &str {
        self.machine.own_jid()
    }

    pub fn id(&self) -> u32 {
        self.machine.device_id()
    }

    pub fn address(&self) -> DeviceAddress {
        DeviceAddress::new(self.jid(), self.id())
    }

    pub fn session_address(&self, version: Version) -> SessionAddress {
        SessionAddress {
            device: self.address(),
            version,
        }
    }

    pub fn save(&mut self, changes: &Changes) {
        self.store.apply(changes);
    }

    /// The store, built only from changes, equals the live state.
    pub fn assert_store_complete(&self) {
        assert_eq!(
            serde_json::to_value(&self.store).unwrap(),
            serde_json::to_value(self.machine.state()).unwrap(),
            "the changes of {} did not describe its state",
            self.jid()
        );
    }

    /// A machine restored from the store, as after a reload.
    pub fn reload(&mut self) {
        let json = serde_json::to_string(&self.store).unwrap();
        let state: MachineState = serde_json::from_str(&json).unwrap();
        self.machine = OmemoMachine::from_state(state, self.machine.config().clone());
    }
}

/// The server side: device lists and bundles per JID and version, a clock and the RNG.
pub struct Network {
    pub rng: DrbgRng,
    pub now: u64,
    lists: BTreeMap<(String, Version), Vec<u32>>,
    bundles: BTreeMap<(DeviceAddress, Version), Bundle>,
    /// One-time prekeys some initiator already used. A real server keeps serving them until the
    /// owner republishes, so two initiators can pick the same one and the second key exchange
    /// is undecryptable by design (OMEMO's known race); the simulated server hides used ones so
    /// the random schedules test the ratchets, not that race.
    claimed: BTreeSet<(DeviceAddress, Version, u32)>,
}

impl Network {
    pub fn new(seed: u64) -> Self {
        Network {
            rng: DrbgRng::seeded(seed),
            now: START,
            lists: BTreeMap::new(),
            bundles: BTreeMap::new(),
            claimed: BTreeSet::new(),
        }
    }

    /// A new device for `jid` that logs in: fetches its own lists, publishes itself.
    pub fn join(&mut self, jid: &str) -> Party {
        self.join_with(jid, Config::default())
    }

    pub fn join_with(&mut self, jid: &str, config: Config) -> Party {
        let taken: Vec<u32> = Version::ALL
            .iter()
            .flat_map(|version| self.list(jid, *version))
            .collect();
        let (machine, update) = OmemoMachine::create(jid, &taken, config, self.now, &mut self.rng);
        let changes = update.changes.clone();
        let store = MachineState::from_records(
            changes.own_device.clone().unwrap(),
            changes.prekeys.clone(),
            [],
            [],
            [],
        );
        let mut party = Party {
            machine,
            store,
            owed: Vec::new(),
        };
        self.handle(&mut party, update);
        for version in Version::ALL {
            let list = self.list(jid, version);
            let update = party
                .machine
                .receive_device_list(jid, version, &list, self.now);
            assert!(update
                .follow_ups
                .contains(&FollowUp::PublishDeviceList { version }));
            self.handle(&mut party, update);
        }
        party.assert_store_complete();
        party
    }

    pub fn list(&self, jid: &str, version: Version) -> Vec<u32> {
        self.lists
            .get(&(jid.to_owned(), version))
            .cloned()
            .unwrap_or_default()
    }

    pub fn published_bundle(&self, device: &DeviceAddress, version: Version) -> Option<&Bundle> {
        self.bundles.get(&(device.clone(), version))
    }

    /// Saves the changes and carries out the follow-ups (publishing, list fetches); empty
    /// messages are remembered in `party.owed`.
    pub fn handle(&mut self, party: &mut Party, update: Update) {
        party.save(&update.changes);
        self.follow(party, update.follow_ups);
    }

    pub fn follow(&mut self, party: &mut Party, follow_ups: Vec<FollowUp>) {
        for follow_up in follow_ups {
            match follow_up {
                FollowUp::PublishBundle { version } => {
                    self.bundles
                        .insert((party.address(), version), party.machine.bundle(version));
                }
                FollowUp::PublishDeviceList { version } => {
                    let list = party.machine.own_device_list(version);
                    self.lists.insert((party.jid().to_owned(), version), list);
                }
                FollowUp::RefetchDeviceList { jid, version } => {
                    let list = self.list(&jid, version);
                    let update = party
                        .machine
                        .receive_device_list(&jid, version, &list, self.now);
                    self.handle(party, update);
                }
                owed => party.owed.push(owed),
            }
        }
    }

    /// Fetches the device lists of `jids` (and the own one) into the party's machine.
    pub fn refresh_lists(&mut self, party: &mut Party, jids: &[&str]) {
        let own = party.jid().to_owned();
        for jid in jids.iter().copied().chain(std::iter::once(own.as_str())) {
            for version in Version::ALL {
                let list = self.list(jid, version);
                let update = party
                    .machine
                    .receive_device_list(jid, version, &list, self.now);
                self.handle(party, update);
            }
        }
    }

    /// Encrypts `text` to every active device of `to` and the own other devices, fetching
    /// the bundles the machine asks for. Every device must get a key.
    pub fn send(
        &mut self,
        from: &mut Party,
        to: &[&str],
        text: &str,
        version: Version,
    ) -> OutgoingMessage {
        let outcome = self.try_send(from, to, text, version);
        assert!(outcome.failures.is_empty(), "{:?}", outcome.failures);
        outcome.message.expect("nothing encrypted")
    }

    pub fn try_send(
        &mut self,
        from: &mut Party,
        to: &[&str],
        text: &str,
        version: Version,
    ) -> omemo::EncryptOutcome {
        let recipients: Vec<omemo::Recipient> = to
            .iter()
            .map(|jid| from.machine.recipient(jid, version))
            .collect();
        let own = from.machine.own_other_devices(version);
        let bundles: Vec<FetchedBundle> = from
            .machine
            .missing_bundles(version, &recipients, &own)
            .into_iter()
            .filter_map(|device| {
                let mut bundle = self.published_bundle(&device, version)?.clone();
                bundle
                    .prekeys
                    .retain(|prekey| !self.claimed.contains(&(device.clone(), version, prekey.id)));
                Some(FetchedBundle { device, bundle })
            })
            .collect();
        let request = omemo::EncryptRequest {
            version,
            plaintext: text.as_bytes(),
            recipients: &recipients,
            own_devices: &own,
            bundles: &bundles,
        };
        let outcome = from
            .machine
            .encrypt(&request, self.now, &mut self.rng)
            .unwrap();
        from.save(&outcome.changes);
        if let Some(message) = &outcome.message {
            for key in message.keys.iter().filter(|key| key.is_key_exchange) {
                if let Ok(exchange) = omemo::wire::KeyExchange::parse(version, &key.data) {
                    if let Some(id) = exchange.prekey_id {
                        self.claimed.insert((key.device.clone(), version, id));
                    }
                }
            }
        }
        outcome
    }

    /// Delivers `message` from `sender` to `to` as the XML layer would hand it over.
    pub fn deliver(
        &mut self,
        sender: &DeviceAddress,
        message: &OutgoingMessage,
        to: &mut Party,
    ) -> DecryptOutcome {
        let incoming = incoming_for(sender, message, to.jid());
        let outcome = to.machine.decrypt(&incoming, self.now, &mut self.rng);
        to.save(&outcome.changes);
        self.follow(to, outcome.follow_ups.clone());
        outcome
    }

    /// Delivers and expects `text`.
    pub fn expect_text(
        &mut self,
        sender: &DeviceAddress,
        message: &OutgoingMessage,
        to: &mut Party,
        text: &str,
    ) -> DecryptOutcome {
        let outcome = self.deliver(sender, message, to);
        let decrypted = outcome
            .result
            .as_ref()
            .unwrap_or_else(|error| panic!("{} could not decrypt: {error}", to.jid()));
        let plaintext = decrypted.plaintext.as_ref().expect("an empty message");
        assert_eq!(plaintext.as_str().unwrap(), text);
        outcome
    }

    /// The empty messages `party` owes, encrypted (sessions that need a rebuild get the
    /// published bundle).
    pub fn pay_debts(&mut self, party: &mut Party) -> Vec<(SessionAddress, OutgoingMessage)> {
        let mut sent = Vec::new();
        for follow_up in std::mem::take(&mut party.owed) {
            let (address, bundle) = match follow_up {
                FollowUp::SendEmptyMessage {
                    device, version, ..
                } => (SessionAddress { device, version }, None),
                FollowUp::RebuildSession { device, version } => {
                    let bundle = self.published_bundle(&device, version).cloned();
                    (SessionAddress { device, version }, bundle)
                }
                other => panic!("unexpected follow-up {other:?}"),
            };
            let empty = party
                .machine
                .encrypt_empty(&address, bundle.as_ref(), self.now, &mut self.rng)
                .unwrap();
            party.save(&empty.changes);
            sent.push((address, empty.message));
        }
        sent
    }
}

/// The `<encrypted>` content as the recipient's XML layer extracts it: OMEMO 2 keys under the
/// recipient's JID, all keys in legacy.
pub fn incoming_for(
    sender: &DeviceAddress,
    message: &OutgoingMessage,
    recipient_jid: &str,
) -> IncomingMessage {
    IncomingMessage {
        version: message.version,
        sender_jid: sender.jid.clone(),
        sender_device_id: message.sender_device_id,
        keys: message
            .keys
            .iter()
            .filter(|key| message.version == Version::Legacy || key.device.jid == recipient_jid)
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
