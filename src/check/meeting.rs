//! Meetings (会议): the front matter of `content/meetings/*.md`, the meeting it makes with
//! its votes checked, and the staff warnings about one (record pending, late publication,
//! short notice, objections unanswered).

use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde::Deserialize;
use toml::Spanned;
use toml::value::Datetime;

use super::reading::{Ctx, datetime, line_of};
use crate::diagnostics::{Diagnostic, Severity, SourceFile};
use crate::input::load::{RawEntry, is_valid_id};
use crate::model::{
    Declared, Matter, Meeting, Objection, ObjectionOutcome, OwnersVote, Parties, Resolution,
    Revocation, RollCall, Rules, Site, Tally, Unit, Unrecorded,
};

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawMeeting {
    /// 标题
    pub(super) title: String,
    /// 会议类型（见 meeting_kinds）
    #[schemars(with = "String", extend("x-yishi" = "vocabulary:meeting_kinds"))]
    pub(super) kind: Spanned<String>,
    /// 开始时间，如 2025-04-18T09:00:00（原记录未载明时刻时只写日期，并在 unrecorded 里列出 "time"）
    #[schemars(with = "String", extend("x-yishi" = "datetime"))]
    pub(super) start: Spanned<Datetime>,
    /// 地点（原记录未载明时不写，并在 unrecorded 里列出 "place"）
    pub(super) place: Option<String>,
    #[serde(default)]
    /// 原记录未载明的事项：expected、present、time、place、published、objections
    #[schemars(with = "Vec<String>", extend("x-yishi" = "choice:unrecorded_meeting"))]
    pub(super) unrecorded: Vec<Spanned<String>>,
    /// 本次会议的表决是否只是倾向性意见；不写时按 advisory_kinds
    #[schemars(extend("x-yishi" = "yes-no"))]
    pub(super) advisory: Option<bool>,
    /// 表决的计数单位：人 或 户（默认 人）
    #[schemars(with = "Option<String>", extend("x-yishi" = "choice:unit_meeting"))]
    pub(super) unit: Option<Spanned<String>>,
    /// 发布公示的机构，如“村委会”；联合发布写成列表。不写时用 site.toml 的 issuer
    #[schemars(with = "Option<IssuedBy>")]
    pub(super) issued_by: Option<Spanned<IssuedBy>>,
    /// 主持人
    pub(super) host: Option<String>,
    /// 记录人
    pub(super) recorder: Option<String>,
    #[serde(default)]
    /// 协商的议题编号
    #[schemars(with = "Vec<String>", extend("x-yishi" = "topics"))]
    pub(super) topics: Vec<Spanned<String>>,
    /// 告知日期
    #[schemars(with = "Option<String>", extend("x-yishi" = "date"))]
    pub(super) notified: Option<Spanned<Datetime>>,
    /// 结果公示日期
    #[schemars(with = "Option<String>", extend("x-yishi" = "date"))]
    pub(super) published: Option<Spanned<Datetime>>,
    /// 应到人数
    #[schemars(with = "Option<i64>")]
    pub(super) expected: Option<Spanned<i64>>,
    /// 实到人数
    #[schemars(with = "Option<i64>")]
    pub(super) present: Option<Spanned<i64>>,
    #[serde(default)]
    /// 缺席
    pub(super) absent: Vec<String>,
    #[serde(default)]
    /// 列席的非委员（记名表决可用其姓名）
    pub(super) attendees: Vec<String>,
    /// 签到簿扫描件路径
    #[schemars(with = "Option<String>", extend("x-yishi" = "attachment"))]
    pub(super) sign_in: Option<Spanned<String>>,
    /// 取消原因；填写后会议不算召开
    pub(super) cancelled: Option<String>,
    // Read when the file is loaded (`RawEntry::draft`); declared so that the field is known
    // (a plain comment: the doc comment below is the editor's label).
    #[serde(rename = "draft")]
    /// 草稿：true 时不公开
    pub(super) _draft: Option<bool>,
    /// 参与方
    pub(super) parties: Option<RawParties>,
    #[serde(default)]
    /// 决议，逐条表决
    #[schemars(with = "Vec<RawResolution>")]
    pub(super) resolutions: Vec<Spanned<RawResolution>>,
    #[serde(default)]
    /// 对公示结果的异议及答复（解释说明）
    #[schemars(with = "Vec<RawObjection>")]
    pub(super) objections: Vec<Spanned<RawObjection>>,
}

/// One body, or several for a joint posting.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
pub(super) enum IssuedBy {
    /// 一个机构
    One(String),
    /// 联合发布的几个机构
    Several(Vec<String>),
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawObjection {
    /// 收到异议的日期
    #[schemars(with = "String", extend("x-yishi" = "date"))]
    pub(super) received: Spanned<Datetime>,
    /// 异议内容（不写姓名和联系方式）
    pub(super) summary: String,
    /// 针对第几条决议（从 1 起）
    #[schemars(with = "Option<i64>")]
    pub(super) resolution: Option<Spanned<i64>>,
    /// 答复日期
    #[schemars(with = "Option<String>", extend("x-yishi" = "date"))]
    pub(super) replied: Option<Spanned<Datetime>>,
    /// 答复内容（与 replied 一起写）
    pub(super) answer: Option<String>,
    /// 处理结果：维持、修改 或 再协商
    #[schemars(with = "Option<String>", extend("x-yishi" = "choice:objection_outcome"))]
    pub(super) outcome: Option<Spanned<String>>,
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawParties {
    #[serde(default)]
    /// 组织方
    pub(super) organiser: Vec<String>,
    #[serde(default)]
    /// 利益相关方
    pub(super) stakeholders: Vec<String>,
    #[serde(default)]
    /// 第三方
    pub(super) third: Vec<String>,
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawResolution {
    /// 议题编号
    #[schemars(with = "Option<String>", extend("x-yishi" = "topic"))]
    pub(super) topic: Option<Spanned<String>>,
    /// 决议内容
    pub(super) text: String,
    /// 表决方式，如 举手表决、投票表决、一对一表决
    #[schemars(with = "Option<String>")]
    pub(super) method: Option<Spanned<String>>,
    /// 会议宣布的结果：通过、未通过 或 暂缓（原记录没有票数时写）
    #[schemars(with = "Option<String>", extend("x-yishi" = "choice:declared"))]
    pub(super) declared: Option<Spanned<String>>,
    #[serde(default)]
    /// 原记录未载明的事项：决议只能列 "method"
    #[schemars(with = "Vec<String>", extend("x-yishi" = "choice:unrecorded_resolution"))]
    pub(super) unrecorded: Vec<Spanned<String>>,
    /// 计数单位：人、户 或 业主（业主共同决定，民法典第二百七十八条）
    #[schemars(with = "Option<String>", extend("x-yishi" = "choice:unit_resolution"))]
    pub(super) unit: Option<Spanned<String>>,
    /// 业主共同决定的事项类别：筹集维修资金、改建重建、改变用途或经营、其他
    #[schemars(with = "Option<String>", extend("x-yishi" = "choice:matter"))]
    pub(super) matter: Option<Spanned<String>>,
    /// 专有部分业主总人数
    #[schemars(with = "Option<i64>")]
    pub(super) owners: Option<Spanned<i64>>,
    /// 专有部分总面积（平方米，最多两位小数）
    #[schemars(with = "Option<f64>", extend("x-yishi" = "area"))]
    pub(super) area: Option<Spanned<toml::Value>>,
    /// 参与表决的业主人数
    #[schemars(with = "Option<i64>")]
    pub(super) owners_voting: Option<Spanned<i64>>,
    /// 参与表决的业主专有部分面积（平方米）
    #[schemars(with = "Option<f64>", extend("x-yishi" = "area"))]
    pub(super) area_voting: Option<Spanned<toml::Value>>,
    /// 同意的业主人数
    #[schemars(with = "Option<i64>")]
    pub(super) owners_yes: Option<Spanned<i64>>,
    /// 同意的业主专有部分面积（平方米）
    #[schemars(with = "Option<f64>", extend("x-yishi" = "area"))]
    pub(super) area_yes: Option<Spanned<toml::Value>>,
    /// 赞成
    #[schemars(with = "Option<i64>")]
    pub(super) yes: Option<Spanned<i64>>,
    /// 反对
    #[schemars(with = "Option<i64>")]
    pub(super) no: Option<Spanned<i64>>,
    /// 弃权
    #[schemars(with = "Option<i64>")]
    pub(super) abstain: Option<Spanned<i64>>,
    /// 记名表决名单（与票数二选一）
    #[schemars(with = "Option<RawVotes>")]
    pub(super) votes: Option<Spanned<RawVotes>>,
    /// 被依法纠正、撤销的日期
    #[schemars(with = "Option<String>", extend("x-yishi" = "date"))]
    pub(super) revoked: Option<Spanned<Datetime>>,
    /// 撤销机关，如“友谊路街道办事处”（与 revoked 一起写）
    pub(super) revoked_by: Option<String>,
    /// 撤销理由（与 revoked 一起写）
    pub(super) revoked_reason: Option<String>,
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawVotes {
    #[serde(default)]
    /// 赞成
    #[schemars(with = "Vec<String>", extend("x-yishi" = "members"))]
    pub(super) yes: Vec<Spanned<String>>,
    #[serde(default)]
    /// 反对
    #[schemars(with = "Vec<String>", extend("x-yishi" = "members"))]
    pub(super) no: Vec<Spanned<String>>,
    #[serde(default)]
    /// 弃权
    #[schemars(with = "Vec<String>", extend("x-yishi" = "members"))]
    pub(super) abstain: Vec<Spanned<String>>,
}

/// The voting methods of seed 003_… (举手表决 | 投票表决 | 一对一表决).
pub const METHODS: &[&str] = &["举手表决", "投票表决", "一对一表决"];

pub(super) fn meeting_from(
    entry: &RawEntry,
    site: &Site,
    diags: &mut Vec<Diagnostic>,
) -> Option<(RawMeeting, Meeting)> {
    let mut cx = Ctx {
        file: &entry.file,
        base: entry.front.start,
        diags,
    };
    let raw: RawMeeting = cx.parse(entry.front_text())?;
    let rules = &site.rules;
    let mut ok = cx.vocabulary(&raw.kind, "kind", &rules.meeting_kinds);
    let notified = raw.notified.as_ref().and_then(|d| cx.date(d));
    let published = raw.published.as_ref().and_then(|d| cx.date(d));
    ok &= raw.notified.is_none() || notified.is_some();
    ok &= raw.published.is_none() || published.is_some();
    let expected = raw.expected.as_ref().and_then(|v| cx.count(v, "expected"));
    let present = raw.present.as_ref().and_then(|v| cx.count(v, "present"));
    ok &= raw.expected.is_none() || expected.is_some();
    ok &= raw.present.is_none() || present.is_some();
    // What the source does not state (15.2): each listed field must be absent.
    let listed = cx.unrecorded(&raw.unrecorded, &Unrecorded::MEETING);
    ok &= listed.len() == raw.unrecorded.len();
    let unrecorded = Unrecorded {
        expected: listed.contains(&"expected"),
        present: listed.contains(&"present"),
        time: listed.contains(&"time"),
        place: listed.contains(&"place"),
        published: listed.contains(&"published"),
        objections: listed.contains(&"objections"),
    };
    if unrecorded.expected
        && let Some(v) = &raw.expected
    {
        ok &= cx.listed_but_given(v, "expected");
    }
    if unrecorded.present
        && let Some(v) = &raw.present
    {
        ok &= cx.listed_but_given(v, "present");
    }
    if unrecorded.published
        && let Some(v) = &raw.published
    {
        ok &= cx.listed_but_given(v, "published");
    }
    if unrecorded.objections
        && let Some(first) = raw.objections.first()
    {
        ok &= cx.listed_but_given(first, "objections");
    }
    if unrecorded.place && raw.place.is_some() {
        let span = line_of(cx.file, "place");
        cx.error_at(
            "unrecorded",
            span,
            crate::tr!(
                "place is given, but unrecorded says the source does not state it",
                "写了 place，但 unrecorded 又说原记录未载明它"
            ),
            crate::tr!(
                "keep the place the record gives and remove \"place\" from unrecorded",
                "保留原记录写明的地点，并从 unrecorded 里删去 \"place\""
            ),
        );
        ok = false;
    }
    if raw.place.is_none() && !unrecorded.place {
        cx.missing(
            0..0,
            "place",
            crate::tr!(
                "add place = \"…\"; if the source does not say where, write unrecorded = [\"place\"]",
                "加上 place = \"地点\"；原记录没有写地点的，写 unrecorded = [\"place\"]"
            ),
        );
        ok = false;
    }
    let start = meeting_start(&mut cx, &raw.start, unrecorded.time, site.timezone);
    let unit = match &raw.unit {
        Some(v) => {
            let found = unit_of(&mut cx, v, &[Unit::Person, Unit::Household]);
            ok &= found.is_some();
            found.unwrap_or_default()
        }
        None => Unit::Person,
    };
    let issued_by = match &raw.issued_by {
        None => None,
        Some(v) => {
            let list: Vec<String> = match v.get_ref() {
                IssuedBy::One(one) => vec![one.clone()],
                IssuedBy::Several(list) => list.clone(),
            };
            let list: Vec<String> = list
                .into_iter()
                .map(|x| x.trim().to_string())
                .filter(|x| !x.is_empty())
                .collect();
            if list.is_empty() {
                cx.error(
                    "missing-field",
                    v,
                    crate::tr!(
                        "issued_by names no body",
                        "issued_by 没有写发布机构"
                    ),
                    crate::tr!(
                        "write the body that issued the posting, such as \"村委会\", or a list for a joint posting; or remove issued_by to use site.toml's issuer",
                        "写发布公示的机构，如 \"村委会\"；联合发布写成列表；或删去 issued_by，使用 site.toml 的 issuer"
                    ),
                );
                ok = false;
            }
            Some(list)
        }
    };
    let mut resolutions = Vec::new();
    for r in &raw.resolutions {
        let day = start.map(|s| s.date());
        match resolution_from(&mut cx, r, unit, rules, (expected, present), day) {
            Some(res) => resolutions.push(res),
            None => ok = false,
        }
    }
    let mut objections = Vec::new();
    for o in &raw.objections {
        let table = cx.span(o);
        let raw_o = o.get_ref();
        if raw.published.is_none() {
            cx.error(
                "objection",
                o,
                crate::tr!(
                    "an objection to results that were never posted: the meeting has no published date",
                    "会议没有写 published（公示日期）：结果没有公示，就没有对公示结果的异议"
                ),
                crate::tr!(
                    "write the day the results were posted as published, or record the opinion on the topic",
                    "写上结果公示的日期 published，或把这条意见记在议题里"
                ),
            );
            ok = false;
        }
        let received = cx.date(&raw_o.received);
        let replied = raw_o.replied.as_ref().and_then(|v| cx.date(v));
        ok &= received.is_some() && (raw_o.replied.is_none() || replied.is_some());
        if let (Some(received), Some(published)) = (received, published) {
            ok &= cx.not_before(
                &raw_o.received,
                (received, crate::tr!("the date received", "收到异议的日期")),
                (published, crate::tr!("the publication date", "公示日期")),
            );
        }
        if let (Some(v), Some(replied), Some(received)) = (&raw_o.replied, replied, received) {
            ok &= cx.not_before(
                v,
                (replied, crate::tr!("the reply date", "答复日期")),
                (received, crate::tr!("the date received", "收到异议的日期")),
            );
        }
        let answer = raw_o.answer.clone().filter(|a| !a.trim().is_empty());
        ok &= cx.reply_pair(
            table,
            raw_o.replied.is_some(),
            answer.is_some(),
            raw_o.outcome.is_some(),
        );
        let outcome = match &raw_o.outcome {
            Some(v) => {
                let found = ObjectionOutcome::ALL
                    .iter()
                    .find(|(_, l)| l == v.get_ref())
                    .map(|(o, _)| *o);
                if found.is_none() {
                    let allowed: Vec<&str> =
                        ObjectionOutcome::ALL.iter().map(|(_, l)| *l).collect();
                    cx.choice(v, "outcome", &allowed);
                    ok = false;
                }
                found
            }
            None => None,
        };
        let resolution = match &raw_o.resolution {
            Some(v) => match usize::try_from(*v.get_ref()) {
                Ok(n) if n >= 1 && n <= raw.resolutions.len() => Some(n - 1),
                _ => {
                    let count = raw.resolutions.len();
                    cx.error(
                        "unknown-ref",
                        v,
                        crate::tr!(
                            "resolution {n} does not exist: the meeting has {count}",
                            "没有第 {n} 条决议：这次会议共有 {count} 条";
                            n = v.get_ref()
                        ),
                        crate::tr!(
                            "count the meeting's [[resolutions]] from 1",
                            "按会议的 [[resolutions]] 从 1 开始数"
                        ),
                    );
                    ok = false;
                    None
                }
            },
            None => None,
        };
        if let Some(received) = received {
            objections.push(Objection {
                received,
                summary: raw_o.summary.clone(),
                resolution,
                replied,
                answer,
                outcome,
            });
        }
    }
    for topic in &raw.topics {
        if !is_valid_id(topic.get_ref()) {
            cx.error(
                "unknown-ref",
                topic,
                crate::tr!("\"{name}\" is not a topic id", "“{name}”不是议题的 id"; name = topic.get_ref()),
                crate::tr!("a topic id is the file name of content/topics/<id>.md without .md", "议题的 id 是 content/topics/<id>.md 的文件名，不含 .md"),
            );
            ok = false;
        }
    }
    let start = start?;
    let parties = raw.parties.as_ref().map(|p| Parties {
        organiser: p.organiser.clone(),
        stakeholders: p.stakeholders.clone(),
        third: p.third.clone(),
    });
    let meeting = Meeting {
        id: entry.id.clone(),
        path: entry.file.path.clone(),
        title: raw.title.clone(),
        kind: raw.kind.get_ref().clone(),
        start,
        place: raw.place.clone(),
        unrecorded,
        unit,
        advisory: raw.advisory,
        issued_by,
        host: raw.host.clone(),
        recorder: raw.recorder.clone(),
        topics: raw.topics.iter().map(|t| t.get_ref().clone()).collect(),
        notified,
        published,
        expected,
        present,
        absent: raw.absent.clone(),
        attendees: raw.attendees.clone(),
        sign_in: raw
            .sign_in
            .as_ref()
            .map(|s| super::values::attachment_path(s.get_ref()).to_string()),
        cancelled: raw.cancelled.clone().filter(|c| !c.trim().is_empty()),
        parties: parties.unwrap_or_default(),
        resolutions,
        objections,
        body: entry.body_text().to_string(),
        body_offset: entry.body.start,
    };
    ok.then_some((raw, meeting))
}

/// The moment a meeting starts: a date and time; a date alone when the source gives no hour
/// and `unrecorded` lists `time` (15.2), read as the start of that day.
fn meeting_start(
    cx: &mut Ctx,
    v: &Spanned<Datetime>,
    time_unrecorded: bool,
    tz: chrono::FixedOffset,
) -> Option<chrono::NaiveDateTime> {
    let dt = v.get_ref();
    match (dt.date, dt.time, time_unrecorded) {
        (Some(_), None, true) => cx.date(v).map(|d| d.and_time(chrono::NaiveTime::MIN)),
        (Some(_), Some(_), true) => {
            cx.error(
                "unrecorded",
                v,
                crate::tr!(
                    "start has a time, but unrecorded says the source does not state it",
                    "start 写了时刻，但 unrecorded 又说原记录未载明时刻"
                ),
                crate::tr!(
                    "keep the time the record gives and remove \"time\" from unrecorded",
                    "保留原记录写明的时刻，并从 unrecorded 里删去 \"time\""
                ),
            );
            None
        }
        (Some(_), None, false) => {
            cx.error(
                "type",
                v,
                crate::tr!(
                    "start {dt} has no time",
                    "开始时间 {dt} 没有写几点几分"
                ),
                crate::tr!(
                    "write the start as date T time (2025-04-18T09:00:00); if the record gives the day alone, write unrecorded = [\"time\"] — never invent an hour",
                    "写成 日期T时间（如 2025-04-18T09:00:00）；原记录只写了日期的，写 unrecorded = [\"time\"]，不要编造时刻"
                ),
            );
            None
        }
        _ => datetime(cx, v, tz),
    }
}

/// A unit among `allowed` (人, 户, 业主), or an error at the value.
fn unit_of(cx: &mut Ctx, v: &Spanned<String>, allowed: &[Unit]) -> Option<Unit> {
    let found = allowed.iter().copied().find(|u| u.label() == v.get_ref());
    if found.is_none() {
        let labels: Vec<&str> = allowed.iter().map(|u| u.label()).collect();
        cx.choice(v, "unit", &labels);
    }
    found
}

/// One resolution as written: its counts, roll call, declared outcome or owners' figures,
/// each checked against the others (15.1, 15.4) and against the meeting's attendance.
fn resolution_from(
    cx: &mut Ctx,
    r: &Spanned<RawResolution>,
    meeting_unit: Unit,
    rules: &Rules,
    (expected, present): (Option<u64>, Option<u64>),
    day: Option<NaiveDate>,
) -> Option<Resolution> {
    let res = r.get_ref();
    let mut ok = true;
    let listed = cx.unrecorded(&res.unrecorded, &["method"]);
    ok &= listed.len() == res.unrecorded.len();
    let method_unrecorded = listed.contains(&"method");
    if method_unrecorded && let Some(m) = &res.method {
        ok &= cx.listed_but_given(m, "method");
    }
    let declared = match &res.declared {
        Some(v) => {
            let found = Declared::ALL
                .iter()
                .find(|(_, l)| l == v.get_ref())
                .map(|(d, _)| *d);
            if found.is_none() {
                let allowed: Vec<&str> = Declared::ALL.iter().map(|(_, l)| *l).collect();
                cx.choice(v, "declared", &allowed);
                ok = false;
            }
            found
        }
        None => None,
    };
    let unit = match &res.unit {
        Some(v) => {
            let found = unit_of(cx, v, &[Unit::Person, Unit::Household, Unit::Owner]);
            ok &= found.is_some();
            found.unwrap_or(meeting_unit)
        }
        None => meeting_unit,
    };
    let counts = [&res.yes, &res.no, &res.abstain];
    let has_counts = counts.iter().any(|c| c.is_some());
    let owners = owners_vote(cx, r, unit, &mut ok);
    if owners.is_some() || unit == Unit::Owner {
        // An owners' vote stands alone: no counts, roll call or declared outcome beside it.
        for (field, given) in [
            ("yes", res.yes.as_ref().map(|v| cx.span(v))),
            ("no", res.no.as_ref().map(|v| cx.span(v))),
            ("abstain", res.abstain.as_ref().map(|v| cx.span(v))),
            ("votes", res.votes.as_ref().map(|v| cx.span(v))),
            ("declared", res.declared.as_ref().map(|v| cx.span(v))),
        ] {
            if let Some(span) = given {
                cx.error_at(
                    "owners-vote",
                    span,
                    crate::tr!(
                        "{field} cannot be given beside the owners' figures",
                        "业主共同决定不能同时写 {field}"
                    ),
                    crate::tr!(
                        "an owners' vote is recorded by owners, area, owners_voting, area_voting, owners_yes and area_yes alone",
                        "业主共同决定只写 owners、area、owners_voting、area_voting、owners_yes、area_yes"
                    ),
                );
                ok = false;
            }
        }
    }
    let (tally, roll_call) = match (&res.votes, has_counts) {
        (Some(votes), true) => {
            cx.error("votes", votes, crate::tr!("both counts (yes/no/abstain) and a roll call (votes) are given", "同时写了票数（yes/no/abstain）和记名表决（votes）"), crate::tr!("give either the counts or the roll call; a roll call's counts are the lengths of its lists", "票数和记名表决只写一种；记名表决的票数就是各名单的人数"));
            return None;
        }
        (Some(votes), false) => {
            let v = votes.get_ref();
            let names =
                |list: &Vec<Spanned<String>>| list.iter().map(|n| n.get_ref().clone()).collect();
            let call = RollCall {
                yes: names(&v.yes),
                no: names(&v.no),
                abstain: names(&v.abstain),
            };
            let tally = Tally {
                yes: v.yes.len() as u64,
                no: v.no.len() as u64,
                abstain: v.abstain.len() as u64,
            };
            (Some(tally), Some(call))
        }
        (None, true) => {
            let mut t = Tally::default();
            for (slot, value, name) in [
                (&mut t.yes, &res.yes, "yes"),
                (&mut t.no, &res.no, "no"),
                (&mut t.abstain, &res.abstain, "abstain"),
            ] {
                if let Some(v) = value {
                    match cx.count(v, name) {
                        Some(n) => *slot = n,
                        None => ok = false,
                    }
                }
            }
            (Some(t), None)
        }
        (None, false) => (None, None),
    };
    if tally.is_none() && res.declared.is_none() && unit != Unit::Owner {
        cx.error(
            "missing-field",
            r,
            crate::tr!("resolution has no result: give yes, no and abstain, a roll call (votes), or the outcome the record declares (declared)", "这条决议没有表决结果：写上 yes、no、abstain，或记名表决 votes，或会议宣布的结果 declared"),
            crate::tr!("for example yes = 17, no = 2, abstain = 2; when the record gives no counts, declared = \"通过\" — never invent counts", "例如 yes = 17, no = 2, abstain = 2；原记录没有票数的，写 declared = \"通过\"，不要编造票数"),
        );
        ok = false;
    }
    if declared.is_some() && res.method.is_none() && !method_unrecorded && unit != Unit::Owner {
        cx.error(
            "missing-field",
            r,
            crate::tr!("a declared outcome needs the method it was taken by", "写了 declared（宣布的结果），还要写 method（表决方式）"),
            crate::tr!("add method = \"举手表决\" (or as the record says); if the record does not say, write unrecorded = [\"method\"]", "加上 method = \"举手表决\"（按原记录写）；原记录没有写的，写 unrecorded = [\"method\"]"),
        );
        ok = false;
    }
    // A declared outcome agrees with counts (15.1) and with the quorum.
    if let (Some(d), Some(v)) = (declared, &res.declared) {
        let quorum = match (expected, present) {
            (Some(e), Some(p)) => Some(crate::facts::quorum_met(p, e, rules.quorum)),
            _ => None,
        };
        match tally {
            Some(t) => {
                let carried = match (expected, present) {
                    (Some(e), Some(p)) => {
                        crate::facts::resolution_outcome(e, p, t, rules.quorum, rules.majority_of)
                            .passed
                    }
                    _ => crate::facts::cast_majority(t).passed,
                }
                .unwrap_or(false);
                if !crate::facts::declared_agrees(d, carried) {
                    let word = d.label();
                    let counted = if carried { "通过" } else { "未通过" };
                    cx.error(
                        "declared",
                        v,
                        crate::tr!(
                            "declared \"{word}\" does not agree with the counts, by which the vote {counted_en}",
                            "declared 写的是“{word}”，但按票数计算，表决{counted}";
                            counted_en = if carried { "carried" } else { "did not carry" }
                        ),
                        crate::tr!(
                            "check the counts against the record; 暂缓 is written without counts",
                            "对照原记录核对票数；“暂缓”不写票数"
                        ),
                    );
                    ok = false;
                }
            }
            None if d == Declared::Passed && quorum == Some(false) => {
                let (e, p) = (expected.unwrap_or(0), present.unwrap_or(0));
                let q = rules.quorum;
                cx.error(
                    "declared",
                    v,
                    crate::tr!(
                        "declared \"通过\", but {p} of {e} expected were present, short of the {n}/{d} quorum",
                        "declared 写的是“通过”，但应到 {e} 人、实到 {p} 人，不足 {n}/{d}，未达到法定人数";
                        n = q.num,
                        d = q.den
                    ),
                    crate::tr!(
                        "the record contradicts itself: check expected and present against the sign-in sheet",
                        "原记录自相矛盾：对照签到簿核对 expected 和 present"
                    ),
                );
                ok = false;
            }
            None => {}
        }
    }
    let revoked = revocation(cx, r, day, &mut ok);
    ok.then(|| Resolution {
        topic: res.topic.as_ref().map(|t| t.get_ref().clone()),
        text: res.text.clone(),
        method: res.method.as_ref().map(|m| m.get_ref().clone()),
        method_unrecorded,
        tally: if owners.is_some() { None } else { tally },
        declared,
        unit,
        owners,
        roll_call,
        revoked,
    })
}

/// The owners' figures of a resolution (15.4), checked; None when it is not an owners'
/// vote or a figure is wrong (then `ok` is cleared).
fn owners_vote(
    cx: &mut Ctx,
    r: &Spanned<RawResolution>,
    unit: Unit,
    ok: &mut bool,
) -> Option<OwnersVote> {
    let res = r.get_ref();
    let heads = [
        ("owners", &res.owners),
        ("owners_voting", &res.owners_voting),
        ("owners_yes", &res.owners_yes),
    ];
    let areas = [
        ("area", &res.area),
        ("area_voting", &res.area_voting),
        ("area_yes", &res.area_yes),
    ];
    let any = res.matter.is_some()
        || heads.iter().any(|(_, v)| v.is_some())
        || areas.iter().any(|(_, v)| v.is_some());
    if unit != Unit::Owner {
        if any {
            cx.error(
                "owners-vote",
                r,
                crate::tr!(
                    "owners' figures or matter are given, but the resolution's unit is not 业主",
                    "写了业主的表决数字或 matter，但决议的 unit 不是“业主”"
                ),
                crate::tr!(
                    "a decision of a building's owners (民法典 第二百七十八条) carries unit = \"业主\"",
                    "业主共同决定（民法典第二百七十八条）要写 unit = \"业主\""
                ),
            );
            *ok = false;
        }
        return None;
    }
    let mut missing = Vec::new();
    let matter = match &res.matter {
        Some(v) => {
            let found = Matter::ALL
                .iter()
                .find(|(_, l)| l == v.get_ref())
                .map(|(m, _)| *m);
            if found.is_none() {
                let allowed: Vec<&str> = Matter::ALL.iter().map(|(_, l)| *l).collect();
                cx.choice(v, "matter", &allowed);
                *ok = false;
            }
            found
        }
        None => {
            missing.push("matter");
            None
        }
    };
    let mut head = [None; 3];
    for (slot, (name, v)) in head.iter_mut().zip(heads) {
        match v {
            Some(v) => *slot = cx.count(v, name),
            None => missing.push(name),
        }
    }
    let mut area = [None; 3];
    for (slot, (name, v)) in area.iter_mut().zip(areas) {
        match v {
            Some(v) => *slot = cx.area(v, name),
            None => missing.push(name),
        }
    }
    if !missing.is_empty() {
        let list = missing.join(", ");
        cx.error(
            "missing-field",
            r,
            crate::tr!(
                "an owners' vote needs matter and all six figures; missing: {list}",
                "业主共同决定要写 matter 和六个数字；缺少：{list}"
            ),
            crate::tr!(
                "write owners and area (all owners of the building), owners_voting and area_voting (those who took part), owners_yes and area_yes (those in favour)",
                "写 owners、area（全体业主人数和专有面积），owners_voting、area_voting（参与表决的），owners_yes、area_yes（同意的）"
            ),
        );
        *ok = false;
    }
    let ([Some(owners), Some(owners_voting), Some(owners_yes)], [Some(a), Some(av), Some(ay)]) =
        (head, area)
    else {
        *ok = false;
        return None;
    };
    let matter = matter?;
    let mut fine = true;
    let span_of = |v: &Option<Spanned<i64>>| v.as_ref().map(|v| v.span());
    let aspan = |v: &Option<Spanned<toml::Value>>| v.as_ref().map(|v| v.span());
    let checks: [(
        bool,
        Option<std::ops::Range<usize>>,
        crate::diagnostics::Text,
    ); 6] = [
        (
            owners == 0,
            span_of(&res.owners),
            crate::tr!(
                "owners must be more than 0",
                "owners（业主总人数）必须大于 0"
            ),
        ),
        (
            a.0 == 0,
            aspan(&res.area),
            crate::tr!(
                "area must be more than 0",
                "area（专有部分总面积）必须大于 0"
            ),
        ),
        (
            owners_voting > owners,
            span_of(&res.owners_voting),
            crate::tr!(
                "owners_voting ({owners_voting}) is more than owners ({owners})",
                "参与表决的业主人数（{owners_voting}）多于业主总人数（{owners}）"
            ),
        ),
        (
            av > a,
            aspan(&res.area_voting),
            crate::tr!(
                "area_voting is more than area",
                "参与表决的面积（area_voting）大于总面积（area）"
            ),
        ),
        (
            owners_yes > owners_voting,
            span_of(&res.owners_yes),
            crate::tr!(
                "owners_yes ({owners_yes}) is more than owners_voting ({owners_voting})",
                "同意的业主人数（{owners_yes}）多于参与表决的人数（{owners_voting}）"
            ),
        ),
        (
            ay > av,
            aspan(&res.area_yes),
            crate::tr!(
                "area_yes is more than area_voting",
                "同意的面积（area_yes）大于参与表决的面积（area_voting）"
            ),
        ),
    ];
    for (wrong, span, message) in checks {
        if wrong {
            let span = span.map_or_else(|| cx.span(r), |s| cx.base + s.start..cx.base + s.end);
            cx.error_at(
                "owners-vote",
                span,
                message,
                crate::tr!(
                    "check the figures against the record of the owners' vote",
                    "对照业主表决的记录核对这些数字"
                ),
            );
            fine = false;
        }
    }
    if !fine {
        *ok = false;
        return None;
    }
    Some(OwnersVote {
        matter,
        owners,
        area: a,
        owners_voting,
        area_voting: av,
        owners_yes,
        area_yes: ay,
    })
}

/// The revocation of a resolution (13.5): its date, body and reason together, or none.
fn revocation(
    cx: &mut Ctx,
    r: &Spanned<RawResolution>,
    day: Option<NaiveDate>,
    ok: &mut bool,
) -> Option<Revocation> {
    let res = r.get_ref();
    let revoked_date = res.revoked.as_ref().and_then(|v| cx.date(v));
    *ok &= res.revoked.is_none() || revoked_date.is_some();
    if let (Some(v), Some(date), Some(day)) = (&res.revoked, revoked_date, day) {
        *ok &= cx.not_before(
            v,
            (date, crate::tr!("the revocation date", "撤销日期")),
            (day, crate::tr!("the meeting", "会议日期")),
        );
    }
    let by = res.revoked_by.clone().filter(|s| !s.trim().is_empty());
    let reason = res.revoked_reason.clone().filter(|s| !s.trim().is_empty());
    match (revoked_date, by, reason) {
        (Some(date), Some(by), Some(reason)) => Some(Revocation { date, by, reason }),
        (None, None, None) => None,
        (date, by, reason) => {
            if res.revoked.is_none() || date.is_some() {
                let missing: Vec<&str> = [
                    ("revoked", date.is_none()),
                    ("revoked_by", by.is_none()),
                    ("revoked_reason", reason.is_none()),
                ]
                .iter()
                .filter(|(_, m)| *m)
                .map(|(f, _)| *f)
                .collect();
                let missing = missing.join(", ");
                cx.error(
                    "missing-field",
                    r,
                    crate::tr!(
                        "a revoked resolution needs revoked, revoked_by and revoked_reason together; missing: {missing}",
                        "撤销的决议要同时写 revoked（日期）、revoked_by（撤销机关）和 revoked_reason（理由）；缺少：{missing}"
                    ),
                    crate::tr!(
                        "residents see who set it aside and why",
                        "居民要看到是谁撤销的、为什么撤销"
                    ),
                );
            }
            *ok = false;
            None
        }
    }
}

/// Checks of a meeting that need today, the council and the known topics.
pub(super) fn check_meeting(
    raw: &RawMeeting,
    meeting: &Meeting,
    entry: &RawEntry,
    today: NaiveDate,
    members: &BTreeSet<&str>,
    diags: &mut Vec<Diagnostic>,
) -> bool {
    let mut cx = Ctx {
        file: &entry.file,
        base: entry.front.start,
        diags,
    };
    let mut ok = true;
    // What happens after a meeting is recorded after it happened (spec 13.2, 13.5).
    for o in &raw.objections {
        let o = o.get_ref();
        if let Some(d) = cx.date(&o.received) {
            ok &= cx.not_after_today(
                &o.received,
                d,
                today,
                crate::tr!("received", "收到异议的日期"),
            );
        }
        if let Some(v) = &o.replied
            && let Some(d) = cx.date(v)
        {
            ok &= cx.not_after_today(v, d, today, crate::tr!("replied", "答复日期"));
        }
    }
    for r in &raw.resolutions {
        if let Some(v) = &r.get_ref().revoked
            && let Some(d) = cx.date(v)
        {
            ok &= cx.not_after_today(v, d, today, crate::tr!("revoked", "撤销日期"));
        }
    }
    let upcoming = meeting.start.date() > today;
    // What a source may leave out depends on whether the meeting took place (15.2).
    for name in &raw.unrecorded {
        let n = name.get_ref().as_str();
        let refused = if meeting.cancelled.is_some() {
            Some(crate::tr!(
                "a cancelled meeting has no record to leave things out of",
                "已取消的会议没有会议记录，不能写 unrecorded"
            ))
        } else if upcoming && n != "time" {
            Some(crate::tr!(
                "an upcoming meeting may list only time as unrecorded",
                "尚未召开的会议，unrecorded 只能列 time"
            ))
        } else {
            None
        };
        if let Some(message) = refused {
            cx.error(
                "unrecorded",
                name,
                message,
                crate::tr!(
                    "remove \"{n}\" from unrecorded",
                    "从 unrecorded 里删去 \"{n}\""
                ),
            );
            ok = false;
        }
    }
    let cancelled = meeting.cancelled.is_some();
    if upcoming || cancelled {
        let (why, why_zh) = if cancelled {
            ("a cancelled meeting", "已取消的会议")
        } else {
            (
                "an upcoming meeting (it starts after today)",
                "尚未召开的会议（开始时间在今天之后）",
            )
        };
        let hint = if cancelled {
            crate::tr!(
                "a meeting that did not take place has no results; remove these fields or the cancelled reason",
                "没有召开的会议没有结果；删去这些字段，或删去取消原因"
            )
        } else {
            crate::tr!(
                "results are recorded after the meeting; check the start date, or build with --today",
                "结果在会后记录；检查开始时间，或用 --today 指定今天"
            )
        };
        if let Some(p) = &raw.present {
            cx.error(
                "upcoming-results",
                p,
                crate::tr!(
                    "{why} cannot have present",
                    "{why_zh}不能有 present（实到人数）"
                ),
                hint.clone(),
            );
            ok = false;
        }
        if let Some(p) = &raw.published {
            cx.error(
                "upcoming-results",
                p,
                crate::tr!(
                    "{why} cannot have published",
                    "{why_zh}不能有 published（公示日期）"
                ),
                hint.clone(),
            );
            ok = false;
        }
        if let Some(r) = raw.resolutions.first() {
            cx.error(
                "upcoming-results",
                r,
                crate::tr!("{why} cannot have resolutions", "{why_zh}不能有决议"),
                hint,
            );
            ok = false;
        }
        return ok;
    }
    // Held. Without expected or present the record is pending (spec 13.1): a warning that
    // time brings (timeliness_warnings), never an error — unless it has resolutions, whose
    // votes cannot be checked without attendance.
    // Owners' votes need no attendance counts (15.4); a count the source does not give is
    // listed in `unrecorded` (15.2), and then a vote needs its declared outcome, a roll
    // call or owners' figures.
    let voted = raw
        .resolutions
        .iter()
        .zip(&meeting.resolutions)
        .find(|(_, r)| r.owners.is_none());
    if let Some((first, _)) = voted {
        let span = cx.span(first);
        let u = meeting.unrecorded;
        if u.expected || u.present {
            for (raw_r, r) in raw.resolutions.iter().zip(&meeting.resolutions) {
                let plain_counts = r.roll_call.is_none() && r.tally.is_some();
                if r.owners.is_none() && plain_counts && r.declared.is_none() {
                    cx.error(
                        "declared",
                        raw_r,
                        crate::tr!(
                            "the record gives no attendance, so these counts cannot be checked against a quorum",
                            "原记录未载明到会人数，这些票数无法按法定人数核对"
                        ),
                        crate::tr!(
                            "write the outcome the record declares (declared = \"通过\", \"未通过\" or \"暂缓\") beside the counts, or give the roll call (votes)",
                            "在票数旁写上会议宣布的结果（declared = \"通过\"、\"未通过\" 或 \"暂缓\"），或写记名表决 votes"
                        ),
                    );
                    ok = false;
                }
            }
        }
        if raw.expected.is_none() && !u.expected {
            cx.error_at(
                "missing-field",
                span.clone(),
                crate::tr!("a meeting with resolutions needs expected (应到人数)", "有决议的会议必须写 expected（应到人数）"),
                crate::tr!("add expected = N, the number of people who should attend; if the record does not say, write unrecorded = [\"expected\"] — never invent a count", "加上 expected = 应到人数；原记录没有写的，写 unrecorded = [\"expected\"]，不要编造人数"),
            );
            ok = false;
        }
        if raw.present.is_none() && !u.present {
            cx.error_at(
                "missing-field",
                span,
                crate::tr!(
                    "a meeting with resolutions needs present (实到人数)",
                    "有决议的会议必须写 present（实到人数）"
                ),
                crate::tr!(
                    "add present = N, the number who attended; if the record does not say, write unrecorded = [\"present\"] — never invent a count",
                    "加上 present = 实到人数；原记录没有写的，写 unrecorded = [\"present\"]，不要编造人数"
                ),
            );
            ok = false;
        }
    }
    if let (Some(e), Some(p), Some(ps)) = (meeting.expected, meeting.present, &raw.present)
        && p > e
    {
        cx.error(
            "count",
            ps,
            crate::tr!(
                "present ({p}) is more than expected ({e})",
                "实到人数（{p}）多于应到人数（{e}）"
            ),
            crate::tr!(
                "non-members who attended go in attendees, not in present",
                "列席的非委员写在 attendees 里，不计入 present"
            ),
        );
        ok = false;
    }
    if meeting.expected == Some(0)
        && let Some(e) = &raw.expected
    {
        cx.error(
            "count",
            e,
            crate::tr!(
                "expected is 0: a held meeting expects at least one participant",
                "应到人数是 0：召开的会议至少应有一人参加"
            ),
            crate::tr!(
                "write the number of people who should attend (应到)",
                "写应到会的人数"
            ),
        );
        ok = false;
    }
    let several = meeting.topics.len() > 1;
    // An attendee is written "role name" (物业经理 孙七): either the whole entry or its
    // last word may appear in a roll call.
    let attendee_names: BTreeSet<&str> = meeting
        .attendees
        .iter()
        .flat_map(|a| [a.as_str(), a.split_whitespace().last().unwrap_or(a)])
        .collect();
    for (raw_r, r) in raw.resolutions.iter().zip(&meeting.resolutions) {
        let t = r.tally.unwrap_or_default();
        let cast = t.yes.saturating_add(t.no).saturating_add(t.abstain);
        if let Some(p) = meeting.present
            && cast > p
        {
            cx.error(
                "count",
                raw_r,
                crate::tr!(
                    "yes + no + abstain = {cast}, more than present ({p})",
                    "赞成 + 反对 + 弃权 = {cast}，多于实到人数（{p}）"
                ),
                crate::tr!("only people present can vote", "只有到会的人可以表决"),
            );
            ok = false;
        }
        if several && r.topic.is_none() {
            cx.error(
                "missing-field",
                raw_r,
                crate::tr!("this meeting has several topics: the resolution must name its topic", "这次会议有多个议题：每条决议要写明所属议题"),
                crate::tr!("add topic = \"…\", one of {topics}", "加上 topic = \"…\"，从这些议题中选：{topics}"; topics = meeting.topics.join(", ")),
            );
            ok = false;
        }
        if let Some(votes) = &raw_r.get_ref().votes {
            let v = votes.get_ref();
            let mut seen = BTreeSet::new();
            for name in v.yes.iter().chain(&v.no).chain(&v.abstain) {
                let n = name.get_ref();
                if !members.contains(n.as_str()) && !attendee_names.contains(n.as_str()) {
                    cx.error("roll-call", name, crate::tr!("\"{n}\" in the roll call is neither a council member nor a listed attendee", "记名表决中的“{n}”既不是议事委员会委员，也不在列席名单里"), crate::tr!("names must match council.toml members or this meeting's attendees exactly", "名字要和 council.toml 的委员或本次会议 attendees 完全一致"));
                    ok = false;
                } else if !seen.insert(n.clone()) {
                    cx.error(
                        "roll-call",
                        name,
                        crate::tr!(
                            "\"{n}\" votes twice in the roll call",
                            "“{n}”在记名表决中出现了两次"
                        ),
                        crate::tr!("each person votes once", "每人只能投一次"),
                    );
                    ok = false;
                }
            }
        }
    }
    ok
}

/// The staff warnings about one meeting that need only it, the rules and today (section
/// 7): its record pending, its results published late, short notice, an objection
/// unanswered.
pub(super) fn timeliness(
    file: &SourceFile,
    meeting: &Meeting,
    rules: &Rules,
    today: NaiveDate,
) -> Vec<Diagnostic> {
    let locate = |needle: &str| line_of(file, needle);
    let mut out = Vec::new();
    let meeting_facts = crate::facts::meeting_facts(meeting, rules, today);
    if meeting_facts.record_pending {
        let due = meeting_facts
            .publish_deadline
            .map(|d| d.to_string())
            .unwrap_or_default();
        let (missing, missing_zh) = match (meeting.expected, meeting.present) {
            (None, None) => ("expected and present (应到、实到人数)", "应到、实到人数"),
            (None, Some(_)) => ("expected (应到人数)", "应到人数"),
            _ => ("present (实到人数)", "实到人数"),
        };
        let (when, when_zh) = if meeting_facts.late == Some(true) {
            ("was due", "应在")
        } else {
            ("is due", "应于")
        };
        let date = meeting.start.date();
        let message = if date == today {
            crate::tr!(
                "the meeting takes place today ({date}); its record (missing {missing}) is due by {due}",
                "会议今天（{date}）召开，会议记录（缺少{missing_zh}）应于 {due} 前补录"
            )
        } else {
            crate::tr!(
                "the meeting took place on {date}; its record (missing {missing}) {when} by {due}",
                "会议已于 {date} 召开，会议记录（缺少{missing_zh}）{when_zh} {due} 前补录"
            )
        };
        out.push(
            Diagnostic::at(
                Severity::Warning,
                "record-pending",
                file,
                locate("start"),
                message,
            )
            .with_hint(crate::tr!("write the record: add expected = N and present = N, the minutes and any resolutions; if the meeting did not take place, set cancelled = \"reason\". Until then the site says the record is still to come", "补写会议记录：加上 expected = 应到人数、present = 实到人数、会议记录和决议；如果会议没有召开，写 cancelled = \"原因\"。补录之前，网站会告诉居民记录待补")),
        );
    } else if meeting_facts.late == Some(true) {
        let deadline = meeting_facts
            .publish_deadline
            .map(|d| d.to_string())
            .unwrap_or_default();
        let days = rules.publish_within_days;
        let (needle, message) = match meeting.published {
            Some(p) => (
                "published",
                crate::tr!(
                    "results published {p}, after the deadline {deadline} ({days} days after the meeting)",
                    "结果于 {p} 公示，晚于期限 {deadline}（会后 {days} 天内）"
                ),
            ),
            None => (
                "start",
                crate::tr!(
                    "results not yet published; the deadline was {deadline}",
                    "结果尚未公示；公示期限是 {deadline}"
                ),
            ),
        };
        out.push(Diagnostic::at(Severity::Warning, "late-publication", file, locate(needle), message).with_hint(crate::tr!("post the results on the board and record the date in published = YYYY-MM-DD; the site shows residents that it was late", "在公示栏张贴结果，并写上 published = 公示日期；网站会如实告诉居民公示晚了")));
    }
    if meeting_facts.short_notice
        && let Some(n) = meeting.notified
    {
        let days = rules.notice_days;
        out.push(Diagnostic::at(Severity::Warning, "short-notice", file, locate("notified"), crate::tr!("participants were told on {n}, fewer than {days} days before the meeting", "{n} 才告知参会人员，距会议不足 {days} 天")).with_hint(crate::tr!("the rules ask for notice at least notice_days before; the site shows residents the short notice", "议事规则要求至少提前 notice_days 天告知；网站会如实告诉居民告知时间不足")));
    }
    for o in &meeting.objections {
        let f = crate::facts::objection_facts(
            o,
            meeting_facts.objection_deadline,
            rules.reply_days,
            today,
        );
        if f.reply_overdue {
            let (received, due) = (o.received, f.reply_due);
            out.push(
                Diagnostic::at(
                    Severity::Warning,
                    "objection-unanswered",
                    file,
                    locate(&format!("received = {received}")),
                    crate::tr!(
                        "the objection received {received} is not answered; the answer was due {due}",
                        "{received} 收到的异议还没有答复；应在 {due} 前答复"
                    ),
                )
                .with_hint(crate::tr!(
                    "explain to the residents who objected, then record replied and answer; the site shows residents the objection is waiting",
                    "向提出异议的居民解释说明，然后写上 replied 和 answer；网站会如实告诉居民异议在等待答复"
                )),
            );
        }
    }
    out
}
