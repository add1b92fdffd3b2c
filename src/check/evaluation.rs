//! Evaluations (评议): the front matter of `content/evaluations/*.md` and the evaluation it
//! makes.

use serde::Deserialize;
use toml::Spanned;
use toml::value::Datetime;

use super::reading::Ctx;
use crate::diagnostics::Diagnostic;
use crate::input::load::RawEntry;
use crate::model::{Evaluation, Ratings, TopicRating};

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
    /// 表决方式：举手表决、投票表决、一对一表决
    pub(super) method: Option<String>,
    /// 参评人数
    #[schemars(with = "Option<i64>")]
    pub(super) respondents: Option<Spanned<i64>>,
    /// 总体评价
    pub(super) overall: Option<RawRatings>,
    #[serde(default)]
    /// 协商的议题编号
    pub(super) topics: Vec<RawTopicRating>,
    /// Read by `is_draft` before parsing; declared so that the field is known.
    #[serde(rename = "draft")]
    /// 草稿：true 时不公开
    pub(super) _draft: Option<bool>,
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

pub(super) fn evaluation_from(
    entry: &RawEntry,
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
    let date = cx.date(&raw.date);
    let respondents = raw
        .respondents
        .as_ref()
        .and_then(|r| cx.count(r, "respondents"));
    let ratings =
        |cx: &mut Ctx, s: &Spanned<i64>, b: &Spanned<i64>, u: &Spanned<i64>| -> Option<Ratings> {
            Some(Ratings {
                satisfied: cx.count(s, "satisfied")?,
                basic: cx.count(b, "basic")?,
                unsatisfied: cx.count(u, "unsatisfied")?,
            })
        };
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
    let (year, date) = (year?, date?);
    let evaluation = Evaluation {
        year,
        path: entry.file.path.clone(),
        date,
        meeting: raw.meeting.as_ref().map(|m| m.get_ref().clone()),
        method: raw.method.clone(),
        respondents,
        overall,
        topics,
        body: entry.body_text().to_string(),
        body_offset: entry.body.start,
    };
    ok.then_some((raw, evaluation))
}
