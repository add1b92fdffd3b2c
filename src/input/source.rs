//! One seam for input: every file yishi reads from a community's repository — records,
//! attachments, `static/`, the theme — comes through a [`Source`] (Typst's `World`).
//!
//! [`Disk`] reads a folder (`build`, `check`, `serve`); [`Memory`] holds a repository in a
//! map (tests, fuzzing, the time walk). The loader, the attachment check, the theme and the
//! static files ask the source and nothing else, so a repository in memory is listed, read
//! and refused by exactly the rules a repository on disk is: the same litter, the same
//! hidden files, the same links, the same names. The git history is the one input that is
//! not a file: [`Source::history`] asks git about a folder on disk, and a repository in
//! memory has none. A district is one source of many communities: [`Source::scoped`] gives
//! each community's folder as a source of its own.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::FixedOffset;

use super::provenance::{self, Provenance};

/// What is at a path, without following a link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Node {
    /// A regular file of this many bytes.
    File(u64),
    /// A folder.
    Folder,
    /// A symbolic link (never followed).
    Link,
    /// Anything else (a socket, a device).
    Other,
}

/// What a name in a folder is. Unlike [`Node`] it carries no size: a listing needs no
/// `stat` of each file (on disk, the kind comes with the folder's entries).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A regular file.
    File,
    /// A folder.
    Folder,
    /// A symbolic link (never followed).
    Link,
    /// Anything else.
    Other,
}

/// One name in a folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    /// The name, or `Err` with a lossy rendering when it is not UTF-8.
    pub name: Result<String, String>,
    /// What it is.
    pub kind: Kind,
}

/// Where a repository's files come from. Paths are `/`-separated and relative to the
/// repository's root (`content/topics/a.md`); `""` is the root itself.
pub trait Source: Send + Sync + std::fmt::Debug {
    /// What is at `rel`, without following a link.
    fn node(&self, rel: &str) -> io::Result<Node>;
    /// The names in the folder at `rel`, sorted by their bytes (as `walkdir` sorts).
    fn list(&self, rel: &str) -> io::Result<Vec<Listed>>;
    /// The bytes of the file at `rel`, a regular file of at most `limit` bytes (an error
    /// otherwise, before more than `limit` bytes are read).
    fn read_at_most(&self, rel: &str, limit: u64) -> io::Result<Vec<u8>>;
    /// The bytes of the file at `rel`, at most [`MAX_READ_BYTES`].
    fn read(&self, rel: &str) -> io::Result<Vec<u8>> {
        self.read_at_most(rel, MAX_READ_BYTES)
    }
    /// The folder on disk, when the repository is one: a build never writes into it, and
    /// `serve` watches it.
    fn folder(&self) -> Option<&Path> {
        None
    }
    /// The folder at `rel` as a repository of its own (a district's community), when it is
    /// a folder, or a link to a folder of the same repository; none otherwise.
    fn scoped(&self, rel: &str) -> Option<Arc<dyn Source>>;
    /// The records' git history, with dates in `zone` ([`provenance::read_again`]: kept from
    /// `previous` where it still holds, asking only about the paths `changed` when they are
    /// known); none without git or a repository.
    fn history(
        &self,
        _zone: FixedOffset,
        _previous: Option<&Provenance>,
        _changed: Option<&[String]>,
    ) -> Option<Provenance> {
        None
    }
    /// Whether the history is cut short (a shallow clone), so change dates would be wrong.
    fn is_shallow(&self) -> bool {
        false
    }
}

/// The largest file yishi reads from a repository: a photo, a scan, a PDF. Bigger is a
/// mistake (a video, a disk image), and reading it would hold it all in memory.
pub const MAX_READ_BYTES: u64 = 256 * 1024 * 1024;

fn too_large(size: u64, limit: u64) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!("{size} bytes, more than the {limit} yishi reads of a file"),
    )
}

/// A repository in a folder on disk.
#[derive(Debug, Clone)]
pub struct Disk {
    root: PathBuf,
}

impl Disk {
    /// The repository at `root`.
    pub fn new(root: impl Into<PathBuf>) -> Disk {
        Disk { root: root.into() }
    }

    /// The repository at `root`, named as the system names it (links and `..` resolved),
    /// as a file watcher reports its files.
    pub fn canonical(root: &Path) -> io::Result<Disk> {
        Ok(Disk::new(std::fs::canonicalize(root)?))
    }

    /// The folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    fn path(&self, rel: &str) -> PathBuf {
        if rel.is_empty() {
            self.root.clone()
        } else {
            self.root.join(rel)
        }
    }
}

impl Source for Disk {
    fn node(&self, rel: &str) -> io::Result<Node> {
        let meta = std::fs::symlink_metadata(self.path(rel))?;
        let kind = meta.file_type();
        Ok(if kind.is_symlink() {
            Node::Link
        } else if kind.is_dir() {
            Node::Folder
        } else if kind.is_file() {
            Node::File(meta.len())
        } else {
            Node::Other
        })
    }

    fn list(&self, rel: &str) -> io::Result<Vec<Listed>> {
        let dir = self.path(rel);
        let mut out = Vec::new();
        for entry in std::fs::read_dir(&dir)? {
            let entry = entry?;
            let file_type = entry.file_type()?;
            let kind = if file_type.is_symlink() {
                Kind::Link
            } else if file_type.is_dir() {
                Kind::Folder
            } else if file_type.is_file() {
                Kind::File
            } else {
                Kind::Other
            };
            let raw = entry.file_name();
            let name = raw
                .to_str()
                .map(str::to_string)
                .ok_or_else(|| raw.to_string_lossy().into_owned());
            out.push((raw, Listed { name, kind }));
        }
        out.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(out.into_iter().map(|(_, l)| l).collect())
    }

    /// Reads a regular file only, and at most `limit` bytes of it: a pipe saved in place of a
    /// record would wait for a writer for ever, and a device be read until memory runs out.
    /// The file is opened without following a link, waiting or becoming a terminal, and what
    /// was opened is asked what it is before a byte is read: one look up of the path for a
    /// file read, where a look before opening made three for a record (docs/performance.md).
    fn read_at_most(&self, rel: &str, limit: u64) -> io::Result<Vec<u8>> {
        use std::io::Read;
        let path = self.path(rel);
        let not_regular = || {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                "not a regular file (a pipe, a device or a link)",
            )
        };
        let mut options = std::fs::OpenOptions::new();
        options.read(true);
        #[cfg(any(target_os = "linux", target_os = "android", target_vendor = "apple"))]
        {
            use std::os::unix::fs::OpenOptionsExt;
            let flags = rustix::fs::OFlags::NONBLOCK
                | rustix::fs::OFlags::NOFOLLOW
                | rustix::fs::OFlags::NOCTTY;
            options.custom_flags(flags.bits() as i32);
        }
        #[cfg(not(any(target_os = "linux", target_os = "android", target_vendor = "apple")))]
        if !std::fs::symlink_metadata(&path)?.file_type().is_file() {
            return Err(not_regular());
        }
        let file = match options.open(&path) {
            Ok(file) => file,
            // O_NOFOLLOW refuses a link with ELOOP; say what it is.
            Err(_)
                if std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) =>
            {
                return Err(not_regular());
            }
            Err(e) => return Err(e),
        };
        let meta = file.metadata()?;
        if !meta.file_type().is_file() {
            return Err(not_regular());
        }
        if meta.len() > limit {
            return Err(too_large(meta.len(), limit));
        }
        let mut bytes = Vec::with_capacity(meta.len() as usize);
        file.take(limit + 1).read_to_end(&mut bytes)?;
        if bytes.len() as u64 > limit {
            return Err(too_large(bytes.len() as u64, limit));
        }
        Ok(bytes)
    }

    fn folder(&self) -> Option<&Path> {
        Some(&self.root)
    }

    fn scoped(&self, rel: &str) -> Option<Arc<dyn Source>> {
        let path = self.path(rel);
        match self.node(rel).ok()? {
            Node::Folder => Some(Arc::new(Disk::new(path))),
            Node::Link => {
                // Followed only to a folder inside the git work tree that holds the root
                // (or inside the root, outside git).
                let root = std::fs::canonicalize(&self.root).ok()?;
                let target = std::fs::canonicalize(&path).ok()?;
                let top = root
                    .ancestors()
                    .find(|a| std::fs::symlink_metadata(a.join(".git")).is_ok())
                    .unwrap_or(&root);
                (target.starts_with(top) && target.is_dir())
                    .then(|| Arc::new(Disk::new(target)) as Arc<dyn Source>)
            }
            Node::File(_) | Node::Other => None,
        }
    }

    fn history(
        &self,
        zone: FixedOffset,
        previous: Option<&Provenance>,
        changed: Option<&[String]>,
    ) -> Option<Provenance> {
        provenance::read_again(&self.root, zone, previous, changed)
    }

    fn is_shallow(&self) -> bool {
        provenance::is_shallow(&self.root)
    }
}

/// A repository held in memory: files by path; folders are implied by the paths.
#[derive(Debug, Clone, Default)]
pub struct Memory {
    files: BTreeMap<String, Vec<u8>>,
}

impl Memory {
    /// A repository of these files (`site.toml`, `content/topics/a.md`, …).
    pub fn new<P: AsRef<str>, B: AsRef<[u8]>>(files: impl IntoIterator<Item = (P, B)>) -> Memory {
        Memory {
            files: files
                .into_iter()
                .map(|(p, b)| {
                    (
                        p.as_ref().trim_matches('/').to_string(),
                        b.as_ref().to_vec(),
                    )
                })
                .collect(),
        }
    }

    /// A community's repository: its site.toml and these files.
    pub fn community(site: &str, files: &[(&str, &str)]) -> Memory {
        Memory::new(std::iter::once(("site.toml", site)).chain(files.iter().copied()))
    }

    fn not_found(rel: &str) -> io::Error {
        io::Error::new(io::ErrorKind::NotFound, format!("{rel}: no such file"))
    }

    /// The paths under folder `rel` (all of them when `rel` is the root).
    fn under<'a>(&'a self, rel: &'a str) -> impl Iterator<Item = (&'a str, &'a Vec<u8>)> + 'a {
        let prefix = if rel.is_empty() {
            String::new()
        } else {
            format!("{rel}/")
        };
        self.files
            .range(prefix.clone()..)
            .take_while(move |(p, _)| p.starts_with(prefix.as_str()))
            .filter_map(move |(p, b)| Some((p.get(rel.len() + usize::from(!rel.is_empty())..)?, b)))
    }
}

impl Source for Memory {
    fn node(&self, rel: &str) -> io::Result<Node> {
        if let Some(bytes) = self.files.get(rel) {
            return Ok(Node::File(bytes.len() as u64));
        }
        if self.under(rel).next().is_some() {
            return Ok(Node::Folder);
        }
        Err(Memory::not_found(rel))
    }

    fn list(&self, rel: &str) -> io::Result<Vec<Listed>> {
        if self.node(rel)? != Node::Folder {
            return Err(io::Error::new(
                io::ErrorKind::NotADirectory,
                format!("{rel}: not a folder"),
            ));
        }
        let mut names: BTreeMap<&str, Kind> = BTreeMap::new();
        for (inner, _) in self.under(rel) {
            match inner.split_once('/') {
                Some((folder, _)) => {
                    names.insert(folder, Kind::Folder);
                }
                None => {
                    names.entry(inner).or_insert(Kind::File);
                }
            }
        }
        Ok(names
            .into_iter()
            .map(|(name, kind)| Listed {
                name: Ok(name.to_string()),
                kind,
            })
            .collect())
    }

    fn read_at_most(&self, rel: &str, limit: u64) -> io::Result<Vec<u8>> {
        let bytes = self.files.get(rel).ok_or_else(|| Memory::not_found(rel))?;
        if bytes.len() as u64 > limit {
            return Err(too_large(bytes.len() as u64, limit));
        }
        Ok(bytes.clone())
    }

    fn scoped(&self, rel: &str) -> Option<Arc<dyn Source>> {
        let rel = rel.trim_matches('/');
        (self.node(rel).ok()? == Node::Folder).then(|| {
            let files = self.under(rel).map(|(p, b)| (p.to_string(), b.clone()));
            Arc::new(Memory {
                files: files.collect(),
            }) as Arc<dyn Source>
        })
    }
}

/// The first part of `rel` that is a symbolic link, as a path under the root: yishi reads
/// only what is inside the repository, so a linked folder is never walked, wherever it
/// points.
pub fn linked_part(source: &dyn Source, rel: &str) -> Option<String> {
    let mut at = String::new();
    for part in rel.split('/').filter(|p| !p.is_empty()) {
        if !at.is_empty() {
            at.push('/');
        }
        at.push_str(part);
        match source.node(&at) {
            Ok(Node::Link) => return Some(at),
            Ok(_) => {}
            Err(_) => return None,
        }
    }
    None
}

/// The paths (under the root) of the regular files under the folder at `rel`, depth first
/// in name order; links and anything else are passed over. Nothing when the folder is
/// missing.
pub fn paths_under(source: &dyn Source, rel: &str) -> io::Result<Vec<String>> {
    fn walk(source: &dyn Source, folder: &str, out: &mut Vec<String>) -> io::Result<()> {
        for entry in source.list(folder)? {
            let Ok(name) = entry.name else { continue };
            let path = format!("{folder}/{name}");
            match entry.kind {
                Kind::Folder => walk(source, &path, out)?,
                Kind::File => out.push(path),
                Kind::Link | Kind::Other => {}
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    if matches!(source.node(rel), Ok(Node::Folder)) {
        walk(source, rel, &mut out)?;
    }
    Ok(out)
}

/// The same files read, as (path under `rel`, bytes).
pub fn files_under(source: &dyn Source, rel: &str) -> io::Result<Vec<(String, Vec<u8>)>> {
    paths_under(source, rel)?
        .into_iter()
        .map(|path| {
            let bytes = source.read(&path)?;
            Ok((path[rel.len() + 1..].to_string(), bytes))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_implies_folders_and_lists_them_sorted_by_bytes() {
        let m = Memory::new([
            ("content/topics/b.md", "b"),
            ("content/topics/a.md", "aa"),
            ("content/attachments/2025/x.jpg", "x"),
            ("site.toml", ""),
        ]);
        assert_eq!(m.node("content").unwrap(), Node::Folder);
        assert_eq!(m.node("content/topics/a.md").unwrap(), Node::File(2));
        assert!(m.node("content/topic").is_err());
        let names: Vec<_> = m
            .list("content")
            .unwrap()
            .into_iter()
            .map(|l| (l.name.unwrap(), l.kind))
            .collect();
        assert_eq!(
            names,
            [
                ("attachments".to_string(), Kind::Folder),
                ("topics".to_string(), Kind::Folder)
            ]
        );
        assert_eq!(m.list("").unwrap().len(), 2);
        assert!(m.list("site.toml").is_err());
        assert_eq!(m.read("content/topics/b.md").unwrap(), b"b");
    }

    #[test]
    fn disk_and_memory_list_the_same() {
        let dir = std::env::temp_dir().join(format!("yishi-source-{}", std::process::id()));
        let files = [("a/B.md", "1"), ("a/a.md", "22"), ("a/c/d.txt", "333")];
        for (p, t) in files {
            let path = dir.join(p);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, t).unwrap();
        }
        let disk = Disk::new(&dir);
        let memory = Memory::new(files);
        assert_eq!(disk.list("a").unwrap(), memory.list("a").unwrap());
        assert_eq!(
            disk.node("a/c/d.txt").unwrap(),
            memory.node("a/c/d.txt").unwrap()
        );
        assert_eq!(disk.read("a/a.md").unwrap(), memory.read("a/a.md").unwrap());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// A district's community as a source of its own: the same files, under its folder; a
    /// file or a missing folder is none.
    #[test]
    fn a_folder_is_scoped_the_same_on_disk_and_in_memory() {
        let dir = std::env::temp_dir().join(format!("yishi-scoped-{}", std::process::id()));
        let files = [
            ("communities/a/site.toml", "t"),
            ("communities/a/content/topics/x.md", "x"),
            ("communities/ab/site.toml", "u"),
            ("district.toml", "d"),
        ];
        for (p, t) in files {
            let path = dir.join(p);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, t).unwrap();
        }
        let disk = Disk::new(&dir);
        let memory = Memory::new(files);
        for source in [&disk as &dyn Source, &memory] {
            let a = source.scoped("communities/a").expect("a folder");
            assert_eq!(a.read("site.toml").unwrap(), b"t");
            assert_eq!(a.read("content/topics/x.md").unwrap(), b"x");
            // Not the files of a sibling whose name begins the same.
            assert_eq!(a.list("").unwrap().len(), 2, "{:?}", a.list(""));
            assert!(source.scoped("district.toml").is_none());
            assert!(source.scoped("communities/none").is_none());
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// A linked folder is a repository of its own only when it stays inside the repository
    /// that holds the root (outside git: inside the root).
    #[cfg(unix)]
    #[test]
    fn a_link_is_scoped_only_inside_the_repository() {
        let dir = std::env::temp_dir().join(format!("yishi-scoped-link-{}", std::process::id()));
        let root = dir.join("district");
        std::fs::create_dir_all(root.join("communities")).unwrap();
        std::fs::create_dir_all(root.join("shared/b")).unwrap();
        std::fs::write(root.join("shared/b/site.toml"), "b").unwrap();
        std::fs::create_dir_all(dir.join("outside")).unwrap();
        std::os::unix::fs::symlink("../shared/b", root.join("communities/b")).unwrap();
        std::os::unix::fs::symlink(dir.join("outside"), root.join("communities/o")).unwrap();
        let disk = Disk::new(&root);
        let b = disk.scoped("communities/b").expect("a link inside");
        assert_eq!(b.read("site.toml").unwrap(), b"b");
        assert!(disk.scoped("communities/o").is_none(), "a link outside");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
