//! The JSON line every measurement is written as (the contract between the
//! gateway bench, the PHP bench and the report).

use std::io::Write;
use std::path::Path;
use std::time::SystemTime;

use serde::{Deserialize, Deserializer, Serialize};

use crate::error::{Error, Result};

/// Who a row is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// snoke-ws itself.
    Ours,
    /// A competitor measured in the same run.
    Peer,
    /// A bound measured in the same run (what the layer below allows).
    Limit,
    /// A number quoted from the issue, not measured.
    Quoted,
}

/// Which direction of a value is good.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Better {
    /// Throughputs.
    Higher,
    /// Latencies, memory.
    Lower,
}

/// One figure × subject × run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// `gateway` or `php`.
    pub suite: String,
    /// Stable figure id (`handshake_hs256`).
    pub figure: String,
    /// Human title of the figure.
    pub title: String,
    /// What was measured (`snoke-ws`, `predis`, ...).
    pub subject: String,
    /// How the subject relates to snoke-ws.
    pub role: Role,
    /// 1-based run number; 0 for quoted numbers.
    pub run: u32,
    /// The figure's value, in `unit`.
    pub value: f64,
    /// Unit of `value`.
    pub unit: String,
    /// Which direction is good.
    pub better: Better,
    /// Target of the figure (only on `ours`).
    #[serde(default)]
    pub target: Option<f64>,
    /// p99 target in ms (only on `ours`).
    #[serde(default)]
    pub target_p99_ms: Option<f64>,
    /// Median latency.
    #[serde(default)]
    pub p50_ms: Option<f64>,
    /// 99th percentile latency.
    #[serde(default)]
    pub p99_ms: Option<f64>,
    /// CPU seconds of the system under test in the measured window.
    #[serde(default)]
    pub cpu_sut_s: Option<f64>,
    /// CPU seconds of the load generator in the measured window.
    #[serde(default)]
    pub cpu_load_s: Option<f64>,
    /// Wall seconds of the measured window.
    #[serde(default)]
    pub wall_s: f64,
    /// Operations measured.
    #[serde(default, deserialize_with = "whole_number")]
    pub ops: u64,
    /// Operations sent but not received or verified.
    #[serde(default, deserialize_with = "whole_number")]
    pub lost: u64,
    /// Part of a `--quick` run.
    #[serde(default)]
    pub quick: bool,
    /// Settings and caveats a reader needs.
    #[serde(default)]
    pub notes: String,
    /// When the record was written (RFC 3339, UTC).
    #[serde(default)]
    pub ts: String,
}

/// Accepts `12` and `12.0` alike: PHP's `json_encode` writes floats for
/// numbers that went through arithmetic.
fn whole_number<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    let n = f64::deserialize(d)?;
    if n.is_finite() && n >= 0.0 {
        Ok(n.round() as u64)
    } else {
        Err(serde::de::Error::custom(format!(
            "expected a count, got {n}"
        )))
    }
}

/// The current time as the records write it.
pub fn now_rfc3339() -> String {
    humantime::format_rfc3339_seconds(SystemTime::now()).to_string()
}

/// Appends records as JSON lines and flushes, so an interrupted run keeps
/// what it measured.
pub fn append(path: &Path, records: &[Record]) -> Result<()> {
    let file_err = |source| Error::File {
        path: path.to_owned(),
        source,
    };
    let mut text = String::new();
    for record in records {
        text.push_str(&serde_json::to_string(record)?);
        text.push('\n');
    }
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .map_err(file_err)?;
    file.write_all(text.as_bytes()).map_err(file_err)?;
    file.flush().map_err(file_err)
}

/// Parses a JSON lines file; blank lines are skipped, a bad line is an error
/// naming its number.
pub fn parse_lines(path: &Path, text: &str) -> Result<Vec<Record>> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(i, line)| {
            serde_json::from_str(line).map_err(|e| {
                Error::Usage(format!(
                    "{}:{}: not a bench record: {e}",
                    path.display(),
                    i + 1
                ))
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn sample() -> Record {
        Record {
            suite: "gateway".into(),
            figure: "handshake_hs256".into(),
            title: "Handshakes/s, 100 in flight, HS256".into(),
            subject: "snoke-ws".into(),
            role: Role::Ours,
            run: 1,
            value: 12034.5,
            unit: "handshakes/s".into(),
            better: Better::Higher,
            target: Some(10000.0),
            target_p99_ms: Some(50.0),
            p50_ms: Some(3.1),
            p99_ms: Some(9.8),
            cpu_sut_s: Some(1.2),
            cpu_load_s: Some(0.9),
            wall_s: 2.0,
            ops: 20000,
            lost: 0,
            quick: false,
            notes: String::new(),
            ts: "2026-11-22T08:00:00Z".into(),
        }
    }

    #[test]
    fn record_round_trips_with_contract_field_names() {
        let line = serde_json::to_string(&sample()).unwrap();
        assert!(line.starts_with(r#"{"suite":"gateway","figure":"handshake_hs256""#));
        assert!(line.contains(r#""role":"ours""#));
        assert!(line.contains(r#""better":"higher""#));
        let back: Record = serde_json::from_str(&line).unwrap();
        assert_eq!(back, sample());
    }

    #[test]
    fn reads_php_lines_with_nulls_floats_and_missing_optionals() {
        let line = r#"{"suite":"php","figure":"redis_publish_one","title":"t","subject":"predis",
            "role":"peer","run":2,"value":116.0,"unit":"µs/op","better":"lower","target":null,
            "p99_ms":null,"wall_s":1.5,"ops":1000.0,"lost":0,"quick":true,"notes":"","ts":"x"}"#;
        let r = parse_lines(Path::new("x.jsonl"), &line.replace('\n', "")).unwrap();
        assert_eq!(r[0].ops, 1000);
        assert_eq!(r[0].role, Role::Peer);
        assert_eq!(r[0].better, Better::Lower);
        assert_eq!(r[0].cpu_sut_s, None);
    }

    #[test]
    fn a_bad_line_is_named_by_number() {
        let err = parse_lines(Path::new("f.jsonl"), "\n{}\n").unwrap_err();
        assert!(err.to_string().starts_with("f.jsonl:2:"), "{err}");
    }

    #[test]
    fn timestamps_are_utc_rfc3339() {
        let ts = now_rfc3339();
        assert_eq!(ts.len(), 20);
        assert!(ts.ends_with('Z'));
    }
}
