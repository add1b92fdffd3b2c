//! The search index of the site being replaced is reused when its records are unchanged, and
//! rebuilt when they change — with the same bytes as a build from nothing.

use std::path::Path;

use yishi::pipeline::{self, BuildOptions};

fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn build(root: &Path, out: &Path) {
    let report = pipeline::build(&BuildOptions {
        root: root.to_path_buf(),
        out: out.to_path_buf(),
        today: chrono::NaiveDate::from_ymd_opt(2025, 6, 1),
        base_url: None,
        drafts: false,
        deny_warnings: false,
    });
    assert_eq!(report.exit_code(false), 0, "{:#?}", report.diagnostics);
}

fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect();
    out.sort();
    out
}

#[test]
fn unchanged_shards_are_reused_and_changed_ones_rebuilt() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("c");
    write(&root, "site.toml", "title = \"t\"\ncommunity = \"c\"\n");
    let topic = |title: &str| {
        format!(
            "+++\ntitle = \"{title}\"\ncategory = \"其他\"\nraised = 2025-01-01\n+++\n东区停车位不足。\n"
        )
    };
    write(&root, "content/topics/a.md", &topic("停车位规划"));
    write(&root, "content/topics/b.md", &topic("垃圾分类"));
    let out = dir.path().join("site");
    build(&root, &out);
    let entry = out.join("pagefind/pagefind-entry.json");
    assert!(out.join("pagefind/yishi-key.txt").exists());

    // Same records: the previous index is copied, so a mark put into it survives.
    let marked = [std::fs::read(&entry).unwrap(), b" ".to_vec()].concat();
    std::fs::write(&entry, &marked).unwrap();
    build(&root, &out);
    assert_eq!(
        std::fs::read(&entry).unwrap(),
        marked,
        "the unchanged index was reused"
    );

    // A record changes: the index is built again, and the site equals one built from nothing.
    write(&root, "content/topics/b.md", &topic("垃圾分类与回收"));
    build(&root, &out);
    assert_ne!(std::fs::read(&entry).unwrap(), marked);
    let fresh = dir.path().join("fresh");
    build(&root, &fresh);
    assert_eq!(files(&out), files(&fresh));
}
