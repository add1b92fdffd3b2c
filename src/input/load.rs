//! Load: read the community repository into raw entries.
//!
//! This stage only reads, through a [`Source`] (a folder or memory): `site.toml`, `content/council.toml`, every `*.md` under the four
//! entry folders (split into TOML front matter and Markdown body, with their byte offsets
//! kept so later diagnostics point at file lines), and the list of attachments. The walk is
//! sorted, so the same tree always loads in the same order. Symbolic links are never
//! followed, so nothing outside the repository is read.

use std::ops::Range;

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Severity, SourceFile};
use crate::input::source::{Kind as Listing, Node, Source, linked_part};

/// The four kinds of Markdown entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// content/topics/
    Topic,
    /// content/meetings/
    Meeting,
    /// content/evaluations/
    Evaluation,
    /// content/pages/
    Page,
    /// content/supervision/: reports to the supervision committee (14.1).
    Supervision,
    /// content/visits/: visits to a grid's residents (14.2).
    Visit,
}

/// Every kind, in the order entries are sorted.
pub const KINDS: [Kind; 6] = [
    Kind::Topic,
    Kind::Meeting,
    Kind::Evaluation,
    Kind::Page,
    Kind::Supervision,
    Kind::Visit,
];

impl Kind {
    /// The folder under `content/`.
    pub fn folder(self) -> &'static str {
        match self {
            Kind::Topic => "topics",
            Kind::Meeting => "meetings",
            Kind::Evaluation => "evaluations",
            Kind::Page => "pages",
            Kind::Supervision => "supervision",
            Kind::Visit => "visits",
        }
    }
}

/// A Markdown entry split into front matter and body.
#[derive(Debug, Clone)]
pub struct RawEntry {
    /// Which folder it came from.
    pub kind: Kind,
    /// The file stem.
    pub id: String,
    /// The whole file.
    pub file: SourceFile,
    /// Byte range of the TOML between the two `+++` lines.
    pub front: Range<usize>,
    /// Byte range of the Markdown body.
    pub body: Range<usize>,
    /// Whether the front matter has a line `draft = true`: a light look when the file is
    /// read, so a draft with errors still counts as one, and each check (each save in
    /// `serve`) knows the drafts without looking through every file again.
    pub draft: bool,
}

impl RawEntry {
    /// The front matter's text.
    pub fn front_text(&self) -> &str {
        &self.file.text[self.front.clone()]
    }
    /// The body's text.
    pub fn body_text(&self) -> &str {
        &self.file.text[self.body.clone()]
    }
}

/// What the load stage found.
#[derive(Debug, Default)]
pub struct Loaded {
    /// site.toml, when readable.
    pub site: Option<SourceFile>,
    /// content/council.toml, when present.
    pub council: Option<SourceFile>,
    /// Entries, sorted by kind then id.
    pub entries: Vec<RawEntry>,
    /// Attachment paths relative to `content/` (`attachments/2025/x.jpg`), sorted.
    pub attachments: Vec<String>,
    /// Files under `static/`, published as they are at the site's root: paths relative to
    /// `static/` (`CNAME`, `.well-known/x.txt`), sorted.
    pub static_files: Vec<String>,
    /// Every (kind, id) whose file exists with a valid name, readable or not, so that a
    /// broken file does not also break every reference to it.
    pub found: std::collections::BTreeSet<(Kind, String)>,
    /// Problems found while reading.
    pub diagnostics: Vec<Diagnostic>,
}

/// Largest file yishi reads: a record is text, and a bigger file is a mistake.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// Reads a text file, reporting unreadable, oversized and non-UTF-8 files.
pub fn read_text(
    source: &dyn Source,
    rel: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<SourceFile> {
    // Read first and ask what is there only when that fails: a record is looked up once.
    let bytes = match source.read_at_most(rel, MAX_FILE_BYTES) {
        Ok(bytes) => bytes,
        Err(e) => {
            diagnostics.push(unreadable(source, rel, e));
            return None;
        }
    };
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.replace_range(..3, "");
            }
            Some(SourceFile::new(rel, text))
        }
        Err(e) => {
            let bytes = e.as_bytes();
            let good = e.utf8_error().valid_up_to();
            let line = bytes[..good].iter().filter(|&&b| b == b'\n').count() + 1;
            let line_start = bytes[..good]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1);
            let column = String::from_utf8_lossy(&bytes[line_start..good])
                .chars()
                .count()
                + 1;
            let mut d = Diagnostic::whole_file(
                Severity::Error,
                "encoding",
                rel,
                crate::tr!("is not valid UTF-8 text", "不是有效的 UTF-8 文本"),
            )
            .with_hint(crate::tr!(
                "save the file as UTF-8 (in Notepad: 另存为 → 编码 UTF-8); GBK is not accepted",
                "把文件另存为 UTF-8 编码（记事本：另存为 → 编码选 UTF-8）；不接受 GBK 编码"
            ));
            d.line = line;
            d.column = column;
            diagnostics.push(d);
            None
        }
    }
}

/// Why the file at `rel` could not be read as a record (`error`: what reading it said): a
/// link, not a regular file, too large, or the error itself.
fn unreadable(source: &dyn Source, rel: &str, error: std::io::Error) -> Diagnostic {
    let (message, hint) = match source.node(rel) {
        Ok(Node::Link) => (
            crate::tr!(
                "is a symbolic link; yishi reads only regular files inside the repository",
                "是一个符号链接；yishi 只读取仓库内的普通文件"
            ),
            Some(crate::tr!(
                "replace the link with the file itself",
                "用文件本身替换这个链接"
            )),
        ),
        // A pipe would wait for a writer for ever, a device read until memory runs out.
        Ok(Node::Folder | Node::Other) => (
            crate::tr!(
                "is not a regular file (a folder, a pipe or a device); yishi reads only regular files",
                "不是普通文件（是文件夹、管道或设备）；yishi 只读取普通文件"
            ),
            Some(crate::tr!(
                "replace it with the record as an ordinary file",
                "把它换成保存为普通文件的记录"
            )),
        ),
        Ok(Node::File(size)) if size > MAX_FILE_BYTES => (
            crate::tr!(
                "is {size} bytes, more than the {MAX_FILE_BYTES} a content file may have",
                "有 {size} 字节，超过记录文件允许的 {MAX_FILE_BYTES} 字节"
            ),
            Some(crate::tr!(
                "split the record, or keep large documents under content/attachments/",
                "把记录拆开，或把大文件放在 content/attachments/ 下"
            )),
        ),
        Ok(Node::File(_)) => (
            crate::tr!("cannot read file: {error}", "无法读取文件：{error}"),
            None,
        ),
        Err(e) => (
            crate::tr!("cannot read file: {e}", "无法读取文件：{e}"),
            Some(crate::tr!(
                "check that the file exists and is readable",
                "检查文件是否存在、是否可以读取"
            )),
        ),
    };
    let d = Diagnostic::whole_file(Severity::Error, "unreadable", rel, message);
    match hint {
        Some(hint) => d.with_hint(hint),
        None => d,
    }
}

/// Whether a file stem is a valid id: ASCII lowercase letters, digits and `-`.
pub fn is_valid_id(stem: &str) -> bool {
    !stem.is_empty()
        && stem
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// A valid id close to an invalid one, to suggest as the new file name.
pub fn suggest_id(stem: &str) -> String {
    let mut out = String::new();
    for c in stem.chars() {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_matches('-').to_string();
    if out.is_empty() {
        "new-entry".into()
    } else {
        out
    }
}

/// Why front matter could not be split: (span, message, hint).
pub type SplitError = (
    Range<usize>,
    crate::diagnostics::Text,
    crate::diagnostics::Text,
);

/// Splits `+++` front matter from the body. Errors give a byte span and a message.
pub fn split_front_matter(text: &str) -> Result<(Range<usize>, Range<usize>), SplitError> {
    let mut lines = LineIter { text, pos: 0 };
    let Some((first, first_end)) = lines.next() else {
        return Err((
            0..0,
            crate::tr!(
                "the file is empty: front matter missing",
                "文件是空的：缺少开头的字段部分"
            ),
            start_hint(),
        ));
    };
    if text[first.clone()].trim_end() != "+++" {
        return Err((
            first,
            crate::tr!(
                "front matter missing: the first line must be +++",
                "缺少开头的字段部分：第一行必须是 +++"
            ),
            start_hint(),
        ));
    }
    let front_start = first_end;
    for (line, end) in lines.by_ref() {
        if text[line.clone()].trim_end() == "+++" {
            return Ok((front_start..line.start, end..text.len()));
        }
    }
    Err((
        first,
        crate::tr!(
            "front matter not closed: no second +++ line",
            "字段部分没有结束：缺少第二个 +++ 行"
        ),
        crate::tr!(
            "add a line +++ after the last TOML field, before the Markdown text",
            "在最后一个字段之后、正文之前加一行 +++"
        ),
    ))
}

/// How a file with fields starts.
fn start_hint() -> crate::diagnostics::Text {
    crate::tr!(
        "start the file with a line +++, the TOML fields, and another line +++",
        "文件开头写一行 +++，然后是各个字段，再写一行 +++"
    )
}

/// Iterates over lines as (content range without line break, offset after the break).
struct LineIter<'a> {
    text: &'a str,
    pos: usize,
}

impl Iterator for LineIter<'_> {
    type Item = (Range<usize>, usize);
    fn next(&mut self) -> Option<Self::Item> {
        if self.pos >= self.text.len() {
            return None;
        }
        let start = self.pos;
        let (end, next) = match self.text[start..].find('\n') {
            Some(i) => (start + i, start + i + 1),
            None => (self.text.len(), self.text.len()),
        };
        self.pos = next;
        let end = if end > start && self.text.as_bytes()[end - 1] == b'\r' {
            end - 1
        } else {
            end
        };
        Some((start..end, next))
    }
}

/// Loads the repository at `root`.
pub fn load(source: &dyn Source) -> Loaded {
    let mut loaded = Loaded::default();
    if source.node("site.toml").is_ok() {
        loaded.site = read_text(source, "site.toml", &mut loaded.diagnostics);
    } else {
        loaded.diagnostics.push(
            Diagnostic::whole_file(Severity::Error, "missing-file", "site.toml", crate::tr!("site.toml not found: this is not a yishi community repository", "找不到 site.toml：这不是 yishi 的社区仓库"))
                .with_hint(crate::tr!("run yishi in the repository's top folder (the one holding site.toml and content/), or pass --root DIR", "在仓库最上层的文件夹（有 site.toml 和 content/ 的那个）里运行 yishi，或用 --root 指定文件夹")),
        );
    }
    if let Some(link) = linked_part(source, "content") {
        loaded.diagnostics.push(linked_folder_error(&link));
        return loaded;
    }
    if source.node("content/council.toml").is_ok() {
        loaded.council = read_text(source, "content/council.toml", &mut loaded.diagnostics);
    }
    for kind in KINDS {
        load_folder(source, kind, &mut loaded);
    }
    loaded.attachments = list_attachments(source, &mut loaded.diagnostics);
    loaded.static_files = list_static(source, &mut loaded.diagnostics);
    loaded
}

/// The error for a folder of records that is a symbolic link.
fn linked_folder_error(rel: &str) -> Diagnostic {
    Diagnostic::whole_file(
        Severity::Error,
        "linked-folder",
        rel,
        crate::tr!(
            "is a symbolic link; yishi reads only folders inside the repository, so none of the records under it are read",
            "是一个符号链接；yishi 只读取仓库内的文件夹，所以它下面的记录都没有读取"
        ),
    )
    .with_hint(crate::tr!(
        "move the folder itself into the repository in place of the link",
        "把文件夹本身移到仓库里，替换这个链接"
    ))
}

/// Files that operating systems and editors leave in folders: never published, never
/// reported.
pub fn is_litter(name: &str) -> bool {
    matches!(
        name,
        ".DS_Store" | "Thumbs.db" | "desktop.ini" | ".gitkeep" | ".keep" | ".directory"
    ) || name.starts_with("._")
        || name.starts_with(".~lock.")
        || name.starts_with("~$")
}

/// A name compared as a case-insensitive host or file system compares it: Unicode
/// compatibility form (NFKC), then case folded. Two names with the same key are one file on
/// Windows, macOS and many web hosts.
pub fn fold_name(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    name.nfkc().flat_map(char::to_lowercase).collect::<String>()
}

/// What a name found in an entry folder is.
enum Name {
    /// Not an entry and not a problem: a sub-folder or a hidden file (editors leave those).
    Skip,
    /// A file that cannot be an entry.
    Problem(Diagnostic),
    /// An entry to read, with its id.
    Entry(String),
}

/// Sorts a name found in `content/<folder>/` into entry, problem or neither.
fn classify(kind: Kind, name: &str, is_dir: bool) -> Name {
    let rel = format!("content/{}/{}", kind.folder(), name);
    if is_dir || name.starts_with('.') {
        return Name::Skip;
    }
    let Some(stem) = name.strip_suffix(".md") else {
        return Name::Problem(
            Diagnostic::whole_file(Severity::Warning, "ignored-file", &rel, crate::tr!("is not a .md file and is ignored", "不是 .md 文件，已忽略"))
                .with_hint(crate::tr!("entries are Markdown files ending in .md; put other files under content/attachments/", "记录是以 .md 结尾的 Markdown 文件；其他文件请放在 content/attachments/ 下")),
        );
    };
    if !is_valid_id(stem) {
        return Name::Problem(
            Diagnostic::whole_file(Severity::Error, "bad-id", &rel, crate::tr!("file name \"{stem}\" is not a valid id: use ASCII lowercase letters, digits and - only", "文件名“{stem}”不合规定：只能用小写英文字母、数字和 -"))
                .with_hint(crate::tr!("rename it to content/{folder}/{suggested}.md", "改名为 content/{folder}/{suggested}.md"; folder = kind.folder(), suggested = suggest_id(stem))),
        );
    }
    Name::Entry(stem.to_string())
}

fn load_folder(source: &dyn Source, kind: Kind, loaded: &mut Loaded) {
    let rel_dir = format!("content/{}", kind.folder());
    if let Some(link) = linked_part(source, &rel_dir) {
        loaded.diagnostics.push(linked_folder_error(&link));
        return;
    }
    if !matches!(source.node(&rel_dir), Ok(Node::Folder)) {
        return;
    }
    let listed = match source.list(&rel_dir) {
        Ok(listed) => listed,
        Err(e) => {
            loaded.diagnostics.push(Diagnostic::whole_file(
                Severity::Error,
                "unreadable",
                &rel_dir,
                crate::tr!("cannot list folder: {e}", "无法列出文件夹内容：{e}"),
            ));
            return;
        }
    };
    let mut to_read: Vec<(String, String)> = Vec::new();
    for entry in listed {
        let name = match &entry.name {
            Ok(name) | Err(name) => name.as_str(),
        };
        match classify(kind, name, entry.kind == Listing::Folder) {
            Name::Skip => {}
            Name::Problem(d) => loaded.diagnostics.push(d),
            Name::Entry(stem) => {
                let rel = format!("content/{}/{}", kind.folder(), name);
                loaded.found.insert((kind, stem.clone()));
                to_read.push((stem, rel));
            }
        }
    }
    // Reading is the slow part of loading a large tree: files are read in parallel and
    // added in name order.
    let read: Vec<(String, Option<SourceFile>, Vec<Diagnostic>)> = to_read
        .into_par_iter()
        .map(|(stem, rel)| {
            let mut d = Vec::new();
            let file = read_text(source, &rel, &mut d);
            (stem, file, d)
        })
        .collect();
    for (stem, file, d) in read {
        loaded.diagnostics.extend(d);
        if let Some(file) = file {
            add_entry(kind, &stem, file, loaded);
        }
    }
}

impl Loaded {
    /// Brings what was loaded up to date after the files at `changed` (paths relative to
    /// `root`, `/`-separated) changed on disk: each is read again, or dropped when it is gone,
    /// with its problems, exactly as [`load`] would find it now. Returns false when a change
    /// reaches beyond single files — site.toml, an entry folder itself — and the caller must
    /// [`load`] everything again.
    pub fn refresh(&mut self, source: &dyn Source, changed: &[String]) -> bool {
        for rel in changed {
            if rel == "content/council.toml" {
                self.diagnostics.retain(|d| d.path != *rel);
                self.council = source
                    .node(rel)
                    .is_ok()
                    .then(|| read_text(source, rel, &mut self.diagnostics))
                    .flatten();
                continue;
            }
            if rel == "static" || rel.starts_with("static/") {
                self.diagnostics
                    .retain(|d| d.path != "static" && !d.path.starts_with("static/"));
                self.static_files = list_static(source, &mut self.diagnostics);
                continue;
            }
            if rel == "content/attachments" || rel.starts_with("content/attachments/") {
                self.diagnostics.retain(|d| {
                    d.path != "content/attachments" && !d.path.starts_with("content/attachments/")
                });
                self.attachments = list_attachments(source, &mut self.diagnostics);
                continue;
            }
            let mut parts = rel.split('/');
            let (Some("content"), Some(folder), name, None) =
                (parts.next(), parts.next(), parts.next(), parts.next())
            else {
                // site.toml, or anything else the loader may read: start again.
                if rel == "site.toml" || rel == "content" {
                    return false;
                }
                continue; // deeper than an entry folder, or outside content/: never loaded
            };
            let Some(kind) = KINDS.into_iter().find(|k| k.folder() == folder) else {
                continue; // content/<file> or an unknown folder: never loaded
            };
            let Some(name) = name else {
                return false; // an entry folder itself was created, removed or renamed
            };
            self.forget(kind, rel, name);
            let Ok(node) = source.node(rel) else {
                continue; // gone
            };
            match classify(kind, name, node == Node::Folder) {
                Name::Skip => {}
                Name::Problem(d) => self.diagnostics.push(d),
                Name::Entry(stem) => {
                    self.found.insert((kind, stem.clone()));
                    let mut d = Vec::new();
                    let file = read_text(source, rel, &mut d);
                    self.diagnostics.extend(d);
                    if let Some(file) = file {
                        add_entry(kind, &stem, file, self);
                    }
                }
            }
        }
        true
    }

    /// Drops what loading `content/<folder>/<name>` added: its entry, its id and its problems.
    fn forget(&mut self, kind: Kind, rel: &str, name: &str) {
        self.diagnostics.retain(|d| d.path != rel);
        if let Some(stem) = name.strip_suffix(".md") {
            self.found.remove(&(kind, stem.to_string()));
            if let Ok(at) = self.position(kind, stem) {
                self.entries.remove(at);
            }
        }
    }

    /// The entry (kind, id), found in the sorted entries.
    pub fn entry(&self, kind: Kind, id: &str) -> Option<&RawEntry> {
        self.position(kind, id).ok().map(|at| &self.entries[at])
    }

    /// Where the entry (kind, id) is, or would go, in the sorted entries.
    fn position(&self, kind: Kind, id: &str) -> Result<usize, usize> {
        self.entries
            .binary_search_by(|e| (e.kind, e.id.as_str()).cmp(&(kind, id)))
    }
}

/// Whether front matter has a line `draft = true` (spaces and a comment aside).
pub fn marks_draft(front: &str) -> bool {
    memchr::memmem::find(front.as_bytes(), b"draft").is_some()
        && front.lines().any(|l| {
            let l = l.split('#').next().unwrap_or("");
            l.contains("draft") && l.replace([' ', '\t'], "") == "draft=true"
        })
}

/// Splits a read file into an entry, or reports why it cannot be split.
fn add_entry(kind: Kind, stem: &str, file: SourceFile, loaded: &mut Loaded) {
    match split_front_matter(&file.text) {
        Ok((front, body)) => {
            let entry = RawEntry {
                kind,
                id: stem.to_string(),
                draft: marks_draft(&file.text[front.clone()]),
                file,
                front,
                body,
            };
            // Folders load in name order, so this is nearly always the end.
            match loaded.position(kind, stem) {
                Ok(at) => loaded.entries[at] = entry,
                Err(at) => loaded.entries.insert(at, entry),
            }
        }
        Err((span, message, hint)) => {
            loaded
                .diagnostics
                .push(Diagnostic::error("front-matter", &file, span, message).with_hint(hint));
        }
    }
}

/// How a listed folder treats names that start with a dot.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Hidden {
    /// Never published, with a warning (attachments: `.git-credentials` is a mistake).
    Refuse,
    /// Published like any file (`static/`: `.nojekyll`, `.well-known/`).
    Publish,
}

/// The regular files under `rel_dir`, as paths under `strip` (`/`-separated), sorted.
/// No link is followed — the folder itself, a folder above it or anything in it — and each
/// is reported; litter is skipped silently; names must be UTF-8; names that one file
/// system would take for the same file are errors.
fn list_files(
    source: &dyn Source,
    rel_dir: &str,
    strip: &str,
    hidden: Hidden,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(link) = linked_part(source, rel_dir) {
        diagnostics.push(
            Diagnostic::whole_file(
                Severity::Warning,
                "ignored-file",
                &link,
                crate::tr!(
                    "is a symbolic link; nothing under {rel_dir}/ is published",
                    "是一个符号链接；{rel_dir}/ 下的文件都不会发布"
                ),
            )
            .with_hint(crate::tr!(
                "move the folder itself into the repository in place of the link",
                "把文件夹本身移到仓库里，替换这个链接"
            )),
        );
        return out;
    }
    if !matches!(source.node(rel_dir), Ok(Node::Folder)) {
        return out;
    }
    let mut walk = Walk {
        source,
        rel_dir,
        strip,
        hidden,
        diagnostics,
        out: &mut out,
    };
    walk.folder(rel_dir);
    report_case_collisions(&out, strip, diagnostics);
    out
}

/// A depth-first walk of one folder in name order, as [`list_files`] describes.
struct Walk<'a> {
    source: &'a dyn Source,
    rel_dir: &'a str,
    strip: &'a str,
    hidden: Hidden,
    diagnostics: &'a mut Vec<Diagnostic>,
    out: &'a mut Vec<String>,
}

impl Walk<'_> {
    fn folder(&mut self, folder: &str) {
        let rel_dir = self.rel_dir;
        let listed = match self.source.list(folder) {
            Ok(listed) => listed,
            Err(e) => {
                self.diagnostics.push(Diagnostic::whole_file(
                    Severity::Error,
                    "unreadable",
                    rel_dir,
                    crate::tr!("cannot list folder: {e}", "无法列出文件夹内容：{e}"),
                ));
                return;
            }
        };
        for entry in listed {
            let is_dir = entry.kind == Listing::Folder;
            let name = match entry.name {
                Ok(name) => name,
                Err(lossy) => {
                    self.diagnostics.push(
                        Diagnostic::whole_file(
                            Severity::Warning,
                            "ignored-file",
                            &format!("{folder}/{lossy}"),
                            crate::tr!(
                                "has a name that is not UTF-8 text and is not published",
                                "文件名不是 UTF-8 文字，不会发布"
                            ),
                        )
                        .with_hint(crate::tr!(
                            "rename it on a computer set to Chinese (UTF-8), such as 签到表.jpg",
                            "在中文（UTF-8）电脑上重新命名，例如 签到表.jpg"
                        )),
                    );
                    continue;
                }
            };
            let shown = format!("{folder}/{name}");
            if is_litter(&name) {
                continue;
            }
            if entry.kind == Listing::Link {
                self.diagnostics.push(
                    Diagnostic::whole_file(
                        Severity::Warning,
                        "ignored-file",
                        &shown,
                        crate::tr!(
                            "is a symbolic link and is not published",
                            "是一个符号链接，不会发布"
                        ),
                    )
                    .with_hint(crate::tr!(
                        "copy the file itself into {rel_dir}/",
                        "把文件本身复制到 {rel_dir}/ 里"
                    )),
                );
                continue;
            }
            if name.starts_with('.') && self.hidden == Hidden::Refuse {
                self.diagnostics.push(hidden_file(&shown));
                continue;
            }
            if is_dir {
                self.folder(&shown);
            } else if entry.kind == Listing::File {
                let rel = shown
                    .strip_prefix(self.strip)
                    .and_then(|r| r.strip_prefix('/'))
                    .unwrap_or(&shown);
                self.out.push(rel.to_string());
            }
        }
    }
}

/// The warning for a hidden attachment (`.git-credentials`, `.env`): never published.
fn hidden_file(shown: &str) -> Diagnostic {
    Diagnostic::whole_file(
        Severity::Warning,
        "ignored-file",
        shown,
        crate::tr!(
            "is a hidden file or folder (its name starts with a dot) and is never published",
            "是隐藏文件或文件夹（名字以点开头），不会发布"
        ),
    )
    .with_hint(crate::tr!(
        "hidden files are often credentials or editor data; rename it without the dot if it is meant to be published",
        "隐藏文件常常是密码或编辑器数据；确实要发布的话，去掉名字开头的点"
    ))
}

/// An error for each name that a case-insensitive or normalising file system or host would
/// take for an earlier one (`A.jpg` and `a.jpg`; `é` written as one character or two).
fn report_case_collisions(paths: &[String], strip: &str, diagnostics: &mut Vec<Diagnostic>) {
    let mut seen: std::collections::HashMap<String, &str> = std::collections::HashMap::new();
    for path in paths {
        match seen.entry(fold_name(path)) {
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(path);
            }
            std::collections::hash_map::Entry::Occupied(o) => diagnostics.push(
                Diagnostic::whole_file(
                    Severity::Error,
                    "name-collision",
                    &format!("{strip}/{path}"),
                    crate::tr!(
                        "has the same name as {strip}/{other} but for upper and lower case or how a character is encoded; on Windows, macOS and many web hosts they are one file, and one would replace the other",
                        "和 {strip}/{other} 只差大小写或字符的编码方式；在 Windows、macOS 和许多网站服务器上它们是同一个文件，一个会覆盖另一个";
                        other = o.get()
                    ),
                )
                .with_hint(crate::tr!("rename one of the two files", "给其中一个文件改名")),
            ),
        }
    }
}

/// Attachment paths under `content/` (`attachments/2025/x.jpg`).
fn list_attachments(source: &dyn Source, diagnostics: &mut Vec<Diagnostic>) -> Vec<String> {
    list_files(
        source,
        "content/attachments",
        "content",
        Hidden::Refuse,
        diagnostics,
    )
}

/// district.toml as read.
pub enum DistrictToml {
    /// There is none: the district's defaults.
    Absent,
    /// It is there but could not be read (the problem is in the read's diagnostics).
    Unreadable,
    /// Its text.
    Read(SourceFile),
}

/// A district's own files as read (docs/district.md): district.toml, the folders under
/// `communities/` that hold a site.toml, and the district's `static/`. What they say —
/// district.toml's settings, whether a folder's name may be an address — is checked by
/// `check::district`.
pub struct District {
    /// district.toml.
    pub toml: DistrictToml,
    /// (folder name, the community's repository), in the order listed. A link is followed
    /// only to a folder of the same repository ([`Source::scoped`]).
    pub communities: Vec<(String, std::sync::Arc<dyn Source>)>,
    /// Files under `static/`, relative to it.
    pub static_files: Vec<String>,
    /// The problems of reading them.
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads a district's own files (a repository with `communities/` and no site.toml).
pub fn district(source: &dyn Source) -> District {
    let mut diagnostics = Vec::new();
    let toml = match source.node("district.toml") {
        Err(_) => DistrictToml::Absent,
        Ok(_) => match read_text(source, "district.toml", &mut diagnostics) {
            Some(file) => DistrictToml::Read(file),
            None => DistrictToml::Unreadable,
        },
    };
    let communities = community_folders(source, &mut diagnostics);
    let static_files = list_static(source, &mut diagnostics);
    District {
        toml,
        communities,
        static_files,
        diagnostics,
    }
}

/// The folders under `communities/` that hold a site.toml, each as a source of its own.
fn community_folders(
    source: &dyn Source,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<(String, std::sync::Arc<dyn Source>)> {
    let mut found = Vec::new();
    if linked_part(source, "communities").is_some() {
        diagnostics.push(
            Diagnostic::whole_file(
                Severity::Error,
                "linked-folder",
                "communities",
                crate::tr!(
                    "is a symbolic link; yishi reads only folders inside the repository",
                    "是一个符号链接；yishi 只读取仓库内的文件夹"
                ),
            )
            .with_hint(crate::tr!(
                "move the folder itself into the repository in place of the link",
                "把文件夹本身移到仓库里，替换这个链接"
            )),
        );
        return found;
    }
    let Ok(entries) = source.list("communities") else {
        return found;
    };
    for entry in entries {
        let name = entry.name.unwrap_or_else(|lossy| lossy);
        if name.starts_with('.') {
            continue;
        }
        let path = format!("communities/{name}");
        let community = source.scoped(&path);
        if entry.kind == Listing::Link && community.is_none() {
            diagnostics.push(
                Diagnostic::whole_file(
                    Severity::Error,
                    "linked-folder",
                    &path,
                    crate::tr!("is a symbolic link to a folder outside the repository, so this community is not built", "是指向仓库外文件夹的符号链接，这个社区不会生成"),
                )
                .with_hint(crate::tr!("move the community's folder itself under communities/, or link only to a folder of the same git repository", "把社区的文件夹本身放在 communities/ 下，或只链接同一个 git 仓库里的文件夹")),
            );
            continue;
        }
        let Some(community) = community else {
            continue;
        };
        if community.node("site.toml").is_err() {
            diagnostics.push(
                Diagnostic::whole_file(
                    Severity::Warning,
                    "ignored-file",
                    &path,
                    crate::tr!(
                        "has no site.toml and is not built",
                        "没有 site.toml，不会生成"
                    ),
                )
                .with_hint(crate::tr!(
                    "each community folder holds its own site.toml and content/",
                    "每个社区的文件夹里要有自己的 site.toml 和 content/"
                )),
            );
            continue;
        }
        found.push((name, community));
    }
    found
}

/// Paths of the files under `static/`, relative to it.
pub fn list_static(source: &dyn Source, diagnostics: &mut Vec<Diagnostic>) -> Vec<String> {
    list_files(source, "static", "static", Hidden::Publish, diagnostics)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_memory(site: &str, files: &[(&str, &str)]) -> Loaded {
        load(&crate::input::source::Memory::community(site, files))
    }

    #[test]
    fn attachments_in_memory_are_listed_as_from_disk() {
        let loaded = load_memory(
            "",
            &[
                ("content/attachments/.gitkeep", ""),
                ("content/attachments/photos/.DS_Store", ""),
                ("content/attachments/.env", ""),
                ("content/attachments/.git/config", ""),
                ("content/attachments/签到表.jpg", ""),
            ],
        );
        assert_eq!(loaded.attachments, ["attachments/签到表.jpg"]);
        let collided = load_memory(
            "",
            &[
                ("content/attachments/B.jpg", ""),
                ("content/attachments/b.jpg", ""),
            ],
        );
        assert_eq!(
            collided
                .diagnostics
                .iter()
                .map(|d| (d.code, d.path.as_str()))
                .collect::<Vec<_>>(),
            [("name-collision", "content/attachments/b.jpg")]
        );
        let warned: Vec<(&str, &str)> = loaded
            .diagnostics
            .iter()
            .map(|d| (d.code, d.path.as_str()))
            .collect();
        assert_eq!(
            warned,
            [
                ("ignored-file", "content/attachments/.env"),
                // The hidden folder, once, as a walk of the disk names it.
                ("ignored-file", "content/attachments/.git")
            ]
        );
    }

    #[test]
    fn splits_front_matter_and_body() {
        let text = "+++\ntitle = \"x\"\n+++\nbody\n";
        let (front, body) = split_front_matter(text).unwrap();
        assert_eq!(&text[front], "title = \"x\"\n");
        assert_eq!(&text[body], "body\n");
        let crlf = "+++\r\ntitle = \"x\"\r\n+++\r\nbody";
        let (front, body) = split_front_matter(crlf).unwrap();
        assert_eq!(&crlf[front], "title = \"x\"\r\n");
        assert_eq!(&crlf[body], "body");
    }

    #[test]
    fn front_matter_errors() {
        assert!(split_front_matter("").unwrap_err().1.contains("empty"));
        assert!(
            split_front_matter("title = 1\n")
                .unwrap_err()
                .1
                .contains("missing")
        );
        assert!(
            split_front_matter("+++\ntitle = 1\n")
                .unwrap_err()
                .1
                .contains("not closed")
        );
    }

    #[test]
    fn ids() {
        assert!(is_valid_id("2025-07-parking"));
        assert!(!is_valid_id("2025_07 Parking"));
        assert!(!is_valid_id("停车"));
        assert!(!is_valid_id(""));
        assert_eq!(suggest_id("2025_07 Parking"), "2025-07-parking");
        assert_eq!(suggest_id("停车"), "new-entry");
    }
}
