//! How long each stage took, on stderr, when the command line was asked for it
//! (`YISHI_TIMINGS=1`, `Given::timings`; docs/performance.md).

use std::time::Instant;

/// Prints how long a stage took when `on` (timings were asked for), with the memory in use
/// and the peak so far where the system tells them (Linux); returns the time it was called,
/// to time the next stage from.
pub(crate) fn timing(on: bool, stage: &str, since: Instant) -> Instant {
    if on {
        let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
        let field = |name: &str| {
            status
                .lines()
                .find_map(|l| l.strip_prefix(name))
                .map(|v| v.trim().trim_end_matches(" kB").trim().to_string())
                .and_then(|kb| kb.parse::<u64>().ok())
                .map_or(String::new(), |kb| format!(" {name} {} MiB", kb / 1024))
        };
        eprintln!(
            "timing: {stage} {} ms{}{}",
            since.elapsed().as_millis(),
            field("VmRSS:"),
            field("VmHWM:")
        );
    }
    Instant::now()
}

/// Hands the memory that checking used and freed (parsed TOML, copies of every file) back to
/// the system before rendering, so the two peaks do not add up: at 50,000 topics mimalloc kept
/// about 400 MB of it through the whole render.
pub(crate) fn return_free_memory() {
    // SAFETY: mi_collect takes no pointers and only releases memory that is already free; when
    // the process does not allocate with mimalloc (the tests), it has nothing to release.
    unsafe { libmimalloc_sys::mi_collect(true) };
}
