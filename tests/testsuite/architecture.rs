//! The claims ARCHITECTURE.md makes about the code, held against it: no import circle
//! between the files of `src/`; the file system only through the rooms that say so; the
//! clock and the environment only at the door; Tera only in the theme; settings resolved
//! in one place. Each reads the code (not its tests or comments) as text, and each has a
//! test of its own that it sees what it looks for.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::layers::rust_files;

/// Every file under `src/` (paths relative to it) with its code: what comes before its
/// `#[cfg(test)]`, without comment lines.
fn code_files(src: &Path) -> BTreeMap<String, String> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    files
        .into_iter()
        .map(|file| {
            let rel = file
                .strip_prefix(src)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let text = std::fs::read_to_string(&file).unwrap();
            let code = text.split("#[cfg(test)]").next().unwrap_or("");
            let code: Vec<&str> = code
                .lines()
                .filter(|l| !l.trim_start().starts_with("//"))
                .collect();
            (rel, code.join("\n"))
        })
        .collect()
}

fn src() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// The files whose code names any of `needles`, other than those `allowed` (a path, or a
/// folder ending in `/`), as `file: needle`.
fn named_outside(
    files: &BTreeMap<String, String>,
    needles: &[&str],
    allowed: &[&str],
) -> Vec<String> {
    let mut found = Vec::new();
    for (rel, code) in files {
        if allowed
            .iter()
            .any(|a| rel == a || (a.ends_with('/') && rel.starts_with(a)))
        {
            continue;
        }
        for needle in needles {
            if code.contains(needle) {
                found.push(format!("src/{rel}: {needle}"));
            }
        }
    }
    found
}

// ---------------------------------------------------------------- import circles

/// The module path of a file (`check/topic.rs` → `check::topic`, `check/mod.rs` → `check`).
fn module_of(rel: &str) -> Vec<String> {
    let mut parts: Vec<String> = rel
        .trim_end_matches(".rs")
        .split('/')
        .map(str::to_string)
        .collect();
    if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
        parts.pop();
    }
    parts
}

/// The file of the longest start of `path` that is a module of `files`, if any but the
/// crate root.
fn file_of(files: &BTreeMap<String, String>, path: &[String]) -> Option<String> {
    (1..=path.len()).rev().find_map(|n| {
        let module = path[..n].join("/");
        [format!("{module}.rs"), format!("{module}/mod.rs")]
            .into_iter()
            .find(|f| files.contains_key(f))
    })
}

/// The lowercase path segments at the start of `text` (`a::b::C` → `a`, `b`), and the names
/// in a brace that follows them (`a::{b, c::D}` → `a::b`, `a::c`).
fn paths_at(text: &str) -> Vec<Vec<String>> {
    let mut segments = Vec::new();
    let mut rest = text;
    loop {
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_')
            .collect();
        if name.is_empty() {
            break;
        }
        rest = &rest[name.len()..];
        segments.push(name);
        match rest.strip_prefix("::") {
            Some(after) => rest = after,
            None => return vec![segments],
        }
    }
    if let Some(inner) = rest.strip_prefix('{') {
        let inner = &inner[..inner.find('}').unwrap_or(inner.len())];
        return inner
            .split(',')
            .map(|item| {
                let mut path = segments.clone();
                path.extend(paths_at(item.trim()).into_iter().next().unwrap_or_default());
                path
            })
            .collect();
    }
    vec![segments]
}

/// Each file's imports of other files of `src/`, through `crate::`, `super::`, `self::`
/// and a `use` of a module the file declares.
fn imports(files: &BTreeMap<String, String>) -> BTreeMap<String, BTreeSet<String>> {
    let mut graph = BTreeMap::new();
    for (rel, code) in files {
        let own = module_of(rel);
        let children: BTreeSet<String> = code
            .lines()
            .filter_map(|l| {
                let l = l.trim_start();
                let l = l
                    .strip_prefix("pub(crate) ")
                    .or_else(|| l.strip_prefix("pub "))
                    .unwrap_or(l);
                l.strip_prefix("mod ")?
                    .strip_suffix(';')
                    .map(str::to_string)
            })
            .collect();
        let mut targets = BTreeSet::new();
        let mut add = |path: Vec<String>| {
            if let Some(file) = file_of(files, &path)
                && file != *rel
            {
                targets.insert(file);
            }
        };
        for line in code.lines() {
            for (at, _) in line.match_indices("crate::") {
                if line[..at].ends_with('$') || line[..at].ends_with("::") {
                    continue;
                }
                for path in paths_at(&line[at + "crate::".len()..]) {
                    add(path);
                }
            }
            for (at, _) in line.match_indices("super::") {
                if line[..at].ends_with("::") {
                    continue; // read with the first `super::`
                }
                let mut rest = &line[at..];
                // Each `super` is the module above: `check` for `check/topic.rs` (module
                // `check::topic`) and for `check/entry/mod.rs` (module `check::entry`).
                let mut start = own.clone();
                while let Some(after) = rest.strip_prefix("super::") {
                    start.pop();
                    rest = after;
                }
                for path in paths_at(rest) {
                    let mut full = start.clone();
                    full.extend(path);
                    add(full);
                }
            }
            let trimmed = line.trim_start();
            let used = trimmed
                .strip_prefix("pub use ")
                .or_else(|| trimmed.strip_prefix("pub(crate) use "))
                .or_else(|| trimmed.strip_prefix("use "));
            if let Some(used) = used {
                let used = used.strip_prefix("self::").unwrap_or(used);
                for path in paths_at(used) {
                    if path.first().is_some_and(|p| children.contains(p)) {
                        let mut full = own.clone();
                        full.extend(path);
                        add(full);
                    }
                }
            }
        }
        graph.insert(rel.clone(), targets);
    }
    graph
}

/// The files of one import circle, when there is one.
fn a_circle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        at: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        done: &mut BTreeSet<String>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        if let Some(i) = path.iter().position(|p| p == at) {
            let mut circle = path[i..].to_vec();
            circle.push(at.to_string());
            return Some(circle);
        }
        if done.contains(at) {
            return None;
        }
        path.push(at.to_string());
        for next in graph.get(at).into_iter().flatten() {
            if let Some(circle) = visit(next, graph, done, path) {
                return Some(circle);
            }
        }
        path.pop();
        done.insert(at.to_string());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|file| visit(file, graph, &mut done, &mut Vec::new()))
}

#[test]
fn no_two_files_import_each_other_even_through_others() {
    let files = code_files(&src());
    let graph = imports(&files);
    // The reader sees the imports it should: a child through `super::`, a sibling through
    // `crate::`, a child module through a bare `use`.
    assert!(graph["check/topic.rs"].contains("check/reading.rs"));
    assert!(graph["pipeline/community.rs"].contains("pipeline/write.rs"));
    assert!(graph["check/mod.rs"].contains("check/entry.rs"));
    if let Some(circle) = a_circle(&graph) {
        panic!("an import circle: {}", circle.join(" → "));
    }
}

#[test]
fn the_circle_check_sees_a_circle() {
    let files: BTreeMap<String, String> = [
        ("lib.rs", "pub mod a;\npub mod b;\n"),
        ("a/mod.rs", "pub mod x;\npub mod y;\nuse x::Thing;\n"),
        ("a/x.rs", "use super::y::Other;\n"),
        ("a/y.rs", "use crate::a::Thing;\n"),
        ("b.rs", "use crate::a::{x, y::Other};\n"),
    ]
    .into_iter()
    .map(|(p, c)| (p.to_string(), c.to_string()))
    .collect();
    let graph = imports(&files);
    assert_eq!(
        graph["b.rs"],
        BTreeSet::from(["a/x.rs".to_string(), "a/y.rs".to_string()])
    );
    assert_eq!(
        a_circle(&graph),
        Some(vec![
            "a/mod.rs".to_string(),
            "a/x.rs".to_string(),
            "a/y.rs".to_string(),
            "a/mod.rs".to_string()
        ])
    );
}

// ---------------------------------------------------------------- one room for each

/// Every file yishi reads of a repository comes through the `Source` of the input room;
/// the output is written by `pipeline/write.rs`. The other rooms that touch the file
/// system say why: the door (`cli/`: `--root` checked, schemas and skeletons written where
/// staff asked) and the stage timings (`plumbing/timings.rs`: the memory figures in
/// /proc). A theme, an attachment, `static/` and district folders are all read through
/// the source.
#[test]
fn the_file_system_is_used_only_by_the_rooms_that_say_so() {
    let files = code_files(&src());
    let needles = [
        "std::fs",
        "fs::read",
        "fs::write",
        "fs::metadata",
        "fs::canonicalize",
        ".is_dir()",
        ".is_file()",
        ".exists()",
        "File::open",
        "OpenOptions",
    ];
    let allowed = ["input/", "pipeline/write.rs", "plumbing/timings.rs", "cli/"];
    let outside = named_outside(&files, &needles, &allowed);
    assert!(outside.is_empty(), "{}", outside.join("\n"));
}

/// The clock and the environment are read once, at the door (`cli/`), into `Given`: every
/// stage after it is a function of its inputs, and a build can be replayed on any day.
/// (`Instant::now` measures how long a stage took and is allowed anywhere.)
#[test]
fn the_clock_and_the_environment_are_read_only_at_the_door() {
    let files = code_files(&src());
    let needles = [
        "Utc::now",
        "Local::now",
        "SystemTime::now",
        "env::var",
        "env::args",
    ];
    let outside = named_outside(&files, &needles, &["cli/"]);
    assert!(outside.is_empty(), "{}", outside.join("\n"));
}

/// Tera is known by the theme alone: templates are loaded and rendered in
/// `site/theme.rs`, which takes views that serialise; a new template engine is one file.
#[test]
fn only_the_theme_knows_tera() {
    let files = code_files(&src());
    let outside = named_outside(&files, &["tera::", "Tera"], &["site/theme.rs"]);
    assert!(outside.is_empty(), "{}", outside.join("\n"));
}

/// Settings are resolved from what was given and site.toml (a district's: district.toml) in
/// one place, the check of that file (`check/`), and handed down in the report: nothing
/// resolves them again.
#[test]
fn settings_are_resolved_only_by_the_check() {
    let files = code_files(&src());
    let decided = ["Settings::resolve(", "Settings::of_district("];
    let outside = named_outside(&files, &decided, &["check/", "settings.rs"]);
    assert!(outside.is_empty(), "{}", outside.join("\n"));
}

/// The repository is opened once, at the door — `cli/` for the commands, `serve/` for the
/// folder it watches — into a `Source` that is handed down beside the options
/// (`pipeline::build(source, options)`): no stage opens a folder from a path it was given.
#[test]
fn the_repository_is_opened_only_at_the_door() {
    let files = code_files(&src());
    let opened = ["Disk::new(", "Disk::canonical("];
    let outside = named_outside(&files, &opened, &["cli/", "serve/mod.rs", "input/"]);
    assert!(outside.is_empty(), "{}", outside.join("\n"));
}

#[test]
fn the_room_checks_see_what_they_look_for() {
    let files: BTreeMap<String, String> = [
        (
            "site/pages/x.rs",
            "let t = std::fs::read_to_string(p);\nlet n = chrono::Utc::now();",
        ),
        ("input/load.rs", "let t = std::fs::read(p);"),
        ("cli/mod.rs", "let v = std::env::var(\"X\");"),
    ]
    .into_iter()
    .map(|(p, c)| (p.to_string(), c.to_string()))
    .collect();
    assert_eq!(
        named_outside(
            &files,
            &["std::fs", "Utc::now", "env::var"],
            &["input/", "cli/"]
        ),
        [
            "src/site/pages/x.rs: std::fs",
            "src/site/pages/x.rs: Utc::now"
        ]
    );
}
