//! Times the output backstop over a built site, one thread: `cargo run --release --example
//! backstop -- SITE [ROUNDS]` (docs/performance.md). Prints, per round, the one pass over
//! every published byte (`candidate_runs`) and the whole scan (`scan_published`: the pass,
//! then the runs it found, or the whole file read as its readers read it), and the medians.

use std::time::{Duration, Instant};

use yishi::privacy::published::{Runs, candidate_runs};
use yishi::privacy::scan_published;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(site) = args.next() else {
        eprintln!("usage: backstop SITE [ROUNDS]");
        std::process::exit(2);
    };
    let rounds: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(5);
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(&site).into_iter().flatten() {
        let path = entry.path();
        let text = matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("html" | "xml" | "json" | "txt" | "csv" | "ics" | "js" | "css")
        );
        if entry.file_type().is_file()
            && text
            && let Ok(bytes) = std::fs::read(path)
        {
            let rel = path.strip_prefix(&site).unwrap_or(path);
            files.push((rel.to_string_lossy().replace('\\', "/"), bytes));
        }
    }
    let bytes: usize = files.iter().map(|(_, b)| b.len()).sum();
    println!("{} files, {:.0} MB", files.len(), bytes as f64 / 1e6);
    let (mut pass, mut whole) = (Vec::new(), Vec::new());
    for round in 1..=rounds {
        let started = Instant::now();
        let with_runs = files
            .iter()
            .filter(|(path, b)| !matches!(candidate_runs(b, path.ends_with(".json")), Runs::None))
            .count();
        pass.push(started.elapsed());
        let started = Instant::now();
        let found: usize = files
            .iter()
            .map(|(path, b)| scan_published(path, b, &[]).len())
            .sum();
        whole.push(started.elapsed());
        println!(
            "round {round}: one pass {:.0} ms ({with_runs} files with a run); whole scan {:.0} ms ({found} found)",
            ms(pass[round - 1]),
            ms(whole[round - 1])
        );
    }
    pass.sort();
    whole.sort();
    println!(
        "median: one pass {:.0} ms ({:.0} MB/s); whole scan {:.0} ms",
        ms(pass[rounds / 2]),
        bytes as f64 / 1e6 / pass[rounds / 2].as_secs_f64(),
        ms(whole[rounds / 2])
    );
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
