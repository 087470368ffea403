//! `snoke-ws-bench report`: JSON lines in, one Markdown table out.
//!
//! Rows are grouped by figure (in order of first appearance) and subject;
//! each row shows min/median/max over its runs, and peers are compared with
//! snoke-ws on medians.

use std::fmt::Write as _;

use crate::record::{Better, Record, Role};

/// One subject of one figure, all its runs folded.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Figure id.
    pub figure: String,
    /// Figure title (from the first record).
    pub title: String,
    /// Subject name.
    pub subject: String,
    /// Role of the subject.
    pub role: Role,
    /// Number of runs folded into the row.
    pub runs: usize,
    /// Smallest value.
    pub min: f64,
    /// Median value.
    pub median: f64,
    /// Largest value.
    pub max: f64,
    /// Unit of the values.
    pub unit: String,
    /// Direction that is good.
    pub better: Better,
    /// Median p99 over runs that have one.
    pub p99_ms: Option<f64>,
    /// Median CPU of the system under test.
    pub cpu_sut_s: Option<f64>,
    /// Median CPU of the load generator.
    pub cpu_load_s: Option<f64>,
    /// Target (ours).
    pub target: Option<f64>,
    /// p99 target (ours).
    pub target_p99_ms: Option<f64>,
    /// Lost operations over all runs.
    pub lost: u64,
    /// Distinct notes of the runs.
    pub notes: Vec<String>,
    /// Some runs were `--quick` (tiny sizes: not comparable with full runs).
    pub quick: bool,
}

impl Row {
    /// Whether an `ours` row meets its targets: value on the right side of the
    /// target, p99 within its bound, nothing lost. `None` without a target.
    pub fn met(&self) -> Option<bool> {
        if self.target.is_none() && self.target_p99_ms.is_none() {
            return None;
        }
        let value_ok = self.target.is_none_or(|t| match self.better {
            Better::Higher => self.median >= t,
            Better::Lower => self.median <= t,
        });
        let p99_ok = match (self.target_p99_ms, self.p99_ms) {
            (Some(bound), Some(p99)) => p99 <= bound,
            (Some(_), None) => false,
            (None, _) => true,
        };
        Some(value_ok && p99_ok && self.lost == 0)
    }

    /// How much better snoke-ws is than this row, on medians: `ours/peer` when
    /// higher is better, `peer/ours` when lower is. `None` for ours or zeros.
    pub fn ratio_vs(&self, ours: &Row) -> Option<f64> {
        if self.role == Role::Ours || self.median <= 0.0 || ours.median <= 0.0 {
            return None;
        }
        Some(match self.better {
            Better::Higher => ours.median / self.median,
            Better::Lower => self.median / ours.median,
        })
    }
}

/// Median of a non-empty slice (mean of the middle two for even lengths).
pub fn median(values: &[f64]) -> Option<f64> {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let mid = v.len() / 2;
    Some(if v.len() % 2 == 0 {
        (v[mid - 1] + v[mid]) / 2.0
    } else {
        v[mid]
    })
}

fn median_of(records: &[&Record], field: impl Fn(&Record) -> Option<f64>) -> Option<f64> {
    let values: Vec<f64> = records.iter().filter_map(|r| field(r)).collect();
    median(&values)
}

/// Folds records into rows: figures in order of first appearance; within a
/// figure ours first, then peers, limits and quoted rows, each in order of
/// first appearance.
pub fn aggregate(records: &[Record]) -> Vec<Row> {
    let mut keys: Vec<(String, String, Role)> = Vec::new();
    for r in records {
        let key = (r.figure.clone(), r.subject.clone(), r.role);
        if !keys.contains(&key) {
            keys.push(key);
        }
    }
    // Stable sort by figure's first appearance keeps subject order inside a figure.
    let figure_rank = |figure: &str| keys.iter().position(|k| k.0 == figure).unwrap_or(0);
    // Inside a figure: snoke-ws first, then what it is compared with.
    let role_rank = |role: Role| match role {
        Role::Ours => 0,
        Role::Peer => 1,
        Role::Limit => 2,
        Role::Quoted => 3,
    };
    let mut ordered = keys.clone();
    ordered.sort_by_key(|k| (figure_rank(&k.0), role_rank(k.2)));
    ordered
        .into_iter()
        .filter_map(|(figure, subject, role)| {
            let group: Vec<&Record> = records
                .iter()
                .filter(|r| r.figure == figure && r.subject == subject && r.role == role)
                .collect();
            let first = group.first()?;
            let values: Vec<f64> = group.iter().map(|r| r.value).collect();
            let mut notes: Vec<String> = Vec::new();
            for r in &group {
                if !r.notes.is_empty() && !notes.contains(&r.notes) {
                    notes.push(r.notes.clone());
                }
            }
            Some(Row {
                title: first.title.clone(),
                unit: first.unit.clone(),
                better: first.better,
                runs: group.len(),
                min: values.iter().copied().fold(f64::INFINITY, f64::min),
                median: median(&values)?,
                max: values.iter().copied().fold(f64::NEG_INFINITY, f64::max),
                p99_ms: median_of(&group, |r| r.p99_ms),
                cpu_sut_s: median_of(&group, |r| r.cpu_sut_s),
                cpu_load_s: median_of(&group, |r| r.cpu_load_s),
                target: group.iter().find_map(|r| r.target),
                target_p99_ms: group.iter().find_map(|r| r.target_p99_ms),
                lost: group.iter().map(|r| r.lost).sum(),
                quick: group.iter().any(|r| r.quick && r.role != Role::Quoted),
                notes,
                figure,
                subject,
                role,
            })
        })
        .collect()
}

/// A number for a table cell: thousands separated, fewer decimals as it grows.
pub fn fmt_num(x: f64) -> String {
    if !x.is_finite() {
        return "—".into();
    }
    let decimals = match x.abs() {
        a if a >= 100.0 => 0,
        a if a >= 10.0 => 1,
        a if a >= 0.1 => 2,
        _ => 3,
    };
    let text = format!("{:.*}", decimals, x.abs());
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if x < 0.0 { "-" } else { "" };
    if frac.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}.{frac}")
    }
}

/// "3.4× better" / "0.7× (worse)".
pub fn fmt_ratio(ratio: f64) -> String {
    let n = if ratio >= 10.0 {
        format!("{ratio:.0}")
    } else if ratio >= 0.1 {
        format!("{ratio:.1}")
    } else {
        format!("{ratio:.2}")
    };
    if ratio >= 1.0 {
        format!("{n}× better")
    } else {
        format!("{n}× (worse)")
    }
}

fn subject_cell(row: &Row) -> String {
    match row.role {
        Role::Ours => format!("**{}**", row.subject),
        Role::Peer => format!("{} (peer)", row.subject),
        Role::Limit => format!("{} (limit)", row.subject),
        Role::Quoted => format!("{} (quoted)", row.subject),
    }
}

fn target_cell(row: &Row) -> String {
    let mut parts = Vec::new();
    if let Some(t) = row.target {
        let op = match row.better {
            Better::Higher => "≥",
            Better::Lower => "≤",
        };
        parts.push(format!("{op} {}", fmt_num(t)));
    }
    if let Some(t) = row.target_p99_ms {
        parts.push(format!("p99 ≤ {} ms", fmt_num(t)));
    }
    parts.join(", ")
}

fn opt(x: Option<f64>) -> String {
    x.map(fmt_num).unwrap_or_else(|| "—".into())
}

/// The Markdown table (and the notes under it) for `rows`.
pub fn render(rows: &[Row]) -> String {
    let mut out = String::new();
    out.push_str("| figure | subject | runs | min | median | max | p99 ms | CPU SUT s | CPU load s | target | met | vs snoke-ws |\n");
    out.push_str("|---|---|---:|---:|---:|---:|---:|---:|---:|---|---|---|\n");
    let mut last_figure = "";
    for row in rows {
        let ours = rows
            .iter()
            .find(|r| r.figure == row.figure && r.role == Role::Ours);
        let title = if row.figure == last_figure {
            String::new()
        } else {
            row.title.clone()
        };
        last_figure = &row.figure;
        let met = match (row.role, row.met()) {
            (Role::Ours, Some(true)) => "met".to_owned(),
            (Role::Ours, Some(false)) if row.lost > 0 => format!("MISSED (lost {})", row.lost),
            (Role::Ours, Some(false)) => "MISSED".to_owned(),
            _ if row.lost > 0 => format!("lost {}", row.lost),
            _ => String::new(),
        };
        let ratio = ours
            .and_then(|o| row.ratio_vs(o))
            .map(fmt_ratio)
            .unwrap_or_default();
        let runs = match (row.role, row.quick) {
            (Role::Quoted, _) => "—".to_owned(),
            (_, true) => format!("{} (quick)", row.runs),
            (_, false) => row.runs.to_string(),
        };
        let _ = writeln!(
            out,
            "| {title} | {} | {runs} | {} | {} {} | {} | {} | {} | {} | {} | {met} | {ratio} |",
            subject_cell(row),
            fmt_num(row.min),
            fmt_num(row.median),
            row.unit,
            fmt_num(row.max),
            opt(row.p99_ms),
            opt(row.cpu_sut_s),
            opt(row.cpu_load_s),
            target_cell(row),
        );
    }
    let notes: Vec<String> = rows
        .iter()
        .flat_map(|row| {
            row.notes
                .iter()
                .map(move |n| format!("- `{}` {}: {n}", row.figure, row.subject))
        })
        .collect();
    if !notes.is_empty() {
        out.push_str("\nNotes:\n");
        for n in notes {
            out.push_str(&n);
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::Record;

    fn rec(
        figure: &str,
        subject: &str,
        role: Role,
        run: u32,
        value: f64,
        better: Better,
    ) -> Record {
        Record {
            suite: "gateway".into(),
            figure: figure.into(),
            title: format!("title of {figure}"),
            subject: subject.into(),
            role,
            run,
            value,
            unit: "ops/s".into(),
            better,
            target: (role == Role::Ours).then_some(100.0),
            target_p99_ms: None,
            p50_ms: None,
            p99_ms: Some(value / 100.0),
            cpu_sut_s: Some(1.0),
            cpu_load_s: None,
            wall_s: 1.0,
            ops: 10,
            lost: 0,
            quick: false,
            notes: String::new(),
            ts: String::new(),
        }
    }

    #[test]
    fn median_of_odd_and_even_runs() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), Some(2.5));
        assert_eq!(median(&[]), None);
    }

    #[test]
    fn rows_keep_figure_order_of_first_appearance_and_fold_runs() {
        let h = Better::Higher;
        let records = vec![
            rec("b", "peer", Role::Peer, 1, 100.0, h),
            rec("b", "snoke-ws", Role::Ours, 1, 300.0, h),
            rec("a", "snoke-ws", Role::Ours, 1, 50.0, h),
            rec("b", "snoke-ws", Role::Ours, 2, 100.0, h),
            rec("b", "snoke-ws", Role::Ours, 3, 200.0, h),
        ];
        let rows = aggregate(&records);
        let names: Vec<_> = rows
            .iter()
            .map(|r| (r.figure.as_str(), r.subject.as_str()))
            .collect();
        assert_eq!(names, [("b", "snoke-ws"), ("b", "peer"), ("a", "snoke-ws")]);
        let ours = &rows[0];
        assert_eq!(
            (ours.runs, ours.min, ours.median, ours.max),
            (3, 100.0, 200.0, 300.0)
        );
        assert_eq!(ours.p99_ms, Some(2.0));
        assert_eq!(ours.met(), Some(true));
        assert_eq!(rows[2].met(), Some(false));
    }

    #[test]
    fn ratio_follows_the_better_direction() {
        let higher = aggregate(&[
            rec("f", "snoke-ws", Role::Ours, 1, 300.0, Better::Higher),
            rec("f", "py", Role::Quoted, 0, 100.0, Better::Higher),
        ]);
        assert_eq!(higher[1].ratio_vs(&higher[0]), Some(3.0));
        let lower = aggregate(&[
            rec("m", "snoke-ws", Role::Ours, 1, 8.0, Better::Lower),
            rec("m", "py", Role::Quoted, 0, 40.0, Better::Lower),
        ]);
        assert_eq!(lower[1].ratio_vs(&lower[0]), Some(5.0));
        assert_eq!(lower[0].ratio_vs(&lower[0]), None);
        assert_eq!(fmt_ratio(3.44), "3.4× better");
        assert_eq!(fmt_ratio(0.7), "0.7× (worse)");
        assert_eq!(fmt_ratio(45.2), "45× better");
    }

    #[test]
    fn lost_operations_or_slow_p99_miss_the_target() {
        let mut r = rec("f", "snoke-ws", Role::Ours, 1, 300.0, Better::Higher);
        r.lost = 2;
        let rows = aggregate(&[r.clone()]);
        assert_eq!(rows[0].met(), Some(false));
        r.lost = 0;
        r.target_p99_ms = Some(1.0);
        assert_eq!(aggregate(&[r])[0].met(), Some(false));
    }

    #[test]
    fn numbers_are_grouped_and_rounded_by_size() {
        assert_eq!(fmt_num(1234567.8), "1,234,568");
        assert_eq!(fmt_num(123.4), "123");
        assert_eq!(fmt_num(12.34), "12.3");
        assert_eq!(fmt_num(1.234), "1.23");
        assert_eq!(fmt_num(0.01234), "0.012");
        assert_eq!(fmt_num(-1500.0), "-1,500");
    }

    #[test]
    fn table_labels_quoted_rows_and_prints_met_and_ratio() {
        let mut q = rec(
            "f",
            "Python gateway",
            Role::Quoted,
            0,
            100.0,
            Better::Higher,
        );
        q.notes = "from the issue".into();
        let rows = aggregate(&[
            rec("f", "snoke-ws", Role::Ours, 1, 300.0, Better::Higher),
            q,
        ]);
        let table = render(&rows);
        assert!(
            table.contains("| title of f | **snoke-ws** | 1 |"),
            "{table}"
        );
        assert!(table.contains("| met |"), "{table}");
        assert!(table.contains("Python gateway (quoted) | — |"), "{table}");
        assert!(table.contains("3.0× better"), "{table}");
        assert!(
            table.contains("- `f` Python gateway: from the issue"),
            "{table}"
        );
    }

    #[test]
    fn quick_runs_are_marked() {
        let mut r = rec("f", "snoke-ws", Role::Ours, 1, 300.0, Better::Higher);
        r.quick = true;
        let table = render(&aggregate(&[r]));
        assert!(table.contains("| 1 (quick) |"), "{table}");
    }
}
