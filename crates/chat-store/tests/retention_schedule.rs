//! The purge schedule on virtual time: random messages, settings changes, clock jumps and
//! reloads. A purge is never early, and an expired message never outlives its expiry by more
//! than the timer cap (not at all when the clock does not jump).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chat_store::retention::{self, MAX_SLEEP_MS, MINUTE};
use chat_store::{
    purge_expired, Changes, ConversationId, DeliveryState, Direction, MemoryStore, Message,
    MessageEncryption, PurgeSchedule, Retention, Store,
};
use futures::executor::block_on;
use proptest::prelude::*;

#[derive(Clone, Debug)]
enum Op {
    /// A message arrives; its server timestamp is `skew` ms off the local wall clock.
    Receive {
        chat: usize,
        skew: i64,
        timer: Option<u64>,
    },
    SetRetention {
        chat: usize,
        retention: Option<Retention>,
    },
    Advance(u64),
    /// The wall clock jumps (NTP, manual change); monotonic time does not.
    Jump(i64),
    Reload,
}

fn retention_strategy() -> impl Strategy<Value = Option<Retention>> {
    prop_oneof![
        Just(None),
        Just(Some(Retention::Forever)),
        (1u64..20).prop_map(|m| Some(Retention::After(m * MINUTE / 2))),
    ]
}

fn op_strategy(jumps: bool) -> impl Strategy<Value = Op> {
    let jump_weight = if jumps { 1 } else { 0 };
    prop_oneof![
        4 => (0usize..3, -120_000i64..120_000, proptest::option::of(1_000u64..600_000))
            .prop_map(|(chat, skew, timer)| Op::Receive { chat, skew, timer }),
        1 => (0usize..3, retention_strategy()).prop_map(|(chat, retention)| Op::SetRetention { chat, retention }),
        4 => (0u64..300_000).prop_map(Op::Advance),
        jump_weight => (-3_600_000i64..3_600_000).prop_map(Op::Jump),
        1 => Just(Op::Reload),
    ]
}

struct Sim {
    store: MemoryStore,
    schedule: PurgeSchedule,
    global: Retention,
    chats: [Option<Retention>; 3],
    wall: u64,
    mono: u64,
    /// Monotonic time the armed timer fires.
    timer_at: Option<u64>,
    next_id: u64,
    /// Worst lateness seen: how long past its expiry a message was still stored at a check.
    worst_linger: u64,
    /// Without clock jumps a timer must fire exactly at the earliest expiry, never after it.
    strict: bool,
}

fn chat_id(chat: usize) -> ConversationId {
    ConversationId::direct(format!("peer{chat}@example.org"))
}

impl Sim {
    fn new() -> Self {
        Self {
            store: MemoryStore::new(),
            schedule: PurgeSchedule::new(),
            global: Retention::After(5 * MINUTE),
            chats: [None; 3],
            wall: 1_800_000_000_000,
            mono: 0,
            timer_at: None,
            next_id: 0,
            worst_linger: 0,
            strict: false,
        }
    }

    fn all_messages(&self) -> Vec<Message> {
        (0..3)
            .flat_map(|c| {
                block_on(self.store.messages(&chat_id(c), None, usize::MAX))
                    .unwrap()
                    .messages
            })
            .collect()
    }

    /// What the driver does on every wake-up: purge if due, then re-arm.
    fn wake(&mut self) {
        if self.schedule.is_due(self.wall) {
            let before = self.all_messages();
            let outcome =
                block_on(purge_expired(&self.store, &mut self.schedule, self.wall)).unwrap();
            for id in &outcome.removed {
                let message = before.iter().find(|m| &m.id == id).unwrap();
                let expiry = message.expires_at.unwrap();
                assert!(
                    expiry <= self.wall,
                    "purged {id} early: expires {expiry}, now {}",
                    self.wall
                );
            }
        }
        self.timer_at = self.schedule.sleep_ms(self.wall).map(|d| self.mono + d);
        self.check_lingering();
    }

    fn check_lingering(&mut self) {
        for message in self.all_messages() {
            if let Some(expiry) = message.expires_at {
                self.worst_linger = self.worst_linger.max(self.wall.saturating_sub(expiry));
            }
        }
    }

    fn advance(&mut self, dt: u64) {
        let target = self.mono + dt;
        let mut wakes = 0;
        while let Some(at) = self.timer_at.filter(|at| *at <= target) {
            wakes += 1;
            assert!(
                wakes < 10_000,
                "the purge timer keeps firing without making progress"
            );
            self.wall += at - self.mono;
            self.mono = at;
            if self.strict {
                let wall = self.wall;
                let overdue = self
                    .all_messages()
                    .into_iter()
                    .filter(|m| m.expires_at.is_some_and(|e| e < wall))
                    .count();
                assert_eq!(overdue, 0, "the timer fired after a message's expiry");
            }
            self.wake();
        }
        self.wall += target - self.mono;
        self.mono = target;
        self.check_lingering();
    }

    fn apply(&mut self, op: Op) {
        match op {
            Op::Receive { chat, skew, timer } => {
                let timestamp = self.wall.saturating_add_signed(skew);
                let retention = retention::effective(self.global, self.chats[chat]);
                let expires_at = retention::expires_at(timestamp, retention, timer);
                self.next_id += 1;
                let message = Message {
                    id: format!("m{:06}", self.next_id),
                    conversation: chat_id(chat),
                    direction: Direction::In,
                    sender: "peer".into(),
                    body: "hi".into(),
                    timestamp,
                    origin_id: None,
                    stanza_id: None,
                    state: DeliveryState::Received,
                    encryption: MessageEncryption::Plain,
                    expires_at,
                    meta: Default::default(),
                };
                block_on(self.store.save_changes(Changes {
                    message_upserts: vec![message],
                    ..Changes::default()
                }))
                .unwrap();
                if let Some(at) = expires_at {
                    self.schedule.message_stored(at);
                }
                self.wake();
            }
            Op::SetRetention { chat, retention } => {
                // The client recomputes the expiry of the chat's stored messages; a per-message
                // timer is not modelled here, so the retention alone decides.
                self.chats[chat] = retention;
                let effective = retention::effective(self.global, retention);
                let changed: Vec<Message> =
                    block_on(self.store.messages(&chat_id(chat), None, usize::MAX))
                        .unwrap()
                        .messages
                        .into_iter()
                        .map(|mut m| {
                            m.expires_at = retention::expires_at(m.timestamp, effective, None);
                            m
                        })
                        .collect();
                block_on(self.store.save_changes(Changes {
                    message_upserts: changed,
                    ..Changes::default()
                }))
                .unwrap();
                self.schedule
                    .reset(block_on(self.store.next_expiry()).unwrap());
                self.wake();
            }
            Op::Advance(dt) => self.advance(dt),
            Op::Jump(delta) => {
                self.wall = self.wall.saturating_add_signed(delta);
                // Nothing wakes the page for a jump: the capped timer is what catches it.
                self.check_lingering();
            }
            Op::Reload => {
                self.schedule = PurgeSchedule::new();
                block_on(purge_expired(&self.store, &mut self.schedule, self.wall)).unwrap();
                self.wake();
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn without_clock_jumps_purges_exactly_on_time(ops in proptest::collection::vec(op_strategy(false), 1..60)) {
        let mut sim = Sim::new();
        sim.strict = true;
        for op in ops {
            sim.apply(op);
            prop_assert_eq!(sim.worst_linger, 0, "an expired message was still stored");
        }
    }

    #[test]
    fn with_clock_jumps_never_early_and_late_by_at_most_the_cap(ops in proptest::collection::vec(op_strategy(true), 1..60)) {
        let mut sim = Sim::new();
        for op in ops {
            sim.apply(op);
        }
        // However the clock jumped, letting the cap's time pass purges everything expired.
        sim.worst_linger = 0;
        sim.advance(MAX_SLEEP_MS);
        let now = sim.wall;
        prop_assert!(sim.all_messages().iter().all(|m| m.expires_at.is_none_or(|e| e > now)));
    }
}
