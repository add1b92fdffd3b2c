//! The command line: exit codes 0/1/2, flags of section 12, and what staff see on stderr.

use std::fs;
use std::path::Path;
use std::process::Command;

fn yishi() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_yishi"));
    c.env_remove("YISHI_TODAY").env("NO_COLOR", "1");
    c
}

fn community(dir: &Path) {
    fs::create_dir_all(dir.join("content/topics")).unwrap();
    fs::write(
        dir.join("site.toml"),
        "title = \"T\"\ncommunity = \"C\"\nbase_url = \"https://example.org/c/\"\n",
    )
    .unwrap();
    fs::write(dir.join("content/topics/a.md"), "+++\ntitle = \"A\"\ncategory = \"其他\"\nraised = 2025-01-02\n\n[[actions]]\nid = \"x\"\ntask = \"t\"\nowner = \"o\"\ndue = 2025-03-01\n+++\n").unwrap();
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
        stderr.contains("content/topics/a.md:7:6: warning[overdue]"),
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
