//! Write: the rendered files → the output folder, all or nothing.
//!
//! The new site is written into a fresh folder beside the target and swapped in only when
//! every file is written, so a failed build (or a crash, or a full disk) leaves the last
//! good site as it was. Attachments are copied from `content/` as they are.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::render::OutputFile;

/// Why the output folder was not written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The output folder would overwrite the repository itself.
    #[error(
        "refusing to write the site to {0}: it holds the community's own files (site.toml or content/); choose another --out"
    )]
    UnsafeTarget(PathBuf),
    /// A file system operation failed.
    #[error("{action} {path}: {source}")]
    Io {
        /// What was being done.
        action: &'static str,
        /// On which path.
        path: PathBuf,
        /// The cause.
        source: io::Error,
    },
}

fn io_err(action: &'static str, path: &Path) -> impl FnOnce(io::Error) -> WriteError {
    let path = path.to_path_buf();
    move |source| WriteError::Io {
        action,
        path,
        source,
    }
}

/// Whether writing to `out` could destroy the repository at `root`.
pub fn is_unsafe_target(root: &Path, out: &Path) -> bool {
    let abs = |p: &Path| fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let (root, out_abs) = (abs(root), abs(out));
    root.starts_with(&out_abs) || out.join("site.toml").exists() || out.join("content").is_dir()
}

/// A new site being written beside the old one. Files are put as they are rendered (from
/// several threads); a file whose bytes equal the old site's is hard-linked from it instead of
/// written, so unchanged files keep their inode and time stamp. `finish` swaps the new site in;
/// dropping an unfinished staging folder removes it, leaving the old site as it was.
pub struct Staging {
    out: PathBuf,
    staging: PathBuf,
    retired: PathBuf,
    finished: bool,
    /// Whether there is an old site to compare with (a first build skips the comparison).
    previous: bool,
    /// Folders made so far under `staging`, so each is made once: 44,000 files at 10,000
    /// topics would otherwise cost a `stat` and a `mkdir` each.
    folders: std::sync::Mutex<rustc_hash::FxHashSet<PathBuf>>,
    /// Files written (not linked), for reporting.
    pub written: std::sync::atomic::AtomicUsize,
    /// Files linked unchanged from the previous site.
    pub unchanged: std::sync::atomic::AtomicUsize,
}

impl Staging {
    /// Prepares a fresh folder beside `out`.
    pub fn new(root: &Path, out: &Path) -> Result<Staging, WriteError> {
        if is_unsafe_target(root, out) {
            return Err(WriteError::UnsafeTarget(out.to_path_buf()));
        }
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        fs::create_dir_all(&parent).map_err(io_err("creating", &parent))?;
        let name = out
            .file_name()
            .map_or_else(|| "site".into(), |n| n.to_string_lossy().to_string());
        let staging = parent.join(format!(".{name}.yishi-new-{}", std::process::id()));
        let retired = parent.join(format!(".{name}.yishi-old-{}", std::process::id()));
        let _ = fs::remove_dir_all(&staging);
        fs::create_dir_all(&staging).map_err(io_err("creating", &staging))?;
        Ok(Staging {
            out: out.to_path_buf(),
            staging,
            retired,
            finished: false,
            previous: out.is_dir(),
            folders: Default::default(),
            written: Default::default(),
            unchanged: Default::default(),
        })
    }

    /// Puts one file into the new site.
    pub fn put(&self, file: &OutputFile) -> Result<(), WriteError> {
        let path = self.staging.join(&file.path);
        if let Some(dir) = Path::new(&file.path).parent() {
            self.make_folder(dir)?;
        }
        let old = self.out.join(&file.path);
        if self.previous && same_bytes(&old, &file.bytes) && fs::hard_link(&old, &path).is_ok() {
            self.unchanged
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            return Ok(());
        }
        fs::write(&path, &file.bytes).map_err(io_err("writing", &path))?;
        self.written
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Ok(())
    }

    /// Makes `dir` (relative to the staging folder) and the folders above it that are not
    /// made yet.
    fn make_folder(&self, dir: &Path) -> Result<(), WriteError> {
        if dir.as_os_str().is_empty() {
            return Ok(());
        }
        // A poisoned lock only means another thread panicked; the set is still right.
        let known = |d: &Path| {
            let folders = self.folders.lock().unwrap_or_else(|e| e.into_inner());
            folders.contains(d)
        };
        if known(dir) {
            return Ok(());
        }
        if let Some(parent) = dir.parent() {
            self.make_folder(parent)?;
        }
        let full = self.staging.join(dir);
        match fs::create_dir(&full) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && full.is_dir() => {}
            Err(e) => return Err(io_err("creating", &full)(e)),
        }
        let mut folders = self.folders.lock().unwrap_or_else(|e| e.into_inner());
        folders.insert(dir.to_path_buf());
        Ok(())
    }

    /// Swaps the new site in, putting the old one back if that fails.
    pub fn finish(mut self) -> Result<(), WriteError> {
        if self.out.exists() {
            fs::rename(&self.out, &self.retired).map_err(io_err("moving aside", &self.out))?;
            if let Err(e) = fs::rename(&self.staging, &self.out) {
                // Put the old site back before reporting.
                let _ = fs::rename(&self.retired, &self.out);
                return Err(WriteError::Io {
                    action: "replacing",
                    path: self.out.clone(),
                    source: e,
                });
            }
            let _ = fs::remove_dir_all(&self.retired);
        } else {
            fs::rename(&self.staging, &self.out).map_err(io_err("creating", &self.out))?;
        }
        self.finished = true;
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.finished {
            let _ = fs::remove_dir_all(&self.staging);
        }
    }
}

/// Whether the file at `old` holds exactly `bytes` (one open, one length check, one read).
fn same_bytes(old: &Path, bytes: &[u8]) -> bool {
    use std::io::Read;
    let Ok(mut file) = fs::File::open(old) else {
        return false;
    };
    if !file
        .metadata()
        .is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64)
    {
        return false;
    }
    let mut held = Vec::with_capacity(bytes.len() + 1);
    file.read_to_end(&mut held).is_ok() && held == bytes
}

/// Writes `files` to `out`, replacing it at once.
pub fn write_site(root: &Path, out: &Path, files: &[OutputFile]) -> Result<(), WriteError> {
    let staging = Staging::new(root, out)?;
    for file in files {
        staging.put(file)?;
    }
    staging.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rayon::prelude::*;
    use std::os::unix::fs::MetadataExt;
    use std::sync::atomic::Ordering::Relaxed;

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    fn put_all(root: &Path, out: &Path, files: &[OutputFile]) -> (usize, usize) {
        let staging = Staging::new(root, out).expect("staging");
        // From several threads at once, into shared and nested folders.
        files
            .par_iter()
            .try_for_each(|f| staging.put(f))
            .expect("put");
        let counts = (
            staging.written.load(Relaxed),
            staging.unchanged.load(Relaxed),
        );
        staging.finish().expect("finish");
        counts
    }

    #[test]
    fn unchanged_files_keep_their_inode_and_new_folders_are_made() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (root, out) = (dir.path().join("repo"), dir.path().join("site"));
        fs::create_dir_all(&root).expect("root");
        let mut files: Vec<OutputFile> = (0..200)
            .map(|i| file(&format!("topics/t{i}/index.html"), &format!("topic {i}")))
            .collect();
        files.push(file("index.html", "home"));
        files.push(file("a/b/c/deep.txt", "deep"));
        assert_eq!(
            put_all(&root, &out, &files),
            (202, 0),
            "a first build writes all"
        );
        let inode = |p: &str| fs::metadata(out.join(p)).expect(p).ino();
        let (home, t7) = (inode("index.html"), inode("topics/t7/index.html"));

        files[7] = file("topics/t7/index.html", "topic 7, edited");
        files.push(file("a/b/new/leaf.txt", "new"));
        assert_eq!(put_all(&root, &out, &files), (2, 201));
        assert_eq!(inode("index.html"), home, "unchanged: linked, same inode");
        assert_ne!(inode("topics/t7/index.html"), t7, "changed: written anew");
        assert_eq!(
            fs::read_to_string(out.join("topics/t7/index.html")).expect("t7"),
            "topic 7, edited"
        );
        assert_eq!(
            fs::read_to_string(out.join("a/b/new/leaf.txt")).expect("leaf"),
            "new"
        );
    }
}
