//! Provenance from git: which commit a site was built from, when each record last changed,
//! and the recent changes in plain language ("3月5日 更新了《停车位规划》的落实进度").
//!
//! Residents trust a board more when they can see that a record was not quietly rewritten;
//! git already holds that history. yishi reads it with the `git` command (two `git log`s
//! over `site.toml` and `content/`, one `rev-parse`, one `status`, one `ls-files`), so nothing is needed
//! beyond the git that CI has anyway. Without git, or outside a repository, everything here
//! is None and the pages simply leave these parts out.
//!
//! Only dates, commit ids and what kind of change it was are published: commit messages and
//! author names or e-mails can hold personal data and are never shown. Changes to drafts are
//! left out (a draft is private until published).

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;
use std::sync::Arc;

use chrono::{FixedOffset, NaiveDate};

/// What one commit did to one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    /// The file was added.
    Added,
    /// The file was deleted.
    Deleted,
    /// Progress reports were added or changed (topics).
    Progress,
    /// Actions were added (topics).
    Actions,
    /// The topic was declined.
    Declined,
    /// Vote results were recorded (meetings).
    Votes,
    /// The publication date of the results was recorded (meetings).
    Published,
    /// The meeting was cancelled.
    Cancelled,
    /// Any other edit.
    Edited,
}

impl ChangeKind {
    /// The key of its sentence in the UI strings (`change_<key>`).
    pub fn key(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Deleted => "deleted",
            ChangeKind::Progress => "progress",
            ChangeKind::Actions => "actions",
            ChangeKind::Declined => "declined",
            ChangeKind::Votes => "votes",
            ChangeKind::Published => "published",
            ChangeKind::Cancelled => "cancelled",
            ChangeKind::Edited => "edited",
        }
    }
}

/// One file changed by one commit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Full commit id.
    pub commit: String,
    /// Commit date in the site's time zone.
    pub date: NaiveDate,
    /// Path relative to the community root (`content/topics/x.md`, `site.toml`).
    pub path: String,
    /// What happened.
    pub kind: ChangeKind,
}

/// The repository's view of a community.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Provenance {
    /// HEAD's full id.
    pub commit: String,
    /// Whether site.toml or content/ has changes not yet committed.
    pub dirty: bool,
    /// Whether the checkout is shallow (CI's `fetch-depth: 1`): its history starts at a
    /// commit that is not the first, so every record would seem added then. Its history is
    /// left empty — no change dates rather than wrong ones — and pages say so.
    pub shallow: bool,
    /// The history up to `commit`: shared, since `serve` keeps it while HEAD stays.
    history: Arc<History>,
    /// What `git status` said was uncommitted (paths relative to the community root, a
    /// folder ending in `/`), and the git index's time stamp when it was asked: `serve`
    /// then asks again only about the paths the file watcher names.
    status: Arc<Status>,
}

/// The uncommitted paths, the paths git tracks, and when the index they were read from was
/// last written.
#[derive(Debug, Default, PartialEq, Eq)]
struct Status {
    paths: Vec<String>,
    /// The paths in the index (relative to the root), sorted. A saved path among them cannot
    /// be untracked, so git is asked about it without looking for untracked files — the look
    /// that reads a whole folder (9 of git's 15 ms for a folder of 25,000 meetings, on the
    /// core the check of the save wants).
    tracked: Arc<[String]>,
    index_written: Option<std::time::SystemTime>,
}

/// Every change, and where each path's changes are.
#[derive(Debug, Default, PartialEq, Eq)]
struct History {
    /// The time zone the commit dates were read in.
    zone: Option<FixedOffset>,
    /// Newest first (commit order as git gives it, then path).
    changes: Vec<Change>,
    /// Indexes into `changes` of each path's changes, newest first: a page asks for its own
    /// history without a walk through everyone's.
    by_path: HashMap<String, Vec<usize>>,
}

impl History {
    fn new(changes: Vec<Change>) -> History {
        let mut by_path: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, c) in changes.iter().enumerate() {
            by_path.entry(c.path.clone()).or_default().push(i);
        }
        History {
            zone: None,
            changes,
            by_path,
        }
    }
}

impl Provenance {
    /// The time zone the history's dates were read in.
    pub fn zone(&self) -> Option<FixedOffset> {
        self.history.zone
    }
    /// The first 7 characters of the commit id, as people quote it.
    pub fn short(&self) -> &str {
        self.commit.get(..7).unwrap_or(&self.commit)
    }
    /// Every change, newest first.
    pub fn changes(&self) -> &[Change] {
        &self.history.changes
    }
    /// The latest change of a file (path relative to the community root).
    pub fn last_change(&self, path: &str) -> Option<&Change> {
        self.history(path).next()
    }
    /// Every change of a file, newest first.
    pub fn history<'a>(&'a self, path: &str) -> impl Iterator<Item = &'a Change> + 'a {
        let indexes = self
            .history
            .by_path
            .get(path)
            .map_or(&[][..], Vec::as_slice);
        indexes.iter().map(|&i| &self.history.changes[i])
    }
}

fn git(root: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["-c", "core.quotepath=off", "-c", "log.showSignature=false"])
        .args(args)
        .env("GIT_OPTIONAL_LOCKS", "0")
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Reads the provenance of the community at `root`; None when git or a repository is missing.
pub fn read(root: &Path, zone: FixedOffset) -> Option<Provenance> {
    read_again(root, zone, None, None)
}

/// Whether `root` is in a shallow git checkout (without git or a repository: no).
pub fn is_shallow(root: &Path) -> bool {
    git(root, &["rev-parse", "--is-shallow-repository"]).is_some_and(|s| s.trim() == "true")
}

/// The zone of the repository yishi reads: what a community is built from.
const ZONE: [&str; 2] = ["site.toml", "content"];

/// More paths than this changed at once (a checkout, say): ask about the whole zone.
const MAX_NAMED: usize = 200;

/// Reads the provenance again (`serve`, after a save), from `previous` where it still holds.
/// The history is kept while HEAD is the commit it was read at — reading it with
/// `git log -p` takes seconds on a large repository. `changed` names every path under
/// site.toml and content/ (relative to `root`) that changed since `previous` was read, when
/// the caller knows them all: git is then asked about those paths only (7 ms for a tracked
/// file instead of 40–70 ms for `git status` of 36,000 files; a path not in the index is
/// asked about with the look for untracked files, 15 ms), unless HEAD moved or the index was
/// written (`git add`, `git rm --cached`), which can change the status of paths nobody saved.
pub fn read_again(
    root: &Path,
    zone: FixedOffset,
    previous: Option<&Provenance>,
    changed: Option<&[String]>,
) -> Option<Provenance> {
    let head = git(
        root,
        &[
            "rev-parse",
            "--show-prefix",
            "--git-dir",
            "--is-shallow-repository",
            "--verify",
            "-q",
            "HEAD",
        ],
    )?;
    let mut lines = head.lines();
    let (prefix, git_dir, shallow, commit) = (
        lines.next()?,
        lines.next()?,
        lines.next()? == "true",
        lines.next()?.trim(),
    );
    if commit.is_empty() {
        return None;
    }
    let index_written = std::fs::metadata(root.join(git_dir).join("index"))
        .and_then(|m| m.modified())
        .ok();
    let previous = previous.filter(|p| p.commit == commit);
    // The history's dates are days in the site's zone: a new zone reads them again.
    let same_zone = previous.filter(|p| p.history.zone == Some(zone));
    let kept =
        previous.filter(|p| p.status.index_written == index_written && index_written.is_some());
    let status = match (kept, changed) {
        (Some(p), Some([])) => p.status.clone(),
        (Some(p), Some(named)) if named.len() <= MAX_NAMED => Arc::new(Status {
            paths: status_after(&p.status.paths, named, |asked| {
                let (in_index, others): (Vec<String>, Vec<String>) = asked
                    .iter()
                    .cloned()
                    .partition(|a| p.status.tracked.binary_search(a).is_ok());
                let mut found = uncommitted(root, prefix, &in_index, Untracked::No);
                found.extend(uncommitted(root, prefix, &others, Untracked::Listed));
                found
            }),
            tracked: p.status.tracked.clone(),
            index_written,
        }),
        _ => Arc::new(Status {
            paths: uncommitted(root, prefix, &ZONE.map(String::from), Untracked::Listed),
            tracked: tracked(root),
            index_written,
        }),
    };
    let history = match same_zone {
        Some(p) if p.shallow == shallow => p.history.clone(),
        _ if shallow => Arc::new(History {
            zone: Some(zone),
            ..History::default()
        }),
        _ => Arc::new(read_history(root, zone)),
    };
    Some(Provenance {
        commit: commit.to_string(),
        dirty: !status.paths.is_empty(),
        shallow,
        history,
        status,
    })
}

/// The uncommitted paths after the paths `named` changed: those of `before` that no named
/// path touches, and what `ask` (git status of some paths) says of the named ones. An
/// untracked folder git listed whole is asked about again when a path inside it changed.
fn status_after(
    before: &[String],
    named: &[String],
    ask: impl FnOnce(&[String]) -> Vec<String>,
) -> Vec<String> {
    let within = |path: &str, item: &str| {
        path == item
            || path
                .strip_prefix(item.trim_end_matches('/'))
                .is_some_and(|rest| rest.starts_with('/'))
    };
    let mut asked: Vec<String> = named.to_vec();
    asked.extend(
        before
            .iter()
            .filter(|b| b.ends_with('/') && named.iter().any(|n| within(n, b)))
            .cloned(),
    );
    let mut paths: Vec<String> = before
        .iter()
        .filter(|b| !asked.iter().any(|a| within(b, a)))
        .cloned()
        .collect();
    paths.extend(ask(&asked));
    paths.sort();
    paths.dedup();
    paths
}

/// Whether `git status` looks for untracked files among the paths it is asked about.
#[derive(Clone, Copy)]
enum Untracked {
    /// Not: the paths are tracked ones.
    No,
    /// Listed, a folder whose files are all untracked as the folder.
    Listed,
}

/// What `git status` lists as uncommitted among `paths` (relative to `root`, which is
/// `prefix` below the top of the repository), relative to `root`, sorted; none asked, none
/// listed.
fn uncommitted(root: &Path, prefix: &str, paths: &[String], untracked: Untracked) -> Vec<String> {
    if paths.is_empty() {
        return Vec::new();
    }
    let mut args = vec![
        "--literal-pathspecs",
        "status",
        "--porcelain",
        "-z",
        match untracked {
            Untracked::No => "--untracked-files=no",
            Untracked::Listed => "--untracked-files=normal",
        },
        "--",
    ];
    args.extend(paths.iter().map(String::as_str));
    let Some(out) = git(root, &args) else {
        return Vec::new();
    };
    // Entries are "XY path", NUL-terminated; a rename is followed by its old path.
    let mut entries = out.split('\0').filter(|e| !e.is_empty());
    let mut found = Vec::new();
    while let Some(entry) = entries.next() {
        let (code, path) = (entry.get(..2).unwrap_or(""), entry.get(3..).unwrap_or(""));
        found.push(path.strip_prefix(prefix).unwrap_or(path).to_string());
        if (code.starts_with('R') || code.starts_with('C'))
            && let Some(from) = entries.next()
        {
            found.push(from.strip_prefix(prefix).unwrap_or(from).to_string());
        }
    }
    // In one order whoever asked, so that two answers about the same files are equal.
    found.sort_unstable();
    found.dedup();
    found
}

/// The paths in site.toml and content/ that git's index holds, relative to `root`, sorted;
/// none when git could not say (every saved path is then asked about in full).
fn tracked(root: &Path) -> Arc<[String]> {
    let mut args = vec!["--literal-pathspecs", "ls-files", "-z", "--"];
    args.extend(ZONE);
    let mut paths: Vec<String> = git(root, &args)
        .unwrap_or_default()
        .split('\0')
        .filter(|p| !p.is_empty())
        .map(String::from)
        .collect();
    paths.sort_unstable();
    paths.into()
}

/// Every commit's changes to site.toml and content/, newest first: which files each commit
/// added, changed or deleted (`--name-status`), and what the changes added, to say what
/// kind of edit each was (`-p`, changed files only: an added file is "added" whatever it
/// holds, and printing every added file whole made this 50 MB and 0.4 s at 10,000 topics).
fn read_history(root: &Path, zone: FixedOffset) -> History {
    let log = |args: &[&str]| {
        let mut all = vec![
            "log",
            "--unified=0",
            "--no-renames",
            "--no-ext-diff",
            "--no-color",
            "--relative",
            "--format=commit %H %cI",
        ];
        all.extend(args);
        all.extend(["--", "site.toml", "content"]);
        git(root, &all).unwrap_or_default()
    };
    let (edits, reformats) = parse_edits(&log(&["-p", "--diff-filter=M"]), zone);
    let mut names = parse_names(&log(&["--name-status"]), zone, &edits);
    // A commit that only rewrote a record's form (the form editor drops comments, reorders
    // keys, writes `1836` for `1836.00`) changed nothing residents could see: it is no change.
    names.retain(|c| !reformats.contains(&(c.commit.clone(), c.path.clone())));
    History {
        zone: Some(zone),
        ..History::new(names)
    }
}

/// Parses `git log --name-status --format='commit %H %cI'` into changes, newest first, the
/// kind of each changed ("M") file taken from `edits` (the same commits' `parse_log`).
fn parse_names(log: &str, zone: FixedOffset, edits: &[Change]) -> Vec<Change> {
    let kinds: HashMap<(&str, &str), ChangeKind> = edits
        .iter()
        .map(|c| ((c.commit.as_str(), c.path.as_str()), c.kind))
        .collect();
    let mut changes = Vec::new();
    let mut commit: Option<(String, NaiveDate)> = None;
    for line in log.lines() {
        if let Some(rest) = line.strip_prefix("commit ") {
            commit = commit_line(rest, zone);
        } else if let (Some((status, path)), Some((id, date))) = (line.split_once('\t'), &commit) {
            let kind = match status {
                "A" => ChangeKind::Added,
                "D" => ChangeKind::Deleted,
                _ => kinds
                    .get(&(id.as_str(), path))
                    .copied()
                    .unwrap_or(ChangeKind::Edited),
            };
            changes.push(Change {
                commit: id.clone(),
                date: *date,
                path: path.to_string(),
                kind,
            });
        }
    }
    changes
}

/// The commit id and its date in `zone`, from "<id> <ISO date>".
fn commit_line(rest: &str, zone: FixedOffset) -> Option<(String, NaiveDate)> {
    let mut parts = rest.split_whitespace();
    let id = parts.next().unwrap_or_default().to_string();
    parts
        .next()
        .and_then(|d| chrono::DateTime::parse_from_rfc3339(d).ok())
        .map(|d| (id, d.with_timezone(&zone).date_naive()))
}

/// Parses `git log -p --unified=0 --format='commit %H %cI'` into changes, newest first.
pub fn parse_log(log: &str, zone: FixedOffset) -> Vec<Change> {
    parse_edits(log, zone).0
}

/// The file being read in a log: its path, added / deleted, the lines it added and removed.
type FileEdit = (String, Option<ChangeKind>, Vec<String>, Vec<String>);

/// [`parse_log`], and the (commit, path) pairs whose edit only rewrote the record's form:
/// the lines it removed and added are the same values ([`same_values`]).
pub fn parse_edits(
    log: &str,
    zone: FixedOffset,
) -> (Vec<Change>, std::collections::HashSet<(String, String)>) {
    let mut changes = Vec::new();
    let mut reformats = std::collections::HashSet::new();
    let mut commit: Option<(String, NaiveDate)> = None;
    let mut file: Option<FileEdit> = None;
    let mut flush = |file: &mut Option<FileEdit>,
                     commit: &Option<(String, NaiveDate)>,
                     changes: &mut Vec<Change>| {
        if let (Some((path, kind, added, removed)), Some((id, date))) = (file.take(), commit) {
            if kind.is_none() && same_values(&removed, &added) {
                reformats.insert((id.clone(), path));
                return;
            }
            let kind = kind.unwrap_or_else(|| classify(&path, &added));
            changes.push(Change {
                commit: id.clone(),
                date: *date,
                path,
                kind,
            });
        }
    };
    for line in log.lines() {
        if let Some(rest) = line.strip_prefix("commit ") {
            flush(&mut file, &commit, &mut changes);
            commit = commit_line(rest, zone);
        } else if let Some(rest) = line.strip_prefix("diff --git a/") {
            flush(&mut file, &commit, &mut changes);
            // "a/<path> b/<path>": both halves are the same path (renames are off).
            let half = rest.len().saturating_sub(3) / 2;
            let path = rest.get(..half).unwrap_or(rest).to_string();
            file = Some((path, None, Vec::new(), Vec::new()));
        } else if let Some((_, kind, added, removed)) = file.as_mut() {
            if line.starts_with("new file mode") {
                *kind = Some(ChangeKind::Added);
            } else if line.starts_with("deleted file mode") {
                *kind = Some(ChangeKind::Deleted);
            } else if let Some(text) = line.strip_prefix('+')
                && !line.starts_with("+++ ")
            {
                added.push(text.trim().to_string());
            } else if let Some(text) = line.strip_prefix('-')
                && !line.starts_with("--- ")
            {
                removed.push(text.trim().to_string());
            }
        }
    }
    flush(&mut file, &commit, &mut changes);
    (changes, reformats)
}

/// Whether the lines an edit removed and added say the same once read as values: comments
/// and blank lines dropped, `key = value` lines compared by their value (`1836.00` and
/// `1836`, `19:00:00` and `19:00:00.000`, `[ "a" ]` and `["a"]`), `draft = false` as no line,
/// in any order.
pub fn same_values(removed: &[String], added: &[String]) -> bool {
    let canon = |lines: &[String]| {
        let mut v: Vec<String> = lines.iter().filter_map(|l| canonical_line(l)).collect();
        v.sort();
        v
    };
    canon(removed) == canon(added)
}

/// A front-matter line as a value (see [`same_values`]); None for what says nothing.
fn canonical_line(line: &str) -> Option<String> {
    let t = line.trim();
    if t.is_empty() || t.starts_with('#') || t == "+++" {
        return None;
    }
    let Some((key, value)) = t.split_once('=') else {
        return Some(t.replace(' ', ""));
    };
    let key = key.trim();
    let parsed = toml::from_str::<toml::Table>(&format!("v = {}", value.trim()))
        .ok()
        .and_then(|mut table| table.remove("v"));
    match parsed {
        Some(toml::Value::Boolean(false)) if key == "draft" => None,
        Some(v) => Some(format!("{key}={}", canonical_value(&v))),
        None => Some(t.to_string()),
    }
}

fn canonical_value(v: &toml::Value) -> String {
    match v {
        toml::Value::Integer(i) => i.to_string(),
        toml::Value::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => (*f as i64).to_string(),
        toml::Value::Float(f) => f.to_string(),
        toml::Value::String(s) => format!("{s:?}"),
        toml::Value::Boolean(b) => b.to_string(),
        toml::Value::Datetime(d) => {
            // Fractions of a second of zero say nothing: 19:00:00.000 is 19:00:00.
            let text = d.to_string();
            match text.split_once('.') {
                Some((head, rest)) => {
                    let digits =
                        rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
                    if rest[..digits].bytes().all(|b| b == b'0') {
                        format!("{head}{}", &rest[digits..])
                    } else {
                        text
                    }
                }
                None => text,
            }
        }
        toml::Value::Array(xs) => format!(
            "[{}]",
            xs.iter().map(canonical_value).collect::<Vec<_>>().join(",")
        ),
        toml::Value::Table(t) => format!(
            "{{{}}}",
            t.iter()
                .map(|(k, v)| format!("{k}={}", canonical_value(v)))
                .collect::<Vec<_>>()
                .join(",")
        ),
    }
}

/// What an edit did, from the lines it added.
fn classify(path: &str, added: &[String]) -> ChangeKind {
    let has = |prefix: &str| added.iter().any(|l| l.starts_with(prefix));
    if path.starts_with("content/topics/") {
        if has("[[actions.updates]]") || has("progress") || has("photos") {
            ChangeKind::Progress
        } else if has("[[actions]]") {
            ChangeKind::Actions
        } else if has("declined") {
            ChangeKind::Declined
        } else {
            ChangeKind::Edited
        }
    } else if path.starts_with("content/meetings/") {
        if has("cancelled") {
            ChangeKind::Cancelled
        } else if has("published") {
            ChangeKind::Published
        } else if has("[[resolutions]]") || has("yes") || has("votes") {
            ChangeKind::Votes
        } else {
            ChangeKind::Edited
        }
    } else {
        ChangeKind::Edited
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOG: &str = "commit 2222222222222222222222222222222222222222 2025-03-05T23:30:00+00:00

diff --git a/content/topics/parking.md b/content/topics/parking.md
index 1..2 100644
--- a/content/topics/parking.md
+++ b/content/topics/parking.md
@@ -20,0 +21,3 @@ due = 2025-05-31
+[[actions.updates]]
+date = 2025-03-05
+progress = 40
diff --git a/content/meetings/2025-03-01-m.md b/content/meetings/2025-03-01-m.md
--- a/content/meetings/2025-03-01-m.md
+++ b/content/meetings/2025-03-01-m.md
@@ -9,0 +10 @@
+published = 2025-03-05
commit 1111111111111111111111111111111111111111 2025-03-01T10:00:00+08:00

diff --git a/content/topics/parking.md b/content/topics/parking.md
new file mode 100644
--- /dev/null
+++ b/content/topics/parking.md
@@ -0,0 +1,3 @@
+title = \"停车位规划\"
diff --git a/content/attachments/a b.png b/content/attachments/a b.png
new file mode 100644
Binary files /dev/null and b/content/attachments/a b.png differ
diff --git a/content/topics/old.md b/content/topics/old.md
deleted file mode 100644
";

    #[test]
    fn a_log_becomes_changes_in_the_sites_zone() {
        let zone = FixedOffset::east_opt(8 * 3600).unwrap();
        let changes = parse_log(LOG, zone);
        let got: Vec<(&str, String, ChangeKind)> = changes
            .iter()
            .map(|c| (&c.commit[..1], c.date.to_string(), c.kind))
            .collect();
        assert_eq!(
            got,
            [
                // 23:30 UTC on 5 March is 6 March in Beijing.
                ("2", "2025-03-06".to_string(), ChangeKind::Progress),
                ("2", "2025-03-06".to_string(), ChangeKind::Published),
                ("1", "2025-03-01".to_string(), ChangeKind::Added),
                ("1", "2025-03-01".to_string(), ChangeKind::Added),
                ("1", "2025-03-01".to_string(), ChangeKind::Deleted),
            ]
        );
        assert_eq!(changes[3].path, "content/attachments/a b.png");
        let p = Provenance {
            commit: "2222222222222222".into(),
            dirty: false,
            shallow: false,
            history: Arc::new(History::new(changes)),
            status: Default::default(),
        };
        assert_eq!(p.short(), "2222222");
        assert_eq!(
            p.last_change("content/topics/parking.md").unwrap().kind,
            ChangeKind::Progress
        );
        assert_eq!(p.history("content/topics/parking.md").count(), 2);
    }

    #[test]
    fn edits_are_classified_by_what_they_add() {
        let lines = |ls: &[&str]| ls.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            classify(
                "content/topics/a.md",
                &lines(&["[[actions]]", "id = \"x\""])
            ),
            ChangeKind::Actions
        );
        assert_eq!(
            classify("content/topics/a.md", &lines(&["declined = \"三不议\""])),
            ChangeKind::Declined
        );
        assert_eq!(
            classify("content/meetings/a.md", &lines(&["yes = 17"])),
            ChangeKind::Votes
        );
        assert_eq!(
            classify("content/meetings/a.md", &lines(&["cancelled = \"台风\""])),
            ChangeKind::Cancelled
        );
        assert_eq!(
            classify("content/meetings/a.md", &lines(&["正文"])),
            ChangeKind::Edited
        );
        assert_eq!(
            classify("site.toml", &lines(&["title = \"x\""])),
            ChangeKind::Edited
        );
    }

    #[test]
    fn only_the_named_paths_are_asked_about_again() {
        let v = |ls: &[&str]| ls.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let before = v(&["content/a.md", "content/new/", "site.toml"]);
        // a.md saved back as committed: git lists nothing for it, the rest stands.
        let mut asked = Vec::new();
        let after = status_after(&before, &v(&["content/a.md"]), |a| {
            asked = a.to_vec();
            Vec::new()
        });
        assert_eq!(asked, v(&["content/a.md"]));
        assert_eq!(after, v(&["content/new/", "site.toml"]));
        // A file inside an untracked folder git listed whole: the folder is asked again.
        let after = status_after(&before, &v(&["content/new/x.md"]), |a| {
            asked = a.to_vec();
            v(&["content/new/"])
        });
        assert_eq!(asked, v(&["content/new/x.md", "content/new/"]));
        assert_eq!(after, before);
        // A folder removed: what was under it goes with it; content/a.mdx is not under a.md.
        let before = v(&["content/a.mdx", "content/old/b.md", "content/old/c.md"]);
        let after = status_after(&before, &v(&["content/old", "content/a.md"]), |_| {
            Vec::new()
        });
        assert_eq!(after, v(&["content/a.mdx"]));
    }

    #[test]
    fn names_take_their_kind_from_the_status_or_the_edit() {
        let zone = FixedOffset::east_opt(8 * 3600).unwrap();
        let names = "commit 2222 2025-03-05T23:30:00+00:00\n\nM\tcontent/topics/parking.md\nD\tcontent/topics/old.md\n\
                     commit 1111 2025-03-01T10:00:00+08:00\n\nA\tcontent/topics/parking.md\nM\tsite.toml\n";
        let edits = [Change {
            commit: "2222".into(),
            date: NaiveDate::from_ymd_opt(2025, 3, 6).unwrap(),
            path: "content/topics/parking.md".into(),
            kind: ChangeKind::Progress,
        }];
        let got: Vec<(String, String, String, ChangeKind)> = parse_names(names, zone, &edits)
            .into_iter()
            .map(|c| (c.commit, c.path, c.date.to_string(), c.kind))
            .collect();
        let want = [
            (
                "2222",
                "content/topics/parking.md",
                "2025-03-06",
                ChangeKind::Progress,
            ),
            (
                "2222",
                "content/topics/old.md",
                "2025-03-06",
                ChangeKind::Deleted,
            ),
            (
                "1111",
                "content/topics/parking.md",
                "2025-03-01",
                ChangeKind::Added,
            ),
            // A change the patch log did not classify is an edit.
            ("1111", "site.toml", "2025-03-01", ChangeKind::Edited),
        ]
        .map(|(a, b, c, d)| (a.to_string(), b.to_string(), c.to_string(), d));
        assert_eq!(got, want);
    }

    /// A commit of the form editor that only rewrote a record's form is no change; one that
    /// also changed a value is.
    #[test]
    fn a_record_rewritten_in_another_form_is_no_change() {
        let lines = |xs: &[&str]| xs.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        let removed = lines(&[
            "# 会议记录",
            "start = 2025-05-30T19:00:00",
            "topics = [\"2025-04-elevator\"]",
            "area = 1836.00",
            "place = \"9 号楼一楼架空层\"  # 地点",
        ]);
        let added = lines(&[
            "place = \"9 号楼一楼架空层\"",
            "start = 2025-05-30T19:00:00.000",
            "topics = [ \"2025-04-elevator\" ]",
            "area = 1836",
            "draft = false",
        ]);
        assert!(same_values(&removed, &added));
        let mut changed = added.clone();
        changed[3] = "area = 1836.5".into();
        assert!(!same_values(&removed, &changed));
        assert!(!same_values(&removed, &added[1..]));
        let log = "commit 3333333333333333333333333333333333333333 2025-06-01T10:00:00+08:00\n\ndiff --git a/content/meetings/m.md b/content/meetings/m.md\n--- a/content/meetings/m.md\n+++ b/content/meetings/m.md\n@@ -4 +4 @@\n-topics = [\"a\"]\n+topics = [ \"a\" ]\n";
        let zone = FixedOffset::east_opt(8 * 3600).unwrap();
        let (changes, reformats) = parse_edits(log, zone);
        assert!(changes.is_empty());
        assert!(reformats.contains(&(
            "3333333333333333333333333333333333333333".to_string(),
            "content/meetings/m.md".to_string()
        )));
    }
}
