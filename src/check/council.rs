//! content/council.toml: the members of the deliberation council, and the warning for a
//! member who keeps missing regular meetings.

use serde::Deserialize;
use toml::Spanned;
use toml::value::Datetime;

use super::reading::{Ctx, line_of};
use crate::diagnostics::{Diagnostic, Severity, SourceFile};
use crate::facts::Facts;
use crate::input::load::Loaded;
use crate::model::{Member, Model};

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCouncil {
    #[serde(default)]
    /// 委员名单
    pub(super) members: Vec<RawMember>,
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
}

/// Council roles.
pub const ROLES: &[&str] = &["主任", "副主任", "委员"];

pub(super) fn validate_council(
    file: &SourceFile,
    diags: &mut Vec<Diagnostic>,
) -> Option<Vec<Member>> {
    let mut cx = Ctx {
        file,
        base: 0,
        diags,
    };
    let raw: RawCouncil = cx.parse(&file.text)?;
    let roles: Vec<String> = ROLES.iter().map(|s| s.to_string()).collect();
    let mut members = Vec::new();
    let mut ok = true;
    for m in raw.members {
        ok &= cx.vocabulary(&m.role, "role", &roles);
        let since = m.since.as_ref().and_then(|d| cx.date(d));
        let until = m.until.as_ref().and_then(|d| cx.date(d));
        members.push(Member {
            name: m.name,
            role: m.role.into_inner(),
            standing: m.standing,
            affiliation: m.affiliation,
            since,
            until,
        });
    }
    ok.then_some(members)
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
