//! Consumer names: unique per process, stable for its life.

use std::hash::BuildHasher;

/// `<host>-<pid>-<random>`: the host and pid say where a pending entry is
/// stuck, the random part keeps a reused pid (container restarts) from
/// inheriting a dead process's pending entries by name.
pub fn for_this_process() -> String {
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|name| name.trim().to_owned())
        .unwrap_or_default();
    let pid = std::process::id();
    let random = std::collections::hash_map::RandomState::new().hash_one(pid);
    compose(&host, pid, random)
}

fn compose(host: &str, pid: u32, random: u64) -> String {
    let host: String = host
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
        .collect();
    let host = if host.is_empty() { "php" } else { &host };
    format!("{host}-{pid}-{:08x}", random & 0xffff_ffff)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_has_host_pid_and_random_part() {
        assert_eq!(
            compose("web-1", 42, 0xdead_beef_0000_0001),
            "web-1-42-00000001"
        );
        assert_eq!(compose("", 7, 0xabc), "php-7-00000abc");
        assert_eq!(compose("a b/c", 7, 1), "abc-7-00000001");
    }

    #[test]
    fn two_names_in_one_process_differ_in_the_random_part() {
        assert_ne!(for_this_process(), for_this_process());
    }
}
