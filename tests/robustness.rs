//! No input crashes yishi, reads outside the repository, or leaks through: property tests
//! over every stage (run with PROPTEST_CASES=… for longer; the fuzz target in fuzz/ does the
//! same coverage-guided), and the hostile files named in the check issue.

use std::fs;
use std::path::Path;

use chrono::NaiveDate;
use proptest::prelude::*;
use yishi::diagnostics::Severity;
use yishi::pipeline::{self, BuildOptions};
use yishi::{load, markdown, privacy};

const SITE: &str = "title = \"T\"\ncommunity = \"C\"\nbase_url = \"https://example.org/\"\n";

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 6, 30).unwrap()
}

/// Values that stress the loader: huge and negative numbers, odd dates, Chinese, quotes.
fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<i64>().prop_map(|n| n.to_string()),
        (0i64..200).prop_map(|n| n.to_string()),
        "[0-9]{4}-[0-9]{2}-[0-9]{2}",
        "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(Z|\\+08:00)?",
        "\"[^\"\\\\\\n]{0,20}\"",
        Just("\"公益事业\"".to_string()),
        Just("\"民主议事会\"".to_string()),
        Just("[\"a\", \"b\"]".to_string()),
        Just("true".to_string()),
        Just("{ yes = [\"王\"], no = [] }".to_string()),
    ]
}

fn key() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "title",
        "category",
        "raised",
        "channel",
        "declined",
        "kind",
        "start",
        "place",
        "topics",
        "expected",
        "present",
        "published",
        "notified",
        "cancelled",
        "yes",
        "no",
        "abstain",
        "votes",
        "topic",
        "text",
        "progress",
        "date",
        "due",
        "id",
        "task",
        "owner",
        "year",
        "satisfied",
    ])
    .prop_map(String::from)
}

/// A front matter of random fields and tables, close enough to the format to go deep.
fn front_matter() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        (key(), value()).prop_map(|(k, v)| format!("{k} = {v}")),
        Just("[[actions]]".to_string()),
        Just("[[actions.updates]]".to_string()),
        Just("[[resolutions]]".to_string()),
        Just("[overall]".to_string()),
        Just("[[topics]]".to_string()),
    ];
    prop::collection::vec(line, 0..25).prop_map(|lines| lines.join("\n"))
}

fn kind_path() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "content/topics/a.md",
        "content/meetings/m.md",
        "content/evaluations/2025.md",
        "content/pages/p.md",
    ])
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

    #[test]
    fn front_matter_splitter_never_panics(text in "(\\+\\+\\+\\r?\\n)?[\\s\\S]{0,200}(\\n\\+\\+\\+)?[\\s\\S]{0,50}") {
        if let Ok((front, body)) = load::split_front_matter(&text) {
            prop_assert!(text.is_char_boundary(front.start) && text.is_char_boundary(front.end));
            prop_assert!(text.is_char_boundary(body.start) && body.end == text.len());
        }
    }

    #[test]
    fn every_stage_survives_random_records(path in kind_path(), fm in front_matter(), body in "[\\s\\S]{0,120}") {
        let text = format!("+++\n{fm}\n+++\n{body}");
        let (diagnostics, files) = pipeline::build_in_memory(SITE, &[(path, &text), ("content/topics/b.md", "+++\ntitle = \"b\"\ncategory = \"其他\"\nraised = 2025-01-01\n+++\n")], today());
        let errors = diagnostics.iter().any(|d| d.severity == Severity::Error);
        prop_assert_eq!(errors, files.is_none());
        for d in &diagnostics {
            prop_assert!(d.path == "site.toml" || d.path.starts_with("content/"));
            let _ = d.render();
        }
    }

    #[test]
    fn markdown_renderer_never_panics_and_never_emits_script(body in "[\\s\\S]{0,300}") {
        let html = markdown::render(&body, &|t| Some(t.to_string()));
        prop_assert!(!html.to_ascii_lowercase().contains("<script"));
        let _ = markdown::internal_links(&body);
        let _ = markdown::unsafe_html(&body);
        let _ = markdown::literal_emphasis(&body);
    }

    #[test]
    fn markdown_with_hostile_html_is_sanitised(tag in "(script|iframe|object|embed|form|style)", attr in "(onclick|onerror|onload)") {
        let body = format!("<{tag} {attr}=\"x()\">a</{tag}>\n\n<a href=\"javascript:x()\" {attr}=\"y\">b</a>\n");
        let html = markdown::render(&body, &|t| Some(t.to_string())).to_ascii_lowercase();
        let opening = format!("<{tag}");
        prop_assert!(!html.contains(&opening) && !html.contains("javascript:") && !html.contains(&attr));
    }

    #[test]
    fn privacy_scan_never_panics_and_redacts_what_it_finds(text in "[0-9０-９ \\-+X*a-z中文]{0,80}") {
        for f in privacy::scan(&text, &[]) {
            prop_assert!(text.is_char_boundary(f.span.start) && text.is_char_boundary(f.span.end));
        }
        let redacted = privacy::redact(&text, &[]);
        prop_assert!(privacy::scan(&redacted, &[]).is_empty(), "{}", redacted);
    }
}

// ---------------------------------------------------------------- hostile files

fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("content/topics")).unwrap();
    fs::create_dir_all(dir.path().join("content/meetings")).unwrap();
    fs::write(dir.path().join("site.toml"), SITE).unwrap();
    dir
}

fn check(dir: &Path) -> pipeline::Report {
    pipeline::check(&BuildOptions {
        root: dir.to_path_buf(),
        out: dir.join("site"),
        today: Some(today()),
        base_url: None,
        drafts: false,
        deny_warnings: false,
    })
}

fn codes(report: &pipeline::Report) -> Vec<(&str, &str)> {
    report
        .diagnostics
        .iter()
        .map(|d| (d.path.as_str(), d.code))
        .collect()
}

#[test]
fn empty_binary_and_huge_files_are_errors() {
    let dir = repo();
    fs::write(dir.path().join("content/topics/empty.md"), "").unwrap();
    fs::write(
        dir.path().join("content/topics/binary.md"),
        [0u8, 159, 146, 150, 0, 255],
    )
    .unwrap();
    fs::write(
        dir.path().join("content/topics/nul.md"),
        "+++\ntitle = \"a\0b\"\n+++\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("content/topics/huge.md"),
        vec![b'a'; 10 * 1024 * 1024],
    )
    .unwrap();
    let report = check(dir.path());
    assert_eq!(report.exit_code(false), 1);
    let found = codes(&report);
    assert!(
        found.contains(&("content/topics/empty.md", "front-matter")),
        "{found:?}"
    );
    assert!(
        found.contains(&("content/topics/binary.md", "encoding")),
        "{found:?}"
    );
    assert!(
        found.iter().any(|(p, _)| *p == "content/topics/nul.md"),
        "{found:?}"
    );
    assert!(
        found.contains(&("content/topics/huge.md", "unreadable")),
        "{found:?}"
    );
}

#[test]
fn deep_nesting_and_overflow_are_errors_not_crashes() {
    let dir = repo();
    let deep = format!(
        "+++\ntitle = \"t\"\ncategory = {}{}\nraised = 2025-01-01\n+++\n",
        "[".repeat(50_000),
        "]".repeat(50_000)
    );
    fs::write(dir.path().join("content/topics/deep.md"), deep).unwrap();
    let tables = format!(
        "+++\ntitle = \"t\"\ncategory = \"其他\"\nraised = 2025-01-01\nx = {}1{}\n+++\n",
        "{a = ".repeat(20_000),
        "}".repeat(20_000)
    );
    fs::write(dir.path().join("content/topics/tables.md"), tables).unwrap();
    fs::write(
        dir.path().join("content/topics/t.md"),
        "+++\ntitle = \"t\"\ncategory = \"其他\"\nraised = 2025-01-01\n+++\n",
    )
    .unwrap();
    let max = i64::MAX;
    let m = format!(
        "+++\ntitle = \"m\"\nkind = \"民主议事会\"\nstart = 2025-05-01T09:00:00\nplace = \"p\"\ntopics = [\"t\"]\nexpected = {max}\npresent = {max}\npublished = 2025-05-02\n\n[[resolutions]]\ntext = \"x\"\nyes = {max}\nno = {max}\nabstain = {max}\n+++\n"
    );
    fs::write(dir.path().join("content/meetings/m.md"), m).unwrap();
    fs::write(dir.path().join("content/meetings/big.md"), "+++\ntitle = \"m\"\nkind = \"民主议事会\"\nstart = 2025-05-01T09:00:00\nplace = \"p\"\nexpected = 99999999999999999999999\n+++\n").unwrap();
    let report = check(dir.path());
    let found = codes(&report);
    assert!(
        found.contains(&("content/topics/deep.md", "syntax")),
        "{found:?}"
    );
    assert!(
        found.iter().any(|(p, _)| *p == "content/topics/tables.md"),
        "{found:?}"
    );
    // Three times i64::MAX votes is more than present: reported, not overflowed.
    assert!(
        found.contains(&("content/meetings/m.md", "count")),
        "{found:?}"
    );
    assert!(
        found.iter().any(|(p, _)| *p == "content/meetings/big.md"),
        "{found:?}"
    );
}

#[test]
fn nothing_outside_the_repository_is_read_or_published() {
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("secret.txt"), "机密").unwrap();
    let dir = repo();
    fs::create_dir_all(dir.path().join("content/attachments")).unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(
            outside.path().join("secret.txt"),
            dir.path().join("content/attachments/link.txt"),
        )
        .unwrap();
        std::os::unix::fs::symlink(
            outside.path().join("secret.txt"),
            dir.path().join("content/topics/linked.md"),
        )
        .unwrap();
    }
    let topic = "+++\ntitle = \"t\"\ncategory = \"其他\"\nraised = 2025-01-01\n\n[[actions]]\nid = \"a\"\ntask = \"x\"\nowner = \"o\"\ndue = 2025-12-01\n\n[[actions.updates]]\ndate = 2025-02-01\nprogress = 10\nphotos = [\"../../secret.txt\", \"attachments/../../secret.txt\", \"attachments/link.txt\"]\n+++\n[x](@/../../etc/passwd) ![y](@/attachments/../../../secret.txt)\n";
    fs::write(dir.path().join("content/topics/t.md"), topic).unwrap();
    let meeting = "+++\ntitle = \"m\"\nkind = \"民主议事会\"\nstart = 2025-05-01T09:00:00\nplace = \"p\"\nexpected = 3\npresent = 2\nsign_in = \"../secret.txt\"\n+++\n";
    fs::write(dir.path().join("content/meetings/m.md"), meeting).unwrap();
    let report = check(dir.path());
    assert_eq!(report.exit_code(false), 1);
    let errors: Vec<String> = report
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| format!("{}:{} {}", d.path, d.line, d.code))
        .collect();
    // Each climbing path is refused at its line; the linked topic is refused as a link.
    for expected in [
        "content/topics/t.md:15 unknown-ref",
        "content/topics/t.md:17 broken-link",
        "content/meetings/m.md:8 unknown-ref",
        "content/topics/linked.md:0 unreadable",
    ] {
        assert!(
            errors.iter().any(|e| e == expected),
            "{expected} not in {errors:#?}"
        );
    }
    // Nothing quotes the secret.
    assert!(
        report
            .diagnostics
            .iter()
            .all(|d| !d.render().contains("机密"))
    );
}
