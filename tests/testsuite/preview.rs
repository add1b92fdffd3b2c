//! `serve` renders page by page (`yishi::serve::preview`): every file it makes must be the bytes a
//! full build makes, before and after a meeting is edited, and it must make no file a full
//! build does not.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use yishi::input::source::{Disk, Source};
use yishi::pipeline::BuildOptions;
use yishi::plumbing::output::OutputFile;
use yishi::serve::preview::{Changed, Git, Preview};

fn options(root: &Path) -> BuildOptions {
    BuildOptions::on_disk(root, yishi::settings::Given::at(chrono::Utc::now()))
}

/// The repository in the folder `root`.
fn repository(root: &Path) -> Arc<dyn Source> {
    Arc::new(Disk::new(root))
}

/// The full build in memory, and a preview of the same records (made after `previous`,
/// as `serve` does after a save, keeping what it can of it).
fn both(root: &Path, previous: Option<&Preview>) -> (Vec<OutputFile>, Preview) {
    let (source, options) = (repository(root), options(root));
    let (mut report, full) = yishi::pipeline::build_to_memory(&*source, &options);
    let full = full.expect("the records build");
    let (model, facts) = report.result.take().expect("the records check");
    let memo = yishi::media::attachments::Cache::default();
    let preview = Preview::new(
        &source,
        (model, facts, report.settings),
        &memo,
        previous,
        Changed::default(),
        Git::Ask,
    )
    .unwrap();
    (full, preview)
}

/// Runs git in `root`, with an author of its own (CI has none configured).
fn git(root: &Path, args: &[&str]) {
    let status = std::process::Command::new("git")
        .current_dir(root)
        .args(["-c", "user.name=t", "-c", "user.email=t@example.org"])
        .args(["-c", "commit.gpgsign=false"])
        .args(args)
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?}");
}

/// Asks the preview for every file of the full build, in an order unlike the build's (the
/// search index and the lists first, pages after), and compares.
fn assert_same(full: &[OutputFile], preview: &Preview) {
    let mut order: Vec<&OutputFile> = full.iter().collect();
    order.sort_by_key(|f| {
        (
            !f.path.starts_with("search/"),
            std::cmp::Reverse(f.path.clone()),
        )
    });
    for file in order {
        let made = preview
            .get(&file.path)
            .unwrap()
            .unwrap_or_else(|| panic!("{} is missing from the preview", file.path));
        assert!(
            *made == file.bytes,
            "{} differs from the full build",
            file.path
        );
    }
    let mut paths = preview.paths();
    paths.sort();
    let mut expected: Vec<String> = full.iter().map(|f| f.path.clone()).collect();
    expected.sort();
    assert_eq!(
        paths, expected,
        "the preview made other files than the build"
    );
}

#[test]
fn the_preview_of_the_sample_is_the_full_build() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let (full, preview) = both(&root, None);
    assert!(full.len() > 100);
    // A topic page is made by itself, without the rest of the site.
    let topic = preview
        .get("topics/2024-03-parking/index.html")
        .unwrap()
        .unwrap();
    assert!(String::from_utf8_lossy(&topic).contains("停车"));
    assert_eq!(preview.paths().len(), preview_attachments(&full) + 1);
    // So is the home page, without the lists, the board, the data files and the feeds.
    let home = preview.get("index.html").unwrap().unwrap();
    assert!(String::from_utf8_lossy(&home).contains("<html"));
    assert_eq!(preview.paths().len(), preview_attachments(&full) + 2);
    // And one page of a list, without the list's other pages or the other lists.
    for list in ["topics/index.html", "meetings/index.html"] {
        assert!(preview.get(list).unwrap().is_some(), "{list}");
    }
    assert_eq!(preview.paths().len(), preview_attachments(&full) + 4);
    assert!(
        preview
            .get("topics/no-such-topic/index.html")
            .unwrap()
            .is_none()
    );
    assert!(preview.get("no/such/file.txt").unwrap().is_none());
    // What browsers ask for by themselves is not there, and costs one small part, not every
    // list, data file and feed.
    assert!(preview.get("favicon.ico").unwrap().is_none());
    assert!(!preview.paths().iter().any(|p| p.starts_with("data/")));
    assert_same(&full, &preview);
}

/// Files a preview holds from the start: the published attachments.
fn preview_attachments(full: &[OutputFile]) -> usize {
    full.iter()
        .filter(|f| f.path.starts_with("attachments/") || f.path.starts_with("thumbs/"))
        .count()
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

#[test]
fn after_a_meeting_is_edited_the_preview_is_the_new_full_build() {
    let sample = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("c");
    std::fs::create_dir_all(&root).unwrap();
    std::fs::copy(sample.join("site.toml"), root.join("site.toml")).unwrap();
    copy_dir(&sample.join("content"), &root.join("content"));
    // In a repository of its own, so the pages carry a commit and, after the edit,
    // "uncommitted changes": the new preview keeps the old one's history and theme.
    git(&root, &["init", "-q"]);
    git(&root, &["add", "-A"]);
    git(&root, &["commit", "-q", "-m", "records"]);
    let meeting = "meetings/2024-04-18-parking-vote/index.html";
    let (_, before) = both(&root, None);
    let old = before.get(meeting).unwrap().unwrap();

    let file = root.join("content/meetings/2024-04-18-parking-vote.md");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, format!("{text}\n会后，居民代表又补充了三条意见。\n")).unwrap();
    let (full, after) = both(&root, Some(&before));
    let new = after.get(meeting).unwrap().unwrap();
    assert_ne!(old, new);
    assert!(!String::from_utf8_lossy(&old).contains("未提交的修改"));
    assert!(String::from_utf8_lossy(&new).contains("未提交的修改"));
    assert!(String::from_utf8_lossy(&new).contains("又补充了三条意见"));
    assert_same(&full, &after);
}

/// A page that would publish a personal number the records' check could not see (here a
/// theme joins a title's digits to its own) is not shown: the preview says so as a build
/// does, in Chinese, at the record line where the number begins.
#[test]
fn a_page_that_would_publish_a_number_is_refused_at_the_record_line() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("content/topics")).unwrap();
    std::fs::create_dir_all(root.join("themes/joined/templates")).unwrap();
    std::fs::write(
        root.join("site.toml"),
        "title = \"T\"\ncommunity = \"C\"\ntoday = 2025-06-01\ntheme = \"joined\"\n",
    )
    .unwrap();
    std::fs::write(
        root.join("themes/joined/templates/topic.html"),
        "{% extends \"base.html\" %}{% block content %}{{ page.topic.title }}5678{% endblock content %}",
    )
    .unwrap();
    std::fs::write(
        root.join("content/topics/a.md"),
        "+++\ntitle = \"来电 138-1234-\"\ncategory = \"其他\"\nraised = 2025-01-02\n+++\n正文\n",
    )
    .unwrap();
    // A build refuses it: the preview alone is made, as serve makes it after a save.
    let (source, options) = (repository(root), options(root));
    let (full, _) = yishi::pipeline::build_to_memory(&*source, &options);
    assert!(
        full.diagnostics.iter().any(|d| d.code == "personal-data"),
        "{:#?}",
        full.diagnostics
    );
    let mut report = yishi::pipeline::check(&*source, &options);
    let (model, facts) = report.result.take().expect("the records check");
    let memo = yishi::media::attachments::Cache::default();
    let preview = Preview::new(
        &source,
        (model, facts, report.settings),
        &memo,
        None,
        Changed::default(),
        Git::Ask,
    )
    .unwrap();
    let refused = preview
        .get("topics/a/index.html")
        .expect_err("the page is not shown");
    assert!(
        refused.contains("content/topics/a.md:2:1")
            && refused.contains("错误[personal-data]")
            && refused.contains("会公开手机号")
            && !refused.contains("13812345678"),
        "{refused}"
    );
    // Pages that do not show the title are still made.
    assert!(preview.get("404.html").unwrap().is_some());
}
