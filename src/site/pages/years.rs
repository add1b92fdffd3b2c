//! The year pages: figures, charts and the evaluation of each year.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::facts::YearSummary;
use crate::plumbing::output::OutputFile;
use crate::site::charts;
use crate::site::context::Context;
use crate::site::urls::{meeting_url, root_of, topic_url, year_url};
use crate::site::views::{Block, CountRow, Figure, RatingRow, YearView};

/// `years.html`: every year's figures, newest first.
#[derive(Serialize)]
pub(crate) struct YearsView {
    /// The page's title.
    pub(crate) title: String,
    /// One per year with records.
    pub(crate) years: Vec<YearView>,
    /// The list of evaluations, when there are any (14.3).
    pub(crate) evaluations: Option<String>,
}

/// `year.html`: one year's figures, charts and evaluation.
#[derive(Serialize)]
pub(crate) struct YearPageView {
    /// The page's title ("2025 年度总结").
    pub(crate) title: String,
    /// The year.
    pub(crate) year: YearView,
}

pub(crate) fn year_view(cx: &Context, y: &YearSummary, root: &str) -> YearView {
    let f = &cx.words;
    let evaluation = cx.model.evaluations.iter().find(|e| e.year == Some(y.year));
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
                label: f.label("meetings_held"),
                value: format!("{held}"),
            },
            Figure {
                label: f.label("attendance_rate"),
                value: f.percent(y.attendance_rate),
            },
            Figure {
                label: f.label("on_time_rate"),
                value: f.percent(y.on_time_rate),
            },
            Figure {
                label: f.label("satisfaction_overall"),
                value: f.percent(y.satisfaction_overall),
            },
            Figure {
                label: f.label("median_days"),
                value: y.median_days_to_resolution.map_or_else(
                    || f.label("not_applicable"),
                    |d| format!("{d} {}", f.label("days_unit")),
                ),
            },
            Figure {
                label: f.label("late_publications"),
                value: y.late_publications.to_string(),
            },
        ],
        blocks: year_blocks(cx, y),
        quarters_missing: if y.quarters_without_regular_meeting.is_empty() {
            f.label("none")
        } else {
            y.quarters_without_regular_meeting
                .iter()
                .map(|q| f.quarter(*q))
                .collect::<Vec<_>>()
                .join(&cx.words.label("list_sep"))
        },
        satisfaction_overall: f.percent(y.satisfaction_overall),
        overall: evaluation
            .and_then(|e| e.overall)
            .map(|r| rating_row(f.label("satisfaction_overall"), None, r, None)),
        ratings: evaluation
            .map(|e| {
                e.topics
                    .iter()
                    .map(|r| {
                        let topic = cx.model.topic(&r.topic);
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
            .and_then(|id| cx.model.meeting(id))
            .map(|m| (m.title.clone(), format!("{root}{}", meeting_url(&m.id)))),
        respondents: evaluation.and_then(|e| e.respondents),
        method: evaluation.and_then(|e| e.method.clone()),
    }
}

/// The year's counts, each as a bar chart with its table.
pub(crate) fn year_blocks(cx: &Context, y: &YearSummary) -> Vec<Block> {
    let f = &cx.words;
    let rules = &cx.model.site.rules;
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
        label: f.label(key),
        count,
    };
    let blocks: Vec<(String, Vec<CountRow>, Vec<&str>)> = vec![
        (
            f.label("meetings_by_kind"),
            counts(&y.meetings_by_kind, &rules.meeting_kinds),
            vec![],
        ),
        (
            f.label("topics_by_category"),
            counts(&y.topics_by_category, &rules.categories),
            vec![],
        ),
        (
            f.label("topics_by_channel"),
            counts(&y.topics_by_channel, &rules.channels),
            vec![],
        ),
        (
            f.label("resolutions"),
            vec![
                row("resolutions_passed", y.resolutions_passed),
                row("resolutions_failed", y.resolutions_failed),
                row("resolutions_invalid", y.resolutions_invalid),
                // Advice and what was put off are counted apart, never as passed (15.1, 15.3).
                row("outcome_advisory", y.resolutions_advisory),
                row("resolutions_deferred", y.resolutions_deferred),
                row("outcome_revoked", y.resolutions_revoked),
            ],
            vec![
                charts::YES,
                charts::NO,
                charts::ABSTAIN,
                charts::BAR,
                charts::BAR,
                charts::BAR,
            ],
        ),
        (
            f.label("actions_due"),
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
                f.label("colon"),
                rows.iter()
                    .map(|r| format!("{} {}", r.label, r.count))
                    .collect::<Vec<_>>()
                    .join(&f.label("comma"))
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

pub(crate) fn year_pages(cx: &Context) -> Result<Vec<OutputFile>, String> {
    let mut out = Vec::new();
    let index_path = "years/index.html";
    let index_root = root_of(index_path);
    let list: Vec<YearView> = cx
        .facts
        .years
        .iter()
        .rev()
        .map(|y| year_view(cx, y, &index_root))
        .collect();
    let title = cx.words.label("all_years");
    out.push(
        cx.page(
            "years.html",
            index_path,
            &title,
            "years",
            &YearsView {
                evaluations: (!cx.model.evaluations.is_empty())
                    .then(|| format!("../{}", crate::site::urls::EVALUATIONS)),
                title: title.clone(),
                years: list,
            },
        )?,
    );
    for y in &cx.facts.years {
        let path = year_url(y.year);
        let root = root_of(&path);
        let mut view = year_view(cx, y, &root);
        view.evaluation_html = cx
            .model
            .evaluations
            .iter()
            .find(|e| e.year == Some(y.year))
            .map(|e| cx.body(&e.body, &path));
        let title = cx.year_title(y.year);
        let mut layout = cx.layout(&path, &title, "years");
        if let Some(e) = cx.model.evaluations.iter().find(|e| e.year == Some(y.year)) {
            layout = cx.with_record(layout, &e.path, false);
        }
        out.push(cx.page_with_layout(
            "year.html",
            &path,
            layout,
            &YearPageView { title, year: view },
        )?);
    }
    Ok(out)
}
