//! Every error path of the core: a broken file gives exit 1 and a message naming the file
//! and the line (and the column where the spec asks for it). Each case writes a small,
//! otherwise valid community into a temporary folder.

use std::fs;
use std::path::Path;

use yishi::diagnostics::Severity;
use yishi::input::source::Disk;
use yishi::pipeline::{BuildOptions, Report};

const SITE: &str = "title = \"测试社区公开栏\"\ncommunity = \"测试社区\"\nbase_url = \"https://example.org/test/\"\ntoday = 2025-06-30\n";
const COUNCIL: &str = "[[members]]\nname = \"王建国\"\nrole = \"主任\"\n\n[[members]]\nname = \"李冬浩\"\nrole = \"委员\"\n";
const TOPIC: &str = "+++\ntitle = \"停车\"\ncategory = \"公益事业\"\nraised = 2025-03-02\n\n[[actions]]\nid = \"register\"\ntask = \"登记车辆\"\nowner = \"居委会\"\ndue = 2025-12-31\n\n[[actions.updates]]\ndate = 2025-04-10\nprogress = 40\n+++\n正文\n";
const MEETING: &str = "+++\ntitle = \"议事会\"\nkind = \"民主议事会\"\nstart = 2025-05-01T09:00:00\nplace = \"议事室\"\ntopics = [\"parking\"]\nexpected = 3\npresent = 2\npublished = 2025-05-03\n\n[[resolutions]]\ntext = \"同意\"\nyes = 2\nno = 0\nabstain = 0\n+++\n记录\n";

fn community(dir: &Path) {
    fs::create_dir_all(dir.join("content/topics")).unwrap();
    fs::create_dir_all(dir.join("content/meetings")).unwrap();
    fs::create_dir_all(dir.join("content/pages")).unwrap();
    fs::create_dir_all(dir.join("content/evaluations")).unwrap();
    fs::write(dir.join("site.toml"), SITE).unwrap();
    fs::write(dir.join("content/council.toml"), COUNCIL).unwrap();
    fs::write(dir.join("content/topics/parking.md"), TOPIC).unwrap();
    fs::write(dir.join("content/meetings/2025-05-01-m.md"), MEETING).unwrap();
}

fn options(dir: &Path) -> BuildOptions {
    BuildOptions::on_disk(dir, yishi::settings::Given::at(chrono::Utc::now()))
}

/// Writes `files` over the valid community and checks it.
fn check_with(files: &[(&str, &[u8])]) -> Report {
    let dir = tempfile::tempdir().unwrap();
    community(dir.path());
    for (path, bytes) in files {
        let full = dir.path().join(path);
        fs::create_dir_all(full.parent().unwrap()).unwrap();
        fs::write(full, bytes).unwrap();
    }
    yishi::pipeline::check(&Disk::new(dir.path()), &options(dir.path()))
}

/// Asserts exactly one error, with this code, file, line and (part of) message.
fn expect_error(files: &[(&str, &[u8])], code: &str, path: &str, line: usize, message: &str) {
    let report = check_with(files);
    assert_eq!(report.exit_code(false), 1, "{:#?}", report.diagnostics);
    let errors: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    let d = errors[0];
    assert_eq!(
        (d.code, d.path.as_str(), d.line),
        (code, path, line),
        "{}",
        d.render()
    );
    assert!(d.message.contains(message), "{}", d.render());
    let text = d.render();
    let prefix = if line == 0 {
        format!("{path}: ")
    } else {
        format!("{path}:{line}:")
    };
    assert!(text.starts_with(&prefix), "{text}");
    assert!(d.hint.is_some(), "no hint: {text}");
}

fn replace(base: &str, from: &str, to: &str) -> Vec<u8> {
    assert!(base.contains(from), "{from}");
    base.replacen(from, to, 1).into_bytes()
}

const T: &str = "content/topics/parking.md";
const M: &str = "content/meetings/2025-05-01-m.md";

#[test]
fn the_valid_community_has_no_problems() {
    let report = check_with(&[]);
    assert_eq!(report.exit_code(true), 0, "{:#?}", report.diagnostics);
}

#[test]
fn toml_syntax_error_names_the_line() {
    expect_error(
        &[(
            T,
            &replace(TOPIC, "category = \"公益事业\"", "category = \"公益事业"),
        )],
        "syntax",
        T,
        3,
        "",
    );
}

#[test]
fn unknown_field() {
    expect_error(
        &[(
            T,
            &replace(
                TOPIC,
                "raised = 2025-03-02",
                "raised = 2025-03-02\ncolour = \"red\"",
            ),
        )],
        "unknown-field",
        T,
        5,
        "unknown field",
    );
}

#[test]
fn missing_required_field() {
    // TOML reports a missing field at the table that lacks it: the front matter's first line.
    expect_error(
        &[(T, &replace(TOPIC, "category = \"公益事业\"\n", ""))],
        "missing-field",
        T,
        2,
        "category",
    );
}

#[test]
fn wrong_type() {
    expect_error(
        &[(
            T,
            &replace(TOPIC, "raised = 2025-03-02", "raised = \"2025年3月2日\""),
        )],
        "type",
        T,
        4,
        "",
    );
}

#[test]
fn vocabulary_with_suggestion() {
    let report = check_with(&[(
        T,
        &replace(TOPIC, "category = \"公益事业\"", "category = \"公益\""),
    )]);
    let d = &report.diagnostics[0];
    assert_eq!((d.code, d.line, d.column), ("vocabulary", 3, 12));
    assert!(
        d.hint
            .as_deref()
            .unwrap()
            .contains("did you mean \"公益事业\""),
        "{}",
        d.render()
    );
}

#[test]
fn unknown_topic_reference() {
    expect_error(
        &[(
            M,
            &replace(MEETING, "topics = [\"parking\"]", "topics = [\"parkin\"]"),
        )],
        "unknown-ref",
        M,
        6,
        "does not exist",
    );
}

#[test]
fn reference_to_a_draft_says_so() {
    let draft = TOPIC.replace("title = \"停车\"", "title = \"停车\"\ndraft = true");
    let report = check_with(&[(T, draft.as_bytes())]);
    let d = report
        .diagnostics
        .iter()
        .find(|d| d.code == "unknown-ref")
        .unwrap();
    assert!(
        d.hint.as_deref().unwrap().contains("draft"),
        "{}",
        d.render()
    );
}

#[test]
fn present_more_than_expected() {
    expect_error(
        &[(M, &replace(MEETING, "present = 2", "present = 4"))],
        "count",
        M,
        8,
        "more than expected",
    );
}

#[test]
fn votes_more_than_present() {
    expect_error(
        &[(M, &replace(MEETING, "no = 0", "no = 1"))],
        "count",
        M,
        11,
        "more than present",
    );
}

#[test]
fn negative_count() {
    expect_error(
        &[(M, &replace(MEETING, "no = 0", "no = -1"))],
        "count",
        M,
        14,
        "negative",
    );
}

#[test]
fn non_integer_count() {
    expect_error(
        &[(M, &replace(MEETING, "no = 0", "no = 1.5"))],
        "type",
        M,
        14,
        "",
    );
}

#[test]
fn roll_call_names_must_be_members_or_attendees() {
    let text = MEETING.replace(
        "yes = 2\nno = 0\nabstain = 0",
        "votes = { yes = [\"王建国\", \"张三\"], no = [], abstain = [] }",
    );
    expect_error(&[(M, text.as_bytes())], "roll-call", M, 13, "张三");
    // An attendee written "role name" may vote by name.
    let ok = text.replace(
        "present = 2",
        "present = 2\nattendees = [\"居民代表 张三\"]",
    );
    assert_eq!(check_with(&[(M, ok.as_bytes())]).exit_code(false), 0);
}

#[test]
fn counts_and_roll_call_together() {
    let text = MEETING.replace("abstain = 0", "abstain = 0\nvotes = { yes = [\"王建国\"] }");
    expect_error(&[(M, text.as_bytes())], "votes", M, 16, "both");
}

#[test]
fn progress_out_of_range_and_decreasing() {
    expect_error(
        &[(T, &replace(TOPIC, "progress = 40", "progress = 140"))],
        "progress",
        T,
        14,
        "outside",
    );
    let down = TOPIC.replace(
        "progress = 40\n",
        "progress = 40\n\n[[actions.updates]]\ndate = 2025-05-10\nprogress = 30\n",
    );
    expect_error(&[(T, down.as_bytes())], "progress", T, 18, "goes down");
}

#[test]
fn updates_out_of_order_and_in_the_future() {
    let order = TOPIC.replace(
        "progress = 40\n",
        "progress = 40\n\n[[actions.updates]]\ndate = 2025-04-01\nprogress = 50\n",
    );
    expect_error(
        &[(T, order.as_bytes())],
        "update-order",
        T,
        17,
        "comes after",
    );
    expect_error(
        &[(T, &replace(TOPIC, "date = 2025-04-10", "date = 2025-07-10"))],
        "future-update",
        T,
        13,
        "after today",
    );
}

#[test]
fn upcoming_meeting_with_results() {
    // Each result field of a meeting that has not happened yet is reported.
    let report = check_with(&[(
        M,
        &replace(
            MEETING,
            "start = 2025-05-01T09:00:00",
            "start = 2025-08-01T09:00:00",
        ),
    )]);
    let found: Vec<(&str, usize)> = report
        .diagnostics
        .iter()
        .map(|d| (d.code, d.line))
        .collect();
    assert_eq!(
        found,
        [
            ("upcoming-results", 8),
            ("upcoming-results", 9),
            ("upcoming-results", 11)
        ],
        "{:#?}",
        report.diagnostics
    );
    assert!(report.diagnostics[0].message.contains("upcoming"));
    let cancelled = MEETING.replace("present = 2", "present = 2\ncancelled = \"暴雨\"");
    let report = check_with(&[(M, cancelled.as_bytes())]);
    assert!(
        report
            .diagnostics
            .iter()
            .all(|d| d.code == "upcoming-results" && d.message.contains("cancelled"))
    );
    assert_eq!(report.exit_code(false), 1);
}

/// Spec 13.1: resolutions without attendance stay an error (the vote cannot be checked),
/// at the resolution; without resolutions the record is only pending (a warning).
#[test]
fn held_meeting_without_attendance() {
    expect_error(
        &[(M, &replace(MEETING, "present = 2\n", ""))],
        "missing-field",
        M,
        10, // the [[resolutions]] line, once present's line is gone
        "present",
    );
    let pending = MEETING[..MEETING.find("\n[[resolutions]]").unwrap()]
        .replace("expected = 3\npresent = 2\npublished = 2025-05-03\n", "")
        + "\n+++\n记录\n";
    let report = check_with(&[(M, pending.as_bytes())]);
    assert_eq!(report.exit_code(false), 0, "{:#?}", report.diagnostics);
    assert!(
        report
            .diagnostics
            .iter()
            .any(|d| d.code == "record-pending" && d.path == M && d.line == 4),
        "{:#?}",
        report.diagnostics
    );
}

#[test]
fn several_topics_need_named_resolutions() {
    let second = "+++\ntitle = \"绿化\"\ncategory = \"公益事业\"\nraised = 2025-03-02\n+++\n";
    let text = MEETING.replace(
        "topics = [\"parking\"]",
        "topics = [\"parking\", \"green\"]",
    );
    expect_error(
        &[
            (M, text.as_bytes()),
            ("content/topics/green.md", second.as_bytes()),
        ],
        "missing-field",
        M,
        11,
        "several topics",
    );
}

#[test]
fn bad_file_name() {
    expect_error(
        &[(
            "content/topics/Parking Lot.md",
            TOPIC.replace("停车", "车").as_bytes(),
        )],
        "bad-id",
        "content/topics/Parking Lot.md",
        0,
        "not a valid id",
    );
    let report = check_with(&[("content/topics/Parking Lot.md", TOPIC.as_bytes())]);
    assert!(
        report.diagnostics[0]
            .hint
            .as_deref()
            .unwrap()
            .contains("parking-lot.md")
    );
}

#[test]
fn bad_utf8_names_the_line() {
    let mut bytes = TOPIC.as_bytes().to_vec();
    let at = TOPIC.find("正文").unwrap();
    bytes.splice(at..at, [0xC4u8, 0xE3]); // GBK for 你
    expect_error(&[(T, &bytes)], "encoding", T, 16, "UTF-8");
}

#[test]
fn front_matter_missing_or_unclosed() {
    expect_error(&[(T, b"title = \"x\"\n")], "front-matter", T, 1, "missing");
    expect_error(
        &[(T, TOPIC.replace("+++\n正文", "正文").as_bytes())],
        "front-matter",
        T,
        1,
        "not closed",
    );
}

#[test]
fn broken_markdown_link_names_the_body_line() {
    let text = TOPIC.replace("正文\n", "正文\n\n见[会议](@/meetings/none.md)。\n");
    expect_error(
        &[(T, text.as_bytes())],
        "broken-link",
        T,
        18,
        "@/meetings/none.md",
    );
    let climb = TOPIC.replace("正文\n", "正文\n![x](@/../../etc/passwd)\n");
    expect_error(
        &[(T, climb.as_bytes())],
        "broken-link",
        T,
        17,
        "not a valid internal link",
    );
}

#[test]
fn missing_attachment() {
    let text = TOPIC.replace(
        "progress = 40\n",
        "progress = 40\nphotos = [\"attachments/x.jpg\"]\n",
    );
    expect_error(
        &[(T, text.as_bytes())],
        "unknown-ref",
        T,
        15,
        "attachments/x.jpg",
    );
}

#[test]
fn duplicate_action_id() {
    let text = TOPIC.replace("+++\n正文", "\n[[actions]]\nid = \"register\"\ntask = \"再登记\"\nowner = \"居委会\"\ndue = 2025-12-31\n+++\n正文");
    expect_error(&[(T, text.as_bytes())], "duplicate-id", T, 17, "used twice");
}

#[test]
fn evaluation_year_must_match_file() {
    let e = "+++\nyear = 2024\ndate = 2025-06-01\n+++\n";
    expect_error(
        &[("content/evaluations/2025.md", e.as_bytes())],
        "evaluation-year",
        "content/evaluations/2025.md",
        2,
        "does not match",
    );
}

#[test]
fn page_id_collides_with_a_section() {
    expect_error(
        &[("content/pages/topics.md", b"+++\ntitle = \"x\"\n+++\n")],
        "reserved-id",
        "content/pages/topics.md",
        1,
        "collides",
    );
}

#[test]
fn site_toml_rules() {
    expect_error(
        &[(
            "site.toml",
            format!("{SITE}\n[rules]\nquorum = \"3/2\"\n").as_bytes(),
        )],
        "rules",
        "site.toml",
        7,
        "quorum",
    );
    expect_error(
        &[(
            "site.toml",
            format!("{SITE}\n[rules]\nmajority_of = \"most\"\n").as_bytes(),
        )],
        "rules",
        "site.toml",
        7,
        "majority_of",
    );
}

#[test]
fn three_files_with_errors_are_reported_in_one_run() {
    let second = "+++\ntitle = \"绿化\"\ncategory = \"绿化\"\nraised = 2025-03-02\n+++\n";
    let report = check_with(&[
        (T, &replace(TOPIC, "progress = 40", "progress = 400")),
        (M, &replace(MEETING, "present = 2", "present = 5")),
        ("content/topics/green.md", second.as_bytes()),
    ]);
    let mut files: Vec<&str> = report
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.path.as_str())
        .collect();
    files.dedup();
    assert_eq!(
        files,
        [
            "content/meetings/2025-05-01-m.md",
            "content/topics/green.md",
            "content/topics/parking.md"
        ]
    );
    assert_eq!(
        yishi::diagnostics::summary(&report.diagnostics),
        "3 errors, 0 warnings in 3 files"
    );
}

#[test]
fn warnings_do_not_fail_unless_denied() {
    // Due 2025-06-01, before today 2025-06-30: overdue.
    let report = check_with(&[(T, &replace(TOPIC, "due = 2025-12-31", "due = 2025-06-01"))]);
    assert_eq!(report.exit_code(false), 0);
    assert_eq!(report.exit_code(true), 1);
    let d = &report.diagnostics[0];
    assert_eq!(
        (d.code, d.line, d.severity),
        ("overdue", 7, Severity::Warning)
    );
}

#[test]
fn a_failed_build_leaves_the_previous_site_untouched() {
    let dir = tempfile::tempdir().unwrap();
    community(dir.path());
    let opts = options(dir.path());
    assert_eq!(
        yishi::pipeline::build(&Disk::new(dir.path()), &opts).exit_code(false),
        0
    );
    let before = snapshot(&dir.path().join("site"));
    assert!(before.len() > 10);
    fs::write(
        dir.path().join(T),
        replace(TOPIC, "progress = 40", "progress = 400"),
    )
    .unwrap();
    assert_eq!(
        yishi::pipeline::build(&Disk::new(dir.path()), &opts).exit_code(false),
        1
    );
    assert_eq!(snapshot(&dir.path().join("site")), before);
    // No staging folder is left behind.
    let leftovers: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains("yishi"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn two_builds_are_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    community(dir.path());
    let mut opts = options(dir.path());
    yishi::pipeline::build(&Disk::new(dir.path()), &opts);
    let first = snapshot(&opts.out);
    opts.out = dir.path().join("site2");
    yishi::pipeline::build(&Disk::new(dir.path()), &opts);
    assert_eq!(snapshot(&opts.out), first);
}

#[test]
fn refuses_to_write_over_the_repository() {
    let dir = tempfile::tempdir().unwrap();
    community(dir.path());
    let mut opts = options(dir.path());
    opts.out = dir.path().to_path_buf();
    let report = yishi::pipeline::build(&Disk::new(dir.path()), &opts);
    assert_eq!(report.exit_code(false), 2);
    assert!(dir.path().join("content/topics/parking.md").exists());
}

fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            out.push((
                entry
                    .path()
                    .strip_prefix(dir)
                    .unwrap()
                    .display()
                    .to_string(),
                fs::read(entry.path()).unwrap(),
            ));
        }
    }
    out
}
