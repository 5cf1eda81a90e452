//! IQs we sent and still expect an answer to, with their deadlines.

use crate::jid::{BareJid, Jid};
use crate::Millis;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Purpose {
    Bind,
    Session,
    Roster { ver: Option<String> },
    Caller,
}

#[derive(Debug, Clone)]
pub(super) struct PendingIq {
    pub id: String,
    pub to: Option<Jid>,
    pub deadline: Millis,
    pub purpose: Purpose,
}

#[derive(Debug, Default)]
pub(super) struct PendingIqs {
    entries: Vec<PendingIq>,
}

impl PendingIqs {
    pub fn insert(&mut self, entry: PendingIq) {
        self.entries.push(entry);
    }

    /// Removes and returns the request `id` if `from` may answer it (RFC 6120 §10.1: a reply
    /// must come from where the request went; requests to our account are answered by our
    /// server). A spoofed answer leaves the request pending.
    pub fn take_answer(
        &mut self,
        id: &str,
        from: Option<&Jid>,
        own: &BareJid,
    ) -> Option<PendingIq> {
        let index = self
            .entries
            .iter()
            .position(|entry| entry.id == id && answer_allowed(entry.to.as_ref(), from, own))?;
        Some(self.entries.remove(index))
    }

    pub fn next_deadline(&self) -> Option<Millis> {
        self.entries.iter().map(|entry| entry.deadline).min()
    }

    /// Removes every request whose deadline is at or before `now`, earliest first.
    pub fn take_expired(&mut self, now: Millis) -> Vec<PendingIq> {
        let (mut expired, kept): (Vec<_>, Vec<_>) = self
            .entries
            .drain(..)
            .partition(|entry| entry.deadline <= now);
        self.entries = kept;
        expired.sort_by_key(|entry| entry.deadline);
        expired
    }
}

fn answer_allowed(to: Option<&Jid>, from: Option<&Jid>, own: &BareJid) -> bool {
    let from_own_account = |from: Option<&Jid>| match from {
        None => true,
        Some(from) => {
            from.as_bare() == own
                || (from.node().is_none()
                    && from.domain() == own.domain()
                    && from.resource().is_none())
        }
    };
    match to {
        None => from_own_account(from),
        Some(to) if to.as_bare() == own && to.resource().is_none() => from_own_account(from),
        Some(to) => from == Some(to),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn jid(s: &str) -> Jid {
        s.parse().unwrap()
    }

    #[test]
    fn answers_must_come_from_the_addressee() {
        let own: BareJid = "alice@example.org".parse().unwrap();
        assert!(answer_allowed(None, None, &own));
        assert!(answer_allowed(None, Some(&jid("alice@example.org")), &own));
        assert!(answer_allowed(
            None,
            Some(&jid("alice@example.org/phone")),
            &own
        ));
        assert!(answer_allowed(None, Some(&jid("example.org")), &own));
        assert!(!answer_allowed(
            None,
            Some(&jid("mallory@example.org")),
            &own
        ));
        assert!(answer_allowed(
            Some(&jid("bob@example.net")),
            Some(&jid("bob@example.net")),
            &own
        ));
        assert!(!answer_allowed(Some(&jid("bob@example.net")), None, &own));
        assert!(!answer_allowed(
            Some(&jid("bob@example.net")),
            Some(&jid("bob@example.net/x")),
            &own
        ));
        assert!(answer_allowed(Some(&jid("alice@example.org")), None, &own));
    }

    #[test]
    fn expires_in_deadline_order() {
        let mut pending = PendingIqs::default();
        for (id, deadline) in [("a", 30), ("b", 10), ("c", 50)] {
            pending.insert(PendingIq {
                id: id.into(),
                to: None,
                deadline,
                purpose: Purpose::Caller,
            });
        }
        assert_eq!(pending.next_deadline(), Some(10));
        let expired: Vec<String> = pending.take_expired(30).into_iter().map(|e| e.id).collect();
        assert_eq!(expired, vec!["b".to_owned(), "a".to_owned()]);
        assert_eq!(pending.next_deadline(), Some(50));
    }
}
