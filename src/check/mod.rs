//! Validate: raw files → the typed [`Model`] and every diagnostic.
//!
//! Each file's TOML is read into a raw struct that rejects unknown fields and keeps the
//! byte span of every value that a later check may point at. Then the checks of section 8
//! of the content spec run over the whole repository — vocabularies, references between
//! entries, counts, progress — collecting every problem instead of stopping at the first.
//!
//! The room follows the work, lowest first: [`values`] (a fraction, yuan, an address) and
//! [`reading`] (fields into diagnostics) are used by the record kinds — [`site`],
//! [`council`], [`topic`], [`meeting`], [`evaluation`], [`page`], each its raw struct, the
//! record it makes and the staff warnings about one; [`entry`] checks one file by itself,
//! [`cross`] against the other files, [`warnings`] over every record; this module strings
//! them together as [`validate`], and [`check()`] is the whole of `yishi check` after
//! loading (validate, the facts, the warnings, every report masked). [`district`] checks a
//! district's own files. [`schema`] exports the raw structs for editors. A new record kind
//! is a new file beside `topic.rs`.

pub mod council;
pub mod cross;
pub mod district;
pub mod entry;
pub mod evaluation;
pub mod meeting;
pub mod page;
pub mod reading;
pub mod schema;
pub mod site;
pub mod supervision;
pub mod topic;
pub mod values;
pub mod visit;
pub mod warnings;

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Instant;

use rayon::prelude::*;
use rustc_hash::FxHashSet;

use crate::diagnostics::{Diagnostic, Severity};
use crate::facts::Facts;
use crate::input::load::{Kind, Loaded, RawEntry};
use crate::input::source::Source;
use crate::media::statics;
use crate::model::{Member, Model, Site};
use crate::plumbing::timings::Stages;
use crate::privacy;
use crate::settings::{Given, Settings};
use council::validate_council;
use cross::{KnownIds, cross_check, entry_links, universe};
use entry::{CrossCheck, EntryCheck, Record, check_entry};
use page::RESERVED_IDS;
use site::validate_site;

pub use entry::EntryCache;
pub use schema::{schemas, toml_as_json};
pub use site::{ROOT_FILES, static_collisions};
pub use values::{MoneyError, is_http_url, parse_fraction, parse_offset, parse_yuan};
pub use warnings::cross_file_warnings;

/// Which problems a check reports: `Everything` for `yishi check` and `build`; `Errors` for
/// `serve`, which shows errors only — at 10,000 topics copying 11,000 warnings was a third of
/// a save's check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reporting {
    /// Errors, warnings and the staff warnings.
    Everything,
    /// Errors alone.
    Errors,
}

impl Reporting {
    /// Whether a report holds warnings.
    fn warnings(self) -> bool {
        self == Reporting::Everything
    }
}

/// The result of validation: a model (when site.toml could be read) and the problems.
#[derive(Debug)]
pub struct Validated {
    /// The model; entries with errors are left out.
    pub model: Option<Model>,
    /// The settings resolved from what was given and site.toml (the defaults without it).
    pub settings: Settings,
    /// Every problem found.
    pub diagnostics: Vec<Diagnostic>,
    /// With a model: the staff warnings of section 7 (late publication, short notice,
    /// overdue actions), which `check` and `build` add to the problems.
    pub timeliness: Vec<Diagnostic>,
}

/// What `yishi check` finds in a loaded repository.
#[derive(Debug)]
pub struct Checked {
    /// Every problem, masked and sorted (with `Options::warnings` off, the errors alone).
    pub diagnostics: Vec<Diagnostic>,
    /// The model and its facts, when there are no errors.
    pub result: Option<(Model, Facts)>,
    /// The settings resolved from what was given and site.toml.
    pub settings: Settings,
    /// How long validation and compute took.
    pub stages: Stages,
}

/// One entry after its own check and its checks against the others ([`validate`]): what
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

/// What `serve` keeps from one check for the next: each entry's own check, and the model
/// and facts of the last preview (whose facts a save did not change are kept:
/// [`crate::facts::compute_after`]).
pub type Remembered<'a> = (Option<&'a mut EntryCache>, Option<(&'a Model, &'a Facts)>);

/// The whole of `yishi check` after loading: validate (the settings resolved from `given` and
/// site.toml once, in [`validate`]), compute the facts, and add the staff warnings (section 7, 13.8, 13.9), the note that base_url is missing and the
/// problems of `static/` (read through `source`); every report masked ([`privacy`]) and
/// sorted. With a [`EntryCache`], entries checked before are taken from it; with an earlier
/// model and its facts, the facts the save cannot have changed
/// ([`crate::facts::compute_after`]).
pub fn check(
    loaded: &Loaded,
    source: &dyn Source,
    given: &Given,
    reporting: Reporting,
    (memo, earlier): Remembered<'_>,
) -> Checked {
    let mut stages = Stages::default();
    let t = Instant::now();
    let validated = validate(loaded, given, reporting, memo);
    let t = stages.mark("validate", t);
    let settings = validated.settings;
    let mut diagnostics = validated.diagnostics;
    let result = validated.model.map(|model| {
        let facts = crate::facts::compute_after(&model, settings.today, earlier);
        diagnostics.extend(validated.timeliness);
        if reporting.warnings() {
            diagnostics.extend(cross_file_warnings(loaded, &model, &facts));
        }
        diagnostics.extend(site::base_url_note(&settings));
        let rules = statics::Rules::of(&model.site);
        let (_, problems) = statics::publishable(source, rules, &model.static_files);
        diagnostics.extend(problems);
        (model, facts)
    });
    stages.mark("compute", t);
    if !reporting.warnings() {
        diagnostics.retain(|d| d.severity == Severity::Error);
    }
    let allow = result
        .as_ref()
        .map(|(m, _)| m.site.privacy_allow.clone())
        .unwrap_or_default();
    privacy::redact_diagnostics(&mut diagnostics, &allow);
    crate::diagnostics::sort(&mut diagnostics);
    let result = result.filter(|_| !crate::diagnostics::has_errors(&diagnostics));
    Checked {
        diagnostics,
        result,
        settings,
        stages,
    }
}

/// The settings and the site of a repository read from its site.toml alone, the records
/// unread: what `yishi new` needs (the vocabularies, and today in the site's zone). The
/// defaults when site.toml is missing or has errors.
pub fn site_settings(source: &dyn Source, given: &Given) -> (Settings, Option<Site>) {
    let mut diags = Vec::new();
    let site = crate::input::load::read_text(source, "site.toml", &mut diags)
        .and_then(|file| validate_site(&file, &mut diags))
        .map(|(site, _)| site);
    match site {
        Some(site) => (Settings::resolve(given, &site), Some(site)),
        None => (Settings::without_site(given), None),
    }
}

/// Checks the loaded repository, with the settings resolved once from what the command line
/// was `given` and site.toml. With a [`EntryCache`] (`yishi serve`), entries checked before
/// and not forgotten since are taken from it and new checks are kept in it.
pub fn validate(
    loaded: &Loaded,
    given: &Given,
    reporting: Reporting,
    memo: Option<&mut EntryCache>,
) -> Validated {
    let warnings = reporting.warnings();
    let mut diags = loaded.diagnostics.clone();
    let site = loaded
        .site
        .as_ref()
        .and_then(|f| validate_site(f, &mut diags));
    let Some((site, _)) = site else {
        return Validated {
            model: None,
            settings: Settings::without_site(given),
            diagnostics: diags,
            timeliness: Vec::new(),
        };
    };
    let settings = Settings::resolve(given, &site);
    let today = settings.today;
    for file in loaded.site.iter().chain(loaded.council.iter()) {
        diags.extend(privacy::scan_record(
            privacy::Record::Toml(file),
            &site.privacy_allow,
        ));
    }
    let council = loaded
        .council
        .as_ref()
        .map(|f| validate_council(f, &site.grids, &mut diags));
    let council_ok = !matches!(council, Some(None));
    let (council, staff): (Option<Vec<Member>>, Vec<crate::model::Staff>) = match council.flatten()
    {
        Some((members, staff)) => (Some(members), staff),
        None => (None, Vec::new()),
    };
    let members: BTreeSet<&str> = council.iter().flatten().map(|m| m.name.as_str()).collect();

    // Drafts are known from a light look when the files were read ([`RawEntry::draft`]),
    // so every id a reference may point at is known too — every file that exists (valid or
    // not, so one broken file does not make references to it fail too), drafts left out —
    // and each entry's checks against the others run beside its own check.
    let drafts: FxHashSet<(Kind, &str)> = loaded
        .entries
        .iter()
        .filter(|e| entry::left_out(e, settings.drafts))
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
    let known_ids = known_ids;
    let universe = universe(loaded, &known_ids, &members, today);

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
    let mut reviewed: Vec<Reviewed> = loaded
        .entries
        .par_iter()
        .map(|entry| {
            let before = kept.and_then(|m| m.entries.get(&entry.file.path));
            let (check, fresh) = match before {
                Some(before) => (before.check.clone(), false),
                None => (
                    Arc::new(check_entry(entry, &site, today, settings.drafts)),
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
                    cross_check(entry, &check, &known_ids, &members, today, &mut found).map(|ok| {
                        let cross = CrossCheck {
                            check: address,
                            universe,
                            ok,
                            diagnostics: found,
                            linked: entry_links(&check, &known_ids),
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

    let mut all_ok = council_ok;
    let (mut topics, mut meetings, mut evaluations, mut pages, mut supervision) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut visits: Vec<(
        std::sync::Arc<crate::model::Visit>,
        &RawEntry,
        Arc<visit::RawVisit>,
    )> = Vec::new();
    let mut timeliness = Vec::new();
    let mut linked: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
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
            all_ok = false;
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
    let entry_of = |path: &str| entries.iter().find(|e| e.file.path == path).copied();
    // A project evaluation rates work that had begun: not before a topic it lists was raised.
    // (The topics are in their files' order, which is by id: `Loaded::entries`.)
    let topic = |id: &str| {
        topics
            .binary_search_by(|t| t.id.as_str().cmp(id))
            .ok()
            .map(|i| &topics[i])
    };
    for e in evaluations.iter().filter(|e| e.is_project()) {
        for id in &e.subjects {
            let Some(raised) = topic(id).and_then(|t| t.raised) else {
                continue;
            };
            if e.date < raised
                && let Some(entry) = entry_of(&e.path)
            {
                let date = e.date;
                diags.push(
                    Diagnostic::error(
                        "date-order",
                        &entry.file,
                        reading::line_of(&entry.file, "date").start..reading::line_of(&entry.file, "date").end,
                        crate::tr!(
                            "the evaluation's date {date} is before topic \"{id}\" was raised ({raised})",
                            "评议日期 {date} 早于议题“{id}”的提出日期（{raised}）"
                        ),
                    )
                    .with_hint(crate::tr!(
                        "check the date, or the topics evaluated",
                        "检查评议日期，或评议的议题"
                    )),
                );
                all_ok = false;
            }
        }
    }
    // Grids (14.2): a topic's and a visit's grid exists; a visit is made by a member or staff
    // serving on its day, not before its grid's start.
    let grid_known = |id: &str| site.grids.iter().any(|g| g.id == id);
    for t in &topics {
        if let Some(g) = &t.grid
            && !grid_known(g)
            && let Some(entry) = entry_of(&t.path)
        {
            diags.push(
                Diagnostic::error(
                    "unknown-ref",
                    &entry.file,
                    reading::line_of(&entry.file, "grid"),
                    crate::tr!("grid \"{g}\" does not exist", "网格“{g}”不存在"),
                )
                .with_hint(crate::tr!(
                    "grids are listed in site.toml [[grids]]; leave grid out for the whole community",
                    "网格在 site.toml 的 [[grids]] 里列出；涉及整个社区的议题不写 grid"
                )),
            );
            all_ok = false;
        }
    }
    for (v, entry, raw) in &visits {
        let mut cx = reading::Ctx {
            file: &entry.file,
            base: entry.front.start,
            diags: &mut diags,
        };
        match site.grids.iter().find(|g| g.id == v.grid) {
            None => {
                let g = &v.grid;
                cx.error(
                    "unknown-ref",
                    &raw.grid,
                    crate::tr!("grid \"{g}\" does not exist", "网格“{g}”不存在"),
                    crate::tr!(
                        "grids are listed in site.toml [[grids]]",
                        "网格在 site.toml 的 [[grids]] 里列出"
                    ),
                );
                all_ok = false;
            }
            Some(grid) => {
                if let Some(since) = grid.since {
                    all_ok &= cx.not_before(
                        &raw.date,
                        (v.date, crate::tr!("the visit's date", "走访日期")),
                        (since, crate::tr!("the grid's start", "网格开始走访的日期")),
                    );
                }
            }
        }
        let person = council
            .iter()
            .flatten()
            .map(|m| (m.since, m.until))
            .zip(council.iter().flatten().map(|m| m.name.as_str()))
            .chain(staff.iter().map(|s| ((s.since, s.until), s.name.as_str())))
            .find(|(_, name)| *name == v.by);
        let by = &v.by;
        match person {
            // A broken council.toml is reported once, not again at every visit.
            _ if !council_ok => {}
            None => {
                cx.error(
                    "unknown-ref",
                    &raw.by,
                    crate::tr!(
                        "\"{by}\" is neither a council member nor staff",
                        "“{by}”既不是议事委员会委员，也不是工作人员"
                    ),
                    crate::tr!(
                        "names must match council.toml's [[members]] or [[staff]] exactly",
                        "姓名要和 council.toml 的 [[members]] 或 [[staff]] 完全一致"
                    ),
                );
                all_ok = false;
            }
            Some(((since, until), _)) if !crate::facts::grids::serves(since, until, v.date) => {
                let date = v.date;
                cx.error(
                    "roll-call",
                    &raw.by,
                    crate::tr!("\"{by}\" did not serve on {date}", "{date} 时“{by}”不在任"),
                    crate::tr!(
                        "check the date, or since and until in council.toml",
                        "检查走访日期，或 council.toml 里的 since 和 until"
                    ),
                );
                all_ok = false;
            }
            Some(_) => {}
        }
    }
    let visits: Vec<std::sync::Arc<crate::model::Visit>> =
        visits.into_iter().map(|(v, _, _)| v).collect();
    // Reports to a committee site.toml does not name (14.1).
    if site.supervision.is_none()
        && let Some(entry) = entries.iter().find(|e| {
            e.kind == Kind::Supervision && !known_ids.drafts.contains(&(e.kind, e.id.as_str()))
        })
    {
        diags.push(
            Diagnostic::error(
                "supervision",
                &entry.file,
                0..0,
                crate::tr!(
                    "a report to the supervision committee, but site.toml has no [supervision]",
                    "有向监督委员会的报告，但 site.toml 没有 [supervision]"
                ),
            )
            .with_hint(crate::tr!(
                "add [supervision] to site.toml with committee = \"…\" and since = YYYY-MM-DD",
                "在 site.toml 加上 [supervision]，写明 committee = \"…\" 和 since = 开始日期"
            )),
        );
        all_ok = false;
    }
    // A topic without a raised date is dated by the meetings that list it (15.2): at least
    // one must. (Most communities date every topic: then no meeting is looked at.)
    let mut unlisted: FxHashSet<&str> = topics
        .iter()
        .filter(|t| t.raised.is_none())
        .map(|t| t.id.as_str())
        .collect();
    for m in &meetings {
        if unlisted.is_empty() {
            break;
        }
        let listed = m
            .topics
            .iter()
            .chain(m.resolutions.iter().filter_map(|r| r.topic.as_ref()));
        for id in listed {
            unlisted.remove(id.as_str());
        }
    }
    for t in topics.iter().filter(|t| t.raised.is_none()) {
        if !unlisted.contains(t.id.as_str()) {
            continue;
        }
        if let Some(entry) = entry_of(&t.path) {
            diags.push(
                Diagnostic::error(
                    "unrecorded",
                    &entry.file,
                    reading::line_of(&entry.file, "unrecorded"),
                    crate::tr!(
                        "the topic has no raised date and no meeting lists it, so it has no date to count from",
                        "议题没有提出日期（raised），也没有会议列出它，无法确定它的日期"
                    ),
                )
                .with_hint(crate::tr!(
                    "write raised = YYYY-MM-DD when the record gives it, or list the topic in the meeting that discussed it",
                    "原记录有日期的写 raised = 日期；或在讨论它的会议的 topics 里列出这个议题"
                )),
            );
            all_ok = false;
        }
    }
    let collisions = static_collisions(
        &loaded.static_files,
        ROOT_FILES,
        |first| RESERVED_IDS.contains(&first) || known_ids.pages.contains(first),
        &crate::tr!("the site", "网站"),
        &crate::tr!(
            "{files}, {folders} and the free pages' ids",
            "{files}、{folders} 以及其他页面的文件名";
            files = ROOT_FILES.join(", "),
            folders = RESERVED_IDS
                .iter()
                .map(|r| format!("{r}/"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    );
    all_ok &= collisions.is_empty();
    diags.extend(collisions);
    // File names are published text (the addresses of pages and files).
    for path in &loaded.attachments {
        let published = path.strip_prefix("attachments/").unwrap_or(path);
        let shown = format!("content/{path}");
        let found = privacy::scan_record(
            privacy::Record::Name {
                path: &shown,
                name: published,
            },
            &site.privacy_allow,
        );
        all_ok &= found.is_empty();
        diags.extend(found);
    }
    for path in &loaded.static_files {
        let shown = format!("static/{path}");
        let found = privacy::scan_record(
            privacy::Record::Name {
                path: &shown,
                name: path,
            },
            &site.privacy_allow,
        );
        all_ok &= found.is_empty();
        diags.extend(found);
    }
    // Attachments of a kind that cannot be published clean, by name (their bytes are
    // checked when the site is built).
    for path in &loaded.attachments {
        if let Some(hint) = crate::media::strip::policy(path, &site.attachments_as_is).hint() {
            diags.push(
                Diagnostic::whole_file(
                    Severity::Error,
                    "attachment",
                    &format!("content/{path}"),
                    crate::tr!(
                        "is not a kind of file yishi publishes",
                        "是 yishi 不发布的文件类型"
                    ),
                )
                .with_hint(hint),
            );
            all_ok = false;
        }
    }

    if !all_ok {
        return Validated {
            model: None,
            settings,
            diagnostics: diags,
            timeliness: Vec::new(),
        };
    }
    // An attachment that only drafts link is part of those drafts: it is published with
    // the first published record that links it. (One that nothing links is published as
    // it is in the folder, as before: a community may keep documents there.)
    let draft_texts: Vec<&str> = entries
        .iter()
        .filter(|e| known_ids.drafts.contains(&(e.kind, e.id.as_str())))
        .map(|e| e.file.text.as_str())
        .collect();
    let only_in_drafts =
        |path: &str| !linked.contains(path) && draft_texts.iter().any(|t| t.contains(path));
    let attachments: Vec<String> = loaded
        .attachments
        .iter()
        .filter(|path| !only_in_drafts(path))
        .cloned()
        .collect();
    let model = Model {
        site,
        council,
        topics,
        meetings,
        evaluations,
        pages,
        supervision,
        staff,
        visits,
        attachments,
        static_files: loaded.static_files.clone(),
    };
    Validated {
        model: Some(model),
        settings,
        diagnostics: diags,
        timeliness,
    }
}
