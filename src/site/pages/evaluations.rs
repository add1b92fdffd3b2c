//! `evaluations/`: every evaluation, a year's and a project's (14.3), and a page of its own
//! for each project evaluation (a year's is its year's page).

use serde::Serialize;

use crate::plumbing::output::OutputFile;
use crate::site::context::Context;
use crate::site::urls::{EVALUATIONS, evaluation_url, meeting_url, root_of};
use crate::site::views::Link;

/// `evaluations.html`: the list.
#[derive(Serialize)]
pub(crate) struct EvaluationsView {
    /// The page's title.
    pub(crate) title: String,
    /// Every evaluation, newest first.
    pub(crate) evaluations: Vec<EvaluationRow>,
}

/// An evaluation as the list shows it.
#[derive(Serialize)]
pub(crate) struct EvaluationRow {
    /// Its name ("2025 年度民主评议", or a project's title).
    pub(crate) title: String,
    /// Its page.
    pub(crate) href: String,
    /// Its day, written out.
    pub(crate) date: String,
    /// 年度评议 or 项目评议.
    pub(crate) kind: String,
    /// The overall satisfaction rate, written ("95%"), when rated overall.
    pub(crate) satisfaction: Option<String>,
    /// 第三方评估.
    pub(crate) third_party: bool,
}

/// `evaluation.html`: one project evaluation.
#[derive(Serialize)]
pub(crate) struct EvaluationView {
    /// Its title.
    pub(crate) title: String,
    /// Its day.
    pub(crate) date: String,
    /// Who carried it out.
    pub(crate) by: Option<String>,
    /// 第三方评估.
    pub(crate) third_party: bool,
    /// How.
    pub(crate) method: Option<String>,
    /// How many took part.
    pub(crate) respondents: Option<u64>,
    /// The meeting where it was held.
    pub(crate) meeting: Option<Link>,
    /// The topics evaluated.
    pub(crate) topics: Vec<Link>,
    /// 满意, 基本满意, 不满意.
    pub(crate) satisfied: u64,
    /// 基本满意.
    pub(crate) basic: u64,
    /// 不满意.
    pub(crate) unsatisfied: u64,
    /// The satisfaction rate, 0–100.
    pub(crate) rate: u64,
    /// The conclusions (HTML).
    pub(crate) body: String,
}

/// The list of evaluations, when there is one.
pub(crate) fn evaluations_page(cx: &Context) -> Result<Option<OutputFile>, String> {
    if cx.model.evaluations.is_empty() {
        return Ok(None);
    }
    let root = root_of(EVALUATIONS);
    let mut order: Vec<usize> = (0..cx.model.evaluations.len()).collect();
    let all = &cx.model.evaluations;
    order.sort_by(|&a, &b| (all[b].date, &all[b].id).cmp(&(all[a].date, &all[a].id)));
    let rows = order
        .into_iter()
        .map(|i| {
            let e = &all[i];
            EvaluationRow {
                title: cx.evaluation_name(e),
                href: format!("{root}{}", evaluation_url(e)),
                date: cx.words.date(e.date),
                kind: cx.words.label(if e.is_project() {
                    "project_evaluation"
                } else {
                    "year_evaluation"
                }),
                satisfaction: e
                    .overall
                    .and_then(crate::facts::satisfaction)
                    .map(|r| cx.words.percent(Some(r))),
                third_party: e.third_party,
            }
        })
        .collect();
    let title = cx.words.label("evaluations");
    let view = EvaluationsView {
        title: title.clone(),
        evaluations: rows,
    };
    cx.page("evaluations.html", EVALUATIONS, &title, "years", &view)
        .map(Some)
}

/// The page of project evaluation `ei`.
pub(crate) fn evaluation_page(cx: &Context, ei: usize) -> Result<OutputFile, String> {
    let e = &cx.model.evaluations[ei];
    let path = evaluation_url(e);
    let root = root_of(&path);
    let overall = e.overall.unwrap_or_default();
    let rate = crate::facts::satisfaction(overall).unwrap_or(0.0);
    let title = cx.evaluation_name(e);
    let view = EvaluationView {
        title: title.clone(),
        date: cx.words.date(e.date),
        by: e.by.clone(),
        third_party: e.third_party,
        method: e.method.clone(),
        respondents: e.respondents,
        meeting: e
            .meeting
            .as_deref()
            .and_then(|id| cx.model.meeting(id))
            .map(|m| Link {
                title: m.title.clone(),
                href: format!("{root}{}", meeting_url(&m.id)),
            }),
        topics: cx.topic_links(&e.subjects, &root),
        satisfied: overall.satisfied,
        basic: overall.basic,
        unsatisfied: overall.unsatisfied,
        rate: (rate * 100.0).round() as u64,
        body: cx.body(&e.body, &path),
    };
    cx.page("evaluation.html", &path, &title, "years", &view)
}
