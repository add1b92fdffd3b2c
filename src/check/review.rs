//! Every entry checked by itself (`entry::check_entry`) and against the other files
//! (`cross::cross_check`) in one parallel pass — or taken from the memo `yishi serve` keeps — and
//! the records gathered by kind, in file order, for the checks across kinds.

use std::collections::BTreeSet;
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashSet;

use super::cross::{KnownIds, cross_check, entry_links, universe};
use super::entry::{self, CrossCheck, EntryCache, EntryCheck, Record, check_entry};
use super::visit::RawVisit;
use crate::diagnostics::{Diagnostic, Severity};
use crate::input::load::{Kind, Loaded, RawEntry};
use crate::model::{Evaluation, Meeting, Page, Site, SupervisionReport, Topic, Visit};
use crate::settings::Settings;

/// The records that passed their own checks and their checks against the others, by kind in
/// file order, with what the checks across kinds and the model need of the entries.
pub(super) struct Gathered<'a> {
    pub(super) topics: Vec<Arc<Topic>>,
    pub(super) meetings: Vec<Arc<Meeting>>,
    pub(super) evaluations: Vec<Arc<Evaluation>>,
    pub(super) pages: Vec<Arc<Page>>,
    pub(super) supervision: Vec<Arc<SupervisionReport>>,
    /// Each visit with its entry and raw front matter: its grid and maker are checked with
    /// site.toml and council.toml ([`super::visit::against_grids_and_people`]).
    pub(super) visits: Vec<(Arc<Visit>, &'a RawEntry, Arc<RawVisit>)>,
    /// The staff warnings of section 7 (when warnings are wanted).
    pub(super) timeliness: Vec<Diagnostic>,
    /// The attachments the published records link; gathered only when a draft is left out,
    /// whose attachments they may not withhold ([`super::files::published_attachments`]).
    pub(super) linked: BTreeSet<String>,
    /// Every entry, drafts too, in file order.
    pub(super) entries: Vec<&'a RawEntry>,
    /// Whether every published entry passed its checks against the others.
    pub(super) ok: bool,
}

/// Which ids a reference may point at: drafts are known from a light look when the files
/// were read ([`RawEntry::draft`]), so every id is known before any entry is parsed — every
/// file that exists (valid or not, so one broken file does not make references to it fail
/// too), drafts left out (`drafts`: whether the build includes them) — and each entry's
/// checks against the others run beside its own check.
pub(super) fn known_ids(loaded: &Loaded, drafts: bool) -> KnownIds<'_> {
    let drafts: FxHashSet<(Kind, &str)> = loaded
        .entries
        .iter()
        .filter(|e| entry::left_out(e, drafts))
        .map(|e| (e.kind, e.id.as_str()))
        .collect();
    let mut known_ids = KnownIds {
        attachments: loaded.attachments.iter().map(String::as_str).collect(),
        ..KnownIds::default()
    };
    for (kind, id) in &loaded.found {
        if !drafts.contains(&(*kind, id.as_str())) {
            known_ids.of_kind(*kind).insert(id.as_str());
        }
    }
    known_ids.drafts = drafts;
    known_ids
}

/// One entry after its own check and its checks against the others: what
/// the model and the report take from it.
struct Reviewed<'a> {
    entry: &'a RawEntry,
    /// The record it makes, when it parsed (its checks against the others may still fail).
    record: Option<Record>,
    /// Its own problems (the warnings too when they are wanted).
    own: Vec<Diagnostic>,
    /// Its staff warnings of section 7, when warnings are wanted.
    timeliness: Vec<Diagnostic>,
    /// Its own check, when new and the memo is to keep it.
    check: Option<Arc<EntryCheck>>,
    /// Its checks against the others and whether they are new; none for a draft.
    cross: Option<(Arc<CrossCheck>, bool)>,
}

/// [`Reviewed`] from a check the memo shares: its parts copied, the check kept when the memo
/// is to take it (`keep`: it is new).
fn shared(
    entry: &RawEntry,
    check: Arc<EntryCheck>,
    keep: bool,
    cross: Option<(Arc<CrossCheck>, bool)>,
    warnings: bool,
) -> Reviewed<'_> {
    Reviewed {
        entry,
        record: check.parsed.record(),
        own: check
            .diagnostics
            .iter()
            .filter(|d| warnings || d.severity == Severity::Error)
            .cloned()
            .collect(),
        timeliness: if warnings {
            check.timeliness.clone()
        } else {
            Vec::new()
        },
        check: keep.then_some(check),
        cross,
    }
}

/// Every entry of `loaded` checked, its problems added to `diags` in file order: with the
/// site and the settings, against the ids known and the council's members, keeping the
/// checks in `memo` when `serve` keeps one; the warnings only when `warnings`.
pub(super) fn gather<'a>(
    loaded: &'a Loaded,
    (site, settings): (&Site, &Settings),
    (known_ids, members): (&KnownIds, &BTreeSet<&str>),
    memo: Option<&mut EntryCache>,
    warnings: bool,
    diags: &mut Vec<Diagnostic>,
) -> Gathered<'a> {
    let today = settings.today;
    let universe = universe(loaded, known_ids, members, today);
    // Each file is checked on its own and against the others, in parallel (or taken from
    // the memo), and only what the later checks and the model need is kept: the raw
    // front matter of a meeting (a third of check's memory at 10,000 topics) is let go
    // here unless the memo keeps it for the next save. Results are merged in file order, so
    // the output does not depend on scheduling.
    let mut memo = memo;
    if let Some(memo) = memo.as_deref_mut() {
        let context = (
            loaded
                .site
                .as_ref()
                .map(|f| f.text.clone())
                .unwrap_or_default(),
            today,
            settings.drafts,
        );
        if memo.context.as_ref() != Some(&context) {
            *memo = EntryCache {
                context: Some(context),
                ..EntryCache::default()
            };
        }
    }
    let kept = memo.as_deref();
    let mut reviewed: Vec<Reviewed<'a>> = loaded
        .entries
        .par_iter()
        .map(|entry| {
            let before = kept.and_then(|m| m.entries.get(&entry.file.path));
            let (check, fresh) = match before {
                Some(before) => (before.check.clone(), false),
                None => (
                    Arc::new(check_entry(entry, site, today, settings.drafts)),
                    true,
                ),
            };
            let address = Arc::as_ptr(&check) as usize;
            let cross = match before
                .and_then(|b| b.cross.as_ref())
                .filter(|c| c.check == address && c.universe == universe)
            {
                Some(cross) => Some((cross.clone(), false)),
                None => {
                    let mut found = Vec::new();
                    cross_check(entry, &check, known_ids, members, today, &mut found).map(|ok| {
                        let cross = CrossCheck {
                            check: address,
                            universe,
                            ok,
                            diagnostics: found,
                            linked: entry_links(&check, known_ids),
                        };
                        (Arc::new(cross), true)
                    })
                }
            };
            // A check shared with the memo has its parts copied (a new one is kept for the
            // memo). Without a memo the check is this closure's alone: its parts are moved
            // out, and the rest — the raw front matter — is dropped here.
            if kept.is_some() {
                return shared(entry, check, fresh, cross, warnings);
            }
            let wanted = |d: &Diagnostic| warnings || d.severity == Severity::Error;
            match Arc::try_unwrap(check) {
                Ok(check) => Reviewed {
                    entry,
                    record: check.parsed.record(),
                    own: check.diagnostics.into_iter().filter(wanted).collect(),
                    timeliness: if warnings {
                        check.timeliness
                    } else {
                        Vec::new()
                    },
                    check: None,
                    cross,
                },
                Err(check) => shared(entry, check, false, cross, warnings),
            }
        })
        .collect();

    let mut ok = true;
    let (mut topics, mut meetings, mut evaluations, mut pages, mut supervision) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut visits = Vec::new();
    let mut timeliness = Vec::new();
    let mut linked = BTreeSet::new();
    let mut entries: Vec<&RawEntry> = Vec::with_capacity(reviewed.len());
    for r in &mut reviewed {
        diags.append(&mut r.own);
    }
    for r in reviewed {
        let entry = r.entry;
        entries.push(entry);
        if let Some(memo) = memo.as_deref_mut() {
            let fresh_cross = r
                .cross
                .as_ref()
                .filter(|(_, fresh)| *fresh)
                .map(|(cross, _)| cross.clone());
            if let Some(check) = r.check {
                let kept = entry::Kept {
                    check,
                    cross: fresh_cross,
                };
                memo.entries.insert(entry.file.path.clone(), kept);
            } else if let Some(cross) = fresh_cross
                && let Some(kept) = memo.entries.get_mut(&entry.file.path)
            {
                kept.cross = Some(cross);
            }
        }
        let Some((cross, _)) = r.cross else {
            continue; // a draft
        };
        diags.extend(cross.diagnostics.iter().cloned());
        if !cross.ok {
            ok = false;
            continue;
        }
        timeliness.extend(r.timeliness);
        // The attachments this published record links, which drafts left out may not
        // withhold (below): wanted only when a draft is left out.
        if !known_ids.drafts.is_empty() {
            linked.extend(cross.linked.iter().cloned());
        }
        match r.record {
            Some(Record::Topic(t)) => topics.push(t),
            Some(Record::Meeting(m)) => meetings.push(m),
            Some(Record::Evaluation(e)) => evaluations.push(e),
            Some(Record::Page(p)) => pages.push(p),
            Some(Record::Supervision(r)) => supervision.push(r),
            Some(Record::Visit(raw, v)) => visits.push((v, entry, raw)),
            None => {}
        }
    }
    Gathered {
        topics,
        meetings,
        evaluations,
        pages,
        supervision,
        visits,
        timeliness,
        linked,
        entries,
        ok,
    }
}
