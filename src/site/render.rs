//! Render: model + facts + templates → the site's files, in memory.
//!
//! This is the only module that knows Tera. Templates never see the domain types: each
//! page gets a view made for it, with dates already written out in the site's language,
//! labels translated and links made relative to the page, so a theme can be changed
//! without knowing Rust. Links are relative (`../../topics/x/index.html`) so the site works
//! from any sub-path and from `file://`.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike, Weekday};
use rayon::prelude::*;
use serde::Serialize;

use crate::content::attachments::Evidence;
use crate::content::markdown;
use crate::content::provenance::{Change, ChangeKind, Provenance};
use crate::content::validate::{LinkTarget, linked_attachment, parse_link};
use crate::facts::{ActionStatus, Facts, MeetingState, Outcome, TopicStatus, YearSummary};
use crate::model::{Language, MajorityOf, Meeting, Model};
use crate::plumbing::output::OutputFile;
use crate::plumbing::output::collect_sorted;
use crate::site::charts;
use crate::site::feeds;
use crate::site::opendata;
use crate::site::popolo;
use crate::site::search;
use crate::site::theme::Theme;

/// "812 B", "2.8 KB", "3.4 MB" (decimal units, as phones show them).
fn human_size(bytes: u64) -> String {
    match bytes {
        0..1000 => format!("{bytes} B"),
        1000..1_000_000 => format!("{:.1} KB", bytes as f64 / 1000.0),
        _ => format!("{:.1} MB", bytes as f64 / 1_000_000.0),
    }
}

/// The UI strings of one language.
pub type Strings = BTreeMap<String, String>;

/// Settings of one render.
pub struct RenderOptions<'a> {
    /// `--base-url` or site.toml's, ending in `/`.
    pub base_url: Option<&'a str>,
    /// The generator string, e.g. "yishi 0.1.0".
    pub generator: &'a str,
    /// The processed attachments (sizes, hashes, thumbnails); None in memory-only builds.
    pub evidence: Option<&'a Evidence>,
    /// The git history of the community, when it is a git checkout.
    pub provenance: Option<&'a Provenance>,
    /// Built as one community of a district (`<id>/` beneath the overview): every page
    /// links back to the overview.
    pub in_district: bool,
}

// ------------------------------------------------------------------ formatting

struct Fmt<'a> {
    lang: Language,
    t: &'a Strings,
}

impl Fmt<'_> {
    fn s(&self, key: &str) -> String {
        self.t.get(key).cloned().unwrap_or_else(|| key.to_string())
    }
    fn date(&self, d: NaiveDate) -> String {
        match self.lang {
            Language::ZhCn => format!("{}年{}月{}日", d.year(), d.month(), d.day()),
            Language::En => format!("{} {} {}", d.day(), MONTHS[d.month0() as usize], d.year()),
        }
    }
    fn date_weekday(&self, d: NaiveDate) -> String {
        match self.lang {
            Language::ZhCn => format!("{}（{}）", self.date(d), zh_weekday(d.weekday())),
            Language::En => format!("{} {}", en_weekday(d.weekday()), self.date(d)),
        }
    }
    fn datetime(&self, dt: NaiveDateTime) -> String {
        match self.lang {
            Language::ZhCn => format!(
                "{} {}:{:02}",
                self.date_weekday(dt.date()),
                dt.hour(),
                dt.minute()
            ),
            Language::En => format!(
                "{}, {:02}:{:02}",
                self.date_weekday(dt.date()),
                dt.hour(),
                dt.minute()
            ),
        }
    }
    fn percent(&self, rate: Option<f64>) -> String {
        match rate {
            None => self.s("not_applicable"),
            Some(r) => {
                let p = (r * 1000.0).round() / 10.0;
                if p.fract() == 0.0 {
                    format!("{p:.0}%")
                } else {
                    format!("{p:.1}%")
                }
            }
        }
    }
    fn people(&self, n: u64) -> String {
        match self.lang {
            Language::ZhCn => format!("{n} 人"),
            Language::En => format!("{n}"),
        }
    }
    /// The vote spelled out in a sentence, as the record sheet states it.
    fn explain(
        &self,
        expected: u64,
        present: u64,
        yes: u64,
        f: &crate::facts::ResolutionFacts,
        quorum: &str,
        base_label: &str,
    ) -> String {
        let base = f.base;
        match (self.lang, f.outcome) {
            (Language::ZhCn, Outcome::Invalid) => format!(
                "应到 {expected} 人，实到 {present} 人，不足应到人数的 {quorum}，未达到法定人数，表决无效。"
            ),
            (Language::ZhCn, outcome) => format!(
                "应到 {expected} 人，实到 {present} 人，达到应到人数的 {quorum}。赞成 {yes} 票，{}{base_label}（{base}）的半数，决议{}。",
                if f.passed { "超过" } else { "未超过" },
                if outcome == Outcome::Passed {
                    "通过"
                } else {
                    "未通过"
                }
            ),
            (Language::En, Outcome::Invalid) => format!(
                "{present} of {expected} expected were present, short of the {quorum} quorum: the vote is invalid."
            ),
            (Language::En, outcome) => format!(
                "{present} of {expected} expected were present, meeting the {quorum} quorum. {yes} voted yes, {} half of the {base} {base_label}: the resolution {}.",
                if f.passed {
                    "more than"
                } else {
                    "not more than"
                },
                if outcome == Outcome::Passed {
                    "passed"
                } else {
                    "failed"
                }
            ),
        }
    }
    fn quarter(&self, q: u32) -> String {
        format!(
            "{}{}{}",
            self.s("quarter_prefix"),
            q,
            self.s("quarter_suffix")
        )
    }
    fn topic_status(&self, s: TopicStatus) -> String {
        self.s(&format!("status_{}", s.key()))
    }
    fn action_status(&self, s: ActionStatus) -> String {
        self.s(&format!("action_{}", s.key()))
    }
    fn outcome(&self, o: Outcome) -> String {
        self.s(&format!("outcome_{}", o.key()))
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn zh_weekday(w: Weekday) -> &'static str {
    match w {
        Weekday::Mon => "星期一",
        Weekday::Tue => "星期二",
        Weekday::Wed => "星期三",
        Weekday::Thu => "星期四",
        Weekday::Fri => "星期五",
        Weekday::Sat => "星期六",
        Weekday::Sun => "星期日",
    }
}

fn en_weekday(w: Weekday) -> &'static str {
    match w {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

// ------------------------------------------------------------------ URLs

/// Site-root-relative URL of a topic page.
pub fn topic_url(id: &str) -> String {
    format!("topics/{id}/index.html")
}
/// … of a meeting page.
pub fn meeting_url(id: &str) -> String {
    format!("meetings/{id}/index.html")
}
/// … of a year page.
pub fn year_url(year: i32) -> String {
    format!("years/{year}/index.html")
}
/// … of a free page.
pub fn page_url(id: &str) -> String {
    format!("{id}/index.html")
}

fn status_url(s: TopicStatus) -> String {
    format!("topics/status/{}/index.html", s.key())
}

fn category_url(index: usize) -> String {
    format!("topics/category/{}/index.html", index + 1)
}

/// Characters that cannot stand as themselves in the path of a link: `?` would start a
/// query and `#` a fragment (an attachment named `a#1.jpg` would link to `a`), `%` would
/// start an escape, and spaces, quotes, brackets and controls are not allowed in a URL.
/// Chinese and other letters stay as they are (browsers show them so).
const PATH_ESCAPED: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// A site path (`attachments/2025/a#1.jpg`) as it is written in a link
/// (`attachments/2025/a%231.jpg`).
pub fn file_url(path: &str) -> String {
    percent_encoding::utf8_percent_encode(path, PATH_ESCAPED).to_string()
}

/// The `../` prefix that leads from a page at `path` back to the site root.
fn root_of(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

// ------------------------------------------------------------------ views

#[derive(Serialize)]
struct NavItem {
    label: String,
    href: String,
    current: bool,
}

#[derive(Serialize)]
struct Layout {
    lang: String,
    site_title: String,
    community: String,
    district: Option<String>,
    /// The district overview, when the community is built inside a district.
    district_home: Option<String>,
    page_title: String,
    root: String,
    today: String,
    nav: Vec<NavItem>,
    generator: String,
    has_feed: bool,
    /// This page's own Atom feed (a topic's), relative to the page.
    page_feed: Option<String>,
    /// "根据提交 a1b2c3d 生成", when built from a git checkout.
    built_from: Option<String>,
    /// When the page's record last changed, and in which commit.
    record_changed: Option<String>,
    /// Every change of the page's record, newest first (shown on topic pages).
    history: Vec<ChangeView>,
}

/// One change in plain language: `before` + linked `title` + `after`.
#[derive(Serialize, Clone)]
struct ChangeView {
    date: String,
    before: String,
    title: String,
    href: Option<String>,
    after: String,
    commit: String,
}

#[derive(Serialize, Clone)]
struct TopicRow {
    id: String,
    title: String,
    href: String,
    category: String,
    raised: String,
    status: String,
    status_label: String,
    overdue: bool,
    progress: u8,
    has_actions: bool,
    summary: Option<String>,
}

#[derive(Serialize, Clone)]
struct ResolutionView {
    index: usize,
    text: String,
    method: Option<String>,
    topic_title: Option<String>,
    topic_href: Option<String>,
    yes: u64,
    no: u64,
    abstain: u64,
    expected: u64,
    present: u64,
    quorum: String,
    quorum_met: bool,
    base_label: String,
    base: u64,
    outcome: String,
    outcome_label: String,
    roll_call: Option<RollCallView>,
    meeting_title: String,
    meeting_href: String,
    explanation: String,
    chart: String,
}

#[derive(Serialize, Clone)]
struct RollCallView {
    yes: String,
    no: String,
    abstain: String,
}

#[derive(Serialize, Clone)]
struct MeetingRow {
    id: String,
    title: String,
    href: String,
    kind: String,
    date: String,
    start: String,
    place: String,
    state: String,
    state_label: String,
    attendance: Option<String>,
    late: bool,
    short_notice: bool,
    resolutions: usize,
    passed: usize,
    /// Held, its record still to be written (spec 13.1).
    record_pending: bool,
    /// When a pending record (or the results) are due, written out.
    due: Option<String>,
}

#[derive(Serialize, Clone)]
struct ActionRow {
    topic_title: String,
    topic_href: String,
    id: String,
    task: String,
    owner: String,
    supervisor: Option<String>,
    due: String,
    progress: u8,
    status: String,
    status_label: String,
    stale: bool,
    last_update: Option<String>,
    completed: Option<String>,
    updates: Vec<UpdateView>,
}

#[derive(Serialize, Clone)]
struct UpdateView {
    date: String,
    progress: u8,
    note: Option<String>,
    photos: Vec<AttachmentView>,
}

/// An attachment as a page shows it: a link to the original and, for images, a preview.
#[derive(Serialize, Clone)]
struct AttachmentView {
    href: String,
    /// Thumbnail (or small original) for `<img>`.
    preview: Option<String>,
    width: Option<u32>,
    height: Option<u32>,
    alt: String,
    /// "PNG, 2.8 KB".
    about: String,
}

#[derive(Serialize)]
struct TimelineItem {
    date: String,
    label: String,
    title: String,
    href: Option<String>,
    text: Option<String>,
    resolutions: Vec<ResolutionView>,
    progress: Option<u8>,
}

#[derive(Serialize)]
struct Figure {
    label: String,
    value: String,
}

#[derive(Serialize)]
struct CountRow {
    label: String,
    count: u64,
}

#[derive(Serialize)]
struct RatingRow {
    title: String,
    href: Option<String>,
    satisfied: u64,
    basic: u64,
    unsatisfied: u64,
    rate: String,
    comment: Option<String>,
}

#[derive(Serialize)]
struct Block {
    title: String,
    chart: String,
    rows: Vec<CountRow>,
}

#[derive(Serialize)]
struct YearView {
    year: i32,
    href: String,
    figures: Vec<Figure>,
    blocks: Vec<Block>,
    quarters_missing: String,
    satisfaction_overall: String,
    overall: Option<RatingRow>,
    ratings: Vec<RatingRow>,
    evaluation_html: Option<String>,
    evaluation_date: Option<String>,
    evaluation_meeting: Option<(String, String)>,
    respondents: Option<u64>,
    method: Option<String>,
}

/// One printable notice for the board. The fields after `closing` are filled per page.
#[derive(Serialize, Clone, Default)]
struct Sheet {
    id: String,
    kind: &'static str,
    kind_label: String,
    title: String,
    target: String,
    published: String,
    posting: String,
    facts: Vec<(String, String)>,
    topics: Vec<String>,
    body: Option<String>,
    resolutions: Vec<ResolutionView>,
    actions: Vec<ActionRow>,
    closing: String,
    sign_date: String,
    // Filled per page:
    variant: &'static str,
    href: String,
    url: Option<String>,
    qr: Option<String>,
    board_href: String,
    community: String,
    district: Option<String>,
    signature: String,
    printed: String,
}

/// A QR code of a URL as inline SVG (4-module quiet zone), sized by the stylesheet.
pub fn qr_svg(url: &str) -> Option<String> {
    let code =
        qrcode::QrCode::with_error_correction_level(url.as_bytes(), qrcode::EcLevel::M).ok()?;
    let svg = code
        .render::<qrcode::render::svg::Color>()
        .quiet_zone(true)
        .min_dimensions(200, 200)
        .build();
    let start = svg.find("<svg")?;
    Some(svg[start..].replacen("<svg", "<svg role=\"img\" aria-label=\"QR\"", 1))
}

// ------------------------------------------------------------------ pagination

/// Open topics and overdue actions listed on the home page; the lists hold the rest.
const HOME_LIMIT: usize = 20;

/// Rows per list page: a phone scrolls 50 topic cards comfortably, and a page stays far
/// under 100 KB; a community's lists usually fit on one page.
pub const PER_PAGE: usize = 50;

/// Page links of a paginated list, for the `pager` component.
#[derive(Serialize, Clone, Default)]
struct Pager {
    current: usize,
    total: usize,
    prev: Option<String>,
    next: Option<String>,
    pages: Vec<PagerLink>,
}

#[derive(Serialize, Clone)]
struct PagerLink {
    /// Page number, or None for a gap ("…").
    n: Option<usize>,
    href: String,
    current: bool,
}

/// The path of page `n` (1-based) of a list whose first page is `<dir>index.html`:
/// later pages are `<dir>page/<n>/index.html`.
pub fn list_page_path(dir: &str, n: usize) -> String {
    if n <= 1 {
        format!("{dir}index.html")
    } else {
        format!("{dir}page/{n}/index.html")
    }
}

/// Splits `rows` into pages of [`PER_PAGE`]; each comes with its path and pager. An empty
/// list still has its first page.
fn paginate<T: Clone>(dir: &str, rows: &[T]) -> Vec<(String, Vec<T>, Pager)> {
    let total = rows.len().div_ceil(PER_PAGE).max(1);
    (1..=total)
        .map(|n| {
            let path = list_page_path(dir, n);
            let root = root_of(&path);
            let href = |k: usize| format!("{root}{}", list_page_path(dir, k));
            // First, last, and two either side of the current page; gaps as "…".
            let mut pages = Vec::new();
            let mut last_shown = 0;
            for k in 1..=total {
                if k == 1 || k == total || k.abs_diff(n) <= 2 {
                    if k > last_shown + 1 {
                        pages.push(PagerLink {
                            n: None,
                            href: String::new(),
                            current: false,
                        });
                    }
                    pages.push(PagerLink {
                        n: Some(k),
                        href: href(k),
                        current: k == n,
                    });
                    last_shown = k;
                }
            }
            let slice = rows
                .iter()
                .skip((n - 1) * PER_PAGE)
                .take(PER_PAGE)
                .cloned()
                .collect();
            let pager = Pager {
                current: n,
                total,
                prev: (n > 1).then(|| href(n - 1)),
                next: (n < total).then(|| href(n + 1)),
                pages: if total > 1 { pages } else { Vec::new() },
            };
            (path, slice, pager)
        })
        .collect()
}

// ------------------------------------------------------------------ the district overview

/// One line of the overview and of data/communities.json.
#[derive(Debug, Clone, Serialize)]
pub struct CommunityRow {
    /// Folder name.
    pub id: String,
    /// The community's name.
    pub community: String,
    /// Its home page, from the district root.
    pub url: String,
    /// All topics.
    pub topics: usize,
    /// Topics not yet finished (collected … implementing).
    pub open_topics: usize,
    /// Actions past due and not completed.
    pub overdue_actions: usize,
    /// The year of the on-time rate (today's).
    pub on_time_year: i32,
    /// Actions due this year done on time / due.
    pub on_time_rate: Option<f64>,
    /// Actions due this year, done on time (for the district's own rate).
    #[serde(skip)]
    pub due: u64,
    /// See `due`.
    #[serde(skip)]
    pub done: u64,
    /// The year of the latest evaluation with a satisfaction rate.
    pub satisfaction_year: Option<i32>,
    /// Its satisfaction rate.
    pub satisfaction: Option<f64>,
    /// The last held meeting's date.
    pub last_meeting_date: Option<String>,
    /// Its title.
    pub last_meeting: Option<String>,
    /// Its page, from the district root.
    pub last_meeting_url: Option<String>,
    /// The community's reference date.
    pub today: String,
}

/// What the district overview needs besides the communities' rows.
pub struct DistrictInfo<'a> {
    /// district.toml's title.
    pub title: Option<String>,
    /// The district's name.
    pub district: Option<String>,
    /// Interface language.
    pub language: Language,
    /// The latest of the communities' reference dates.
    pub today: NaiveDate,
    /// "yishi 0.1.0".
    pub generator: &'a str,
}

/// The district's own files: the overview (`index.html`), `404.html` and the theme's static
/// files. Each community's site lives under `<id>/`.
pub fn district_overview(
    theme: &Theme,
    info: &DistrictInfo,
    rows: &[CommunityRow],
) -> Result<Vec<OutputFile>, String> {
    let fmt = Fmt {
        lang: info.language,
        t: theme.strings(),
    };
    let title = info.title.clone().unwrap_or_else(|| {
        format!(
            "{}{}",
            info.district.clone().unwrap_or_default(),
            fmt.s("district_default_title")
        )
    });
    let layout = |path: &str| Layout {
        lang: fmt.s("lang"),
        site_title: title.clone(),
        community: info.district.clone().unwrap_or_else(|| title.clone()),
        district: None,
        district_home: None,
        page_title: title.clone(),
        root: root_of(path),
        today: fmt.date(info.today),
        nav: vec![NavItem {
            label: fmt.s("communities"),
            href: format!("{}index.html", root_of(path)),
            current: path == "index.html",
        }],
        generator: info.generator.to_string(),
        has_feed: false,
        page_feed: None,
        built_from: None,
        record_changed: None,
        history: Vec::new(),
    };
    let (due, done): (u64, u64) = rows
        .iter()
        .fold((0, 0), |(d, n), r| (d + r.due, n + r.done));
    let year = info.today.year();
    let view_rows: Vec<serde_json::Value> = rows
        .iter()
        .map(|r| {
            serde_json::json!({
                "community": r.community,
                "href": r.url,
                "topics": r.topics,
                "open_topics": r.open_topics,
                "overdue_actions": r.overdue_actions,
                "on_time": fmt.percent(r.on_time_rate),
                "satisfaction": r.satisfaction.map(|s| fmt.percent(Some(s))),
                "satisfaction_year": r.satisfaction_year,
                "last_meeting": r.last_meeting,
                "last_meeting_href": r.last_meeting_url,
                "last_meeting_date": r.last_meeting_date.as_deref()
                    .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
                    .map(|d| fmt.date(d)),
            })
        })
        .collect();
    let view = serde_json::json!({
        "title": title,
        "rows": view_rows,
        "year": year,
        "totals": {
            "communities": rows.len(),
            "open_topics": rows.iter().map(|r| r.open_topics).sum::<usize>(),
            "overdue_actions": rows.iter().map(|r| r.overdue_actions).sum::<usize>(),
            "on_time": fmt.percent(crate::facts::rate(done, due)),
        },
    });
    let render =
        |template: &str, path: &str, view: &serde_json::Value| -> Result<OutputFile, String> {
            let mut context = tera::Context::new();
            context.insert("layout", &layout(path));
            context.insert("page", view);
            let bytes = theme
                .render(template, &context)
                .map_err(|e| format!("template {template} failed for {path}: {e}"))?;
            Ok(OutputFile {
                path: path.to_string(),
                bytes,
            })
        };
    let mut out = vec![
        render("district.html", "index.html", &view)?,
        render(
            "404.html",
            "404.html",
            &serde_json::json!({ "title": fmt.s("not_found") }),
        )?,
    ];
    for (path, bytes) in theme.static_files() {
        out.push(OutputFile {
            path: format!("static/{path}"),
            bytes,
        });
    }
    Ok(out)
}

// ------------------------------------------------------------------ the renderer

/// The parts of the site beyond the topic and meeting pages, each made on its own: `serve`
/// makes only the part of the page asked for (the home page alone after a save, not every
/// list, data file and feed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// The printable sheets under `board/`.
    Board,
    /// `index.html`.
    Home,
    /// The topic lists under `topics/` (all, by status, by category).
    TopicLists,
    /// The meeting lists under `meetings/`.
    Meetings,
    /// `progress/`.
    Progress,
    /// `years/`.
    Years,
    /// The council, free pages, the search page, `changes/` and `404.html`.
    Other,
    /// `data/` but Popolo.
    OpenData,
    /// `feed.xml`, `meetings.ics` and `data/popolo/`.
    Feeds,
    /// The theme's `static/`.
    Static,
}

impl Part {
    /// Every part.
    pub const ALL: [Part; 10] = [
        Part::Board,
        Part::Home,
        Part::TopicLists,
        Part::Meetings,
        Part::Progress,
        Part::Years,
        Part::Other,
        Part::OpenData,
        Part::Feeds,
        Part::Static,
    ];

    /// The part that makes the file at site path `path`, by where such files are (a test
    /// checks every file each part makes). A path no part makes still gets one here — the
    /// sitemap, made from all of them, and files that do not exist.
    pub fn of(path: &str) -> Part {
        let (first, rest) = path.split_once('/').unwrap_or((path, ""));
        match first {
            "index.html" => Part::Home,
            "board" => Part::Board,
            "topics" => Part::TopicLists,
            "meetings" => Part::Meetings,
            "progress" => Part::Progress,
            "years" => Part::Years,
            "static" => Part::Static,
            "data" if rest.starts_with("popolo/") => Part::Feeds,
            "data" => Part::OpenData,
            "feed.xml" | "meetings.ics" => Part::Feeds,
            _ => Part::Other,
        }
    }

    /// Whether a file a part makes is a page the sitemap lists (not the theme's files).
    pub fn lists_in_sitemap(path: &str) -> bool {
        path.ends_with("index.html") && !path.starts_with("static/")
    }
}

/// Renders every page of the site.
pub struct Renderer<'a> {
    model: &'a Model,
    facts: &'a Facts,
    theme: &'a Theme,
    fmt: Fmt<'a>,
    options: RenderOptions<'a>,
}

impl<'a> Renderer<'a> {
    /// A renderer over a validated model and its facts.
    pub fn new(
        model: &'a Model,
        facts: &'a Facts,
        theme: &'a Theme,
        options: RenderOptions<'a>,
    ) -> Self {
        let fmt = Fmt {
            lang: model.site.language,
            t: theme.strings(),
        };
        Renderer {
            model,
            facts,
            theme,
            fmt,
            options,
        }
    }

    fn layout(&self, path: &str, page_title: &str, section: &str) -> Layout {
        let root = root_of(path);
        let mut nav = vec![
            ("home", "index.html"),
            ("topics", "topics/index.html"),
            ("meetings", "meetings/index.html"),
            ("progress", "progress/index.html"),
            ("years", "years/index.html"),
            ("board", "board/index.html"),
            ("search", "search/index.html"),
        ];
        if self.model.council.is_some() {
            nav.push(("council", "council/index.html"));
        }
        let mut items: Vec<NavItem> = nav
            .into_iter()
            .map(|(key, href)| NavItem {
                label: self.fmt.s(key),
                href: format!("{root}{href}"),
                current: key == section,
            })
            .collect();
        for page in &self.model.pages {
            items.push(NavItem {
                label: page.title.clone(),
                href: format!("{root}{}", page_url(&page.id)),
                current: section == page.id,
            });
        }
        Layout {
            lang: self.fmt.s("lang"),
            site_title: self.model.site.title.clone(),
            community: self.model.site.community.clone(),
            district: self.model.site.district.clone(),
            district_home: self
                .options
                .in_district
                .then(|| format!("{root}../index.html")),
            page_title: page_title.to_string(),
            root,
            today: self.fmt.date(self.facts.today),
            nav: items,
            generator: self.options.generator.to_string(),
            has_feed: self.options.base_url.is_some(),
            page_feed: None,
            built_from: self.options.provenance.map(|p| {
                let mut text = self.fmt.s("built_from").replace("{commit}", p.short());
                if p.dirty {
                    text.push_str(&self.fmt.s("uncommitted"));
                }
                if p.shallow {
                    text.push_str(&self.fmt.s("shallow_history"));
                }
                text
            }),
            record_changed: None,
            history: Vec::new(),
        }
    }

    fn page<T: Serialize>(
        &self,
        template: &str,
        path: &str,
        title: &str,
        section: &str,
        view: &T,
    ) -> Result<OutputFile, String> {
        self.page_with_layout(template, path, self.layout(path, title, section), view)
    }

    fn page_with_layout<T: Serialize>(
        &self,
        template: &str,
        path: &str,
        layout: Layout,
        view: &T,
    ) -> Result<OutputFile, String> {
        let mut context = tera::Context::new();
        context.insert("layout", &layout);
        context.insert("page", view);
        let bytes = self
            .theme
            .render(template, &context)
            .map_err(|e| format!("template {template} failed for {path}: {e}"))?;
        Ok(OutputFile {
            path: path.to_string(),
            bytes,
        })
    }

    /// Renders a Markdown body for a page at `path`.
    fn body(&self, body: &str, path: &str) -> String {
        let root = root_of(path);
        let model = self.model;
        let resolve = |target: &str| -> Option<String> {
            let exists = |p: &str| model.attachments.iter().any(|a| a == p);
            if let Some(whole) = linked_attachment(target, exists).filter(|p| p.contains('#')) {
                return Some(format!("{root}{}", file_url(whole)));
            }
            let fragment = target
                .split_once('#')
                .map(|(_, f)| format!("#{f}"))
                .unwrap_or_default();
            let url = match parse_link(target)? {
                LinkTarget::Topic(id) => topic_url(id),
                LinkTarget::Meeting(id) => meeting_url(id),
                LinkTarget::Evaluation(year) => format!("years/{year}/index.html"),
                LinkTarget::Page(id) => page_url(id),
                LinkTarget::Attachment(p) => {
                    if !model.attachments.iter().any(|a| a == p) {
                        return None;
                    }
                    file_url(p)
                }
            };
            Some(format!("{root}{url}{fragment}"))
        };
        markdown::render(body, &resolve)
    }

    fn topic_row(&self, ti: usize, root: &str) -> TopicRow {
        let topic = &self.model.topics[ti];
        let tf = &self.facts.topics[ti];
        TopicRow {
            id: topic.id.clone(),
            title: topic.title.clone(),
            href: format!("{root}{}", topic_url(&topic.id)),
            category: topic.category.clone(),
            raised: self.fmt.date(topic.raised),
            status: tf.status.key().into(),
            status_label: self.fmt.topic_status(tf.status),
            overdue: tf.overdue,
            progress: tf.progress,
            has_actions: !topic.actions.is_empty(),
            summary: topic.summary.clone(),
        }
    }

    fn meeting_row(&self, mi: usize, root: &str) -> MeetingRow {
        let m = &self.model.meetings[mi];
        let mf = &self.facts.meetings[mi];
        let (state, state_label) = match mf.state {
            MeetingState::Held => ("held", self.fmt.s("held")),
            MeetingState::Upcoming => ("upcoming", self.fmt.s("upcoming")),
            MeetingState::Cancelled => ("cancelled", self.fmt.s("cancelled")),
        };
        let results = &self.facts.resolutions[mi];
        MeetingRow {
            id: m.id.clone(),
            title: m.title.clone(),
            href: format!("{root}{}", meeting_url(&m.id)),
            kind: m.kind.clone(),
            date: self.fmt.date(m.start.date()),
            start: self.fmt.datetime(m.start),
            place: m.place.clone(),
            state: state.into(),
            state_label,
            attendance: match (mf.state, m.present, m.expected) {
                (MeetingState::Held, Some(p), Some(e)) => Some(format!("{p}/{e}")),
                _ => None,
            },
            late: mf.late,
            short_notice: mf.short_notice,
            resolutions: results.len(),
            passed: results.iter().flatten().filter(|r| r.passed).count(),
            record_pending: mf.record_pending,
            due: mf.publish_deadline.map(|d| self.fmt.date(d)),
        }
    }

    fn resolution_view(&self, mi: usize, ri: usize, root: &str) -> Option<ResolutionView> {
        let m = &self.model.meetings[mi];
        let r = m.resolutions.get(ri)?;
        let f = self.facts.resolutions[mi].get(ri).copied().flatten()?;
        let topic_id = self.facts.resolution_topics[mi].get(ri).cloned().flatten();
        let topic = topic_id.as_deref().and_then(|id| self.model.topic(id));
        let q = self.model.site.rules.quorum;
        let base_key = match self.model.site.rules.majority_of {
            MajorityOf::Present => "majority_present",
            MajorityOf::Cast => "majority_cast",
            MajorityOf::Expected => "majority_expected",
        };
        Some(ResolutionView {
            index: ri + 1,
            text: r.text.clone(),
            method: r.method.clone(),
            topic_title: topic.map(|t| t.title.clone()),
            topic_href: topic.map(|t| format!("{root}{}", topic_url(&t.id))),
            yes: r.tally.yes,
            no: r.tally.no,
            abstain: r.tally.abstain,
            expected: m.expected.unwrap_or(0),
            present: m.present.unwrap_or(0),
            quorum: format!("{}/{}", q.num, q.den),
            quorum_met: f.quorum_met,
            base_label: self.fmt.s(base_key),
            base: f.base,
            outcome: f.outcome.key().into(),
            outcome_label: self.fmt.outcome(f.outcome),
            roll_call: r.roll_call.as_ref().map(|c| RollCallView {
                yes: c.yes.join(&self.fmt.s("list_sep")),
                no: c.no.join(&self.fmt.s("list_sep")),
                abstain: c.abstain.join(&self.fmt.s("list_sep")),
            }),
            meeting_title: m.title.clone(),
            meeting_href: format!("{root}{}", meeting_url(&m.id)),
            chart: self.tally_chart(r.tally, m.present.unwrap_or(0)),
            explanation: self.fmt.explain(
                m.expected.unwrap_or(0),
                m.present.unwrap_or(0),
                r.tally.yes,
                &f,
                &format!("{}/{}", q.num, q.den),
                &self.fmt.s(base_key),
            ),
        })
    }

    fn tally_chart(&self, t: crate::model::Tally, present: u64) -> String {
        let f = &self.fmt;
        let unit = |n: u64| match self.model.site.language {
            Language::ZhCn => format!("{n} 票"),
            Language::En => n.to_string(),
        };
        let (yes, no, abstain) = (f.s("yes"), f.s("no"), f.s("abstain"));
        let sep = f.s("comma");
        let alt = format!(
            "{yes} {}{sep}{no} {}{sep}{abstain} {}",
            unit(t.yes),
            unit(t.no),
            unit(t.abstain)
        );
        charts::bars(
            &[
                charts::Bar {
                    label: &yes,
                    value: t.yes,
                    shown: unit(t.yes),
                    colour: charts::YES,
                },
                charts::Bar {
                    label: &no,
                    value: t.no,
                    shown: unit(t.no),
                    colour: charts::NO,
                },
                charts::Bar {
                    label: &abstain,
                    value: t.abstain,
                    shown: unit(t.abstain),
                    colour: charts::ABSTAIN,
                },
            ],
            present,
            &alt,
        )
    }

    fn action_rows(&self, ti: usize, root: &str) -> Vec<ActionRow> {
        (0..self.model.topics[ti].actions.len())
            .map(|ai| self.action_row(ti, ai, root))
            .collect()
    }

    /// The row of action `ai` of topic `ti`.
    fn action_row(&self, ti: usize, ai: usize, root: &str) -> ActionRow {
        let topic = &self.model.topics[ti];
        let (a, af) = (&topic.actions[ai], &self.facts.topics[ti].actions[ai]);
        ActionRow {
            topic_title: topic.title.clone(),
            topic_href: format!("{root}{}", topic_url(&topic.id)),
            id: a.id.clone(),
            task: a.task.clone(),
            owner: a.owner.clone(),
            supervisor: a.supervisor.clone(),
            due: self.fmt.date(a.due),
            progress: af.progress,
            status: af.status.key().into(),
            status_label: self.fmt.action_status(af.status),
            stale: af.stale,
            last_update: af.last_update.map(|d| self.fmt.date(d)),
            completed: af.completed.map(|d| self.fmt.date(d)),
            updates: a
                .updates
                .iter()
                .map(|u| UpdateView {
                    date: self.fmt.date(u.date),
                    progress: u.progress,
                    note: u.note.clone(),
                    photos: u
                        .photos
                        .iter()
                        .enumerate()
                        .map(|(i, p)| {
                            let alt = format!(
                                "{}{}{}{}{}",
                                a.task,
                                self.fmt.s("lparen"),
                                self.fmt.date(u.date),
                                self.fmt.s("rparen"),
                                self.fmt.s("photo")
                            );
                            let alt = if u.photos.len() > 1 {
                                format!("{alt} {}", i + 1)
                            } else {
                                alt
                            };
                            self.attachment_view(p, root, alt)
                        })
                        .collect(),
                })
                .collect(),
        }
    }

    /// Adds when the record in `source` (e.g. `content/topics/x.md`) last changed, and with
    /// `history` every change of it, to a page's layout.
    fn with_record(&self, mut layout: Layout, source: &str, history: bool) -> Layout {
        let Some(p) = self.options.provenance else {
            return layout;
        };
        if let Some(c) = p.last_change(source) {
            layout.record_changed = Some(
                self.fmt
                    .s("record_changed")
                    .replace("{date}", &self.fmt.date(c.date))
                    .replace("{commit}", &c.commit[..7.min(c.commit.len())]),
            );
        }
        if history {
            let root = layout.root.clone();
            layout.history = p
                .history(source)
                .filter_map(|c| self.change_view(c, &root))
                .collect();
        }
        layout
    }

    /// A change in plain language, for a page at `root`; None for files that are not
    /// published (drafts, ignored files).
    pub(crate) fn change_view_of(
        &self,
        change: &Change,
        root: &str,
    ) -> Option<(String, String, Option<String>)> {
        let path = change.path.as_str();
        let deleted = change.kind == ChangeKind::Deleted;
        let stem = |prefix: &str| {
            path.strip_prefix(prefix)
                .and_then(|rest| rest.strip_suffix(".md"))
                .map(str::to_string)
        };
        // A record: published (title and link), deleted (its id), or a draft (left out).
        let record = |what: &'static str,
                      found: Option<(String, String)>,
                      deleted_title: String| {
            match found {
                Some((title, url)) => Some((what, title, Some(format!("{root}{url}")))),
                None if deleted => Some((what, deleted_title, None)),
                None => None,
            }
        };
        let evaluation_title = |year: &str| self.fmt.s("evaluation_title").replace("{year}", year);
        let (what, title, href) = if let Some(id) = stem("content/topics/") {
            let found = self
                .model
                .topic(&id)
                .map(|t| (t.title.clone(), topic_url(&id)));
            record("thing_topic", found, id)?
        } else if let Some(id) = stem("content/meetings/") {
            let found = self
                .model
                .meeting(&id)
                .map(|m| (m.title.clone(), meeting_url(&id)));
            record("thing_meeting", found, id)?
        } else if let Some(id) = stem("content/evaluations/") {
            let found = self
                .model
                .evaluations
                .iter()
                .find(|e| e.year.to_string() == id);
            let found = found.map(|e| (evaluation_title(&id), year_url(e.year)));
            record("", found, evaluation_title(&id))?
        } else if let Some(id) = stem("content/pages/") {
            let found = self.model.pages.iter().find(|pg| pg.id == id);
            let found = found.map(|pg| (pg.title.clone(), page_url(&id)));
            record("thing_page", found, id)?
        } else if let Some(rel) = path
            .strip_prefix("content/")
            .filter(|r| r.starts_with("attachments/"))
        {
            let published = self
                .model
                .attachments
                .binary_search_by(|a| a.as_str().cmp(rel))
                .is_ok();
            let name = rel.rsplit('/').next().unwrap_or(rel).to_string();
            match (published, deleted) {
                (true, _) => (
                    "thing_attachment",
                    name,
                    Some(format!("{root}{}", file_url(rel))),
                ),
                (false, true) => ("thing_attachment", name, None),
                (false, false) => return None,
            }
        } else if path == "site.toml" {
            ("", self.fmt.s("thing_site"), None)
        } else if path == "content/council.toml" {
            let href = self
                .model
                .council
                .as_ref()
                .map(|_| format!("{root}council/index.html"));
            ("", self.fmt.s("thing_council"), href)
        } else {
            return None;
        };
        let what = if what.is_empty() {
            String::new()
        } else {
            self.fmt.s(what)
        };
        let sentence = self
            .fmt
            .s(&format!("change_{}", change.kind.key()))
            .replace("{what}", &what);
        Some((sentence, title, href))
    }

    fn change_view(&self, change: &Change, root: &str) -> Option<ChangeView> {
        let (sentence, title, href) = self.change_view_of(change, root)?;
        let (before, after) = sentence.split_once("{title}").unwrap_or((&sentence, ""));
        Some(ChangeView {
            date: self.fmt.date(change.date),
            before: before.to_string(),
            title,
            href,
            after: after.to_string(),
            commit: change.commit.chars().take(7).collect(),
        })
    }

    /// The records the search index is built from (see [`crate::site::search`]).
    pub fn search_records(&self) -> search::Records<'_> {
        let years: Vec<i32> = self.facts.years.iter().map(|y| y.year).collect();
        search::Records::new(self.model, years, |year| self.year_title(year))
    }

    fn year_title(&self, year: i32) -> String {
        match self.model.site.language {
            Language::ZhCn => format!("{}{}", year, self.fmt.s("year_summary")),
            Language::En => format!("{} {}", year, self.fmt.s("year_summary")),
        }
    }

    /// search/index.html: the search form (shown by search.js) over links to every category
    /// and year, which are all there is without JavaScript.
    fn search_page(&self) -> Result<OutputFile, String> {
        let path = "search/index.html";
        let root = root_of(path);
        let categories: Vec<serde_json::Value> = self
            .model
            .site
            .rules.categories
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let count = self.model.topics.iter().filter(|t| &t.category == c).count();
                serde_json::json!({ "label": c, "href": format!("{root}{}", category_url(i)), "count": count })
            })
            .collect();
        let years: Vec<serde_json::Value> = self
            .facts
            .years
            .iter()
            .rev()
            .map(|y| serde_json::json!({ "label": y.year, "href": format!("{root}{}", year_url(y.year)) }))
            .collect();
        let title = self.fmt.s("search");
        let view = serde_json::json!({
            "title": title,
            "categories": categories,
            "years": years,
            "bundle": format!("{root}search/"),
            "script": format!("{root}static/search.js"),
        });
        self.page("search.html", path, &title, "search", &view)
    }

    /// changes/index.html: the latest 50 published changes.
    fn changes_page(&self) -> Result<Option<OutputFile>, String> {
        let Some(p) = self.options.provenance else {
            return Ok(None);
        };
        let path = "changes/index.html";
        let root = root_of(path);
        let changes: Vec<ChangeView> = p
            .changes()
            .iter()
            .filter_map(|c| self.change_view(c, &root))
            .take(50)
            .collect();
        let title = self.fmt.s("changes");
        let view = serde_json::json!({ "title": title, "changes": changes });
        self.page("changes.html", path, &title, "changes", &view)
            .map(Some)
    }

    /// How a page at `root` links to and previews an attachment.
    fn attachment_view(&self, path: &str, root: &str, alt: String) -> AttachmentView {
        let found = self.options.evidence.and_then(|e| e.get(path));
        let ext = path
            .rsplit_once('.')
            .map(|(_, e)| e.to_uppercase())
            .unwrap_or_default();
        let about = match found {
            Some(a) => format!("{ext}{}{}", self.fmt.s("comma"), human_size(a.size)),
            None => ext,
        };
        AttachmentView {
            href: format!("{root}{}", file_url(path)),
            preview: found
                .and_then(|a| a.preview())
                .map(|p| format!("{root}{}", file_url(p))),
            width: found.and_then(|a| a.thumb_size().map(|s| s.0)),
            height: found.and_then(|a| a.thumb_size().map(|s| s.1)),
            alt,
            about,
        }
    }

    /// Every page and file of the site (HTML, open data, feed, sitemap, static assets).
    pub fn render_all(&self) -> Result<Vec<OutputFile>, String> {
        collect_sorted(|sink| self.render_each(sink))
    }

    /// Renders every file and hands each to `sink` as soon as it is made, so the whole site
    /// is never held in memory. The topic and meeting pages — nearly all of a site — are
    /// rendered in parallel, and so is everything else beside them; `sink` is called from
    /// several threads.
    pub fn render_each(
        &self,
        sink: &(dyn Fn(OutputFile) -> Result<(), String> + Sync),
    ) -> Result<(), String> {
        let (entries, rest) = rayon::join(
            || {
                (0..self.model.topics.len())
                    .into_par_iter()
                    .try_for_each(|ti| {
                        sink(self.topic_page(ti)?)?;
                        self.topic_feed(ti).map_or(Ok(()), sink)
                    })?;
                (0..self.model.meetings.len())
                    .into_par_iter()
                    .try_for_each(|mi| sink(self.meeting_page(mi)?))
            },
            || self.render_rest(sink),
        );
        entries.and(rest)
    }

    /// The one file at `path` when it is a topic page, a topic's feed or a meeting page (what
    /// `serve` renders on its own when it is asked for); `None` for any other path, which
    /// [`Renderer::render_rest`] makes.
    pub fn render_entry(&self, path: &str) -> Option<Result<OutputFile, String>> {
        let (section, rest) = path.split_once('/')?;
        let (id, file) = rest.split_once('/')?;
        match (section, file) {
            ("topics", "index.html") => {
                let ti = self.model.topics.iter().position(|t| t.id == id)?;
                Some(self.topic_page(ti))
            }
            ("topics", "feed.xml") => {
                let ti = self.model.topics.iter().position(|t| t.id == id)?;
                self.topic_feed(ti).map(Ok)
            }
            ("meetings", "index.html") => {
                let mi = self.model.meetings.iter().position(|m| m.id == id)?;
                Some(self.meeting_page(mi))
            }
            _ => None,
        }
    }

    /// The home page or one page of a topic or meeting list, made by itself (`serve`, after
    /// a save: a list page costs its 50 rows, not the whole list's hundreds of pages); None
    /// for any other path, and for a list page that does not exist.
    pub fn render_alone(&self, path: &str) -> Option<Result<OutputFile, String>> {
        let one = |files: Result<Vec<OutputFile>, String>| match files {
            Ok(files) => files.into_iter().next().map(Ok),
            Err(e) => Some(Err(e)),
        };
        match Part::of(path) {
            Part::Home if path == "index.html" => Some(self.home()),
            Part::TopicLists => one(self.topic_lists(Some(path))),
            Part::Meetings => one(self.meetings_index(Some(path))),
            _ => None,
        }
    }

    /// A topic's own feed (with a base address only: Atom ids are absolute).
    fn topic_feed(&self, ti: usize) -> Option<OutputFile> {
        let base = self.options.base_url?;
        Some(feeds::topic_feed(
            self.model, self.facts, ti, base, self.fmt.t,
        ))
    }

    /// Every file but the topic pages, their feeds and the meeting pages: lists, the board,
    /// years, open data, feeds, static files (every [`Part`], in parallel), then the sitemap
    /// of every page.
    pub fn render_rest(
        &self,
        sink: &(dyn Fn(OutputFile) -> Result<(), String> + Sync),
    ) -> Result<(), String> {
        let html_paths = std::sync::Mutex::new(Vec::<String>::new());
        let emit = |file: OutputFile| -> Result<(), String> {
            if Part::lists_in_sitemap(&file.path) {
                html_paths
                    .lock()
                    .map_err(|e| e.to_string())?
                    .push(file.path.clone());
            }
            sink(file)
        };
        Part::ALL
            .par_iter()
            .try_for_each(|&part| self.render_part(part, &emit))?;
        let paths = html_paths.into_inner().map_err(|e| e.to_string())?;
        self.sitemap(paths, sink)
    }

    /// `sitemap.xml` (with a base address only): the pages of `rest_pages` (those the parts
    /// made) and every topic and meeting page.
    pub fn sitemap(
        &self,
        mut rest_pages: Vec<String>,
        sink: &(dyn Fn(OutputFile) -> Result<(), String> + Sync),
    ) -> Result<(), String> {
        let Some(base) = self.options.base_url else {
            return Ok(());
        };
        rest_pages.extend(self.model.topics.iter().map(|t| topic_url(&t.id)));
        rest_pages.extend(self.model.meetings.iter().map(|m| meeting_url(&m.id)));
        let paths: Vec<&str> = rest_pages.iter().map(String::as_str).collect();
        sink(opendata::sitemap(&paths, base))
    }

    /// The files of one part of the site beyond the record pages.
    pub fn render_part(
        &self,
        part: Part,
        emit: &(dyn Fn(OutputFile) -> Result<(), String> + Sync),
    ) -> Result<(), String> {
        let emit_all = |files: Vec<OutputFile>| files.into_iter().try_for_each(emit);
        match part {
            Part::Board => self.board_pages(emit),
            Part::Home => emit(self.home()?),
            Part::TopicLists => emit_all(self.topic_lists(None)?),
            Part::Meetings => emit_all(self.meetings_index(None)?),
            Part::Progress => emit_all(self.progress_page()?),
            Part::Years => emit_all(self.year_pages()?),
            Part::Other => {
                if self.model.council.is_some() {
                    emit(self.council_page()?)?;
                }
                for page in &self.model.pages {
                    emit(self.free_page(page)?)?;
                }
                emit(self.search_page()?)?;
                if let Some(file) = self.changes_page()? {
                    emit(file)?;
                }
                emit(self.not_found()?)
            }
            Part::OpenData => emit_all(opendata::files(
                self.model,
                self.facts,
                self.options.evidence,
                self.options.generator,
            )),
            Part::Feeds => {
                emit(feeds::calendar(
                    self.model,
                    self.facts,
                    self.options.base_url,
                    self.fmt.t,
                    self.options.generator,
                ))?;
                emit_all(popolo::files(self.model, self.facts, self.fmt.t))?;
                match self.options.base_url {
                    Some(base) => emit(feeds::site_feed(self.model, self.facts, base, self.fmt.t)),
                    None => Ok(()),
                }
            }
            Part::Static => self.theme.static_files().try_for_each(|(path, bytes)| {
                emit(OutputFile {
                    path: format!("static/{path}"),
                    bytes,
                })
            }),
        }
    }

    /// A free page of `content/pages/`.
    fn free_page(&self, page: &crate::model::Page) -> Result<OutputFile, String> {
        let path = page_url(&page.id);
        let html = self.body(&page.body, &path);
        let layout = self.with_record(self.layout(&path, &page.title, &page.id), &page.path, false);
        self.page_with_layout(
            "page.html",
            &path,
            layout,
            &serde_json::json!({ "title": page.title, "body": html }),
        )
    }

    fn home(&self) -> Result<OutputFile, String> {
        let path = "index.html";
        let root = "";
        let today = self.facts.today;
        let posting = self.model.site.rules.posting_days;
        // Sorted by the records' dates, and rows made only for what the page shows: the
        // home page costs the same at 100 topics and at 10,000.
        let (meetings, topics) = (&self.model.meetings, &self.model.topics);
        // Notices: upcoming meetings, soonest first, and results still within their posting
        // period, newest first.
        let mut upcoming: Vec<usize> = Vec::new();
        let mut notices: Vec<(NaiveDate, usize)> = Vec::new();
        // Meetings held whose record is still to come (spec 13.1), the oldest first.
        let mut pending: Vec<usize> = Vec::new();
        for (mi, m) in meetings.iter().enumerate() {
            match self.facts.meetings[mi].state {
                MeetingState::Upcoming => upcoming.push(mi),
                MeetingState::Held if self.facts.meetings[mi].record_pending => pending.push(mi),
                MeetingState::Held => notices.extend(m.published.map(|p| (p, mi))),
                MeetingState::Cancelled => {}
            }
        }
        pending.sort_by_key(|&mi| (meetings[mi].start, mi));
        let pending: Vec<MeetingRow> = pending
            .into_iter()
            .map(|mi| self.meeting_row(mi, root))
            .collect();
        upcoming.sort_by_key(|&mi| (meetings[mi].start, mi));
        let upcoming: Vec<MeetingRow> = upcoming
            .into_iter()
            .map(|mi| self.meeting_row(mi, root))
            .collect();
        notices.sort_by(|a, b| b.0.cmp(&a.0).then(meetings[a.1].id.cmp(&meetings[b.1].id)));
        // Results still recent (within the posting period, or 30 days), and never fewer than three.
        let window = posting.max(30);
        let latest: Vec<MeetingRow> = notices
            .iter()
            .enumerate()
            .filter(|(i, (p, _))| *i < 3 || (today - *p).num_days() <= window)
            .map(|(_, &(_, mi))| self.meeting_row(mi, root))
            .collect();
        // Open topics, those with overdue work first, then the newest.
        let mut open: Vec<usize> = (0..topics.len())
            .filter(|&ti| self.facts.topics[ti].status.is_open())
            .collect();
        open.sort_by(|&a, &b| {
            let (fa, fb) = (&self.facts.topics[a], &self.facts.topics[b]);
            fb.overdue
                .cmp(&fa.overdue)
                .then(topics[b].raised.cmp(&topics[a].raised))
                .then(topics[a].id.cmp(&topics[b].id))
        });
        // Overdue actions, the longest overdue first.
        let mut overdue: Vec<(usize, usize)> = (0..topics.len())
            .flat_map(|ti| {
                let facts = &self.facts.topics[ti].actions;
                (0..facts.len())
                    .filter(move |&ai| facts[ai].status == ActionStatus::Overdue)
                    .map(move |ai| (ti, ai))
            })
            .collect();
        overdue.sort_by_key(|&(ti, ai)| topics[ti].actions[ai].due);
        // The home page stays short at any size: the most urgent first, the rest one click away.
        let (open_count, overdue_count) = (open.len(), overdue.len());
        let open: Vec<TopicRow> = open
            .into_iter()
            .take(HOME_LIMIT)
            .map(|ti| self.topic_row(ti, root))
            .collect();
        let overdue: Vec<ActionRow> = overdue
            .into_iter()
            .take(HOME_LIMIT)
            .map(|(ti, ai)| self.action_row(ti, ai, root))
            .collect();
        let year = self
            .facts
            .years
            .iter()
            .find(|y| y.year == today.year())
            .or_else(|| {
                self.facts
                    .years
                    .iter()
                    .rev()
                    .find(|y| y.year <= today.year())
            })
            .map(|y| self.year_view(y, root));
        let view = serde_json::json!({
            "upcoming": upcoming,
            "pending": pending,
            "latest": latest,
            "open": open,
            "overdue": overdue,
            "year": year,
            "topic_count": self.model.topics.len(),
            "open_count": open_count,
            "overdue_count": overdue_count,
            "meeting_count": self.model.meetings.len(),
        });
        self.page("index.html", path, &self.model.site.title, "home", &view)
    }

    /// Every page of every topic list (all, by status, by category), or only the page at
    /// `only`.
    fn topic_lists(&self, only: Option<&str>) -> Result<Vec<OutputFile>, String> {
        let mut out = Vec::new();
        let mut order: Vec<usize> = (0..self.model.topics.len()).collect();
        let topics = &self.model.topics;
        order.sort_by(|&a, &b| {
            topics[b]
                .raised
                .cmp(&topics[a].raised)
                .then(topics[a].id.cmp(&topics[b].id))
        });

        // Counts per status and category, once for all lists.
        let status_counts: Vec<usize> = TopicStatus::ALL
            .iter()
            .map(|s| self.facts.topics.iter().filter(|f| f.status == *s).count())
            .collect();
        let category_counts: Vec<usize> = self
            .model
            .site
            .rules
            .categories
            .iter()
            .map(|c| topics.iter().filter(|t| &t.category == c).count())
            .collect();
        let filters = |root: &str, current: &str| -> serde_json::Value {
            let statuses: Vec<serde_json::Value> = TopicStatus::ALL
                .iter()
                .zip(&status_counts)
                .map(|(s, count)| {
                    serde_json::json!({ "label": self.fmt.topic_status(*s), "key": s.key(), "href": format!("{root}{}", status_url(*s)), "count": count, "current": current == s.key() })
                })
                .collect();
            let categories: Vec<serde_json::Value> = self
                .model
                .site
                .rules
                .categories
                .iter()
                .zip(&category_counts)
                .enumerate()
                .map(|(i, (c, count))| {
                    serde_json::json!({ "label": c, "href": format!("{root}{}", category_url(i)), "count": count, "current": current == format!("category-{}", i + 1) })
                })
                .collect();
            serde_json::json!({ "statuses": statuses, "categories": categories, "all_href": format!("{root}topics/index.html"), "all_current": current == "all" })
        };

        let mut list = |path: String,
                        title: String,
                        current: &str,
                        pick: &dyn Fn(usize) -> bool|
         -> Result<(), String> {
            let dir = path.trim_end_matches("index.html").to_string();
            if only.is_some_and(|o| !o.starts_with(&dir)) {
                return Ok(());
            }
            let picked: Vec<usize> = order.iter().copied().filter(|&ti| pick(ti)).collect();
            let count = picked.len();
            for (page_path, slice, pager) in paginate(&dir, &picked) {
                if only.is_some_and(|o| o != page_path) {
                    continue;
                }
                let root = root_of(&page_path);
                let rows: Vec<TopicRow> =
                    slice.iter().map(|&ti| self.topic_row(ti, &root)).collect();
                let view = serde_json::json!({ "title": title, "topics": rows, "count": count, "pager": pager, "filters": filters(&root, current) });
                out.push(self.page("topics.html", &page_path, &title, "topics", &view)?);
            }
            Ok(())
        };
        list(
            "topics/index.html".into(),
            self.fmt.s("all_topics"),
            "all",
            &|_| true,
        )?;
        for s in TopicStatus::ALL {
            list(
                status_url(s),
                format!(
                    "{}{}{}",
                    self.fmt.s("topics"),
                    self.fmt.s("colon"),
                    self.fmt.topic_status(s)
                ),
                s.key(),
                &|ti| self.facts.topics[ti].status == s,
            )?;
        }
        for (i, c) in self.model.site.rules.categories.iter().enumerate() {
            list(
                category_url(i),
                format!("{}{}{}", self.fmt.s("topics"), self.fmt.s("colon"), c),
                &format!("category-{}", i + 1),
                &|ti| &topics[ti].category == c,
            )?;
        }
        Ok(out)
    }

    fn topic_page(&self, ti: usize) -> Result<OutputFile, String> {
        let topic = &self.model.topics[ti];
        let tf = &self.facts.topics[ti];
        let path = topic_url(&topic.id);
        let root = root_of(&path);
        let mut timeline: Vec<(NaiveDate, u8, TimelineItem)> = vec![(
            topic.raised,
            0,
            TimelineItem {
                date: self.fmt.date(topic.raised),
                label: self.fmt.s("raised_event"),
                title: topic.title.clone(),
                href: None,
                text: match (&topic.raised_by, &topic.channel) {
                    (Some(by), Some(ch)) => Some(format!("{by} · {ch}")),
                    (Some(by), None) => Some(by.clone()),
                    (None, Some(ch)) => Some(ch.clone()),
                    (None, None) => None,
                },
                resolutions: vec![],
                progress: None,
            },
        )];
        for &mi in &tf.meetings {
            let m = &self.model.meetings[mi];
            let row = self.meeting_row(mi, &root);
            let resolutions: Vec<ResolutionView> = tf
                .resolutions
                .iter()
                .filter(|&&(rm, _)| rm == mi)
                .filter_map(|&(rm, ri)| self.resolution_view(rm, ri, &root))
                .collect();
            let text = match self.facts.meetings[mi].state {
                MeetingState::Held => row
                    .attendance
                    .as_ref()
                    .map(|a| format!("{} {a}", self.fmt.s("present"))),
                _ => Some(row.state_label.clone()),
            };
            timeline.push((
                m.start.date(),
                1,
                TimelineItem {
                    date: row.date.clone(),
                    label: m.kind.clone(),
                    title: m.title.clone(),
                    href: Some(row.href.clone()),
                    text,
                    resolutions,
                    progress: None,
                },
            ));
        }
        for (a, af) in topic.actions.iter().zip(&tf.actions) {
            for u in &a.updates {
                let label = if Some(u.date) == af.completed && u.progress == 100 {
                    self.fmt.s("completed_event")
                } else {
                    self.fmt.s("update_event")
                };
                timeline.push((
                    u.date,
                    2,
                    TimelineItem {
                        date: self.fmt.date(u.date),
                        label,
                        title: a.task.clone(),
                        href: None,
                        text: u.note.clone(),
                        resolutions: vec![],
                        progress: Some(u.progress),
                    },
                ));
            }
        }
        for &(ei, ri) in &tf.ratings {
            let e = &self.model.evaluations[ei];
            let r = &e.topics[ri];
            timeline.push((
                e.date,
                3,
                TimelineItem {
                    date: self.fmt.date(e.date),
                    label: self.fmt.s("evaluation"),
                    title: format!("{} {}", e.year, self.fmt.s("evaluation")),
                    href: Some(format!("{root}{}", year_url(e.year))),
                    text: Some(format!(
                        "{} {}{}",
                        self.fmt.s("satisfaction"),
                        self.fmt.percent(crate::facts::satisfaction(r.ratings)),
                        r.comment
                            .as_ref()
                            .map(|c| format!(" · {c}"))
                            .unwrap_or_default()
                    )),
                    resolutions: vec![],
                    progress: None,
                },
            ));
        }
        timeline.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
        let view = serde_json::json!({
            "topic": self.topic_row(ti, &root),
            "channel": topic.channel,
            "raised_by": topic.raised_by,
            "stakeholders": topic.stakeholders.join(&self.fmt.s("list_sep")),
            "declined": topic.declined,
            "body": self.body(&topic.body, &path),
            "timeline": timeline.into_iter().map(|(_, _, item)| item).collect::<Vec<_>>(),
            "actions": self.action_rows(ti, &root),
        });
        let layout = self.layout(&path, &topic.title, "topics");
        let mut layout = self.with_record(layout, &topic.path, true);
        if self.options.base_url.is_some() {
            layout.page_feed = Some("feed.xml".into());
        }
        self.page_with_layout("topic.html", &path, layout, &view)
    }

    /// Every page of the meeting list, or only the page at `only`.
    fn meetings_index(&self, only: Option<&str>) -> Result<Vec<OutputFile>, String> {
        let mut order: Vec<usize> = (0..self.model.meetings.len()).collect();
        let meetings = &self.model.meetings;
        order.sort_by(|&a, &b| meetings[b].start.cmp(&meetings[a].start).then(a.cmp(&b)));
        // Years for the chips: where each year's meetings begin.
        let mut year_starts: Vec<(i32, usize, usize)> = Vec::new(); // (year, first index, count)
        for (i, &mi) in order.iter().enumerate() {
            let y = meetings[mi].start.year();
            match year_starts.last_mut() {
                Some(last) if last.0 == y => last.2 += 1,
                _ => year_starts.push((y, i, 1)),
            }
        }
        let title = self.fmt.s("meetings");
        let mut out = Vec::new();
        for (path, slice, pager) in paginate("meetings/", &order) {
            if only.is_some_and(|o| o != path) {
                continue;
            }
            let root = root_of(&path);
            let mut years: Vec<serde_json::Value> = Vec::new();
            let mut current: Option<(i32, Vec<MeetingRow>)> = None;
            for &mi in &slice {
                let y = meetings[mi].start.year();
                if current.as_ref().is_some_and(|c| c.0 != y)
                    && let Some((year, rows)) = current.take()
                {
                    years.push(serde_json::json!({ "year": year, "meetings": rows }));
                }
                current
                    .get_or_insert_with(|| (y, Vec::new()))
                    .1
                    .push(self.meeting_row(mi, &root));
            }
            if let Some((year, rows)) = current {
                years.push(serde_json::json!({ "year": year, "meetings": rows }));
            }
            let chips: Vec<serde_json::Value> = year_starts
                .iter()
                .map(|&(year, first, count)| {
                    let page = first / PER_PAGE + 1;
                    serde_json::json!({ "year": year, "count": count, "href": format!("{root}{}#y{year}", list_page_path("meetings/", page)) })
                })
                .collect();
            out.push(self.page(
                "meetings.html",
                &path,
                &title,
                "meetings",
                &serde_json::json!({ "title": title, "years": years, "chips": chips, "pager": pager }),
            )?);
        }
        Ok(out)
    }

    fn meeting_page(&self, mi: usize) -> Result<OutputFile, String> {
        let m: &Meeting = &self.model.meetings[mi];
        let mf = &self.facts.meetings[mi];
        let path = meeting_url(&m.id);
        let root = root_of(&path);
        let topics: Vec<serde_json::Value> = m
            .topics
            .iter()
            .filter_map(|id| self.model.topic(id))
            .map(|t| serde_json::json!({ "title": t.title, "href": format!("{root}{}", topic_url(&t.id)) }))
            .collect();
        let resolutions: Vec<ResolutionView> = (0..m.resolutions.len())
            .filter_map(|ri| self.resolution_view(mi, ri, &root))
            .collect();
        let evaluation = self
            .model
            .evaluations
            .iter()
            .find(|e| e.meeting.as_deref() == Some(m.id.as_str()))
            .map(|e| serde_json::json!({ "title": format!("{} {}", e.year, self.fmt.s("evaluation")), "href": format!("{root}{}", year_url(e.year)) }));
        let view = serde_json::json!({
            "meeting": self.meeting_row(mi, &root),
            "host": m.host,
            "recorder": m.recorder,
            "expected": m.expected.map(|n| self.fmt.people(n)),
            "present": m.present.map(|n| self.fmt.people(n)),
            "attendance_rate": mf.attendance_rate.map(|r| self.fmt.percent(Some(r))),
            "absent": m.absent.join(&self.fmt.s("list_sep")),
            "attendees": m.attendees.join(&self.fmt.s("list_sep")),
            "organiser": m.parties.organiser.join(&self.fmt.s("list_sep")),
            "stakeholders": m.parties.stakeholders.join(&self.fmt.s("list_sep")),
            "third": m.parties.third.join(&self.fmt.s("list_sep")),
            "notified": m.notified.map(|d| self.fmt.date(d)),
            "published": m.published.map(|d| self.fmt.date(d)),
            "deadline": mf.publish_deadline.map(|d| self.fmt.date(d)),
            // Pending from its own day (spec 13.1), but not yet "took place" that morning.
            "held_today": m.start.date() == self.facts.today,
            "sign_in": m.sign_in.as_ref().map(|s| self.attachment_view(s, &root, format!("{}{}", m.title, self.fmt.s("sign_in_alt")))),
            "cancelled": m.cancelled,
            "topics": topics,
            "resolutions": resolutions,
            "body": self.body(&m.body, &path),
            "evaluation": evaluation,
        });
        let layout = self.with_record(self.layout(&path, &m.title, "meetings"), &m.path, false);
        self.page_with_layout("meeting.html", &path, layout, &view)
    }

    fn progress_page(&self) -> Result<Vec<OutputFile>, String> {
        // (status, due, topic index, action index), in the order of the board.
        let mut keys: Vec<(ActionStatus, NaiveDate, usize, usize)> = Vec::new();
        for (ti, topic) in self.model.topics.iter().enumerate() {
            for (ai, (a, af)) in topic
                .actions
                .iter()
                .zip(&self.facts.topics[ti].actions)
                .enumerate()
            {
                keys.push((af.status, a.due, ti, ai));
            }
        }
        let topics = &self.model.topics;
        keys.sort_by(|a, b| {
            a.0.cmp(&b.0)
                .then(a.1.cmp(&b.1))
                .then(topics[a.2].id.cmp(&topics[b.2].id))
                .then(
                    topics[a.2].actions[a.3]
                        .id
                        .cmp(&topics[b.2].actions[b.3].id),
                )
        });
        let counts: Vec<serde_json::Value> = [ActionStatus::Overdue, ActionStatus::InProgress, ActionStatus::NotStarted, ActionStatus::DoneLate, ActionStatus::Done]
            .iter()
            .map(|s| serde_json::json!({ "key": s.key(), "label": self.fmt.action_status(*s), "count": keys.iter().filter(|r| r.0 == *s).count() }))
            .collect();
        let title = self.fmt.s("progress");
        let total = keys.len();
        let mut out = Vec::new();
        for (page_path, slice, pager) in paginate("progress/", &keys) {
            let root = root_of(&page_path);
            let actions: Vec<ActionRow> = slice
                .iter()
                .filter_map(|&(_, _, ti, ai)| self.action_rows(ti, &root).into_iter().nth(ai))
                .collect();
            let view = serde_json::json!({ "title": title, "actions": actions, "count": total, "counts": counts, "pager": pager });
            out.push(self.page("progress.html", &page_path, &title, "progress", &view)?);
        }
        Ok(out)
    }

    fn year_view(&self, y: &YearSummary, root: &str) -> YearView {
        let f = &self.fmt;
        let evaluation = self.model.evaluations.iter().find(|e| e.year == y.year);
        let path = year_url(y.year);
        let rating_row = |title: String,
                          href: Option<String>,
                          r: crate::model::Ratings,
                          comment: Option<String>| RatingRow {
            title,
            href,
            satisfied: r.satisfied,
            basic: r.basic,
            unsatisfied: r.unsatisfied,
            rate: f.percent(crate::facts::satisfaction(r)),
            comment,
        };
        let held: u64 = y.meetings_by_kind.values().sum();
        YearView {
            year: y.year,
            href: format!("{root}{path}"),
            figures: vec![
                Figure {
                    label: f.s("meetings_held"),
                    value: format!("{held}"),
                },
                Figure {
                    label: f.s("attendance_rate"),
                    value: f.percent(y.attendance_rate),
                },
                Figure {
                    label: f.s("on_time_rate"),
                    value: f.percent(y.on_time_rate),
                },
                Figure {
                    label: f.s("satisfaction_overall"),
                    value: f.percent(y.satisfaction_overall),
                },
                Figure {
                    label: f.s("median_days"),
                    value: y.median_days_to_resolution.map_or_else(
                        || f.s("not_applicable"),
                        |d| format!("{d} {}", f.s("days_unit")),
                    ),
                },
                Figure {
                    label: f.s("late_publications"),
                    value: y.late_publications.to_string(),
                },
            ],
            blocks: self.year_blocks(y),
            quarters_missing: if y.quarters_without_regular_meeting.is_empty() {
                f.s("none")
            } else {
                y.quarters_without_regular_meeting
                    .iter()
                    .map(|q| f.quarter(*q))
                    .collect::<Vec<_>>()
                    .join(&self.fmt.s("list_sep"))
            },
            satisfaction_overall: f.percent(y.satisfaction_overall),
            overall: evaluation
                .and_then(|e| e.overall)
                .map(|r| rating_row(f.s("satisfaction_overall"), None, r, None)),
            ratings: evaluation
                .map(|e| {
                    e.topics
                        .iter()
                        .map(|r| {
                            let topic = self.model.topic(&r.topic);
                            rating_row(
                                topic.map_or_else(|| r.topic.clone(), |t| t.title.clone()),
                                topic.map(|t| format!("{root}{}", topic_url(&t.id))),
                                r.ratings,
                                r.comment.clone(),
                            )
                        })
                        .collect()
                })
                .unwrap_or_default(),
            evaluation_html: None,
            evaluation_date: evaluation.map(|e| f.date(e.date)),
            evaluation_meeting: evaluation
                .and_then(|e| e.meeting.as_deref())
                .and_then(|id| self.model.meeting(id))
                .map(|m| (m.title.clone(), format!("{root}{}", meeting_url(&m.id)))),
            respondents: evaluation.and_then(|e| e.respondents),
            method: evaluation.and_then(|e| e.method.clone()),
        }
    }

    /// The year's counts, each as a bar chart with its table.
    fn year_blocks(&self, y: &YearSummary) -> Vec<Block> {
        let f = &self.fmt;
        let rules = &self.model.site.rules;
        let counts = |map: &BTreeMap<String, u64>, order: &[String]| -> Vec<CountRow> {
            order
                .iter()
                .map(|k| CountRow {
                    label: k.clone(),
                    count: map.get(k).copied().unwrap_or(0),
                })
                .collect()
        };
        let row = |key: &str, count: u64| CountRow {
            label: f.s(key),
            count,
        };
        let blocks: Vec<(String, Vec<CountRow>, Vec<&str>)> = vec![
            (
                f.s("meetings_by_kind"),
                counts(&y.meetings_by_kind, &rules.meeting_kinds),
                vec![],
            ),
            (
                f.s("topics_by_category"),
                counts(&y.topics_by_category, &rules.categories),
                vec![],
            ),
            (
                f.s("topics_by_channel"),
                counts(&y.topics_by_channel, &rules.channels),
                vec![],
            ),
            (
                f.s("resolutions"),
                vec![
                    row("resolutions_passed", y.resolutions_passed),
                    row("resolutions_failed", y.resolutions_failed),
                    row("resolutions_invalid", y.resolutions_invalid),
                ],
                vec![charts::YES, charts::NO, charts::ABSTAIN],
            ),
            (
                f.s("actions_due"),
                vec![
                    row("actions_done", y.actions_done),
                    row("actions_done_late", y.actions_done_late),
                    row("actions_overdue", y.actions_overdue),
                    row("actions_open", y.actions_open),
                    row("total", y.actions_due),
                ],
                vec![
                    charts::YES,
                    charts::ABSTAIN,
                    charts::NO,
                    charts::BAR,
                    charts::BAR,
                ],
            ),
        ];
        blocks
            .into_iter()
            .map(|(title, rows, colours)| {
                let alt = format!(
                    "{title}{}{}",
                    f.s("colon"),
                    rows.iter()
                        .map(|r| format!("{} {}", r.label, r.count))
                        .collect::<Vec<_>>()
                        .join(&f.s("comma"))
                );
                let bars: Vec<charts::Bar> = rows
                    .iter()
                    .enumerate()
                    .map(|(i, r)| charts::Bar {
                        label: &r.label,
                        value: r.count,
                        shown: r.count.to_string(),
                        colour: colours.get(i).copied().unwrap_or(charts::BAR),
                    })
                    .collect();
                let chart = charts::bars(&bars, 0, &alt);
                Block { title, chart, rows }
            })
            .collect()
    }

    fn year_pages(&self) -> Result<Vec<OutputFile>, String> {
        let mut out = Vec::new();
        let index_path = "years/index.html";
        let index_root = root_of(index_path);
        let list: Vec<YearView> = self
            .facts
            .years
            .iter()
            .rev()
            .map(|y| self.year_view(y, &index_root))
            .collect();
        let title = self.fmt.s("all_years");
        out.push(self.page(
            "years.html",
            index_path,
            &title,
            "years",
            &serde_json::json!({ "title": title, "years": list }),
        )?);
        for y in &self.facts.years {
            let path = year_url(y.year);
            let root = root_of(&path);
            let mut view = self.year_view(y, &root);
            view.evaluation_html = self
                .model
                .evaluations
                .iter()
                .find(|e| e.year == y.year)
                .map(|e| self.body(&e.body, &path));
            let title = self.year_title(y.year);
            let mut layout = self.layout(&path, &title, "years");
            if let Some(e) = self.model.evaluations.iter().find(|e| e.year == y.year) {
                layout = self.with_record(layout, &e.path, false);
            }
            out.push(self.page_with_layout(
                "year.html",
                &path,
                layout,
                &serde_json::json!({ "title": title, "year": view }),
            )?);
        }
        Ok(out)
    }

    /// The sheets that belong on the notice board today: meeting notices, results still in
    /// their posting period, and a progress report for each topic being carried out.
    fn sheets(&self) -> Vec<Sheet> {
        let f = &self.fmt;
        let today = self.facts.today;
        let posting = self.model.site.rules.posting_days;
        let period = |from: NaiveDate, to: NaiveDate| {
            format!("{} {} {}", f.date(from), f.s("date_to"), f.date(to))
        };
        let mut sheets = Vec::new();
        let mut upcoming: Vec<usize> = (0..self.model.meetings.len())
            .filter(|&mi| self.facts.meetings[mi].state == MeetingState::Upcoming)
            .collect();
        upcoming.sort_by_key(|&mi| (self.model.meetings[mi].start, mi));
        for mi in upcoming {
            let m = &self.model.meetings[mi];
            let published = m.notified.unwrap_or(today).min(today);
            let mut facts = vec![
                (f.s("time"), f.datetime(m.start)),
                (f.s("place"), m.place.clone()),
                (f.s("kind"), m.kind.clone()),
            ];
            if let Some(h) = &m.host {
                facts.push((f.s("host"), h.clone()));
            }
            sheets.push(Sheet {
                id: format!("notice-{}", m.id),
                kind: "notice",
                kind_label: f.s("sheet_notice"),
                title: m.title.clone(),
                target: meeting_url(&m.id),
                sign_date: f.date(published),
                published: f.date(published),
                posting: period(published, m.start.date()),
                facts,
                topics: self.sheet_topics(&m.topics),
                body: Some(m.body.clone()),
                resolutions: vec![],
                actions: vec![],
                closing: f.s("notice_welcome"),
                variant: "a4",
                ..Sheet::default()
            });
        }
        let mut results: Vec<(NaiveDate, usize)> = Vec::new();
        for (mi, m) in self.model.meetings.iter().enumerate() {
            if let (MeetingState::Held, Some(p)) = (self.facts.meetings[mi].state, m.published)
                && !m.resolutions.is_empty()
                && p <= today
                && today <= crate::facts::add_days(p, posting)
            {
                results.push((p, mi));
            }
        }
        results.sort();
        for (p, mi) in results.into_iter().rev() {
            let m = &self.model.meetings[mi];
            let mut facts = vec![
                (f.s("time"), f.datetime(m.start)),
                (f.s("place"), m.place.clone()),
                (f.s("kind"), m.kind.clone()),
            ];
            if let (Some(e), Some(pr)) = (m.expected, m.present) {
                facts.push((f.s("expected"), f.people(e)));
                facts.push((f.s("present"), f.people(pr)));
            }
            let resolutions = (0..m.resolutions.len())
                .filter_map(|ri| self.resolution_view(mi, ri, ""))
                .collect();
            sheets.push(Sheet {
                id: format!("results-{}", m.id),
                kind: "results",
                kind_label: f.s("sheet_results"),
                title: m.title.clone(),
                target: meeting_url(&m.id),
                sign_date: f.date(p),
                published: f.date(p),
                posting: period(p, crate::facts::add_days(p, posting)),
                facts,
                topics: self.sheet_topics(&m.topics),
                body: None,
                resolutions,
                actions: vec![],
                closing: f.s("objection"),
                variant: "a4",
                ..Sheet::default()
            });
        }
        // A progress report is a notice like any other: posted for posting_days from the day
        // of the topic's latest report.
        let mut progress: Vec<(NaiveDate, usize)> = Vec::new();
        for (ti, tf) in self.facts.topics.iter().enumerate() {
            if let Some(last) = tf.actions.iter().filter_map(|a| a.last_update).max()
                && last <= today
                && today <= crate::facts::add_days(last, posting)
            {
                progress.push((last, ti));
            }
        }
        progress.sort();
        for (last, ti) in progress.into_iter().rev() {
            let topic = &self.model.topics[ti];
            let tf = &self.facts.topics[ti];
            let facts = vec![
                (f.s("status"), f.topic_status(tf.status)),
                (f.s("progress"), format!("{}%", tf.progress)),
                (f.s("progress_as_of"), f.date(last)),
            ];
            let actions = self.action_rows(ti, "");
            sheets.push(Sheet {
                id: format!("progress-{}", topic.id),
                kind: "progress",
                kind_label: f.s("sheet_progress"),
                title: topic.title.clone(),
                target: topic_url(&topic.id),
                sign_date: f.date(last),
                published: f.date(last),
                posting: period(last, crate::facts::add_days(last, posting)),
                facts,
                topics: vec![],
                body: None,
                resolutions: vec![],
                actions,
                closing: f.s("objection"),
                variant: "a4",
                ..Sheet::default()
            });
        }
        sheets
    }

    fn sheet_topics(&self, ids: &[String]) -> Vec<String> {
        ids.iter()
            .filter_map(|id| self.model.topic(id))
            .map(|t| t.title.clone())
            .collect()
    }

    fn board_pages(
        &self,
        emit: &(dyn Fn(OutputFile) -> Result<(), String> + Sync),
    ) -> Result<(), String> {
        let sheets = self.sheets();
        let index = "board/index.html";
        let list: Vec<serde_json::Value> = sheets
            .iter()
            .map(|s| serde_json::json!({ "kind": s.kind, "kind_label": s.kind_label, "title": s.title, "published": s.published, "posting": s.posting, "a4": format!("{}/index.html", s.id), "a3": format!("{}/a3/index.html", s.id) }))
            .collect();
        let title = self.fmt.s("board");
        emit(self.page(
            "board.html",
            index,
            &title,
            "board",
            &serde_json::json!({ "title": title, "sheets": list }),
        )?)?;
        let base = self.options.base_url;
        sheets
            .into_par_iter()
            .try_for_each(|sheet| -> Result<(), String> {
                // One QR code serves both paper sizes.
                let url = base.map(|b| format!("{b}{}", sheet.target));
                let qr = url.as_deref().and_then(qr_svg);
                for (variant, path) in [
                    ("a4", format!("board/{}/index.html", sheet.id)),
                    ("a3", format!("board/{}/a3/index.html", sheet.id)),
                ] {
                    let root = root_of(&path);
                    let mut view = sheet.clone();
                    view.variant = variant;
                    view.href = format!("{root}{}", sheet.target);
                    view.url = url.clone();
                    view.qr = qr.clone();
                    view.body = sheet.body.as_ref().map(|b| self.body(b, &path));
                    view.board_href = format!("{root}board/index.html");
                    view.community = self.model.site.community.clone();
                    view.district = self.model.site.district.clone();
                    view.signature = format!(
                        "{}{}",
                        self.model.site.community,
                        self.fmt.s("council_suffix")
                    );
                    view.printed = self.fmt.date(self.facts.today);
                    emit(self.page("sheet.html", &path, &sheet.title, "board", &view)?)?;
                }
                Ok(())
            })
    }

    fn council_page(&self) -> Result<OutputFile, String> {
        let path = "council/index.html";
        let members: Vec<serde_json::Value> = self
            .model
            .council
            .iter()
            .flatten()
            .map(|m| {
                let term = match (m.since, m.until) {
                    (Some(s), Some(u)) => format!("{} – {}", self.fmt.date(s), self.fmt.date(u)),
                    (Some(s), None) => format!("{} –", self.fmt.date(s)),
                    (None, Some(u)) => format!("– {}", self.fmt.date(u)),
                    (None, None) => String::new(),
                };
                serde_json::json!({ "name": m.name, "role": m.role, "standing": m.standing, "affiliation": m.affiliation, "term": term })
            })
            .collect();
        let title = self.fmt.s("council");
        self.page(
            "council.html",
            path,
            &title,
            "council",
            &serde_json::json!({ "title": title, "members": members }),
        )
    }

    fn not_found(&self) -> Result<OutputFile, String> {
        // A web server serves 404.html at any depth: links are absolute when the base URL is known.
        let mut layout = self.layout("404.html", &self.fmt.s("page_not_found"), "");
        if let Some(base) = self.options.base_url {
            let relative = layout.root.clone();
            for item in &mut layout.nav {
                item.href = format!("{base}{}", item.href.trim_start_matches(&relative));
            }
            layout.root = base.to_string();
        }
        self.page_with_layout("404.html", "404.html", layout, &serde_json::json!({}))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roots_and_urls() {
        assert_eq!(root_of("index.html"), "");
        assert_eq!(root_of("topics/x/index.html"), "../../");
        assert_eq!(root_of("topics/status/decided/index.html"), "../../../");
        assert_eq!(topic_url("a"), "topics/a/index.html");
    }

    #[test]
    fn dates_in_both_languages() {
        let zh: Strings = BTreeMap::new();
        let d = NaiveDate::from_ymd_opt(2025, 4, 18).unwrap();
        let f = Fmt {
            lang: Language::ZhCn,
            t: &zh,
        };
        assert_eq!(f.date(d), "2025年4月18日");
        assert_eq!(f.date_weekday(d), "2025年4月18日（星期五）");
        assert_eq!(
            f.datetime(d.and_hms_opt(9, 0, 0).unwrap()),
            "2025年4月18日（星期五） 9:00"
        );
        assert_eq!(f.percent(Some(0.9559)), "95.6%");
        assert_eq!(f.percent(Some(1.0)), "100%");
        let f = Fmt {
            lang: Language::En,
            t: &zh,
        };
        assert_eq!(f.date(d), "18 April 2025");
        assert_eq!(
            f.datetime(d.and_hms_opt(9, 5, 0).unwrap()),
            "Friday 18 April 2025, 09:05"
        );
    }

    #[test]
    fn lists_split_into_pages_of_fifty_with_a_windowed_pager() {
        // No rows: still one (empty) first page, and no pager.
        let pages = paginate::<u32>("topics/", &[]);
        assert_eq!(pages.len(), 1);
        assert_eq!(pages[0].0, "topics/index.html");
        assert!(pages[0].2.pages.is_empty());
        // Exactly 50: one page; 51: two, the second with the one row left.
        let rows: Vec<u32> = (0..51).collect();
        assert_eq!(paginate("topics/", &rows[..50]).len(), 1);
        let pages = paginate("topics/", &rows);
        assert_eq!(pages.len(), 2);
        assert_eq!(pages[1].0, "topics/page/2/index.html");
        assert_eq!(pages[1].1, vec![50]);
        assert_eq!(
            pages[1].2.prev.as_deref(),
            Some("../../../topics/index.html")
        );
        assert_eq!(pages[1].2.next, None);
        assert_eq!(
            pages[0].2.next.as_deref(),
            Some("../topics/page/2/index.html")
        );
        // 20 pages, on page 10: 1 … 8 9 10 11 12 … 20.
        let rows: Vec<u32> = (0..1000).collect();
        let pages = paginate("meetings/", &rows);
        assert_eq!(pages.len(), 20);
        let shown: Vec<Option<usize>> = pages[9].2.pages.iter().map(|p| p.n).collect();
        assert_eq!(
            shown,
            [
                Some(1),
                None,
                Some(8),
                Some(9),
                Some(10),
                Some(11),
                Some(12),
                None,
                Some(20)
            ]
        );
        assert!(pages[9].2.pages[4].current);
        // Every row on exactly one page, in order.
        let all: Vec<u32> = pages.iter().flat_map(|p| p.1.clone()).collect();
        assert_eq!(all, rows);
    }

    /// Every file a part of the sample's site makes is one `Part::of` sends a request for
    /// to that part, so `serve` never needs every part made to find a page.
    #[test]
    fn each_file_of_a_part_is_found_in_that_part() {
        let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let options = crate::build::pipeline::BuildOptions {
            root: root.clone(),
            out: root.join("site"),
            given: crate::settings::Given {
                today: None,
                base_url: Some("https://example.org/x/".into()),
                drafts: false,
                ..crate::settings::Given::at(chrono::Utc::now())
            },
            deny_warnings: false,
        };
        let (model, facts) = crate::build::pipeline::check(&options)
            .result
            .expect("the sample checks");
        let theme = Theme::load(
            &crate::content::source::Disk::new(&root),
            model.site.theme.as_deref(),
            model.site.language,
        )
        .expect("the theme");
        let renderer = Renderer::new(
            &model,
            &facts,
            &theme,
            RenderOptions {
                base_url: Some("https://example.org/x/"),
                generator: "yishi test",
                evidence: None,
                provenance: None,
                in_district: false,
            },
        );
        let mut made = 0;
        for part in Part::ALL {
            let files = std::sync::Mutex::new(Vec::new());
            renderer
                .render_part(part, &|f| {
                    files.lock().unwrap().push(f.path);
                    Ok(())
                })
                .unwrap();
            let files = files.into_inner().unwrap();
            assert!(!files.is_empty(), "{part:?} made nothing");
            for path in &files {
                assert_eq!(Part::of(path), part, "{path}");
            }
            made += files.len();
        }
        assert!(made > 50, "{made}");
        assert_eq!(Part::of("index.html"), Part::Home);
        assert_eq!(Part::of("data/popolo/persons.json"), Part::Feeds);
        assert_eq!(Part::of("sitemap.xml"), Part::Other);
    }
}
