//! Reports to the supervision committee (居务监督委员会, spec 14.1): the front matter of
//! `content/supervision/*.md` and the report it makes. What needs the other files — the
//! topics it names, `[supervision]` in site.toml — is checked with them (`check::mod`).

use chrono::NaiveDate;
use serde::Deserialize;
use toml::Spanned;
use toml::value::Datetime;

use rustc_hash::FxHashSet;

use super::reading::Ctx;
use crate::diagnostics::Diagnostic;
use crate::input::load::Kind;
use crate::input::load::RawEntry;
use crate::model::{Opinion, Site, SupervisionReport};

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSupervision {
    /// 报告日期：居委会向监督委员会报告的日期
    #[schemars(with = "String", extend("x-yishi" = "date"))]
    pub(super) date: Spanned<Datetime>,
    /// 报告期间：如 2025-Q1（季度）、2025-03（月）、2025-H1（半年）
    #[schemars(with = "String")]
    pub(super) period: Spanned<String>,
    /// 报告了执行情况的议题编号（至少一个）
    #[schemars(with = "Vec<String>", extend("x-yishi" = "topics"))]
    pub(super) topics: Vec<Spanned<String>>,
    /// 报告人
    pub(super) reported_by: Option<String>,
    /// 接收人（监督委员会）
    pub(super) received_by: Option<String>,
    /// 监督委员会的书面意见
    #[schemars(with = "Option<RawOpinion>")]
    pub(super) opinion: Option<Spanned<RawOpinion>>,
    // Read when the file is loaded (`RawEntry::draft`); declared so that the field is known
    // (a plain comment: the doc comment below is the editor's label).
    #[serde(rename = "draft")]
    /// 草稿：true 时不公开
    pub(super) _draft: Option<bool>,
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawOpinion {
    /// 提出意见的日期
    #[schemars(with = "String", extend("x-yishi" = "date"))]
    pub(super) date: Spanned<Datetime>,
    /// 意见内容
    pub(super) text: String,
}

/// The report a file makes, with every problem of the file alone (dates against its period
/// and today, the topics named twice or none).
pub(super) fn supervision_from(
    entry: &RawEntry,
    today: NaiveDate,
    diags: &mut Vec<Diagnostic>,
) -> Option<SupervisionReport> {
    let mut cx = Ctx {
        file: &entry.file,
        base: entry.front.start,
        diags,
    };
    let raw: RawSupervision = cx.parse(entry.front_text())?;
    let mut ok = true;
    let date = cx.date(&raw.date);
    let period = crate::facts::supervision::parse_period(raw.period.get_ref());
    if period.is_none() {
        cx.error(
            "period",
            &raw.period,
            crate::tr!(
                "period \"{p}\" is not a quarter, a month or a half year as written exactly",
                "期间“{p}”不是规定的写法";
                p = raw.period.get_ref()
            ),
            crate::tr!(
                "write 2025-Q1 for a quarter, 2025-03 for a month, 2025-H1 or 2025-H2 for a half year",
                "季度写 2025-Q1，月份写 2025-03，半年写 2025-H1 或 2025-H2"
            ),
        );
        ok = false;
    }
    if let (Some(d), Some(p)) = (date, &period) {
        ok &= cx.not_before(
            &raw.date,
            (d, crate::tr!("the report date", "报告日期")),
            (
                p.start,
                crate::tr!("the period's first day", "报告期间的第一天"),
            ),
        );
        ok &= cx.not_after_today(
            &raw.date,
            d,
            today,
            crate::tr!("the report date", "报告日期"),
        );
    }
    if raw.topics.is_empty() {
        let span = super::reading::line_of(cx.file, "topics");
        cx.error_at(
            "missing-field",
            span,
            crate::tr!("topics names no topic", "topics 没有写议题"),
            crate::tr!(
                "name at least one topic whose implementation was reported: topics = [\"…\"]",
                "至少写一个报告了执行情况的议题：topics = [\"…\"]"
            ),
        );
        ok = false;
    }
    let mut seen = std::collections::BTreeSet::new();
    for t in &raw.topics {
        if !seen.insert(t.get_ref().as_str()) {
            cx.error(
                "duplicate-id",
                t,
                crate::tr!("topic \"{id}\" is named twice", "议题“{id}”写了两次"; id = t.get_ref()),
                crate::tr!("name each topic once", "每个议题只写一次"),
            );
            ok = false;
        }
    }
    let opinion = match &raw.opinion {
        None => None,
        Some(o) => {
            let od = cx.date(&o.get_ref().date);
            let text = o.get_ref().text.trim().to_string();
            if text.is_empty() {
                cx.error(
                    "missing-field",
                    o,
                    crate::tr!("the opinion has no text", "监督意见没有内容"),
                    crate::tr!(
                        "write the committee's opinion as text, or remove [opinion]",
                        "写上监督委员会的意见，或删去 [opinion]"
                    ),
                );
                ok = false;
            }
            if let (Some(od), Some(d)) = (od, date) {
                let v = &o.get_ref().date;
                ok &= cx.not_before(
                    v,
                    (od, crate::tr!("the opinion's date", "意见日期")),
                    (d, crate::tr!("the report date", "报告日期")),
                );
                ok &=
                    cx.not_after_today(v, od, today, crate::tr!("the opinion's date", "意见日期"));
            }
            od.map(|date| Opinion { date, text })
        }
    };
    let (date, period) = (date?, period?);
    ok.then(|| SupervisionReport {
        id: entry.id.clone(),
        path: entry.file.path.clone(),
        date,
        period,
        topics: raw.topics.iter().map(|t| t.get_ref().clone()).collect(),
        reported_by: raw.reported_by.clone().filter(|s| !s.trim().is_empty()),
        received_by: raw.received_by.clone().filter(|s| !s.trim().is_empty()),
        opinion,
        body: entry.body_text().to_string(),
        body_offset: entry.body.start,
    })
}

/// Staff warnings about the reports (14.1): the newest period due and not reported
/// (`supervision-missing`, at `[supervision]` in site.toml), and each report that came late
/// (`supervision-late`, at its date).
pub(super) fn warnings(
    loaded: &crate::input::load::Loaded,
    model: &crate::model::Model,
    facts: &crate::facts::Facts,
) -> Vec<Diagnostic> {
    use crate::diagnostics::Severity;
    use crate::facts::supervision::period_words;
    let mut out = Vec::new();
    let language = model.site.language;
    if let (Some(newest), Some(site), Some(rules)) = (
        facts.supervision.missing.as_ref().and_then(|m| m.last()),
        &loaded.site,
        &model.site.supervision,
    ) {
        let words = period_words(newest, language);
        let committee = &rules.committee;
        let due = crate::facts::add_days(newest.end, rules.report_within_days);
        out.push(
            Diagnostic::at(
                Severity::Warning,
                "supervision-missing",
                site,
                super::reading::line_of(site, "[supervision]"),
                crate::tr!(
                    "no report to {committee} on {words} ({label}); it was due by {due}",
                    "{words}（{label}）还没有向{committee}报告决策执行情况，应在 {due} 前报告";
                    label = &newest.label
                ),
            )
            .with_hint(crate::tr!(
                "report to the committee, then record it: yishi new supervision, with period = \"{label}\"",
                "向监督委员会报告后记下来：yishi new supervision，写 period = \"{label}\"";
                label = &newest.label
            )),
        );
    }
    let within = model
        .site
        .supervision
        .as_ref()
        .map_or(0, |s| s.report_within_days);
    for (report, f) in model.supervision.iter().zip(&facts.supervision.reports) {
        if !f.late {
            continue;
        }
        let Some(entry) = loaded.entry(crate::input::load::Kind::Supervision, &report.id) else {
            continue;
        };
        let due = crate::facts::add_days(report.period.end, within);
        let (date, words) = (report.date, period_words(&report.period, language));
        out.push(
            Diagnostic::at(
                Severity::Warning,
                "supervision-late",
                &entry.file,
                super::reading::line_of(&entry.file, "date"),
                crate::tr!(
                    "the report on {words} was made on {date}, after {due}",
                    "{words}的报告于 {date} 才报告，晚于 {due}"
                ),
            )
            .with_hint(crate::tr!(
                "the site shows residents it was late; report each period within report_within_days of its end",
                "网站会如实告诉居民报告晚了；每个期间结束后 report_within_days 天内报告"
            )),
        );
    }
    out
}

/// Reports to a committee site.toml does not name (14.1): an error at the first report
/// published (`drafts` are left out). Whether there is none.
pub(super) fn committee_named(
    site: &Site,
    entries: &[&RawEntry],
    drafts: &FxHashSet<(Kind, &str)>,
    diags: &mut Vec<Diagnostic>,
) -> bool {
    let mut ok = true;
    if site.supervision.is_none()
        && let Some(entry) = entries
            .iter()
            .find(|e| e.kind == Kind::Supervision && !drafts.contains(&(e.kind, e.id.as_str())))
    {
        diags.push(
            Diagnostic::error(
                "supervision",
                &entry.file,
                0..0,
                crate::tr!(
                    "a report to the supervision committee, but site.toml has no [supervision]",
                    "有向监督委员会的报告，但 site.toml 没有 [supervision]"
                ),
            )
            .with_hint(crate::tr!(
                "add [supervision] to site.toml with committee = \"…\" and since = YYYY-MM-DD",
                "在 site.toml 加上 [supervision]，写明 committee = \"…\" 和 since = 开始日期"
            )),
        );
        ok = false;
    }
    ok
}
