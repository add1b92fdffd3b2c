//! Provenance from git, on a community repository made in a temporary folder with fixed
//! commit dates: the commit on every page, each record's last change, the changes page in
//! plain language, a topic's own history, drafts and commit messages never published, and
//! nothing of it without git.

use std::path::Path;
use std::process::Command;

use yishi::input::source::Disk;
use yishi::pipeline::BuildOptions;

const SITE: &str = "title = \"t\"\ncommunity = \"幸福里社区\"\ntoday = 2025-06-30\n";
const TOPIC: &str = "+++\ntitle = \"东区停车位规划\"\ncategory = \"公益事业\"\nraised = 2025-03-01\n\n[[actions]]\nid = \"paint\"\ntask = \"施划车位\"\nowner = \"物业\"\ndue = 2025-06-01\n+++\n正文\n";
const UPDATE: &str = "\n[[actions.updates]]\ndate = 2025-03-05\nprogress = 40\n";
const MEETING: &str = "+++\ntitle = \"停车议事会\"\nkind = \"民主议事会\"\nstart = 2025-03-02T09:00:00\nplace = \"议事室\"\ntopics = [\"parking\"]\nexpected = 9\npresent = 9\n\n[[resolutions]]\ntext = \"施划车位\"\nyes = 9\nno = 0\nabstain = 0\n+++\n";
const UPCOMING: &str = "+++\ntitle = \"七月议事会\"\nkind = \"民主议事会\"\nstart = 2025-07-10T09:00:00\nplace = \"议事室\"\nnotified = 2025-06-28\n+++\n";
const DRAFT: &str =
    "+++\ntitle = \"秘密草稿议题\"\ncategory = \"其他\"\nraised = 2025-03-01\ndraft = true\n+++\n";

fn git(dir: &Path, args: &[&str], date: &str) {
    let ok = Command::new("git")
        .current_dir(dir)
        .args([
            "-c",
            "user.name=居委会张三",
            "-c",
            "user.email=zhangsan@example.org",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .output()
        .expect("git runs");
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
}

fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn build(root: &Path, out: &Path) {
    let report = yishi::pipeline::build(
        &Disk::new(root),
        &BuildOptions {
            out: out.to_path_buf(),
            ..BuildOptions::new(yishi::settings::Given::at(chrono::Utc::now()))
        },
    );
    assert_eq!(report.exit_code(false), 0, "{:#?}", report.diagnostics);
}

fn read(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap()
}

#[test]
fn pages_show_the_commit_and_each_records_history() {
    let repo = tempfile::tempdir().unwrap();
    let root = repo.path();
    git(
        root,
        &["init", "-q", "-b", "main"],
        "2025-03-01T10:00:00+08:00",
    );
    write(root, "site.toml", SITE);
    write(root, "content/topics/parking.md", TOPIC);
    git(root, &["add", "."], "2025-03-01T10:00:00+08:00");
    git(
        root,
        &["commit", "-q", "-m", "初次录入 联系人 13912345678"],
        "2025-03-01T10:00:00+08:00",
    );
    write(root, "content/meetings/2025-03-02-vote.md", MEETING);
    write(root, "content/topics/secret.md", DRAFT);
    write(root, "content/meetings/2025-07-10-next.md", UPCOMING);
    git(root, &["add", "."], "2025-03-02T20:00:00+08:00");
    git(
        root,
        &["commit", "-q", "-m", "录入议事会"],
        "2025-03-02T20:00:00+08:00",
    );
    // The progress report: committed at 23:30 UTC on 5 March, which is 6 March in Beijing.
    write(
        root,
        "content/topics/parking.md",
        &TOPIC.replace("due = 2025-06-01\n", &format!("due = 2025-06-01\n{UPDATE}")),
    );
    git(
        root,
        &["commit", "-q", "-am", "进度"],
        "2025-03-05T23:30:00+00:00",
    );
    let head = String::from_utf8(
        Command::new("git")
            .current_dir(root)
            .args(["rev-parse", "HEAD"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let short = &head.trim()[..7];

    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("site");
    build(root, &out);

    // Every page names the commit, and links the changes page.
    let home = read(&out, "index.html");
    assert!(
        home.contains(&format!(
            "<a href=\"changes/index.html\">根据提交 {short} 生成</a>"
        )),
        "{home}"
    );
    // So does every printed sheet (the upcoming meeting's notice, A4 and A3).
    let sheets: Vec<_> = walk(&out.join("board"))
        .into_iter()
        .filter(|p| p.components().count() > out.join("board").components().count() + 1)
        .collect();
    assert_eq!(sheets.len(), 2, "{sheets:?}");
    for sheet in sheets {
        let text = std::fs::read_to_string(&sheet).unwrap();
        assert!(
            text.contains(&format!("根据提交 {short} 生成")),
            "{}",
            sheet.display()
        );
    }
    // The changes page, newest first, in plain language; the draft's commit is left out.
    let changes = read(&out, "changes/index.html");
    let order = [
        "2025年3月6日</span> 更新了《<a href=\"../topics/parking/index.html\">东区停车位规划</a>》的落实进度",
        "2025年3月2日</span> 新增了会议记录《<a href=\"../meetings/2025-03-02-vote/index.html\">停车议事会</a>》",
        "2025年3月1日</span> 新增了议题《<a href=\"../topics/parking/index.html\">东区停车位规划</a>》",
        "2025年3月1日</span> 新增了《社区设置》",
    ];
    let mut at = 0;
    for line in order {
        let found = changes[at..]
            .find(line)
            .unwrap_or_else(|| panic!("{line} after {at} in {changes}"));
        at += found + line.len();
    }
    // The topic page: its last change and its own history (two changes).
    let topic = read(&out, "topics/parking/index.html");
    assert!(
        topic.contains(&format!("本页记录最后修改于 2025年3月6日（提交 {short}）")),
        "{topic}"
    );
    let history = &topic[topic
        .find("id=\"history-heading\"")
        .expect("history section")..];
    assert_eq!(history.matches("<li>").count(), 2);
    // Never published: drafts, commit messages (they may hold personal data), authors.
    for file in walk(&out) {
        let text = String::from_utf8_lossy(&std::fs::read(&file).unwrap()).into_owned();
        for secret in [
            "秘密草稿",
            "secret",
            "初次录入",
            "13912345678",
            "张三",
            "zhangsan",
        ] {
            assert!(!text.contains(secret), "{secret} in {}", file.display());
        }
    }

    // Same commit, same bytes.
    let again = out_dir.path().join("again");
    build(root, &again);
    for file in walk(&out) {
        let rel = file.strip_prefix(&out).unwrap();
        assert_eq!(
            std::fs::read(&file).unwrap(),
            std::fs::read(again.join(rel)).unwrap(),
            "{}",
            rel.display()
        );
    }

    // An uncommitted edit is said so.
    write(
        root,
        "content/topics/parking.md",
        &TOPIC.replace("正文", "正文二"),
    );
    build(root, &out);
    assert!(read(&out, "index.html").contains("（另有未提交的修改）"));
}

#[test]
fn without_git_the_provenance_parts_are_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("community");
    write(&root, "site.toml", SITE);
    write(&root, "content/topics/parking.md", TOPIC);
    let out = dir.path().join("site");
    build(&root, &out);
    assert!(!out.join("changes").exists());
    let topic = read(&out, "topics/parking/index.html");
    assert!(!topic.contains("提交"));
    assert!(!topic.contains("record-history-heading"));
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect()
}

/// `serve` asks git about the saved paths only; the footer's "uncommitted" must still be
/// what a full `git status` says, after a save, a save back to the committed text, a new
/// file, and an index change nobody saved (`git rm --cached`). The community is a folder
/// below the top of its repository, as in a district's, where git names paths from the top.
#[test]
fn uncommitted_changes_are_followed_path_by_path() {
    use yishi::input::provenance::{read, read_again};
    let dir = tempfile::tempdir().unwrap();
    git(dir.path(), &["init", "-q"], "2025-03-01T10:00:00+08:00");
    let root = &dir.path().join("communities/a");
    let zone = chrono::FixedOffset::east_opt(8 * 3600).unwrap();
    write(root, "site.toml", SITE);
    write(root, "content/topics/parking.md", TOPIC);
    write(root, "content/meetings/2025-03-02-parking.md", MEETING);
    git(root, &["add", "-A"], "2025-03-01T10:00:00+08:00");
    git(
        root,
        &["commit", "-q", "-m", "m"],
        "2025-03-01T10:00:00+08:00",
    );
    let topic = "content/topics/parking.md".to_string();
    let first = read(root, zone).expect("a repository");
    assert!(!first.dirty);

    write(root, &topic, &format!("{TOPIC}{UPDATE}"));
    let edited = read_again(root, zone, Some(&first), Some(std::slice::from_ref(&topic))).unwrap();
    assert!(edited.dirty, "a saved edit is uncommitted");
    assert_eq!(edited, read(root, zone).unwrap());
    // Nothing named: nothing asked, the answer stands.
    let same = read_again(root, zone, Some(&edited), Some(&[])).unwrap();
    assert!(same.dirty);

    write(root, &topic, TOPIC);
    let back = read_again(root, zone, Some(&same), Some(std::slice::from_ref(&topic))).unwrap();
    assert!(!back.dirty, "saved back as committed");

    let new = "content/topics/new.md".to_string();
    write(root, &new, TOPIC);
    let added = read_again(root, zone, Some(&back), Some(std::slice::from_ref(&new))).unwrap();
    assert!(added.dirty, "a new file is uncommitted");
    assert_eq!(added, read(root, zone).unwrap());
    std::fs::remove_file(root.join(&new)).unwrap();
    let removed = read_again(root, zone, Some(&added), Some(&[new])).unwrap();
    assert!(!removed.dirty);

    // The index changes with no file saved: noticed by the index's time stamp.
    std::thread::sleep(std::time::Duration::from_millis(20));
    git(
        root,
        &["rm", "-q", "--cached", &topic],
        "2025-03-01T10:00:00+08:00",
    );
    let unstaged = read_again(root, zone, Some(&removed), Some(&[])).unwrap();
    assert!(unstaged.dirty, "git rm --cached is an uncommitted change");
    assert_eq!(unstaged, read(root, zone).unwrap());
    // Saved again while out of the index: untracked as well as deleted from it; git is asked
    // about it with the look for untracked files, and says what a full status says.
    write(root, &topic, &format!("{TOPIC}{UPDATE}"));
    let untracked = read_again(
        root,
        zone,
        Some(&unstaged),
        Some(std::slice::from_ref(&topic)),
    );
    assert_eq!(untracked.unwrap(), read(root, zone).unwrap());
    // Saved back as committed and added back to the index: clean again, and a tracked file
    // once more, asked about as one when it is saved.
    write(root, &topic, TOPIC);
    std::thread::sleep(std::time::Duration::from_millis(20));
    git(root, &["add", &topic], "2025-03-01T10:00:00+08:00");
    let staged = read_again(root, zone, Some(&unstaged), Some(&[])).unwrap();
    assert!(!staged.dirty, "back in the index as committed");
    write(root, &topic, &format!("{TOPIC}{UPDATE}"));
    let saved = read_again(
        root,
        zone,
        Some(&staged),
        Some(std::slice::from_ref(&topic)),
    )
    .unwrap();
    assert!(saved.dirty, "a tracked file saved with an edit");
    assert_eq!(saved, read(root, zone).unwrap());

    // site.toml's time zone changed, HEAD did not: the dates are read again in the new one.
    write(root, "content/topics/late.md", TOPIC);
    git(root, &["add", "-A"], "2025-03-05T23:30:00+00:00");
    git(
        root,
        &["commit", "-q", "-m", "m"],
        "2025-03-05T23:30:00+00:00",
    );
    let beijing = read(root, zone).unwrap();
    let utc = chrono::FixedOffset::east_opt(0).unwrap();
    let london = read_again(root, utc, Some(&beijing), Some(&[])).unwrap();
    let date = |p: &yishi::input::provenance::Provenance| p.changes()[0].date.to_string();
    assert_eq!(
        (date(&beijing), date(&london)),
        ("2025-03-06".into(), "2025-03-05".into())
    );
    assert_eq!(london.zone(), Some(utc));
}

/// A shallow clone (CI's default `fetch-depth: 1`) has a history that starts at a commit
/// that is not the first: every record would seem changed then. The build says so, leaves the
/// change dates out and says that on every page — no dates rather than wrong ones.
#[test]
fn a_shallow_clone_shows_no_change_dates_and_says_so() {
    let repo = tempfile::tempdir().unwrap();
    let origin = repo.path().join("origin");
    std::fs::create_dir_all(&origin).unwrap();
    git(
        &origin,
        &["init", "-q", "-b", "main"],
        "2025-03-01T10:00:00+08:00",
    );
    write(&origin, "site.toml", SITE);
    write(&origin, "content/topics/parking.md", TOPIC);
    git(&origin, &["add", "."], "2025-03-01T10:00:00+08:00");
    git(
        &origin,
        &["commit", "-q", "-m", "one"],
        "2025-03-01T10:00:00+08:00",
    );
    write(&origin, "content/meetings/2025-03-02-vote.md", MEETING);
    git(&origin, &["add", "."], "2025-03-02T20:00:00+08:00");
    git(
        &origin,
        &["commit", "-q", "-m", "two"],
        "2025-03-02T20:00:00+08:00",
    );
    let clone = repo.path().join("clone");
    let url = format!("file://{}", origin.display());
    git(
        repo.path(),
        &["clone", "-q", "--depth", "1", &url, clone.to_str().unwrap()],
        "2025-03-03T10:00:00+08:00",
    );
    let out = repo.path().join("site");
    let report = yishi::pipeline::build(
        &Disk::new(&clone),
        &BuildOptions {
            out: out.clone(),
            ..BuildOptions::new(yishi::settings::Given::at(chrono::Utc::now()))
        },
    );
    assert_eq!(report.exit_code(false), 0, "{:#?}", report.diagnostics);
    assert!(
        report.diagnostics.iter().any(|d| d.code == "shallow-clone"),
        "{:#?}",
        report.diagnostics
    );
    let topic = read(&out, "topics/parking/index.html");
    assert!(topic.contains("构建时没有完整的修改历史"), "{topic}");
    assert!(
        !topic.contains("本页记录最后修改"),
        "no change date on a cut history"
    );
    // The full clone shows them.
    let full = repo.path().join("full");
    git(
        repo.path(),
        &["clone", "-q", &url, full.to_str().unwrap()],
        "2025-03-03T10:00:00+08:00",
    );
    build(&full, &repo.path().join("site-full"));
    let topic = read(&repo.path().join("site-full"), "topics/parking/index.html");
    assert!(topic.contains("本页记录最后修改") && !topic.contains("构建时没有完整的修改历史"));
}

/// The history dates the sitemap (`lastmod`) and versions the calendar (SEQUENCE,
/// LAST-MODIFIED), so search engines and calendars see what changed (issue 18).
#[test]
fn the_history_dates_the_sitemap_and_versions_the_calendar() {
    let repo = tempfile::tempdir().unwrap();
    let root = repo.path();
    git(
        root,
        &["init", "-q", "-b", "main"],
        "2025-03-01T10:00:00+08:00",
    );
    write(root, "site.toml", SITE);
    write(root, "content/topics/parking.md", TOPIC);
    write(root, "content/meetings/2025-07-10-next.md", UPCOMING);
    git(root, &["add", "."], "2025-03-01T10:00:00+08:00");
    git(
        root,
        &["commit", "-q", "-m", "录入"],
        "2025-03-01T10:00:00+08:00",
    );
    // The meeting's place changes twice: SEQUENCE 2, last modified 2025-06-20.
    for (place, when) in [
        ("二楼", "2025-06-10T09:00:00+08:00"),
        ("三楼", "2025-06-20T09:00:00+08:00"),
    ] {
        write(
            root,
            "content/meetings/2025-07-10-next.md",
            &UPCOMING.replace("议事室", place),
        );
        git(root, &["commit", "-q", "-am", "改地点"], when);
    }
    let out = tempfile::tempdir().unwrap();
    let report = yishi::pipeline::build(
        &Disk::new(root),
        &BuildOptions {
            out: out.path().join("site"),
            ..BuildOptions::new(yishi::settings::Given {
                base_url: Some("https://example.org/c/".into()),
                ..yishi::settings::Given::at(chrono::Utc::now())
            })
        },
    );
    assert_eq!(report.exit_code(false), 0, "{:#?}", report.diagnostics);
    let site = out.path().join("site");
    let sitemap = read(&site, "sitemap.xml");
    assert!(sitemap.contains("<loc>https://example.org/c/topics/parking/index.html</loc><lastmod>2025-03-01</lastmod>"), "{sitemap}");
    assert!(sitemap.contains("<loc>https://example.org/c/meetings/2025-07-10-next/index.html</loc><lastmod>2025-06-20</lastmod>"));
    assert!(sitemap.contains("<loc>https://example.org/c/index.html</loc></url>")); // many records: no date
    assert!(
        !sitemap.contains("/a3/"),
        "print copies are not pages to index"
    );
    let ics = read(&site, "meetings.ics");
    assert!(ics.contains("SEQUENCE:2\r\n"), "{ics}");
    assert!(ics.contains("LAST-MODIFIED:20250619T160000Z\r\n")); // 2025-06-20 00:00 at +08:00
}

/// The form editor rewrites a record when staff save it — comments dropped, keys reordered,
/// spacing changed. A commit that changed no value is no change to residents (issue 26).
#[test]
fn a_commit_that_only_rewrote_a_records_form_is_no_change() {
    use yishi::input::provenance::read;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    git(root, &["init", "-q"], "2025-03-01T10:00:00+08:00");
    let zone = chrono::FixedOffset::east_opt(8 * 3600).unwrap();
    write(root, "site.toml", SITE);
    write(
        root,
        "content/topics/parking.md",
        "+++\n# 议题\ntitle = \"停车\"\ncategory = \"公益事业\"\nraised = 2025-03-01\nstakeholders = [\"居民\"]\n+++\n正文\n",
    );
    git(root, &["add", "-A"], "2025-03-01T10:00:00+08:00");
    git(
        root,
        &["commit", "-q", "-m", "a"],
        "2025-03-01T10:00:00+08:00",
    );
    // As the editor writes it back.
    write(
        root,
        "content/topics/parking.md",
        "+++\ntitle = \"停车\"\ncategory = \"公益事业\"\nraised = 2025-03-01\nstakeholders = [ \"居民\" ]\ndraft = false\n+++\n正文\n",
    );
    git(
        root,
        &["commit", "-q", "-am", "b"],
        "2025-03-05T10:00:00+08:00",
    );
    let history = read(root, zone).expect("a repository");
    let changes: Vec<_> = history.history("content/topics/parking.md").collect();
    assert_eq!(changes.len(), 1, "{changes:?}");
    assert_eq!(changes[0].kind, yishi::input::provenance::ChangeKind::Added);
    // A value changed: a change.
    write(
        root,
        "content/topics/parking.md",
        "+++\ntitle = \"停车难\"\ncategory = \"公益事业\"\nraised = 2025-03-01\nstakeholders = [ \"居民\" ]\n+++\n正文\n",
    );
    git(
        root,
        &["commit", "-q", "-am", "c"],
        "2025-03-06T10:00:00+08:00",
    );
    let history = read(root, zone).expect("a repository");
    assert_eq!(history.history("content/topics/parking.md").count(), 2);
}
