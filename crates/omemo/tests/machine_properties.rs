//! Random schedules of three devices (Alice's two, Bob's one) sending, receiving out of order,
//! losing messages and paying owed empty messages: every delivered message decrypts once,
//! and each store, fed only with changes, matches its machine.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::network::{Network, Party};
use omemo::{DeviceAddress, OutgoingMessage, Version};
use proptest::prelude::*;

const ALICE: &str = "alice@example.org";
const BOB: &str = "bob@example.org";

#[derive(Debug, Clone)]
enum Step {
    Send {
        from: usize,
    },
    /// Delivers one of the two oldest messages waiting for `to`.
    Deliver {
        to: usize,
        newer: bool,
    },
    /// Loses the oldest message waiting for `to`.
    Lose {
        to: usize,
    },
    PayDebts {
        from: usize,
    },
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        1 => (0..3usize).prop_map(|from| Step::Send { from }),
        3 => (0..3usize, any::<bool>()).prop_map(|(to, newer)| Step::Deliver { to, newer }),
        1 => (0..3usize).prop_map(|to| Step::Lose { to }),
        1 => (0..3usize).prop_map(|from| Step::PayDebts { from }),
    ]
}

struct InFlight {
    sender: DeviceAddress,
    message: OutgoingMessage,
    text: Option<String>,
}

fn run(version: Version, steps: &[Step]) {
    let mut net = Network::new(40);
    let mut parties: Vec<Party> = vec![net.join(ALICE), net.join(ALICE), net.join(BOB)];
    for party in &mut parties {
        net.refresh_lists(party, &[ALICE, BOB]);
    }
    let mut queues: Vec<Vec<InFlight>> = vec![Vec::new(), Vec::new(), Vec::new()];
    let index_of = |parties: &[Party], device: &DeviceAddress| {
        parties
            .iter()
            .position(|party| party.address() == *device)
            .unwrap()
    };
    let mut counter = 0;
    for step in steps {
        match *step {
            Step::Send { from } => {
                counter += 1;
                let text = format!("message {counter}");
                let to = if from == 2 { ALICE } else { BOB };
                let message = net.send(&mut parties[from], &[to], &text, version);
                for key in &message.keys {
                    let target = index_of(&parties, &key.device);
                    queues[target].push(InFlight {
                        sender: parties[from].address(),
                        message: message.clone(),
                        text: Some(text.clone()),
                    });
                }
            }
            Step::Deliver { to, newer } => {
                if queues[to].is_empty() {
                    continue;
                }
                let pick = usize::from(newer && queues[to].len() > 1);
                let item = queues[to].remove(pick);
                let outcome = net.deliver(&item.sender, &item.message, &mut parties[to]);
                let decrypted = outcome.result.unwrap_or_else(|error| panic!("{error}"));
                let plaintext = decrypted.plaintext.map(|p| p.as_str().unwrap().to_owned());
                assert_eq!(plaintext, item.text);
            }
            Step::Lose { to } => {
                if !queues[to].is_empty() {
                    queues[to].remove(0);
                }
            }
            Step::PayDebts { from } => {
                let sender = parties[from].address();
                for (address, message) in net.pay_debts(&mut parties[from]) {
                    let target = index_of(&parties, &address.device);
                    queues[target].push(InFlight {
                        sender: sender.clone(),
                        message,
                        text: None,
                    });
                }
            }
        }
    }
    for party in &parties {
        party.assert_store_complete();
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn random_schedules_keep_every_device_readable(
        legacy in any::<bool>(),
        steps in proptest::collection::vec(step(), 1..40),
    ) {
        run(if legacy { Version::Legacy } else { Version::Omemo2 }, &steps);
    }
}
