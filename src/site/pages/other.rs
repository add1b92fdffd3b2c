//! The council page, free pages, the search page, the list of changes and the 404 page.

use serde::Serialize;

use crate::plumbing::output::OutputFile;
use crate::site::context::Context;
use crate::site::search::IndexMeta;
use crate::site::urls::{category_url, page_url, root_of, year_url};
use crate::site::views::{ChangeView, CountLink};

/// `search.html`: the search form over links to every category and year.
#[derive(Serialize)]
pub(crate) struct SearchView {
    /// The page's title.
    pub(crate) title: String,
    /// Every category, with how many topics it holds.
    pub(crate) categories: Vec<CountLink>,
    /// Every year with records, newest first.
    pub(crate) years: Vec<YearLink>,
    /// The folder of the search index, for search.js.
    pub(crate) bundle: String,
    /// The search script.
    pub(crate) script: String,
    /// What `search/meta.json` says, so the script need not fetch it before the first search.
    pub(crate) index: IndexMeta,
}

/// A year and its page.
#[derive(Serialize)]
pub(crate) struct YearLink {
    /// The year.
    pub(crate) label: i32,
    /// Its page.
    pub(crate) href: String,
}

/// `changes.html`: the latest changes to the records, in plain language.
#[derive(Serialize)]
pub(crate) struct ChangesView {
    /// The page's title.
    pub(crate) title: String,
    /// The latest 50 published changes, newest first.
    pub(crate) changes: Vec<ChangeView>,
}

/// `page.html`: a free page of content/pages/.
#[derive(Serialize)]
pub(crate) struct FreePageView {
    /// Its title.
    pub(crate) title: String,
    /// Its body (HTML).
    pub(crate) body: String,
}

/// `404.html`: nothing beyond the layout.
#[derive(Serialize)]
pub(crate) struct NotFoundView {}

/// `council.html`: the council's members.
#[derive(Serialize)]
pub(crate) struct CouncilView {
    /// The page's title.
    pub(crate) title: String,
    /// Each member, in council.toml's order.
    pub(crate) members: Vec<MemberView>,
}

/// A council member.
#[derive(Serialize)]
pub(crate) struct MemberView {
    /// 姓名.
    pub(crate) name: String,
    /// 职务.
    pub(crate) role: String,
    /// 常任 (a standing member rather than one for a topic) in words: 是, 否, or nothing when
    /// the record does not say (15.6).
    pub(crate) standing: String,
    /// 单位或身份.
    pub(crate) affiliation: Option<String>,
    /// 任期 ("2024年1月1日 – 2026年12月31日").
    pub(crate) term: String,
    /// Regular meetings with a record in the term.
    pub(crate) regular_meetings: u64,
    /// Of those, attended.
    pub(crate) attended: u64,
    /// Attendance rate, written out.
    pub(crate) attendance_rate: String,
    /// Consecutive absences up to the latest regular meeting.
    pub(crate) current_absence_run: u64,
    /// The current run reached absence_limit (屡次未参加会议).
    pub(crate) flagged: bool,
}

/// search/index.html: the search form (shown by search.js) over links to every category
/// and year, which are all there is without JavaScript.
pub(crate) fn search_page(cx: &Context) -> Result<OutputFile, String> {
    let path = "search/index.html";
    let root = root_of(path);
    let categories: Vec<CountLink> = cx
        .model
        .site
        .rules
        .categories
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let count = cx.model.topics.iter().filter(|t| &t.category == c).count();
            CountLink {
                label: c.clone(),
                href: format!("{root}{}", category_url(i)),
                count,
                current: false,
            }
        })
        .collect();
    let years: Vec<YearLink> = cx
        .facts
        .years
        .iter()
        .rev()
        .map(|y| YearLink {
            label: y.year,
            href: format!("{root}{}", year_url(y.year)),
        })
        .collect();
    let title = cx.words.label("search");
    let view = SearchView {
        title: title.clone(),
        categories,
        years,
        bundle: format!("{root}search/"),
        script: format!("{root}static/search.js"),
        index: IndexMeta::of(&cx.search_records()),
    };
    cx.page("search.html", path, &title, "search", &view)
}

/// changes/index.html: the latest 50 published changes.
pub(crate) fn changes_page(cx: &Context) -> Result<Option<OutputFile>, String> {
    let Some(p) = cx.options.provenance else {
        return Ok(None);
    };
    let path = "changes/index.html";
    let root = root_of(path);
    let changes: Vec<ChangeView> = p
        .changes()
        .iter()
        .filter_map(|c| cx.change_view(c, &root))
        .take(50)
        .collect();
    let title = cx.words.label("changes");
    let view = ChangesView {
        title: title.clone(),
        changes,
    };
    cx.page("changes.html", path, &title, "changes", &view)
        .map(Some)
}

/// A free page of `content/pages/`.
pub(crate) fn free_page(cx: &Context, page: &crate::model::Page) -> Result<OutputFile, String> {
    let path = page_url(&page.id);
    let html = cx.body(&page.body, &path);
    let layout = cx.with_record(cx.layout(&path, &page.title, &page.id), &page.path, false);
    cx.page_with_layout(
        "page.html",
        &path,
        layout,
        &FreePageView {
            title: page.title.clone(),
            body: html,
        },
    )
}

pub(crate) fn not_found(cx: &Context) -> Result<OutputFile, String> {
    // A web server serves 404.html at any depth: links are absolute when the base URL is known.
    let mut layout = cx.layout("404.html", &cx.words.label("page_not_found"), "");
    // Served at any missing address: it has no address of its own to share or print.
    layout.url = None;
    layout.qr = None;
    if let Some(base) = cx.options.base_url {
        let relative = layout.root.clone();
        for item in &mut layout.nav {
            item.href = format!("{base}{}", item.href.trim_start_matches(&relative));
        }
        layout.root = base.to_string();
    }
    cx.page_with_layout("404.html", "404.html", layout, &NotFoundView {})
}

pub(crate) fn council_page(cx: &Context) -> Result<OutputFile, String> {
    let path = "council/index.html";
    let members: Vec<MemberView> = cx
        .model
        .council
        .iter()
        .flatten()
        .zip(&cx.facts.members)
        .map(|(m, f)| {
            let term = match (m.since, m.until) {
                (Some(s), Some(u)) => {
                    format!("{} – {}", cx.words.date(s), cx.words.date(u))
                }
                (Some(s), None) => format!("{} –", cx.words.date(s)),
                (None, Some(u)) => format!("– {}", cx.words.date(u)),
                (None, None) => String::new(),
            };
            MemberView {
                name: m.name.clone(),
                role: m.role.clone(),
                standing: match m.standing {
                    Some(true) => cx.words.label("yes_word"),
                    Some(false) => cx.words.label("no_word"),
                    None => String::new(),
                },
                affiliation: m.affiliation.clone(),
                term,
                regular_meetings: f.regular_meetings,
                attended: f.attended,
                attendance_rate: cx.words.percent(f.attendance_rate),
                current_absence_run: f.current_absence_run,
                flagged: f.flagged,
            }
        })
        .collect();
    let title = cx.words.label("council");
    cx.page(
        "council.html",
        path,
        &title,
        "council",
        &CouncilView {
            title: title.clone(),
            members,
        },
    )
}
