//! The CI recipes in docs/ci/ run the commands they say: every `yishi …` line of each file is
//! run, in order, in a repository made by `yishi init`, with this build of yishi.

use std::path::Path;
use std::process::Command;

fn commands(recipe: &str) -> Vec<Vec<String>> {
    recipe
        .lines()
        .filter_map(|l| {
            let l = l.trim();
            let l = l
                .strip_prefix("run:")
                .or_else(|| l.strip_prefix("- "))
                .unwrap_or(l)
                .trim();
            l.strip_prefix("yishi ")
                .map(|rest| rest.split_whitespace().map(String::from).collect())
        })
        .collect()
}

#[test]
fn every_recipe_runs_its_yishi_commands_in_a_new_repository() {
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/ci");
    for recipe in ["github-actions.yml", "gitlab-ci.yml", "pr-preview.yml"] {
        let text = std::fs::read_to_string(docs.join(recipe)).unwrap();
        let steps = commands(&text);
        assert!(!steps.is_empty(), "{recipe} runs no yishi command");
        let dir = tempfile::tempdir().unwrap();
        let init = Command::new(env!("CARGO_BIN_EXE_yishi"))
            .arg("init")
            .arg(dir.path())
            .status()
            .unwrap();
        assert!(init.success());
        for args in &steps {
            let out = Command::new(env!("CARGO_BIN_EXE_yishi"))
                .args(args)
                .current_dir(dir.path())
                .env("NO_COLOR", "1")
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{recipe}: yishi {} failed:\n{}",
                args.join(" "),
                String::from_utf8_lossy(&out.stderr)
            );
        }
        // What the recipe publishes exists.
        let published = ["public/index.html", "preview/index.html"]
            .iter()
            .any(|p| dir.path().join(p).is_file());
        assert!(published, "{recipe} built nothing");
    }
    // init ships the same recipes.
    let dir = tempfile::tempdir().unwrap();
    Command::new(env!("CARGO_BIN_EXE_yishi"))
        .arg("init")
        .arg(dir.path())
        .status()
        .unwrap();
    assert_eq!(
        std::fs::read_to_string(dir.path().join(".gitlab-ci.yml")).unwrap(),
        std::fs::read_to_string(docs.join("gitlab-ci.yml")).unwrap()
    );
}
