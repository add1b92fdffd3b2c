//! The layers of `src/` point one way. Each top-level module of the library is a layer, in
//! the order of the table in `src/lib.rs`; code in a layer may use its own layer and the
//! layers before it, never one after it. An arrow pointing up (say `facts` using `site`) is
//! what let the 11-module cycle around the old `render.rs` grow, so it fails here, naming
//! the file, the line and the two layers. Test modules (`#[cfg(test)]`) and doc comments
//! are not dependencies and are not read.

use std::path::{Path, PathBuf};

/// The layers, lowest first: the same order as the table in `src/lib.rs`.
const LAYERS: &[&str] = &[
    "plumbing",
    "model",
    "diagnostics",
    "settings",
    "facts",
    "input",
    "markdown",
    "privacy",
    "media",
    "check",
    "site",
    "pipeline",
    "serve",
    "cli",
];

fn rank(layer: &str) -> Option<usize> {
    LAYERS.iter().position(|l| *l == layer)
}

/// Every `.rs` file under `dir`, in name order (also read by the theme guide's test).
pub(crate) fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every layer a file's code (not its tests or doc comments) names, with its line: each
/// `crate::<layer>`, and each `super::` path that climbs out of the file's own layer to the
/// crate's root and down into another (`super::super::site` from `src/facts/x.rs`). `rel` is
/// the file's path under `src/`.
fn layers_used(rel: &str, text: &str) -> Vec<(usize, String)> {
    let code = text.split("#[cfg(test)]").next().unwrap_or("");
    // How many `super::` reach the crate root from this file: its folders, and one more for a
    // file that is not a folder's `mod.rs`.
    let parts: Vec<&str> = rel.split('/').collect();
    let depth = parts.len() - 1 + usize::from(parts.last().is_some_and(|f| *f != "mod.rs"));
    let mut used = Vec::new();
    for (n, line) in code.lines().enumerate() {
        let line = line.trim_start();
        if line.starts_with("//") {
            continue;
        }
        for (at, _) in line.match_indices("crate::") {
            let after = &line[at + "crate::".len()..];
            let name: String = after
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                .collect();
            // `$crate::` in a macro is the same crate.
            if !name.is_empty() && !line[..at].ends_with('$') {
                used.push((n + 1, name));
            }
        }
        let mut rest = line;
        while let Some(at) = rest.find("super::") {
            if rest[..at].ends_with("::") {
                rest = &rest[at + 7..];
                continue; // the middle of a path already read
            }
            let mut path = &rest[at..];
            let mut climbs = 0;
            while let Some(after) = path.strip_prefix("super::") {
                climbs += 1;
                path = after;
            }
            if climbs >= depth {
                let name: String = path
                    .chars()
                    .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    used.push((n + 1, name));
                }
            }
            rest = path;
        }
    }
    used
}

/// Arrows pointing up in `src/`, as `file:line: layer uses later-layer`.
fn upward_arrows(src: &Path) -> Vec<String> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let mut found = Vec::new();
    for file in files {
        let rel = file
            .strip_prefix(src)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if rel == "lib.rs" || rel == "main.rs" {
            continue; // the crate root lists the layers; main.rs is the binary above them all
        }
        let layer = rel
            .split('/')
            .next()
            .unwrap()
            .trim_end_matches(".rs")
            .to_string();
        let own = rank(&layer)
            .unwrap_or_else(|| panic!("src/{rel}: `{layer}` is not a layer; add it to LAYERS and to the table in src/lib.rs"));
        let text = std::fs::read_to_string(&file).unwrap();
        for (line, used) in layers_used(&rel, &text) {
            if let Some(theirs) = rank(&used)
                && theirs > own
            {
                found.push(format!(
                    "src/{rel}:{line}: {layer} uses {used}, a later layer"
                ));
            }
        }
    }
    found
}

#[test]
fn every_arrow_between_layers_points_down() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let up = upward_arrows(&src);
    assert!(up.is_empty(), "arrows pointing up:\n{}", up.join("\n"));
}

#[test]
fn every_layer_is_in_the_crate_root_in_order() {
    let lib =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs")).unwrap();
    let mut at = 0;
    for layer in LAYERS {
        let row = format!("| [`{layer}`] |");
        let found = lib[at..]
            .find(&row)
            .unwrap_or_else(|| panic!("src/lib.rs: the table does not list `{layer}` in order"));
        at += found + row.len();
    }
}

#[test]
fn the_check_sees_an_arrow_pointing_up() {
    // A made-up `facts` file that uses `site` and, in its tests only, `build`.
    let dir = std::env::temp_dir().join(format!("yishi-layers-{}", std::process::id()));
    let facts = dir.join("facts");
    std::fs::create_dir_all(&facts).unwrap();
    std::fs::write(
        facts.join("mod.rs"),
        "//! Uses [`crate::serve`] in a doc comment only.\nuse crate::model::Model;\nuse crate::site::render;\n\n#[cfg(test)]\nmod tests {\n    use crate::pipeline::community;\n}\n",
    )
    .unwrap();
    let up = upward_arrows(&dir);
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(up, ["src/facts/mod.rs:3: facts uses site, a later layer"]);
}
