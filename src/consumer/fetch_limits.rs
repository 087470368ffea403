//! The bounds every consumer's `fetch()` shares: PHP must get control back
//! within a second, and one batch stays a size PHP can hold.

use std::time::Duration;

use crate::error::{Error, Result};

/// Longest block time of one fetch: PHP must get control back within it.
pub const MAX_BLOCK_MS: i64 = 1000;
/// Largest batch of one fetch.
pub const MAX_COUNT: i64 = 10_000;

/// `fetch($count, $blockMs)`'s arguments, checked: the batch size and the
/// longest wait.
pub(crate) fn fetch_limits(count: i64, block_ms: i64) -> Result<(usize, Duration)> {
    if !(1..=MAX_COUNT).contains(&count) {
        return Err(Error::invalid_argument(
            "count",
            format!("must be 1..{MAX_COUNT}, got {count}"),
        ));
    }
    if !(0..=MAX_BLOCK_MS).contains(&block_ms) {
        return Err(Error::invalid_argument(
            "blockMs",
            format!("must be 0..{MAX_BLOCK_MS}, got {block_ms}"),
        ));
    }
    let count = usize::try_from(count).unwrap_or(1);
    let block = Duration::from_millis(u64::try_from(block_ms).unwrap_or(0));
    Ok((count, block))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_bounds_and_rejects_what_lies_outside() {
        assert_eq!(fetch_limits(1, 0).unwrap(), (1, Duration::ZERO));
        assert_eq!(
            fetch_limits(MAX_COUNT, MAX_BLOCK_MS).unwrap(),
            (10_000, Duration::from_secs(1))
        );
        assert!(fetch_limits(0, 10).is_err());
        assert!(fetch_limits(MAX_COUNT + 1, 10).is_err());
        assert!(fetch_limits(1, -1).is_err());
        assert!(fetch_limits(1, MAX_BLOCK_MS + 1).is_err());
    }
}
