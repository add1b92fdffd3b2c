//! `supervision/` (居务监督): the committee the 居委会 reports to, every report by period with
//! the topics it covered and the committee's opinion, and the periods not yet reported
//! (spec 14.1).

use serde::Serialize;

use crate::facts::supervision::period_words;
use crate::plumbing::output::OutputFile;
use crate::site::context::Context;
use crate::site::urls::topic_url;
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
    let Some(rules) = &cx.model.site.supervision else {
        return Ok(None);
    };
    let w = &cx.words;
    let language = cx.model.site.language;
    let root = "../";
    let mut order: Vec<usize> = (0..cx.model.supervision.len()).collect();
    let reports = &cx.model.supervision;
    order.sort_by(|&a, &b| {
        (&reports[b].period.start, reports[b].date, &reports[b].id).cmp(&(
            &reports[a].period.start,
            reports[a].date,
            &reports[a].id,
        ))
    });
    let views = order
        .into_iter()
        .map(|i| {
            let r = &reports[i];
            let f = cx.facts.supervision.reports[i];
            ReportView {
                id: r.id.clone(),
                period: period_words(&r.period, language),
                date: w.date(r.date),
                reported_by: r.reported_by.clone(),
                received_by: r.received_by.clone(),
                topics: r
                    .topics
                    .iter()
                    .filter_map(|id| cx.model.topic(id))
                    .map(|t| Link {
                        title: t.title.clone(),
                        href: format!("{root}{}", topic_url(&t.id)),
                    })
                    .collect(),
                late: f.late,
                supplement: f.supplement,
                opinion: r.opinion.as_ref().map(|o| (w.date(o.date), o.text.clone())),
                body: cx.body(&r.body, PATH),
            }
        })
        .collect();
    let every = match rules.every {
        crate::model::Every::Quarter => w.label("every_quarter"),
        crate::model::Every::Month => w.label("every_month"),
        crate::model::Every::HalfYear => w.label("every_half_year"),
    };
    let title = w.label("supervision");
    let view = SupervisionView {
        title: title.clone(),
        committee: rules.committee.clone(),
        members: rules.members.join(&w.label("list_sep")),
        every,
        missing: cx
            .facts
            .supervision
            .missing
            .iter()
            .flatten()
            .map(|p| period_words(p, language))
            .collect(),
        reports: views,
    };
    cx.page("supervision.html", PATH, &title, "supervision", &view)
        .map(Some)
}
