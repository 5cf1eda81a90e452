//! RFC 6121 Appendix A: the nine subscription states of a contact, as seen from our side, and
//! how each presence subscription stanza moves between them. The server owns the real state
//! (and tells us through roster pushes); this model lets the client explain a contact's state
//! and is checked against the RFC's tables.

use crate::model::{RosterItem, Subscription};

/// One of RFC 6121's nine states: who sees whose presence, and which requests are pending.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct SubscriptionState {
    /// We receive their presence ("To").
    pub to: bool,
    /// They receive ours ("From").
    pub from: bool,
    /// We asked to see theirs and they have not answered.
    pub pending_out: bool,
    /// They asked to see ours and we have not answered.
    pub pending_in: bool,
}

/// The subscription stanzas of RFC 6121 §3, by direction relative to us.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SubscriptionEvent {
    OutboundSubscribe,
    OutboundUnsubscribe,
    OutboundSubscribed,
    OutboundUnsubscribed,
    InboundSubscribe,
    InboundUnsubscribe,
    InboundSubscribed,
    InboundUnsubscribed,
}

impl SubscriptionState {
    /// The state of a roster item (`None`: not in the roster), plus whether they have a request
    /// waiting for our answer.
    pub fn of(item: Option<&RosterItem>, pending_in: bool) -> Self {
        let subscription = item.map_or(Subscription::None, |i| i.subscription);
        let to = matches!(subscription, Subscription::To | Subscription::Both);
        let from = matches!(subscription, Subscription::From | Subscription::Both);
        Self {
            to,
            from,
            pending_out: !to && item.is_some_and(|i| i.ask),
            pending_in: !from && pending_in,
        }
    }

    /// The state after `event` (RFC 6121 Appendix A.2 and A.3).
    pub fn apply(self, event: SubscriptionEvent) -> Self {
        use SubscriptionEvent as E;
        let mut next = self;
        match event {
            E::OutboundSubscribe => next.pending_out = !self.to,
            E::InboundSubscribed if self.pending_out => {
                next.to = true;
                next.pending_out = false;
            }
            E::OutboundUnsubscribe | E::InboundUnsubscribed => {
                next.to = false;
                next.pending_out = false;
            }
            E::InboundSubscribe => next.pending_in = !self.from,
            E::OutboundSubscribed if self.pending_in => {
                next.from = true;
                next.pending_in = false;
            }
            E::OutboundUnsubscribed | E::InboundUnsubscribe => {
                next.from = false;
                next.pending_in = false;
            }
            E::InboundSubscribed | E::OutboundSubscribed => {}
        }
        next
    }
}
