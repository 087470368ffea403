//! Numbers quoted from issue 4 (not measured here): the Python gateway we
//! replace and Centrifugo. Written once per `gateway` invocation as run 0.

use super::Measured;
use crate::record::Role;

/// KB as the issue writes it (1000 bytes) in KiB.
const KB_IN_KIB: f64 = 1000.0 / 1024.0;

/// The quoted rows of figure `id`.
pub fn for_figure(id: &str) -> Vec<Measured> {
    let python = |value: f64, notes: &str| Measured::quoted("Python gateway", value, notes);
    let centrifugo = |value: f64, notes: &str| Measured::quoted("Centrifugo", value, notes);
    match id {
        "idle_memory_10k" => vec![
            python(
                42.0 * KB_IN_KIB,
                "42 KB/conn, measured on this machine (issue 4)",
            ),
            centrifugo(10.9 * KB_IN_KIB, "10.9 KB/conn after tuning (issue 4)"),
        ],
        "handshake_hs256" => vec![python(
            300.0,
            "~300 handshakes/s, 24/s in a burst, measured on this machine (issue 4)",
        )],
        "http_publish" => vec![python(2_500.0, "2.5k publishes/s (issue 4)")],
        "broadcast_10k" => vec![
            python(22_000.0, "22k broadcast deliveries/s (issue 4)"),
            centrifugo(
                12_500.0,
                "~12.5k deliveries/s per core (issue 4); this machine has 2 cores",
            ),
        ],
        _ => Vec::new(),
    }
}

impl Measured {
    fn quoted(subject: &str, value: f64, notes: &str) -> Self {
        Self {
            notes: notes.to_owned(),
            ..Self::new(subject, Role::Quoted, value)
        }
    }
}
