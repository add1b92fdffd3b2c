//! Visits to a grid's residents (入户走访、民情日志, spec 14.2): the front matter of
//! `content/visits/*.md` and the visit it makes. What needs the other files — the grid, the
//! person who visited, the topics — is checked with them (`check::mod`, `check::cross`).

use chrono::NaiveDate;
use serde::Deserialize;
use toml::Spanned;
use toml::value::Datetime;

use super::reading::Ctx;
use crate::diagnostics::Diagnostic;
use crate::input::load::RawEntry;
use crate::model::Visit;

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawVisit {
    /// 走访的网格编号
    #[schemars(with = "String", extend("x-yishi" = "choice:grids"))]
    pub(super) grid: Spanned<String>,
    /// 走访日期
    #[schemars(with = "String", extend("x-yishi" = "date"))]
    pub(super) date: Spanned<Datetime>,
    /// 走访人：委员或工作人员的姓名
    #[schemars(with = "String", extend("x-yishi" = "person"))]
    pub(super) by: Spanned<String>,
    /// 走访户数
    #[schemars(with = "Option<i64>")]
    pub(super) households: Option<Spanned<i64>>,
    /// 听取的意见条数
    #[schemars(with = "Option<i64>")]
    pub(super) opinions: Option<Spanned<i64>>,
    /// 这次走访提出或反馈的议题编号
    #[serde(default)]
    #[schemars(with = "Vec<String>", extend("x-yishi" = "topics"))]
    pub(super) topics: Vec<Spanned<String>>,
    /// 是否向网格群众反馈了此前议题的结果
    pub(super) feedback: Option<bool>,
    // Read when the file is loaded (`RawEntry::draft`); declared so that the field is known
    // (a plain comment: the doc comment below is the editor's label).
    #[serde(rename = "draft")]
    /// 草稿：true 时不公开
    pub(super) _draft: Option<bool>,
}

/// The visit a file makes, with the problems of the file alone.
pub(super) fn visit_from(
    entry: &RawEntry,
    today: NaiveDate,
    diags: &mut Vec<Diagnostic>,
) -> Option<(RawVisit, Visit)> {
    let mut cx = Ctx {
        file: &entry.file,
        base: entry.front.start,
        diags,
    };
    let raw: RawVisit = cx.parse(entry.front_text())?;
    let mut ok = true;
    let date = cx.date(&raw.date);
    if let Some(d) = date {
        ok &= cx.not_after_today(
            &raw.date,
            d,
            today,
            crate::tr!("the visit's date", "走访日期"),
        );
    }
    let households = match &raw.households {
        Some(v) => {
            let n = cx.count(v, "households");
            ok &= n.is_some();
            n
        }
        None => None,
    };
    let opinions = match &raw.opinions {
        Some(v) => {
            let n = cx.count(v, "opinions");
            ok &= n.is_some();
            n
        }
        None => None,
    };
    let date = date?;
    let visit = Visit {
        id: entry.id.clone(),
        path: entry.file.path.clone(),
        grid: raw.grid.get_ref().clone(),
        date,
        by: raw.by.get_ref().trim().to_string(),
        households,
        opinions,
        topics: raw.topics.iter().map(|t| t.get_ref().clone()).collect(),
        feedback: raw.feedback.unwrap_or(false),
        body: entry.body_text().to_string(),
        body_offset: entry.body.start,
    };
    ok.then_some((raw, visit))
}

/// Staff warnings about the grids (14.2): a grid nobody current answers for
/// (`grid-no-contact`), and a grid not visited in the month before today's
/// (`grid-no-visit`, that month only), both at the grid in site.toml.
pub(super) fn warnings(
    loaded: &crate::input::load::Loaded,
    model: &crate::model::Model,
    facts: &crate::facts::Facts,
) -> Vec<Diagnostic> {
    use chrono::Datelike;

    use crate::diagnostics::Severity;
    let Some(site) = &loaded.site else {
        return Vec::new();
    };
    let today = facts.today;
    let last_month = crate::facts::add_days(today.with_day(1).unwrap_or(today), -1);
    let last_month = (last_month.year(), last_month.month());
    let mut out = Vec::new();
    for (g, f) in model.site.grids.iter().zip(&facts.grids) {
        let at = super::reading::line_of(site, &format!("\"{}\"", g.id));
        let name = &g.name;
        if f.contacts.is_empty() {
            out.push(
                Diagnostic::at(
                    Severity::Warning,
                    "grid-no-contact",
                    site,
                    at.clone(),
                    crate::tr!(
                        "nobody serving today answers for {name}",
                        "{name}目前没有在任的联系人"
                    ),
                )
                .with_hint(crate::tr!(
                    "add the grid to a member's or staff's grids in council.toml",
                    "在 council.toml 里把这个网格写进某位委员或工作人员的 grids"
                )),
            );
        }
        if f.months_without_visit.contains(&last_month) {
            let month = crate::facts::grids::month_label(last_month);
            out.push(
                Diagnostic::at(
                    Severity::Warning,
                    "grid-no-visit",
                    site,
                    at,
                    crate::tr!(
                        "nobody visited {name} in {month}",
                        "{month} 没有走访{name}"
                    ),
                )
                .with_hint(crate::tr!(
                    "the rules ask for a visit to each grid at least once a month; record it in content/visits/",
                    "议事规则要求每个网格每月至少走访一次；走访后在 content/visits/ 里记下来"
                )),
            );
        }
    }
    out
}
