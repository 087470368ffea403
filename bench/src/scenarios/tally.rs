//! What a closed loop of operations achieved, summed over its workers.

use std::time::Duration;

use super::Measured;
use crate::record::Role;
use crate::stats::Latencies;

/// Finished and failed operations of a loop, its wall time, and the latency
/// of each finished operation.
pub struct Tally {
    /// Operations that finished.
    pub done: u64,
    /// Operations that failed.
    pub failed: u64,
    /// Wall time of the measured window.
    pub wall: Duration,
    /// Latency of each finished operation.
    pub latencies: Latencies,
}

impl Tally {
    /// Nothing counted yet.
    pub fn new() -> Self {
        Self {
            done: 0,
            failed: 0,
            wall: Duration::ZERO,
            latencies: Latencies::new(),
        }
    }

    /// Adds one worker's counts and latencies.
    pub fn add(&mut self, done: u64, failed: u64, latencies: &Latencies) {
        self.done += done;
        self.failed += failed;
        self.latencies.merge(latencies);
    }

    /// The measurement: finished operations per second, a failure counted as lost.
    pub fn measured(&self, subject: &str, role: Role) -> Measured {
        Measured {
            p50_ms: self.latencies.p50_ms(),
            p99_ms: self.latencies.p99_ms(),
            wall_s: self.wall.as_secs_f64(),
            ops: self.done + self.failed,
            lost: self.failed,
            ..Measured::new(
                subject,
                role,
                self.done as f64 / self.wall.as_secs_f64().max(1e-9),
            )
        }
    }
}
