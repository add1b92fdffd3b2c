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
    Meeting, Objection, ObjectionOutcome, Parties, Resolution, Revocation, RollCall, Rules, Site,
    Tally,
};

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawMeeting {
    /// 标题
    pub(super) title: String,
    /// 会议类型（见 meeting_kinds）
    #[schemars(with = "String")]
    pub(super) kind: Spanned<String>,
    /// 开始时间，如 2025-04-18T09:00:00
    #[schemars(with = "String")]
    pub(super) start: Spanned<Datetime>,
    /// 地点
    pub(super) place: String,
    /// 主持人
    pub(super) host: Option<String>,
    /// 记录人
    pub(super) recorder: Option<String>,
    #[serde(default)]
    /// 协商的议题编号
    #[schemars(with = "Vec<String>")]
    pub(super) topics: Vec<Spanned<String>>,
    /// 告知日期
    #[schemars(with = "Option<String>")]
    pub(super) notified: Option<Spanned<Datetime>>,
    /// 结果公示日期
    #[schemars(with = "Option<String>")]
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
    #[schemars(with = "Option<String>")]
    pub(super) sign_in: Option<Spanned<String>>,
    /// 取消原因；填写后会议不算召开
    pub(super) cancelled: Option<String>,
    /// Read by `is_draft` before parsing; declared so that the field is known.
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

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawObjection {
    /// 收到异议的日期
    #[schemars(with = "String")]
    pub(super) received: Spanned<Datetime>,
    /// 异议内容（不写姓名和联系方式）
    pub(super) summary: String,
    /// 针对第几条决议（从 1 起）
    #[schemars(with = "Option<i64>")]
    pub(super) resolution: Option<Spanned<i64>>,
    /// 答复日期
    #[schemars(with = "Option<String>")]
    pub(super) replied: Option<Spanned<Datetime>>,
    /// 答复内容（与 replied 一起写）
    pub(super) answer: Option<String>,
    /// 处理结果：维持、修改 或 再协商
    #[schemars(with = "Option<String>")]
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
    #[schemars(with = "Option<String>")]
    pub(super) topic: Option<Spanned<String>>,
    /// 决议内容
    pub(super) text: String,
    /// 表决方式：举手表决、投票表决、一对一表决
    #[schemars(with = "Option<String>")]
    pub(super) method: Option<Spanned<String>>,
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
    #[schemars(with = "Option<String>")]
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
    #[schemars(with = "Vec<String>")]
    pub(super) yes: Vec<Spanned<String>>,
    #[serde(default)]
    /// 反对
    #[schemars(with = "Vec<String>")]
    pub(super) no: Vec<Spanned<String>>,
    #[serde(default)]
    /// 弃权
    #[schemars(with = "Vec<String>")]
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
    let start = datetime(&mut cx, &raw.start, site.timezone);
    let notified = raw.notified.as_ref().and_then(|d| cx.date(d));
    let published = raw.published.as_ref().and_then(|d| cx.date(d));
    ok &= raw.notified.is_none() || notified.is_some();
    ok &= raw.published.is_none() || published.is_some();
    let expected = raw.expected.as_ref().and_then(|v| cx.count(v, "expected"));
    let present = raw.present.as_ref().and_then(|v| cx.count(v, "present"));
    ok &= raw.expected.is_none() || expected.is_some();
    ok &= raw.present.is_none() || present.is_some();
    let mut resolutions = Vec::new();
    for r in &raw.resolutions {
        let res = r.get_ref();
        let methods: Vec<String> = METHODS.iter().map(|s| s.to_string()).collect();
        if let Some(m) = &res.method {
            ok &= cx.vocabulary(m, "method", &methods);
        }
        let counts = [&res.yes, &res.no, &res.abstain];
        let (tally, roll_call) = match (&res.votes, counts.iter().any(|c| c.is_some())) {
            (Some(votes), true) => {
                cx.error("votes", votes, crate::tr!("both counts (yes/no/abstain) and a roll call (votes) are given", "同时写了票数（yes/no/abstain）和记名表决（votes）"), crate::tr!("give either the counts or the roll call; a roll call's counts are the lengths of its lists", "票数和记名表决只写一种；记名表决的票数就是各名单的人数"));
                ok = false;
                continue;
            }
            (Some(votes), false) => {
                let v = votes.get_ref();
                let names = |list: &Vec<Spanned<String>>| {
                    list.iter().map(|n| n.get_ref().clone()).collect::<Vec<_>>()
                };
                let call = RollCall {
                    yes: names(&v.yes),
                    no: names(&v.no),
                    abstain: names(&v.abstain),
                };
                (
                    Tally {
                        yes: v.yes.len() as u64,
                        no: v.no.len() as u64,
                        abstain: v.abstain.len() as u64,
                    },
                    Some(call),
                )
            }
            (None, _) => {
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
                if res.yes.is_none() && res.no.is_none() && res.abstain.is_none() {
                    cx.error(
                        "missing-field",
                        r,
                        crate::tr!("resolution has no vote: give yes, no and abstain, or a roll call (votes)", "这条决议没有表决情况：写上 yes、no、abstain，或记名表决 votes"),
                        crate::tr!("for example yes = 17, no = 2, abstain = 2", "例如 yes = 17, no = 2, abstain = 2"),
                    );
                    ok = false;
                }
                (t, None)
            }
        };
        let revoked_date = res.revoked.as_ref().and_then(|v| cx.date(v));
        ok &= res.revoked.is_none() || revoked_date.is_some();
        let by = res.revoked_by.clone().filter(|s| !s.trim().is_empty());
        let reason = res.revoked_reason.clone().filter(|s| !s.trim().is_empty());
        let revoked = match (revoked_date, by, reason) {
            (Some(date), Some(by), Some(reason)) => {
                if let (Some(v), Some(start)) = (&res.revoked, start) {
                    ok &= cx.not_before(
                        v,
                        (date, crate::tr!("the revocation date", "撤销日期")),
                        (start.date(), crate::tr!("the meeting", "会议日期")),
                    );
                }
                Some(Revocation { date, by, reason })
            }
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
                ok = false;
                None
            }
        };
        resolutions.push(Resolution {
            topic: res.topic.as_ref().map(|t| t.get_ref().clone()),
            text: res.text.clone(),
            method: res.method.as_ref().map(|m| m.get_ref().clone()),
            tally,
            roll_call,
            revoked,
        });
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
        host: raw.host.clone(),
        recorder: raw.recorder.clone(),
        topics: raw.topics.iter().map(|t| t.get_ref().clone()).collect(),
        notified,
        published,
        expected,
        present,
        absent: raw.absent.clone(),
        attendees: raw.attendees.clone(),
        sign_in: raw.sign_in.as_ref().map(|s| s.get_ref().clone()),
        cancelled: raw.cancelled.clone().filter(|c| !c.trim().is_empty()),
        parties: parties.unwrap_or_default(),
        resolutions,
        objections,
        body: entry.body_text().to_string(),
        body_offset: entry.body.start,
    };
    ok.then_some((raw, meeting))
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
    if let Some(first) = raw.resolutions.first() {
        let span = cx.span(first);
        if raw.expected.is_none() {
            cx.error_at(
                "missing-field",
                span.clone(),
                crate::tr!("a meeting with resolutions needs expected (应到人数)", "有决议的会议必须写 expected（应到人数）"),
                crate::tr!("add expected = N, the number of people who should attend: a vote cannot be checked without it", "加上 expected = 人数：没有应到人数，表决无法核对"),
            );
            ok = false;
        }
        if raw.present.is_none() {
            cx.error_at(
                "missing-field",
                span,
                crate::tr!(
                    "a meeting with resolutions needs present (实到人数)",
                    "有决议的会议必须写 present（实到人数）"
                ),
                crate::tr!(
                    "add present = N, the number who attended: a vote cannot be checked without it",
                    "加上 present = 人数：没有实到人数，表决无法核对"
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
        let cast = r
            .tally
            .yes
            .saturating_add(r.tally.no)
            .saturating_add(r.tally.abstain);
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
        let (when, when_zh) = if meeting_facts.late {
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
    } else if meeting_facts.late {
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
