//! `snoke-ws-bench`: load generators for the gateway and the report of `scripts/bench.sh`.

fn main() {}
