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
            written: Default::default(),
            unchanged: Default::default(),
        })
    }

    /// Puts one file into the new site.
    pub fn put(&self, file: &OutputFile) -> Result<(), WriteError> {
        let path = self.staging.join(&file.path);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(io_err("creating", dir))?;
        }
        let old = self.out.join(&file.path);
        let same = fs::metadata(&old)
            .is_ok_and(|m| m.is_file() && m.len() == file.bytes.len() as u64)
            && fs::read(&old).is_ok_and(|b| b == file.bytes);
        if same && fs::hard_link(&old, &path).is_ok() {
            self.unchanged
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            return Ok(());
        }
        fs::write(&path, &file.bytes).map_err(io_err("writing", &path))?;
        self.written
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
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

/// Writes `files` to `out`, replacing it at once.
pub fn write_site(root: &Path, out: &Path, files: &[OutputFile]) -> Result<(), WriteError> {
    let staging = Staging::new(root, out)?;
    for file in files {
        staging.put(file)?;
    }
    staging.finish()
}
