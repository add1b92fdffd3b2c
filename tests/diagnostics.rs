//! One fixture per diagnostic (tests/fixtures/diagnostics/<case>/), each compared with the
//! exact text `yishi check` prints. See tests/fixtures/README.md.

use std::fs;
use std::path::Path;
use std::process::Command;

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).sort_by_file_name() {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else if rel != Path::new("expected.txt")
            && rel != Path::new(".delete")
            && rel != Path::new("args")
        {
            fs::create_dir_all(target.parent().unwrap()).unwrap();
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn run_case(case: &Path) -> String {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixtures.join("base"), dir.path());
    copy_tree(case, dir.path());
    if let Ok(list) = fs::read_to_string(case.join(".delete")) {
        for path in list.lines().filter(|l| !l.trim().is_empty()) {
            let _ = fs::remove_file(dir.path().join(path.trim()));
        }
    }
    let extra: Vec<String> = fs::read_to_string(case.join("args"))
        .map(|a| a.split_whitespace().map(String::from).collect())
        .unwrap_or_default();
    let out = Command::new(env!("CARGO_BIN_EXE_yishi"))
        .arg("check")
        .args(&extra)
        .arg("--root")
        .arg(dir.path())
        .env("NO_COLOR", "1")
        .env_remove("YISHI_TODAY")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    // The closing "no problems found (N ms)" line carries a timing: keep only its words.
    let stderr: String = stderr
        .lines()
        .map(|l| {
            if l.starts_with("no problems found") {
                "no problems found\n".to_string()
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    let stdout = String::from_utf8_lossy(&out.stdout);
    format!("{stdout}{stderr}exit {}\n", out.status.code().unwrap_or(-1))
}

#[test]
fn every_diagnostic_fixture_prints_what_is_expected() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/diagnostics");
    let bless = std::env::var_os("YISHI_BLESS").is_some();
    let mut failures = Vec::new();
    let mut cases = 0;
    let mut entries: Vec<_> = fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for case in entries.into_iter().filter(|p| p.is_dir()) {
        cases += 1;
        let actual = run_case(&case);
        // The unmasked personal numbers of the personal-* fixtures never appear in any output.
        for secret in [
            "110224196503152036",
            "19650315",
            "１９６５０３１５",
            "110224650315203",
            "0211",
            "8301 2345",
            "6214830123456781",
        ] {
            assert!(
                !actual.contains(secret),
                "{} printed {secret}:\n{actual}",
                case.display()
            );
        }
        let expected_path = case.join("expected.txt");
        if bless {
            fs::write(&expected_path, &actual).unwrap();
            continue;
        }
        let expected = fs::read_to_string(&expected_path).unwrap_or_default();
        if expected != actual {
            failures.push(format!(
                "== {}\n-- expected\n{expected}-- actual\n{actual}",
                case.display()
            ));
        }
    }
    assert!(cases >= 40, "only {cases} fixtures");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
