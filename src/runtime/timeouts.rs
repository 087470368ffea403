//! The three timeouts of every network call, derived from one
//! `timeoutSeconds` argument.

use std::time::Duration;

use crate::error::{Error, Result};

/// Connecting is capped lower than the whole call: a gateway that does not
/// accept within this is down, and the rest of the budget would be wasted.
pub const CONNECT_CAP: Duration = Duration::from_secs(2);

/// Longest `timeoutSeconds` accepted; anything above is a unit mistake.
const MAX_SECONDS: f64 = 3600.0;

/// Connect, read and total timeouts of one client.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Timeouts {
    /// TCP (and TLS) connect.
    pub connect: Duration,
    /// Between two reads of the answer.
    pub read: Duration,
    /// The whole call, connect to last byte.
    pub total: Duration,
}

impl Timeouts {
    /// Validates `seconds` (named `argument` in errors) and derives the timeouts.
    pub fn from_seconds(argument: &str, seconds: f64) -> Result<Self> {
        if !seconds.is_finite() || seconds <= 0.0 || seconds > MAX_SECONDS {
            return Err(Error::invalid_argument(
                argument,
                format!("must be a number of seconds in (0, {MAX_SECONDS}], got {seconds}"),
            ));
        }
        let total = Duration::from_secs_f64(seconds);
        Ok(Self {
            connect: total.min(CONNECT_CAP),
            read: total,
            total,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connect_timeout_is_capped_below_total() {
        let t = Timeouts::from_seconds("timeoutSeconds", 5.0).unwrap();
        assert_eq!(t.connect, CONNECT_CAP);
        assert_eq!(t.total, Duration::from_secs(5));
        assert_eq!(t.read, Duration::from_secs(5));
    }

    #[test]
    fn short_timeout_bounds_connect_too() {
        let t = Timeouts::from_seconds("timeoutSeconds", 0.25).unwrap();
        assert_eq!(t.connect, Duration::from_millis(250));
    }

    #[test]
    fn rejects_zero_negative_nan_and_huge_timeouts() {
        for bad in [0.0, -1.0, f64::NAN, f64::INFINITY, 1e9] {
            let err = Timeouts::from_seconds("timeoutSeconds", bad).unwrap_err();
            assert!(err.to_string().starts_with("timeoutSeconds: "), "{err}");
        }
    }
}
