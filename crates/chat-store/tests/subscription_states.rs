//! Every row of RFC 6121 Appendix A.2 (outbound) and A.3 (inbound) subscription tables.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chat_store::subscription::{SubscriptionEvent as E, SubscriptionState};
use chat_store::{RosterItem, Subscription};

/// The RFC's names for the nine states.
fn state(name: &str) -> SubscriptionState {
    let (to, from) = match name.split(" + ").next().unwrap() {
        "None" => (false, false),
        "To" => (true, false),
        "From" => (false, true),
        "Both" => (true, true),
        other => panic!("unknown state {other}"),
    };
    SubscriptionState {
        to,
        from,
        pending_out: name.contains("Pending Out"),
        pending_in: name.contains("Pending In"),
    }
}

const STATES: [&str; 9] = [
    "None",
    "None + Pending Out",
    "None + Pending In",
    "None + Pending Out + Pending In",
    "To",
    "To + Pending In",
    "From",
    "From + Pending Out",
    "Both",
];

/// For each event, the state each of `STATES` moves to, in the RFC's order ("" = no change).
const TABLES: [(E, [&str; 9]); 8] = [
    // A.2.1 outbound subscribe
    (
        E::OutboundSubscribe,
        [
            "None + Pending Out",
            "",
            "None + Pending Out + Pending In",
            "",
            "",
            "",
            "From + Pending Out",
            "",
            "",
        ],
    ),
    // A.2.2 outbound unsubscribe
    (
        E::OutboundUnsubscribe,
        [
            "",
            "None",
            "",
            "None + Pending In",
            "None",
            "None + Pending In",
            "",
            "From",
            "From",
        ],
    ),
    // A.2.3 outbound subscribed
    (
        E::OutboundSubscribed,
        ["", "", "From", "From + Pending Out", "", "Both", "", "", ""],
    ),
    // A.2.4 outbound unsubscribed
    (
        E::OutboundUnsubscribed,
        [
            "",
            "",
            "None",
            "None + Pending Out",
            "",
            "To",
            "None",
            "None + Pending Out",
            "To",
        ],
    ),
    // A.3.1 inbound subscribe
    (
        E::InboundSubscribe,
        [
            "None + Pending In",
            "None + Pending Out + Pending In",
            "",
            "",
            "To + Pending In",
            "",
            "",
            "",
            "",
        ],
    ),
    // A.3.2 inbound unsubscribe
    (
        E::InboundUnsubscribe,
        [
            "",
            "",
            "None",
            "None + Pending Out",
            "",
            "To",
            "None",
            "None + Pending Out",
            "To",
        ],
    ),
    // A.3.3 inbound subscribed
    (
        E::InboundSubscribed,
        ["", "To", "", "To + Pending In", "", "", "", "Both", ""],
    ),
    // A.3.4 inbound unsubscribed
    (
        E::InboundUnsubscribed,
        [
            "",
            "None",
            "",
            "None + Pending In",
            "None",
            "None + Pending In",
            "",
            "From",
            "From",
        ],
    ),
];

#[test]
fn every_transition_matches_rfc_6121_appendix_a() {
    for (event, row) in TABLES {
        for (from_name, to_name) in STATES.iter().zip(row) {
            let expected = if to_name.is_empty() {
                state(from_name)
            } else {
                state(to_name)
            };
            assert_eq!(
                state(from_name).apply(event),
                expected,
                "{from_name} on {event:?}"
            );
        }
    }
}

#[test]
fn roster_items_map_to_their_state() {
    let mut item = RosterItem::new("juliet@example.com");
    assert_eq!(SubscriptionState::of(None, false), state("None"));
    assert_eq!(
        SubscriptionState::of(None, true),
        state("None + Pending In")
    );
    item.ask = true;
    assert_eq!(
        SubscriptionState::of(Some(&item), true),
        state("None + Pending Out + Pending In")
    );
    item.subscription = Subscription::From;
    assert_eq!(
        SubscriptionState::of(Some(&item), true),
        state("From + Pending Out"),
        "a pending-in is moot once they see us"
    );
    item.subscription = Subscription::Both;
    assert_eq!(
        SubscriptionState::of(Some(&item), false),
        state("Both"),
        "ask is moot once we see them"
    );
}
