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

/// Writes `files` and the attachments under `root/content/` to `out`, replacing it at once.
pub fn write_site(
    root: &Path,
    out: &Path,
    files: &[OutputFile],
    attachments: &[String],
) -> Result<(), WriteError> {
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
    let result = fill(&staging, root, files, attachments);
    if let Err(e) = result {
        let _ = fs::remove_dir_all(&staging);
        return Err(e);
    }
    if out.exists() {
        fs::rename(out, &retired).map_err(io_err("moving aside", out))?;
        if let Err(e) = fs::rename(&staging, out) {
            // Put the old site back before reporting.
            let _ = fs::rename(&retired, out);
            let _ = fs::remove_dir_all(&staging);
            return Err(WriteError::Io {
                action: "replacing",
                path: out.to_path_buf(),
                source: e,
            });
        }
        let _ = fs::remove_dir_all(&retired);
    } else {
        fs::rename(&staging, out).map_err(io_err("creating", out))?;
    }
    Ok(())
}

fn fill(
    staging: &Path,
    root: &Path,
    files: &[OutputFile],
    attachments: &[String],
) -> Result<(), WriteError> {
    fs::create_dir_all(staging).map_err(io_err("creating", staging))?;
    for file in files {
        let path = staging.join(&file.path);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(io_err("creating", dir))?;
        }
        fs::write(&path, &file.bytes).map_err(io_err("writing", &path))?;
    }
    for rel in attachments {
        let from = root.join("content").join(rel);
        let to = staging.join(rel);
        if let Some(dir) = to.parent() {
            fs::create_dir_all(dir).map_err(io_err("creating", dir))?;
        }
        fs::copy(&from, &to).map_err(io_err("copying", &from))?;
    }
    Ok(())
}
