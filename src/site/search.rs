//! Search that handles Chinese, with no server: an inverted index of CJK characters and
//! pairs built with the site under `search/`, and read by `static/search.js` on
//! `search/index.html`, which ranks, filters and excerpts (docs/content.md says how).
//!
//! Chinese is written without spaces, so the index holds every character and every pair of
//! adjacent characters (the bigram scheme of Lucene's `CJKAnalyzer`, used by Elasticsearch's
//! `cjk` analyzer, plus unigrams): "停车位" is found as 停车 + 车位, with no dictionary to miss
//! a local name, and 狗 alone finds 遛狗. Letters and digits form words ("3", "wifi"). Each
//! term's postings carry a BM25 weight computed here, so the browser fetches one small file
//! per query term and adds the weights up.
//!
//! The index is fed one plain-text record per topic, meeting, year and free page, and one
//! for the council, made from the model — every field residents see (titles, summaries,
//! bodies, resolutions, progress notes, the names of who chaired, recorded, attended or is
//! on the council, objections, reports, evaluation comments) — not the rendered HTML, whose
//! navigation, tallies and timelines repeat across pages. Lists and the board are not
//! indexed, so every hit is the record itself. Each record's whole text is kept for its
//! excerpt, and its kind, category and year for the filters.
//!
//! Building it is linear in the text and parallel: at 10,000 topics it takes well under a
//! second where Pagefind, used before, took 37 s (docs/performance.md). Without JavaScript
//! (or opened from `file://`, where browsers refuse to fetch the index) the search page
//! still lists every category and year to browse.

use chrono::Datelike;
use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;

use crate::markdown::plain_text;
use crate::model::Model;
use crate::plumbing::output::OutputFile;
use crate::site::urls::{meeting_url, page_url, topic_url, year_url};

/// One searchable record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// Site-relative address of its page.
    pub url: String,
    /// What a result shows as its link.
    pub title: String,
    /// The words to find it by.
    pub text: String,
    /// What kind of page it is (the search page filters by it).
    pub kind: RecordKind,
    /// A topic's category (filtered by).
    pub category: Option<String>,
    /// The year it belongs to: a topic's by when it was raised, a meeting's by its day
    /// (filtered by).
    pub year: Option<i32>,
    /// The headings of its body with their ids on the page, in order: a match under one
    /// links to it (`page#id`), as Pagefind's sub-results do.
    pub sections: Vec<(String, String)>,
}

/// The kinds of record the search page can filter by, in the order of `search/filters.json`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordKind {
    /// A topic's page.
    Topic,
    /// A meeting's page.
    Meeting,
    /// A year's summary.
    Year,
    /// A free page or the council.
    Other,
}

fn join<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for p in parts {
        let p = p.trim();
        if !p.is_empty() {
            out.push_str(p);
            out.push('\n');
        }
    }
    out
}

/// Where the index takes its records from, in a fixed order (a record's number is its
/// place): how many there are, about how much text they hold (which sizes the index), and
/// each one, made only when its batch is indexed so the texts are never all held at once.
pub trait Searchable: Sync {
    /// How many records.
    fn record_count(&self) -> usize;
    /// About how many bytes of text they hold, in all.
    fn text_bytes(&self) -> usize;
    /// Record `i` (below `record_count`).
    fn record(&self, i: usize) -> Record;
}

impl Searchable for Vec<Record> {
    fn record_count(&self) -> usize {
        self.len()
    }
    fn text_bytes(&self) -> usize {
        self.iter().map(|r| r.text.len()).sum()
    }
    fn record(&self, i: usize) -> Record {
        self[i].clone()
    }
}

/// The searchable records of a community: topics, meetings, years, pages, each by id.
pub struct Records<'a> {
    model: &'a Model,
    years: Vec<i32>,
    year_title: Box<dyn Fn(i32) -> String + Sync + 'a>,
    council_title: Box<dyn Fn() -> String + Sync + 'a>,
    /// The grids page's title, when the community has grids (14.2).
    grids_title: String,
}

impl<'a> Records<'a> {
    /// The records of `model`, with a record for each of `years` titled by `year_title`,
    /// and one for the council (when there is one) titled by `council_title`.
    pub fn new(
        model: &'a Model,
        years: Vec<i32>,
        year_title: impl Fn(i32) -> String + Sync + 'a,
        council_title: impl Fn() -> String + Sync + 'a,
    ) -> Records<'a> {
        Records {
            model,
            years,
            year_title: Box::new(year_title),
            council_title: Box::new(council_title),
            grids_title: String::new(),
        }
    }

    /// With a record for the grids page (片区联系人): each grid's name and area and the names
    /// of its contacts, so a resident who types a 网格员's name or their building finds it.
    pub fn with_grids_title(mut self, title: String) -> Self {
        self.grids_title = title;
        self
    }

    fn topic(&self, t: &crate::model::Topic) -> Record {
        let mut parts: Vec<&str> = vec![&t.title, &t.category];
        parts.extend(t.summary.as_deref());
        parts.extend(t.raised_by.as_deref());
        parts.extend(t.stakeholders.iter().map(String::as_str));
        parts.extend(t.declined.as_deref());
        parts.extend(t.accepted_by.as_deref());
        for r in &t.reports {
            parts.push(r.kind.label());
            parts.push(&r.to);
            parts.extend(r.answer.as_deref());
        }
        for a in &t.actions {
            parts.push(&a.task);
            parts.push(&a.owner);
            parts.extend(a.supervisor.as_deref());
            parts.extend(a.funding.as_deref());
            parts.extend(a.updates.iter().filter_map(|u| u.note.as_deref()));
        }
        let body = plain_text(&t.body);
        parts.push(&body.text);
        Record {
            url: topic_url(&t.id),
            title: t.title.clone(),
            text: join(parts),
            kind: RecordKind::Topic,
            category: Some(t.category.clone()),
            year: t.raised.map(|d| d.year()),
            sections: body.headings,
        }
    }

    fn meeting(&self, m: &crate::model::Meeting) -> Record {
        // Every field residents see, names included: a resident looks for the meeting a
        // neighbour chaired, recorded or attended.
        let mut parts: Vec<&str> = vec![&m.title, &m.kind];
        parts.extend(m.place.as_deref());
        parts.extend(m.host.as_deref());
        parts.extend(m.recorder.as_deref());
        parts.extend(m.attendees.iter().map(String::as_str));
        parts.extend(m.absent.iter().map(String::as_str));
        for side in [
            &m.parties.organiser,
            &m.parties.stakeholders,
            &m.parties.third,
        ] {
            parts.extend(side.iter().map(String::as_str));
        }
        for o in &m.objections {
            parts.push(&o.summary);
            parts.extend(o.answer.as_deref());
        }
        parts.extend(
            m.topics
                .iter()
                .filter_map(|id| self.model.topic(id).map(|t| t.title.as_str())),
        );
        parts.extend(m.resolutions.iter().map(|r| r.text.as_str()));
        parts.extend(m.cancelled.as_deref());
        let body = plain_text(&m.body);
        parts.push(&body.text);
        Record {
            url: meeting_url(&m.id),
            title: m.title.clone(),
            text: join(parts),
            kind: RecordKind::Meeting,
            category: None,
            year: Some(m.start.year()),
            sections: body.headings,
        }
    }

    fn year(&self, year: i32) -> Record {
        let title = (self.year_title)(year);
        let mut parts: Vec<&str> = vec![&title];
        let evaluation = self.model.evaluations.iter().find(|e| e.year == Some(year));
        let body = evaluation.map(|e| plain_text(&e.body)).unwrap_or_default();
        if let Some(e) = evaluation {
            parts.extend(e.method.as_deref());
            parts.extend(e.topics.iter().filter_map(|r| r.comment.as_deref()));
            parts.push(&body.text);
        }
        let text = join(parts);
        Record {
            url: year_url(year),
            title,
            text,
            kind: RecordKind::Year,
            category: None,
            year: Some(year),
            sections: body.headings,
        }
    }
}

impl Searchable for Records<'_> {
    fn record_count(&self) -> usize {
        let m = self.model;
        m.topics.len()
            + m.meetings.len()
            + self.years.len()
            + m.pages.len()
            + usize::from(m.council.is_some())
            + usize::from(!m.site.grids.is_empty())
    }
    /// The Markdown and titles the texts are made from: known without making them.
    fn text_bytes(&self) -> usize {
        let m = self.model;
        let topics: usize = m.topics.iter().map(|t| t.title.len() + t.body.len()).sum();
        let meetings: usize = m
            .meetings
            .iter()
            .map(|x| x.title.len() + x.body.len())
            .sum();
        let evaluations: usize = m.evaluations.iter().map(|e| e.body.len()).sum();
        let pages: usize = m.pages.iter().map(|p| p.title.len() + p.body.len()).sum();
        topics + meetings + evaluations + pages
    }
    fn record(&self, i: usize) -> Record {
        let m = self.model;
        let (topics, meetings, years) = (m.topics.len(), m.meetings.len(), self.years.len());
        if let Some(t) = m.topics.get(i) {
            self.topic(t)
        } else if let Some(x) = m.meetings.get(i - topics) {
            self.meeting(x)
        } else if let Some(&year) = self.years.get(i - topics - meetings) {
            self.year(year)
        } else if let Some(p) = m.pages.get(i - topics - meetings - years) {
            let body = plain_text(&p.body);
            Record {
                url: page_url(&p.id),
                title: p.title.clone(),
                text: join([p.title.as_str(), body.text.as_str()]),
                kind: RecordKind::Other,
                category: None,
                year: None,
                sections: body.headings,
            }
        } else if m.council.is_none() || i - topics - meetings - years - m.pages.len() > 0 {
            // The grids: names, areas and every person who answers for one.
            let mut parts: Vec<&str> = Vec::new();
            for g in &m.site.grids {
                parts.push(&g.name);
                parts.push(&g.area);
                for member in m
                    .council
                    .iter()
                    .flatten()
                    .filter(|x| x.grids.contains(&g.id))
                {
                    parts.push(&member.name);
                    parts.push(&member.role);
                }
                for st in m.staff.iter().filter(|x| x.grids.contains(&g.id)) {
                    parts.push(&st.name);
                    parts.push(&st.role);
                }
            }
            Record {
                url: "grids/index.html".into(),
                title: self.grids_title.clone(),
                text: join(parts),
                kind: RecordKind::Other,
                category: None,
                year: None,
                sections: Vec::new(),
            }
        } else {
            // The council: its members by name, role and affiliation.
            let members = m.council.iter().flatten();
            let mut parts: Vec<&str> = Vec::new();
            for member in members {
                parts.push(&member.name);
                parts.push(&member.role);
                parts.extend(member.affiliation.as_deref());
            }
            Record {
                url: "council/index.html".into(),
                title: (self.council_title)(),
                text: join(parts),
                kind: RecordKind::Other,
                category: None,
                year: None,
                sections: Vec::new(),
            }
        }
    }
}

/// Records per file of `search/docs/`: what a result shows (address, title, the text its
/// excerpt is cut from) is fetched only for the results on screen. Texts are whole (a match
/// anywhere gets its excerpt), so files are small: a result costs a few kilobytes.
pub const DOC_CHUNK: usize = 4;

/// About how many postings one file of `search/terms/` holds. The number of term files is
/// the power of two that keeps them near this size (a query fetches one file per term).
const POSTINGS_PER_FILE: usize = 8192;

/// Records tokenised at a time (in parallel) before their postings join the index, so only
/// one batch's term lists and texts are held at once. A whole number of docs files.
const BATCH: usize = DOC_CHUNK * 1024;

/// BM25's usual parameters.
const K1: f64 = 1.2;
const B: f64 = 0.75;

/// How many times an occurrence in the title counts.
const TITLE_WEIGHT: u32 = 3;

impl RecordKind {
    /// How much a record's scores count (Pagefind's page weight): a topic's page is where a
    /// resident's problem lives from the day it was raised to its evaluation, and a meeting
    /// that discussed it repeats its title and words, so a topic counts half as much again
    /// as the meetings about it and comes first among equals.
    fn weight(self) -> f64 {
        match self {
            RecordKind::Topic => 1.5,
            RecordKind::Meeting | RecordKind::Year | RecordKind::Other => 1.0,
        }
    }
}

/// A posting packs the record number (high 20 bits) and the weighted term count (low 12).
const TF_BITS: u32 = 12;
const TF_MAX: u32 = (1 << TF_BITS) - 1;
const MAX_RECORDS: usize = 1 << (32 - TF_BITS);

/// Whether `c` is written without spaces between words (Han, kana, hangul): such text is
/// indexed by its characters and pairs of adjacent characters.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF
        | 0xF900..=0xFAFF | 0x20000..=0x3FFFF)
}

/// Full-width letters and digits as ASCII, then lower case (when that is one character), so
/// "ＡＢＣ", "ABC" and "abc" are the same term. `static/search.js` folds queries the same way.
pub fn fold(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    if is_cjk(c) {
        return c;
    }
    let c = match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    };
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

/// Calls `f` with every term of `text`, in order: each pair of adjacent CJK characters (a
/// CJK character standing alone by itself; every CJK character too when `unigrams`), and
/// each run of other letters and digits, folded. This is the CJK bigram scheme of Lucene's
/// `CJKAnalyzer`: no dictionary, and "停车位" is found as 停车 + 车位 wherever it is written.
/// Spaces and punctuation only separate terms, so "3 号楼" and "3号楼" give the same terms.
/// The index takes unigrams (a one-character search, 狗, finds 遛狗 in a body; a typo's
/// neighbours are checked by them); `static/search.js` splits queries without them.
pub fn terms(text: &str, unigrams: bool, mut f: impl FnMut(&str)) {
    term_keys(text, unigrams, |key| match key {
        Key::Cjk(packed) => f(&unpack(packed)),
        Key::Word(word) => f(word),
    });
}

/// A term as [`term_keys`] gives it: CJK terms packed into a number (counting a record's
/// terms hashes 8 bytes instead of comparing strings), words as text.
enum Key<'a> {
    /// One character (`c`) or a pair (`1 << 63 | a << 21 | b`).
    Cjk(u64),
    /// A run of letters and digits, folded.
    Word(&'a str),
}

const PAIR: u64 = 1 << 63;

/// The text of a packed CJK term.
fn unpack(packed: u64) -> Term {
    let char_of = |n: u64| char::from_u32((n & 0x1F_FFFF) as u32).unwrap_or('\u{FFFD}');
    let mut term = Term::default();
    if packed & PAIR != 0 {
        term.push(char_of(packed >> 21));
    }
    term.push(char_of(packed));
    term
}

/// [`terms`], with CJK terms packed (see [`Key`]).
fn term_keys(text: &str, unigrams: bool, mut f: impl FnMut(Key)) {
    let mut word = String::new();
    let mut prev: Option<char> = None;
    let mut run = 0usize;
    let end_run = |prev: &mut Option<char>, run: &mut usize, f: &mut dyn FnMut(Key)| {
        if let (Some(p), 1, false) = (*prev, *run, unigrams) {
            f(Key::Cjk(u64::from(p)));
        }
        *prev = None;
        *run = 0;
    };
    for c in text.chars().map(fold) {
        if is_cjk(c) {
            if !word.is_empty() {
                f(Key::Word(&word));
                word.clear();
            }
            if unigrams {
                f(Key::Cjk(u64::from(c)));
            }
            if let Some(p) = prev {
                f(Key::Cjk(PAIR | u64::from(p) << 21 | u64::from(c)));
            }
            prev = Some(c);
            run += 1;
        } else {
            end_run(&mut prev, &mut run, &mut f);
            if c.is_alphanumeric() {
                word.push(c);
            } else if !word.is_empty() {
                f(Key::Word(&word));
                word.clear();
            }
        }
    }
    end_run(&mut prev, &mut run, &mut f);
    if !word.is_empty() {
        f(Key::Word(&word));
    }
}

/// FNV-1a of a term's UTF-8 bytes: which file of `search/terms/` holds it (modulo their
/// number, a power of two). `static/search.js` computes the same.
pub fn term_hash(term: &str) -> u32 {
    fnv(0x811c_9dc5_u32, term.as_bytes())
}

fn fnv(h: u32, bytes: &[u8]) -> u32 {
    bytes
        .iter()
        .fold(h, |h, &b| (h ^ u32::from(b)).wrapping_mul(0x0100_0193))
}

/// [`term_hash`] of a packed CJK term, without making its text.
fn packed_hash(packed: u64) -> u32 {
    let char_of = |n: u64| char::from_u32((n & 0x1F_FFFF) as u32).unwrap_or('\u{FFFD}');
    let mut buf = [0u8; 4];
    let mut h = 0x811c_9dc5_u32;
    if packed & PAIR != 0 {
        h = fnv(h, char_of(packed >> 21).encode_utf8(&mut buf).as_bytes());
    }
    fnv(h, char_of(packed).encode_utf8(&mut buf).as_bytes())
}

/// One record's terms with their weighted counts (title occurrences count `TITLE_WEIGHT`
/// times) and the file of `search/terms/` each goes to (of `files`), and its length in terms.
/// CJK terms are counted and kept as numbers (see [`Key`]): hashing 8 bytes instead of
/// comparing strings, and no text made per occurrence.
fn record_terms(r: &Record, files: usize) -> Counted {
    // About one CJK term per byte of text (a character is 3 bytes and gives 2 terms).
    let mut cjk: HashMap<u64, u32> =
        HashMap::with_capacity_and_hasher(r.text.len() / 2, Default::default());
    let mut words: HashMap<Term, u32> = HashMap::default();
    let mut length = 0u32;
    let mut count = |key: Key, by: u32| match key {
        Key::Cjk(packed) => *cjk.entry(packed).or_default() += by,
        Key::Word(word) => match words.get_mut(word) {
            Some(n) => *n += by,
            None => {
                words.insert(Term::new(word), by);
            }
        },
    };
    term_keys(&r.text, true, |key| {
        length += 1;
        count(key, 1);
    });
    term_keys(&r.title, true, |key| count(key, TITLE_WEIGHT - 1));
    let mask = files - 1;
    let cjk = cjk
        .into_iter()
        .map(|(packed, tf)| ((packed_hash(packed) as usize & mask) as u32, packed, tf))
        .collect();
    let words = words
        .into_iter()
        .map(|(word, tf)| ((term_hash(&word) as usize & mask) as u32, word, tf))
        .collect();
    Counted { cjk, words, length }
}

/// A term of the index, stored inline when short.
type Term = compact_str::CompactString;

/// What [`record_terms`] finds in a record: its CJK terms (packed) and its words, each with
/// the terms file it goes to and its weighted count, and its length in terms.
struct Counted {
    cjk: Vec<(u32, u64, u32)>,
    words: Vec<(u32, Term, u32)>,
    length: u32,
}

/// One file of `search/terms/` while it is made: postings by CJK term (packed) and by word.
#[derive(Default, Clone)]
struct Table {
    cjk: HashMap<u64, Vec<u32>>,
    words: HashMap<Term, Vec<u32>>,
}

/// Builds the search index of `records` (in this order; a record's number is its place):
/// `search/meta.json`, the postings under `search/terms/<n>.json` (a JSON object from term
/// to `[record, weight, record gap, weight, …]`, weights being BM25 scores × 100, so the
/// browser only adds them up), what results show under `search/docs/<n>.json` and what
/// the filters need in `search/filters.json`. The work is linear in the text and
/// tokenising runs in parallel; the same records give the same bytes. The files, sorted by
/// path.
pub fn index(records: &dyn Searchable) -> Result<Vec<OutputFile>, String> {
    crate::plumbing::output::collect_sorted(|put| index_each(records, put))
}

/// What `search/meta.json` holds, known from the records without indexing them: the search
/// page carries it too, so its script starts fetching term files at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct IndexMeta {
    /// The format's version.
    pub version: u32,
    /// How many files `search/terms/` holds (a power of two).
    pub terms: usize,
    /// Records per file of `search/docs/`.
    pub chunk: usize,
    /// How many records.
    pub records: usize,
}

impl IndexMeta {
    /// The index of `records`, described.
    pub fn of(records: &dyn Searchable) -> IndexMeta {
        // About two postings per three bytes of text (a CJK character is three bytes, and
        // gives a character and a pair).
        let terms = (records.text_bytes() * 2 / 3 / POSTINGS_PER_FILE)
            .max(1)
            .next_power_of_two()
            .min(4096);
        IndexMeta {
            version: 2,
            terms,
            chunk: DOC_CHUNK,
            records: records.record_count(),
        }
    }
}

/// What `search/filters.json` holds: each record's kind, category and year as small numbers,
/// so the search page counts and filters its results without fetching their texts. Records
/// come in runs (all topics, then meetings; topics and meetings in date order), so kinds and
/// years are runs, `[value, how many, value, how many, …]`: at 10,000 topics and 20,000
/// meetings they take a few hundred bytes. Categories change from topic to topic, so they
/// are one character per record (of [`CODES`]), from the first record with a category to the
/// last: 10 kB there.
#[derive(Default, serde::Serialize)]
struct Filters {
    /// Kinds, in [`RecordKind`]'s order.
    kinds: [&'static str; 4],
    /// Runs of kinds: an index into `kinds`, how many records.
    kind: Vec<u32>,
    /// The categories, sorted.
    categories: Vec<String>,
    /// The record the category codes start at.
    category_from: usize,
    /// One character of [`CODES`] per record from `category_from`: `0` for none, else the
    /// category at 1 + its index in `categories` (records after the last have none).
    category: String,
    /// The years, sorted.
    years: Vec<i32>,
    /// Runs of years: 0 for none, else 1 + its index in `years`, how many records.
    year: Vec<u32>,
}

/// The characters category codes are written with: one per record, so a community's
/// categories (a vocabulary of a few) number at most 61; more are filed as none.
const CODES: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// `values` as runs: `[value, how many, …]`.
fn runs(values: impl Iterator<Item = u32>) -> Vec<u32> {
    let mut out: Vec<u32> = Vec::new();
    for v in values {
        match out.len() {
            n if n >= 2 && out[n - 2] == v => out[n - 1] += 1,
            _ => out.extend([v, 1]),
        }
    }
    out
}

impl Filters {
    /// Numbers the values seen (sorted, so the same records give the same file).
    fn new(seen: Vec<(RecordKind, Option<String>, Option<i32>)>) -> Filters {
        let mut categories: Vec<String> = seen.iter().filter_map(|s| s.1.clone()).collect();
        categories.sort();
        categories.dedup();
        let mut years: Vec<i32> = seen.iter().filter_map(|s| s.2).collect();
        years.sort_unstable();
        years.dedup();
        let place = |found: Result<usize, usize>| found.map_or(0, |i| i + 1);
        let codes: Vec<u8> = seen
            .iter()
            .map(|s| {
                let code =
                    s.1.as_ref()
                        .map_or(0, |c| place(categories.binary_search(c)));
                CODES.get(code).copied().unwrap_or(b'0')
            })
            .collect();
        let from = codes.iter().position(|&c| c != b'0').unwrap_or(0);
        let to = codes
            .iter()
            .rposition(|&c| c != b'0')
            .map_or(from, |i| i + 1);
        Filters {
            kinds: ["topic", "meeting", "year", "other"],
            kind: runs(seen.iter().map(|s| s.0 as u32)),
            category_from: from,
            category: String::from_utf8_lossy(&codes[from..to]).into_owned(),
            year: runs(
                seen.iter()
                    .map(|s| s.2.map_or(0, |y| place(years.binary_search(&y)) as u32)),
            ),
            categories,
            years,
        }
    }
}

/// [`index`], handing each file to `put` as soon as it is made (from several threads), so
/// the index is never held whole: at 50,000 topics it is 285 MB. Records are made a batch
/// at a time and their texts written to `search/docs/` as soon as their terms are counted,
/// so the full texts of only one batch are held at once.
pub fn index_each(
    records: &dyn Searchable,
    put: &(dyn Fn(OutputFile) -> Result<(), String> + Sync),
) -> Result<(), String> {
    let count = records.record_count();
    if count >= MAX_RECORDS {
        return Err(format!(
            "search index: {count} records, more than the {} one index can hold",
            MAX_RECORDS - 1
        ));
    }
    let files = IndexMeta::of(records).terms;
    let mut tables: Vec<Table> = vec![Table::default(); files];
    let mut lengths: Vec<u32> = Vec::with_capacity(count);
    let mut seen: Vec<(RecordKind, Option<String>, Option<i32>)> = Vec::with_capacity(count);
    for (batch_no, start) in (0..count).step_by(BATCH).enumerate() {
        let mut batch: Vec<Record> = (start..(start + BATCH).min(count))
            .into_par_iter()
            .map(|i| records.record(i))
            .collect();
        let counted: Vec<Counted> = batch.par_iter().map(|r| record_terms(r, files)).collect();
        for r in &mut batch {
            seen.push((r.kind, r.category.take(), r.year));
        }
        write_docs(&batch, start / DOC_CHUNK, put)?;
        drop(batch);
        let mut cjk: Vec<Vec<(u64, u32)>> = vec![Vec::new(); files];
        let mut words: Vec<Vec<(Term, u32)>> = vec![Vec::new(); files];
        for (i, counted) in counted.into_iter().enumerate() {
            let record = (batch_no * BATCH + i) as u32;
            lengths.push(counted.length);
            let posting = |tf: u32| (record << TF_BITS) | tf.min(TF_MAX);
            for (file, packed, tf) in counted.cjk {
                cjk[file as usize].push((packed, posting(tf)));
            }
            for (file, word, tf) in counted.words {
                words[file as usize].push((word, posting(tf)));
            }
        }
        tables
            .par_iter_mut()
            .zip(cjk)
            .zip(words)
            .for_each(|((table, cjk), words)| {
                for (packed, posting) in cjk {
                    table.cjk.entry(packed).or_default().push(posting);
                }
                for (word, posting) in words {
                    table.words.entry(word).or_default().push(posting);
                }
            });
    }
    let average =
        (lengths.iter().map(|&l| f64::from(l)).sum::<f64>() / count.max(1) as f64).max(1.0);
    let records_count = count;
    let count = count as f64;
    tables
        .into_par_iter()
        .enumerate()
        .try_for_each(|(n, table)| {
            let mut terms: Vec<(Term, Vec<u32>)> = table
                .cjk
                .into_iter()
                .map(|(packed, v)| (unpack(packed), v))
                .chain(table.words)
                .collect();
            terms.sort_unstable_by(|a, b| a.0.cmp(&b.0));
            let mut json = String::from("{");
            for (i, (term, postings)) in terms.iter().enumerate() {
                if i > 0 {
                    json.push(',');
                }
                // Terms are letters, digits and CJK characters: nothing to escape.
                json.push('"');
                json.push_str(term);
                json.push_str("\":[");
                let df = postings.len() as f64;
                let idf = (1.0 + (count - df + 0.5) / (df + 0.5)).ln();
                let mut last = 0u32;
                for (j, &p) in postings.iter().enumerate() {
                    let (record, tf) = (p >> TF_BITS, f64::from(p & TF_MAX));
                    let length = f64::from(lengths[record as usize]);
                    let score = seen[record as usize].0.weight() * idf * tf * (K1 + 1.0)
                        / (tf + K1 * (1.0 - B + B * length / average));
                    let weight = ((score * 100.0).round() as u32).max(1);
                    if j > 0 {
                        json.push(',');
                    }
                    let mut digits = itoa::Buffer::new();
                    json.push_str(digits.format(record - last));
                    json.push(',');
                    json.push_str(digits.format(weight));
                    last = record;
                }
                json.push(']');
            }
            json.push('}');
            put(OutputFile {
                path: format!("search/terms/{n}.json"),
                bytes: json.into_bytes(),
            })
        })?;
    put(OutputFile {
        path: "search/filters.json".into(),
        bytes: serde_json::to_vec(&Filters::new(seen)).map_err(|e| e.to_string())?,
    })?;
    let meta = IndexMeta {
        version: 2,
        terms: files,
        chunk: DOC_CHUNK,
        records: records_count,
    };
    put(OutputFile {
        path: "search/meta.json".into(),
        bytes: serde_json::to_vec(&meta).map_err(|e| e.to_string())?,
    })
}

/// Writes `batch` (whose first record is in docs file `first_file`) as `search/docs/` files:
/// `[address, title, text]` per record, the text without the title it starts with, and
/// `[[heading, id], …]` after them when its body has headings.
fn write_docs(
    batch: &[Record],
    first_file: usize,
    put: &(dyn Fn(OutputFile) -> Result<(), String> + Sync),
) -> Result<(), String> {
    batch
        .par_chunks(DOC_CHUNK)
        .enumerate()
        .try_for_each(|(n, chunk)| {
            // Written as serde_json would write `[[url, title, text(, sections)], …]`,
            // without building values first.
            let size: usize = chunk
                .iter()
                .map(|r| r.url.len() + r.title.len() + r.text.len() + 16)
                .sum();
            let mut json = Vec::with_capacity(size + size / 8);
            json.push(b'[');
            for (i, r) in chunk.iter().enumerate() {
                if i > 0 {
                    json.push(b',');
                }
                json.push(b'[');
                for (k, field) in [r.url.as_str(), r.title.as_str(), shown_text(r)]
                    .iter()
                    .enumerate()
                {
                    if k > 0 {
                        json.push(b',');
                    }
                    serde_json::to_writer(&mut json, field).map_err(|e| e.to_string())?;
                }
                if !r.sections.is_empty() {
                    json.push(b',');
                    serde_json::to_writer(&mut json, &r.sections).map_err(|e| e.to_string())?;
                }
                json.push(b']');
            }
            json.push(b']');
            put(OutputFile {
                path: format!("search/docs/{}.json", first_file + n),
                bytes: json,
            })
        })
}

/// The text results cut their excerpt from: the record's, after the title (which results
/// show as their link).
fn shown_text(r: &Record) -> &str {
    r.text
        .strip_prefix(r.title.trim())
        .map_or(r.text.as_str(), str::trim_start)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_terms(text: &str, unigrams: bool) -> Vec<String> {
        let mut out = Vec::new();
        terms(text, unigrams, |t| out.push(t.to_string()));
        out
    }

    #[test]
    fn chinese_is_indexed_by_pairs_of_characters() {
        assert_eq!(all_terms("停车位", false), ["停车", "车位"]);
        // Punctuation, spaces and letters end a run; a lone character stands by itself.
        assert_eq!(
            all_terms("东区，3号楼 狗。WiFi", false),
            ["东区", "3", "号楼", "狗", "wifi"]
        );
        // Full-width letters and digits are the ASCII ones.
        assert_eq!(all_terms("ＷｉＦｉ２４", false), ["wifi24"]);
        // Titles add every character, so a one-character search finds them.
        assert_eq!(all_terms("养犬", true), ["养", "犬", "养犬"]);
        assert!(all_terms("。，！ ", false).is_empty());
    }

    #[test]
    fn term_files_are_chosen_by_fnv1a() {
        // The published FNV-1a 32-bit test vectors; static/search.js computes the same.
        assert_eq!(term_hash(""), 0x811c_9dc5);
        assert_eq!(term_hash("a"), 0xe40c_292c);
        assert_eq!(term_hash("foobar"), 0xbf9c_f968);
    }

    fn record(url: &str, title: &str, text: &str) -> Record {
        Record {
            url: url.into(),
            title: title.into(),
            text: text.into(),
            kind: RecordKind::Topic,
            category: None,
            year: None,
            sections: Vec::new(),
        }
    }

    fn file(files: &[OutputFile], path: &str) -> serde_json::Value {
        let f = files.iter().find(|f| f.path == path).expect(path);
        serde_json::from_slice(&f.bytes).unwrap()
    }

    /// Two records worked by hand. Record 0's text "停车位 / 东区停车位不足。" has 18 terms
    /// (3 characters + 2 pairs, 7 characters + 6 pairs), 停车 twice, plus 2 × 1 more for the
    /// title: tf 4. Record 1's "垃圾分类 / 分类投放。" has 14 terms (4 + 3 twice), 分类
    /// twice + 2: tf 4. Average length 16, N = 2, df = 1: idf = ln(1 + 1.5/1.5) = ln 2.
    /// 停车: ln 2 × 4 × 2.2 / (4 + 1.2 × (0.25 + 0.75 × 18/16)) = 1.1482;
    /// 分类: ln 2 × 8.8 / (4 + 1.2 × (0.25 + 0.75 × 14/16)) = 1.1990. Both are topics,
    /// which count 1.5 times: 1.7223 → 172 and 1.7984 → 180.
    #[test]
    fn postings_carry_bm25_weights() {
        let files = index(&vec![
            record("a/index.html", "停车位", "停车位\n东区停车位不足。\n"),
            record("b/index.html", "垃圾分类", "垃圾分类\n分类投放。\n"),
        ])
        .unwrap();
        let meta = file(&files, "search/meta.json");
        assert_eq!(meta["terms"], 1);
        assert_eq!(meta["records"], 2);
        let terms = file(&files, "search/terms/0.json");
        assert_eq!(terms["停车"], serde_json::json!([0, 172]));
        assert_eq!(terms["分类"], serde_json::json!([1, 180]));
        assert_eq!(terms["东区"].as_array().unwrap()[0], 0);
        assert!(terms.get("停车位").is_none());
        // Every character is a term too: 足 is only in record 0's body.
        assert_eq!(terms["足"].as_array().unwrap()[0], 0);
        // Results show the text after the title.
        let docs = file(&files, "search/docs/0.json");
        assert_eq!(
            docs,
            serde_json::json!([
                ["a/index.html", "停车位", "东区停车位不足。\n"],
                ["b/index.html", "垃圾分类", "分类投放。\n"]
            ])
        );
    }

    #[test]
    fn postings_list_records_by_gaps_and_files_are_stable() {
        let records: Vec<Record> = (0..60)
            .map(|i| {
                let text = if i % 20 == 0 {
                    "电梯加装"
                } else {
                    "楼道照明"
                };
                record(&format!("r{i}/index.html"), "题", text)
            })
            .collect();
        let files = index(&records.clone()).unwrap();
        let terms = file(&files, "search/terms/0.json");
        // 电梯 is in records 0, 20 and 40: gaps 0, 20, 20, all with the same weight.
        let p = terms["电梯"].as_array().unwrap();
        assert_eq!(
            (p[0].clone(), p[2].clone(), p[4].clone()),
            (0.into(), 20.into(), 20.into())
        );
        assert_eq!(p.len(), 6);
        assert_eq!(p[1], p[3]);
        // 60 records in docs files of 4.
        assert!(files.iter().any(|f| f.path == "search/docs/14.json"));
        assert!(!files.iter().any(|f| f.path == "search/docs/15.json"));
        assert_eq!(index(&records).unwrap(), files);
        // No records: an index that finds nothing.
        let empty = index(&Vec::<Record>::new()).unwrap();
        assert_eq!(file(&empty, "search/terms/0.json"), serde_json::json!({}));
    }

    #[test]
    fn markdown_becomes_plain_text() {
        let text =
            plain_text("## 讨论\n\n养犬居民代表认为**草案**过严，\n建议划定时段。\n\n- 一\n- 二\n")
                .text;
        assert_eq!(
            text,
            "讨论\n养犬居民代表认为草案过严， 建议划定时段。\n一\n二\n"
        );
    }

    #[test]
    fn captions_and_link_texts_are_searchable() {
        let text = plain_text("![新装的车棚](attachments/shed.jpg)见[公示照片](a.pdf)。").text;
        assert_eq!(text, "新装的车棚见公示照片。\n");
    }

    #[test]
    fn spaces_between_chinese_and_digits_do_not_change_the_terms() {
        assert_eq!(all_terms("3 号楼", false), all_terms("3号楼", false));
        assert_eq!(all_terms("３号楼", false), all_terms("3号楼", false));
        assert_eq!(all_terms("3号楼", true), ["3", "号", "楼", "号楼"]);
    }

    #[test]
    fn docs_hold_whole_texts_and_filters_number_kinds_categories_and_years() {
        let long = format!("{}电梯", "楼道照明。".repeat(100));
        let mut topic = record("t/index.html", "题", &long);
        topic.category = Some("设施".into());
        topic.year = Some(2025);
        topic.sections = vec![("原因 分析".into(), "原因-分析".into())];
        let mut older = record("u/index.html", "题", "文");
        older.category = Some("环境".into());
        older.year = Some(2024);
        let mut meeting = record("m/index.html", "会", "文");
        meeting.kind = RecordKind::Meeting;
        meeting.year = Some(2025);
        let mut page = record("p/index.html", "页", "文");
        page.kind = RecordKind::Other;
        let files = index(&vec![topic, older, meeting, page]).unwrap();
        // A match 500 characters in is in the text results cut their excerpt from.
        let docs = file(&files, "search/docs/0.json");
        assert!(docs[0][2].as_str().unwrap().ends_with("电梯"));
        // Headings with their ids follow when a body has them; else three fields.
        assert_eq!(docs[0][3], serde_json::json!([["原因 分析", "原因-分析"]]));
        assert_eq!(docs[1].as_array().unwrap().len(), 3);
        let filters = file(&files, "search/filters.json");
        assert_eq!(
            filters,
            serde_json::json!({
                "kinds": ["topic", "meeting", "year", "other"],
                "kind": [0, 2, 1, 1, 3, 1],
                "categories": ["环境", "设施"],
                "category_from": 0,
                "category": "21",
                "years": [2024, 2025],
                "year": [2, 1, 1, 1, 2, 1, 0, 1],
            })
        );
    }
}
