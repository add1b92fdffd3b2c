//! Write: the rendered files → the output folder, all or nothing, and only where yishi may.
//!
//! **Where a build may write.** yishi replaces an output folder only when it is missing,
//! empty, or one it made itself — marked by a [`MARKER`] file naming the generator, which
//! only a build writes (a folder that merely holds a `data/site.json`, such as a downloaded
//! copy of a site, is not one). A deployment repository kept inside the output (`.git`, as
//! GitHub Pages users keep one for `gh-pages`) is carried over into each new site; other
//! files added by hand are not, and the build names those at the top of the site that it
//! drops ([`Staging::finish`]), pointing to `static/`. It never writes
//! at or inside the repository's inputs (`site.toml`, `content/`, `themes/`, `static/`,
//! `communities/`, any `.git/`), at the repository itself or a folder above it, or over a
//! file. Anything else is refused before a byte is written ([`resolve_target`]). An output
//! that is a symbolic link (a web root) is followed: the folder it points to is the one
//! replaced, and the link stays.
//!
//! **All or nothing.** The new site is written into a fresh folder beside the target and
//! swapped in only when every file is written, so a failed build (or a crash, or a full
//! disk) leaves the last good site as it was. On Linux and macOS the swap is one atomic
//! exchange of the two folders, so the site is never missing; elsewhere it is two renames
//! a moment apart. A lock on the folder holding the output lets one build at a time write
//! there (a second one waits), and folders left by an interrupted build are removed by
//! the next one.

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use crate::diagnostics::Text;
use crate::plumbing::output::MARKER;
use crate::plumbing::output::OutputFile;

/// What the marker says, for whoever finds it in the web root.
fn marker_text() -> String {
    format!(
        "{}\nThis folder is made by `yishi build` and replaced whole by the next build: files added or edited here by hand are lost.\nPut files to publish as they are (CNAME, .nojekyll, verification files) in the repository's static/ folder.\n",
        crate::plumbing::output::GENERATOR
    )
}

/// The repository's own folders and files, which no build may write into.
const INPUTS: [&str; 7] = [
    "site.toml",
    "district.toml",
    "content",
    "themes",
    "static",
    "communities",
    ".git",
];

/// Why the output folder was not written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The output folder is not one yishi may replace.
    #[error("refusing to write the site to {path}: {}", why.en)]
    Refused {
        /// The output as given.
        path: PathBuf,
        /// Why, in a sentence with the way out, in both languages.
        why: Text,
    },
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

fn refused(path: &Path, why: Text) -> WriteError {
    WriteError::Refused {
        path: path.to_path_buf(),
        why,
    }
}

impl WriteError {
    /// What went wrong, in both languages.
    pub fn text(&self) -> Text {
        match self {
            WriteError::Refused { path, why } => {
                let path = path.display();
                crate::tr!(
                    "refusing to write the site to {path}: {en}",
                    "拒绝把网站写到 {path}：{zh}";
                    en = &why.en,
                    zh = &why.zh
                )
            }
            WriteError::Io { .. } => {
                let e = self.to_string();
                crate::tr!("{e}", "写入网站时出错：{e}")
            }
        }
    }
}

/// The output folder a build writes, resolved: links followed, the repository's inputs
/// ruled out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The folder that is replaced (a link's target when `--out` is a link).
    pub folder: PathBuf,
    /// The folder holding it, where the staging folder and the lock are.
    pub parent: PathBuf,
    /// Its name, which staging folders are named after.
    pub name: String,
}

/// `path` made absolute, with every link before its last part resolved and `.` and `..`
/// taken after that; parts that do not exist yet are kept as written. The last part is
/// left as it is, so the caller sees whether it is itself a link.
fn resolve_existing(path: &Path) -> io::Result<PathBuf> {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()?.join(path)
    };
    let parts: Vec<Component> = absolute.components().collect();
    let mut resolved = PathBuf::new();
    for (i, part) in parts.iter().enumerate() {
        match part {
            Component::Prefix(_) | Component::RootDir => resolved.push(part),
            Component::CurDir => {}
            Component::ParentDir => {
                resolved.pop();
            }
            Component::Normal(name) => {
                let next = resolved.join(name);
                let last = i + 1 == parts.len();
                resolved = match fs::symlink_metadata(&next) {
                    Ok(m) if m.file_type().is_symlink() && !last => fs::canonicalize(&next)?,
                    _ => next,
                };
            }
        }
    }
    Ok(resolved)
}

/// Where a build of the repository in folder `root` (none: a repository in memory) into
/// `out` may write, or why it may not. The output's current contents are checked again,
/// under the lock, by [`Staging::new`].
pub fn resolve_target(root: Option<&Path>, out: &Path) -> Result<Target, WriteError> {
    let root = root
        .map(|root| fs::canonicalize(root).map_err(io_err("reading", root)))
        .transpose()?;
    let given = resolve_existing(out).map_err(io_err("reading", out))?;
    // A link at the output itself (a web root) is followed; its target is replaced.
    let folder = match fs::symlink_metadata(&given) {
        Ok(meta) if meta.file_type().is_symlink() => fs::canonicalize(&given).map_err(|e| {
            refused(
                out,
                crate::tr!(
                    "it is a symbolic link to a folder that cannot be reached ({e}); make the folder it points to, or point --out at a folder",
                    "它是一个符号链接，指向的文件夹无法访问（{e}）；先建好它指向的文件夹，或让 --out 指向一个文件夹"
                ),
            )
        })?,
        _ => given,
    };
    let (Some(parent), Some(name)) = (folder.parent(), folder.file_name()) else {
        return Err(refused(
            out,
            crate::tr!(
                "it is the top of the file system; choose a folder such as site/",
                "这是文件系统的最上层；请选一个文件夹，如 site/"
            ),
        ));
    };
    if let Some(root) = &root
        && root.starts_with(&folder)
    {
        return Err(refused(
            out,
            crate::tr!(
                "it holds the community's repository ({repo}); the site would replace the records. Choose a folder inside it such as site/, or beside it",
                "它包含社区的仓库（{repo}）；网站会覆盖记录。请选仓库里的 site/ 这样的文件夹，或仓库旁边的文件夹";
                repo = root.display()
            ),
        ));
    }
    for input in root
        .iter()
        .flat_map(|root| INPUTS.map(|input| (input, root.join(input))))
    {
        let (input, inside) = input;
        if folder.starts_with(inside) {
            return Err(refused(
                out,
                crate::tr!(
                    "it is inside the repository's {input}, which holds the community's own files; choose another --out, such as site/",
                    "它在仓库的 {input} 里，那里是社区自己的文件；请换一个 --out，如 site/"
                ),
            ));
        }
    }
    if folder.components().any(|c| c.as_os_str() == ".git") {
        return Err(refused(
            out,
            crate::tr!(
                "it is inside a .git folder, which holds a repository's history; choose another --out",
                "它在 .git 文件夹里，那里是仓库的历史；请换一个 --out"
            ),
        ));
    }
    Ok(Target {
        parent: parent.to_path_buf(),
        name: name.to_string_lossy().into_owned(),
        folder,
    })
}

/// Whether a build of `root` may replace `out`, checked before any work is done (and again,
/// under the lock, when the site is written).
pub fn preflight(root: Option<&Path>, out: &Path) -> Result<(), WriteError> {
    let target = resolve_target(root, out)?;
    check_replaceable(&target, out).map(|_| ())
}

/// Whether the folder at `target` may be replaced: missing, empty, or made by yishi.
/// Returns whether there is an old site in it to compare with.
fn check_replaceable(target: &Target, out: &Path) -> Result<bool, WriteError> {
    let folder = &target.folder;
    let meta = match fs::symlink_metadata(folder) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(io_err("reading", folder)(e)),
    };
    if !meta.is_dir() {
        return Err(refused(
            out,
            crate::tr!(
                "it is a file, not a folder; yishi replaces only a folder it made. Choose another --out",
                "它是一个文件，不是文件夹；yishi 只替换它自己生成的文件夹。请换一个 --out"
            ),
        ));
    }
    let mut names: Vec<String> = fs::read_dir(folder)
        .map_err(io_err("reading", folder))?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    if names.is_empty() {
        return Ok(false);
    }
    if made_by_yishi(folder) {
        return Ok(true);
    }
    names.sort();
    let shown: Vec<String> = names.iter().take(3).cloned().collect();
    let more = if names.len() > 3 { ", …" } else { "" };
    let shown = shown.join(", ");
    Err(refused(
        out,
        crate::tr!(
            "it holds files yishi did not make ({shown}{more}); yishi replaces only a folder it made (marked by {MARKER}), an empty one or a missing one. Choose another --out, or empty the folder first",
            "里面有不是 yishi 生成的文件（{shown}{more}）；yishi 只替换它自己生成的文件夹（有 {MARKER} 标记）、空文件夹或不存在的文件夹。请换一个 --out，或先清空这个文件夹"
        ),
    ))
}

/// Writes one staff page (the problems page of a refused build) into the output folder,
/// beside the site already there, which is otherwise left as it was. Only into a folder yishi
/// may replace: one it made (the page is added), or a missing or empty one (which then holds
/// the page and the marker, and the next good build replaces it). The page is written under
/// another name and renamed into place, so a reader never sees half of it.
pub fn write_beside_site(
    root: Option<&Path>,
    out: &Path,
    file: &OutputFile,
) -> Result<(), WriteError> {
    let target = resolve_target(root, out)?;
    let had_site = check_replaceable(&target, out)?;
    let _lock = lock(&target)?;
    let folder = &target.folder;
    if !had_site {
        fs::create_dir_all(folder).map_err(io_err("creating", folder))?;
        let marker = folder.join(MARKER);
        fs::write(&marker, crate::plumbing::output::GENERATOR)
            .map_err(io_err("writing", &marker))?;
    }
    let path = folder.join(&file.path);
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).map_err(io_err("creating", dir))?;
    }
    let partial = path.with_extension("html.partial");
    fs::write(&partial, &file.bytes).map_err(io_err("writing", &partial))?;
    fs::rename(&partial, &path).map_err(io_err("writing", &path))?;
    Ok(())
}

/// Whether a folder is a site yishi made: it has the marker, naming yishi, that only a
/// build writes.
pub fn made_by_yishi(folder: &Path) -> bool {
    let marker = folder.join(MARKER);
    fs::symlink_metadata(&marker).is_ok_and(|m| m.is_file())
        && fs::read(&marker).is_ok_and(|b| b.starts_with(b"yishi"))
}

/// A lock held while a build writes beside an output folder; released when dropped.
pub struct Lock {
    _file: fs::File,
}

/// Takes the lock on the folder holding the output, waiting while another build holds it.
/// On Unix the folder itself is locked (`flock`), so no lock file is left in a repository;
/// elsewhere a `.<name>.yishi-lock` file beside the output is.
fn lock(target: &Target) -> Result<Lock, WriteError> {
    #[cfg(unix)]
    let (file, path) = (fs::File::open(&target.parent), target.parent.clone());
    #[cfg(not(unix))]
    let (file, path) = {
        let path = target.parent.join(format!(".{}.yishi-lock", target.name));
        (
            fs::OpenOptions::new()
                .create(true)
                .truncate(false)
                .write(true)
                .open(&path),
            path,
        )
    };
    let file = file.map_err(io_err("locking", &path))?;
    match file.try_lock() {
        Ok(()) => {}
        Err(fs::TryLockError::WouldBlock) => {
            // Both languages: the staff's choice is not known this deep, and the line is rare.
            let folder = target.folder.display();
            eprintln!(
                "另一个 yishi 正在写入 {folder}，等它写完……（another yishi build is writing to {folder}; waiting for it to finish）"
            );
            file.lock().map_err(io_err("locking", &path))?;
        }
        Err(fs::TryLockError::Error(e)) => return Err(io_err("locking", &path)(e)),
    }
    Ok(Lock { _file: file })
}

/// Removes the staging and retired folders an interrupted build (Ctrl-C, kill -9, a crash)
/// left beside the output. Called under the lock, so no other build is using them.
fn remove_leftovers(target: &Target) {
    let new = format!(".{}.yishi-new-", target.name);
    let old = format!(".{}.yishi-old-", target.name);
    let Ok(entries) = fs::read_dir(&target.parent) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let pid = name.strip_prefix(&new).or_else(|| name.strip_prefix(&old));
        let ours = pid.is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
        // Only real folders of that name: a link is never followed into.
        if ours && entry.file_type().is_ok_and(|t| t.is_dir()) {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

/// A new site being written beside the old one. Files are put as they are rendered (from
/// several threads); a file whose bytes equal the old site's is hard-linked from it instead of
/// written, so unchanged files keep their inode and time stamp. `finish` swaps the new site in;
/// dropping an unfinished staging folder removes it, leaving the old site as it was.
pub struct Staging {
    target: Target,
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
    /// Held until the new site is in place (declared last: dropped after the clean-up).
    _lock: Lock,
}

impl Staging {
    /// Takes the lock beside the output, checks that the output may be replaced, removes
    /// what interrupted builds left, and prepares a fresh folder with the marker in it.
    pub fn new(root: Option<&Path>, out: &Path) -> Result<Staging, WriteError> {
        Staging::with_marker(root, out, &marker_text())
    }

    /// [`Staging::new`] with the marker saying `marker` (which starts with the generator's
    /// name): an archive volume says what it is.
    pub fn with_marker(
        root: Option<&Path>,
        out: &Path,
        marker: &str,
    ) -> Result<Staging, WriteError> {
        let target = resolve_target(root, out)?;
        fs::create_dir_all(&target.parent).map_err(io_err("creating", &target.parent))?;
        let lock = lock(&target)?;
        let previous = check_replaceable(&target, out)?;
        remove_leftovers(&target);
        let pid = std::process::id();
        let staging = target
            .parent
            .join(format!(".{}.yishi-new-{pid}", target.name));
        let retired = target
            .parent
            .join(format!(".{}.yishi-old-{pid}", target.name));
        fs::create_dir(&staging).map_err(io_err("creating", &staging))?;
        let marker_path = staging.join(MARKER);
        let staged = Staging {
            target,
            staging,
            retired,
            finished: false,
            previous,
            folders: Default::default(),
            written: Default::default(),
            unchanged: Default::default(),
            _lock: lock,
        };
        fs::write(&marker_path, marker).map_err(io_err("writing", &marker_path))?;
        Ok(staged)
    }

    /// The folder the site goes to (the link's target when `--out` is a link).
    pub fn folder(&self) -> &Path {
        &self.target.folder
    }

    /// Puts one file into the new site.
    pub fn put(&self, file: &OutputFile) -> Result<(), WriteError> {
        let path = self.staging.join(&file.path);
        if let Some(dir) = Path::new(&file.path).parent() {
            self.make_folder(dir)?;
        }
        let old = self.target.folder.join(&file.path);
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

    /// Swaps the new site in — atomically where the system can exchange two folders —
    /// putting the old one back if that fails. A deployment repository in the old site
    /// (`.git`) is moved into the new one first. Returns the names at the top of the old
    /// site that the new one does not have (a `CNAME` added by hand, say): they are gone.
    pub fn finish(mut self) -> Result<Vec<String>, WriteError> {
        let out = self.target.folder.clone();
        let dropped = if self.previous {
            self.carry_over_repository(&out)?;
            dropped_names(&out, &self.staging)
        } else {
            Vec::new()
        };
        if fs::symlink_metadata(&out).is_err() {
            fs::rename(&self.staging, &out).map_err(io_err("creating", &out))?;
        } else if exchange(&self.staging, &out).is_ok() {
            // The staging folder's name now holds the old site.
            let _ = fs::remove_dir_all(&self.staging);
        } else {
            fs::rename(&out, &self.retired).map_err(io_err("moving aside", &out))?;
            if let Err(e) = fs::rename(&self.staging, &out) {
                // Put the old site back before reporting.
                let _ = fs::rename(&self.retired, &out);
                return Err(WriteError::Io {
                    action: "replacing",
                    path: out,
                    source: e,
                });
            }
            let _ = fs::remove_dir_all(&self.retired);
        }
        self.finished = true;
        Ok(dropped)
    }

    /// Moves the old site's `.git` (a folder, or the file a worktree keeps) into the new
    /// site, so a deployment repository survives the swap.
    fn carry_over_repository(&self, out: &Path) -> Result<(), WriteError> {
        let repo = out.join(".git");
        if fs::symlink_metadata(&repo).is_ok() {
            let to = self.staging.join(".git");
            fs::rename(&repo, &to).map_err(io_err("keeping", &repo))?;
        }
        Ok(())
    }
}

/// The names at the top of the folder `old` that `new` does not have, sorted.
fn dropped_names(old: &Path, new: &Path) -> Vec<String> {
    let Ok(entries) = fs::read_dir(old) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .map(|e| e.file_name())
        .filter(|name| fs::symlink_metadata(new.join(name)).is_err())
        .map(|name| name.to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Exchanges two folders in one step (`renameat2(RENAME_EXCHANGE)` on Linux,
/// `renameatx_np(RENAME_SWAP)` on macOS). An error (an old kernel, a file system that
/// cannot) leaves both as they were, and the caller falls back to two renames.
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    #[cfg(any(target_os = "linux", target_os = "android", target_vendor = "apple"))]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(io::Error::from)
    }
    #[cfg(not(any(target_os = "linux", target_os = "android", target_vendor = "apple")))]
    {
        let _ = (a, b);
        Err(io::ErrorKind::Unsupported.into())
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
pub fn write_site(root: Option<&Path>, out: &Path, files: &[OutputFile]) -> Result<(), WriteError> {
    let staging = Staging::new(root, out)?;
    for file in files {
        staging.put(file)?;
    }
    staging.finish().map(|_| ())
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
        let staging = Staging::new(Some(root), out).expect("staging");
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
        assert!(made_by_yishi(&out), "the site carries the marker");
    }

    /// Every output that holds or lies inside the repository's inputs is refused, however
    /// it is spelled (relative, through `..`, through a link), and nothing is touched.
    #[test]
    fn the_repository_and_its_inputs_are_never_a_target() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path().join("repo");
        for sub in [
            "content/topics",
            "themes/x",
            "static",
            ".git/objects",
            "communities/a",
        ] {
            fs::create_dir_all(root.join(sub)).expect("mkdir");
        }
        fs::write(root.join("site.toml"), "title = \"x\"").expect("site");
        std::os::unix::fs::symlink(root.join("content"), dir.path().join("link")).expect("ln");
        let refused_outs = [
            root.clone(),
            dir.path().to_path_buf(),
            root.join("content"),
            root.join("content/topics"),
            root.join("content/new/site"),
            root.join("themes"),
            root.join("static/site"),
            root.join(".git"),
            root.join(".git/site"),
            root.join("communities/a"),
            root.join("site.toml"),
            root.join("site/../content"),
            dir.path().join("link"),
            dir.path().join("elsewhere/.git/x"),
        ];
        for out in refused_outs {
            let e = Staging::new(Some(&root), &out).err();
            assert!(
                matches!(e, Some(WriteError::Refused { .. })),
                "{}: {e:?}",
                out.display()
            );
        }
        assert!(resolve_target(Some(&root), &root.join("site")).is_ok());
        assert!(resolve_target(Some(&root), &dir.path().join("public")).is_ok());
        assert!(root.join("content/topics").is_dir() && root.join(".git/objects").is_dir());
    }

    #[test]
    fn only_a_missing_empty_or_marked_folder_is_replaced() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path().join("repo");
        fs::create_dir_all(&root).expect("root");
        let files = [file("index.html", "home")];
        // A file.
        let plain = dir.path().join("notes.txt");
        fs::write(&plain, "keep me").expect("write");
        assert!(matches!(
            write_site(Some(&root), &plain, &files),
            Err(WriteError::Refused { .. })
        ));
        assert_eq!(fs::read_to_string(&plain).expect("read"), "keep me");
        // A folder of other files.
        let other = dir.path().join("photos");
        fs::create_dir_all(&other).expect("mkdir");
        fs::write(other.join("a.jpg"), "x").expect("write");
        let e = write_site(Some(&root), &other, &files).expect_err("refused");
        assert!(e.to_string().contains("a.jpg"), "{e}");
        assert!(other.join("a.jpg").exists());
        // An empty folder, then the site yishi made there.
        let empty = dir.path().join("empty");
        fs::create_dir_all(&empty).expect("mkdir");
        write_site(Some(&root), &empty, &files).expect("empty folder");
        write_site(Some(&root), &empty, &files).expect("its own site");
        // A folder that merely holds a data/site.json naming yishi (a downloaded copy of a
        // site, with the user's other files) is not one yishi made: only its marker counts.
        let copy = dir.path().join("copy");
        fs::create_dir_all(copy.join("data")).expect("mkdir");
        fs::write(
            copy.join("data/site.json"),
            r#"{"title": "x", "generator": "yishi", "version": "0.1.0"}"#,
        )
        .expect("w");
        fs::write(copy.join("my notes.docx"), "mine").expect("w");
        assert!(write_site(Some(&root), &copy, &files).is_err());
        assert!(copy.join("my notes.docx").is_file() && !copy.join(MARKER).exists());
        // Not a marker: a marker file saying something else.
        let fake = dir.path().join("fake");
        fs::create_dir_all(&fake).expect("mkdir");
        fs::write(fake.join(MARKER), "hugo").expect("w");
        assert!(write_site(Some(&root), &fake, &files).is_err());
    }

    /// A deployment repository inside the output survives every build; files added by hand
    /// at the top are named as they are dropped.
    #[test]
    fn a_deployment_repository_is_kept_and_dropped_files_named() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path().join("repo");
        let out = dir.path().join("site");
        fs::create_dir_all(&root).expect("root");
        write_site(Some(&root), &out, &[file("index.html", "one")]).expect("first");
        fs::create_dir_all(out.join(".git/objects")).expect("git");
        fs::write(out.join(".git/HEAD"), "ref: refs/heads/gh-pages\n").expect("head");
        fs::write(out.join("CNAME"), "example.org").expect("cname");
        let staging = Staging::new(Some(&root), &out).expect("staging");
        staging.put(&file("index.html", "two")).expect("put");
        let dropped = staging.finish().expect("finish");
        assert_eq!(dropped, ["CNAME"]);
        assert_eq!(
            fs::read_to_string(out.join("index.html")).expect("r"),
            "two"
        );
        assert_eq!(
            fs::read_to_string(out.join(".git/HEAD")).expect("kept"),
            "ref: refs/heads/gh-pages\n"
        );
        assert!(!out.join("CNAME").exists());
    }

    #[test]
    fn a_linked_output_is_followed_and_the_link_kept() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path().join("repo");
        let www = dir.path().join("www/html");
        fs::create_dir_all(&root).expect("root");
        fs::create_dir_all(&www).expect("www");
        let link = root.join("site");
        std::os::unix::fs::symlink(&www, &link).expect("ln");
        write_site(Some(&root), &link, &[file("index.html", "one")]).expect("first");
        write_site(Some(&root), &link, &[file("index.html", "two")]).expect("second");
        assert!(
            fs::symlink_metadata(&link)
                .expect("meta")
                .file_type()
                .is_symlink()
        );
        assert_eq!(
            fs::read_to_string(www.join("index.html")).expect("r"),
            "two"
        );
        // A link to nowhere is refused, not replaced by a folder.
        let dangling = root.join("gone");
        std::os::unix::fs::symlink(dir.path().join("nowhere"), &dangling).expect("ln");
        assert!(matches!(
            write_site(Some(&root), &dangling, &[]),
            Err(WriteError::Refused { .. })
        ));
        assert!(
            fs::symlink_metadata(&dangling)
                .expect("m")
                .file_type()
                .is_symlink()
        );
    }

    #[test]
    fn leftovers_of_interrupted_builds_are_removed() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path().join("repo");
        fs::create_dir_all(&root).expect("root");
        for name in [".site.yishi-new-4242", ".site.yishi-old-17"] {
            fs::create_dir_all(dir.path().join(name).join("topics")).expect("mkdir");
        }
        // Not ours: another output's leftovers, a name with no pid, a file.
        fs::create_dir_all(dir.path().join(".public.yishi-new-5")).expect("mkdir");
        fs::create_dir_all(dir.path().join(".site.yishi-new-")).expect("mkdir");
        fs::write(dir.path().join(".site.yishi-old-9"), "x").expect("write");
        write_site(
            Some(&root),
            &dir.path().join("site"),
            &[file("a.html", "a")],
        )
        .expect("build");
        let mut left: Vec<String> = fs::read_dir(dir.path())
            .expect("ls")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(
            left,
            [
                ".public.yishi-new-5",
                ".site.yishi-new-",
                ".site.yishi-old-9",
                "repo",
                "site"
            ]
        );
    }

    #[test]
    fn a_second_build_waits_for_the_first() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path().join("repo");
        fs::create_dir_all(&root).expect("root");
        let out = dir.path().join("site");
        let first = Staging::new(Some(&root), &out).expect("first");
        first.put(&file("index.html", "first")).expect("put");
        let (tx, rx) = std::sync::mpsc::channel();
        let (root2, out2) = (root.clone(), out.clone());
        let second = std::thread::spawn(move || {
            let staging = Staging::new(Some(&root2), &out2).expect("second");
            tx.send(()).expect("send");
            staging.put(&file("index.html", "second")).expect("put");
            staging.finish().expect("finish");
        });
        // The second cannot start while the first holds the lock.
        assert!(
            rx.recv_timeout(std::time::Duration::from_millis(300))
                .is_err()
        );
        first.finish().expect("finish");
        rx.recv_timeout(std::time::Duration::from_secs(10))
            .expect("second started after the first finished");
        second.join().expect("join");
        assert_eq!(
            fs::read_to_string(out.join("index.html")).expect("r"),
            "second"
        );
    }

    #[test]
    fn the_exchange_keeps_the_site_in_place_throughout() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        fs::create_dir_all(&a).expect("a");
        fs::create_dir_all(&b).expect("b");
        fs::write(a.join("x"), "from a").expect("w");
        fs::write(b.join("x"), "from b").expect("w");
        exchange(&a, &b).expect("renameat2 on this system");
        assert_eq!(fs::read_to_string(b.join("x")).expect("r"), "from a");
        assert_eq!(fs::read_to_string(a.join("x")).expect("r"), "from b");
    }
}
