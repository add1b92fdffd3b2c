//! Evaluations (评议): the front matter of `content/evaluations/*.md` and the evaluation it
//! makes.

use std::sync::Arc;

use chrono::NaiveDate;
use serde::Deserialize;
use toml::Spanned;
use toml::value::Datetime;

use super::reading::{self, Ctx};
use crate::diagnostics::Diagnostic;
use crate::input::load::RawEntry;
use crate::model::{Evaluation, Ratings, Topic, TopicRating};

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawEvaluation {
    /// 年份，与文件名相同
    #[schemars(with = "i64")]
    pub(super) year: Spanned<i64>,
    /// 日期
    #[schemars(with = "String", extend("x-yishi" = "date"))]
    pub(super) date: Spanned<Datetime>,
    /// 召开评议的会议编号
    #[schemars(with = "Option<String>", extend("x-yishi" = "meeting"))]
    pub(super) meeting: Option<Spanned<String>>,
    /// 评议方式，如 问卷调查
    pub(super) method: Option<String>,
    /// 参评人数
    #[schemars(with = "Option<i64>")]
    pub(super) respondents: Option<Spanned<i64>>,
    /// 组织评议的机构，如“明德社会工作服务中心”
    pub(super) by: Option<String>,
    /// 是否第三方评估（要同时写 by）
    #[schemars(with = "Option<bool>")]
    pub(super) third_party: Option<Spanned<bool>>,
    /// 总体评价
    pub(super) overall: Option<RawRatings>,
    #[serde(default)]
    /// 对单个议题的评议，每个议题一段
    pub(super) topics: Vec<RawTopicRating>,
    /// 年度评议没有标题（标题只属于项目评议）
    #[schemars(skip)]
    pub(super) title: Option<Spanned<String>>,
    // Read when the file is loaded (`RawEntry::draft`); declared so that the field is known
    // (a plain comment: the doc comment below is the editor's label).
    #[serde(rename = "draft")]
    /// 草稿：true 时不公开
    pub(super) _draft: Option<bool>,
}

/// A project evaluation (某项工作完成时评议, 14.3): any id that is not four digits.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawProjectEvaluation {
    /// 评议名称，如“加装电梯工程完工评议”
    pub(super) title: Option<String>,
    /// 评议日期
    #[schemars(with = "String", extend("x-yishi" = "date"))]
    pub(super) date: Spanned<Datetime>,
    /// 评议的议题编号（至少一个）
    #[serde(default)]
    #[schemars(with = "Vec<String>", extend("x-yishi" = "topics"))]
    pub(super) topics: Vec<Spanned<String>>,
    /// 召开评议的民主评议会编号
    #[schemars(with = "Option<String>", extend("x-yishi" = "meeting"))]
    pub(super) meeting: Option<Spanned<String>>,
    /// 评议方式，如 入户问卷
    pub(super) method: Option<String>,
    /// 参评人数
    #[schemars(with = "Option<i64>")]
    pub(super) respondents: Option<Spanned<i64>>,
    /// 组织评议的机构，如“明德社会工作服务中心”
    pub(super) by: Option<String>,
    /// 是否第三方评估（要同时写 by）
    #[schemars(with = "Option<bool>")]
    pub(super) third_party: Option<Spanned<bool>>,
    /// 居民对这项工作的评价（必填）
    pub(super) overall: Option<RawRatings>,
    /// 项目评议没有年份（年份只属于年度评议）
    #[schemars(skip)]
    pub(super) year: Option<Spanned<i64>>,
    // Read when the file is loaded (`RawEntry::draft`); declared so that the field is known
    // (a plain comment: the doc comment below is the editor's label).
    #[serde(rename = "draft")]
    /// 草稿：true 时不公开
    pub(super) _draft: Option<bool>,
}

/// What an evaluation file holds, by its kind.
pub(super) enum RawAnyEvaluation {
    /// A year's.
    Year(RawEvaluation),
    /// A project's.
    Project(RawProjectEvaluation),
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRatings {
    /// 满意
    #[schemars(with = "i64")]
    pub(super) satisfied: Spanned<i64>,
    /// 基本满意
    #[schemars(with = "i64")]
    pub(super) basic: Spanned<i64>,
    /// 不满意
    #[schemars(with = "i64")]
    pub(super) unsatisfied: Spanned<i64>,
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTopicRating {
    /// 议题编号
    #[schemars(with = "String", extend("x-yishi" = "topic"))]
    pub(super) topic: Spanned<String>,
    /// 满意
    #[schemars(with = "i64")]
    pub(super) satisfied: Spanned<i64>,
    /// 基本满意
    #[schemars(with = "i64")]
    pub(super) basic: Spanned<i64>,
    /// 不满意
    #[schemars(with = "i64")]
    pub(super) unsatisfied: Spanned<i64>,
    /// 居民意见
    pub(super) comment: Option<String>,
}

/// Whether an id names a yearly file: exactly four digits.
pub fn is_year_id(id: &str) -> bool {
    id.len() == 4 && id.bytes().all(|b| b.is_ascii_digit())
}

pub(super) fn evaluation_from(
    entry: &RawEntry,
    today: NaiveDate,
    diags: &mut Vec<Diagnostic>,
) -> Option<(RawAnyEvaluation, Evaluation)> {
    if is_year_id(&entry.id) {
        year_evaluation(entry, today, diags).map(|(r, e)| (RawAnyEvaluation::Year(r), e))
    } else {
        project_evaluation(entry, today, diags).map(|(r, e)| (RawAnyEvaluation::Project(r), e))
    }
}

fn ratings(cx: &mut Ctx, s: &Spanned<i64>, b: &Spanned<i64>, u: &Spanned<i64>) -> Option<Ratings> {
    Some(Ratings {
        satisfied: cx.count(s, "satisfied")?,
        basic: cx.count(b, "basic")?,
        unsatisfied: cx.count(u, "unsatisfied")?,
    })
}

/// `third_party = true` needs `by`: who carried the evaluation out.
fn third_party(cx: &mut Ctx, v: &Option<Spanned<bool>>, by: &Option<String>) -> (bool, bool) {
    let Some(v) = v else {
        return (false, true);
    };
    let on = *v.get_ref();
    if on && by.as_deref().is_none_or(|b| b.trim().is_empty()) {
        cx.error(
            "missing-field",
            v,
            crate::tr!(
                "third_party = true needs by: who carried the evaluation out",
                "写了 third_party = true，还要写 by（组织评议的机构）"
            ),
            crate::tr!(
                "add by = \"…\", such as the social work agency that ran it",
                "加上 by = \"……\"，如承担评估的社会工作服务机构"
            ),
        );
        return (on, false);
    }
    (on, true)
}

fn project_evaluation(
    entry: &RawEntry,
    today: NaiveDate,
    diags: &mut Vec<Diagnostic>,
) -> Option<(RawProjectEvaluation, Evaluation)> {
    let mut cx = Ctx {
        file: &entry.file,
        base: entry.front.start,
        diags,
    };
    let raw: RawProjectEvaluation = cx.parse(entry.front_text())?;
    let mut ok = true;
    let date = cx.date(&raw.date);
    if let Some(d) = date {
        ok &= cx.not_after_today(
            &raw.date,
            d,
            today,
            crate::tr!("the evaluation's date", "评议日期"),
        );
    }
    if let Some(y) = &raw.year {
        cx.error(
            "evaluation-year",
            y,
            crate::tr!(
                "a project evaluation has no year: its file name {id}.md is not a year",
                "项目评议不写 year：文件名 {id}.md 不是年份";
                id = &entry.id
            ),
            crate::tr!(
                "remove year; a year's evaluation is content/evaluations/<year>.md",
                "删去 year；年度评议的文件是 content/evaluations/<年份>.md"
            ),
        );
        ok = false;
    }
    for (field, missing) in [
        (
            "title",
            raw.title.as_deref().is_none_or(|t| t.trim().is_empty()),
        ),
        ("topics", raw.topics.is_empty()),
        ("overall", raw.overall.is_none()),
    ] {
        if missing {
            cx.missing(
                0..0,
                field,
                crate::tr!(
                    "a project evaluation needs title, topics (the topics evaluated) and [overall] (residents' rating)",
                    "项目评议要写 title（名称）、topics（评议的议题）和 [overall]（居民的评价）"
                ),
            );
            ok = false;
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    for t in &raw.topics {
        if !seen.insert(t.get_ref().as_str()) {
            cx.error(
                "duplicate-id",
                t,
                crate::tr!("topic \"{id}\" is listed twice", "议题“{id}”写了两次"; id = t.get_ref()),
                crate::tr!("list each topic once", "每个议题只写一次"),
            );
            ok = false;
        }
    }
    let respondents = raw
        .respondents
        .as_ref()
        .and_then(|r| cx.count(r, "respondents"));
    let overall = match &raw.overall {
        Some(o) => {
            let r = ratings(&mut cx, &o.satisfied, &o.basic, &o.unsatisfied);
            ok &= r.is_some();
            r
        }
        None => None,
    };
    let by = raw.by.clone().filter(|b| !b.trim().is_empty());
    let (third, fine) = third_party(&mut cx, &raw.third_party, &by);
    ok &= fine;
    let date = date?;
    let evaluation = Evaluation {
        id: entry.id.clone(),
        year: None,
        title: raw.title.clone().map(|t| t.trim().to_string()),
        subjects: raw.topics.iter().map(|t| t.get_ref().clone()).collect(),
        path: entry.file.path.clone(),
        date,
        meeting: raw.meeting.as_ref().map(|m| m.get_ref().clone()),
        method: raw.method.clone(),
        respondents,
        by,
        third_party: third,
        overall,
        topics: Vec::new(),
        body: entry.body_text().to_string(),
        body_offset: entry.body.start,
    };
    ok.then_some((raw, evaluation))
}

fn year_evaluation(
    entry: &RawEntry,
    today: NaiveDate,
    diags: &mut Vec<Diagnostic>,
) -> Option<(RawEvaluation, Evaluation)> {
    let mut cx = Ctx {
        file: &entry.file,
        base: entry.front.start,
        diags,
    };
    let raw: RawEvaluation = cx.parse(entry.front_text())?;
    let mut ok = true;
    let year = i32::try_from(*raw.year.get_ref())
        .ok()
        .filter(|y| (1900..=9999).contains(y));
    if year.map(|y| y.to_string()) != Some(entry.id.clone()) {
        cx.error("evaluation-year", &raw.year, crate::tr!("year {year} does not match the file name {id}.md", "年份 {year} 和文件名 {id}.md 不一致"; year = raw.year.get_ref(), id = &entry.id), crate::tr!("an evaluation's file is content/evaluations/<year>.md; write year = {id} or rename the file", "年度评议的文件是 content/evaluations/<年份>.md；写 year = {id}，或给文件改名"; id = &entry.id));
        ok = false;
    }
    if let Some(t) = &raw.title {
        cx.error(
            "evaluation-year",
            t,
            crate::tr!(
                "a year's evaluation has no title: it rates the year's topics in [[topics]]",
                "年度评议不写 title：它用 [[topics]] 评议全年的议题"
            ),
            crate::tr!(
                "remove title; to evaluate one piece of work, write a project evaluation in its own file, such as content/evaluations/2025-09-elevator.md",
                "删去 title；要评议某项工作，另建项目评议文件，如 content/evaluations/2025-09-elevator.md"
            ),
        );
        ok = false;
    }
    let date = cx.date(&raw.date);
    if let Some(d) = date {
        ok &= cx.not_after_today(
            &raw.date,
            d,
            today,
            crate::tr!("the evaluation's date", "评议日期"),
        );
    }
    let respondents = raw
        .respondents
        .as_ref()
        .and_then(|r| cx.count(r, "respondents"));
    let overall = match &raw.overall {
        Some(o) => {
            let r = ratings(&mut cx, &o.satisfied, &o.basic, &o.unsatisfied);
            ok &= r.is_some();
            r
        }
        None => None,
    };
    let mut topics = Vec::new();
    for t in &raw.topics {
        match ratings(&mut cx, &t.satisfied, &t.basic, &t.unsatisfied) {
            Some(r) => topics.push(TopicRating {
                topic: t.topic.get_ref().clone(),
                ratings: r,
                comment: t.comment.clone(),
            }),
            None => ok = false,
        }
    }
    let by = raw.by.clone().filter(|b| !b.trim().is_empty());
    let (third, fine) = third_party(&mut cx, &raw.third_party, &by);
    ok &= fine;
    let (year, date) = (year?, date?);
    let evaluation = Evaluation {
        id: entry.id.clone(),
        year: Some(year),
        title: None,
        subjects: Vec::new(),
        path: entry.file.path.clone(),
        date,
        meeting: raw.meeting.as_ref().map(|m| m.get_ref().clone()),
        method: raw.method.clone(),
        respondents,
        by,
        third_party: third,
        overall,
        topics,
        body: entry.body_text().to_string(),
        body_offset: entry.body.start,
    };
    ok.then_some((raw, evaluation))
}

/// A project evaluation rates work that had begun: its date is not before any topic it lists
/// was raised (the topics are in their files' order, which is by id: `Loaded::entries`).
/// Whether none is.
pub(super) fn after_their_topics(
    evaluations: &[Arc<Evaluation>],
    topics: &[Arc<Topic>],
    entries: &[&RawEntry],
    diags: &mut Vec<Diagnostic>,
) -> bool {
    let mut ok = true;
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
                && let Some(entry) = reading::entry_at(entries, &e.path)
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
                ok = false;
            }
        }
    }
    ok
}
