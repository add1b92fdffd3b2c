//! One entry checked by itself: personal data, its front matter by kind, its body, the
//! staff warnings that need only it; and the cache `serve` keeps of these checks.

use std::sync::Arc;

use chrono::NaiveDate;
use rustc_hash::FxHashMap;

use super::evaluation::{RawAnyEvaluation, evaluation_from};
use super::meeting::{RawMeeting, meeting_from};
use super::page::page_from;
use super::supervision::supervision_from;
use super::topic::topic_from;
use super::{meeting, topic};
use crate::diagnostics::Diagnostic;
use crate::input::load::{Kind, RawEntry};
use crate::model::{Evaluation, Meeting, Page, Rules, Site, SupervisionReport, Topic};
use crate::{markdown, privacy};

/// What parsing one entry gave. Shared (`Arc`), so a [`EntryCache`] can hand the same entry to the
/// next check without copying it.
#[derive(Clone)]
pub(super) enum Parsed {
    Draft,
    Topic(Arc<Topic>),
    Meeting(Arc<RawMeeting>, Arc<Meeting>),
    Evaluation(Arc<RawAnyEvaluation>, Arc<Evaluation>),
    Page(Arc<Page>),
    Supervision(Arc<SupervisionReport>),
    Visit(Arc<super::visit::RawVisit>, Arc<crate::model::Visit>),
    Rejected,
}

/// The record a parsed entry makes, without what parsing kept for the checks against the
/// other files (a visit keeps its raw front matter: its grid and maker are checked after).
pub(super) enum Record {
    Topic(Arc<Topic>),
    Meeting(Arc<Meeting>),
    Evaluation(Arc<Evaluation>),
    Page(Arc<Page>),
    Supervision(Arc<SupervisionReport>),
    Visit(Arc<super::visit::RawVisit>, Arc<crate::model::Visit>),
}

impl Parsed {
    /// The record, when the entry parsed into one.
    pub(super) fn record(&self) -> Option<Record> {
        Some(match self {
            Parsed::Topic(t) => Record::Topic(t.clone()),
            Parsed::Meeting(_, m) => Record::Meeting(m.clone()),
            Parsed::Evaluation(_, e) => Record::Evaluation(e.clone()),
            Parsed::Page(p) => Record::Page(p.clone()),
            Parsed::Supervision(r) => Record::Supervision(r.clone()),
            Parsed::Visit(raw, v) => Record::Visit(raw.clone(), v.clone()),
            Parsed::Draft | Parsed::Rejected => return None,
        })
    }
}

/// What checking one entry by itself found: everything that depends only on its own text,
/// the site's rules and today — so an unchanged file need not be checked again ([`EntryCache`]).
pub(super) struct EntryCheck {
    pub(super) parsed: Parsed,
    /// Problems of the file alone: personal data, front matter, warnings about the body.
    pub(super) diagnostics: Vec<Diagnostic>,
    /// The body's `@/…` links, checked against the other entries afterwards.
    pub(super) links: Vec<markdown::InternalLink>,
    /// Staff warnings given only when the whole repository checks (section 7).
    pub(super) timeliness: Vec<Diagnostic>,
}

/// Each entry's own check, kept between checks of the same repository by `yishi serve`, so a
/// save parses only the files that changed. The keeper says which files changed
/// ([`EntryCache::forget`]); a different site.toml, today or drafts option starts afresh.
#[derive(Default)]
pub struct EntryCache {
    /// site.toml's text, today and the drafts option the entries were checked with.
    pub(super) context: Option<(String, NaiveDate, bool)>,
    /// By path: one lookup a file on every save (at 10,000 topics, 36,000 of them).
    pub(super) entries: FxHashMap<String, Kept>,
}

/// What is kept of one file.
pub(super) struct Kept {
    /// Its own check.
    pub(super) check: Arc<EntryCheck>,
    /// Its checks against the other files, kept while neither its own check nor what it may
    /// refer to (the ids, attachments, drafts and council members, summed up in
    /// `CrossCheck::universe`) changed: after a save that adds or removes no file, every
    /// other entry's references are as they were. None for a draft. Shared, so a save
    /// hands it on without copying the links of every file.
    pub(super) cross: Option<Arc<CrossCheck>>,
}

/// One entry's checks against the other files, as they came out.
#[derive(Debug)]
pub(super) struct CrossCheck {
    /// The entry's own check they were made with (its address: a new check is a new `Arc`).
    pub(super) check: usize,
    /// What the entry could refer to, summed up ([`universe`]).
    pub(super) universe: u64,
    pub(super) ok: bool,
    pub(super) diagnostics: Vec<Diagnostic>,
    /// The attachments the entry links.
    pub(super) linked: Vec<String>,
}

impl EntryCache {
    /// Forgets the check of the file at `path` (relative to the root), which changed.
    pub fn forget(&mut self, path: &str) {
        self.entries.remove(path);
    }
    /// How many entries' checks are kept.
    pub fn len(&self) -> usize {
        self.entries.len()
    }
    /// Whether nothing is kept.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// Whether the entry is a draft left out of this build (`drafts`: drafts are built): the
/// rule [`check_entry`] follows, known before parsing ([`RawEntry::draft`]).
pub(super) fn left_out(entry: &RawEntry, drafts: bool) -> bool {
    !drafts && entry.draft
}

/// Validates a loaded repository.
/// Checks one entry by itself: personal data, its front matter, its body.
pub(super) fn check_entry(
    entry: &RawEntry,
    site: &Site,
    today: NaiveDate,
    drafts: bool,
) -> EntryCheck {
    if left_out(entry, drafts) {
        return EntryCheck {
            parsed: Parsed::Draft,
            diagnostics: Vec::new(),
            links: Vec::new(),
            timeliness: Vec::new(),
        };
    }
    // Personal data (spec section 9): every file that is published, as a whole.
    let mut d = privacy::scan_record(privacy::Record::Entry(entry), &site.privacy_allow);
    d.extend(privacy::scan_record(
        privacy::Record::Name {
            path: &entry.file.path,
            name: &entry.id,
        },
        &site.privacy_allow,
    ));
    let mut parsed = match entry.kind {
        Kind::Topic => {
            topic_from(entry, &site.rules, today, &mut d).map(|t| Parsed::Topic(t.into()))
        }
        Kind::Meeting => {
            meeting_from(entry, site, &mut d).map(|(raw, m)| Parsed::Meeting(raw.into(), m.into()))
        }
        Kind::Evaluation => evaluation_from(entry, today, &mut d)
            .map(|(raw, e)| Parsed::Evaluation(raw.into(), e.into())),
        Kind::Page => page_from(entry, &mut d).map(|p| Parsed::Page(p.into())),
        Kind::Supervision => {
            supervision_from(entry, today, &mut d).map(|r| Parsed::Supervision(r.into()))
        }
        Kind::Visit => super::visit::visit_from(entry, today, &mut d)
            .map(|(raw, v)| Parsed::Visit(raw.into(), v.into())),
    }
    // A rejected entry's body is still checked, so every problem shows at once.
    .unwrap_or(Parsed::Rejected);
    let review = markdown::review(entry.body_text(), markdown::Look::ALL);
    body_warnings(entry, &review, &mut d);
    if let Some(span) = &review.too_deep {
        let at = entry.body.start;
        d.push(
            Diagnostic::error(
                "too-deep",
                &entry.file,
                at + span.start..at + span.end,
                crate::tr!(
                    "HTML elements here nest more than {limit} levels deep, which takes too long to publish safely",
                    "这里的 HTML 元素嵌套超过 {limit} 层，无法在合理时间内安全发布";
                    limit = markdown::MAX_HTML_DEPTH
                ),
            )
            .with_hint(crate::tr!(
                "close the tags you open (</div>, </ul>), or write the text in Markdown",
                "把打开的标签关上（</div>、</ul>），或改用 Markdown 写法"
            )),
        );
        parsed = Parsed::Rejected;
    }
    EntryCheck {
        timeliness: timeliness_warnings(entry, &parsed, &site.rules, today),
        parsed,
        diagnostics: d,
        links: review.links,
    }
}

/// Warnings about a body that need no other file: raw HTML that will be removed, emphasis
/// that will not close.
fn body_warnings(entry: &RawEntry, review: &markdown::Review, diags: &mut Vec<Diagnostic>) {
    let body = entry.body.start;
    let file = &entry.file;
    for (span, html) in &review.unsafe_html {
        let shown: String = html.chars().take(60).collect();
        let message = if shown.starts_with('{') {
            crate::tr!(
                "heading attributes other than an id {{#…}} were removed: {shown}",
                "小标题中除 id {{#…}} 以外的属性已删除：{shown}"
            )
        } else {
            crate::tr!(
                "raw HTML outside the safe subset was removed: {shown}",
                "不安全的 HTML 已删除：{shown}"
            )
        };
        diags.push(
            Diagnostic::warning("raw-html", file, body + span.start..body + span.end, message)
                .with_hint(crate::tr!("scripts, event handlers (onclick=…), javascript: links, frames and forms are never published; write Markdown instead", "脚本、事件处理（onclick=…）、javascript: 链接、框架和表单都不会发布；请改用 Markdown 写法")),
        );
    }
    for span in &review.literal_emphasis {
        diags.push(
            Diagnostic::warning("cjk-emphasis", file, body + span.start..body + span.end, crate::tr!("** or __ will show as literal asterisks: emphasis does not close after Chinese punctuation", "** 或 __ 会原样显示成星号：中文标点后面的加粗没有闭合"))
                .with_hint(crate::tr!("move the punctuation outside (**注意**：正文) or add a space after the closing ** ", "把标点移到外面（**注意**：正文），或在结尾的 ** 后加一个空格")),
        );
    }
}

/// Warnings of section 7 for staff about one entry: late publication, short notice, overdue
/// actions. They depend only on the entry, the rules and today, so they are made with the
/// entry's own check (and kept with it), and given when the records check without errors.
fn timeliness_warnings(
    entry: &RawEntry,
    parsed: &Parsed,
    rules: &Rules,
    today: NaiveDate,
) -> Vec<Diagnostic> {
    match parsed {
        Parsed::Meeting(_, meeting) => meeting::timeliness(&entry.file, meeting, rules, today),
        Parsed::Topic(topic) => topic::timeliness(&entry.file, topic, rules, today),
        Parsed::Draft
        | Parsed::Evaluation(..)
        | Parsed::Page(_)
        | Parsed::Supervision(_)
        | Parsed::Visit(..)
        | Parsed::Rejected => Vec::new(),
    }
}
