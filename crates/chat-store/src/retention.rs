//! Disappearing messages: which retention applies to a message, when it expires, and the
//! schedule that tells the driver when to wake up and purge.
//!
//! Pure: time comes in as arguments. The age of a message counts from its own timestamp
//! (server time when the server gave one), so every device of the user purges it at the same
//! moment whatever its local clock says about when it arrived.

use serde::{Deserialize, Serialize};

use crate::model::Millis;

/// How long messages stay on this device.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase", tag = "kind", content = "ms")]
pub enum Retention {
    Forever,
    /// Deleted this many milliseconds after the message's timestamp.
    After(u64),
}

pub const MINUTE: u64 = 60_000;
pub const HOUR: u64 = 60 * MINUTE;
pub const DAY: u64 = 24 * HOUR;

/// The choices offered in the settings, shortest last; "custom" is any other `After`.
pub const PRESETS: [Retention; 6] = [
    Retention::Forever,
    Retention::After(5 * MINUTE),
    Retention::After(HOUR),
    Retention::After(DAY),
    Retention::After(7 * DAY),
    Retention::After(30 * DAY),
];

/// The shortest and longest timers accepted from anyone, the user included: below a second a
/// message could vanish before it is read; beyond ten years it is "forever" in practice and
/// arithmetic on it stops being meaningful.
pub const MIN_TIMER_MS: u64 = 1_000;
pub const MAX_TIMER_MS: u64 = 10 * 365 * DAY;

/// The retention in force for a conversation: its own override, else the global default.
pub fn effective(global: Retention, chat_override: Option<Retention>) -> Retention {
    chat_override.unwrap_or(global)
}

/// When a message must be gone: the shortest of the retention in force and a timer carried by
/// the message itself (XEP-0466, or "send this one as disappearing"). `None` = never.
pub fn expires_at(
    timestamp: Millis,
    retention: Retention,
    message_timer_ms: Option<u64>,
) -> Option<Millis> {
    let from_retention = match retention {
        Retention::Forever => None,
        Retention::After(ms) => Some(ms),
    };
    let shortest = match (from_retention, message_timer_ms) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    shortest.map(|ms| timestamp.saturating_add(ms))
}

/// Why a timer from a peer (XEP-0466 `timer`, in seconds) was not accepted.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TimerError {
    #[error("the timer is not a whole number of seconds: {0:?}")]
    NotANumber(String),
    #[error("a timer must be at least one second")]
    TooShort,
    #[error("a timer longer than ten years is not accepted")]
    TooLong,
}

/// Validates a peer's timer in seconds and returns it in milliseconds.
pub fn peer_timer_ms(seconds: &str) -> Result<u64, TimerError> {
    let trimmed = seconds.trim();
    if trimmed.is_empty() || !trimmed.bytes().all(|b| b.is_ascii_digit()) {
        return Err(TimerError::NotANumber(seconds.chars().take(32).collect()));
    }
    // All digits: only overflow can fail, and that is "too long".
    let secs: u64 = trimmed.parse().map_err(|_| TimerError::TooLong)?;
    let ms = secs.checked_mul(1_000).ok_or(TimerError::TooLong)?;
    if ms < MIN_TIMER_MS {
        return Err(TimerError::TooShort);
    }
    if ms > MAX_TIMER_MS {
        return Err(TimerError::TooLong);
    }
    Ok(ms)
}

/// The next moment a purge is due. The driver arms one timer for [`Self::next_deadline`] and
/// also asks [`Self::is_due`] whenever it wakes for another reason (a timer in a background tab
/// or after the machine slept may fire late; a wall-clock jump makes the deadline due early in
/// monotonic terms — both are caught because the question is asked against the current time).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PurgeSchedule {
    next: Option<Millis>,
}

impl PurgeSchedule {
    pub fn new() -> Self {
        Self::default()
    }

    /// A message that expires at `expires_at` was stored.
    pub fn message_stored(&mut self, expires_at: Millis) {
        self.next = Some(self.next.map_or(expires_at, |n| n.min(expires_at)));
    }

    /// Replaces the deadline with the store's earliest expiry (after start-up, a purge or a
    /// settings change, when expiries may have moved later).
    pub fn reset(&mut self, earliest: Option<Millis>) {
        self.next = earliest;
    }

    pub fn next_deadline(&self) -> Option<Millis> {
        self.next
    }

    pub fn is_due(&self, now: Millis) -> bool {
        self.next.is_some_and(|deadline| deadline <= now)
    }

    /// How long the driver may sleep from `now`. Capped, because browser timers run on a
    /// monotonic clock: after the wall clock jumps forward (or the machine sleeps) a long timer
    /// would fire late, and the cap bounds how long an expired message can linger.
    pub fn sleep_ms(&self, now: Millis) -> Option<u64> {
        self.next
            .map(|deadline| deadline.saturating_sub(now).min(MAX_SLEEP_MS))
    }
}

/// The longest the purge timer sleeps before checking again.
pub const MAX_SLEEP_MS: u64 = MINUTE;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortest_timer_wins_and_forever_means_never() {
        assert_eq!(expires_at(1_000, Retention::Forever, None), None);
        assert_eq!(
            expires_at(1_000, Retention::After(HOUR), None),
            Some(1_000 + HOUR)
        );
        assert_eq!(
            expires_at(1_000, Retention::After(HOUR), Some(5 * MINUTE)),
            Some(1_000 + 5 * MINUTE)
        );
        assert_eq!(
            expires_at(1_000, Retention::Forever, Some(MINUTE)),
            Some(1_000 + MINUTE)
        );
        assert_eq!(
            expires_at(u64::MAX - 1, Retention::After(DAY), None),
            Some(u64::MAX)
        );
    }

    #[test]
    fn chat_override_beats_global() {
        assert_eq!(
            effective(Retention::After(DAY), None),
            Retention::After(DAY)
        );
        assert_eq!(
            effective(Retention::After(DAY), Some(Retention::Forever)),
            Retention::Forever
        );
    }

    #[test]
    fn hostile_peer_timers_are_rejected() {
        assert_eq!(peer_timer_ms("300"), Ok(300_000));
        assert_eq!(peer_timer_ms(" 1 "), Ok(1_000));
        assert_eq!(peer_timer_ms("0"), Err(TimerError::TooShort));
        assert!(matches!(
            peer_timer_ms("-5"),
            Err(TimerError::NotANumber(_))
        ));
        assert!(matches!(
            peer_timer_ms("1e9"),
            Err(TimerError::NotANumber(_))
        ));
        assert!(matches!(peer_timer_ms(""), Err(TimerError::NotANumber(_))));
        assert_eq!(
            peer_timer_ms("99999999999999999999999"),
            Err(TimerError::TooLong)
        );
        assert_eq!(peer_timer_ms("315360001"), Err(TimerError::TooLong));
    }

    #[test]
    fn schedule_tracks_the_earliest_deadline() {
        let mut schedule = PurgeSchedule::new();
        assert!(!schedule.is_due(u64::MAX));
        schedule.message_stored(50);
        schedule.message_stored(20);
        schedule.message_stored(70);
        assert_eq!(schedule.next_deadline(), Some(20));
        assert!(!schedule.is_due(19));
        assert!(schedule.is_due(20));
        schedule.reset(Some(70));
        assert_eq!(schedule.next_deadline(), Some(70));
    }
}
