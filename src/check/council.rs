//! content/council.toml: the members of the deliberation council, and the warning for a
//! member who keeps missing regular meetings.

use serde::Deserialize;
use toml::Spanned;
use toml::value::Datetime;

use super::reading::{Ctx, line_of};
use crate::diagnostics::{Diagnostic, Severity, SourceFile};
use crate::facts::Facts;
use crate::input::load::Loaded;
use crate::model::{Grid, Member, Model, Staff};

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCouncil {
    #[serde(default)]
    /// 委员名单
    pub(super) members: Vec<RawMember>,
    #[serde(default)]
    /// 社区工作人员、网格员：负责网格、入户走访，但不是议事委员会委员
    pub(super) staff: Vec<RawStaff>,
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawStaff {
    /// 姓名（不能与委员同名）
    #[schemars(with = "String")]
    pub(super) name: Spanned<String>,
    /// 身份，如“网格员”
    pub(super) role: String,
    /// 负责的网格编号
    #[serde(default)]
    #[schemars(with = "Vec<String>", extend("x-yishi" = "choice:grids"))]
    pub(super) grids: Vec<Spanned<String>>,
    /// 开始
    #[schemars(with = "Option<String>", extend("x-yishi" = "date"))]
    pub(super) since: Option<Spanned<Datetime>>,
    /// 结束
    #[schemars(with = "Option<String>", extend("x-yishi" = "date"))]
    pub(super) until: Option<Spanned<Datetime>>,
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawMember {
    /// 姓名
    pub(super) name: String,
    /// 职务：主任、副主任、委员
    #[schemars(with = "String", extend("x-yishi" = "choice:role"))]
    pub(super) role: Spanned<String>,
    /// 是否常务委员
    #[schemars(extend("x-yishi" = "yes-no"))]
    pub(super) standing: Option<bool>,
    /// 所在单位或身份
    pub(super) affiliation: Option<String>,
    /// 任期开始
    #[schemars(with = "Option<String>", extend("x-yishi" = "date"))]
    pub(super) since: Option<Spanned<Datetime>>,
    /// 任期结束
    #[schemars(with = "Option<String>", extend("x-yishi" = "date"))]
    pub(super) until: Option<Spanned<Datetime>>,
    /// 分片负责的网格编号（网格长）
    #[serde(default)]
    #[schemars(with = "Vec<String>", extend("x-yishi" = "choice:grids"))]
    pub(super) grids: Vec<Spanned<String>>,
}

/// Council roles.
pub const ROLES: &[&str] = &["主任", "副主任", "委员"];

pub(super) fn validate_council(
    file: &SourceFile,
    grids: &[Grid],
    diags: &mut Vec<Diagnostic>,
) -> Option<(Vec<Member>, Vec<Staff>)> {
    let mut cx = Ctx {
        file,
        base: 0,
        diags,
    };
    let raw: RawCouncil = cx.parse(&file.text)?;
    let roles: Vec<String> = ROLES.iter().map(|s| s.to_string()).collect();
    let mut members = Vec::new();
    let mut ok = true;
    // The grids a person answers for: each known, none twice (14.2).
    let grid_list = |cx: &mut Ctx, list: &[Spanned<String>], ok: &mut bool| -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for g in list {
            let id = g.get_ref();
            if !grids.iter().any(|x| &x.id == id) {
                let known: Vec<&str> = grids.iter().map(|x| x.id.as_str()).collect();
                let known = known.join("、");
                cx.error(
                    "unknown-ref",
                    g,
                    crate::tr!("grid \"{id}\" does not exist", "网格“{id}”不存在"),
                    crate::tr!(
                        "grids are listed in site.toml [[grids]]: {known}",
                        "网格在 site.toml 的 [[grids]] 里列出：{known}"
                    ),
                );
                *ok = false;
            } else if out.contains(id) {
                cx.error(
                    "duplicate-id",
                    g,
                    crate::tr!("grid \"{id}\" is listed twice", "网格“{id}”写了两次"),
                    crate::tr!("list each grid once", "每个网格只写一次"),
                );
                *ok = false;
            } else {
                out.push(id.clone());
            }
        }
        out
    };
    // A term's end before its start.
    let term = |cx: &mut Ctx,
                since: &Option<Spanned<Datetime>>,
                until: &Option<Spanned<Datetime>>,
                ok: &mut bool| {
        let s = since.as_ref().and_then(|d| cx.date(d));
        let u = until.as_ref().and_then(|d| cx.date(d));
        if let (Some(s), Some(u), Some(v)) = (s, u, until) {
            *ok &= cx.not_before(
                v,
                (u, crate::tr!("until", "结束日期")),
                (s, crate::tr!("since", "开始日期")),
            );
        }
        (s, u)
    };
    for m in raw.members {
        ok &= cx.vocabulary(&m.role, "role", &roles);
        let (since, until) = term(&mut cx, &m.since, &m.until, &mut ok);
        let grids = grid_list(&mut cx, &m.grids, &mut ok);
        members.push(Member {
            name: m.name,
            role: m.role.into_inner(),
            standing: m.standing,
            affiliation: m.affiliation,
            since,
            until,
            grids,
        });
    }
    let mut staff: Vec<Staff> = Vec::new();
    for st in raw.staff {
        let name = st.name.get_ref().trim().to_string();
        if members.iter().any(|m| m.name == name) || staff.iter().any(|x| x.name == name) {
            cx.error(
                "duplicate-id",
                &st.name,
                crate::tr!(
                    "\"{name}\" is already in council.toml: names are unique among members and staff",
                    "“{name}”在 council.toml 里已经有了：委员和工作人员不能同名"
                ),
                crate::tr!(
                    "a member who also visits a grid lists it in their own grids",
                    "委员负责网格的，在委员自己的 grids 里写"
                ),
            );
            ok = false;
        }
        let (since, until) = term(&mut cx, &st.since, &st.until, &mut ok);
        let grids = grid_list(&mut cx, &st.grids, &mut ok);
        staff.push(Staff {
            name,
            role: st.role.trim().to_string(),
            grids,
            since,
            until,
        });
    }
    ok.then_some((members, staff))
}

/// A warning for each council member absent from `absence_limit` regular meetings in a row
/// (13.8).
pub(super) fn absence_warnings(loaded: &Loaded, model: &Model, facts: &Facts) -> Vec<Diagnostic> {
    let rules = &model.site.rules;
    let mut out = Vec::new();
    if let (Some(council), Some(file)) = (&model.council, &loaded.council) {
        for (member, member_facts) in council.iter().zip(&facts.members) {
            if !member_facts.flagged {
                continue;
            }
            let (name, run) = (&member.name, member_facts.current_absence_run);
            let limit = rules.absence_limit;
            out.push(
                Diagnostic::at(
                    Severity::Warning,
                    "member-absent",
                    file,
                    line_of(file, &format!("\"{name}\"")),
                    crate::tr!(
                        "{name} has missed the last {run} regular meetings (the limit is {limit})",
                        "{name} 已连续 {run} 次未参加例会（上限 {limit} 次）"
                    ),
                )
                .with_hint(crate::tr!(
                    "members who keep missing meetings are to be re-elected or replaced (seed 003); the council page shows the absences",
                    "屡次未参加会议的成员，应按程序重新推选或增补；委员会页面会显示缺席情况"
                )),
            );
        }
    }
    out
}
