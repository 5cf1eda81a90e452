//! The client's purge on virtual time, the way the browser driver runs it: one timer armed for
//! the nearest of `poll_timeout` and `purge_wake_at`, random messages (with and without their
//! own timers, stamped by a server whose clock is off), chat timer changes, wall-clock jumps and
//! reloads. A message is never deleted before its expiry; without clock jumps nothing expired
//! is ever still stored when the timer fires, and with them, nothing after the timer cap.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::collections::HashMap;
use std::rc::Rc;

use chat_client::ClientEvent;
use chat_store::retention::MAX_SLEEP_MS;
use chat_store::{ConversationId, Message, Retention, Store};
use futures::executor::block_on;
use proptest::prelude::*;
use support::server::FakeServer;
use support::{logged_in, pump, server_with_friends, Device};

const START: u64 = 1_790_000_000_000;

#[derive(Clone, Debug)]
enum Op {
    /// Bob's message arrives; a delay stamp `skew` ms off our clock when `stamped`.
    Receive {
        timer_secs: Option<u64>,
        stamped: bool,
        skew: i64,
    },
    /// Alice gives the chat a timer in seconds (`None`: off).
    SetTimer(Option<u64>),
    Advance(u64),
    Jump(i64),
    Reload,
}

fn op_strategy(jumps: bool) -> impl Strategy<Value = Op> {
    let jump_weight = u32::from(jumps);
    prop_oneof![
        4 => (proptest::option::of(1u64..120), any::<bool>(), -60_000i64..60_000)
            .prop_map(|(timer_secs, stamped, skew)| Op::Receive { timer_secs, stamped, skew }),
        1 => proptest::option::of(1u64..300).prop_map(Op::SetTimer),
        4 => (0u64..200_000).prop_map(Op::Advance),
        jump_weight => (-600_000i64..600_000).prop_map(Op::Jump),
        1 => Just(Op::Reload),
    ]
}

fn bob_chat() -> ConversationId {
    ConversationId::direct("bob@localhost")
}

struct Sim {
    server: FakeServer,
    alice: Device,
    wall: u64,
    mono: u64,
    timer_at: Option<u64>,
    next_id: u64,
    strict: bool,
}

impl Sim {
    fn new(strict: bool) -> Self {
        let mut server = server_with_friends();
        server.clock = START;
        let alice = logged_in(&mut server, "alice", START);
        let mut sim = Self {
            server,
            alice,
            wall: START,
            mono: 0,
            timer_at: None,
            next_id: 0,
            strict,
        };
        sim.arm();
        sim
    }

    fn stored(&self) -> HashMap<String, Message> {
        block_on(self.alice.store.messages(&bob_chat(), None, usize::MAX))
            .unwrap()
            .messages
            .into_iter()
            .map(|m| (m.id.clone(), m))
            .collect()
    }

    /// The driver's one timer: the nearest deadline, never further than the cap.
    fn arm(&mut self) {
        let deadline = [
            self.alice.client.poll_timeout(),
            self.alice.client.purge_wake_at(self.wall),
        ]
        .into_iter()
        .flatten()
        .min();
        self.timer_at = deadline.map(|d| self.mono + d.saturating_sub(self.wall));
    }

    /// Runs `action` and checks that whatever it deleted was due: by its stored expiry, or by
    /// the chat timer `new_timer_ms` that the action set.
    fn checked(&mut self, new_timer_ms: Option<u64>, action: impl FnOnce(&mut Self)) {
        let before = self.stored();
        self.alice.take_events();
        action(self);
        let removed: Vec<String> = self
            .alice
            .take_events()
            .into_iter()
            .filter_map(|e| match e {
                ClientEvent::MessagesRemoved(ids) => Some(ids),
                _ => None,
            })
            .flatten()
            .collect();
        let after = self.stored();
        for (id, message) in &before {
            if after.contains_key(id) {
                continue;
            }
            assert!(removed.contains(id), "{id} vanished without an event");
            let by_timer = new_timer_ms.map(|ms| message.timestamp.saturating_add(ms));
            let due = [message.expires_at, by_timer].into_iter().flatten().min();
            assert!(
                due.is_some_and(|due| due <= self.wall),
                "{id} deleted early: due {due:?}, now {}",
                self.wall
            );
        }
        self.arm();
    }

    fn overdue(&self) -> usize {
        let wall = self.wall;
        self.stored()
            .values()
            .filter(|m| m.expires_at.is_some_and(|e| e <= wall))
            .count()
    }

    fn advance(&mut self, dt: u64) {
        let target = self.mono + dt;
        let mut wakes = 0;
        while let Some(at) = self.timer_at.filter(|at| *at <= target) {
            wakes += 1;
            assert!(wakes < 10_000, "the timer keeps firing without progress");
            self.wall += at - self.mono;
            self.mono = at;
            if self.strict {
                let wall = self.wall;
                let late = self
                    .stored()
                    .values()
                    .filter(|m| m.expires_at.is_some_and(|e| e < wall))
                    .count();
                assert_eq!(late, 0, "the timer fired after an expiry");
            }
            self.checked(None, |sim| {
                block_on(sim.alice.client.handle_timeout(sim.wall)).unwrap();
                pump(&mut sim.server, &mut [&mut sim.alice], sim.wall);
            });
            if self.strict {
                assert_eq!(self.overdue(), 0, "an expired message survived the wake-up");
            }
        }
        self.wall += target - self.mono;
        self.mono = target;
    }

    fn apply(&mut self, op: Op) {
        match op {
            Op::Receive {
                timer_secs,
                stamped,
                skew,
            } => {
                self.next_id += 1;
                let stamp = self.wall.saturating_add_signed(skew);
                let delay = if stamped {
                    format!(
                        "<delay xmlns='urn:xmpp:delay' stamp='{}'/>",
                        xmpp_protocol::format_datetime(stamp - stamp % 1000)
                    )
                } else {
                    String::new()
                };
                let ephemeral = timer_secs
                    .map(|s| format!("<ephemeral xmlns='urn:xmpp:ephemeral:0' timer='{s}'/>"))
                    .unwrap_or_default();
                let frame = format!(
                    "<message xmlns='jabber:client' from='bob@localhost/x' to='alice@localhost' type='chat' id='p{}'><body>m{}</body>{ephemeral}{delay}</message>",
                    self.next_id, self.next_id
                );
                self.checked(None, |sim| {
                    sim.server.deliver_raw(sim.alice.conn.unwrap(), &frame);
                    pump(&mut sim.server, &mut [&mut sim.alice], sim.wall);
                });
                let wall = self.wall;
                assert!(
                    self.stored()
                        .values()
                        .all(|m| m.expires_at.is_none_or(|e| e > wall) || !self.strict),
                    "an already expired message was stored"
                );
            }
            Op::SetTimer(secs) => {
                let ms = secs.map(|s| s * 1_000);
                self.checked(ms, |sim| {
                    block_on(sim.alice.client.set_chat_retention(
                        &bob_chat(),
                        Some(ms.map_or(Retention::Forever, Retention::After)),
                        false,
                        sim.wall,
                    ))
                    .unwrap();
                    pump(&mut sim.server, &mut [&mut sim.alice], sim.wall);
                });
            }
            Op::Advance(dt) => self.advance(dt),
            Op::Jump(delta) => self.wall = self.wall.saturating_add_signed(delta),
            Op::Reload => self.checked(None, |sim| {
                let store = Rc::clone(&sim.alice.store);
                if let Some(conn) = sim.alice.conn.take() {
                    sim.server.disconnect(conn);
                }
                sim.alice = Device::with_store(store);
                assert!(sim.alice.restore_and_resume(&mut sim.server, sim.wall));
                pump(&mut sim.server, &mut [&mut sim.alice], sim.wall);
            }),
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn without_clock_jumps_the_purge_is_never_early_and_never_late(
        ops in proptest::collection::vec(op_strategy(false), 1..30)
    ) {
        let mut sim = Sim::new(true);
        for op in ops {
            sim.apply(op);
        }
    }

    #[test]
    fn with_clock_jumps_nothing_is_early_and_nothing_outlives_the_cap(
        ops in proptest::collection::vec(op_strategy(true), 1..30)
    ) {
        let mut sim = Sim::new(false);
        for op in ops {
            sim.apply(op);
        }
        sim.advance(MAX_SLEEP_MS);
        prop_assert_eq!(sim.overdue(), 0);
    }
}
