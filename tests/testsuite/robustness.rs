//! No input crashes yishi, reads outside the repository, or leaks through: property tests
//! over every stage (run with PROPTEST_CASES=… for longer; the fuzz target in fuzz/ does the
//! same coverage-guided), and the hostile files named in the check issue.

use std::fs;
use std::path::Path;

use chrono::NaiveDate;
use proptest::prelude::*;
use yishi::diagnostics::Severity;
use yishi::input::load;
use yishi::input::source::Disk;
use yishi::pipeline::BuildOptions;
use yishi::pipeline::community;
use yishi::{markdown, privacy};

use crate::leak;

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
    #![proptest_config(ProptestConfig { cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(256), .. ProptestConfig::default() })]

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
        let files = [(path, text.as_str()), ("content/topics/b.md", "+++\ntitle = \"b\"\ncategory = \"其他\"\nraised = 2025-01-01\n+++\n")];
        let (diagnostics, published) = community::build_in_memory(SITE, &files, today());
        let errors = diagnostics.iter().any(|d| d.severity == Severity::Error);
        prop_assert_eq!(errors, published.is_none());
        // check and build agree: what check passes, build publishes.
        let checked = community::check_in_memory(SITE, &files, today());
        prop_assert_eq!(checked.result.is_some(), published.is_some(), "{:#?}", diagnostics);
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

    /// The rendering oracle (tests/support/leak.rs): a personal number written in any of
    /// the ways a record can hide one either stops the build, or is nowhere to be read in
    /// what it publishes; and no diagnostic prints it.
    #[test]
    fn no_hidden_number_is_ever_published(data in prop::collection::vec(any::<u8>(), 0..80)) {
        let case = leak::case(&data);
        let files: Vec<(&str, &str)> = case.files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
        let (diagnostics, published) = community::build_in_memory(&case.site, &files, today());
        if let Some(published) = &published {
            prop_assert!(leak::leaked(published, &case.number).is_none(),
                "{} can be read in {:?}; the records: {}", case.number, leak::leaked(published, &case.number), case.files[0].1);
        }
        let printed: String = diagnostics.iter().map(|d| d.render()).collect();
        let as_file = yishi::plumbing::output::OutputFile { path: "printed.txt".into(), bytes: printed.into_bytes() };
        prop_assert!(leak::leaked(&[as_file], &case.number).is_none(), "a diagnostic prints {}", case.number);
        // check and build agree: a number check lets through, build does not find later.
        let checked = community::check_in_memory(&case.site, &files, today());
        prop_assert_eq!(checked.result.is_some(), published.is_some(), "{:#?}", diagnostics);
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

/// What the hostile-file tests check and build with: the repository in `dir`, on the tests' day.
fn options(dir: &Path) -> BuildOptions {
    BuildOptions::on_disk(dir, yishi::settings::Given::on(today()))
}

fn check(dir: &Path) -> community::Report {
    yishi::pipeline::check(&Disk::new(dir), &options(dir))
}

fn codes(report: &community::Report) -> Vec<(&str, &str)> {
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

fn build(dir: &Path) -> community::Report {
    yishi::pipeline::build(&Disk::new(dir), &options(dir))
}

/// Every byte of every file under `dir`, for "the secret is nowhere in the site".
fn all_bytes(dir: &Path) -> Vec<(String, Vec<u8>)> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().display().to_string(), fs::read(e.path()).unwrap()))
        .collect()
}

fn holds(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// A small valid PDF (one empty page).
fn pdf() -> Vec<u8> {
    use lopdf::{Document, Object, dictionary};
    let mut doc = Document::with_version("1.4");
    let pages = doc.new_object_id();
    let page = doc.add_object(dictionary! { "Type" => "Page", "Parent" => pages });
    doc.objects.insert(
        pages,
        Object::Dictionary(
            dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 },
        ),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

const TOPIC_T: &str = "+++\ntitle = \"t\"\ncategory = \"其他\"\nraised = 2025-01-01\n+++\n正文\n";

/// A linked folder is never walked, wherever it sits — the attachments, a sub-folder of
/// them, an entry folder, content/ itself, static/, a theme's folders — and whatever it
/// points at (an SSH key here): record folders are errors, published folders are skipped
/// with a warning, a linked theme stops the build.
#[cfg(unix)]
#[test]
fn linked_folders_are_never_walked() {
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().unwrap();
    let secret = b"-----BEGIN OPENSSH PRIVATE KEY-----";
    fs::create_dir_all(outside.path().join("keys")).unwrap();
    fs::write(outside.path().join("keys/id_ed25519"), secret).unwrap();
    fs::write(outside.path().join("keys/x.md"), TOPIC_T).unwrap();
    let keys = outside.path().join("keys");
    type Case = (&'static str, Option<(&'static str, &'static str, Severity)>);
    let cases: [Case; 6] = [
        (
            "content/attachments",
            Some(("content/attachments", "ignored-file", Severity::Warning)),
        ),
        (
            "content/attachments/2025",
            Some((
                "content/attachments/2025",
                "ignored-file",
                Severity::Warning,
            )),
        ),
        (
            "content/pages",
            Some(("content/pages", "linked-folder", Severity::Error)),
        ),
        (
            "static",
            Some(("static", "ignored-file", Severity::Warning)),
        ),
        (
            "static/.well-known",
            Some(("static/.well-known", "ignored-file", Severity::Warning)),
        ),
        ("themes/mine/static", None),
    ];
    for (at, expected) in cases {
        let dir = repo();
        fs::write(dir.path().join("content/topics/t.md"), TOPIC_T).unwrap();
        if at.starts_with("themes/") {
            fs::write(
                dir.path().join("site.toml"),
                format!("{SITE}theme = \"mine\"\n"),
            )
            .unwrap();
        }
        let link = dir.path().join(at);
        fs::create_dir_all(link.parent().unwrap()).unwrap();
        symlink(&keys, &link).unwrap();
        let report = build(dir.path());
        match expected {
            Some((path, code, severity)) => {
                assert!(
                    report
                        .diagnostics
                        .iter()
                        .any(|d| d.path == path && d.code == code && d.severity == severity),
                    "{at}: {:#?}",
                    report.diagnostics
                );
                let want = if severity == Severity::Error { 1 } else { 0 };
                assert_eq!(report.exit_code(false), want, "{at}");
            }
            None => {
                assert_eq!(report.exit_code(false), 2, "{at}: a linked theme folder");
                assert!(
                    report
                        .fatal
                        .as_deref()
                        .unwrap_or("")
                        .contains("symbolic link")
                );
            }
        }
        for (path, bytes) in all_bytes(&dir.path().join("site")) {
            assert!(!holds(&bytes, secret), "{at}: the key came out in {path}");
        }
    }
    // content/ itself, and an entry folder with a record in the linked place.
    for at in ["content", "content/topics"] {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("site.toml"), SITE).unwrap();
        fs::create_dir_all(dir.path().join(at).parent().unwrap()).unwrap();
        symlink(&keys, dir.path().join(at)).unwrap();
        let report = build(dir.path());
        assert_eq!(report.exit_code(false), 1, "{at}");
        assert!(
            report
                .diagnostics
                .iter()
                .any(|d| d.path == at && d.code == "linked-folder"),
            "{at}: {:#?}",
            report.diagnostics
        );
    }
}

/// static/ is published as it is at the site's root, dot files included (.nojekyll,
/// .well-known/); litter is not; a file where the build puts its own pages is an error.
#[test]
fn static_files_are_published_as_they_are() {
    let dir = repo();
    fs::write(dir.path().join("content/topics/t.md"), TOPIC_T).unwrap();
    let files = [
        ("CNAME", "yishi.example.org\n"),
        (".nojekyll", ""),
        (
            ".well-known/security.txt",
            "Contact: mailto:a@example.org\n",
        ),
        ("baidu_verify_abc.html", "abc"),
        ("notes/a.txt", "任意"),
    ];
    for (path, text) in files {
        let p = dir.path().join("static").join(path);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    }
    fs::write(dir.path().join("static/.DS_Store"), "litter").unwrap();
    let report = build(dir.path());
    assert_eq!(report.exit_code(false), 0, "{:#?}", report.diagnostics);
    for (path, text) in files {
        assert_eq!(
            fs::read_to_string(dir.path().join("site").join(path)).unwrap(),
            text,
            "{path}"
        );
    }
    assert!(!dir.path().join("site/.DS_Store").exists());
    // The build's own places are taken.
    for taken in [
        "index.html",
        "topics/x.html",
        "data/topics.json",
        "static/style.css",
        "feed.xml",
    ] {
        let dir = repo();
        fs::write(dir.path().join("content/topics/t.md"), TOPIC_T).unwrap();
        let p = dir.path().join("static").join(taken);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, "x").unwrap();
        let report = build(dir.path());
        assert_eq!(report.exit_code(false), 1, "{taken}");
        let d = &report.diagnostics[0];
        assert_eq!(
            (d.code, d.path.as_str()),
            ("static-collision", &*format!("static/{taken}"))
        );
    }
}

/// Hidden files under attachments (credentials, editor data) are never published; OS litter
/// is skipped without a word; anything else hidden is named in a warning.
#[test]
fn hidden_files_under_attachments_are_never_published() {
    let dir = repo();
    fs::write(dir.path().join("content/topics/t.md"), TOPIC_T).unwrap();
    let att = dir.path().join("content/attachments");
    fs::create_dir_all(att.join(".git/objects")).unwrap();
    fs::create_dir_all(att.join("2025")).unwrap();
    fs::write(att.join(".git-credentials"), "https://u:token@example.org").unwrap();
    fs::write(att.join(".git/objects/a"), "object").unwrap();
    fs::write(att.join("2025/.DS_Store"), "litter").unwrap();
    fs::write(att.join("2025/Thumbs.db"), "litter").unwrap();
    fs::write(att.join("2025/notice.pdf"), pdf()).unwrap();
    let report = build(dir.path());
    assert_eq!(report.exit_code(false), 0, "{:#?}", report.diagnostics);
    let warned: Vec<&str> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == "ignored-file")
        .map(|d| d.path.as_str())
        .collect();
    assert_eq!(
        warned,
        [
            "content/attachments/.git",
            "content/attachments/.git-credentials"
        ]
    );
    let site = dir.path().join("site");
    for (path, bytes) in all_bytes(&site) {
        assert!(
            !holds(&bytes, b"token@") && !holds(&bytes, b"litter"),
            "{path}"
        );
    }
    assert!(!site.join("attachments/.git-credentials").exists());
}

/// Two attachments that a case-insensitive or normalising host would take for one file are
/// an error; a reference that differs from a file only that way gets the file's name as hint.
#[test]
fn names_equal_under_case_folding_or_normalisation_are_errors() {
    let dir = repo();
    let att = dir.path().join("content/attachments");
    fs::create_dir_all(&att).unwrap();
    for name in [
        "Photo.jpg",
        "photo.JPG",
        "caf\u{e9}.pdf",
        "cafe\u{301}.pdf",
        "Ａ.pdf",
        "a.pdf",
    ] {
        fs::write(att.join(name), b"%PDF-1.4\n%%EOF\n").unwrap();
    }
    let report = check(dir.path());
    let mut collisions: Vec<&str> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == "name-collision")
        .map(|d| d.path.as_str())
        .collect();
    collisions.sort();
    assert_eq!(collisions.len(), 3, "{collisions:?}");

    let dir = repo();
    let att = dir.path().join("content/attachments");
    fs::create_dir_all(&att).unwrap();
    fs::write(att.join("caf\u{e9}.pdf"), b"%PDF-1.4\n%%EOF\n").unwrap();
    fs::write(
        dir.path().join("content/topics/t.md"),
        "+++\ntitle = \"t\"\ncategory = \"其他\"\nraised = 2025-01-01\n+++\n[a](@/attachments/cafe\u{301}.pdf) [b](@/attachments/CAF\u{c9}.pdf)\n",
    )
    .unwrap();
    let report = check(dir.path());
    let hints: Vec<&str> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == "broken-link")
        .filter_map(|d| d.hint.as_deref())
        .collect();
    assert_eq!(hints.len(), 2, "{:#?}", report.diagnostics);
    assert!(
        hints
            .iter()
            .all(|h| h.contains("the file is named \"attachments/caf\u{e9}.pdf\""))
    );
}

/// Text from a record that XML or iCalendar forbids (controls, U+FFFE, U+FFFF) never reaches
/// the feed, the sitemap or the calendar, which stay well-formed; CSV cells that a
/// spreadsheet would run as formulas are neutralised; attachment names with `#` or `?` are
/// percent-encoded in every link.
#[test]
fn feeds_csv_and_links_survive_hostile_text() {
    let dir = repo();
    let att = dir.path().join("content/attachments");
    fs::create_dir_all(&att).unwrap();
    fs::write(att.join("a#1.pdf"), pdf()).unwrap();
    fs::write(att.join("b?x=1.pdf"), pdf()).unwrap();
    fs::write(
        dir.path().join("content/topics/t.md"),
        "+++\ntitle = \"=HYPERLINK(\\\"http://evil\\\") \\u0001\\u007F\\uFFFE\\uFFFF停车\"\ncategory = \"其他\"\nraised = 2025-01-01\nsummary = \"@SUM(1)\\u000B\"\n+++\n见[附件](@/attachments/a#1.pdf)与[另一](@/attachments/b?x=1.pdf)。\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("content/meetings/m.md"),
        "+++\ntitle = \"会\\u0008议\\uFFFF\"\nkind = \"民主议事会\"\nstart = 2025-07-01T09:00:00\nplace = \"p\\u001F\"\ntopics = [\"t\"]\n+++\n",
    )
    .unwrap();
    let report = build(dir.path());
    assert_eq!(report.exit_code(false), 0, "{:#?}", report.diagnostics);
    let site = dir.path().join("site");
    for xml in ["feed.xml", "sitemap.xml", "topics/t/feed.xml"] {
        let text = fs::read_to_string(site.join(xml)).unwrap();
        let mut reader = quick_xml::Reader::from_str(&text);
        loop {
            match reader.read_event() {
                Ok(quick_xml::events::Event::Eof) => break,
                Ok(_) => {}
                Err(e) => panic!("{xml} is not well-formed: {e}"),
            }
        }
        assert!(
            !text
                .chars()
                .any(|c| !yishi::plumbing::escape::is_text_char(c)),
            "{xml}"
        );
    }
    let ics = fs::read_to_string(site.join("meetings.ics")).unwrap();
    assert!(ics.contains("SUMMARY:会议"), "{ics}");
    assert!(
        !ics.chars()
            .any(|c| c != '\r' && c != '\n' && (c.is_control() || c == '\u{ffff}'))
    );
    let csv = fs::read_to_string(site.join("data/topics.csv")).unwrap();
    assert!(csv.contains(",\"'=HYPERLINK("), "{csv}");
    let page = fs::read_to_string(site.join("topics/t/index.html")).unwrap();
    assert!(page.contains("attachments/a%231.pdf\""), "{page}");
    assert!(page.contains("attachments/b%3Fx=1.pdf\""), "{page}");
    let data = fs::read_to_string(site.join("data/attachments.json")).unwrap();
    assert!(
        data.contains("\"url\": \"attachments/a%231.pdf\""),
        "{data}"
    );
    assert!(data.contains("\"topics/t/index.html\""), "{data}");
}

/// What staff put under attachments is published only as a reader sees it: `check` refuses
/// by name what cannot be cleaned (HEIC, TIFF, SVG, an unlisted type), `build` refuses
/// bytes that are not what the name says or do not parse, and a listed type is published
/// as it is, marked so in data/attachments.json.
#[test]
fn attachments_publish_nothing_the_staff_did_not_see() {
    let dir = repo();
    fs::write(dir.path().join("content/topics/t.md"), TOPIC_T).unwrap();
    let att = dir.path().join("content/attachments");
    fs::create_dir_all(&att).unwrap();
    for name in [
        "IMG_0001.HEIC",
        "scan.tiff",
        "logo.svg",
        "page.html",
        "table.xlsx",
    ] {
        fs::write(att.join(name), b"whatever").unwrap();
    }
    let report = check(dir.path());
    let mut refused: Vec<&str> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == "attachment")
        .map(|d| d.path.as_str())
        .collect();
    refused.sort();
    assert_eq!(
        refused,
        [
            "content/attachments/IMG_0001.HEIC",
            "content/attachments/logo.svg",
            "content/attachments/page.html",
            "content/attachments/scan.tiff",
            "content/attachments/table.xlsx",
        ]
    );
    for name in ["IMG_0001.HEIC", "scan.tiff", "logo.svg", "page.html"] {
        fs::remove_file(att.join(name)).unwrap();
    }
    // Listed: published as it is.
    fs::write(
        dir.path().join("site.toml"),
        format!("{SITE}\n[attachments]\npublish_as_is = [\"xlsx\"]\n"),
    )
    .unwrap();
    fs::write(att.join("minutes.pdf"), pdf()).unwrap();
    let report = build(dir.path());
    assert_eq!(report.exit_code(false), 0, "{:#?}", report.diagnostics);
    let data = fs::read_to_string(dir.path().join("site/data/attachments.json")).unwrap();
    let records: serde_json::Value = serde_json::from_str(&data).unwrap();
    let removed = |path: &str| {
        records
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["path"] == path)
            .map(|r| r["metadata_removed"].clone())
    };
    assert_eq!(removed("attachments/table.xlsx"), Some(false.into()));
    assert_eq!(removed("attachments/minutes.pdf"), Some(true.into()));
    assert_eq!(
        fs::read(dir.path().join("site/attachments/table.xlsx")).unwrap(),
        b"whatever"
    );
    // Bytes that lie about their type, a truncated photo, a CSV with a mobile number: the
    // build stops, the site stays as it was, and the number is printed masked only.
    let before = all_bytes(&dir.path().join("site"));
    fs::write(att.join("photo.jpg"), b"\x89PNG\r\n\x1a\nnot really").unwrap();
    fs::write(att.join("cut.jpg"), b"\xFF\xD8\xFF\xE0\x00\x10JFIF\0").unwrap();
    fs::write(att.join("list.csv"), "户主,电话\n张三,139 1234 5678\n").unwrap();
    let report = build(dir.path());
    assert_eq!(report.exit_code(false), 1);
    let problems: Vec<String> = report.diagnostics.iter().map(|d| d.render()).collect();
    let text = problems.join("");
    for expected in [
        "content/attachments/photo.jpg: error[attachment]: is named as JPEG but its bytes are PNG",
        "content/attachments/cut.jpg: error[attachment]:",
        "content/attachments/list.csv:2:4: error[personal-data]",
        "139 ****",
    ] {
        assert!(text.contains(expected), "{expected} not in {text}");
    }
    assert!(
        !text.contains("1234 5678") && !text.contains("12345678"),
        "{text}"
    );
    assert_eq!(all_bytes(&dir.path().join("site")), before);
}

/// A number no single value holds, but a published file shows — two fields side by side in
/// a community's own template — stops the build: every output is read as its readers read
/// it. The site stays as it was, and nothing printed holds the number. (yishi's own pages
/// and search records keep separate fields apart, so the same records build with the
/// default theme.)
#[test]
fn a_number_made_by_joining_fields_stops_the_build() {
    let dir = repo();
    fs::write(dir.path().join("content/topics/t.md"), TOPIC_T).unwrap();
    assert_eq!(build(dir.path()).exit_code(false), 0);
    let before = all_bytes(&dir.path().join("site"));
    fs::write(
        dir.path().join("content/topics/t.md"),
        "+++\ntitle = \"t\"\ncategory = \"其他\"\nraised = 2025-01-01\nsummary = \"请联系 139\"\nraised_by = \"0211 4567 王先生\"\n+++\n正文\n",
    )
    .unwrap();
    assert_eq!(
        check(dir.path()).exit_code(false),
        0,
        "no one value holds it"
    );
    assert_eq!(
        build(dir.path()).exit_code(false),
        0,
        "the default theme shows the two fields apart"
    );
    let before_theme = all_bytes(&dir.path().join("site"));
    assert_ne!(before, before_theme);
    // A community's template that prints them side by side.
    let templates = dir.path().join("themes/mine/templates");
    fs::create_dir_all(&templates).unwrap();
    fs::write(
        templates.join("topic.html"),
        "{% extends \"base.html\" %}{% block content %}<p>{{ page.topic.summary }} {{ page.raised_by }}</p>{% endblock content %}",
    )
    .unwrap();
    let site = fs::read_to_string(dir.path().join("site.toml")).unwrap();
    fs::write(
        dir.path().join("site.toml"),
        format!("theme = \"mine\"\n{site}"),
    )
    .unwrap();
    assert_eq!(check(dir.path()).exit_code(false), 0);
    let report = build(dir.path());
    assert_eq!(report.exit_code(false), 1, "{:#?}", report.diagnostics);
    let text: String = report.diagnostics.iter().map(|d| d.render()).collect();
    // Reported where the number begins (the summary's line), the line masked.
    assert!(
        text.contains("content/topics/t.md:5:1: error[personal-data]")
            && text.contains("139 **** 4567"),
        "{text}"
    );
    assert!(!text.contains("0211"), "{text}");
    assert_eq!(all_bytes(&dir.path().join("site")), before_theme);
}
