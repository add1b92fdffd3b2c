//! `grids/` (我的片区联系人, spec 14.2): for each grid its name, area, contacts with their role,
//! the last visit, the visits' counts and its topics with their status — the page a resident
//! opens to find who answers for their building.

use serde::Serialize;

use crate::plumbing::output::OutputFile;
use crate::site::context::Context;
use crate::site::views::TopicRow;

/// Where the page is.
pub(crate) const PATH: &str = "grids/index.html";

/// `grids.html`.
#[derive(Serialize)]
pub(crate) struct GridsView {
    /// The page's title.
    pub(crate) title: String,
    /// Each grid, in site.toml's order.
    pub(crate) grids: Vec<GridView>,
}

/// One grid.
#[derive(Serialize)]
pub(crate) struct GridView {
    /// Its id, for an anchor.
    pub(crate) id: String,
    /// 第一网格.
    pub(crate) name: String,
    /// 1—6 号楼.
    pub(crate) area: String,
    /// Who answers for it today, each "name（role）".
    pub(crate) contacts: Vec<String>,
    /// The last visit, written out.
    pub(crate) last_visit: Option<String>,
    /// Visits, all years.
    pub(crate) visits: usize,
    /// Households visited, all years.
    pub(crate) households: u64,
    /// Opinions heard.
    pub(crate) opinions: u64,
    /// Visits that fed results back.
    pub(crate) feedback_visits: usize,
    /// Its topics with their status.
    pub(crate) topics: Vec<TopicRow>,
}

/// The page, when site.toml lists grids.
pub(crate) fn grids_page(cx: &Context) -> Result<Option<OutputFile>, String> {
    if cx.model.site.grids.is_empty() {
        return Ok(None);
    }
    let root = "../";
    let w = &cx.words;
    let grids = cx
        .model
        .site
        .grids
        .iter()
        .zip(&cx.facts.grids)
        .map(|(g, f)| {
            let visits = cx.model.visits.iter().filter(|v| v.grid == g.id);
            GridView {
                id: g.id.clone(),
                name: g.name.clone(),
                area: g.area.clone(),
                contacts: contacts(cx, f),
                last_visit: f.last_visit.map(|d| w.date(d)),
                visits: f.visits,
                households: visits.clone().filter_map(|v| v.households).sum(),
                opinions: visits.filter_map(|v| v.opinions).sum(),
                feedback_visits: f.feedback_visits,
                topics: f.topics.iter().map(|&ti| cx.topic_row(ti, root)).collect(),
            }
        })
        .collect();
    let title = w.label("grids");
    let view = GridsView {
        title: title.clone(),
        grids,
    };
    cx.page("grids.html", PATH, &title, "grids", &view)
        .map(Some)
}

/// Who answers for a grid today, each written "name（role）": a council member's role, or a
/// staff member's (网格员); the grids page and the grid's sheet write them so.
pub(crate) fn contacts(cx: &Context, grid: &crate::facts::grids::GridFacts) -> Vec<String> {
    let w = &cx.words;
    let role_of = |name: &str| -> String {
        cx.model
            .council
            .iter()
            .flatten()
            .find(|m| m.name == name)
            .map(|m| m.role.clone())
            .or_else(|| {
                cx.model
                    .staff
                    .iter()
                    .find(|s| s.name == name)
                    .map(|s| s.role.clone())
            })
            .unwrap_or_default()
    };
    grid.contacts
        .iter()
        .map(|n| {
            format!(
                "{n}{}{}{}",
                w.label("lparen"),
                role_of(n),
                w.label("rparen")
            )
        })
        .collect()
}

/// One visit on a page of its own (the archive's item, 14.4), in the site's free-page form:
/// its grid, day, visitor, counts and feedback, the topics it raised or answered, then its
/// log. At `path`, titled `title`; its printed address is the grid's place on the grids page.
pub(crate) fn visit_page(
    cx: &Context,
    index: usize,
    path: &str,
    title: &str,
) -> Result<OutputFile, String> {
    use crate::plumbing::escape::xml_escape as esc;
    let v = &cx.model.visits[index];
    let w = &cx.words;
    let root = crate::site::urls::root_of(path);
    let grid = cx.model.site.grids.iter().find(|g| g.id == v.grid);
    let grid_name = grid.map_or(v.grid.as_str(), |g| g.name.as_str());
    let count = |n: Option<u64>| n.map_or_else(|| w.label("unrecorded"), |n| n.to_string());
    let mut rows = vec![
        (w.label("visit_grid"), esc(grid_name)),
        (w.label("visit_date"), esc(&w.date(v.date))),
        (w.label("visit_by"), esc(&v.by)),
        (w.label("visit_households"), esc(&count(v.households))),
        (w.label("visit_opinions"), esc(&count(v.opinions))),
        (
            w.label("visit_feedback"),
            esc(&w.label(if v.feedback { "yes_word" } else { "no_word" })),
        ),
    ];
    let topics: Vec<String> = cx
        .topic_links(&v.topics, &root)
        .into_iter()
        .map(|l| {
            format!(
                "<li><a href=\"{}\">{}</a></li>",
                esc(&l.href),
                esc(&l.title)
            )
        })
        .collect();
    if !topics.is_empty() {
        rows.push((
            w.label("topics"),
            format!("<ul class=\"plain\">{}</ul>", topics.concat()),
        ));
    }
    let mut body = String::from("<dl class=\"summary-list\">");
    for (dt, dd) in rows {
        body.push_str(&format!("<div><dt>{}</dt><dd>{dd}</dd></div>", esc(&dt)));
    }
    body.push_str("</dl>");
    body.push_str(&cx.body(&v.body, path));
    let mut layout = cx.layout(path, title, "grids");
    let anchor = format!("{PATH}#{}", v.grid);
    layout.url = cx.options.base_url.map(|b| format!("{b}{anchor}"));
    layout.qr = layout
        .url
        .as_deref()
        .and_then(crate::site::urls::page_qr_svg);
    let layout = cx.with_record(layout, &v.path, false);
    cx.page_with_layout(
        "page.html",
        path,
        layout,
        &crate::site::pages::other::FreePageView {
            title: title.to_string(),
            body,
        },
    )
}
