//! Spec 13.1: if a community's content builds today, the same content builds on every later
//! day. The sample community is built (in memory: check, compute, its attachments, every
//! page, the search index and the published-file privacy scan — everything but the disk) on
//! each day of the
//! year after its pinned today, and of the year before it; a day that fails after a day that
//! passed fails the test. Time may bring warnings (a pending record, overdue work), never
//! errors. A second community — what `yishi init` writes, with a topic whose action falls due,
//! a meeting held with its record and one announced but not yet held — walks the same way.

use std::path::Path;

use chrono::{Duration, NaiveDate};
use yishi::diagnostics::Severity;
use yishi::input::source::Memory;
use yishi::pipeline::{BuildOptions, community};
use yishi::settings::Given;

/// site.toml without its pinned `today`, and every file under content/, as (path, bytes).
fn sample() -> (String, Vec<(String, Vec<u8>)>) {
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
        files.push((rel, std::fs::read(entry.path()).unwrap()));
    }
    (site, files)
}

/// Builds `files` on every day from `first` for `days` days and asserts no day fails after a
/// day that passed and that `must_pass` passes. Returns the number of passing days and the
/// most problems (all warnings) a passing day had.
fn walk(
    site: &str,
    files: &[(String, Vec<u8>)],
    first: NaiveDate,
    days: i64,
    must_pass: NaiveDate,
) -> (usize, usize) {
    use rayon::prelude::*;
    // One repository, built on each day; its attachments (the same bytes every day) are
    // made safe once.
    let repository = Memory::new(
        std::iter::once(("site.toml", site.as_bytes()))
            .chain(files.iter().map(|(p, b)| (p.as_str(), b.as_slice()))),
    );
    let every_day = BuildOptions {
        attachments_made: Some(Default::default()),
        ..BuildOptions::new(Given::on(first))
    };
    // Each day built on its own (in parallel); then read in order.
    let days: Vec<(NaiveDate, Vec<String>, usize)> = (0..days)
        .into_par_iter()
        .map(|n| {
            let today = first + Duration::days(n);
            let options = BuildOptions {
                given: Given::on(today),
                ..every_day.clone()
            };
            let (report, published) = yishi::pipeline::build_to_memory(&repository, &options);
            let diagnostics = report.diagnostics;
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
                "built on an earlier day but fails on {today}:\n{}",
                errors.join("")
            );
        }
        if today == must_pass {
            assert!(
                passed_once,
                "does not build on {today}:\n{}",
                errors.join("")
            );
        }
    }
    (passing_days, warned)
}

#[test]
fn a_day_after_a_passing_day_never_fails() {
    let (site, files) = sample();
    let pinned = NaiveDate::from_ymd_opt(2025, 12, 26).unwrap();
    let (passing_days, warned) = walk(&site, &files, pinned - Duration::days(30), 397, pinned);
    // The year after the pinned today builds every day, with the warnings time brings (a
    // record pending since 2025-12-30, overdue work).
    assert!(passing_days >= 367, "{passing_days}");
    assert!(warned > 0);
}

/// Three records written on `today`: a topic whose action is due in four days, a meeting held
/// three days ago with its record, and one announced for two days ahead.
fn three_records(today: NaiveDate) -> Vec<(String, String)> {
    let day = |n: i64| today + Duration::days(n);
    vec![
        (
            "content/topics/parking.md".into(),
            format!(
                "+++\ntitle = \"消防通道常被占用\"\ncategory = \"公益事业\"\nraised = {}\n\
                 channel = \"民情家访\"\nraised_by = \"3号楼居民\"\n\n[[actions]]\nid = \"paint-lines\"\n\
                 task = \"重新施划标线\"\nowner = \"物业服务企业\"\nsupervisor = \"楼栋长\"\ndue = {}\n\n\
                 [[actions.updates]]\ndate = {}\nprogress = 30\nnote = \"已测量\"\n+++\n问题。\n",
                day(-20),
                day(4),
                day(-1)
            ),
        ),
        (
            format!("content/meetings/{}-vote.md", day(-3)),
            format!(
                "+++\ntitle = \"停车议事会\"\nkind = \"民主议事会\"\nstart = {}T19:00:00\n\
                 place = \"议事室\"\nhost = \"张三\"\nrecorder = \"李四\"\ntopics = [\"parking\"]\n\
                 notified = {}\npublished = {}\nexpected = 2\npresent = 2\n\n[[resolutions]]\n\
                 text = \"重新划线\"\nmethod = \"举手表决\"\nyes = 2\nno = 0\nabstain = 0\n+++\n通过。\n",
                day(-3),
                day(-7),
                day(-2)
            ),
        ),
        (
            format!("content/meetings/{}-review.md", day(2)),
            format!(
                "+++\ntitle = \"划线进展恳谈会\"\nkind = \"民情恳谈会\"\nstart = {}T19:00:00\n\
                 place = \"议事室\"\nhost = \"张三\"\nrecorder = \"李四\"\ntopics = [\"parking\"]\n\
                 notified = {}\n+++\n议程。\n",
                day(2),
                day(-2)
            ),
        ),
    ]
}

#[test]
fn a_new_community_keeps_building_as_its_meetings_pass_and_work_falls_due() {
    let written = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    let mut files = yishi::cli::scaffold::init_files(written - Duration::days(10));
    files.extend(three_records(written));
    let site = files
        .iter()
        .find(|(p, _)| p == "site.toml")
        .map(|(_, t)| t.clone())
        .unwrap();
    let files: Vec<(String, String)> = files
        .into_iter()
        .filter(|(p, _)| p.starts_with("content/"))
        .collect();
    let bytes: Vec<(String, Vec<u8>)> = files
        .iter()
        .map(|(p, t)| (p.clone(), t.clone().into_bytes()))
        .collect();
    let (passing_days, warned) = walk(&site, &bytes, written, 367, written);
    assert_eq!(
        passing_days, 367,
        "every day of the year after it was written"
    );
    // A week later: the review meeting's record is pending and the action is overdue.
    let files: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let (diagnostics, published) =
        community::build_in_memory(&site, &files, written + Duration::days(7));
    let codes: Vec<&str> = diagnostics.iter().map(|d| d.code).collect();
    assert!(published.is_some(), "{codes:?}");
    assert!(
        codes.contains(&"record-pending") && codes.contains(&"overdue"),
        "{codes:?}"
    );
    assert!(warned >= 2);
    // On the review meeting's own day (a build at 03:30) its record is pending, but residents
    // are not told it has already taken place; from the next day they are.
    let review = |today: NaiveDate| {
        let (diagnostics, published) = community::build_in_memory(&site, &files, today);
        let page = published
            .unwrap()
            .into_iter()
            .find(|f| {
                f.path == format!("meetings/{}-review/index.html", written + Duration::days(2))
            })
            .unwrap();
        let warning = diagnostics
            .iter()
            .find(|d| d.code == "record-pending")
            .map(|d| d.message.zh.clone())
            .unwrap_or_default();
        (String::from_utf8(page.bytes).unwrap(), warning)
    };
    let (page, warning) = review(written + Duration::days(2));
    assert!(
        page.contains("会议于今天（") && !page.contains("会议已于"),
        "{page}"
    );
    assert!(
        warning.starts_with("会议今天（2026-12-03）召开"),
        "{warning}"
    );
    let (page, warning) = review(written + Duration::days(3));
    assert!(page.contains("会议已于 2026年12月3日") && !page.contains("会议于今天"));
    assert!(warning.starts_with("会议已于 2026-12-03 召开"), "{warning}");
}
