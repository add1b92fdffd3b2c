//! Provenance from git: which commit a site was built from, when each record last changed,
//! and the recent changes in plain language ("3月5日 更新了《停车位规划》的落实进度").
//!
//! Residents trust a board more when they can see that a record was not quietly rewritten;
//! git already holds that history. yishi reads it with the `git` command (one `git log`
//! over `site.toml` and `content/`, one `rev-parse`, one `status`), so nothing is needed
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
    /// The history up to `commit`: shared, since `serve` keeps it while HEAD stays.
    history: Arc<History>,
}

/// Every change, and where each path's changes are.
#[derive(Debug, Default, PartialEq, Eq)]
struct History {
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
        History { changes, by_path }
    }
}

impl Provenance {
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
    read_again(root, zone, None)
}

/// Reads the provenance again (`serve`, after a save): the history is taken from `previous`
/// when HEAD is still the commit it was read at — reading it with `git log -p` takes seconds
/// on a large repository — and only HEAD and the uncommitted changes are asked again.
pub fn read_again(
    root: &Path,
    zone: FixedOffset,
    previous: Option<&Provenance>,
) -> Option<Provenance> {
    let commit = git(root, &["rev-parse", "--verify", "-q", "HEAD"])?
        .trim()
        .to_string();
    if commit.is_empty() {
        return None;
    }
    let status = git(
        root,
        &[
            "status",
            "--porcelain",
            "--untracked-files=normal",
            "--",
            "site.toml",
            "content",
        ],
    )
    .unwrap_or_default();
    let history = match previous.filter(|p| p.commit == commit) {
        Some(p) => p.history.clone(),
        None => Arc::new(History::new(parse_log(&log(root), zone))),
    };
    Some(Provenance {
        commit,
        dirty: !status.trim().is_empty(),
        history,
    })
}

/// Every commit's changes to site.toml and content/, newest first, with their added lines
/// (empty when git cannot tell).
fn log(root: &Path) -> String {
    git(
        root,
        &[
            "log",
            "-p",
            "--unified=0",
            "--no-renames",
            "--no-ext-diff",
            "--no-color",
            "--relative",
            "--format=commit %H %cI",
            "--",
            "site.toml",
            "content",
        ],
    )
    .unwrap_or_default()
}

/// Parses `git log -p --unified=0 --format='commit %H %cI'` into changes, newest first.
pub fn parse_log(log: &str, zone: FixedOffset) -> Vec<Change> {
    let mut changes = Vec::new();
    let mut commit: Option<(String, NaiveDate)> = None;
    // The file being read: path, added / deleted, and the lines it added.
    let mut file: Option<(String, Option<ChangeKind>, Vec<String>)> = None;
    let flush = |file: &mut Option<(String, Option<ChangeKind>, Vec<String>)>,
                 commit: &Option<(String, NaiveDate)>,
                 changes: &mut Vec<Change>| {
        if let (Some((path, kind, added)), Some((id, date))) = (file.take(), commit) {
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
            let mut parts = rest.split_whitespace();
            let id = parts.next().unwrap_or_default().to_string();
            let date = parts
                .next()
                .and_then(|d| chrono::DateTime::parse_from_rfc3339(d).ok())
                .map(|d| d.with_timezone(&zone).date_naive());
            commit = date.map(|d| (id, d));
        } else if let Some(rest) = line.strip_prefix("diff --git a/") {
            flush(&mut file, &commit, &mut changes);
            // "a/<path> b/<path>": both halves are the same path (renames are off).
            let half = rest.len().saturating_sub(3) / 2;
            let path = rest.get(..half).unwrap_or(rest).to_string();
            file = Some((path, None, Vec::new()));
        } else if let Some((_, kind, added)) = file.as_mut() {
            if line.starts_with("new file mode") {
                *kind = Some(ChangeKind::Added);
            } else if line.starts_with("deleted file mode") {
                *kind = Some(ChangeKind::Deleted);
            } else if let Some(text) = line.strip_prefix('+')
                && !line.starts_with("+++ ")
            {
                added.push(text.trim().to_string());
            }
        }
    }
    flush(&mut file, &commit, &mut changes);
    changes
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
            history: Arc::new(History::new(changes)),
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
}
