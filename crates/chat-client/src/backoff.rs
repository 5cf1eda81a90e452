/// Reconnect delays: exponential from 1 s to 60 s with jitter, so that many clients dropped by
/// one server restart do not all come back in the same second.
#[derive(Clone, Debug, Default)]
pub struct Backoff {
    attempts: u32,
}

const BASE_MS: u64 = 1_000;
const MAX_MS: u64 = 60_000;

impl Backoff {
    pub fn new() -> Self {
        Self::default()
    }

    /// Delay before the next attempt; `jitter` in [0, 1) comes from the caller's randomness.
    pub fn next_delay(&mut self, jitter: f64) -> u64 {
        let exp = BASE_MS.saturating_mul(1u64 << self.attempts.min(16));
        let capped = exp.min(MAX_MS);
        self.attempts = self.attempts.saturating_add(1);
        // Between half and the full delay.
        let jitter = jitter.clamp(0.0, 1.0);
        let half = capped / 2;
        half + ((capped - half) as f64 * jitter) as u64
    }

    pub fn reset(&mut self) {
        self.attempts = 0;
    }

    pub fn attempts(&self) -> u32 {
        self.attempts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grows_and_caps() {
        let mut b = Backoff::new();
        let delays: Vec<u64> = (0..10).map(|_| b.next_delay(1.0)).collect();
        assert_eq!(&delays[..4], &[1_000, 2_000, 4_000, 8_000]);
        assert_eq!(delays[9], MAX_MS);
        b.reset();
        assert_eq!(b.next_delay(0.0), 500);
    }

    #[test]
    fn jitter_stays_within_half_and_full() {
        let mut b = Backoff::new();
        for _ in 0..20 {
            let d = b.next_delay(0.37);
            assert!(d <= MAX_MS);
            assert!(d >= 500);
        }
    }
}
