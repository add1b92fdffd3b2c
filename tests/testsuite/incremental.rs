//! `serve` checks the records again after each save by reading and parsing only the files
//! that changed (`community::Checker`). After every kind of edit — an entry changed, added,
//! removed, broken, made a draft; council.toml, site.toml, attachments, stray files — its
//! report must be the one a fresh `check` gives: the same problems, the same model and facts,
//! and, at the end, the same site byte for byte.

use std::fs;
use std::path::{Path, PathBuf};

use std::sync::Arc;

use yishi::input::source::Disk;
use yishi::pipeline::community::{BuildOptions, Report};
use yishi::pipeline::incremental::Checker;

fn options(root: &Path) -> BuildOptions {
    BuildOptions::on_disk(root, yishi::settings::Given::at(chrono::Utc::now()))
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A copy of the sample community to edit.
fn sample_copy() -> (tempfile::TempDir, PathBuf) {
    let sample = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("c");
    fs::create_dir_all(&root).unwrap();
    fs::copy(sample.join("site.toml"), root.join("site.toml")).unwrap();
    copy_dir(&sample.join("content"), &root.join("content"));
    (dir, root)
}

/// What a report says, in a form two reports can be compared by.
fn summary(report: &Report) -> (Vec<yishi::diagnostics::Diagnostic>, Option<String>) {
    (
        report.diagnostics.clone(),
        report
            .result
            .as_ref()
            .map(|(model, facts)| format!("{model:#?}\n{facts:#?}")),
    )
}

/// Two checkers of one repository: one as `check` would run again, one as `serve` runs
/// (errors only, given the model and facts of its last good check, as of its last preview).
struct Checkers {
    full: Checker,
    serve: Checker,
    earlier: Option<(yishi::model::Model, yishi::facts::Facts)>,
}

impl Checkers {
    fn new(root: &Path) -> Checkers {
        Checkers {
            full: Checker::new(Arc::new(Disk::new(root)), options(root)),
            serve: Checker::new(Arc::new(Disk::new(root)), options(root)).errors_only(),
            earlier: None,
        }
    }

    /// The serving checker's check, keeping its model and facts when there are no errors.
    fn serve(&mut self) -> Report {
        let earlier = self.earlier.as_ref().map(|(m, f)| (m, f));
        let report = self.serve.check_after(earlier);
        if let Some(result) = &report.result {
            self.earlier = Some(result.clone());
        }
        report
    }
}

/// Tells the checkers which files changed, checks, and compares with a fresh full check: the
/// first checker's report must be the full one, the second's (`errors_only`, with the facts of
/// its last good check, as `serve` uses) its errors with the same model and facts.
fn assert_like_full(checkers: &mut Checkers, root: &Path, changed: &[&str], what: &str) -> Report {
    for checker in [&mut checkers.full, &mut checkers.serve] {
        checker.changed(changed.iter().map(|p| root.join(p)));
    }
    let incremental = checkers.full.check();
    let errors_only = checkers.serve();
    let full = yishi::pipeline::check(&Disk::new(root), &options(root));
    let (a, b) = (summary(&incremental), summary(&full));
    assert_eq!(
        a.0, b.0,
        "after {what}: the problems differ from a full check"
    );
    assert!(
        a.1 == b.1,
        "after {what}: the model or facts differ from a full check"
    );
    let (e, mut f) = (summary(&errors_only), b);
    f.0.retain(|d| d.severity == yishi::diagnostics::Severity::Error);
    assert_eq!(
        e.0, f.0,
        "after {what}: errors only differ from the full check's errors"
    );
    assert!(
        e.1 == f.1,
        "after {what}: errors only, the model or facts differ"
    );
    incremental
}

fn edit(root: &Path, path: &str, f: impl FnOnce(String) -> String) {
    let file = root.join(path);
    let text = fs::read_to_string(&file).unwrap();
    fs::write(&file, f(text)).unwrap();
}

#[test]
fn every_kind_of_edit_checks_like_a_full_check() {
    let (_dir, root) = sample_copy();
    let mut checker = Checkers::new(&root);
    let first = checker.full.check();
    assert!(first.result.is_some(), "the sample checks");
    assert!(
        first
            .diagnostics
            .iter()
            .any(|d| d.severity == yishi::diagnostics::Severity::Warning),
        "the sample has warnings, so leaving them out is tested"
    );
    checker.serve();

    let meeting = "content/meetings/2024-04-18-parking-vote.md";
    edit(&root, meeting, |t| {
        t.replacen("title = \"", "title = \"（更正）", 1) + "\n会后又补充了三条意见。\n"
    });
    let report = assert_like_full(&mut checker, &root, &[meeting], "editing a meeting");
    let (model, _) = report.result.as_ref().unwrap();
    assert!(
        model
            .meetings
            .iter()
            .any(|m| m.title.starts_with("（更正）"))
    );

    // The minutes' text alone, and a topic's: no fact changes, and serve's checker keeps
    // them all (the text must still be the new one).
    let topic = "content/topics/2024-03-parking.md";
    edit(&root, meeting, |t| t + "\n又收到两条书面意见。\n");
    edit(&root, topic, |t| t + "\n补充：施工期间请绕行。\n");
    let report = assert_like_full(
        &mut checker,
        &root,
        &[meeting, topic],
        "editing the text of a meeting and a topic",
    );
    let (model, _) = report.result.as_ref().unwrap();
    assert!(
        model
            .meetings
            .iter()
            .any(|m| m.body.contains("又收到两条书面意见"))
    );

    // 21 present of 40 expected is no quorum: the meeting's votes become invalid, and serve's
    // checker must not keep the facts it had for the meeting.
    edit(&root, meeting, |t| {
        t.replacen("expected = 25", "expected = 40", 1)
    });
    let report = assert_like_full(&mut checker, &root, &[meeting], "raising the expected");
    let (model, facts) = report.result.as_ref().unwrap();
    let at = model
        .meetings
        .iter()
        .position(|m| m.path.ends_with("2024-04-18-parking-vote.md"))
        .unwrap();
    assert!(
        facts.resolutions[at]
            .iter()
            .flatten()
            .all(|r| r.quorum_met == Some(false))
    );
    edit(&root, meeting, |t| {
        t.replacen("expected = 40", "expected = 25", 1)
    });
    assert_like_full(&mut checker, &root, &[meeting], "the expected put back");

    let parking = "content/topics/2024-03-parking.md";
    let parking_text = fs::read_to_string(root.join(parking)).unwrap();
    let added = "content/topics/2026-01-new-bench.md";
    fs::write(
        root.join(added),
        parking_text.replacen("title = \"", "title = \"新增：", 1),
    )
    .unwrap();
    let report = assert_like_full(&mut checker, &root, &[added], "adding a topic");
    assert!(
        report
            .result
            .unwrap()
            .0
            .topic("2026-01-new-bench")
            .is_some()
    );

    fs::remove_file(root.join(parking)).unwrap();
    let report = assert_like_full(&mut checker, &root, &[parking], "removing a topic");
    assert!(
        report.result.is_none(),
        "meetings point at the removed topic"
    );
    assert!(report.diagnostics.iter().any(|d| d.code == "unknown-ref"));

    fs::write(root.join(parking), &parking_text).unwrap();
    assert_like_full(&mut checker, &root, &[parking], "putting it back");

    edit(&root, parking, |t| {
        t.replacen("+++\n", "+++\ndraft = true\n", 1)
    });
    let report = assert_like_full(&mut checker, &root, &[parking], "making it a draft");
    let hints = report.diagnostics.iter().filter_map(|d| d.hint.as_deref());
    assert!(hints.into_iter().any(|h| h.contains("is a draft")));
    fs::write(root.join(parking), &parking_text).unwrap();
    assert_like_full(&mut checker, &root, &[parking], "publishing it again");

    edit(&root, meeting, |t| {
        t.replacen("+++\n", "+++\ntitle = \n", 1)
    });
    let report = assert_like_full(&mut checker, &root, &[meeting], "breaking a meeting's TOML");
    assert!(report.result.is_none());
    edit(&root, meeting, |t| {
        t.replacen("+++\ntitle = \n", "+++\n", 1)
    });
    let report = assert_like_full(&mut checker, &root, &[meeting], "mending the meeting");
    assert!(report.result.is_some());

    let council = "content/council.toml";
    let council_text = fs::read_to_string(root.join(council)).unwrap();
    fs::remove_file(root.join(council)).unwrap();
    assert_like_full(&mut checker, &root, &[council], "removing council.toml");
    fs::write(root.join(council), &council_text).unwrap();
    assert_like_full(&mut checker, &root, &[council], "restoring council.toml");

    let stray = "content/topics/notes.txt";
    let bad_name = "content/topics/Bad Name.md";
    fs::write(root.join(stray), "notes").unwrap();
    fs::write(root.join(bad_name), &parking_text).unwrap();
    fs::create_dir_all(root.join("content/topics/sub")).unwrap();
    fs::write(root.join("content/topics/sub/x.md"), "not loaded").unwrap();
    let report = assert_like_full(
        &mut checker,
        &root,
        &[
            stray,
            bad_name,
            "content/topics/sub",
            "content/topics/sub/x.md",
        ],
        "stray files",
    );
    let codes: Vec<&str> = report.diagnostics.iter().map(|d| d.code).collect();
    assert!(codes.contains(&"ignored-file") && codes.contains(&"bad-id"));
    fs::remove_file(root.join(stray)).unwrap();
    fs::remove_file(root.join(bad_name)).unwrap();
    assert_like_full(&mut checker, &root, &[stray, bad_name], "removing them");

    let attachment = "content/attachments/2025/0101-new-scan.png";
    fs::copy(
        root.join("content/attachments/2024/0418-signin.png"),
        root.join(attachment),
    )
    .unwrap();
    let report = assert_like_full(&mut checker, &root, &[attachment], "adding an attachment");
    assert!(
        report
            .result
            .unwrap()
            .0
            .attachments
            .contains(&"attachments/2025/0101-new-scan.png".to_string())
    );

    edit(&root, "site.toml", |t| {
        t.replacen("title = \"", "title = \"新名称 ", 1)
    });
    let report = assert_like_full(&mut checker, &root, &["site.toml"], "editing site.toml");
    assert!(report.result.is_some(), "the edited copy checks");

    // And the site made of the incremental check is the full build's, byte for byte.
    let options = options(&root);
    let (built, from_incremental) =
        yishi::pipeline::publish_in_memory(&Disk::new(&root), &options, report);
    let from_incremental = from_incremental.unwrap_or_else(|| panic!("{:#?}", built.diagnostics));
    let from_full = yishi::pipeline::build_to_memory(&Disk::new(&root), &options)
        .1
        .unwrap();
    assert_eq!(from_incremental.len(), from_full.len());
    for (a, b) in from_incremental.iter().zip(&from_full) {
        assert_eq!(a.path, b.path);
        assert!(a.bytes == b.bytes, "{} differs", a.path);
    }
}

/// The checker reads only what it is told changed: a file changed behind its back still
/// checks as it was, until it is named (this is what makes a save fast on a large community).
#[test]
fn only_the_files_named_are_read_again() {
    let (_dir, root) = sample_copy();
    let mut checker = Checker::new(Arc::new(Disk::new(&root)), options(&root));
    checker.check();
    let meeting = "content/meetings/2024-04-18-parking-vote.md";
    edit(&root, meeting, |t| {
        t.replacen("title = \"", "title = \"（更正）", 1)
    });
    let title = |report: Report| {
        let (model, _) = report.result.unwrap();
        model
            .meeting("2024-04-18-parking-vote")
            .unwrap()
            .title
            .clone()
    };
    assert!(!title(checker.check()).starts_with("（更正）"));
    checker.changed([root.join(meeting)]);
    assert!(title(checker.check()).starts_with("（更正）"));
    // A path outside the repository means nothing can be trusted: everything is read again.
    edit(&root, meeting, |t| t.replacen("（更正）", "（再更正）", 1));
    checker.changed([Path::new("/elsewhere/file.md")]);
    assert!(title(checker.check()).starts_with("（再更正）"));
}
