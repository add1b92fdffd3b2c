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

/// What `yishi check` prints for a fixture, in English (the expected files are English; the
/// Chinese is checked by `every_diagnostic_speaks_chinese`).
fn run_case(case: &Path) -> String {
    run_case_in(case, "en", &[])
}

fn run_case_in(case: &Path, lang: &str, flags: &[&str]) -> String {
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
        .args(flags)
        .arg("--root")
        .arg(dir.path())
        .env("NO_COLOR", "1")
        .env("YISHI_LANG", lang)
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

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x303F | 0x4E00..=0x9FFF | 0xFF00..=0xFFEF)
}

/// Staff read Chinese: every problem of every fixture, in a zh-CN site, has its message and
/// hint in Chinese — the same problems, with the same codes, lines and columns, as in English.
#[test]
fn every_diagnostic_speaks_chinese() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/diagnostics");
    let mut entries: Vec<_> = fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    entries.sort();
    let mut seen_codes = std::collections::BTreeSet::new();
    for case in entries {
        let lines = |lang: &str| -> Vec<serde_json::Value> {
            run_case_in(&case, lang, &["--format", "json"])
                .lines()
                .filter(|l| l.starts_with('{'))
                .map(|l| serde_json::from_str(l).unwrap())
                .collect()
        };
        let (en, zh) = (lines("en"), lines("zh-CN"));
        assert_eq!(en.len(), zh.len(), "{}", case.display());
        for (e, z) in en.iter().zip(&zh) {
            for key in ["code", "path", "line", "column", "severity"] {
                assert_eq!(e[key], z[key], "{} {key}", case.display());
            }
            seen_codes.insert(z["code"].as_str().unwrap().to_string());
            for key in ["message", "hint"] {
                if let Some(text) = z[key].as_str() {
                    assert!(
                        text.chars().any(is_cjk) && text != e[key].as_str().unwrap_or(""),
                        "{}: {key} is not in Chinese: {text}",
                        case.display()
                    );
                }
            }
        }
    }
    assert!(seen_codes.len() >= 30, "{seen_codes:?}");
    // And the text output's words: 错误, 提醒, 提示, and the summary.
    let out = run_case_in(&root.join("three-files"), "zh-CN", &[]);
    assert!(
        out.contains("错误[") && out.contains("  = 提示: ") && out.contains("个错误，"),
        "{out}"
    );
}

/// Every message written in the source is written in both languages: the second string of
/// each `tr!` is Chinese (a placeholder alone, such as "{e}" for a system's message, is the
/// only exception, and carries a Chinese lead).
#[test]
fn every_message_in_the_source_has_chinese() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut count = 0;
    for entry in walkdir::WalkDir::new(&src) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = fs::read_to_string(entry.path()).unwrap();
        let mut rest = text.as_str();
        while let Some(at) = rest.find("tr!(") {
            rest = &rest[at + 4..];
            let literals = string_literals(rest, 2);
            let [en, zh] = literals.as_slice() else {
                continue;
            };
            if en.contains("$en") {
                continue; // the macro's own definition
            }
            count += 1;
            assert!(
                zh.chars().any(is_cjk),
                "{}: no Chinese for \"{en}\": \"{zh}\"",
                entry.path().display()
            );
        }
    }
    assert!(count > 150, "only {count} messages found");
}

/// The first `n` string literals after the start of `text` (skipping whitespace and commas).
fn string_literals(text: &str, n: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while out.len() < n {
        let Some((_, c)) = chars.next() else { break };
        match c {
            '"' => {
                let mut s = String::new();
                let mut escaped = false;
                for (_, c) in chars.by_ref() {
                    if escaped {
                        s.push(c);
                        escaped = false;
                    } else if c == '\\' {
                        escaped = true;
                    } else if c == '"' {
                        break;
                    } else {
                        s.push(c);
                    }
                }
                out.push(s);
            }
            c if c.is_whitespace() || c == ',' => {}
            _ => break,
        }
    }
    out
}
