//! CPU and memory of processes: `/proc/<pid>/stat`, `/proc/<pid>/status`
//! and `getrusage` for the bench itself.

use crate::error::{Error, Result};

/// user+sys clock ticks from the text of `/proc/<pid>/stat`.
///
/// The command name (field 2) may contain spaces and parentheses, so fields
/// are counted after the last `)`: utime and stime are fields 14 and 15.
pub fn parse_stat_ticks(stat: &str) -> Option<u64> {
    let rest = &stat[stat.rfind(')')? + 1..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // `rest` starts at field 3 (state), so field n is at index n - 3.
    let utime: u64 = fields.get(11)?.parse().ok()?;
    let stime: u64 = fields.get(12)?.parse().ok()?;
    Some(utime + stime)
}

/// `VmRSS` in KiB from the text of `/proc/<pid>/status`.
pub fn parse_vm_rss_kib(status: &str) -> Option<u64> {
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok())
}

fn read_proc(pid: u32, file: &str) -> Result<String> {
    let path = format!("/proc/{pid}/{file}");
    std::fs::read_to_string(&path).map_err(|e| Error::io(format!("reading {path}"), e))
}

/// CPU seconds (user+sys) process `pid` has used so far.
pub fn cpu_seconds(pid: u32) -> Result<f64> {
    let ticks = parse_stat_ticks(&read_proc(pid, "stat")?)
        .ok_or_else(|| Error::Protocol(format!("/proc/{pid}/stat has no utime/stime")))?;
    // SAFETY: sysconf has no preconditions.
    let hz = unsafe { libc::sysconf(libc::_SC_CLK_TCK) };
    Ok(ticks as f64 / if hz > 0 { hz as f64 } else { 100.0 })
}

/// Resident set size of process `pid` in KiB.
pub fn rss_kib(pid: u32) -> Result<u64> {
    parse_vm_rss_kib(&read_proc(pid, "status")?)
        .ok_or_else(|| Error::Protocol(format!("/proc/{pid}/status has no VmRSS")))
}

/// CPU seconds (user+sys) of this process, all threads.
pub fn own_cpu_seconds() -> f64 {
    // SAFETY: getrusage writes into the zeroed struct we pass and nothing else.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        if libc::getrusage(libc::RUSAGE_SELF, &mut usage) != 0 {
            return 0.0;
        }
        usage
    };
    let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    secs(usage.ru_utime) + secs(usage.ru_stime)
}

/// Raises this process's open-file soft limit to its hard limit (children
/// inherit it) and returns the limit now in force.
pub fn raise_nofile_limit() -> u64 {
    // SAFETY: get/setrlimit only read and write the struct we pass.
    unsafe {
        let mut lim: libc::rlimit = std::mem::zeroed();
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim) != 0 {
            return 1024;
        }
        if lim.rlim_cur < lim.rlim_max {
            let wanted = libc::rlimit {
                rlim_cur: lim.rlim_max,
                rlim_max: lim.rlim_max,
            };
            if libc::setrlimit(libc::RLIMIT_NOFILE, &wanted) == 0 {
                return wanted.rlim_cur;
            }
        }
        lim.rlim_cur
    }
}

/// CPU used by the system under test (`pids`) and by the bench between
/// `start` and `finish`.
pub struct CpuWindow {
    pids: Vec<u32>,
    sut_start: f64,
    load_start: f64,
}

impl CpuWindow {
    /// Starts counting for `pids` (a pid that cannot be read counts as 0).
    pub fn start(pids: &[u32]) -> Self {
        Self {
            pids: pids.to_vec(),
            sut_start: sum_cpu(pids),
            load_start: own_cpu_seconds(),
        }
    }

    /// `(cpu_sut_s, cpu_load_s)` since `start`.
    pub fn finish(&self) -> (f64, f64) {
        (
            (sum_cpu(&self.pids) - self.sut_start).max(0.0),
            (own_cpu_seconds() - self.load_start).max(0.0),
        )
    }
}

fn sum_cpu(pids: &[u32]) -> f64 {
    pids.iter().filter_map(|p| cpu_seconds(*p).ok()).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stat_ticks_survive_a_command_name_with_spaces_and_parens() {
        let stat = "4242 (snoke ws (gw)) S 1 4242 4242 0 -1 4194560 1234 0 0 0 \
                    150 37 0 0 20 0 9 0 123456 1000000 2500 18446744073709551615";
        assert_eq!(parse_stat_ticks(stat), Some(187));
        assert_eq!(parse_stat_ticks("garbage"), None);
    }

    #[test]
    fn vm_rss_is_read_in_kib() {
        let status =
            "Name:\tsnoke-ws-gatewa\nVmPeak:\t  99999 kB\nVmRSS:\t   12345 kB\nThreads:\t3\n";
        assert_eq!(parse_vm_rss_kib(status), Some(12345));
        assert_eq!(parse_vm_rss_kib("Name: x\n"), None);
    }

    #[test]
    fn own_process_stats_are_readable() {
        let pid = std::process::id();
        assert!(rss_kib(pid).unwrap() > 0);
        assert!(cpu_seconds(pid).unwrap() >= 0.0);
        assert!(own_cpu_seconds() >= 0.0);
    }
}
