//! Latency histograms.

use hdrhistogram::Histogram;

/// Latencies in µs, 1 µs to 10 minutes at 3 significant digits.
#[derive(Debug, Clone)]
pub struct Latencies(Histogram<u64>);

impl Default for Latencies {
    fn default() -> Self {
        Self::new()
    }
}

impl Latencies {
    /// An empty histogram.
    #[allow(clippy::expect_used)] // constant bounds, valid by hdrhistogram's rules
    pub fn new() -> Self {
        Self(Histogram::new_with_bounds(1, 600_000_000, 3).expect("valid histogram bounds"))
    }

    /// Records one latency (clamped into range).
    pub fn record_us(&mut self, us: u64) {
        self.0.saturating_record(us.max(1));
    }

    /// Adds another histogram's samples.
    pub fn merge(&mut self, other: &Latencies) {
        let _ = self.0.add(&other.0);
    }

    /// The quantile `q` in ms, `None` when empty.
    pub fn quantile_ms(&self, q: f64) -> Option<f64> {
        (!self.0.is_empty()).then(|| self.0.value_at_quantile(q) as f64 / 1000.0)
    }

    /// Median in ms.
    pub fn p50_ms(&self) -> Option<f64> {
        self.quantile_ms(0.5)
    }

    /// 99th percentile in ms.
    pub fn p99_ms(&self) -> Option<f64> {
        self.quantile_ms(0.99)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_are_reported_in_ms() {
        let mut l = Latencies::new();
        assert_eq!(l.p99_ms(), None);
        for us in 1..=1000 {
            l.record_us(us * 10);
        }
        let p50 = l.p50_ms().unwrap();
        let p99 = l.p99_ms().unwrap();
        assert!((4.9..5.1).contains(&p50), "{p50}");
        assert!((9.8..10.0).contains(&p99), "{p99}");
        let mut m = Latencies::new();
        m.merge(&l);
        assert_eq!(m.p99_ms(), l.p99_ms());
    }
}
