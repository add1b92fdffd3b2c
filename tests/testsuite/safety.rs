//! The second round of privacy and safety (issue 23), through `check` and `build` as staff
//! run them: numbers as people write them, realistic records that must build, every
//! published byte, history, the output folder, and files that could stall a build.

use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use yishi::input::source::Disk;
use yishi::pipeline::{self, BuildOptions};

const SITE: &str = "title = \"T\"\ncommunity = \"C\"\nbase_url = \"https://example.org/\"\n";

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 6, 30).unwrap()
}

fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("content/topics")).unwrap();
    fs::create_dir_all(dir.path().join("content/meetings")).unwrap();
    fs::write(dir.path().join("site.toml"), SITE).unwrap();
    dir
}

/// A build into `out`, on the tests' day, with or without the drafts.
fn options(out: &Path, drafts: bool) -> BuildOptions {
    BuildOptions {
        out: out.to_path_buf(),
        ..BuildOptions::new(yishi::settings::Given {
            drafts,
            ..yishi::settings::Given::on(today())
        })
    }
}

fn check(dir: &Path) -> pipeline::Report {
    yishi::pipeline::check(&Disk::new(dir), &options(&dir.join("site"), false))
}

fn build(dir: &Path) -> pipeline::Report {
    yishi::pipeline::build(&Disk::new(dir), &options(&dir.join("site"), false))
}

/// Every diagnostic as printed, in English.
fn printed(report: &pipeline::Report) -> String {
    report.diagnostics.iter().map(|d| d.render()).collect()
}

fn topic(front: &str, body: &str) -> String {
    format!("+++\ntitle = \"t\"\ncategory = \"其他\"\nraised = 2025-06-01\n{front}+++\n{body}\n")
}

/// A generous bound for work that must be linear: the attacks it guards against took
/// 28–233 s; a stall would take hours. Not a measure of speed (docs/performance.md is).
fn within<T>(what: &str, f: impl FnOnce() -> T) -> T {
    let started = Instant::now();
    let out = f();
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "{what} took {:?}",
        started.elapsed()
    );
    out
}

/// Each way of writing a personal number the first round let through is an error in the
/// record, at its line, and the message never prints the number.
#[test]
fn numbers_as_people_write_them_are_errors_at_their_line() {
    let x_id = "11010519491231002X";
    let written = [
        "139.1234.5678",
        "139/1234/5678",
        "(139)1234-5678",
        "139_1234_5678",
        "一三九一二三四五六七八",
        "幺三九一二三四五六七八",
        "139一二三四5678",
        "١٣٩١٢٣٤٥٦٧٨",
        "8613912345678",
        "110105.19800101.1238",
    ];
    for (n, text) in written.iter().enumerate() {
        for (front, body) in [
            (format!("summary = \"电话 {text}\"\n"), String::new()),
            (String::new(), format!("正文\n\n居民反映：{text}，请回电。")),
        ] {
            let dir = repo();
            fs::write(dir.path().join("content/topics/t.md"), topic(&front, &body)).unwrap();
            let report = check(dir.path());
            let text_out = printed(&report);
            assert_eq!(report.exit_code(false), 1, "{n}: {text}\n{text_out}");
            let line = if front.is_empty() { 8 } else { 5 };
            assert!(
                text_out.contains(&format!("content/topics/t.md:{line}:")),
                "{text}: {text_out}"
            );
            assert!(
                !text_out.contains("1234") || text.contains('一'),
                "{text_out}"
            );
        }
    }
    for x in ['×', 'Х', 'Χ'] {
        let dir = repo();
        let typed = format!("{}{x}", &x_id[..17]);
        fs::write(
            dir.path().join("content/topics/t.md"),
            topic(&format!("raised_by = \"身份证 {typed}\"\n"), ""),
        )
        .unwrap();
        let text_out = printed(&check(dir.path()));
        assert!(
            text_out.contains("error[personal-data]") && !text_out.contains("19491231"),
            "{x}: {text_out}"
        );
    }
}

/// What records ordinarily hold builds: vote tables, room numbers listed, a maintenance
/// fund table with amounts, date ranges, times, the office phone in [contact]. A build that
/// refuses a legitimate record is as serious as one that publishes a private one.
#[test]
fn realistic_records_build() {
    let dir = repo();
    fs::write(
        dir.path().join("site.toml"),
        format!("{SITE}\n[contact]\noffice = \"居委会一楼\"\nphone = \"0571-8888 1234\"\n"),
    )
    .unwrap();
    let body = "\
## 各楼栋表决情况

| 楼栋 | 户数 | 同意 |
|---|---|---|
| 1 | 36 | 30 |
| 2 | 48 | 40 |
| 3 | 52 | 47 |

涉及加装电梯的住户：

- 1-3-502
- 1-3-601
- 1-4-302
- 3-2-501

## 维修资金分摊

| 楼栋 | 户数 | 分摊金额（元） |
| --- | --- | --- |
| 1 | 36 | 12345.60 |
| 2 | 48 | 16460.80 |
| 3 | 52 | 17832.20 |

公示期 2025-04-18—2025-05-18（20250418-20250518），会议时间 2025-04-18 09:00—11:30。
预算 1,234,567.89 元，已支出 120,000 元。3-2-501、3-2-601、3-2-701 三户同意。
The elevator at 3-2 was approved on 2025.4.18. 13 of 36 households voted in person.
";
    fs::write(
        dir.path().join("content/topics/t.md"),
        topic(
            "summary = \"1-3-502 与 1-4-302 两户；预算 12,345.60 元\"\n",
            body,
        ),
    )
    .unwrap();
    let report = check(dir.path());
    assert_eq!(report.exit_code(false), 0, "{}", printed(&report));
    let report = build(dir.path());
    assert_eq!(report.exit_code(false), 0, "{}", printed(&report));
    let page = fs::read_to_string(dir.path().join("site/topics/t/index.html")).unwrap();
    assert!(page.contains("1-3-502") && page.contains("0571-8888 1234"));
}

/// A table of 400 × 300 ones builds, quickly, and is no personal number however the search
/// records flatten it.
#[test]
fn a_large_table_of_numbers_builds() {
    let dir = repo();
    let mut table = format!(
        "|{}|\n|{}|\n",
        vec!["h"; 300].join("|"),
        vec!["-"; 300].join("|")
    );
    for _ in 0..400 {
        table.push_str(&format!("|{}|\n", vec!["1"; 300].join("|")));
    }
    fs::write(dir.path().join("content/topics/t.md"), topic("", &table)).unwrap();
    let report = within("the table", || build(dir.path()));
    assert_eq!(report.exit_code(false), 0, "{}", printed(&report));
}

/// Files a build would take minutes over, or for ever: each finishes in time, and `check`
/// says the same as `build`.
#[test]
fn no_file_can_stall_a_build() {
    let cases: Vec<(&str, String)> = vec![
        (
            "divs",
            format!("{}x{}", "<div>".repeat(100_000), "</div>".repeat(100_000)),
        ),
        ("lists", format!("{}x", "<li><ul>".repeat(100_000))),
        ("headings", "# 标题\n".repeat(50_000)),
        ("links", "[a](https://example.org/) ".repeat(100_000)),
        ("quotes", format!("{} x", ">".repeat(100_000))),
    ];
    for (name, body) in cases {
        let dir = repo();
        fs::write(dir.path().join("content/topics/t.md"), topic("", &body)).unwrap();
        let checked = within(name, || check(dir.path())).exit_code(false);
        let built = within(name, || build(dir.path())).exit_code(false);
        assert_eq!(checked, built, "{name}: check and build agree");
        if name == "divs" || name == "lists" {
            let text = printed(&check(dir.path()));
            assert!(text.contains("error[too-deep]"), "{name}: {text}");
        }
    }
    let dir = repo();
    let actions: String = (0..10_000)
        .map(|i| format!("[[actions]]\nid = \"a{i}\"\ntask = \"任务{i}\"\nowner = \"居委会\"\ndue = 2025-05-01\n"))
        .collect();
    fs::write(
        dir.path().join("content/topics/t.md"),
        topic(&actions, "正文"),
    )
    .unwrap();
    let report = within("10,000 actions", || build(dir.path()));
    assert_eq!(report.exit_code(false), 0);
    let overdue = report
        .diagnostics
        .iter()
        .filter(|d| d.code == "overdue")
        .count();
    assert_eq!(overdue, 10_000);
}

/// A pipe saved as a record and a device as council.toml are errors, not a hang or an
/// endless read.
#[cfg(unix)]
#[test]
fn pipes_and_devices_are_not_read() {
    let dir = repo();
    let fifo = dir.path().join("content/topics/pipe.md");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        return; // no mkfifo here
    }
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("content/council.toml")).ok();
    let report = within("a pipe", || check(dir.path()));
    assert_eq!(report.exit_code(false), 1);
    let text = printed(&report);
    assert!(
        text.contains("content/topics/pipe.md: error[unreadable]"),
        "{text}"
    );
    assert!(
        text.contains("content/council.toml: error[unreadable]"),
        "{text}"
    );
}

/// A record that cannot be read is reported at its path with why, in its own words: a
/// link, something other than a regular file, a file over the 8 MiB a record may have (read
/// no further than that), and the same from memory as from disk.
#[test]
fn what_cannot_be_read_is_said_in_its_own_words() {
    let dir = repo();
    let topics = dir.path().join("content/topics");
    std::os::unix::fs::symlink(dir.path().join("site.toml"), topics.join("link.md")).unwrap();
    fs::create_dir_all(topics.join("folder.md")).unwrap();
    let big = topic("", &"很长的会议记录。".repeat(400_000)); // 9.6 MB
    fs::write(topics.join("big.md"), &big).unwrap();
    let report = check(dir.path());
    let text = printed(&report);
    for (path, words) in [
        ("content/topics/link.md", "is a symbolic link"),
        (
            "content/topics/big.md",
            "more than the 8388608 a content file may have",
        ),
    ] {
        let line = text
            .lines()
            .find(|l| l.starts_with(&format!("{path}: error[unreadable]")))
            .unwrap_or_else(|| panic!("{path} not reported: {text}"));
        assert!(line.contains(words), "{line}");
    }
    assert!(text.contains(&format!("is {} bytes", big.len())), "{text}");
    // A folder named like a record is not a record file: it is passed over or refused, never read.
    assert!(!text.contains("cannot read file"), "{text}");
    // The same file held in memory is refused in the same words.
    let (diagnostics, _) = yishi::pipeline::build_in_memory(
        SITE,
        &[("content/topics/big.md", big.as_str())],
        chrono::NaiveDate::from_ymd_opt(2025, 7, 1).unwrap(),
    );
    let shown: String = diagnostics.iter().map(|d| d.render()).collect();
    assert!(
        shown.contains("content/topics/big.md: error[unreadable]")
            && shown.contains("more than the 8388608 a content file may have"),
        "{shown}"
    );
}

/// static/ is read before it is published: text of any kind for numbers, active documents
/// for scripts; a clean drawing and a host's verification file are published.
#[test]
fn every_static_file_is_read() {
    for (name, bytes, refused) in [
        ("名单.md", "王某 13912345678\n".as_bytes(), true),
        (
            "contacts.vcf",
            b"BEGIN:VCARD\nTEL:139-1234-5678\nEND:VCARD\n",
            true,
        ),
        (
            "list.tsv",
            "户主\t电话\n张三\t13912345678\n".as_bytes(),
            true,
        ),
        ("app.js", b"var tel = '13912345678';\n", true),
        ("logo.svg", b"<svg><script>alert(1)</script></svg>", true),
        ("x.html", b"<p onmouseover=alert(1)>hi</p>", true),
        ("data.xlsx", b"PK\x03\x04\0\0binary", true),
        (
            "logo-ok.svg",
            b"<svg xmlns=\"http://www.w3.org/2000/svg\"><path d=\"M0 0h9v9z\"/></svg>",
            false,
        ),
        ("baidu_verify_abc.html", b"abc", false),
        ("CNAME", b"board.example.org\n", false),
    ] {
        let dir = repo();
        fs::write(dir.path().join("content/topics/t.md"), topic("", "正文")).unwrap();
        fs::create_dir_all(dir.path().join("static")).unwrap();
        fs::write(dir.path().join("static").join(name), bytes).unwrap();
        let checked = check(dir.path());
        let built = build(dir.path());
        assert_eq!(
            checked.exit_code(false),
            u8::from(refused),
            "{name}: {}",
            printed(&checked)
        );
        assert_eq!(built.exit_code(false), u8::from(refused), "{name}");
        let text = printed(&checked);
        if refused {
            assert!(text.contains(&format!("static/{name}")), "{name}: {text}");
            assert!(
                !text.contains("13912345678") && !text.contains("1234-5678"),
                "{text}"
            );
        } else {
            assert_eq!(fs::read(dir.path().join("site").join(name)).unwrap(), bytes);
        }
    }
}

/// An attachment only a draft links is not published, nor listed, until the draft is.
#[test]
fn an_attachment_linked_only_from_a_draft_waits_for_it() {
    let dir = repo();
    let att = dir.path().join("content/attachments");
    fs::create_dir_all(&att).unwrap();
    fs::write(att.join("draft-only.txt"), "草稿附件\n").unwrap();
    fs::write(att.join("shared.txt"), "公开附件\n").unwrap();
    fs::write(
        dir.path().join("content/topics/d.md"),
        topic(
            "draft = true\n",
            "[a](@/attachments/draft-only.txt) [b](@/attachments/shared.txt)",
        ),
    )
    .unwrap();
    fs::write(
        dir.path().join("content/topics/t.md"),
        topic("", "[b](@/attachments/shared.txt)"),
    )
    .unwrap();
    assert_eq!(build(dir.path()).exit_code(false), 0);
    let site = dir.path().join("site");
    let listed = fs::read_to_string(site.join("data/attachments.json")).unwrap();
    assert!(!site.join("attachments/draft-only.txt").exists());
    assert!(!listed.contains("draft-only"), "{listed}");
    assert!(site.join("attachments/shared.txt").exists() && listed.contains("shared.txt"));
    // Built with the drafts, it is there.
    let out = dir.path().join("preview");
    let report = yishi::pipeline::build(&Disk::new(dir.path()), &options(&out, true));
    assert_eq!(report.exit_code(false), 0);
    assert!(out.join("attachments/draft-only.txt").exists());
}

fn git(dir: &Path, args: &[&str]) {
    let status = std::process::Command::new("git")
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.org",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .status()
        .unwrap();
    assert!(status.success(), "git {args:?}");
}

/// A name that once held a number — a record renamed away, a deleted attachment — is shown
/// masked on the changes page, and never fails a later build: nobody can edit history.
#[test]
fn history_shows_old_names_masked_and_never_fails() {
    if std::process::Command::new("git")
        .arg("--version")
        .output()
        .is_err()
    {
        return;
    }
    let dir = repo();
    git(dir.path(), &["init", "-q"]);
    fs::write(dir.path().join("content/topics/t.md"), topic("", "正文")).unwrap();
    fs::create_dir_all(dir.path().join("content/attachments")).unwrap();
    fs::write(
        dir.path().join("content/attachments/ab13912345678.txt"),
        "x\n",
    )
    .unwrap();
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-qm", "one"]);
    // The names were refused then; staff remove the file and rename nothing else.
    fs::remove_file(dir.path().join("content/attachments/ab13912345678.txt")).unwrap();
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-qm", "two"]);
    let report = build(dir.path());
    assert_eq!(report.exit_code(false), 0, "{}", printed(&report));
    let changes = fs::read_to_string(dir.path().join("site/changes/index.html")).unwrap();
    assert!(changes.contains("ab139****5678.txt"), "{changes}");
    for (path, bytes) in walk(&dir.path().join("site")) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("13912345678"),
            "{path}"
        );
    }
}

fn walk(dir: &Path) -> Vec<(String, Vec<u8>)> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().display().to_string(), fs::read(e.path()).unwrap()))
        .collect()
}

/// --out at a downloaded copy of a site (a data/site.json and the user's own files) is
/// refused and left as it was; a deployment repository in the output survives builds; a
/// hand-added CNAME is named as it goes, pointing to static/.
#[test]
fn the_output_folder_is_the_builds_own() {
    let dir = repo();
    fs::write(dir.path().join("content/topics/t.md"), topic("", "正文")).unwrap();
    let copy = dir.path().join("downloaded");
    fs::create_dir_all(copy.join("data")).unwrap();
    fs::write(
        copy.join("data/site.json"),
        r#"{"generator": "yishi 0.1.0"}"#,
    )
    .unwrap();
    fs::write(copy.join("我的笔记.docx"), "mine").unwrap();
    let report = yishi::pipeline::build(&Disk::new(dir.path()), &options(&copy, false));
    assert_eq!(report.exit_code(false), 2);
    assert_eq!(
        fs::read_to_string(copy.join("我的笔记.docx")).unwrap(),
        "mine"
    );

    let site = dir.path().join("site");
    assert_eq!(build(dir.path()).exit_code(false), 0);
    fs::create_dir_all(site.join(".git")).unwrap();
    fs::write(site.join(".git/HEAD"), "ref: refs/heads/gh-pages\n").unwrap();
    fs::write(site.join("CNAME"), "board.example.org\n").unwrap();
    let report = build(dir.path());
    assert_eq!(report.exit_code(false), 0);
    assert!(
        site.join(".git/HEAD").is_file(),
        "the deployment repository is kept"
    );
    assert!(!site.join("CNAME").exists());
    let text = printed(&report);
    assert!(
        text.contains("warning[output-file-dropped]")
            && text.contains("CNAME")
            && text.contains("static/"),
        "{text}"
    );
}

/// Left from the first round: two names that are one file on a case-insensitive host, a
/// link typed in NFC to a file saved in NFD, static/Feed.xml beside the build's feed.xml,
/// and an error in a value written with escapes — each says what and where.
#[test]
fn first_round_leftovers_say_what_and_where() {
    let dir = repo();
    let att = dir.path().join("content/attachments");
    fs::create_dir_all(&att).unwrap();
    fs::write(att.join("Photo.txt"), "a\n").unwrap();
    fs::write(att.join("photo.txt"), "b\n").unwrap();
    fs::write(dir.path().join("content/topics/t.md"), topic("", "正文")).unwrap();
    let report = build(dir.path());
    assert_eq!(report.exit_code(false), 1);
    assert!(printed(&report).contains("error[name-collision]"));

    let dir = repo();
    let att = dir.path().join("content/attachments");
    fs::create_dir_all(&att).unwrap();
    fs::write(att.join("cafe\u{301}.txt"), "x\n").unwrap();
    fs::write(
        dir.path().join("content/topics/t.md"),
        topic("", "[a](@/attachments/caf\u{e9}.txt)"),
    )
    .unwrap();
    let text = printed(&check(dir.path()));
    assert!(text.contains("encoded differently"), "{text}");

    let dir = repo();
    fs::write(dir.path().join("content/topics/t.md"), topic("", "正文")).unwrap();
    fs::create_dir_all(dir.path().join("static")).unwrap();
    fs::write(dir.path().join("static/Feed.xml"), "<x/>").unwrap();
    let text = printed(&check(dir.path()));
    assert!(
        text.contains("static/Feed.xml: error[static-collision]"),
        "{text}"
    );

    let dir = repo();
    fs::write(
        dir.path().join("content/topics/t.md"),
        "+++\ntitle = \"t\"\ncategory = \"其他\"\nraised = 2025-06-01\n\n[[actions]]\nid = \"a\"\ntask = \"t\"\nowner = \"o\"\ndue = 2025-07-01\n\n[[actions.updates]]\ndate = 2025-06-02\nprogress = 10\nphotos = [\"attachments/\\u0078.png\"]\n+++\n",
    )
    .unwrap();
    let text = printed(&check(dir.path()));
    assert!(text.contains("content/topics/t.md:15:"), "{text}");
}
