//! `yishi new` and `yishi init`: what they write passes `yishi check` at once, drafts stay off
//! the site, and nothing is overwritten.

use std::fs;
use std::process::Command;

fn yishi() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_yishi"));
    c.env_remove("YISHI_TODAY").env("NO_COLOR", "1");
    c
}

/// Runs yishi with `args` and `--root repo`, which must succeed (the stderr shown if not).
fn succeeds(args: &[&str], repo: &std::path::Path) -> std::process::Output {
    let out = yishi().args(args).arg("--root").arg(repo).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "yishi {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

#[test]
fn init_then_build_and_check_from_an_empty_folder() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("xingfu");
    let out = yishi()
        .arg("init")
        .arg(&repo)
        .env("YISHI_TODAY", "2025-06-15")
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for file in [
        "site.toml",
        "content/council.toml",
        "content/topics/stairwell-lights.md",
        "content/meetings/2025-06-05-lights.md",
        "content/evaluations/2025.md",
        "content/pages/rules.md",
        ".gitignore",
        ".github/workflows/yishi.yml",
        ".gitlab-ci.yml",
    ] {
        assert!(repo.join(file).is_file(), "{file}");
    }
    let check = yishi()
        .args([
            "check",
            "--deny-warnings",
            "--today",
            "2025-06-15",
            "--root",
        ])
        .arg(&repo)
        .output()
        .unwrap();
    assert_eq!(
        check.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    succeeds(&["build", "--today", "2025-06-15"], &repo);
    for page in [
        "index.html",
        "topics/stairwell-lights/index.html",
        "meetings/2025-06-05-lights/index.html",
        "years/2025/index.html",
        "council/index.html",
        "rules/index.html",
    ] {
        assert!(repo.join("site").join(page).is_file(), "{page}");
    }
    // Never into a folder that holds something.
    let again = yishi().arg("init").arg(&repo).output().unwrap();
    assert_eq!(again.status.code(), Some(2));
    // In the staff's language: Chinese unless YISHI_LANG says otherwise.
    assert!(String::from_utf8_lossy(&again.stderr).contains("不是空文件夹"));
}

#[test]
fn new_skeletons_pass_check_as_drafts_and_never_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path();
    yishi()
        .arg("init")
        .arg(repo)
        .env("YISHI_TODAY", "2025-06-15")
        .output()
        .unwrap();
    for (kind, name, path) in [
        ("topic", "parking", "content/topics/parking.md"),
        (
            "meeting",
            "parking-talk",
            "content/meetings/2025-06-22-parking-talk.md",
        ),
        ("evaluation", "2024", "content/evaluations/2024.md"),
    ] {
        let out = yishi()
            .args(["new", kind, name, "--today", "2025-06-15", "--root"])
            .arg(repo)
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{kind}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = fs::read_to_string(repo.join(path)).unwrap();
        assert!(text.contains("draft = true"), "{path}");
        let again = yishi()
            .args(["new", kind, name, "--today", "2025-06-15", "--root"])
            .arg(repo)
            .output()
            .unwrap();
        assert_eq!(again.status.code(), Some(2), "{kind} overwrote");
        assert_eq!(fs::read_to_string(repo.join(path)).unwrap(), text);
    }
    let topic = fs::read_to_string(repo.join("content/topics/parking.md")).unwrap();
    assert!(
        topic.contains("raised = 2025-06-15")
            && topic
                .contains("可选：\"公益事业\"、\"工作部署\"、\"矛盾纠纷\"、\"自治制度\"、\"其他\"")
    );
    // Drafts are valid and stay off the site; with --drafts they check clean as well.
    let check = yishi()
        .args(["check", "--today", "2025-06-15", "--root"])
        .arg(repo)
        .output()
        .unwrap();
    assert_eq!(
        check.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    let build = yishi()
        .args(["build", "--drafts", "--today", "2025-06-15", "--root"])
        .arg(repo)
        .output()
        .unwrap();
    assert_eq!(
        build.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );
    assert!(repo.join("site/topics/parking/index.html").is_file());
    // A bad name is refused with the name to use instead.
    let bad = yishi()
        .args(["new", "topic", "Parking Lot", "--root"])
        .arg(repo)
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("parking-lot"));
}

#[test]
fn schema_writes_every_kind_and_the_editor_settings() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("schemas");
    let status = yishi().arg("schema").arg(&out).status().unwrap();
    assert_eq!(status.code(), Some(0));
    for name in ["site", "council", "topic", "meeting", "evaluation", "page"] {
        let text = fs::read_to_string(out.join(format!("{name}.schema.json"))).unwrap();
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            v["$schema"], "http://json-schema.org/draft-07/schema#",
            "{name}"
        );
    }
    assert!(
        fs::read_to_string(out.join("taplo.toml.example"))
            .unwrap()
            .contains("site.schema.json")
    );
}

/// The sections `init` writes commented out (grids, supervision, the archive) work once
/// staff take away the `#`: the community then checks clean of errors and makes its archive.
#[test]
fn init_sections_work_when_uncommented() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("xingfu");
    let init = yishi()
        .arg("init")
        .arg(&repo)
        .env("YISHI_TODAY", "2025-06-15")
        .output()
        .unwrap();
    assert_eq!(init.status.code(), Some(0));
    let site = fs::read_to_string(repo.join("site.toml")).unwrap();
    let mut opened = 0;
    let uncommented: String = site
        .lines()
        .map(|line| match line.strip_prefix("# ") {
            Some(rest) if rest.starts_with('[') || rest.contains(" = ") => {
                opened += 1;
                format!("{rest}\n")
            }
            _ => format!("{line}\n"),
        })
        .collect();
    assert!(uncommented.contains("\n[archive]\n") && uncommented.contains("\n[supervision]\n"));
    assert!(opened >= 9, "{opened} lines opened");
    fs::write(repo.join("site.toml"), uncommented).unwrap();
    succeeds(&["check", "--today", "2025-06-15"], &repo);
    succeeds(&["archive", "2025", "--today", "2025-06-15"], &repo);
    let catalogue = fs::read_to_string(repo.join("archive/2025/目录.csv")).unwrap();
    // The skeleton's topic (raised 05-16), meeting (06-05) and yearly evaluation.
    assert!(
        catalogue.contains("\n1,全宗号-2025-D30-0001,XX社区居民委员会,"),
        "{catalogue}"
    );
    assert!(catalogue.contains("\n2,全宗号-2025-Y-0002,"), "{catalogue}");
}
