//! The command line: exit codes 0/1/2, flags of section 12, and what staff see on stderr.

use std::fs;
use std::path::Path;
use std::process::Command;

/// yishi in English (the messages these tests read); `chinese_by_default` runs it as staff
/// of a zh-CN site do.
fn yishi() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_yishi"));
    c.env_remove("YISHI_TODAY")
        .env("NO_COLOR", "1")
        .env("YISHI_LANG", "en");
    c
}

fn community(dir: &Path) {
    fs::create_dir_all(dir.join("content/topics")).unwrap();
    fs::write(
        dir.join("site.toml"),
        "title = \"T\"\ncommunity = \"C\"\nbase_url = \"https://example.org/c/\"\n",
    )
    .unwrap();
    fs::write(dir.join("content/topics/a.md"), "+++\ntitle = \"A\"\ncategory = \"其他\"\nraised = 2025-01-02\naccepted = 2025-01-03\n\n[[actions]]\nid = \"x\"\ntask = \"t\"\nowner = \"o\"\ndue = 2025-03-01\n+++\n").unwrap();
}

#[test]
fn build_writes_the_site_with_today_and_out() {
    let dir = tempfile::tempdir().unwrap();
    community(dir.path());
    let out = dir.path().join("public");
    let status = yishi()
        .args(["build", "--today", "2025-02-01", "--root"])
        .arg(dir.path())
        .arg("--out")
        .arg(&out)
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(0));
    let site: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("data/site.json")).unwrap()).unwrap();
    assert_eq!(site["today"], "2025-02-01");
}

#[test]
fn today_comes_from_the_environment_when_not_given() {
    let dir = tempfile::tempdir().unwrap();
    community(dir.path());
    let status = yishi()
        .env("YISHI_TODAY", "2025-01-15")
        .args(["build", "--root"])
        .arg(dir.path())
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(0));
    let site = fs::read_to_string(dir.path().join("site/data/site.json")).unwrap();
    assert!(site.contains("\"today\": \"2025-01-15\""));
}

#[test]
fn check_exit_codes_and_messages() {
    let dir = tempfile::tempdir().unwrap();
    community(dir.path());
    // Overdue as of 2025-06-01: a warning, exit 0; with --deny-warnings, exit 1.
    let out = yishi()
        .args(["check", "--today", "2025-06-01", "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("content/topics/a.md:8:6: warning[overdue]"),
        "{stderr}"
    );
    assert!(stderr.contains("0 errors, 1 warning in 1 file"), "{stderr}");
    let out = yishi()
        .args([
            "check",
            "--deny-warnings",
            "--today",
            "2025-06-01",
            "--root",
        ])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    // A content error: exit 1, and the build leaves no site.
    fs::write(
        dir.path().join("content/topics/a.md"),
        "+++\ntitle = \"A\"\ncategory = \"其它\"\nraised = 2025-01-02\n+++\n",
    )
    .unwrap();
    let out = yishi()
        .args(["build", "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("content/topics/a.md:3:12: error[vocabulary]"),
        "{stderr}"
    );
    assert!(stderr.contains("did you mean \"其他\""), "{stderr}");
    assert!(!dir.path().join("site").exists());
    // JSON diagnostics for tools.
    let out = yishi()
        .args(["check", "--format", "json", "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    let line = String::from_utf8_lossy(&out.stdout);
    let v: serde_json::Value = serde_json::from_str(line.lines().next().unwrap()).unwrap();
    assert_eq!(
        (v["line"].clone(), v["code"].clone()),
        (serde_json::json!(3), serde_json::json!("vocabulary"))
    );
}

#[test]
fn usage_and_io_errors_exit_2() {
    assert_eq!(
        yishi()
            .args(["build", "--today", "yesterday"])
            .output()
            .unwrap()
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        yishi().arg("frobnicate").output().unwrap().status.code(),
        Some(2)
    );
    assert_eq!(
        yishi()
            .env("YISHI_TODAY", "soon")
            .arg("check")
            .output()
            .unwrap()
            .status
            .code(),
        Some(2)
    );
    // Not a community repository: site.toml missing is a content error naming the file.
    let dir = tempfile::tempdir().unwrap();
    let out = yishi()
        .args(["check", "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("site.toml"));
}

/// A district builds from the command line, and `serve` says to serve one community.
#[test]
fn a_district_builds_and_serve_points_at_one_community() {
    let dir = tempfile::tempdir().unwrap();
    let district = dir.path().join("d");
    community(&district.join("communities/one"));
    let out = dir.path().join("out");
    let status = yishi()
        .args(["build", "--today", "2025-02-01", "--root"])
        .arg(&district)
        .arg("--out")
        .arg(&out)
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(0));
    assert!(out.join("index.html").exists());
    assert!(out.join("one/topics/a/index.html").exists());
    let served = yishi()
        .args(["serve", "--root"])
        .arg(&district)
        .output()
        .unwrap();
    assert_eq!(served.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&served.stderr);
    assert!(
        stderr.contains("is a district; serve one community"),
        "{stderr}"
    );
}

/// Usage errors end with exit 2 before anything is read or written: a date that is not
/// YYYY-MM-DD (chrono alone reads 25-12-26 as the year 25), a root that is missing or a
/// file, a base URL that is not an absolute http(s) address.
#[test]
fn bad_flags_are_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    community(dir.path());
    let root = dir.path().to_str().unwrap();
    let file = dir.path().join("site.toml");
    let file = file.to_str().unwrap();
    let missing = dir.path().join("nope");
    let missing = missing.to_str().unwrap();
    for args in [
        vec!["build", "--root", root, "--today", "25-12-26"],
        vec!["check", "--root", root, "--today", "2025-1-2"],
        vec!["check", "--root", root, "--today", "+2025-01-02"],
        vec!["build", "--root", missing],
        vec!["check", "--root", missing],
        vec!["build", "--root", file],
        vec!["check", "--root", file],
        vec!["serve", "--root", file],
        vec!["new", "topic", "x", "--root", missing],
        vec!["build", "--root", root, "--base-url", "example.org/c/"],
        vec!["build", "--root", root, "--base-url", "ftp://example.org/"],
        vec!["build", "--root", root, "--base-url", "https://"],
        vec![
            "build",
            "--root",
            root,
            "--base-url",
            "javascript:alert(1)//",
        ],
    ] {
        let out = yishi().args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("error"),
            "{args:?}"
        );
    }
    assert!(!dir.path().join("site").exists(), "nothing was built");
    let out = yishi()
        .env("YISHI_TODAY", "26-1-1")
        .args(["check", "--root", root])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

/// `--out` may name only a missing folder, an empty one or a site yishi made: never the
/// repository's records, its history, a file or a folder of other files. Each refusal is
/// exit 2 with a message that says what was refused and why, and nothing is touched.
#[test]
fn build_refuses_outputs_it_may_not_replace() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("repo");
    community(&root);
    fs::create_dir_all(root.join(".git/objects")).unwrap();
    fs::write(root.join(".git/HEAD"), "ref: refs/heads/main\n").unwrap();
    fs::create_dir_all(dir.path().join("photos")).unwrap();
    fs::write(dir.path().join("photos/a.jpg"), "x").unwrap();
    fs::write(dir.path().join("notes.txt"), "keep").unwrap();
    let before = |p: &Path| {
        walkdir::WalkDir::new(p)
            .sort_by_file_name()
            .into_iter()
            .flatten()
            .map(|e| e.path().to_path_buf())
            .collect::<Vec<_>>()
    };
    let tree = before(dir.path());
    for (out, why) in [
        (root.join("content"), "inside the repository's content"),
        (
            root.join("content/topics"),
            "inside the repository's content",
        ),
        (root.join(".git"), ".git"),
        (root.clone(), "holds the community's repository"),
        (
            dir.path().join("photos"),
            "holds files yishi did not make (a.jpg)",
        ),
        (dir.path().join("notes.txt"), "is a file"),
    ] {
        let output = yishi()
            .args(["build", "--today", "2025-02-01", "--root"])
            .arg(&root)
            .arg("--out")
            .arg(&out)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{}: {stderr}", out.display());
        assert!(
            stderr.contains("refusing to write the site") && stderr.contains(why),
            "{}: {stderr}",
            out.display()
        );
    }
    assert_eq!(before(dir.path()), tree, "nothing was written or deleted");
    assert_eq!(
        fs::read_to_string(dir.path().join("notes.txt")).unwrap(),
        "keep"
    );
}

/// `--format github` writes each problem as a workflow command that GitHub shows on its line
/// of the pull request (escaped as the format asks); `--quiet` prints errors only.
#[test]
fn github_format_and_quiet() {
    let dir = tempfile::tempdir().unwrap();
    community(dir.path());
    // Overdue as of 2025-06-01: a warning; then an error with a comma and a colon in it.
    let out = yishi()
        .args([
            "check",
            "--today",
            "2025-06-01",
            "--format",
            "github",
            "--root",
        ])
        .arg(dir.path())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with("::warning file=content/topics/a.md,line=8,col=6,title=yishi overdue::action \"x\" was due 2025-03-01 and is not completed (0%25)%0A"),
        "{text}"
    );
    assert!(text.contains("%0A"), "the hint on its own line: {text}");
    assert_eq!(out.status.code(), Some(0));
    let quiet = yishi()
        .args(["check", "--today", "2025-06-01", "--quiet", "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        quiet.stderr.is_empty() && quiet.stdout.is_empty(),
        "{quiet:?}"
    );
    let built = yishi()
        .args(["build", "--today", "2025-06-01", "-q", "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(built.status.code(), Some(0));
    assert!(
        built.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    // An error still prints with --quiet; a whole-file problem has no line.
    std::fs::write(dir.path().join("content/topics/Bad,Name.md"), "x").unwrap();
    let out = yishi()
        .args(["check", "--quiet", "--format", "github", "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with("::error file=content/topics/Bad%2CName.md,title=yishi bad-id::"),
        "{text}"
    );
    assert!(!text.contains("::warning"), "{text}");
    assert_eq!(out.status.code(), Some(1));
}

/// Staff read Chinese: a zh-CN site (the default) gets its problems, hints, summary and the
/// command's own messages in Chinese, with the same codes; `YISHI_LANG=en` or
/// `language = "en"` gives English.
#[test]
fn chinese_by_default() {
    let dir = tempfile::tempdir().unwrap();
    community(dir.path());
    let run = |args: &[&str], lang: Option<&str>| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_yishi"));
        c.env_remove("YISHI_TODAY")
            .env_remove("YISHI_LANG")
            .env("NO_COLOR", "1");
        if let Some(l) = lang {
            c.env("YISHI_LANG", l);
        }
        let out = c.args(args).arg("--root").arg(dir.path()).output().unwrap();
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    let zh = run(&["check", "--today", "2025-06-01"], None);
    assert!(
        zh.contains("提醒[overdue]: 落实事项“x”应于 2025-03-01 完成")
            && zh.contains("= 提示: 补充进展报告")
            && zh.contains("0 个错误，1 个提醒，涉及 1 个文件"),
        "{zh}"
    );
    let built = run(&["build", "--today", "2025-06-01"], None);
    assert!(
        built.contains("已生成") && built.contains("个文件到"),
        "{built}"
    );
    let en = run(&["check", "--today", "2025-06-01"], Some("en"));
    assert!(
        en.contains("warning[overdue]: action \"x\" was due 2025-03-01"),
        "{en}"
    );
    // language = "en" in site.toml.
    let site = std::fs::read_to_string(dir.path().join("site.toml")).unwrap();
    std::fs::write(
        dir.path().join("site.toml"),
        format!("{site}language = \"en\"\n"),
    )
    .unwrap();
    let en = run(&["check", "--today", "2025-06-01"], None);
    assert!(
        en.contains("warning[overdue]") && en.contains("1 warning in 1 file"),
        "{en}"
    );
    // A usage error and a refused output, in Chinese.
    std::fs::write(dir.path().join("site.toml"), site).unwrap();
    let refused = run(
        &[
            "build",
            "--out",
            dir.path().join("content").to_str().unwrap(),
        ],
        None,
    );
    assert!(refused.starts_with("错误：拒绝把网站写到"), "{refused}");
}
