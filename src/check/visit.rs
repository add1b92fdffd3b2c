//! Visits to a grid's residents (入户走访、民情日志, spec 14.2): the front matter of
//! `content/visits/*.md` and the visit it makes. What needs the other files — the grid, the
//! person who visited, the topics — is checked with them (`check::mod`, `check::cross`).

use std::sync::Arc;

use chrono::NaiveDate;
use serde::Deserialize;
use toml::Spanned;
use toml::value::Datetime;

use super::reading::{self, Ctx};
use crate::diagnostics::Diagnostic;
use crate::input::load::RawEntry;
use crate::model::{Grid, Member, Staff, Visit};

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

/// Each visit (14.2) against the others' files: its grid is one site.toml lists and it is
/// not dated before the grid's start; it was made by a council member or staff serving on its
/// day (`council`: the members, none when council.toml is missing or broken — `council_ok`
/// says which — and the staff). Whether every visit passes.
pub(super) fn against_grids_and_people(
    visits: &[(Arc<Visit>, &RawEntry, Arc<RawVisit>)],
    grids: &[Grid],
    (council, council_ok, staff): (&Option<Vec<Member>>, bool, &[Staff]),
    diags: &mut Vec<Diagnostic>,
) -> bool {
    let mut ok = true;
    for (v, entry, raw) in visits {
        let mut cx = reading::Ctx {
            file: &entry.file,
            base: entry.front.start,
            diags,
        };
        match grids.iter().find(|g| g.id == v.grid) {
            None => {
                let g = &v.grid;
                cx.error(
                    "unknown-ref",
                    &raw.grid,
                    crate::tr!("grid \"{g}\" does not exist", "网格“{g}”不存在"),
                    crate::tr!(
                        "grids are listed in site.toml [[grids]]",
                        "网格在 site.toml 的 [[grids]] 里列出"
                    ),
                );
                ok = false;
            }
            Some(grid) => {
                if let Some(since) = grid.since {
                    ok &= cx.not_before(
                        &raw.date,
                        (v.date, crate::tr!("the visit's date", "走访日期")),
                        (since, crate::tr!("the grid's start", "网格开始走访的日期")),
                    );
                }
            }
        }
        let person = council
            .iter()
            .flatten()
            .map(|m| ((m.since, m.until), m.name.as_str()))
            .chain(staff.iter().map(|s| ((s.since, s.until), s.name.as_str())))
            .find(|(_, name)| *name == v.by);
        let by = &v.by;
        match person {
            // A broken council.toml is reported once, not again at every visit.
            _ if !council_ok => {}
            None => {
                cx.error(
                    "unknown-ref",
                    &raw.by,
                    crate::tr!(
                        "\"{by}\" is neither a council member nor staff",
                        "“{by}”既不是议事委员会委员，也不是工作人员"
                    ),
                    crate::tr!(
                        "names must match council.toml's [[members]] or [[staff]] exactly",
                        "姓名要和 council.toml 的 [[members]] 或 [[staff]] 完全一致"
                    ),
                );
                ok = false;
            }
            Some(((since, until), _)) if !crate::facts::grids::serves(since, until, v.date) => {
                let date = v.date;
                cx.error(
                    "roll-call",
                    &raw.by,
                    crate::tr!("\"{by}\" did not serve on {date}", "{date} 时“{by}”不在任"),
                    crate::tr!(
                        "check the date, or since and until in council.toml",
                        "检查走访日期，或 council.toml 里的 since 和 until"
                    ),
                );
                ok = false;
            }
            Some(_) => {}
        }
    }
    ok
}
