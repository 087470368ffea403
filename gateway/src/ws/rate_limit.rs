//! Per-connection token bucket for client frames.

use std::time::Instant;

/// A token bucket: `burst` tokens, refilled at `per_sec`; each frame costs one.
#[derive(Debug, Clone)]
pub struct TokenBucket {
    per_sec: f64,
    burst: f64,
    tokens: f64,
    last: Instant,
}

impl TokenBucket {
    /// A full bucket. A zero rate or burst disables limiting.
    pub fn new(per_sec: f64, burst: f64, now: Instant) -> Self {
        Self {
            per_sec,
            burst,
            tokens: burst,
            last: now,
        }
    }

    /// Whether a frame arriving at `now` may pass; takes a token if so.
    pub fn allow(&mut self, now: Instant) -> bool {
        if self.per_sec <= 0.0 || self.burst <= 0.0 {
            return true;
        }
        let elapsed = now.saturating_duration_since(self.last).as_secs_f64();
        self.tokens = (self.tokens + elapsed * self.per_sec).min(self.burst);
        self.last = now;
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn allows_burst_then_refuses() {
        let t0 = Instant::now();
        let mut bucket = TokenBucket::new(10.0, 3.0, t0);
        assert!((0..3).all(|_| bucket.allow(t0)));
        assert!(!bucket.allow(t0));
    }

    #[test]
    fn refills_at_the_configured_rate() {
        let t0 = Instant::now();
        let mut bucket = TokenBucket::new(10.0, 1.0, t0);
        assert!(bucket.allow(t0));
        assert!(!bucket.allow(t0 + Duration::from_millis(50)));
        assert!(bucket.allow(t0 + Duration::from_millis(160)));
    }

    #[test]
    fn zero_disables_the_limit() {
        let t0 = Instant::now();
        let mut bucket = TokenBucket::new(0.0, 0.0, t0);
        assert!((0..1000).all(|_| bucket.allow(t0)));
    }
}
