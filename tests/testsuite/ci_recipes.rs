//! The CI recipes in docs/ci/ do what they say: every `yishi …` line of each runs, in order,
//! in a repository made by `yishi init`; they install the version this is, from the
//! project's repository by tag; they keep the whole history, rebuild every day, and fail on
//! warnings only for pull and merge requests. The slow test (ignored by `cargo test`, run by
//! scripts/test.sh) runs each recipe's install step verbatim against a local bare clone of
//! this project.

use std::path::{Path, PathBuf};
use std::process::Command;

const RECIPES: [&str; 8] = [
    "github-actions.yml",
    "gitlab-ci.yml",
    "pr-preview.yml",
    "cloudflare-pages.yml",
    "aliyun-oss.yml",
    "tencent-cos.yml",
    "gitea-actions.yml",
    "cnb.yml",
];

fn docs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/ci")
}

fn recipe(name: &str) -> String {
    std::fs::read_to_string(docs().join(name)).unwrap()
}

/// The shell commands of a recipe's `run:` steps and `script:` lists.
fn shell_lines(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| {
            let l = l.trim();
            let l = l
                .strip_prefix("run:")
                .or_else(|| l.strip_prefix("- "))
                .unwrap_or(l)
                .trim();
            (l.starts_with("yishi ") || l.contains("cargo install")).then(|| l.to_string())
        })
        .collect()
}

/// The `yishi …` commands of a recipe, as arguments.
fn yishi_commands(text: &str) -> Vec<Vec<String>> {
    shell_lines(text)
        .iter()
        .filter_map(|l| l.strip_prefix("yishi "))
        .map(|rest| rest.split_whitespace().map(String::from).collect())
        .collect()
}

fn init(dir: &Path) {
    let ok = Command::new(env!("CARGO_BIN_EXE_yishi"))
        .arg("init")
        .arg(dir)
        .status()
        .unwrap();
    assert!(ok.success());
}

/// What every recipe must say: where yishi comes from (this version, by tag), the whole
/// history, a daily rebuild, and --deny-warnings only where a pull or merge request is checked.
#[test]
fn recipes_install_this_version_keep_history_and_stay_current() {
    let source = format!(
        "YISHI_SOURCE: --git {} --tag v{}",
        env!("CARGO_PKG_REPOSITORY"),
        env!("CARGO_PKG_VERSION")
    );
    for name in RECIPES {
        let text = recipe(name);
        assert!(
            text.contains(&source),
            "{name} installs another version: {source}"
        );
        assert!(
            text.contains("cargo install --locked $YISHI_SOURCE yishi"),
            "{name}: install from YISHI_SOURCE"
        );
        assert!(
            !text.contains("cargo install --locked yishi"),
            "{name}: an unpinned crate"
        );
        assert!(
            text.contains("fetch-depth: 0")
                || text.contains("GIT_DEPTH: \"0\"")
                || text.contains("git fetch --unshallow"),
            "{name}: a shallow checkout shows no change dates"
        );
        if name != "pr-preview.yml" {
            assert!(
                text.contains("schedule") || text.contains("\"crontab: "),
                "{name}: nothing rebuilds without a commit"
            );
        }
        // Each line with --deny-warnings sits in a step or job run for pull/merge requests.
        let lines: Vec<&str> = text.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            if !line.contains("--deny-warnings") {
                continue;
            }
            let context = lines[i.saturating_sub(6)..i].join("\n");
            assert!(
                context.contains("github.event_name == 'pull_request'")
                    || context.contains("merge_request_event")
                    || context.contains("pull_request:"),
                "{name}: --deny-warnings outside a pull request check:\n{context}\n{line}"
            );
        }
    }
    // init ships the same recipes.
    let dir = tempfile::tempdir().unwrap();
    init(dir.path());
    assert_eq!(
        std::fs::read_to_string(dir.path().join(".gitlab-ci.yml")).unwrap(),
        recipe("gitlab-ci.yml")
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join(".github/workflows/yishi.yml")).unwrap(),
        recipe("github-actions.yml")
    );
}

#[test]
fn every_recipe_runs_its_yishi_commands_in_a_new_repository() {
    for name in RECIPES {
        let steps = yishi_commands(&recipe(name));
        assert!(!steps.is_empty(), "{name} runs no yishi command");
        let dir = tempfile::tempdir().unwrap();
        init(dir.path());
        for args in &steps {
            let out = Command::new(env!("CARGO_BIN_EXE_yishi"))
                .args(args)
                .current_dir(dir.path())
                .env("NO_COLOR", "1")
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{name}: yishi {} failed:\n{}",
                args.join(" "),
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let published = ["public/index.html", "preview/index.html"]
            .iter()
            .any(|p| dir.path().join(p).is_file());
        assert!(published, "{name} built nothing");
    }
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Each recipe's install, check and build lines, verbatim through `sh`, in a new `yishi
/// init` repository — the install from a bare clone of this project tagged as this version,
/// as a community's CI installs from the project's repository. Slow (it compiles yishi), so
/// scripts/test.sh runs it: `cargo test --test ci_recipes -- --ignored`.
#[test]
#[ignore = "compiles yishi from a clone: run by scripts/test.sh"]
fn each_recipe_installs_yishi_from_a_tagged_clone_and_builds() {
    let project = Path::new(env!("CARGO_MANIFEST_DIR"));
    let work = tempfile::tempdir().unwrap();
    let bare = work.path().join("yishi.git");
    git(
        work.path(),
        &[
            "clone",
            "-q",
            "--bare",
            project.to_str().unwrap(),
            bare.to_str().unwrap(),
        ],
    );
    let tag = format!("v{}", env!("CARGO_PKG_VERSION"));
    git(&bare, &["tag", "-f", &tag, "HEAD"]);
    let source = format!("--git file://{} --tag {tag}", bare.display());
    // Installed beside the test, not into the user's ~/.cargo; compiled once into the
    // project's target folder (kept between runs), with the optimiser off: the install is
    // checked, not its speed.
    let install_root = work.path().join("installed");
    let target = project.join("target/recipe-install");
    let path = format!(
        "{}:{}",
        install_root.join("bin").display(),
        std::env::var("PATH").unwrap_or_default()
    );
    for name in RECIPES {
        let dir = work.path().join(name);
        init(&dir);
        for line in shell_lines(&recipe(name)) {
            let out = Command::new("sh")
                .arg("-c")
                .arg(&line)
                .current_dir(&dir)
                .env("YISHI_SOURCE", &source)
                .env("CARGO_INSTALL_ROOT", &install_root)
                .env("CARGO_TARGET_DIR", &target)
                .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "0")
                .env("CARGO_PROFILE_RELEASE_DEBUG", "false")
                .env("CARGO_PROFILE_RELEASE_LTO", "false")
                .env("PATH", &path)
                .env("NO_COLOR", "1")
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{name}: `{line}` failed:\n{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
        }
        assert!(
            install_root.join("bin/yishi").is_file(),
            "{name} installed nothing"
        );
        let published = ["public/index.html", "preview/index.html"]
            .iter()
            .any(|p| dir.join(p).is_file());
        assert!(published, "{name} built nothing");
    }
    // The installed yishi is the tagged one.
    let version = Command::new(install_root.join("bin/yishi"))
        .arg("--version")
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&version.stdout).contains(env!("CARGO_PKG_VERSION")),
        "{}",
        String::from_utf8_lossy(&version.stdout)
    );
}
