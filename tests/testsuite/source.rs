//! One seam for input: a repository read from a folder and the same files held in memory
//! load the same — entries, attachments, static files, and every problem.

use std::path::Path;

use yishi::input::load;
use yishi::input::source::{Disk, Memory, Source, paths_under};

/// Every file of the repository at `root` that yishi reads, held in memory.
fn in_memory(root: &Path) -> Memory {
    let disk = Disk::new(root);
    let mut files = vec![("site.toml".to_string(), disk.read("site.toml").unwrap())];
    for folder in ["content", "static", "themes"] {
        for path in paths_under(&disk, folder).unwrap() {
            let bytes = disk.read(&path).unwrap();
            files.push((path, bytes));
        }
    }
    Memory::new(files)
}

#[test]
fn the_sample_loads_the_same_from_disk_and_from_memory() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let from_disk = load::load(&Disk::new(root));
    let from_memory = load::load(&in_memory(root));
    assert!(from_disk.entries.len() > 10);
    assert_eq!(format!("{from_disk:?}"), format!("{from_memory:?}"));
}

#[test]
fn a_repository_with_problems_loads_the_same_from_disk_and_from_memory() {
    let files: &[(&str, &str)] = &[
        ("site.toml", "title = \"t\"\ncommunity = \"c\"\n"),
        ("content/topics/Bad Name.md", "+++\n+++\n"),
        ("content/topics/notes.txt", "x"),
        ("content/topics/ok.md", "no front matter"),
        ("content/attachments/A.jpg", ""),
        ("content/attachments/a.jpg", ""),
        ("content/attachments/.secret/key", ""),
        ("static/.well-known/x.txt", "x"),
    ];
    let dir = std::env::temp_dir().join(format!("yishi-source-{}", std::process::id()));
    for (path, text) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let from_disk = load::load(&Disk::new(&dir));
    let from_memory = load::load(&Memory::new(files.iter().copied()));
    std::fs::remove_dir_all(&dir).unwrap();
    let codes: Vec<&str> = from_disk.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(
        codes,
        [
            "bad-id",
            "ignored-file",
            "front-matter",
            "ignored-file",
            "name-collision"
        ]
    );
    assert_eq!(format!("{from_disk:?}"), format!("{from_memory:?}"));
}
