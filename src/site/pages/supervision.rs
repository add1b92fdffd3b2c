//! `supervision/` (居务监督): the committee the 居委会 reports to, every report by period with
//! the topics it covered and the committee's opinion, and the periods not yet reported
//! (spec 14.1).

use serde::Serialize;

use crate::facts::supervision::period_words;
use crate::plumbing::output::OutputFile;
use crate::site::context::Context;
use crate::site::views::Link;

/// Where the page is.
pub(crate) const PATH: &str = "supervision/index.html";

/// `supervision.html`.
#[derive(Serialize)]
pub(crate) struct SupervisionView {
    /// The page's title.
    pub(crate) title: String,
    /// 居务监督委员会's name.
    pub(crate) committee: String,
    /// Its members, joined.
    pub(crate) members: String,
    /// How often it is reported to, in words.
    pub(crate) every: String,
    /// The periods due and not reported, in words, oldest first.
    pub(crate) missing: Vec<String>,
    /// The reports, newest period first.
    pub(crate) reports: Vec<ReportView>,
}

/// One report to the committee.
#[derive(Serialize)]
pub(crate) struct ReportView {
    /// Its id, for an anchor.
    pub(crate) id: String,
    /// The period in words (2025年第一季度).
    pub(crate) period: String,
    /// The day it was made.
    pub(crate) date: String,
    /// Who reported and who received it.
    pub(crate) reported_by: Option<String>,
    /// Who received it.
    pub(crate) received_by: Option<String>,
    /// The topics covered.
    pub(crate) topics: Vec<Link>,
    /// Made more than report_within_days after its period.
    pub(crate) late: bool,
    /// A second report on the same period.
    pub(crate) supplement: bool,
    /// The committee's opinion: its date and text.
    pub(crate) opinion: Option<(String, String)>,
    /// The report (HTML).
    pub(crate) body: String,
}

/// The page, when site.toml has `[supervision]`.
pub(crate) fn supervision_page(cx: &Context) -> Result<Option<OutputFile>, String> {
    if cx.model.site.supervision.is_none() {
        return Ok(None);
    }
    let mut order: Vec<usize> = (0..cx.model.supervision.len()).collect();
    let reports = &cx.model.supervision;
    order.sort_by(|&a, &b| {
        (&reports[b].period.start, reports[b].date, &reports[b].id).cmp(&(
            &reports[a].period.start,
            reports[a].date,
            &reports[a].id,
        ))
    });
    let title = cx.words.label("supervision");
    let missing = cx
        .facts
        .supervision
        .missing
        .iter()
        .flatten()
        .map(|p| period_words(p, cx.model.site.language))
        .collect();
    let Some(view) = supervision_view(cx, &title, &order, missing, PATH) else {
        return Ok(None);
    };
    cx.page("supervision.html", PATH, &title, "supervision", &view)
        .map(Some)
}

/// One report on a page of its own, in the supervision page's form (the archive's item,
/// 14.4): at `path`, titled `title`, its printed address the report's place on the
/// supervision page.
pub(crate) fn report_page(
    cx: &Context,
    index: usize,
    path: &str,
    title: &str,
) -> Result<Option<OutputFile>, String> {
    let Some(view) = supervision_view(cx, title, &[index], Vec::new(), path) else {
        return Ok(None);
    };
    let mut layout = cx.layout(path, title, "supervision");
    let anchor = format!("{PATH}#{}", cx.model.supervision[index].id);
    layout.url = cx.options.base_url.map(|b| format!("{b}{anchor}"));
    layout.qr = layout
        .url
        .as_deref()
        .and_then(crate::site::urls::page_qr_svg);
    let layout = cx.with_record(layout, &cx.model.supervision[index].path, false);
    cx.page_with_layout("supervision.html", path, layout, &view)
        .map(Some)
}

/// The view of the reports at `indexes` (into the model's, in this order) on a page at
/// `path`; none without `[supervision]`.
fn supervision_view(
    cx: &Context,
    title: &str,
    indexes: &[usize],
    missing: Vec<String>,
    path: &str,
) -> Option<SupervisionView> {
    let rules = cx.model.site.supervision.as_ref()?;
    let w = &cx.words;
    let language = cx.model.site.language;
    let root = crate::site::urls::root_of(path);
    let reports = &cx.model.supervision;
    let views = indexes
        .iter()
        .map(|&i| {
            let r = &reports[i];
            let f = cx.facts.supervision.reports[i];
            ReportView {
                id: r.id.clone(),
                period: period_words(&r.period, language),
                date: w.date(r.date),
                reported_by: r.reported_by.clone(),
                received_by: r.received_by.clone(),
                topics: cx.topic_links(&r.topics, &root),
                late: f.late,
                supplement: f.supplement,
                opinion: r.opinion.as_ref().map(|o| (w.date(o.date), o.text.clone())),
                body: cx.body(&r.body, path),
            }
        })
        .collect();
    let every = match rules.every {
        crate::model::Every::Quarter => w.label("every_quarter"),
        crate::model::Every::Month => w.label("every_month"),
        crate::model::Every::HalfYear => w.label("every_half_year"),
    };
    Some(SupervisionView {
        title: title.to_string(),
        committee: rules.committee.clone(),
        members: rules.members.join(&w.label("list_sep")),
        every,
        missing,
        reports: views,
    })
}
