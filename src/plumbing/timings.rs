//! How long each stage took, with the memory in use and the peak after it: recorded on every
//! run into the report, shown by the command line when asked (`YISHI_TIMINGS=1`,
//! docs/performance.md). The stages never ask whether anyone is looking.

use std::time::{Duration, Instant};

/// One stage's time and the memory after it.
#[derive(Debug, Clone)]
pub struct Stage {
    /// The stage: `load`, `validate`, `compute`, `attachments`, `render+write`.
    pub name: &'static str,
    /// How long it took.
    pub took: Duration,
    /// Resident memory and the peak so far when it ended, in MiB, where the system tells
    /// them (Linux).
    pub memory: Option<(u64, u64)>,
}

/// The stages of one command in the order they ran.
#[derive(Debug, Clone, Default)]
pub struct Stages(Vec<Stage>);

impl Stages {
    /// Records that stage `name` ran from `since` until now; returns now, to time the next
    /// stage from.
    pub fn mark(&mut self, name: &'static str, since: Instant) -> Instant {
        self.0.push(Stage {
            name,
            took: since.elapsed(),
            memory: memory_now(),
        });
        Instant::now()
    }

    /// Each stage, in the order they ran.
    pub fn iter(&self) -> impl Iterator<Item = &Stage> {
        self.0.iter()
    }

    /// The stages of a later part of the same command, after these.
    pub fn extend(&mut self, later: Stages) {
        self.0.extend(later.0);
    }

    /// One line a stage, as `YISHI_TIMINGS=1` prints them:
    /// `timing: load 120 ms VmRSS: 80 MiB VmHWM: 95 MiB`.
    pub fn lines(&self) -> impl Iterator<Item = String> + '_ {
        self.0.iter().map(|s| {
            let memory = s.memory.map_or(String::new(), |(rss, peak)| {
                format!(" VmRSS: {rss} MiB VmHWM: {peak} MiB")
            });
            format!("timing: {} {} ms{memory}", s.name, s.took.as_millis())
        })
    }
}

/// The memory in use and the peak so far, in MiB, from /proc/self/status (Linux; none
/// elsewhere). About 20 µs, a handful of times a command.
fn memory_now() -> Option<(u64, u64)> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .map(|v| v.trim().trim_end_matches(" kB").trim())
            .and_then(|kb| kb.parse::<u64>().ok())
            .map(|kb| kb / 1024)
    };
    Some((field("VmRSS:")?, field("VmHWM:")?))
}

/// Hands the memory that checking used and freed (parsed TOML, copies of every file) back to
/// the system before rendering, so the two peaks do not add up: at 50,000 topics mimalloc kept
/// about 400 MB of it through the whole render.
pub(crate) fn return_free_memory() {
    // SAFETY: mi_collect takes no pointers and only releases memory that is already free; when
    // the process does not allocate with mimalloc (the tests), it has nothing to release.
    unsafe { libmimalloc_sys::mi_collect(true) };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_are_kept_in_order_and_printed_one_a_line() {
        let mut stages = Stages::default();
        let t = stages.mark("load", Instant::now());
        let mut later = Stages::default();
        later.mark("validate", t);
        stages.extend(later);
        let lines: Vec<String> = stages.lines().collect();
        assert_eq!(lines.len(), 2);
        assert!(lines[0].starts_with("timing: load "), "{lines:?}");
        assert!(lines[1].starts_with("timing: validate "), "{lines:?}");
        assert!(lines.iter().all(|l| l.contains(" ms")), "{lines:?}");
        if cfg!(target_os = "linux") {
            assert!(lines[0].contains(" MiB VmHWM: "), "{lines:?}");
        }
    }
}
