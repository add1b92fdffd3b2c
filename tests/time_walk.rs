//! Spec 13.1: if a community's content builds today, the same content builds on every later
//! day. The sample community is built (in memory: check, compute, every page, the search
//! index and the published-file privacy scan — everything but the disk) on each day of the
//! year after its pinned today, and of the year before it; a day that fails after a day that
//! passed fails the test. Time may bring warnings (a pending record, overdue work), never
//! errors.

use std::path::Path;

use chrono::{Duration, NaiveDate};
use yishi::diagnostics::Severity;
use yishi::pipeline;

/// site.toml without its pinned `today`, and every record file, as (path, text).
fn sample() -> (String, Vec<(String, String)>) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let site = std::fs::read_to_string(root.join("site.toml")).unwrap();
    let site: String = site
        .lines()
        .filter(|l| !l.trim_start().starts_with("today"))
        .map(|l| format!("{l}\n"))
        .collect();
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(root.join("content")).sort_by_file_name() {
        let entry = entry.unwrap();
        let rel = entry
            .path()
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if !entry.file_type().is_file() {
            continue;
        }
        if rel.starts_with("content/attachments/") {
            files.push((rel, String::new())); // known by its path
        } else if rel.ends_with(".md") || rel.ends_with(".toml") {
            files.push((rel, std::fs::read_to_string(entry.path()).unwrap()));
        }
    }
    (site, files)
}

#[test]
fn a_day_after_a_passing_day_never_fails() {
    use rayon::prelude::*;
    let (site, files) = sample();
    let files: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let pinned = NaiveDate::from_ymd_opt(2025, 12, 26).unwrap();
    let first = pinned - Duration::days(30);
    // Each day built on its own (in parallel); then read in order.
    let days: Vec<(NaiveDate, Vec<String>, usize)> = (0..=(30 + 366))
        .into_par_iter()
        .map(|n| {
            let today = first + Duration::days(n);
            let (diagnostics, published) = pipeline::build_in_memory(&site, &files, today);
            let errors: Vec<String> = diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .map(|d| d.render())
                .collect();
            assert_eq!(errors.is_empty(), published.is_some(), "{today}");
            (today, errors, diagnostics.len())
        })
        .collect();
    let (mut passed_once, mut passing_days, mut warned) = (false, 0, 0usize);
    for (today, errors, problems) in days {
        if errors.is_empty() {
            passed_once = true;
            passing_days += 1;
            warned = warned.max(problems);
        } else {
            assert!(
                !passed_once,
                "the sample built on an earlier day but fails on {today}:\n{}",
                errors.join("")
            );
        }
        if today == pinned {
            assert!(passed_once, "the sample builds on its own today");
        }
    }
    // The year after the pinned today builds every day, with the warnings time brings (a
    // record pending since 2025-12-30, overdue work).
    assert!(passing_days >= 367, "{passing_days}");
    assert!(warned > 0);
}
