//! Topics (议题): the front matter of `content/topics/*.md`, the topic it makes, and the
//! staff warnings about one (reports unanswered, actions overdue or over budget, a
//! proposal unanswered).

use std::collections::BTreeSet;
use std::ops::Range;
use std::sync::Arc;

use chrono::NaiveDate;
use serde::Deserialize;
use toml::Spanned;
use toml::value::Datetime;

use rustc_hash::FxHashSet;

use super::reading::{self, Ctx, line_of};
use crate::diagnostics::{Diagnostic, Severity, SourceFile};
use crate::facts::Facts;
use crate::input::load::{Kind, Loaded, RawEntry, is_valid_id};
use crate::model::{Action, Grid, Meeting, Model, Report, ReportKind, Rules, Topic, Update};

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTopic {
    /// 标题
    pub(super) title: String,
    /// 类别（见 site.toml 的 categories）
    #[schemars(with = "String", extend("x-yishi" = "vocabulary:categories"))]
    pub(super) category: Spanned<String>,
    /// 收集到问题的日期（原记录未载明时不写，并在 unrecorded 里列出 "raised"）
    #[schemars(with = "Option<String>", extend("x-yishi" = "date"))]
    pub(super) raised: Option<Spanned<Datetime>>,
    #[serde(default)]
    /// 原记录未载明的事项：议题只能列 "raised"
    #[schemars(with = "Vec<String>", extend("x-yishi" = "choice:unrecorded_topic"))]
    pub(super) unrecorded: Vec<Spanned<String>>,
    /// 议题来自哪个网格（不写：涉及整个社区）
    #[schemars(with = "Option<String>", extend("x-yishi" = "choice:grids"))]
    pub(super) grid: Option<Spanned<String>>,
    /// 提案申请的金额（元），如民生微实事项目预算
    #[schemars(with = "Option<f64>", extend("x-yishi" = "yuan"))]
    pub(super) budget: Option<Spanned<toml::Value>>,
    /// 资金来源（与 budget 一起写）
    pub(super) funding: Option<String>,
    /// 收集渠道（见 channels）
    #[schemars(with = "Option<String>", extend("x-yishi" = "vocabulary:channels"))]
    pub(super) channel: Option<Spanned<String>>,
    /// 提出人：群体或身份，不写联系方式
    pub(super) raised_by: Option<String>,
    /// 一句话概要
    pub(super) summary: Option<String>,
    #[serde(default)]
    /// 利益相关方
    pub(super) stakeholders: Vec<String>,
    /// 不予协商的理由（三不议）；填写后议题结束
    pub(super) declined: Option<String>,
    /// 确定议题的日期（议题被采纳、列入协商）
    #[schemars(with = "Option<String>", extend("x-yishi" = "date"))]
    pub(super) accepted: Option<Spanned<Datetime>>,
    /// 确定议题的会议或机构，如“社区两委联席会议”
    pub(super) accepted_by: Option<String>,
    #[serde(default)]
    /// 向街道报告、报批、备案，或提请居民（代表）会议决定
    #[schemars(with = "Vec<RawReport>")]
    pub(super) reports: Vec<Spanned<RawReport>>,
    // Read when the file is loaded (`RawEntry::draft`); declared so that the field is known
    // (a plain comment: the doc comment below is the editor's label).
    #[serde(rename = "draft")]
    /// 草稿：true 时不公开
    pub(super) _draft: Option<bool>,
    #[serde(default)]
    /// 落实事项
    pub(super) actions: Vec<RawAction>,
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawReport {
    /// 报告、报批、备案 或 提请决定
    #[schemars(with = "String", extend("x-yishi" = "choice:report_kind"))]
    pub(super) kind: Spanned<String>,
    /// 报送对象，如“友谊路街道办事处”“居民代表会议”
    pub(super) to: String,
    /// 报送日期
    #[schemars(with = "String", extend("x-yishi" = "date"))]
    pub(super) sent: Spanned<Datetime>,
    /// 答复日期（提请决定：作出决定的日期）
    #[schemars(with = "Option<String>", extend("x-yishi" = "date"))]
    pub(super) replied: Option<Spanned<Datetime>>,
    /// 答复内容（与 replied 一起写）
    pub(super) answer: Option<String>,
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawAction {
    /// 编号：小写英文字母、数字和 -
    #[schemars(with = "String")]
    pub(super) id: Spanned<String>,
    /// 事项内容
    pub(super) task: String,
    /// 负责单位（谁负责、谁执行）
    pub(super) owner: String,
    /// 监督人（谁受益、谁监督）
    pub(super) supervisor: Option<String>,
    /// 完成期限
    #[schemars(with = "String", extend("x-yishi" = "date"))]
    pub(super) due: Spanned<Datetime>,
    #[serde(default)]
    /// 进展报告，按日期先后
    pub(super) updates: Vec<RawUpdate>,
    /// 预算（元，最多两位小数）
    #[schemars(with = "Option<f64>", extend("x-yishi" = "yuan"))]
    pub(super) budget: Option<Spanned<toml::Value>>,
    /// 资金来源，如“老旧小区改造专项资金”
    pub(super) funding: Option<String>,
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawUpdate {
    /// 日期
    #[schemars(with = "String", extend("x-yishi" = "date"))]
    pub(super) date: Spanned<Datetime>,
    /// 完成百分比 0–100，只增不减
    #[schemars(with = "i64")]
    pub(super) progress: Spanned<i64>,
    /// 进展说明
    pub(super) note: Option<String>,
    #[serde(default)]
    /// 照片：content/ 下的附件路径
    #[schemars(with = "Vec<String>", extend("x-yishi" = "attachments"))]
    pub(super) photos: Vec<Spanned<String>>,
    /// 截至这次报告已花费的资金（元，累计）
    #[schemars(with = "Option<f64>", extend("x-yishi" = "yuan"))]
    pub(super) spent: Option<Spanned<toml::Value>>,
}

pub(super) fn topic_from(
    entry: &RawEntry,
    rules: &Rules,
    today: NaiveDate,
    diags: &mut Vec<Diagnostic>,
) -> Option<Topic> {
    let mut cx = Ctx {
        file: &entry.file,
        base: entry.front.start,
        diags,
    };
    let raw: RawTopic = cx.parse(entry.front_text())?;
    let mut ok = cx.vocabulary(&raw.category, "category", &rules.categories);
    if let Some(ch) = &raw.channel {
        ok &= cx.vocabulary(ch, "channel", &rules.channels);
    }
    let listed = cx.unrecorded(&raw.unrecorded, &["raised"]);
    let raised_unrecorded = listed.contains(&"raised");
    let raised = match &raw.raised {
        Some(v) => {
            if raised_unrecorded {
                ok &= cx.listed_but_given(v, "raised");
            }
            let d = cx.date(v);
            ok &= d.is_some();
            d
        }
        None if raised_unrecorded => None,
        None => {
            cx.missing(
                0..0,
                "raised",
                crate::tr!(
                    "add raised = YYYY-MM-DD, the day the problem was collected; if the source does not say, write unrecorded = [\"raised\"] — never invent a date",
                    "加上 raised = 收集到问题的日期；原记录没有写的，写 unrecorded = [\"raised\"]，不要编造日期"
                ),
            );
            ok = false;
            None
        }
    };
    ok &= raw.unrecorded.len() == listed.len();
    let topic_budget = match &raw.budget {
        Some(v) => {
            let m = cx.money(v, "budget");
            ok &= m.is_some();
            m
        }
        None => None,
    };
    let mut actions = Vec::new();
    let mut action_ids = BTreeSet::new();
    for a in raw.actions {
        let id = a.id.get_ref().clone();
        if !is_valid_id(&id) {
            cx.error(
                "bad-id",
                &a.id,
                crate::tr!(
                    "action id \"{id}\" is not a valid id",
                    "落实事项的 id“{id}”不合规定"
                ),
                crate::tr!(
                    "use ASCII lowercase letters, digits and - only, such as \"register-cars\"",
                    "只用小写英文字母、数字和 -，例如 \"register-cars\""
                ),
            );
            ok = false;
        } else if !action_ids.insert(id.clone()) {
            cx.error(
                "duplicate-id",
                &a.id,
                crate::tr!(
                    "action id \"{id}\" is used twice in this topic",
                    "落实事项的 id“{id}”在这个议题里用了两次"
                ),
                crate::tr!(
                    "give each action of a topic its own id",
                    "同一议题的每个落实事项用不同的 id"
                ),
            );
            ok = false;
        }
        let due = cx.date(&a.due);
        let mut updates = Vec::new();
        let mut previous: Option<(NaiveDate, u8)> = None;
        for u in a.updates {
            let date = cx.date(&u.date);
            let progress = match u8::try_from(*u.progress.get_ref()) {
                Ok(p) if p <= 100 => Some(p),
                _ => {
                    cx.error(
                        "progress",
                        &u.progress,
                        crate::tr!("progress {value} is outside 0..=100", "进度 {value} 不在 0 到 100 之间"; value = u.progress.get_ref()),
                        crate::tr!("progress is a percentage from 0 to 100", "进度是 0 到 100 的百分数"),
                    );
                    None
                }
            };
            for photo in &u.photos {
                if !super::values::attachment_path(photo.get_ref()).starts_with("attachments/") {
                    cx.error("unknown-ref", photo, crate::tr!("photo \"{name}\" is not under attachments/", "照片“{name}”不在 attachments/ 下"; name = photo.get_ref()), crate::tr!("name attachments by their path under content/, such as \"attachments/2025/x.jpg\"", "附件按它在 content/ 下的路径写，例如 \"attachments/2025/x.jpg\""));
                    ok = false;
                }
            }
            let (Some(date), Some(progress)) = (date, progress) else {
                ok = false;
                continue;
            };
            if date > today {
                cx.error(
                    "future-update",
                    &u.date,
                    crate::tr!(
                        "progress report dated {date}, after today ({today})",
                        "进展报告的日期 {date} 晚于今天（{today}）"
                    ),
                    crate::tr!(
                        "a report records work already done; check the date, or build with --today",
                        "进展报告记录已经完成的工作；检查日期，或用 --today 指定今天"
                    ),
                );
                ok = false;
            }
            if let Some((pd, pp)) = previous {
                if date < pd {
                    cx.error(
                        "update-order",
                        &u.date,
                        crate::tr!(
                            "progress report dated {date} comes after one dated {pd}",
                            "日期为 {date} 的进展报告排在 {pd} 的报告之后"
                        ),
                        crate::tr!(
                            "list [[actions.updates]] oldest first",
                            "[[actions.updates]] 按日期从早到晚排列"
                        ),
                    );
                    ok = false;
                }
                if progress < pp {
                    cx.error("progress", &u.progress, crate::tr!("progress goes down from {pp} to {progress}", "进度从 {pp} 降到了 {progress}"), crate::tr!("progress never decreases; if work was undone, say so in the note and keep the figure", "进度只增不减；如果工作有反复，在 note 里说明，进度数字保持不变"));
                    ok = false;
                }
            }
            previous = Some((date, progress));
            let spent = match &u.spent {
                Some(v) => {
                    let m = cx.money(v, "spent");
                    ok &= m.is_some();
                    m
                }
                None => None,
            };
            updates.push(Update {
                date,
                progress,
                note: u.note,
                photos: u
                    .photos
                    .into_iter()
                    .map(|p| super::values::attachment_path(p.get_ref()).to_string())
                    .collect(),
                spent,
            });
        }
        let budget = match &a.budget {
            Some(v) => {
                let m = cx.money(v, "budget");
                ok &= m.is_some();
                m
            }
            None => None,
        };
        let Some(due) = due else {
            ok = false;
            continue;
        };
        actions.push(Action {
            id,
            task: a.task,
            owner: a.owner,
            supervisor: a.supervisor,
            due,
            updates,
            budget,
            funding: a.funding.filter(|f| !f.trim().is_empty()),
        });
    }
    let mut reports = Vec::new();
    for r in &raw.reports {
        let table = cx.span(r);
        let r = r.get_ref();
        let kind = ReportKind::ALL
            .iter()
            .find(|(_, label)| label == r.kind.get_ref())
            .map(|(k, _)| *k);
        if kind.is_none() {
            let allowed: Vec<&str> = ReportKind::ALL.iter().map(|(_, l)| *l).collect();
            cx.choice(&r.kind, "kind", &allowed);
            ok = false;
        }
        let sent = cx.date(&r.sent);
        let replied = r.replied.as_ref().and_then(|v| cx.date(v));
        ok &= sent.is_some() && (r.replied.is_none() || replied.is_some());
        if let Some(sent) = sent {
            ok &= cx.not_after_today(&r.sent, sent, today, crate::tr!("sent", "报送日期"));
        }
        if let (Some(v), Some(replied)) = (&r.replied, replied) {
            ok &= cx.not_after_today(v, replied, today, crate::tr!("replied", "答复日期"));
            if let Some(sent) = sent {
                ok &= cx.not_before(
                    v,
                    (replied, crate::tr!("the reply date", "答复日期")),
                    (sent, crate::tr!("the date sent", "报送日期")),
                );
            }
        }
        let answer = r.answer.clone().filter(|a| !a.trim().is_empty());
        ok &= cx.reply_pair(table, r.replied.is_some(), answer.is_some(), false);
        if let (Some(kind), Some(sent)) = (kind, sent) {
            reports.push(Report {
                kind,
                to: r.to.clone(),
                sent,
                replied,
                answer,
            });
        }
    }
    let accepted = match &raw.accepted {
        Some(v) => {
            let d = cx.date(v);
            if let Some(d) = d {
                ok &= cx.not_after_today(v, d, today, crate::tr!("accepted", "确定议题的日期"));
                if let Some(raised) = raised {
                    ok &= cx.not_before(
                        v,
                        (d, crate::tr!("the acceptance date", "确定议题的日期")),
                        (raised, crate::tr!("the date raised", "提出日期")),
                    );
                }
            } else {
                ok = false;
            }
            d
        }
        None => None,
    };
    ok.then(|| Topic {
        id: entry.id.clone(),
        path: entry.file.path.clone(),
        title: raw.title,
        category: raw.category.into_inner(),
        raised,
        channel: raw.channel.map(|c| c.into_inner()),
        raised_by: raw.raised_by,
        summary: raw.summary,
        stakeholders: raw.stakeholders,
        declined: raw.declined.filter(|d| !d.trim().is_empty()),
        accepted,
        accepted_by: raw.accepted_by,
        grid: raw.grid.as_ref().map(|g| g.get_ref().clone()),
        budget: topic_budget,
        funding: raw.funding.filter(|f| !f.trim().is_empty()),
        reports,
        actions,
        body: entry.body_text().to_string(),
        body_offset: entry.body.start,
    })
}

/// The staff warnings about one topic that need only it, the rules and today (section 7):
/// a report to the 街道 unanswered, an action overdue or over budget.
pub(super) fn timeliness(
    file: &SourceFile,
    topic: &Topic,
    rules: &Rules,
    today: NaiveDate,
) -> Vec<Diagnostic> {
    let locate = |needle: &str| line_of(file, needle);
    // Each action's `id = "…"` line, found in one pass (a search per action would read a
    // topic of 10,000 actions 10,000 times).
    let action_lines = std::cell::OnceCell::new();
    let locate_action = |id: &str| -> Range<usize> {
        let lines: &std::collections::HashMap<&str, Range<usize>> =
            action_lines.get_or_init(|| {
                let mut at = 0;
                let mut found = std::collections::HashMap::new();
                for line in file.text.split_inclusive('\n') {
                    let trimmed = line.trim_start();
                    if let Some(rest) = trimmed.strip_prefix("id")
                        && let Some(value) = rest.trim_start().strip_prefix('=')
                        && let Some(quoted) = value.trim().strip_prefix('"')
                        && let Some(end) = quoted.find('"')
                    {
                        // From the quoted id to the end of the line, as the search for
                        // `"id"` found it.
                        let start = at + line.find('"').unwrap_or(0);
                        found
                            .entry(&quoted[..end])
                            .or_insert(start..at + line.trim_end_matches(['\n', '\r']).len());
                    }
                    at += line.len();
                }
                found
            });
        lines
            .get(id)
            .cloned()
            .unwrap_or_else(|| locate(&format!("\"{id}\"")))
    };
    let mut out = Vec::new();
    for report in &topic.reports {
        let f = crate::facts::report_facts(report, rules.report_reply_days, today);
        if f.reply_overdue {
            let (kind, to, sent) = (report.kind.label(), &report.to, report.sent);
            let days = f.days_waiting.unwrap_or(0);
            out.push(
                Diagnostic::at(
                    Severity::Warning,
                    "report-unanswered",
                    file,
                    locate(&format!("sent = {sent}")),
                    crate::tr!(
                        "the {kind} sent to {to} on {sent} has waited {days} days for an answer",
                        "{sent} 向{to}的{kind}已等待答复 {days} 天"
                    ),
                )
                .with_hint(crate::tr!(
                    "ask for the answer and record replied and answer; the site shows residents how long it has waited",
                    "催问答复，收到后写上 replied 和 answer；网站会如实告诉居民已等待多少天"
                )),
            );
        }
    }
    for action in &topic.actions {
        let action_facts = crate::facts::action_facts(action, today, rules.stale_days);
        if action_facts.over_budget
            && let (Some(budget), Some(spent)) = (action.budget, action_facts.spent)
        {
            let (budget, spent) = (budget.written(), spent.written());
            out.push(
                Diagnostic::at(
                    Severity::Warning,
                    "over-budget",
                    file,
                    locate_action(&action.id),
                    crate::tr!(
                        "action \"{id}\" has spent {spent} yuan of a budget of {budget}",
                        "落实事项“{id}”已花费 {spent} 元，超出预算 {budget} 元";
                        id = &action.id
                    ),
                )
                .with_hint(crate::tr!(
                    "explain the overspending in the report's note; the site shows residents the amount over budget",
                    "在进展报告的 note 里说明超支原因；网站会如实告诉居民超支的金额"
                )),
            );
        }
        if action_facts.status == crate::facts::ActionStatus::Overdue {
            out.push(
                Diagnostic::at(
                    Severity::Warning,
                    "overdue",
                    file,
                    locate_action(&action.id),
                    crate::tr!(
                        "action \"{id}\" was due {due} and is not completed ({progress}%)",
                        "落实事项“{id}”应于 {due} 完成，目前尚未完成（{progress}%）";
                        id = &action.id,
                        due = action.due,
                        progress = action_facts.progress
                    ),
                )
                .with_hint(crate::tr!(
                    "add a progress report, or record the completion with progress = 100",
                    "补充进展报告，或写 progress = 100 记录完成"
                )),
            );
        }
    }
    out
}

/// A warning for each proposal unanswered past `answer_days` (13.9): raised, and not yet
/// taken up, declined or put on a meeting.
pub(super) fn unanswered_warnings(
    loaded: &Loaded,
    model: &Model,
    facts: &Facts,
) -> Vec<Diagnostic> {
    let rules = &model.site.rules;
    let mut out = Vec::new();
    for (topic, topic_facts) in model.topics.iter().zip(&facts.topics) {
        let (true, Some(days)) = (topic_facts.unanswered, topic_facts.days_waiting) else {
            continue;
        };
        let Some(entry) = loaded.entry(Kind::Topic, &topic.id) else {
            continue;
        };
        let limit = rules.answer_days;
        out.push(
            Diagnostic::at(
                Severity::Warning,
                "unanswered-topic",
                &entry.file,
                line_of(&entry.file, "raised"),
                crate::tr!(
                    "raised {days} days ago and not yet taken up, declined or put on a meeting (proposers are answered within {limit} days)",
                    "提出已 {days} 天，还没有确定议题、不予协商或列入会议（应在 {limit} 天内答复提出人）"
                ),
            )
            .with_hint(crate::tr!(
                "answer the proposer: record accepted = YYYY-MM-DD, or declined = \"reason\", or put it on a meeting",
                "答复提出人：写上 accepted = 确定议题的日期，或 declined = \"理由\"，或列入会议议程"
            )),
        );
    }
    out
}

/// Staff warnings (14.3): a topic completed more than `evaluate_within_days` ago and not yet
/// evaluated since.
pub(super) fn evaluation_due_warnings(
    loaded: &Loaded,
    model: &Model,
    facts: &Facts,
) -> Vec<Diagnostic> {
    let days = model.site.rules.evaluate_within_days;
    let mut out = Vec::new();
    for (topic, f) in model.topics.iter().zip(&facts.topics) {
        let (true, Some(done)) = (f.evaluation_due, f.last_completion) else {
            continue;
        };
        let Some(entry) = loaded.entry(Kind::Topic, &topic.id) else {
            continue;
        };
        out.push(
            Diagnostic::at(
                Severity::Warning,
                "evaluation-due",
                &entry.file,
                line_of(&entry.file, "title"),
                crate::tr!(
                    "the work was completed on {done}, more than {days} days ago, and has not been evaluated since",
                    "这项工作已于 {done} 完成，超过 {days} 天还没有开展完工评议"
                ),
            )
            .with_hint(crate::tr!(
                "hold an evaluation of the finished work and record it: content/evaluations/<id>.md with title, topics and [overall]",
                "组织完工评议并记下来：content/evaluations/<编号>.md，写 title、topics 和 [overall]"
            )),
        );
    }
    out
}

/// A topic's grid (14.2) is one site.toml lists. Whether every topic's is.
pub(super) fn grids_known(
    topics: &[Arc<Topic>],
    entries: &[&RawEntry],
    grids: &[Grid],
    diags: &mut Vec<Diagnostic>,
) -> bool {
    let mut ok = true;
    let grid_known = |id: &str| grids.iter().any(|g| g.id == id);
    for t in topics {
        if let Some(g) = &t.grid
            && !grid_known(g)
            && let Some(entry) = reading::entry_at(entries, &t.path)
        {
            diags.push(
                Diagnostic::error(
                    "unknown-ref",
                    &entry.file,
                    reading::line_of(&entry.file, "grid"),
                    crate::tr!("grid \"{g}\" does not exist", "网格“{g}”不存在"),
                )
                .with_hint(crate::tr!(
                    "grids are listed in site.toml [[grids]]; leave grid out for the whole community",
                    "网格在 site.toml 的 [[grids]] 里列出；涉及整个社区的议题不写 grid"
                )),
            );
            ok = false;
        }
    }
    ok
}

/// A topic without a raised date is dated by the meetings that list it (15.2): at least one
/// must. (Most communities date every topic: then no meeting is looked at.) Whether every
/// topic has a date.
pub(super) fn dated(
    topics: &[Arc<Topic>],
    meetings: &[Arc<Meeting>],
    entries: &[&RawEntry],
    diags: &mut Vec<Diagnostic>,
) -> bool {
    let mut ok = true;
    let mut unlisted: FxHashSet<&str> = topics
        .iter()
        .filter(|t| t.raised.is_none())
        .map(|t| t.id.as_str())
        .collect();
    for m in meetings {
        if unlisted.is_empty() {
            break;
        }
        let listed = m
            .topics
            .iter()
            .chain(m.resolutions.iter().filter_map(|r| r.topic.as_ref()));
        for id in listed {
            unlisted.remove(id.as_str());
        }
    }
    for t in topics.iter().filter(|t| t.raised.is_none()) {
        if !unlisted.contains(t.id.as_str()) {
            continue;
        }
        if let Some(entry) = reading::entry_at(entries, &t.path) {
            diags.push(
                Diagnostic::error(
                    "unrecorded",
                    &entry.file,
                    reading::line_of(&entry.file, "unrecorded"),
                    crate::tr!(
                        "the topic has no raised date and no meeting lists it, so it has no date to count from",
                        "议题没有提出日期（raised），也没有会议列出它，无法确定它的日期"
                    ),
                )
                .with_hint(crate::tr!(
                    "write raised = YYYY-MM-DD when the record gives it, or list the topic in the meeting that discussed it",
                    "原记录有日期的写 raised = 日期；或在讨论它的会议的 topics 里列出这个议题"
                )),
            );
            ok = false;
        }
    }
    ok
}
